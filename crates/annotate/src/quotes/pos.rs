//! Part-of-speech tags for the attribution tagger: a lexicon of Penn tags learnt offline from
//! spaCy's small English model on PolNeAR's train split (`scripts/train-quotes-pos.py`; 89% of
//! spaCy's tags on held-out text), with suffix and shape guesses for words it does not hold,
//! and the noun phrases read off the tags.

use super::tagger::Part;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// `word<TAB>tag<TAB>ambiguity class` lines; `~abc` lines hold three-letter suffixes.
const LEXICON: &str = include_str!("../../models/quotes-pos.tsv");

/// A word's most frequent tag and its ambiguity class (its tags of 10% or more, e.g.
/// `VBD|VBN`), as feature parts.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tag {
    pub top: Part<'static>,
    pub class: Part<'static>,
}

struct Lexicon {
    words: FxHashMap<&'static str, Tag>,
    suffixes: FxHashMap<&'static str, Tag>,
}

/// The lexicon text: the shipped one; tests may read another (`QUOTES_POS_LEXICON`) for model
/// selection on held-out text.
fn lexicon_text() -> &'static str {
    #[cfg(test)]
    if let Ok(path) = std::env::var("QUOTES_POS_LEXICON") {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        return Box::leak(text.into_boxed_str());
    }
    LEXICON
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut words = FxHashMap::default();
        let mut suffixes = FxHashMap::default();
        for line in lexicon_text().lines() {
            let mut cols = line.split('\t');
            let (Some(w), Some(top), Some(class)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let tag = Tag {
                top: Part::of(top),
                class: Part::of(class),
            };
            match w.strip_prefix('~') {
                Some(s) if !s.is_empty() => suffixes.insert(s, tag),
                _ => words.insert(w, tag),
            };
        }
        Lexicon { words, suffixes }
    })
}

/// A guessed tag of a word the lexicon does not hold.
fn guessed(t: &'static str) -> Tag {
    let p = Part::of(t);
    Tag { top: p, class: p }
}

/// The tag of `word` (`lower` is its lower-cased form).
pub(super) fn tag(word: &str, lower: &str) -> Tag {
    const CD: &str = "CD";
    const NNP: &str = "NNP";
    const NN: &str = "NN";
    const SYM: &str = "SYM";
    let lex = lexicon();
    if let Some(t) = lex.words.get(lower) {
        return *t;
    }
    // "Trump's", "Clinton’s": the word before the apostrophe.
    if let Some(k) = lower.find(['\'', '’']).filter(|&k| k > 0) {
        if let Some(t) = lex.words.get(&lower[..k]) {
            return *t;
        }
    }
    if word.chars().next().is_some_and(char::is_uppercase) {
        return guessed(NNP);
    }
    if lower.chars().count() > 3 && lower.chars().all(char::is_alphabetic) {
        let at = lower.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
        if let Some(t) = lex.suffixes.get(&lower[at..]) {
            return *t;
        }
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        guessed(CD)
    } else if word.chars().all(char::is_alphabetic) {
        guessed(NN)
    } else {
        guessed(SYM)
    }
}

/// True for tags that make up a noun phrase (determiners, adjectives, nouns, pronouns,
/// numbers, possessive endings).
pub(super) fn nominal(top: &str) -> bool {
    matches!(
        top,
        "DT" | "PDT"
            | "JJ"
            | "JJR"
            | "JJS"
            | "NN"
            | "NNS"
            | "NNP"
            | "NNPS"
            | "PRP"
            | "PRP$"
            | "CD"
            | "POS"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str, expected: &str) {
        let lower = word.to_lowercase();
        assert_eq!(tag(word, &lower).top.text, expected, "{word}");
    }

    #[test]
    fn tags_of_known_and_unknown_words() {
        check("said", "VBD");
        check("the", "DT");
        check("Zqxwvybrook", "NNP");
        check("blorfingly", "RB");
        check("2016", "CD");
        check("Trump's", "NNP");
    }
}
