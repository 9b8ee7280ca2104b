//! When two claims say the same thing: weighted overlap of their content terms, a predicate
//! check, a name check, and shared quoted words; and the greedy clustering that aligns a
//! story's claims in arrival order.

use crate::claims::{ArticleClaim, QuotedWords};
use crate::lex::Lex;
use rustc_hash::FxHashMap as HashMap;

/// The similarity at or above which two claims are the same claim (tuned on ECB+ train).
pub const SAME_CLAIM: f64 = 0.34;

/// Term weights: inverse document frequency over the claims being aligned, so the words every
/// claim of a story shares ("ceasefire", "Putin") count less than the ones that tell them apart.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// The weight of every term seen, computed once (lookups are the hot path of alignment).
    weights: HashMap<String, f64>,
    n: usize,
}

impl Weights {
    /// Every term weighs 1.
    pub fn uniform() -> Weights {
        Weights::default()
    }

    pub fn from_claims(claims: &[ArticleClaim]) -> Weights {
        let mut df: HashMap<&str, usize> = HashMap::default();
        for c in claims {
            for t in &c.terms {
                *df.entry(t.as_str()).or_default() += 1;
            }
        }
        Weights::from_df(df, claims.len())
    }

    /// Weights over any units given as term lists (passages, articles): each list counts
    /// once per term it holds.
    pub fn from_terms<'t>(units: impl IntoIterator<Item = &'t [String]>) -> Weights {
        let mut df: HashMap<&str, usize> = HashMap::default();
        let mut n = 0;
        for u in units {
            n += 1;
            let mut seen: Vec<&String> = u.iter().collect();
            seen.sort();
            seen.dedup();
            for t in seen {
                *df.entry(t.as_str()).or_default() += 1;
            }
        }
        Weights::from_df(df, n)
    }

    fn from_df(df: HashMap<&str, usize>, n: usize) -> Weights {
        let weights = df
            .into_iter()
            .map(|(t, d)| (t.to_string(), idf(n, d)))
            .collect();
        Weights { weights, n }
    }

    pub fn weight(&self, term: &str) -> f64 {
        if self.n == 0 {
            return 1.0;
        }
        match self.weights.get(term) {
            Some(&w) => w,
            None => idf(self.n, 0),
        }
    }
}

/// The weight of a term found in `df` of `n` units.
pub(crate) fn idf(n: usize, df: usize) -> f64 {
    ((n as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0
}

fn is_name(t: &str) -> bool {
    t.starts_with('@')
}
fn is_word(t: &str) -> bool {
    !t.starts_with('@') && !t.starts_with('#')
}

/// Two quoted passages carry the same words: at least two content stems in common, covering
/// two thirds of the shorter one.
pub fn same_quote(a: &QuotedWords, b: &QuotedWords) -> bool {
    let common = a
        .keys
        .iter()
        .filter(|k| b.keys.binary_search(k).is_ok())
        .count();
    let shorter = a.keys.len().min(b.keys.len());
    common >= 2 && common * 3 >= shorter * 2
}

/// True when the claims quote the same words.
pub fn share_quote(a: &ArticleClaim, b: &ArticleClaim) -> bool {
    a.quotes
        .iter()
        .any(|qa| b.quotes.iter().any(|qb| same_quote(qa, qb)))
}

/// Similarity in 0..=1 of two claims under `w`: the weighted Dice coefficient of their
/// terms; 0 when they share no common word (the predicate check: names and numbers alone do
/// not make a claim), halved when both name people or places and share none; 1 when they
/// quote the same words.
pub fn similarity_with(a: &ArticleClaim, b: &ArticleClaim, w: &Weights) -> f64 {
    if !a.quotes.is_empty() && !b.quotes.is_empty() && share_quote(a, b) {
        return 1.0;
    }
    // One pass over `a` gives both its part of the total and the shared weight, each summed
    // in `a`'s order; `b`'s part is added after, as the total is `a` then `b`.
    let mut shared = 0.0;
    let mut total_a = 0.0;
    let mut shared_word = false;
    let mut shared_name = false;
    let mut names_a = false;
    for t in &a.terms {
        let wt = w.weight(t);
        total_a += wt;
        names_a |= is_name(t);
        if b.terms.binary_search(t).is_ok() {
            shared += wt;
            shared_word |= is_word(t);
            shared_name |= is_name(t);
        }
    }
    if !shared_word {
        return 0.0;
    }
    let mut total = total_a;
    let mut names_b = false;
    for t in &b.terms {
        total += w.weight(t);
        names_b |= is_name(t);
    }
    if total == 0.0 {
        return 0.0;
    }
    let mut sim = 2.0 * shared / total;
    if names_a && names_b && !shared_name {
        sim *= 0.5;
    }
    sim
}

/// [`similarity_with`] under uniform weights.
pub fn similarity(a: &ArticleClaim, b: &ArticleClaim) -> f64 {
    similarity_with(a, b, &Weights::uniform())
}

/// Whether two claims say the same thing, under uniform weights.
pub fn same_claim(a: &ArticleClaim, b: &ArticleClaim) -> bool {
    similarity(a, b) >= SAME_CLAIM
}

/// Greedy alignment in the order given (arrival order): each claim joins the existing group it
/// is most similar to, when that is at least `threshold`, or starts a new group. A group's
/// score is half its best member and half the average over its members, so a chain of near
/// neighbours does not pull unrelated claims together. Returns the group index of each claim;
/// groups are numbered in order of creation.
///
/// Only the earlier claims that share a term or a quoted word with a claim can score above 0
/// against it, so they are found through an inverted index rather than by scanning every
/// group; the result is the one the full scan gives.
pub fn cluster(claims: &[ArticleClaim], w: &Weights, threshold: f64) -> Vec<usize> {
    if threshold <= 0.0 {
        // Every group qualifies, even those sharing nothing: scan them all.
        return cluster_scan(claims, w, threshold);
    }
    cluster_interned(claims, &Interned::new(claims, w), threshold)
}

/// [`cluster`] over claims already interned (`threshold` above 0).
///
/// A group can reach `threshold` only through a member at least that similar (its score is
/// half its best member and half a mean that is no higher), and a member that similar must
/// share a good part of the claim's weight: `2 S / (T_i + T_m) >= t` with `S <= T_m` gives
/// `S >= t T_i / (2 - t)`. So only the claim's rarer terms propose candidates (its commonest
/// terms, up to a total weight below that bound, cannot make a candidate on their own), the
/// candidates' similarities are computed exactly, and each group with a member near the
/// threshold is scored over all its members, in member order, as the full scan does. The
/// story's commonest names no longer make every pair of claims a candidate.
pub(crate) fn cluster_interned(
    claims: &[ArticleClaim],
    ix: &Interned,
    threshold: f64,
) -> Vec<usize> {
    // Slack for rounding: a candidate or a group dropped here is below the threshold by far
    // more than floating point error.
    let near = threshold * (1.0 - 1e-9);
    let share = 0.99 * near / (2.0 - near);
    let n = claims.len();
    let mut group_of: Vec<usize> = Vec::with_capacity(n);
    let mut members: Vec<Vec<u32>> = Vec::new();
    // Earlier claims holding each term / quote key.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); ix.weight.len()];
    let mut quote_postings: Vec<Vec<u32>> = vec![Vec::new(); ix.n_quote_keys];
    let mut seen = vec![u32::MAX; n];
    let mut g_seen: Vec<u32> = Vec::new();
    let mut eligible: Vec<usize> = Vec::new();
    let mut by_weight: Vec<u32> = Vec::new();
    // The terms of the claim being placed.
    let mut in_i = vec![false; ix.weight.len()];
    for i in 0..n {
        let stamp = i as u32;
        for &t in &ix.terms[i] {
            in_i[t as usize] = true;
        }
        // The terms that propose candidates: all but the lightest ones whose weights add up
        // to less than the share a candidate must have.
        by_weight.clear();
        by_weight.extend(&ix.terms[i]);
        by_weight.sort_by(|a, b| ix.weight[*a as usize].total_cmp(&ix.weight[*b as usize]));
        let need = share * ix.total[i];
        let mut light = 0.0;
        let mut skip = 0;
        for &t in &by_weight {
            light += ix.weight[t as usize];
            if light >= need {
                break;
            }
            skip += 1;
        }
        eligible.clear();
        let mut consider = |m: u32, eligible: &mut Vec<usize>| {
            let m = m as usize;
            if seen[m] == stamp {
                return;
            }
            seen[m] = stamp;
            let g = group_of[m];
            if g_seen[g] != stamp && ix.similarity_marked(claims, i, m, &in_i) >= near {
                g_seen[g] = stamp;
                eligible.push(g);
            }
        };
        for &t in &by_weight[skip..] {
            for &m in &postings[t as usize] {
                consider(m, &mut eligible);
            }
        }
        for &q in &ix.quote_keys[i] {
            for &m in &quote_postings[q as usize] {
                consider(m, &mut eligible);
            }
        }
        // Groups in index order, each scored over its members in member order, so that sums
        // and ties come out as in the full scan.
        eligible.sort_unstable();
        let mut best: Option<(f64, usize)> = None;
        for &g in &eligible {
            let (mut sum, mut max) = (0.0f64, 0.0f64);
            for &m in &members[g] {
                let sim = ix.similarity_marked(claims, i, m as usize, &in_i);
                if sim != 0.0 {
                    sum += sim;
                    max = max.max(sim);
                }
            }
            let mean = sum / members[g].len() as f64;
            let s = 0.5 * (max + mean);
            if s >= threshold && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, g));
            }
        }
        let g = match best {
            Some((_, g)) => g,
            None => {
                members.push(Vec::new());
                g_seen.push(u32::MAX);
                members.len() - 1
            }
        };
        for &t in &ix.terms[i] {
            in_i[t as usize] = false;
        }
        members[g].push(stamp);
        group_of.push(g);
        for &t in &ix.terms[i] {
            postings[t as usize].push(stamp);
        }
        for &q in &ix.quote_keys[i] {
            quote_postings[q as usize].push(stamp);
        }
    }
    group_of
}

const WORD: u8 = 1;
const NAME: u8 = 2;

/// The claims as numbers: term ids (given in sorted term order, so a claim's ids are in the
/// order of its terms), the weight and kind of each term, and each claim's own weight sum.
pub(crate) struct Interned {
    pub(crate) terms: Vec<Vec<u32>>,
    pub(crate) weight: Vec<f64>,
    kind: Vec<u8>,
    /// Per claim: its term weights summed in order, as `similarity_with` starts its total.
    total: Vec<f64>,
    has_name: Vec<bool>,
    /// Per claim: the distinct keys of its quoted words.
    quote_keys: Vec<Vec<u32>>,
    n_quote_keys: usize,
}

impl Interned {
    /// Under weights `w`.
    fn new(claims: &[ArticleClaim], w: &Weights) -> Interned {
        Interned::build(claims, |key, _| w.weight(key))
    }

    /// Under the weights [`Weights::from_claims`] gives these claims.
    pub(crate) fn from_claims(claims: &[ArticleClaim]) -> Interned {
        let n = claims.len();
        Interned::build(claims, |_, df| idf(n, df))
    }

    /// Under the weights [`Weights::from_claims`] gives these claims, their terms given as ids
    /// in `lex` (`ids[k]` for `claims[k]`, without repeats).
    pub(crate) fn from_ids(claims: &[ArticleClaim], ids: &[Vec<u32>], lex: &Lex) -> Interned {
        let n = claims.len();
        let mut first: HashMap<u32, u32> = HashMap::default();
        let mut vocab: Vec<&str> = Vec::new();
        let terms: Vec<Vec<u32>> = ids
            .iter()
            .map(|ts| {
                ts.iter()
                    .map(|&t| {
                        *first.entry(t).or_insert_with(|| {
                            vocab.push(lex.key(t));
                            vocab.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        Interned::from_vocab(claims, vocab, terms, |_, df| idf(n, df))
    }

    /// `weight(key, document frequency)` gives each term's weight.
    fn build(claims: &[ArticleClaim], weight: impl Fn(&str, usize) -> f64) -> Interned {
        // Ids by first appearance, then renumbered in term order.
        let mut first: HashMap<&str, u32> = HashMap::default();
        let mut vocab: Vec<&str> = Vec::new();
        let terms: Vec<Vec<u32>> = claims
            .iter()
            .map(|c| {
                c.terms
                    .iter()
                    .map(|t| {
                        *first.entry(t.as_str()).or_insert_with(|| {
                            vocab.push(t);
                            vocab.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        Interned::from_vocab(claims, vocab, terms, weight)
    }

    /// From the distinct keys of the claims (`vocab`) and each claim's terms as indexes into
    /// it: ids renumbered in key order, each claim's ids sorted (its terms in key order).
    fn from_vocab(
        claims: &[ArticleClaim],
        vocab: Vec<&str>,
        mut terms: Vec<Vec<u32>>,
        weight: impl Fn(&str, usize) -> f64,
    ) -> Interned {
        let mut order: Vec<u32> = (0..vocab.len() as u32).collect();
        order.sort_unstable_by_key(|&k| vocab[k as usize]);
        let mut rank = vec![0u32; vocab.len()];
        for (r, &k) in order.iter().enumerate() {
            rank[k as usize] = r as u32;
        }
        let mut df = vec![0usize; vocab.len()];
        for ts in &mut terms {
            for t in ts.iter_mut() {
                *t = rank[*t as usize];
                df[*t as usize] += 1;
            }
            ts.sort_unstable();
        }
        let weight: Vec<f64> = order
            .iter()
            .zip(&df)
            .map(|(&k, &d)| weight(vocab[k as usize], d))
            .collect();
        let kind: Vec<u8> = order
            .iter()
            .map(|&k| {
                let t = vocab[k as usize];
                if is_name(t) {
                    NAME
                } else if is_word(t) {
                    WORD
                } else {
                    0
                }
            })
            .collect();
        let total = terms
            .iter()
            .map(|ts| ts.iter().fold(0.0, |s, &t| s + weight[t as usize]))
            .collect();
        let has_name = terms
            .iter()
            .map(|ts| ts.iter().any(|&t| kind[t as usize] == NAME))
            .collect();
        let mut qid: HashMap<&str, u32> = HashMap::default();
        let quote_keys = claims
            .iter()
            .map(|c| {
                let mut ks: Vec<u32> = c
                    .quotes
                    .iter()
                    .flat_map(|q| &q.keys)
                    .map(|k| {
                        let next = qid.len() as u32;
                        *qid.entry(k.as_str()).or_insert(next)
                    })
                    .collect();
                ks.sort_unstable();
                ks.dedup();
                ks
            })
            .collect();
        Interned {
            terms,
            weight,
            kind,
            total,
            has_name,
            quote_keys,
            n_quote_keys: qid.len(),
        }
    }

    /// [`similarity_with`] of claim `a` to claim `b` sharing at least one word, given the
    /// weight they share (summed in `a`'s term order) and whether a name is among it.
    fn similarity(&self, a: usize, b: usize, shared: f64, shared_name: bool) -> f64 {
        let mut total = self.total[a];
        for &t in &self.terms[b] {
            total += self.weight[t as usize];
        }
        if total == 0.0 {
            return 0.0;
        }
        let mut sim = 2.0 * shared / total;
        if self.has_name[a] && self.has_name[b] && !shared_name {
            sim *= 0.5;
        }
        sim
    }

    /// [`Interned::similarity_of`] with `in_a[t]` true for the terms of `a` and false for the
    /// others: one pass over `b`'s terms. The shared weight is summed over the terms both hold
    /// in id order, as the merge sums it, and the total as [`Interned::similarity`] does.
    fn similarity_marked(&self, claims: &[ArticleClaim], a: usize, b: usize, in_a: &[bool]) -> f64 {
        let (ca, cb) = (&claims[a], &claims[b]);
        if !ca.quotes.is_empty() && !cb.quotes.is_empty() && share_quote(ca, cb) {
            return 1.0;
        }
        let (mut shared, mut kinds, mut total) = (0.0, 0u8, self.total[a]);
        for &t in &self.terms[b] {
            let w = self.weight[t as usize];
            total += w;
            if in_a[t as usize] {
                shared += w;
                kinds |= self.kind[t as usize];
            }
        }
        if kinds & WORD == 0 || total == 0.0 {
            return 0.0;
        }
        let mut sim = 2.0 * shared / total;
        if self.has_name[a] && self.has_name[b] && kinds & NAME == 0 {
            sim *= 0.5;
        }
        sim
    }

    /// [`similarity_with`] of claims `a` and `b` (indexes into `claims`, the claims this was
    /// built from), the same figure summed in the same order.
    pub(crate) fn similarity_of(&self, claims: &[ArticleClaim], a: usize, b: usize) -> f64 {
        let (ca, cb) = (&claims[a], &claims[b]);
        if !ca.quotes.is_empty() && !cb.quotes.is_empty() && share_quote(ca, cb) {
            return 1.0;
        }
        let (ta, tb) = (&self.terms[a], &self.terms[b]);
        let (mut shared, mut kinds, mut j) = (0.0, 0u8, 0);
        for &t in ta {
            while j < tb.len() && tb[j] < t {
                j += 1;
            }
            if j == tb.len() {
                break;
            }
            if tb[j] == t {
                shared += self.weight[t as usize];
                kinds |= self.kind[t as usize];
            }
        }
        if kinds & WORD == 0 {
            return 0.0;
        }
        self.similarity(a, b, shared, kinds & NAME != 0)
    }
}

/// [`cluster`] by comparing each claim with every member of every group.
fn cluster_scan(claims: &[ArticleClaim], w: &Weights, threshold: f64) -> Vec<usize> {
    let mut group_of = Vec::with_capacity(claims.len());
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let mut best: Option<(f64, usize)> = None;
        for (g, ms) in members.iter().enumerate() {
            let sims: Vec<f64> = ms
                .iter()
                .map(|&m| similarity_with(c, &claims[m], w))
                .collect();
            let max = sims.iter().copied().fold(0.0, f64::max);
            let mean = sims.iter().sum::<f64>() / sims.len().max(1) as f64;
            let s = 0.5 * (max + mean);
            if s >= threshold && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, g));
            }
        }
        match best {
            Some((_, g)) => {
                members[g].push(i);
                group_of.push(g);
            }
            None => {
                members.push(vec![i]);
                group_of.push(members.len() - 1);
            }
        }
    }
    group_of
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Span;
    use proptest::prelude::*;

    fn claim(terms: &[&str], quote: &[&str]) -> ArticleClaim {
        let mut terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        terms.sort();
        terms.dedup();
        let mut keys: Vec<String> = quote.iter().map(|t| t.to_string()).collect();
        keys.sort();
        keys.dedup();
        ArticleClaim {
            article: "a".into(),
            outlet: Some("s".into()),
            source: "s".into(),
            origin: "a".into(),
            span: Span::new(0, 1),
            text: terms.join(" "),
            content: Span::new(0, 1),
            attributed_to: None,
            explicit_speaker: false,
            quotes: if keys.is_empty() {
                Vec::new()
            } else {
                vec![QuotedWords {
                    text: keys.join(" "),
                    keys,
                    owner: None,
                    explicit: false,
                }]
            },
            terms,
            quantities: Vec::new(),
            negated: false,
            dates: Vec::new(),
            places: Vec::new(),
        }
    }

    const VOCAB: &[&str] = &[
        "ceasefir", "talk", "optim", "kill", "troop", "border", "@putin", "@peskov", "@kyiv",
        "#30", "#2", "meet", "sign", "deal",
    ];

    #[test]
    fn same_words_group_together() {
        let claims = [
            claim(&["ceasefir", "talk", "@putin"], &[]),
            claim(&["troop", "border", "@kyiv"], &[]),
            claim(&["ceasefir", "talk", "@putin", "optim"], &[]),
            claim(&["@putin", "@peskov"], &[]),
            claim(&["sign", "deal"], &["sign", "deal"]),
            claim(&["troop"], &["sign", "deal"]),
        ];
        let w = Weights::from_claims(&claims);
        assert_eq!(cluster(&claims, &w, SAME_CLAIM), [0, 1, 0, 2, 3, 3]);
    }

    /// Claims from generated (term, quote key) indexes into [`VOCAB`]; quote keys never
    /// start with `@` or `#`.
    fn claims_of_spec(spec: &[(Vec<usize>, Vec<usize>)]) -> Vec<ArticleClaim> {
        spec.iter()
            .map(|(t, q)| {
                let t: Vec<&str> = t.iter().map(|&k| VOCAB[k]).collect();
                let q: Vec<&str> = q
                    .iter()
                    .map(|&k| VOCAB[k])
                    .filter(|k| !k.starts_with(['@', '#']))
                    .collect();
                claim(&t, &q)
            })
            .collect()
    }

    proptest! {
        #[test]
        fn marked_similarity_is_the_merge(
            spec in proptest::collection::vec(
                (proptest::collection::vec(0..VOCAB.len(), 1..6),
                 proptest::collection::vec(0..VOCAB.len(), 0..3)),
                1..12),
        ) {
            let claims = claims_of_spec(&spec);
            let ix = Interned::from_claims(&claims);
            for a in 0..claims.len() {
                let mut in_a = vec![false; ix.weight.len()];
                for &t in &ix.terms[a] {
                    in_a[t as usize] = true;
                }
                for b in 0..claims.len() {
                    prop_assert_eq!(
                        ix.similarity_marked(&claims, a, b, &in_a).to_bits(),
                        ix.similarity_of(&claims, a, b).to_bits()
                    );
                }
            }
        }

        #[test]
        fn index_gives_the_full_scan(
            spec in proptest::collection::vec(
                (proptest::collection::vec(0..VOCAB.len(), 1..6),
                 proptest::collection::vec(0..VOCAB.len(), 0..3)),
                0..40),
            threshold in prop_oneof![Just(SAME_CLAIM), Just(0.1), Just(0.6), Just(0.0)],
        ) {
            let claims = claims_of_spec(&spec);
            for w in [Weights::from_claims(&claims), Weights::uniform()] {
                prop_assert_eq!(
                    cluster(&claims, &w, threshold),
                    cluster_scan(&claims, &w, threshold)
                );
            }
        }
    }
}
