//! Which stretches of a text each time rule has to search: most sentences hold no digit, month,
//! unit or other time word, and searching 42 regexes over them all was most of the cost.
//!
//! A text is cut at characters no rule can match across (quotes, brackets, sentence-ending
//! dots...): every match lies inside one such stretch. A rule is searched in a stretch only if
//! the stretch holds what every match of the rule holds (`Rule::needs`: a digit, one of some
//! words; one aho-corasick pass over the whole text finds the words). Searching the stretches one by one,
//! with the text around them as context for `\b`, finds exactly the matches a search of the
//! whole text finds (a test compares both).

use super::rules;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A stretch of text to search and the rules to search in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    /// The end of the haystack to search: `end` plus the character that closes the stretch,
    /// so that `\b` at its end sees what follows (no match can hold that character).
    pub hay_end: usize,
    /// Bit `i` set: rule `i` may match here.
    pub rules: u64,
}

/// The words the rules need, in two automata (any case, exact case), with the rules each
/// automaton pattern stands for.
struct Anchors {
    automata: Vec<(AhoCorasick, Vec<u64>)>,
    /// Rules that need a word.
    wordy: u64,
    /// Rules that need a digit.
    digit: u64,
    /// Every rule.
    all: u64,
}

impl Anchors {
    /// The rules a stretch allows, from the words found in it and whether it holds a digit.
    fn allowed(&self, words: u64, digit: bool) -> u64 {
        let by_words = words | (self.all & !self.wordy);
        let by_digit = if digit {
            self.all
        } else {
            self.all & !self.digit
        };
        by_words & by_digit
    }
}

fn anchors() -> &'static Anchors {
    static ANCHORS: OnceLock<Anchors> = OnceLock::new();
    ANCHORS.get_or_init(|| {
        let rules = rules::rules();
        debug_assert!(rules.len() <= 64, "rule masks are u64");
        let mut by_word: [BTreeMap<&'static str, u64>; 2] = Default::default();
        let (mut wordy, mut digit, mut all) = (0, 0, 0);
        for (i, r) in rules.iter().enumerate().take(64) {
            let bit = 1u64 << i;
            all |= bit;
            if r.needs.digit {
                digit |= bit;
            }
            if !r.needs.words.is_empty() {
                wordy |= bit;
            }
            for &w in r.needs.words {
                *by_word[usize::from(r.needs.exact_case)]
                    .entry(w)
                    .or_default() |= bit;
            }
        }
        let mut automata = Vec::new();
        for (exact, words) in by_word.iter().enumerate() {
            if words.is_empty() {
                continue;
            }
            let built = AhoCorasickBuilder::new()
                .ascii_case_insensitive(exact == 0)
                .match_kind(MatchKind::Standard)
                .build(words.keys());
            match built {
                Ok(ac) => automata.push((ac, words.values().copied().collect())),
                // Without the automaton no stretch can be ruled out by words.
                Err(_) => wordy = 0,
            }
        }
        Anchors {
            automata,
            wordy,
            digit,
            all,
        }
    })
}

/// Characters a case-insensitive rule matches as an ASCII letter ("ſ" as "s", the Kelvin sign
/// as "k"): the ASCII anchors do not see them.
fn folds_to_ascii(c: char) -> bool {
    matches!(c, '\u{17F}' | '\u{212A}')
}

/// Month abbreviations the rules allow before a dot ("Jan.", "Sept.").
const DOTTED: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether the dot at byte `i` can sit inside a match: in a decimal ("3.5"), after a single
/// letter ("a.m.", "p.m.") or after a month abbreviation ("Jan. 5").
fn dot_inside(text: &str, i: usize) -> bool {
    if text[i + 1..].chars().next().is_some_and(char::is_numeric) {
        return true;
    }
    let before = &text.as_bytes()[..i];
    let letters = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if letters == 1 {
        return true;
    }
    let run = &before[i - letters..];
    DOTTED.iter().any(|m| {
        run.len() >= m.len() && run[run.len() - m.len()..].eq_ignore_ascii_case(m.as_bytes())
    })
}

/// Whether a match of some rule can hold the character `c` at byte `i` (anything but letters,
/// digits, spaces and `- , ' : / .` closes a stretch; so does a sentence-ending dot).
fn inside(text: &str, i: usize, c: char) -> bool {
    match c {
        '-' | ',' | '\'' | ':' | '/' => true,
        '.' => dot_inside(text, i),
        c => c.is_alphanumeric() || c.is_whitespace(),
    }
}

/// The stretches of `text` where some rule may match, in text order, with those rules.
pub fn windows(text: &str) -> Vec<Window> {
    let an = anchors();
    // Stretches first, with whether they hold a digit (in `rules`, 1) or a character the
    // ASCII automata cannot see (all rules).
    let mut stretches: Vec<Window> = Vec::new();
    let mut start = 0;
    let mut flags = 0u64;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Letters and spaces, the bulk of any text, first.
        if b.is_ascii_alphabetic() || b == b' ' {
            i += 1;
            continue;
        }
        if b.is_ascii_digit() {
            flags |= DIGIT_SEEN;
            i += 1;
            continue;
        }
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            text[i..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        let len = c.len_utf8();
        if inside(text, i, c) {
            if !c.is_ascii() {
                if c.is_numeric() {
                    flags |= DIGIT_SEEN;
                }
                if folds_to_ascii(c) {
                    flags |= FOLDED_SEEN;
                }
            }
            i += len;
            continue;
        }
        if i > start {
            stretches.push(Window {
                start,
                end: i,
                hay_end: i + len,
                rules: flags,
            });
        }
        i += len;
        start = i;
        flags = 0;
    }
    if start < text.len() {
        stretches.push(Window {
            start,
            end: text.len(),
            hay_end: text.len(),
            rules: flags,
        });
    }
    let mut words = vec![0u64; stretches.len()];
    for (ac, masks) in &an.automata {
        // Hits come by end; anchors hold no character that closes a stretch, so a hit lies
        // inside the first stretch that ends at or after it, if that one starts before it.
        let mut k = 0;
        for m in ac.find_overlapping_iter(text) {
            while k < stretches.len() && stretches[k].end < m.end() {
                k += 1;
            }
            if stretches.get(k).is_some_and(|w| w.start <= m.start()) {
                words[k] |= masks[m.pattern().as_usize()];
            }
        }
    }
    for (w, words) in stretches.iter_mut().zip(words) {
        w.rules = if w.rules & FOLDED_SEEN != 0 {
            an.all
        } else {
            an.allowed(words, w.rules & DIGIT_SEEN != 0)
        };
    }
    stretches.retain(|w| w.rules != 0);
    stretches
}

/// Flags of a stretch while it is cut.
const DIGIT_SEEN: u64 = 1;
const FOLDED_SEEN: u64 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        windows(text)
            .iter()
            .map(|w| &text[w.start..w.end])
            .collect()
    }

    #[test]
    fn stretches_end_at_sentence_dots_and_quotes() {
        assert_eq!(
            cut("He came on Jan. 5 at 3 p.m. EST. \"Talks\" last 2.5 hours (no). Fine."),
            ["He came on Jan. 5 at 3 p.m. EST", " last 2.5 hours "]
        );
        // No anchor, no stretch.
        assert!(cut("Nothing to see here. Really.").is_empty());
        // "ſ" and the Kelvin sign make every rule a candidate.
        assert_eq!(windows("weekſ").len(), 1);
    }
}
