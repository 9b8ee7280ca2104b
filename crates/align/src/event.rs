//! When two passages of a story report the same event: a looser decision than "same claim",
//! for passages (sentences, paragraphs) rather than clauses. It weighs the terms the passages
//! share under passage-level IDF (event words and participants that tell passages apart count
//! more than the words every passage of the story uses) and mixes in how much their whole
//! articles agree, so two articles about different incidents of one kind (another earthquake,
//! another arrest: other names, places and dates) do not pair up on topic words alone.

use crate::claims::ArticleClaim;
use crate::similar::{idf, Interned, Weights};
use crate::StoryArticle;
use model::{stable_hash, Event, Span, Support};
use rustc_hash::FxHashMap;

/// Share of the passage similarity in the event score; the rest is the article agreement
/// (tuned on ECB+ train topics).
pub const EVENT_PASSAGE_SHARE: f64 = 0.3;

/// The mean event score over an event's members at or above which a passage joins the event
/// in [`group_events`] (tuned on ECB+ train topics; ECB+ dev is only reported).
pub const EVENT_LINK: f64 = 0.06;

/// The sorted, deduplicated terms of a passage: the union of its claims' terms.
pub fn passage_terms<'c>(claims: impl IntoIterator<Item = &'c ArticleClaim>) -> Vec<String> {
    let mut t: Vec<String> = claims.into_iter().flat_map(|c| c.terms.clone()).collect();
    t.sort();
    t.dedup();
    t
}

/// Weighted Dice coefficient of two sorted term lists under `w`; 0 when they share no term.
pub fn weighted_dice(a: &[String], b: &[String], w: &Weights) -> f64 {
    let shared: f64 = a
        .iter()
        .filter(|t| b.binary_search(t).is_ok())
        .map(|t| w.weight(t))
        .sum();
    if shared == 0.0 {
        return 0.0;
    }
    let total: f64 = a.iter().chain(b).map(|t| w.weight(t)).sum();
    2.0 * shared / total
}

/// One passage to compare: its terms, and the terms of the whole article it is from.
#[derive(Debug, Clone, Copy)]
pub struct Passage<'a> {
    pub terms: &'a [String],
    pub article: &'a [String],
}

/// The event score in 0..=1 of two passages: [`EVENT_PASSAGE_SHARE`] of their weighted Dice
/// under passage weights `wp`, the rest the weighted Dice of their articles under article
/// weights `wa`. Passages that share no term score 0.
pub fn event_similarity(a: Passage<'_>, b: Passage<'_>, wp: &Weights, wa: &Weights) -> f64 {
    let p = weighted_dice(a.terms, b.terms, wp);
    if p == 0.0 {
        return 0.0;
    }
    mix(p, weighted_dice(a.article, b.article, wa))
}

/// The event score from a passage similarity `p` (non-zero) and an article agreement `d`.
fn mix(p: f64, d: f64) -> f64 {
    EVENT_PASSAGE_SHARE * p + (1.0 - EVENT_PASSAGE_SHARE) * d
}

/// Terms held by more passages than this do not propose candidates (they still count in the
/// score): in a story of thousands of sentences, "said" or the story's main name would make
/// every pair a candidate. Smaller stories are compared on every shared term.
const MAX_POSTING: usize = 200;

/// A term list as ids into one vocabulary with its weights: dice by merge instead of lookups.
struct Weighted {
    ids: Vec<u32>,
    weights: Vec<f64>,
    total: f64,
}

impl Weighted {
    fn empty() -> Self {
        Weighted {
            ids: Vec::new(),
            weights: Vec::new(),
            total: 0.0,
        }
    }

    fn new(terms: &[String], vocab: &FxHashMap<&str, u32>, w: &Weights) -> Self {
        let mut pairs: Vec<(u32, f64)> = terms
            .iter()
            .map(|t| (vocab[t.as_str()], w.weight(t)))
            .collect();
        pairs.sort_by_key(|p| p.0);
        pairs.dedup_by_key(|p| p.0);
        Weighted::from_pairs(&pairs)
    }

    /// From `(id, weight)` pairs sorted by id, without repeats.
    fn from_pairs(pairs: &[(u32, f64)]) -> Self {
        Weighted {
            total: pairs.iter().map(|p| p.1).sum(),
            ids: pairs.iter().map(|p| p.0).collect(),
            weights: pairs.iter().map(|p| p.1).collect(),
        }
    }

    /// [`Weighted::dice`] with `marked[id]` the weight of each id of `self` and 0 for other
    /// ids: the shared weight is summed over `other`'s ids, in the same (id) order.
    fn dice_marked(&self, other: &Weighted, marked: &[f64]) -> f64 {
        let mut shared = 0.0;
        for &id in &other.ids {
            let w = marked[id as usize];
            if w != 0.0 {
                shared += w;
            }
        }
        if shared == 0.0 {
            return 0.0;
        }
        2.0 * shared / (self.total + other.total)
    }

    /// Weighted Dice, the same figure as [`weighted_dice`].
    fn dice(&self, other: &Weighted) -> f64 {
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < self.ids.len() && j < other.ids.len() {
            match self.ids[i].cmp(&other.ids[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weights[i];
                    i += 1;
                    j += 1;
                }
            }
        }
        if shared == 0.0 {
            return 0.0;
        }
        2.0 * shared / (self.total + other.total)
    }
}

/// Groups passages into events, online in the order given (arrival order): each passage joins
/// the event with the highest mean [`event_similarity`] over its members from other articles
/// (average linkage: members sharing no term count 0), when that mean reaches `threshold`;
/// otherwise it starts an event. Returns the event index of each passage, events numbered in
/// order of first appearance. Passages are `(article index, passage)`; passages of one article
/// must share one `article` term list.
///
/// Candidates come from an inverted index over passage terms (passages that share no term
/// score 0), so the cost follows the pairs that share a term, not all pairs; the agreement of
/// two articles is computed once per pair of articles.
pub fn group_events(
    passages: &[(usize, Passage<'_>)],
    wp: &Weights,
    wa: &Weights,
    threshold: f64,
) -> Vec<usize> {
    // One vocabulary for passages and articles; weighted, sorted id lists. Ids follow first
    // appearance (an article's terms after its first passage's), which fixes the order in
    // which shared weights are summed.
    let mut vocab: FxHashMap<&str, u32> = FxHashMap::default();
    let n_articles = passages.iter().map(|p| p.0 + 1).max().unwrap_or(0);
    let mut article_seen = vec![false; n_articles];
    for (a, p) in passages {
        let first = !std::mem::replace(&mut article_seen[*a], true);
        let article: &[String] = if first { p.article } else { &[] };
        for t in p.terms.iter().chain(article) {
            let next = vocab.len() as u32;
            vocab.entry(t.as_str()).or_insert(next);
        }
    }
    let pw: Vec<Weighted> = passages
        .iter()
        .map(|(_, p)| Weighted::new(p.terms, &vocab, wp))
        .collect();
    let mut aw: Vec<Option<Weighted>> = (0..n_articles).map(|_| None).collect();
    for (a, p) in passages {
        if aw[*a].is_none() {
            aw[*a] = Some(Weighted::new(p.article, &vocab, wa));
        }
    }
    let aw: Vec<Weighted> = aw
        .into_iter()
        .map(|w| w.unwrap_or_else(Weighted::empty))
        .collect();
    let articles: Vec<usize> = passages.iter().map(|p| p.0).collect();
    group_weighted(&articles, &pw, &aw, vocab.len(), threshold)
}

/// [`group_events`] over passages given as weighted id lists: `articles[i]` is the article of
/// passage `i`, `pw[i]` its terms, `aw[a]` the terms of article `a`; ids below `n_ids`.
fn group_weighted(
    articles: &[usize],
    pw: &[Weighted],
    aw: &[Weighted],
    n_ids: usize,
    threshold: f64,
) -> Vec<usize> {
    group_weighted_by(articles, pw, aw, n_ids, threshold, true)
}

/// [`group_weighted`]; `sum_while_scanning` false computes every candidate's shared weight
/// with [`Weighted::dice_marked`] (the form the scan's sums are tested against).
fn group_weighted_by(
    articles: &[usize],
    pw: &[Weighted],
    aw: &[Weighted],
    n_ids: usize,
    threshold: f64,
    sum_while_scanning: bool,
) -> Vec<usize> {
    // The agreement of the current passage's article with each other article, computed once
    // per pair while passages of one article follow each other.
    let mut row: Vec<f64> = vec![f64::NAN; aw.len()];
    let mut row_of: Option<usize> = None;

    // Passages holding each vocabulary id, in arrival order.
    let mut index: Vec<Vec<u32>> = vec![Vec::new(); n_ids];
    let mut event_of: Vec<usize> = Vec::with_capacity(articles.len());
    // Members of each event, counted per article.
    let mut members: Vec<FxHashMap<usize, usize>> = Vec::new();
    let mut total: Vec<usize> = Vec::new();
    let mut mark: Vec<u32> = vec![u32::MAX; articles.len()];
    let mut seen: Vec<u32> = Vec::new();
    // Score sums per event, and the events touched by the current passage.
    let mut sums: Vec<f64> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    // The weight of each id of the current passage, 0 for the others (filled only when a
    // posting list was too long to scan).
    let mut weight_of: Vec<f64> = vec![0.0; n_ids];
    // Per earlier passage: the weight it shares with the current one, summed while scanning.
    let mut shared_of: Vec<f64> = vec![0.0; articles.len()];
    for (i, &article) in articles.iter().enumerate() {
        if row_of != Some(article) {
            row.fill(f64::NAN);
            row_of = Some(article);
        }
        seen.clear();
        // Every posting list of the passage scanned: each candidate's shared weight is summed
        // over the ids it shares in id order, as `dice_marked` sums it.
        let mut scanned = sum_while_scanning;
        for (&id, &w) in pw[i].ids.iter().zip(&pw[i].weights) {
            let list = &index[id as usize];
            if list.len() <= MAX_POSTING {
                for &j in list {
                    let ju = j as usize;
                    if articles[ju] != article {
                        if mark[ju] != i as u32 {
                            mark[ju] = i as u32;
                            seen.push(j);
                        }
                        shared_of[ju] += w;
                    }
                }
            } else {
                scanned = false;
            }
        }
        seen.sort_unstable();
        touched.clear();
        if !scanned {
            for (&id, &w) in pw[i].ids.iter().zip(&pw[i].weights) {
                weight_of[id as usize] = w;
            }
        }
        for &j in &seen {
            let j = j as usize;
            let shared = std::mem::take(&mut shared_of[j]);
            let p = if scanned {
                if shared == 0.0 {
                    0.0
                } else {
                    2.0 * shared / (pw[i].total + pw[j].total)
                }
            } else {
                pw[i].dice_marked(&pw[j], &weight_of)
            };
            if p == 0.0 {
                continue;
            }
            let other = articles[j];
            if row[other].is_nan() {
                let (lo, hi) = (article.min(other), article.max(other));
                row[other] = aw[lo].dice(&aw[hi]);
            }
            let s = mix(p, row[other]);
            let e = event_of[j];
            // Every score is above 0, so a zero sum is an event not touched yet.
            if sums[e] == 0.0 {
                touched.push(e);
            }
            sums[e] += s;
        }
        // Events in index order, so that ties go the same way on every run.
        touched.sort_unstable();
        let mut best: Option<(usize, f64)> = None;
        for &e in &touched {
            let sum = std::mem::take(&mut sums[e]);
            let others = total[e] - members[e].get(&article).copied().unwrap_or(0);
            let mean = sum / others.max(1) as f64;
            let better = match best {
                None => true,
                Some((be, bs)) => mean > bs + 1e-12 || ((mean - bs).abs() <= 1e-12 && e < be),
            };
            if mean >= threshold && better {
                best = Some((e, mean));
            }
        }
        let e = match best {
            Some((e, _)) => e,
            None => {
                members.push(FxHashMap::default());
                total.push(0);
                sums.push(0.0);
                members.len() - 1
            }
        };
        if !scanned {
            for &id in &pw[i].ids {
                weight_of[id as usize] = 0.0;
            }
        }
        *members[e].entry(article).or_default() += 1;
        total[e] += 1;
        event_of.push(e);
        for &id in &pw[i].ids {
            index[id as usize].push(i as u32);
        }
    }
    event_of
}

/// Per id, its weight over `units` (sorted id lists without repeats) as
/// [`Weights::from_terms`] gives it.
fn idf_weights(units: &[Vec<u32>], n_ids: usize) -> Vec<f64> {
    let mut df = vec![0usize; n_ids];
    for u in units {
        for &t in u {
            df[t as usize] += 1;
        }
    }
    df.into_iter().map(|d| idf(units.len(), d)).collect()
}

/// The events of a story: every sentence that carries a claim is a passage (its terms are its
/// claims' terms, its article's terms all the article's claims' terms), passages are grouped
/// by [`group_events`] at [`EVENT_LINK`] in arrival order, and each group reported by at
/// least two articles becomes an [`Event`], most independent sources first. `claim_ids[k]` is
/// the story claim that clause `all[k]` belongs to.
pub fn story_events(
    items: &[StoryArticle<'_>],
    all: &[ArticleClaim],
    claim_ids: &[&str],
) -> Vec<Event> {
    let bodies: Vec<String> = items.iter().map(|it| it.article.body()).collect();
    let sentences: Vec<Vec<Span>> = bodies.iter().map(|b| text::sentences(b)).collect();
    let ix = Interned::from_claims(all);
    events_of(items, all, claim_ids, &ix, &bodies, &sentences)
}

/// [`story_events`] with the story's claims interned in `ix`, and each article's body and
/// sentences given.
pub(crate) fn events_of(
    items: &[StoryArticle<'_>],
    all: &[ArticleClaim],
    claim_ids: &[&str],
    ix: &Interned,
    bodies: &[String],
    sentences: &[Vec<Span>],
) -> Vec<Event> {
    // An event joins sentences of at least two articles: one article reports none.
    if items.len() < 2 {
        return Vec::new();
    }
    let n_ids = ix.weight.len();
    let union = |ks: &mut dyn Iterator<Item = usize>| -> Vec<u32> {
        let mut t: Vec<u32> = ks.flat_map(|k| ix.terms[k].iter().copied()).collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    // Passages in arrival order: (article index, sentence span, clause indexes).
    let mut passages: Vec<(usize, Span, Vec<usize>)> = Vec::new();
    let mut article_terms: Vec<Vec<u32>> = Vec::with_capacity(items.len());
    let mut k = 0;
    for (ai, it) in items.iter().enumerate() {
        let sentences = &sentences[ai];
        let first = k;
        let at = passages.len();
        while k < all.len() && all[k].article == it.article.id {
            let start = all[k].span.start;
            let s = match sentences.partition_point(|s| s.start <= start) {
                0 => all[k].span,
                p => sentences[p - 1],
            };
            let same = |p: &&mut (usize, Span, Vec<usize>)| p.1 == s;
            match passages[at..].iter_mut().find(same) {
                Some(p) => p.2.push(k),
                None => passages.push((ai, s, vec![k])),
            }
            k += 1;
        }
        passages[at..].sort_by_key(|p| p.1.start);
        article_terms.push(union(&mut (first..k)));
    }
    let terms: Vec<Vec<u32>> = passages
        .iter()
        .map(|p| union(&mut p.2.iter().copied()))
        .collect();
    let wp = idf_weights(&terms, n_ids);
    let wa = idf_weights(&article_terms, n_ids);
    // Ids by first appearance over passages (an article's terms after its first passage's),
    // as [`group_events`] numbers them.
    let mut vocab = vec![u32::MAX; n_ids];
    let mut n_vocab = 0u32;
    let mut article_seen = vec![false; items.len()];
    for (p, t) in passages.iter().zip(&terms) {
        let first = !std::mem::replace(&mut article_seen[p.0], true);
        let article: &[u32] = if first { &article_terms[p.0] } else { &[] };
        for &id in t.iter().chain(article) {
            if vocab[id as usize] == u32::MAX {
                vocab[id as usize] = n_vocab;
                n_vocab += 1;
            }
        }
    }
    let weighted = |ids: &[u32], w: &[f64]| {
        let mut pairs: Vec<(u32, f64)> = ids
            .iter()
            .map(|&id| (vocab[id as usize], w[id as usize]))
            .collect();
        pairs.sort_by_key(|p| p.0);
        Weighted::from_pairs(&pairs)
    };
    let pw: Vec<Weighted> = terms.iter().map(|t| weighted(t, &wp)).collect();
    let aw: Vec<Weighted> = article_terms
        .iter()
        .zip(&article_seen)
        .map(|(t, &seen)| {
            if seen {
                weighted(t, &wa)
            } else {
                Weighted::empty()
            }
        })
        .collect();
    let articles: Vec<usize> = passages.iter().map(|p| p.0).collect();
    let event_of = group_weighted(&articles, &pw, &aw, n_vocab as usize, EVENT_LINK);
    let n = event_of.iter().max().map_or(0, |m| m + 1);
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (p, e) in event_of.iter().enumerate() {
        groups[*e].push(p);
    }

    let mut used = std::collections::BTreeSet::new();
    let mut events: Vec<(usize, Event)> = Vec::new();
    let mut count = vec![0usize; n_ids];
    for (order, g) in groups.iter().enumerate() {
        let articles: std::collections::BTreeSet<usize> =
            g.iter().map(|&p| passages[p].0).collect();
        if articles.len() < 2 {
            continue;
        }
        // The representative: the sentence whose terms the other members share most.
        for &p in g {
            for &t in &terms[p] {
                count[t as usize] += 1;
            }
        }
        let score = |p: usize| -> f64 {
            let shared: f64 = terms[p]
                .iter()
                .map(|&t| (count[t as usize] - 1) as f64 * wp[t as usize])
                .sum();
            shared / (terms[p].len().max(1) as f64).sqrt()
        };
        let mut best = g[0];
        let mut best_score = score(best);
        for &p in &g[1..] {
            let sc = score(p);
            if sc > best_score + 1e-12 {
                best = p;
                best_score = sc;
            }
        }
        for &p in g {
            for &t in &terms[p] {
                count[t as usize] = 0;
            }
        }
        let (ai, span, _) = &passages[best];
        let text = text::fold(span.slice(&bodies[*ai]));
        let mut id = format!("e-{:016x}", stable_hash(text.as_bytes()));
        let mut dup = 1;
        while !used.insert(id.clone()) {
            id = format!("e-{:016x}-{dup}", stable_hash(text.as_bytes()));
            dup += 1;
        }
        let mut claims: Vec<String> = Vec::new();
        let mut origins = std::collections::BTreeSet::new();
        let mut support = Vec::with_capacity(g.len());
        for &p in g {
            let (ai, span, clauses) = &passages[p];
            let it = &items[*ai];
            origins.insert(it.origin);
            support.push(Support {
                article: it.article.id.clone(),
                source: Some(all[clauses[0]].source.clone()),
                span: *span,
            });
            for &c in clauses {
                if !claims.iter().any(|x| x == claim_ids[c]) {
                    claims.push(claim_ids[c].to_string());
                }
            }
        }
        events.push((
            order,
            Event {
                id,
                text,
                support,
                claims,
                independent_sources: origins.len(),
            },
        ));
    }
    events.sort_by(|a, b| {
        b.1.independent_sources
            .cmp(&a.1.independent_sources)
            .then(a.0.cmp(&b.0))
    });
    events.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = s.iter().map(|x| x.to_string()).collect();
        v.sort();
        v
    }

    fn article(id: &str, outlet: &str, paragraphs: &[&str]) -> model::Article {
        let mut a = model::Article::new(id, id);
        a.source = Some(outlet.into());
        a.paragraphs = paragraphs.iter().map(|p| p.to_string()).collect();
        a
    }

    #[test]
    fn sentences_of_one_happening_form_an_event_across_articles() {
        let a = article(
            "a",
            "Wire",
            &[
                "A magnitude 6.1 earthquake struck northern Chile on Tuesday, killing two people.",
                "The city council approved a new budget for public parks.",
            ],
        );
        let b = article(
            "b",
            "Daily",
            &[
                "Two people were killed when a 6.1 quake hit northern Chile on Tuesday.",
                "Rescue teams searched collapsed homes in the mining town.",
            ],
        );
        let c = article(
            "c",
            "Daily",
            &["Two people were killed when a 6.1 quake hit northern Chile on Tuesday."],
        );
        let none = model::Annotations::default();
        let items = [
            StoryArticle {
                article: &a,
                annotations: &none,
                origin: "a",
            },
            StoryArticle {
                article: &b,
                annotations: &none,
                origin: "b",
            },
            // A copy of b: its sentence joins the event, but not as another source.
            StoryArticle {
                article: &c,
                annotations: &none,
                origin: "b",
            },
        ];
        let out = crate::align_story(&items);
        let quake: Vec<&Event> = out
            .events
            .iter()
            .filter(|e| e.text.contains("6.1"))
            .collect();
        assert_eq!(quake.len(), 1, "{:#?}", out.events);
        let e = quake[0];
        let articles: Vec<&str> = e.support.iter().map(|s| s.article.as_str()).collect();
        assert_eq!(articles, ["a", "b", "c"]);
        assert_eq!(e.independent_sources, 2);
        // Spans are whole sentences of the bodies, and the event lists the claims inside them.
        assert_eq!(e.support[0].span.slice(&a.body()), a.paragraphs[0]);
        assert!(!e.claims.is_empty());
        for id in &e.claims {
            assert!(out.claims.iter().any(|c| &c.id == id));
        }
        // The budget sentence is reported by one article only: no event.
        assert!(out.events.iter().all(|e| !e.text.contains("budget")));
    }

    #[test]
    fn grouping_follows_arrival_and_needs_a_shared_term() {
        let w = Weights::uniform();
        let doc = terms(&["quak", "chile"]);
        let p1 = terms(&["quak", "chile"]);
        let p2 = terms(&["quak", "kill"]);
        let p3 = terms(&["budget"]);
        let ps = [
            (
                0,
                Passage {
                    terms: &p1,
                    article: &doc,
                },
            ),
            (
                1,
                Passage {
                    terms: &p2,
                    article: &doc,
                },
            ),
            (
                2,
                Passage {
                    terms: &p3,
                    article: &doc,
                },
            ),
        ];
        assert_eq!(group_events(&ps, &w, &w, EVENT_LINK), [0, 0, 1]);
        // A threshold above every score keeps each passage apart.
        assert_eq!(group_events(&ps, &w, &w, 1.1), [0, 1, 2]);
    }

    #[test]
    fn dice_is_symmetric_and_bounded() {
        let a = terms(&["quak", "@chile", "kill"]);
        let b = terms(&["quak", "@peru", "injur"]);
        let w = Weights::uniform();
        let x = weighted_dice(&a, &b, &w);
        assert!((x - weighted_dice(&b, &a, &w)).abs() < 1e-12);
        assert!((x - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(weighted_dice(&a, &a, &w), 1.0);
        assert_eq!(weighted_dice(&a, &terms(&["rain"]), &w), 0.0);
    }

    #[test]
    fn article_agreement_separates_incidents() {
        let w = Weights::uniform();
        let p = terms(&["quak", "kill"]);
        let same_doc = terms(&["quak", "kill", "@chile", "#6"]);
        let other_doc = terms(&["quak", "injur", "@peru", "#7"]);
        let a = Passage {
            terms: &p,
            article: &same_doc,
        };
        let b = Passage {
            terms: &p,
            article: &same_doc,
        };
        let c = Passage {
            terms: &p,
            article: &other_doc,
        };
        assert!(event_similarity(a, b, &w, &w) > event_similarity(a, c, &w, &w));
        assert!(event_similarity(a, b, &w, &w) >= EVENT_LINK);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn list(v: Vec<u8>) -> Vec<String> {
        let mut t: Vec<String> = v.into_iter().map(|x| format!("t{}", x % 12)).collect();
        t.sort();
        t.dedup();
        t
    }

    proptest! {
        #[test]
        fn event_score_is_symmetric_and_bounded(
            a in proptest::collection::vec(any::<u8>(), 0..8),
            b in proptest::collection::vec(any::<u8>(), 0..8),
            da in proptest::collection::vec(any::<u8>(), 0..12),
            db in proptest::collection::vec(any::<u8>(), 0..12),
        ) {
            let (a, b, da, db) = (list(a), list(b), list(da), list(db));
            let wp = Weights::from_terms([a.as_slice(), b.as_slice()]);
            let wa = Weights::from_terms([da.as_slice(), db.as_slice()]);
            let x = Passage { terms: &a, article: &da };
            let y = Passage { terms: &b, article: &db };
            let s = event_similarity(x, y, &wp, &wa);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&s));
            prop_assert!((s - event_similarity(y, x, &wp, &wa)).abs() < 1e-12);
        }

        #[test]
        fn scan_sums_group_as_dice_marked(
            spec in proptest::collection::vec(
                (0usize..6, proptest::collection::vec(0u32..30, 1..8), proptest::collection::vec(1u8..12, 1..8)),
                0..260),
            long in prop_oneof![Just(false), Just(true)],
            threshold in prop_oneof![Just(EVENT_LINK), Just(0.2), Just(0.0)],
        ) {
            let n_ids = 30;
            let mut articles: Vec<usize> = spec.iter().map(|p| p.0).collect();
            articles.sort_unstable();
            let pw: Vec<Weighted> = spec
                .iter()
                .map(|(_, ids, ws)| {
                    let mut pairs: Vec<(u32, f64)> = ids
                        .iter()
                        .zip(ws.iter().cycle())
                        .map(|(&id, &w)| (id, 1.0 + f64::from(w) / 7.0))
                        .collect();
                    pairs.sort_by_key(|p| p.0);
                    pairs.dedup_by_key(|p| p.0);
                    Weighted::from_pairs(&pairs)
                })
                .collect();
            let aw: Vec<Weighted> = (0..6)
                .map(|a| {
                    let pairs: Vec<(u32, f64)> = (0..n_ids as u32)
                        .filter(|id| (id + a) % 3 == 0)
                        .map(|id| (id, 1.5))
                        .collect();
                    Weighted::from_pairs(&pairs)
                })
                .collect();
            // Many passages on one id make its posting list too long to scan.
            let mut pw = pw;
            if long {
                for p in pw.iter_mut().take(MAX_POSTING + 10) {
                    let mut pairs: Vec<(u32, f64)> = p.ids.iter().copied().zip(p.weights.iter().copied()).collect();
                    if !p.ids.contains(&0) {
                        pairs.insert(0, (0, 1.25));
                    }
                    *p = Weighted::from_pairs(&pairs);
                }
            }
            prop_assert_eq!(
                group_weighted_by(&articles, &pw, &aw, n_ids, threshold, true),
                group_weighted_by(&articles, &pw, &aw, n_ids, threshold, false)
            );
        }

        #[test]
        fn interned_dice_is_weighted_dice(
            a in proptest::collection::vec(any::<u8>(), 0..8),
            b in proptest::collection::vec(any::<u8>(), 0..8),
        ) {
            let (a, b) = (list(a), list(b));
            let w = Weights::from_terms([a.as_slice(), b.as_slice()]);
            let mut vocab = FxHashMap::default();
            for t in a.iter().chain(&b) {
                let next = vocab.len() as u32;
                vocab.entry(t.as_str()).or_insert(next);
            }
            let (x, y) = (Weighted::new(&a, &vocab, &w), Weighted::new(&b, &vocab, &w));
            prop_assert!((x.dice(&y) - weighted_dice(&a, &b, &w)).abs() < 1e-12);
        }
    }
}
