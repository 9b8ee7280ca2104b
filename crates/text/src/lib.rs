//! Text utilities shared by the stages. Everything that cuts text returns byte spans into the
//! input, so later stages can point back at the exact bytes.
//!
//! ```
//! let t = "Mr. Peskov said on Friday. Talks go on.";
//! let s = text::sentences(t);
//! assert_eq!(s.len(), 2);
//! assert_eq!(s[0].slice(t), "Mr. Peskov said on Friday.");
//! let w: Vec<_> = text::tokens(t).iter().map(|tk| tk.text(t)).collect();
//! assert_eq!(&w[..3], &["Mr", "Peskov", "said"]);
//! assert_eq!(text::stem("talks"), "talk");
//! ```

mod lang;
mod sentence;
mod stop;

pub use lang::detect_language;
pub use model::Span;
pub use sentence::sentences;
pub use stop::is_stopword;

/// The English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// A word token: a maximal run of alphanumeric characters, with inner apostrophes, hyphens
/// and dots between digits kept ("don't", "30-day", "3.5").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
}

impl Token {
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }
}

/// Splits `text` into word tokens with their byte spans.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // The character at byte `i` (not ASCII) and its length.
    let wide = |i: usize| -> (char, usize) {
        text[i..]
            .chars()
            .next()
            .map_or((' ', 1), |c| (c, c.len_utf8()))
    };
    // The character that ends at byte `i`, if any.
    let before = |i: usize| -> Option<char> { text[..i].chars().next_back() };
    // About one token in six bytes of English prose.
    let mut out = Vec::with_capacity(n / 6 + 1);
    let mut i = 0;
    'text: loop {
        // Between tokens: to the next alphanumeric character.
        let start = loop {
            let Some(&b) = bytes.get(i) else {
                break 'text;
            };
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let (c, len) = wide(i);
                if c.is_alphanumeric() {
                    break i;
                }
                i += len;
            }
        };
        // In a token: over alphanumeric characters and the marks kept between them.
        loop {
            while i < n && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let Some(&b) = bytes.get(i) else {
                out.push(Token {
                    span: Span::new(start, n),
                });
                break 'text;
            };
            let (c, len) = if b.is_ascii() {
                (char::from(b), 1)
            } else {
                wide(i)
            };
            if c.is_alphanumeric() {
                i += len;
                continue;
            }
            let keep = matches!(c, '\'' | '’' | '-' | '.' | ',')
                && match bytes.get(i + len) {
                    Some(&nb) => {
                        let next = if nb.is_ascii() {
                            char::from(nb)
                        } else {
                            wide(i + len).0
                        };
                        next.is_alphanumeric() && {
                            // In a token, so there is a character before this one.
                            let p = before(i).unwrap_or(' ');
                            match c {
                                '.' | ',' if p.is_ascii_digit() => next.is_ascii_digit(),
                                // Acronyms with dots: "U.S", "U.N".
                                '.' => {
                                    p.is_uppercase()
                                        && next.is_uppercase()
                                        && !before(i - p.len_utf8())
                                            .is_some_and(char::is_alphanumeric)
                                }
                                ',' => false,
                                _ => true,
                            }
                        }
                    }
                    None => false,
                };
            i += len;
            if !keep {
                out.push(Token {
                    span: Span::new(start, i - len),
                });
                continue 'text;
            }
        }
    }
    out
}

/// Lower-cased word strings of `text`.
pub fn words(text: &str) -> Vec<String> {
    tokens(text)
        .iter()
        .map(|t| t.text(text).to_lowercase())
        .collect()
}

thread_local! {
    static STEMMER: RefCell<rust_stemmers::Stemmer> =
        RefCell::new(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    /// Stems already computed on this thread: the same words come back all the time.
    static STEMS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// Words longer than this are stemmed without being remembered.
const STEM_CACHE_WORD: usize = 40;
/// The cache starts over when it holds this many words.
const STEM_CACHE_SIZE: usize = 200_000;

/// English Snowball stem of a lower-cased word.
pub fn stem(word: &str) -> String {
    if word.len() > STEM_CACHE_WORD {
        return STEMMER.with(|s| s.borrow().stem(word).into_owned());
    }
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(word) {
            return s.clone();
        }
        let s = STEMMER.with(|s| s.borrow().stem(word).into_owned());
        let mut cache = cache.borrow_mut();
        if cache.len() >= STEM_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(word.to_string(), s.clone());
        s
    })
}

/// Content terms of `text`: lower-cased, stop words and one-letter tokens dropped, stemmed.
pub fn content_terms(text: &str) -> Vec<String> {
    tokens(text)
        .iter()
        .map(|t| t.text(text).to_lowercase())
        .filter(|w| w.chars().count() > 1 && !is_stopword(w))
        .map(|w| stem(&w))
        .collect()
}

/// Folds typographic quotes, dashes and spaces to ASCII and collapses white space, for
/// comparisons (never for output: it does not keep offsets).
pub fn fold(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut i = 0;
    // ASCII (most of every text) byte by byte; anything else decoded as a char.
    let chars = std::iter::from_fn(|| {
        let (c, len) = match *bytes.get(i)? {
            b'`' => ('\'', 1),
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => (' ', 1),
            b if b < 0x80 => (char::from(b), 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (fold_char(c), c.len_utf8())
            }
        };
        i += len;
        Some(c)
    });
    collapse_spaces(chars, text.len())
}

/// The characters `chars` with runs of spaces made one and spaces at either end dropped.
fn collapse_spaces(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = false;
    for c in chars {
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// What [`fold`] makes of one character before white space is collapsed.
fn fold_char(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '`' | '´' => '\'',
        '“' | '”' | '„' | '‟' | '«' | '»' => '"',
        '–' | '—' | '‑' | '‒' | '―' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// The month number of an English month name or its abbreviation ("March", "Mar.", "Sept"),
/// read from its first three letters.
pub fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let key = w.get(..3)?;
    MONTHS.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

/// True when the word starts with an upper-case letter.
#[inline]
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tokens_keep_inner_marks() {
        let t = "The 30-day truce, don't 3.5 U.S. (Kyiv)";
        let w: Vec<_> = tokens(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(w, ["The", "30-day", "truce", "don't", "3.5", "U.S", "Kyiv"]);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("DEC"), Some(12));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Monday"), None);
    }

    #[test]
    fn fold_normalises_quotes() {
        assert_eq!(
            fold("“cautious  optimism”\n— yes"),
            "\"cautious optimism\" - yes"
        );
    }

    /// The straightforward form of [`tokens`] (a vector of all characters, looked at by
    /// index), kept as the oracle of the streaming one.
    fn tokens_by_index(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(s) = start {
                let prev = chars[k - 1].1;
                let next = chars.get(k + 1).map(|x| x.1);
                let keep = matches!(c, '\'' | '’' | '-' | '.' | ',')
                    && next.is_some_and(char::is_alphanumeric)
                    && match c {
                        '.' | ',' if prev.is_ascii_digit() => {
                            next.is_some_and(|n| n.is_ascii_digit())
                        }
                        '.' => {
                            prev.is_uppercase()
                                && next.is_some_and(char::is_uppercase)
                                && (k < 2 || !chars[k - 2].1.is_alphanumeric())
                        }
                        ',' => false,
                        _ => true,
                    };
                if !keep {
                    out.push(Token {
                        span: Span::new(s, i),
                    });
                    start = None;
                }
            }
        }
        if let Some(s) = start {
            out.push(Token {
                span: Span::new(s, text.len()),
            });
        }
        out
    }

    #[test]
    fn tokens_on_marks_between_letters_and_digits() {
        for t in [
            "U.S.A. and A.B.C",
            "3.5,2 1,200.50 x.y",
            "it's ‘don’t’ 'quoted' -x- a-b-",
            "É.U. Ü.N 2.b B.2 .5 5. ,",
            "",
            "a",
            "…—“Kyiv”",
        ] {
            assert_eq!(tokens(t), tokens_by_index(t), "{t}");
        }
    }

    /// [`fold`] one character at a time, as it was written first (the oracle of its byte
    /// path).
    fn fold_by_chars(text: &str) -> String {
        collapse_spaces(text.chars().map(fold_char), 0)
    }

    proptest! {
        #[test]
        fn fold_matches_the_char_form(
            s in "([A-Za-z0-9 \t\n\r\x0b\x0c`´’“”«»—–\u{a0}\u{85}\u{2028}.,'\"-]|\\PC){0,80}"
        ) {
            prop_assert_eq!(fold(&s), fold_by_chars(&s));
        }

        #[test]
        fn tokens_match_the_indexed_form(s in "[A-Za-z0-9É’'.,\\- ]{0,60}") {
            prop_assert_eq!(tokens(&s), tokens_by_index(&s));
        }

        #[test]
        fn tokens_match_the_indexed_form_beyond_ascii(
            s in "([A-Za-z0-9ÉéΣσß٣ⅫĲ’'.,\\- \n“”]|\\PC){0,80}"
        ) {
            prop_assert_eq!(tokens(&s), tokens_by_index(&s));
        }

        #[test]
        fn token_spans_inside_text(s in "\\PC{0,200}") {
            for t in tokens(&s) {
                prop_assert!(t.span.end <= s.len());
                prop_assert!(s.get(t.span.start..t.span.end).is_some());
                prop_assert!(!t.span.is_empty());
            }
        }
        #[test]
        fn sentence_spans_inside_text(s in "\\PC{0,300}") {
            let mut last = 0;
            for sp in sentences(&s) {
                prop_assert!(sp.start >= last);
                prop_assert!(sp.end <= s.len());
                prop_assert!(s.get(sp.start..sp.end).is_some());
                last = sp.end;
            }
        }
    }
}
