//! `storyline eval cluster --dataset ecbplus DIR [--topics dev|train|all] [--shuffle SEED]
//! [--embeddings MODEL_DIR [--embedding-weight W[,W...]]]`: the online clusterer over the ECB+
//! documents of the chosen topics as one stream (ordered by file name, or shuffled with a seed),
//! scored against the (topic, ecb|ecbplus) label with BCubed precision / recall / F1 and the
//! adjusted Rand index. With embeddings (the `embeddings` feature), each document's title and
//! lead are embedded once and mixed into every similarity at each weight asked for.

use crate::ecbplus::{self, EcbDoc};
use crate::metrics::Prf;
use crate::{Error, Options, Report, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Sentence embeddings for `eval cluster`: the model folder (see `scripts/setup-embeddings.sh`)
/// and the weights ([`cluster::Config::embedding_weight`]) to score, one run each.
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    pub model: PathBuf,
    pub weights: Vec<f32>,
}

/// The weight used when `--embeddings` is given without `--embedding-weight`: the best of
/// 0.1, 0.2, 0.3, 0.5 and 0.7 on the ECB+ train topics (all of them scored below no embeddings
/// there, 0.1 the least).
pub const DEFAULT_EMBEDDING_WEIGHT: f32 = 0.1;

/// Longest text (in bytes) handed to the embedder: more than its 256 word pieces take.
const EMBED_TEXT_BYTES: usize = 2000;

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    run_with(dir, opts, None)
}

/// [`run`], with sentence embeddings mixed in when `embeddings` is given.
pub fn run_with(dir: &Path, opts: &Options, embeddings: Option<&Embeddings>) -> Result<Report> {
    if !opts.dataset.is_empty() && opts.dataset != "ecbplus" {
        return Err(Error::Usage(format!(
            "eval cluster knows the dataset ecbplus, not {:?}",
            opts.dataset
        )));
    }
    if let Some(e) = embeddings {
        if let Some(w) = e.weights.iter().find(|w| !(0.0..=1.0).contains(*w)) {
            return Err(Error::Usage(format!(
                "--embedding-weight must be within 0..1, not {w}"
            )));
        }
    }
    let topics = opts.topics.as_deref().unwrap_or("dev");
    let mut docs = ecbplus::load(dir, topics)?;
    if let Some(seed) = opts.shuffle {
        shuffle(&mut docs, seed);
    }
    if let Some(n) = opts.limit {
        docs.truncate(n);
    }
    let articles: Vec<model::Article> = docs.iter().map(EcbDoc::article).collect();
    let (vectors, embed_ms) = match embeddings {
        Some(e) => embed_all(&articles, &e.model)?,
        None => (Vec::new(), 0.0),
    };
    let weights = match embeddings {
        Some(e) if !e.weights.is_empty() => e.weights.clone(),
        Some(_) => vec![DEFAULT_EMBEDDING_WEIGHT],
        None => vec![0.0],
    };
    let gold: Vec<String> = docs.iter().map(EcbDoc::label).collect();
    let labels = gold.iter().collect::<std::collections::BTreeSet<_>>().len();
    let order = match opts.shuffle {
        Some(s) => format!("shuffled, seed {s}"),
        None => "file-name order".to_string(),
    };
    let mut text = format!(
        "ECB+ story clustering, topics {topics} ({order}): {} documents, {labels} gold stories",
        docs.len()
    );
    if embeddings.is_some() {
        let per = if articles.is_empty() {
            0.0
        } else {
            embed_ms / articles.len() as f64
        };
        text.push_str(&format!(
            "\nsentence embeddings: {per:.1} ms per article ({:.1} s in all)\n",
            embed_ms / 1000.0
        ));
    }
    let mut runs = Vec::new();
    for &w in &weights {
        let config = cluster::Config {
            embedding_weight: w,
            ..cluster::Config::default()
        };
        let predicted = cluster_articles(&articles, config, &vectors);
        let b = bcubed(&predicted, &gold);
        let ari = ari(&predicted, &gold);
        let stories = predicted.iter().max().map_or(0, |m| m + 1);
        if embeddings.is_some() {
            text.push_str(&format!("embedding weight {w}: "));
        } else {
            text.push_str(", ");
        }
        text.push_str(&format!(
            "{stories} found\n\
             BCubed precision {:.4}  recall {:.4}  F1 {:.4}\n\
             ARI {:.4}\n",
            b.precision, b.recall, b.f1, ari
        ));
        runs.push(json!({
            "embedding_weight": w,
            "bcubed": {"precision": b.precision, "recall": b.recall, "f1": b.f1},
            "ari": ari,
        }));
    }
    // One run: the flat record as before; several: each weight's under "runs".
    let mut json = json!({"dataset": "ecbplus", "n": docs.len()});
    if let (Some(obj), [one]) = (json.as_object_mut(), runs.as_slice()) {
        if let Some(fields) = one.as_object() {
            for (k, v) in fields {
                if k != "embedding_weight" || embeddings.is_some() {
                    obj.insert(k.clone(), v.clone());
                }
            }
        }
    } else if let Some(obj) = json.as_object_mut() {
        obj.insert("runs".into(), serde_json::Value::Array(runs));
    }
    if embeddings.is_some() {
        if let Some(obj) = json.as_object_mut() {
            let per = embed_ms / articles.len().max(1) as f64;
            obj.insert("embed_ms_per_article".into(), json!(per));
        }
    }
    Ok(Report { text, json })
}

/// What the embedder reads of an article: its title, then its paragraphs (the title again
/// when it opens the body is skipped), cut near `EMBED_TEXT_BYTES` (2,000 bytes) at a character boundary.
pub fn embedding_text(a: &model::Article) -> String {
    let mut out = String::new();
    let title = a.title.as_deref().unwrap_or("").trim();
    out.push_str(title);
    for (i, p) in a.paragraphs.iter().enumerate() {
        if out.len() >= EMBED_TEXT_BYTES {
            break;
        }
        let p = p.trim();
        if p.is_empty() || (i == 0 && p == title) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(p);
    }
    if out.len() > EMBED_TEXT_BYTES {
        let mut end = EMBED_TEXT_BYTES;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

/// Embeds every article once; returns the vectors and the milliseconds spent embedding.
#[cfg(feature = "embeddings")]
fn embed_all(articles: &[model::Article], model_dir: &Path) -> Result<(Vec<Vec<f32>>, f64)> {
    let embedder = embed::Embedder::load(model_dir)
        .map_err(|e| Error::Usage(format!("cannot load the embedding model: {e}")))?;
    let start = std::time::Instant::now();
    let vectors = articles
        .iter()
        .map(|a| embedder.embed(&embedding_text(a)))
        .collect();
    Ok((vectors, start.elapsed().as_secs_f64() * 1000.0))
}

/// Without the `embeddings` feature there is no model to run: a clear usage error.
#[cfg(not(feature = "embeddings"))]
fn embed_all(_: &[model::Article], _: &Path) -> Result<(Vec<Vec<f32>>, f64)> {
    Err(Error::Usage(
        "this storyline was built without sentence embeddings; rebuild with \
         `cargo build --release -p cli --features embeddings` and fetch the model with \
         scripts/setup-embeddings.sh"
            .into(),
    ))
}

/// Streams the documents through one clusterer, each added on arrival with no annotations
/// as the pipeline adds them; returns each one's story at the end (stories merged after an
/// article arrived are followed, as [`cluster::Clusterer::story_of`] does for the pipeline).
pub fn cluster_docs(docs: &[EcbDoc], config: cluster::Config) -> Vec<usize> {
    let articles: Vec<model::Article> = docs.iter().map(EcbDoc::article).collect();
    cluster_articles(&articles, config, &[])
}

/// [`cluster_docs`] over articles, each with its sentence embedding when `embeddings` has one
/// at its index (an empty vector or a short list means none).
pub fn cluster_articles(
    articles: &[model::Article],
    config: cluster::Config,
    embeddings: &[Vec<f32>],
) -> Vec<usize> {
    let mut c = cluster::Clusterer::new(config);
    for (i, a) in articles.iter().enumerate() {
        match embeddings.get(i).filter(|e| !e.is_empty()) {
            Some(e) => {
                let features = cluster::Features {
                    embedding: Some(e.clone()),
                    ..cluster::Features::default()
                };
                c.add_with(a, &features);
            }
            None => {
                c.add(a);
            }
        }
    }
    c.assignments()
}

/// Fisher-Yates with SplitMix64: the same seed gives the same order everywhere.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = SplitMix(seed);
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// SplitMix64, a small deterministic generator.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next 64 random bits. (Named like `Iterator::next` on purpose: other modules call
    /// it; the generator is endless, so an `Iterator` would only add `Option`s.)
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// BCubed precision, recall and F1 of a predicted clustering against gold labels (one entry
/// per item in both).
pub fn bcubed<P: Ord, G: Ord>(predicted: &[P], gold: &[G]) -> Prf {
    let n = predicted.len().min(gold.len());
    if n == 0 {
        return Prf::default();
    }
    // Sizes of predicted clusters, gold classes and their intersections.
    let mut pc: BTreeMap<&P, usize> = BTreeMap::new();
    let mut gc: BTreeMap<&G, usize> = BTreeMap::new();
    let mut both: BTreeMap<(&P, &G), usize> = BTreeMap::new();
    for (p, g) in predicted.iter().zip(gold).take(n) {
        *pc.entry(p).or_default() += 1;
        *gc.entry(g).or_default() += 1;
        *both.entry((p, g)).or_default() += 1;
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for (p, g) in predicted.iter().zip(gold).take(n) {
        let inter = both[&(p, g)] as f64;
        precision += inter / pc[p] as f64;
        recall += inter / gc[g] as f64;
    }
    Prf::from_pr(precision / n as f64, recall / n as f64)
}

/// The adjusted Rand index of a predicted clustering against gold labels.
pub fn ari<P: Ord, G: Ord>(predicted: &[P], gold: &[G]) -> f64 {
    let n = predicted.len().min(gold.len());
    let pairs = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
    let mut pc: BTreeMap<&P, usize> = BTreeMap::new();
    let mut gc: BTreeMap<&G, usize> = BTreeMap::new();
    let mut both: BTreeMap<(&P, &G), usize> = BTreeMap::new();
    for (p, g) in predicted.iter().zip(gold).take(n) {
        *pc.entry(p).or_default() += 1;
        *gc.entry(g).or_default() += 1;
        *both.entry((p, g)).or_default() += 1;
    }
    let index: f64 = both.values().map(|k| pairs(*k)).sum();
    let a: f64 = pc.values().map(|k| pairs(*k)).sum();
    let b: f64 = gc.values().map(|k| pairs(*k)).sum();
    let total = pairs(n);
    if total == 0.0 {
        return 1.0;
    }
    let expected = a * b / total;
    let max = (a + b) / 2.0;
    if (max - expected).abs() < f64::EPSILON {
        return if (index - expected).abs() < f64::EPSILON {
            1.0
        } else {
            0.0
        };
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(predicted: &[u32], gold: &[u32], p: f64, r: f64, ari_want: f64) {
        let b = bcubed(predicted, gold);
        assert!((b.precision - p).abs() < 1e-6, "precision {}", b.precision);
        assert!((b.recall - r).abs() < 1e-6, "recall {}", b.recall);
        let a = ari(predicted, gold);
        assert!((a - ari_want).abs() < 1e-6, "ari {a}");
    }

    #[test]
    fn metrics_on_small_cases() {
        check(&[0, 0, 1, 1], &[5, 5, 6, 6], 1.0, 1.0, 1.0);
        // All in one cluster: precision 0.5, recall 1; ARI 0.
        check(&[0, 0, 0, 0], &[1, 1, 2, 2], 0.5, 1.0, 0.0);
        // All singletons: precision 1, recall 0.5; ARI 0.
        check(&[0, 1, 2, 3], &[1, 1, 2, 2], 1.0, 0.5, 0.0);
        // Enrique Amigó et al.'s style example: {a a b} {b b}.
        check(
            &[0, 0, 0, 1, 1],
            &[1, 1, 2, 2, 2],
            (2.0 / 3.0 * 2.0 + 1.0 / 3.0 + 1.0 + 1.0) / 5.0,
            (1.0 + 1.0 + 1.0 / 3.0 + 2.0 / 3.0 + 2.0 / 3.0) / 5.0,
            // index 1 + 1 = 2; a = 3 + 1 = 4; b = 1 + 3 = 4; total 10; expected 1.6; max 4.
            (2.0 - 1.6) / (4.0 - 1.6),
        );
    }

    fn check_text(title: Option<&str>, paragraphs: &[&str], expected: &str) {
        let mut a = model::Article::new("a", "a");
        a.title = title.map(str::to_string);
        a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        assert_eq!(embedding_text(&a), expected);
    }

    #[test]
    fn embedding_text_is_title_then_lead() {
        check_text(
            Some("Quake hits"),
            &["It struck.", "Five died."],
            "Quake hits\nIt struck.\nFive died.",
        );
        // A title that opens the body is not read twice.
        check_text(
            Some("Quake hits"),
            &["Quake hits", "It struck."],
            "Quake hits\nIt struck.",
        );
        check_text(None, &["", "It struck."], "It struck.");
        // Long text stops near the cap, on a character boundary.
        let long = "é".repeat(EMBED_TEXT_BYTES);
        let got = {
            let mut a = model::Article::new("a", "a");
            a.paragraphs = vec![long.clone(), "never read".into()];
            embedding_text(&a)
        };
        assert!(got.len() <= EMBED_TEXT_BYTES && got.len() >= EMBED_TEXT_BYTES - 1);
        assert!(long.starts_with(&got));
    }

    #[test]
    fn shuffle_is_deterministic() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        shuffle(&mut a, 3);
        shuffle(&mut b, 3);
        assert_eq!(a, b);
        let mut c: Vec<u32> = (0..50).collect();
        shuffle(&mut c, 4);
        assert_ne!(a, c);
    }
}
