//! The claim ledger: what each source of a story reports, what only one reports, where they
//! disagree, what each new article adds, and a brief whose every sentence cites its spans.
//!
//! The path of a story through this crate:
//! 1. [`claims_of`] cuts each article into clauses ([`ArticleClaim`]): attribution frames
//!    ("X said that ...", "..., said X", "according to X") become `attributed_to`, quoted words
//!    keep the person the article gives them to, and each clause gets its matching terms
//!    (stems, numbers written as digits, name keys).
//! 2. [`cluster`] aligns the clauses greedily in arrival order, with [`similarity_with`]
//!    (weighted term overlap, a predicate check, a name check, shared quotes).
//! 3. Each aligned group becomes a [`model::Claim`] with its support and independent sources
//!    (copies of one origin count once); [`flags::contradictions`] looks inside it for
//!    numbers, dates, places, negation, misattribution and quote drift.
//! 4. Novelty: in arrival order, the claims each article adds. Then the brief
//!    ([`brief::compose`]), checked by [`check_brief`].
//! 5. Events ([`story_events`]): the sentences of several articles that report one happening,
//!    a looser link than a claim, grouped online with article context ([`event`]); this is
//!    the alignment `storyline eval align` scores on ECB+.
//!
//! ```
//! use align::{align_story, StoryArticle};
//! use model::{Annotations, Article};
//! let mut a = Article::new("a1", "x");
//! a.source = Some("Wire".into());
//! a.paragraphs = vec!["The ministry said 30 people were hurt in the blast in Lyon.".into()];
//! let mut b = Article::new("b1", "y");
//! b.source = Some("Daily".into());
//! b.paragraphs = vec!["Thirty people were hurt in the Lyon blast, the ministry said.".into()];
//! let none = Annotations::default();
//! let out = align_story(&[
//!     StoryArticle { article: &a, annotations: &none, origin: "a1" },
//!     StoryArticle { article: &b, annotations: &none, origin: "b1" },
//! ]);
//! assert_eq!(out.claims[0].independent_sources, 2);
//! assert!(align::check_brief(&out.brief, &out.claims).is_ok());
//! ```

pub mod brief;
pub mod claims;
pub mod event;
pub mod flags;
mod lex;
pub mod norm;
pub mod similar;

pub use brief::check_brief;
pub use claims::{claims_of, ArticleClaim, QuotedWords};
pub use event::{
    event_similarity, group_events, passage_terms, story_events, Passage, EVENT_LINK,
    EVENT_PASSAGE_SHARE,
};
pub use similar::{cluster, same_claim, similarity, similarity_with, Weights, SAME_CLAIM};

use model::{
    stable_hash, Annotations, Article, BriefSentence, Claim, Contradiction, Event, Support,
};
use std::collections::{BTreeMap, BTreeSet};

/// What can go wrong in this crate: a brief that does not rest on claims.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum Error {
    #[error("brief sentence {index} has no citation: {text}")]
    Unsupported { index: usize, text: String },
    #[error("brief sentence {index} cites {article} {start}..{end}, which no claim supports")]
    UnknownCitation {
        index: usize,
        article: String,
        start: usize,
        end: usize,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

/// One article of a story, in arrival order, with its annotations and the origin it copies
/// (its own id when it is an original).
#[derive(Debug, Clone, Copy)]
pub struct StoryArticle<'a> {
    pub article: &'a Article,
    pub annotations: &'a Annotations,
    pub origin: &'a str,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    pub claims: Vec<Claim>,
    pub contradictions: Vec<Contradiction>,
    pub brief: Vec<BriefSentence>,
    /// The story's events (sentences of several articles that report one happening).
    pub events: Vec<Event>,
    /// Per article id: the claim ids it added, in arrival order.
    pub novel_claims: BTreeMap<String, Vec<String>>,
}

/// The claims of every article of a story, in arrival order, with outlet and origin set.
pub fn story_claims(items: &[StoryArticle<'_>]) -> Vec<ArticleClaim> {
    lex::with(|lex| {
        let (mut all, terms) = claims_of_story(items, &Texts::of(items), lex);
        for (c, t) in all.iter_mut().zip(&terms) {
            c.terms = lex.keys_of(t);
        }
        all
    })
}

/// Each article's body and sentences, read once for every step of a story's alignment.
struct Texts {
    bodies: Vec<String>,
    sentences: Vec<Vec<model::Span>>,
}

impl Texts {
    fn of(items: &[StoryArticle<'_>]) -> Texts {
        let bodies: Vec<String> = items.iter().map(|it| it.article.body()).collect();
        let sentences = bodies.iter().map(|b| text::sentences(b)).collect();
        Texts { bodies, sentences }
    }
}

/// The claims of a story (their terms left empty) and, per claim, its term ids in `lex`.
fn claims_of_story(
    items: &[StoryArticle<'_>],
    texts: &Texts,
    lex: &mut lex::Lex,
) -> (Vec<ArticleClaim>, Vec<Vec<u32>>) {
    let mut all = Vec::new();
    let mut all_terms = Vec::new();
    for (k, it) in items.iter().enumerate() {
        let (claims, terms) = claims::claims_in(
            it.article,
            it.annotations,
            &texts.bodies[k],
            &texts.sentences[k],
            lex,
        );
        for mut c in claims {
            c.origin = it.origin.to_string();
            all.push(c);
        }
        all_terms.extend(terms);
    }
    (all, all_terms)
}

/// Aligns the claims of a story's articles (given in arrival order).
pub fn align_story(items: &[StoryArticle<'_>]) -> Alignment {
    let texts = Texts::of(items);
    let (all, ix) = lex::with(|lex| {
        let (all, terms) = claims_of_story(items, &texts, lex);
        let ix = similar::Interned::from_ids(&all, &terms, lex);
        (all, ix)
    });
    // Every term of the story as a number, weighted by its IDF over the story's claims
    // ([`Weights::from_claims`]): comparisons below work on ids, never on strings.
    let group_of = similar::cluster_interned(&all, &ix, SAME_CLAIM);
    let n_groups = group_of.iter().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
    for (i, g) in group_of.iter().enumerate() {
        members[*g].push(i);
    }
    // Per clause, the first item with its article's id (items are expected to have distinct
    // ids; equal ids count as one article, as they would by name).
    let item_of: rustc_hash::FxHashMap<&str, usize> = items
        .iter()
        .enumerate()
        .rev()
        .map(|(k, it)| (it.article.id.as_str(), k))
        .collect();
    let article_of: Vec<usize> = all
        .iter()
        .map(|c| {
            item_of
                .get(c.article.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect();
    // Speaker roles are read only if two speakers need telling apart by them.
    let roles = flags::Roles::from_texts(texts.bodies.iter().map(String::as_str));

    let mut used_ids = BTreeSet::new();
    let mut claims = Vec::with_capacity(n_groups);
    let mut contradictions = Vec::new();
    let mut terms: Vec<Vec<u32>> = Vec::with_capacity(n_groups);
    for ms in &members {
        let first = &all[ms[0]];
        let mut id = format!("c-{:016x}", stable_hash(first.text.as_bytes()));
        let mut k = 1;
        while !used_ids.insert(id.clone()) {
            id = format!("c-{:016x}-{k}", stable_hash(first.text.as_bytes()));
            k += 1;
        }
        let mut support = Vec::new();
        let mut supported: rustc_hash::FxHashSet<(usize, model::Span)> = Default::default();
        let mut origins = BTreeSet::new();
        for &m in ms {
            let c = &all[m];
            origins.insert(c.origin.as_str());
            if supported.insert((article_of[m], c.span)) {
                support.push(Support {
                    article: c.article.clone(),
                    source: c.outlet.clone(),
                    span: c.span,
                });
            }
        }
        let refs: Vec<&ArticleClaim> = ms.iter().map(|&m| &all[m]).collect();
        let sim = |i: usize, j: usize| ix.similarity_of(&all, ms[i], ms[j]);
        contradictions.extend(flags::contradictions_by(&id, &refs, sim, &roles));
        claims.push(Claim {
            id,
            text: all[ms[representative(ms, &all, &ix)]].text.clone(),
            support,
            independent_sources: origins.len(),
            single_source: origins.len() == 1,
            attributed_to: speaker_of(&refs, &roles),
        });
        let mut t: Vec<u32> = ms
            .iter()
            .flat_map(|&m| ix.terms[m].iter().copied())
            .collect();
        t.sort_unstable();
        t.dedup();
        terms.push(t);
    }

    // Novelty, in arrival order: a claim is new for the article whose clause started it, and
    // news again for an article that changes one of its numbers. Lists hold group indexes
    // until they are in order.
    let mut novel: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (g, ms) in members.iter().enumerate() {
        let mut seen_values: BTreeSet<(String, String)> = BTreeSet::new();
        for (k, &m) in ms.iter().enumerate() {
            let c = &all[m];
            let values: Vec<(String, String)> = c
                .quantities
                .iter()
                .map(|q| {
                    (
                        q.unit.clone().unwrap_or_default(),
                        norm::format_number(q.value),
                    )
                })
                .collect();
            let changed = k > 0
                && values.iter().any(|(u, v)| {
                    seen_values.iter().any(|(su, sv)| su == u && sv != v)
                        && !seen_values.contains(&(u.clone(), v.clone()))
                });
            if k == 0 || changed {
                if let Some(list) = novel.get_mut(article_of[m]) {
                    if !list.contains(&g) {
                        list.push(g);
                    }
                }
            }
            seen_values.extend(values);
        }
    }
    // Keep each article's list in the order its clauses came.
    let mut novel_claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (a, mut list) in novel.into_iter().enumerate() {
        if item_of.get(items[a].article.id.as_str()) != Some(&a) {
            continue;
        }
        list.sort_by_key(|&g| {
            members[g]
                .iter()
                .find(|&&m| article_of[m] == a)
                .copied()
                .unwrap_or(usize::MAX)
        });
        let ids = list.into_iter().map(|g| claims[g].id.clone()).collect();
        novel_claims.insert(items[a].article.id.clone(), ids);
    }

    let cands: Vec<brief::Candidate<'_>> = claims
        .iter()
        .zip(&terms)
        .map(|(c, t)| {
            let mut outlets: Vec<String> = Vec::new();
            for s in &c.support {
                let o = s.source.clone().unwrap_or_else(|| s.article.clone());
                if !outlets.contains(&o) {
                    outlets.push(o);
                }
            }
            brief::Candidate {
                claim: c,
                terms: t,
                outlets,
            }
        })
        .collect();
    let brief = brief::compose(&cands, &contradictions);
    let mut claim_ids: Vec<&str> = vec![""; all.len()];
    for (g, ms) in members.iter().enumerate() {
        for &m in ms {
            claim_ids[m] = &claims[g].id;
        }
    }
    let events = event::events_of(
        items,
        &all,
        &claim_ids,
        &ix,
        &texts.bodies,
        &texts.sentences,
    );
    Alignment {
        claims,
        contradictions,
        brief,
        events,
        novel_claims,
    }
}

/// The member (an index into `ms`) that shares most with the others (ties: the earliest), so
/// a claim reads as what its sources agree on.
fn representative(ms: &[usize], all: &[ArticleClaim], ix: &similar::Interned) -> usize {
    let mut best = 0;
    let mut best_score = f64::MIN;
    for (k, &a) in ms.iter().enumerate() {
        let score: f64 = ms.iter().map(|&b| ix.similarity_of(all, a, b)).sum();
        let words = all[a].text.split_whitespace().count();
        let fits = (6..=45).contains(&words);
        let score = score + if fits { ms.len() as f64 } else { 0.0 };
        if score > best_score + 1e-9 {
            best_score = score;
            best = k;
        }
    }
    best
}

/// The speaker most members give the claim to (ties: the earliest), in its longest form.
fn speaker_of(refs: &[&ArticleClaim], roles: &flags::Roles<'_>) -> Option<String> {
    let mut votes: Vec<(String, usize)> = Vec::new();
    for c in refs {
        let Some(s) = c.attributed_to.as_deref() else {
            continue;
        };
        match votes.iter_mut().find(|v| {
            roles.same_speaker(&v.0, s) && {
                let a = v.0.split_whitespace().last().map(norm::name_key);
                let b = s.split_whitespace().last().map(norm::name_key);
                a == b
            }
        }) {
            Some(v) => {
                v.1 += 1;
                if s.len() > v.0.len() {
                    v.0 = s.to_string();
                }
            }
            None => votes.push((s.to_string(), 1)),
        }
    }
    let top = votes.iter().map(|v| v.1).max()?;
    votes.into_iter().find(|v| v.1 == top).map(|v| v.0)
}
