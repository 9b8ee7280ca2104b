//! When two claims say the same thing: weighted overlap of their content terms, a predicate
//! check, a name check, and shared quoted words; and the greedy clustering that aligns a
//! story's claims in arrival order.

use crate::claims::{ArticleClaim, QuotedWords};
use std::collections::BTreeMap;

/// The similarity at or above which two claims are the same claim (tuned on ECB+ train).
pub const SAME_CLAIM: f64 = 0.34;

/// Term weights: inverse document frequency over the claims being aligned, so the words every
/// claim of a story shares ("ceasefire", "Putin") count less than the ones that tell them apart.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    df: BTreeMap<String, usize>,
    n: usize,
}

impl Weights {
    /// Every term weighs 1.
    pub fn uniform() -> Weights {
        Weights::default()
    }

    pub fn from_claims(claims: &[ArticleClaim]) -> Weights {
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        for c in claims {
            for t in &c.terms {
                *df.entry(t.clone()).or_default() += 1;
            }
        }
        Weights {
            df,
            n: claims.len(),
        }
    }

    /// Weights over any units given as term lists (passages, articles): each list counts
    /// once per term it holds.
    pub fn from_terms<'t>(units: impl IntoIterator<Item = &'t [String]>) -> Weights {
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0;
        for u in units {
            n += 1;
            let mut seen: Vec<&String> = u.iter().collect();
            seen.sort();
            seen.dedup();
            for t in seen {
                *df.entry(t.clone()).or_default() += 1;
            }
        }
        Weights { df, n }
    }

    pub fn weight(&self, term: &str) -> f64 {
        if self.n == 0 {
            return 1.0;
        }
        let df = self.df.get(term).copied().unwrap_or(0) as f64;
        ((self.n as f64 + 1.0) / (df + 1.0)).ln() + 1.0
    }
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
    if share_quote(a, b) {
        return 1.0;
    }
    let mut shared = 0.0;
    let mut shared_word = false;
    let mut shared_name = false;
    for t in &a.terms {
        if b.terms.binary_search(t).is_ok() {
            shared += w.weight(t);
            shared_word |= is_word(t);
            shared_name |= is_name(t);
        }
    }
    if !shared_word {
        return 0.0;
    }
    let total: f64 = a.terms.iter().chain(&b.terms).map(|t| w.weight(t)).sum();
    if total == 0.0 {
        return 0.0;
    }
    let mut sim = 2.0 * shared / total;
    let names_a = a.terms.iter().any(|t| is_name(t));
    let names_b = b.terms.iter().any(|t| is_name(t));
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
/// is most similar to (its best member), when that is at least `threshold`, or starts a new
/// group. Returns the group index of each claim; groups are numbered in order of creation.
pub fn cluster(claims: &[ArticleClaim], w: &Weights, threshold: f64) -> Vec<usize> {
    let mut group_of = Vec::with_capacity(claims.len());
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        let mut best: Option<(f64, usize)> = None;
        for (g, ms) in members.iter().enumerate() {
            // Half the best member, half the average: a chain of near neighbours does not
            // pull unrelated claims together.
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
