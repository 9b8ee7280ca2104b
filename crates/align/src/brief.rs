//! The brief: five to eight sentences taken or composed only from a story's claims, most
//! corroborated first, then what is disputed and what rests on one outlet, every sentence
//! carrying the spans it rests on; and [`check_brief`], which rejects a sentence without them.

use crate::Error;
use model::{BriefSentence, Citation, Claim, Contradiction};
use std::collections::BTreeSet;

/// At most this many sentences.
pub const MAX_SENTENCES: usize = 8;
/// Corroborated claims first, up to this many.
const MAX_CORROBORATED: usize = 5;

/// A claim as the brief sees it: the claim, its matching terms (for redundancy) and whether it
/// reads as a sentence on its own.
pub struct Candidate<'a> {
    pub claim: &'a Claim,
    /// The ids of its matching terms, sorted.
    pub terms: &'a [u32],
    /// Outlets in support order, deduplicated.
    pub outlets: Vec<String>,
}

fn citations(c: &Claim) -> Vec<Citation> {
    let mut seen = BTreeSet::new();
    c.support
        .iter()
        .filter(|s| seen.insert((s.article.clone(), s.span)))
        .map(|s| Citation {
            article: s.article.clone(),
            span: s.span,
        })
        .collect()
}

/// A clause cleaned to stand as a sentence: leading conjunctions dropped, the first letter
/// upper-cased, a full stop at the end.
fn as_sentence(s: &str) -> String {
    let mut t = s
        .trim()
        .trim_start_matches(['"', '“', '\'', '‘', ',', ' '])
        .to_string();
    for lead in [
        "and ",
        "but ",
        "And ",
        "But ",
        "However, ",
        "Meanwhile, ",
        "So, ",
    ] {
        if let Some(x) = t.strip_prefix(lead) {
            t = x.to_string();
        }
    }
    let mut chars = t.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    let quotes_open = out.matches(['"', '“', '”']).count() % 2 == 1;
    if quotes_open {
        out = out.replace(['"', '“', '”'], "");
    }
    let end = out.trim_end_matches(['.', ',', ';', ':', ' ']).to_string();
    if end.ends_with(['!', '?', '”', '"', '\'', '’']) {
        end
    } else {
        format!("{end}.")
    }
}

/// "The Kremlin said" -> "the Kremlin said" when the first word is a function word (never a
/// name), for use after a lead-in.
fn lower_first(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    if text::is_stopword(&first.to_lowercase()) {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    } else {
        s.to_string()
    }
}

fn overlap(a: &[u32], b: &[u32]) -> f64 {
    let common = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    let shorter = a.len().min(b.len()).max(1);
    common as f64 / shorter as f64
}

fn readable(text: &str) -> bool {
    let n = text.split_whitespace().count();
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_start_matches(['"', '“', '\'', '‘'])
        .to_lowercase();
    let dangling = matches!(
        first.as_str(),
        "he" | "she"
            | "they"
            | "it"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
    );
    (6..=55).contains(&n) && !dangling
}

/// Composes the brief from candidates in claim order and the story's contradictions.
pub fn compose(cands: &[Candidate<'_>], contradictions: &[Contradiction]) -> Vec<BriefSentence> {
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cands[i].claim.independent_sources));
    let disputed: BTreeSet<&str> = contradictions
        .iter()
        .flat_map(|c| c.claims.iter().map(String::as_str))
        .collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let redundant = |i: usize, chosen: &[usize]| {
        chosen
            .iter()
            .any(|&j| overlap(cands[i].terms, cands[j].terms) >= 0.5)
    };
    // 1. Corroborated.
    for &i in &order {
        let c = cands[i].claim;
        if out.len() >= MAX_CORROBORATED || c.independent_sources < 2 {
            break;
        }
        if !readable(&c.text) || redundant(i, &chosen) {
            continue;
        }
        chosen.push(i);
        out.push(BriefSentence {
            text: as_sentence(&c.text),
            citations: citations(c),
        });
    }
    // 2. Disputed.
    for k in contradictions.iter().take(2) {
        let Some(i) = cands.iter().position(|c| k.claims.contains(&c.claim.id)) else {
            continue;
        };
        let what = match k.kind.as_str() {
            "speaker" => "who said it",
            "quote-drift" => "the exact words",
            "number" => "the figures",
            "date" => "the date",
            "place" => "the place",
            _ => "whether it happened",
        };
        out.push(BriefSentence {
            text: format!(
                "Outlets differ on {what}: {}.",
                k.note.trim_end_matches('.')
            ),
            citations: citations(cands[i].claim),
        });
        chosen.push(i);
    }
    // 3. Single-sourced, then anything left, until the brief has five sentences.
    for pass in 0..2 {
        for &i in &order {
            if out.len() >= MAX_SENTENCES || (pass == 1 && out.len() >= 5) {
                break;
            }
            let c = cands[i].claim;
            if chosen.contains(&i) || disputed.contains(c.id.as_str()) {
                continue;
            }
            if (pass == 0) != c.single_source || !readable(&c.text) || redundant(i, &chosen) {
                continue;
            }
            if pass == 0 && out.len() >= 7 {
                break;
            }
            let outlet = cands[i].outlets.first().cloned().unwrap_or_default();
            let body = lower_first(&as_sentence(&c.text));
            chosen.push(i);
            out.push(BriefSentence {
                text: format!("Only {outlet} reports that {body}"),
                citations: citations(c),
            });
        }
    }
    out
}

/// Rejects a brief with a sentence that carries no citation, or a citation that is not the
/// span of some claim's support.
pub fn check_brief(brief: &[BriefSentence], claims: &[Claim]) -> Result<(), Error> {
    let known: BTreeSet<(&str, model::Span)> = claims
        .iter()
        .flat_map(|c| c.support.iter().map(|s| (s.article.as_str(), s.span)))
        .collect();
    for (i, s) in brief.iter().enumerate() {
        if s.citations.is_empty() {
            return Err(Error::Unsupported {
                index: i,
                text: s.text.clone(),
            });
        }
        for c in &s.citations {
            if !known.contains(&(c.article.as_str(), c.span)) {
                return Err(Error::UnknownCitation {
                    index: i,
                    article: c.article.clone(),
                    start: c.span.start,
                    end: c.span.end,
                });
            }
        }
    }
    Ok(())
}
