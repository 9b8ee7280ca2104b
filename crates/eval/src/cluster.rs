//! `storyline eval cluster --dataset ecbplus DIR [--topics dev|train|all] [--shuffle SEED]`:
//! the online clusterer over the ECB+ documents of the chosen topics as one stream (ordered by
//! file name, or shuffled with a seed), scored against the (topic, ecb|ecbplus) label with
//! BCubed precision / recall / F1 and the adjusted Rand index.

use crate::ecbplus::{self, EcbDoc};
use crate::metrics::Prf;
use crate::{Error, Options, Report, Result};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    if !opts.dataset.is_empty() && opts.dataset != "ecbplus" {
        return Err(Error::Usage(format!(
            "eval cluster knows the dataset ecbplus, not {:?}",
            opts.dataset
        )));
    }
    let topics = opts.topics.as_deref().unwrap_or("dev");
    let mut docs = ecbplus::load(dir, topics)?;
    if let Some(seed) = opts.shuffle {
        shuffle(&mut docs, seed);
    }
    if let Some(n) = opts.limit {
        docs.truncate(n);
    }
    let predicted = cluster_docs(&docs, cluster::Config::default());
    let gold: Vec<String> = docs.iter().map(EcbDoc::label).collect();
    let b = bcubed(&predicted, &gold);
    let ari = ari(&predicted, &gold);
    let stories = predicted.iter().max().map_or(0, |m| m + 1);
    let labels = gold.iter().collect::<std::collections::BTreeSet<_>>().len();
    let order = match opts.shuffle {
        Some(s) => format!("shuffled, seed {s}"),
        None => "file-name order".to_string(),
    };
    let text = format!(
        "ECB+ story clustering, topics {topics} ({order}): {} documents, {labels} gold stories, \
         {stories} found\n\
         BCubed precision {:.4}  recall {:.4}  F1 {:.4}\n\
         ARI {:.4}\n",
        docs.len(),
        b.precision,
        b.recall,
        b.f1,
        ari
    );
    let json = json!({
        "dataset": "ecbplus",
        "n": docs.len(),
        "bcubed": {"precision": b.precision, "recall": b.recall, "f1": b.f1},
        "ari": ari,
    });
    Ok(Report { text, json })
}

/// Streams the documents through one clusterer, each added on arrival with no annotations
/// as the pipeline adds them; returns each one's story at the end (stories merged after an
/// article arrived are followed, as [`cluster::Clusterer::story_of`] does for the pipeline).
pub fn cluster_docs(docs: &[EcbDoc], config: cluster::Config) -> Vec<usize> {
    let mut c = cluster::Clusterer::new(config);
    for d in docs {
        c.add(&d.article());
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
