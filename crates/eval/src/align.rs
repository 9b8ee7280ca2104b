//! `storyline eval align`: claim alignment scored on ECB+ cross-document event coreference.
//!
//! The unit is an annotated sentence (`ECBplus_coreference_sentences.csv`). Two annotated
//! sentences of different documents of one topic are a **gold pair** when both contain a
//! mention (an `ACTION_*` or `NEG_ACTION_*` markable) of the same cross-document event chain
//! (`CROSS_DOC_COREF`). Every cross-document sentence pair within a topic is scored.
//!
//! - **storyline**: each topic is aligned as one story by the production path,
//!   [`align::align_story`] (documents in corpus order, each annotated sentence one paragraph,
//!   each article annotated by [`annotate::annotate`]); a pair is predicted when the two
//!   sentences are in one of the story's events ([`model::Event`], built by
//!   [`align::story_events`]: average-linkage grouping of sentences at [`align::EVENT_LINK`],
//!   tuned on `--topics train`).
//! - **same-lemma baseline**: a pair is predicted when the sentences share the Snowball stem
//!   of at least one lower-case content word (stop words, capitalised words and numbers left
//!   out), the sentence-level analogue of the same-head-lemma coreference baseline. It uses
//!   no gold annotation.
//!
//! Precision, recall and F1 are pooled over all pairs of all selected topics. The text report
//! adds a sweep of the grouping threshold (for tuning on `--topics train` only), computed with
//! the same passages and weights as [`align::story_events`] but without annotations.

use crate::ecbplus::{self, EcbDoc};
use crate::metrics::Prf;
use crate::{Options, Report, Result};
use model::{Annotations, Article};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One annotated sentence.
struct Unit {
    doc: usize,
    /// Cross-document event chains it mentions.
    chains: BTreeSet<String>,
    /// Baseline stems.
    stems: BTreeSet<String>,
}

/// Pair counts of one predictor.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, gold: bool, pred: bool) {
        match (gold, pred) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            _ => {}
        }
    }
    fn prf(&self) -> Prf {
        Prf::from_counts(self.tp, self.fp, self.fn_)
    }
}

/// Grouping thresholds swept in the text report.
const SWEEP: [f64; 8] = [0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12];

/// The baseline's stems: lower-case content words only.
fn baseline_stems(s: &str) -> BTreeSet<String> {
    text::tokens(s)
        .iter()
        .map(|t| t.text(s))
        .filter(|w| !text::is_capitalized(w) && w.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 2 && !text::is_stopword(w))
        .map(|w| text::stem(&w))
        .collect()
}

/// The annotated sentences of one document, as (sentence number, event chains, text).
fn annotated_units(
    doc: &EcbDoc,
    selected: &BTreeSet<(u32, String, u32)>,
) -> Vec<(u32, BTreeSet<String>, String)> {
    let instances = doc.mention_instances();
    let mut chains: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for m in &doc.markables {
        let event = m.tag.starts_with("ACTION_") || m.tag.starts_with("NEG_ACTION_");
        let Some(inst) = instances.get(&m.id).filter(|_| event) else {
            continue;
        };
        for t in m.tokens.iter().filter_map(|id| doc.token(*id)) {
            chains.entry(t.sentence).or_default().insert(inst.clone());
        }
    }
    doc.sentences()
        .into_iter()
        .filter(|(n, _)| selected.contains(&(doc.topic, doc.stem().to_string(), *n)))
        .map(|(n, span)| {
            (
                n,
                chains.remove(&n).unwrap_or_default(),
                span.slice(&doc.text).to_string(),
            )
        })
        .collect()
}

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    if opts.dataset != "ecbplus" && !opts.dataset.is_empty() {
        return Err(crate::Error::Usage(format!(
            "eval align knows the dataset ecbplus, not {:?}",
            opts.dataset
        )));
    }
    let selection = opts.topics.as_deref().unwrap_or("dev");
    let docs = ecbplus::load(dir, selection)?;
    let selected = ecbplus::selected_sentences(dir)?;
    let mut by_topic: BTreeMap<u32, Vec<&EcbDoc>> = BTreeMap::new();
    for d in &docs {
        by_topic.entry(d.topic).or_default().push(d);
    }

    let mut ours = Counts::default();
    let mut base = Counts::default();
    let mut sweep = [Counts::default(); SWEEP.len()];
    let mut pairs = 0usize;
    let mut units_total = 0usize;
    let none = Annotations::default();
    for topic_docs in by_topic.values() {
        let topic_docs: Vec<&EcbDoc> = match opts.limit {
            Some(n) => topic_docs.iter().take(n).copied().collect(),
            None => topic_docs.clone(),
        };
        let mut units: Vec<Unit> = Vec::new();
        let mut articles: Vec<Article> = Vec::new();
        // (article index, paragraph index) -> unit index
        let mut unit_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (di, d) in topic_docs.iter().enumerate() {
            let mut a = Article::new(d.file.clone(), d.path.display().to_string());
            a.source = Some(d.file.clone());
            for (p, (_, chains, text)) in annotated_units(d, &selected).into_iter().enumerate() {
                unit_of.insert((di, p), units.len());
                units.push(Unit {
                    doc: di,
                    chains,
                    stems: baseline_stems(&text),
                });
                a.paragraphs.push(text);
            }
            articles.push(a);
        }
        units_total += units.len();
        let spans: Vec<Vec<model::Span>> = articles.iter().map(|a| a.paragraph_spans()).collect();
        // The unit a span of article `ai` starts in.
        let unit_at = |ai: usize, start: usize| -> Option<usize> {
            let p = spans[ai]
                .iter()
                .position(|s| s.start <= start && start <= s.end)?;
            unit_of.get(&(ai, p)).copied()
        };

        // storyline: the production alignment, read off the story's events.
        let annotations: Vec<Annotations> = articles.iter().map(annotate::annotate).collect();
        let items: Vec<align::StoryArticle<'_>> = articles
            .iter()
            .zip(&annotations)
            .map(|(a, an)| align::StoryArticle {
                article: a,
                annotations: an,
                origin: &a.id,
            })
            .collect();
        let alignment = align::align_story(&items);
        let mut events_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); units.len()];
        for (e, ev) in alignment.events.iter().enumerate() {
            for s in &ev.support {
                let Some(ai) = articles.iter().position(|a| a.id == s.article) else {
                    continue;
                };
                if let Some(u) = unit_at(ai, s.span.start) {
                    events_of[u].insert(e);
                }
            }
        }

        // The threshold sweep: the same grouping over unannotated claims, one passage per unit.
        let plain: Vec<align::StoryArticle<'_>> = articles
            .iter()
            .map(|a| align::StoryArticle {
                article: a,
                annotations: &none,
                origin: &a.id,
            })
            .collect();
        let claims = align::story_claims(&plain);
        let mut unit_claims: Vec<Vec<&align::ArticleClaim>> = vec![Vec::new(); units.len()];
        for c in &claims {
            let ai = articles.iter().position(|a| a.id == c.article);
            if let Some(u) = ai.and_then(|ai| unit_at(ai, c.span.start)) {
                unit_claims[u].push(c);
            }
        }
        let passage: Vec<Vec<String>> = unit_claims
            .iter()
            .map(|cs| align::passage_terms(cs.iter().copied()))
            .collect();
        let article_terms: Vec<Vec<String>> = articles
            .iter()
            .map(|a| align::passage_terms(claims.iter().filter(|c| c.article == a.id)))
            .collect();
        let wp = align::Weights::from_terms(passage.iter().map(Vec::as_slice));
        let wa = align::Weights::from_terms(article_terms.iter().map(Vec::as_slice));
        let ps: Vec<(usize, align::Passage<'_>)> = (0..units.len())
            .map(|u| {
                (
                    units[u].doc,
                    align::Passage {
                        terms: &passage[u],
                        article: &article_terms[units[u].doc],
                    },
                )
            })
            .collect();
        let swept: Vec<Vec<usize>> = SWEEP
            .iter()
            .map(|t| align::group_events(&ps, &wp, &wa, *t))
            .collect();

        for i in 0..units.len() {
            for j in i + 1..units.len() {
                if units[i].doc == units[j].doc {
                    continue;
                }
                pairs += 1;
                let gold = !units[i].chains.is_disjoint(&units[j].chains);
                ours.add(gold, !events_of[i].is_disjoint(&events_of[j]));
                base.add(gold, !units[i].stems.is_disjoint(&units[j].stems));
                for (g, c) in swept.iter().zip(sweep.iter_mut()) {
                    c.add(gold, g[i] == g[j]);
                }
            }
        }
    }

    let o = ours.prf();
    let b = base.prf();
    let gold_pairs = ours.tp + ours.fn_;
    let mut text = format!(
        "eval align (ECB+ {selection}): {} topics, {units_total} annotated sentences, {pairs} cross-document pairs, {gold_pairs} gold\n\
         {:<22} {:>9} {:>9} {:>9}\n\
         {:<22} {:>9.3} {:>9.3} {:>9.3}\n\
         {:<22} {:>9.3} {:>9.3} {:>9.3}\n\
         F1 margin over the baseline: {:+.3}\n\nthreshold sweep (grouping without annotations):\n",
        by_topic.len(),
        "",
        "precision",
        "recall",
        "f1",
        format!("storyline (t={})", align::EVENT_LINK),
        o.precision,
        o.recall,
        o.f1,
        "same-lemma baseline",
        b.precision,
        b.recall,
        b.f1,
        o.f1 - b.f1,
    );
    for (t, c) in SWEEP.iter().zip(&sweep) {
        let p = c.prf();
        text.push_str(&format!(
            "  t={t:<5} P {:.3}  R {:.3}  F1 {:.3}\n",
            p.precision, p.recall, p.f1
        ));
    }
    let json = serde_json::json!({
        "pairs": pairs,
        "gold_pairs": gold_pairs,
        "precision": o.precision,
        "recall": o.recall,
        "f1": o.f1,
        "baseline": {"precision": b.precision, "recall": b.recall, "f1": b.f1},
    });
    Ok(Report { text, json })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_ignores_names_numbers_and_stop_words() {
        let got: Vec<String> = baseline_stems("Tara Reid has entered the Promises rehab in 2008")
            .into_iter()
            .collect();
        assert_eq!(got, ["enter", "rehab"]);
    }

    #[test]
    fn skips_without_data() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/events/ecbplus");
        let opts = Options {
            dataset: "ecbplus".into(),
            topics: Some("dev".into()),
            limit: Some(3),
            ..Options::default()
        };
        match run(&dir, &opts) {
            Err(crate::Error::Missing(_)) => eprintln!("ECB+ not found; skipping"),
            Err(e) => panic!("{e}"),
            Ok(r) => {
                assert!(r.json["pairs"].as_u64().unwrap_or(0) > 0);
                let f1 = r.json["f1"].as_f64().unwrap_or(-1.0);
                assert!((0.0..=1.0).contains(&f1));
            }
        }
    }
}
