//! Windows met before: the candidates the rules found in a window of a text (see
//! `time/prefilter.rs`), kept by every byte their finding read, so that a sentence met again
//! (a wire story's text in its copies and rewrites) is not searched again.
//!
//! A window's finding reads the window, the character before it (`\b`), the character that
//! closes it, and what the rules' builders look at around their matches (`rules::Ctx` notes
//! it). The memo's key is the first three with the window's rules; each entry holds the
//! findings met under it with the bytes their builders read beyond the key (and whether those
//! reads reached the start or the end of the text). A finding is reused only where those bytes
//! are the same, so it equals finding afresh: the same bytes read give the same steps.

use super::prefilter::Window;
use super::rules::Reads;
use super::{window_candidates, Candidate};
use model::Span;
use rustc_hash::FxHashMap;
use std::sync::{Mutex, PoisonError};

/// Upper bound on what the memo holds (keys, context bytes, candidates), in bytes; it starts
/// afresh when full.
const MEMO_BYTES: usize = 16 << 20;

/// Findings kept under one key at most (a key read in many contexts keeps its first ones).
const MAX_VARIANTS: usize = 8;

/// One finding of a window: the bytes read before and after the key's bytes, and the
/// candidates with spans from the key's start.
struct Variant {
    before: Box<[u8]>,
    /// The reads reached the start of the text (so the text must start there again).
    at_start: bool,
    after: Box<[u8]>,
    /// The reads reached the end of the text.
    at_end: bool,
    found: Box<[Candidate]>,
}

impl Variant {
    /// Whether `text`, around key bytes at `base`, holds the bytes this finding read.
    fn fits(&self, text: &[u8], base: Reads) -> bool {
        let Some(lo) = base.lo.checked_sub(self.before.len()) else {
            return false;
        };
        let hi = base.hi + self.after.len();
        hi <= text.len()
            && (!self.at_start || lo == 0)
            && (!self.at_end || hi == text.len())
            && text[lo..base.lo] == *self.before
            && text[base.hi..hi] == *self.after
    }

    /// The finding `found` of the window with key bytes at `base`, which read `read` of `text`.
    fn of(text: &[u8], base: Reads, read: Reads, found: &[Candidate]) -> Variant {
        let found = found
            .iter()
            .map(|c| Candidate {
                span: Span::new(c.span.start - base.lo, c.span.end - base.lo),
                ..c.clone()
            })
            .collect();
        Variant {
            before: text[read.lo..base.lo].into(),
            at_start: read.lo == 0,
            after: text[base.hi..read.hi].into(),
            at_end: read.hi == text.len(),
            found,
        }
    }

    /// The candidates, for key bytes at `base.lo`.
    fn at(&self, base: Reads) -> Vec<Candidate> {
        self.found
            .iter()
            .map(|c| Candidate {
                span: Span::new(c.span.start + base.lo, c.span.end + base.lo),
                ..c.clone()
            })
            .collect()
    }

    fn size(&self, key: &[u8]) -> usize {
        key.len()
            + self.before.len()
            + self.after.len()
            + self.found.len() * (std::mem::size_of::<Candidate>() + 32)
            + 96
    }
}

#[derive(Default)]
struct Memo {
    found: FxHashMap<Box<[u8]>, Vec<Variant>>,
    bytes: usize,
}

/// The bytes every finding of window `w` reads: the window, the character before it and the
/// one that closes it.
fn base(text: &str, w: &Window) -> Reads {
    let before = text[..w.start]
        .chars()
        .next_back()
        .map_or(0, char::len_utf8);
    Reads {
        lo: w.start - before,
        hi: w.hay_end,
    }
}

/// The memo key of window `w`: its rules, whether its bytes start or end the text, its bytes.
fn key(text: &str, w: &Window) -> Vec<u8> {
    let b = base(text, w);
    let mut key = Vec::with_capacity(b.hi - b.lo + 9);
    key.extend_from_slice(&w.rules.to_le_bytes());
    key.push(u8::from(b.lo == 0) | (u8::from(b.hi == text.len()) << 1));
    key.extend_from_slice(&text.as_bytes()[b.lo..b.hi]);
    key
}

/// The candidates of `windows` (the prefilter's windows of `text`, in order), in text order:
/// each window's from the memo where its bytes were met before, else found afresh
/// ([`window_candidates`]) and kept.
pub(super) fn candidates(text: &str, windows: &[Window]) -> Vec<Candidate> {
    static MEMO: Mutex<Option<Memo>> = Mutex::new(None);
    // A poisoned memo (a panic while another thread held it) is only a cache: go on with it.
    let lock = || MEMO.lock().unwrap_or_else(PoisonError::into_inner);
    let bytes = text.as_bytes();
    let keys: Vec<Vec<u8>> = windows.iter().map(|w| key(text, w)).collect();
    let mut found: Vec<Option<Vec<Candidate>>> = {
        let mut memo = lock();
        let memo = memo.get_or_insert_with(Memo::default);
        windows
            .iter()
            .zip(&keys)
            .map(|(w, k)| {
                let b = base(text, w);
                let v = memo.found.get(&k[..])?.iter().find(|v| v.fits(bytes, b))?;
                Some(v.at(b))
            })
            .collect()
    };
    let mut met = Vec::new();
    for ((w, key), f) in windows.iter().zip(keys).zip(&mut found) {
        if f.is_none() {
            let (c, read) = window_candidates(text, w);
            let b = base(text, w);
            met.push((key, b, Variant::of(bytes, b, read, &c)));
            *f = Some(c);
        }
    }
    if !met.is_empty() {
        let mut memo = lock();
        let memo = memo.get_or_insert_with(Memo::default);
        for (key, b, v) in met {
            let size = v.size(&key);
            if memo.bytes + size > MEMO_BYTES {
                *memo = Memo::default();
            }
            let variants = memo.found.entry(key.into_boxed_slice()).or_default();
            // A window met twice in one text is kept once.
            if variants.len() < MAX_VARIANTS && !variants.iter().any(|u| u.fits(bytes, b)) {
                variants.push(v);
                memo.bytes += size;
            }
        }
    }
    found.into_iter().flatten().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::super::{candidates_unfiltered, prefilter};
    use super::*;

    fn found(c: &[Candidate]) -> Vec<(Span, usize, String)> {
        c.iter()
            .map(|c| (c.span, c.rule, format!("{:?}", c.sem)))
            .collect()
    }

    #[test]
    fn a_window_met_again_elsewhere_gets_what_finding_it_afresh_finds() {
        let s = "Talks resumed on Thursday, three days after the March 3 attack, at 5 p.m. EST.";
        let bodies = [
            format!("Intro.\n\n{s}"),
            format!("A much longer opening paragraph of another article, in 1990.\n\n{s}\n\nEnd."),
            s.to_string(),
            format!("{s} It cost 20% a year; {s}"),
        ];
        for body in bodies.iter().chain(&bodies) {
            let got = candidates(body, &prefilter::windows(body));
            assert!(got.len() >= 4, "the test sentence should hold expressions");
            assert_eq!(found(&got), found(&candidates_unfiltered(body)), "{body:?}");
        }
    }

    #[test]
    fn bytes_a_builder_reads_beyond_the_window_are_part_of_the_finding() {
        // "a year" after an amount is a rate: its builder reads the words before the window.
        let text = "Over the last quarter it cost 20% a year.";
        let windows = prefilter::windows(text);
        let w = windows
            .iter()
            .find(|w| text[w.start..w.end].contains("a year"))
            .copied();
        let Some(w) = w else {
            panic!("no window holds \"a year\": {windows:?}")
        };
        let (c, read) = window_candidates(text, &w);
        assert_eq!(c.len(), 1);
        let b = base(text, &w);
        assert!(read.lo < b.lo, "{read:?} should reach before {b:?}");
        let v = Variant::of(text.as_bytes(), b, read, &c);
        assert!(v.fits(text.as_bytes(), b));
        // The same window after other bytes is not that finding.
        let other = "Over the last quarter it was 20% a year.";
        let w2 = prefilter::windows(other)
            .into_iter()
            .find(|w| other[w.start..w.end].contains("a year"));
        let Some(w2) = w2 else {
            panic!("no window holds \"a year\" in {other:?}")
        };
        assert_eq!(key(text, &w), key(other, &w2));
        assert!(!v.fits(other.as_bytes(), base(other, &w2)));
        // Bytes before what it read do not matter.
        assert!(!v.at_start);
        let longer = format!("So. {text}");
        let w3 = prefilter::windows(&longer)
            .into_iter()
            .find(|w| longer[w.start..w.end].contains("a year"));
        let Some(w3) = w3 else {
            panic!("no window holds \"a year\" in {longer:?}")
        };
        assert!(v.fits(longer.as_bytes(), base(&longer, &w3)));
    }
}
