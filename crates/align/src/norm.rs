//! Normalisation for matching claims: content terms (stems with light derivational folding),
//! numbers written as words or digits ("thirty", "30-day", "500,000"), and name keys that
//! survive transliteration variants ("Dmitry"/"Dmitri").

use model::Span;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

/// One matching term of a claim.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Term {
    /// A stemmed common word ("ceasefir", "optim").
    Word(String),
    /// A capitalised word, keyed by [`name_key`].
    Name(String),
    /// A number, as written by [`format_number`] ("30", "500000", "3.5").
    Number(String),
}

impl Term {
    /// The key used in sets: words bare, names with `@`, numbers with `#`.
    pub fn key(&self) -> String {
        match self {
            Term::Word(w) => w.clone(),
            Term::Name(n) => format!("@{n}"),
            Term::Number(n) => format!("#{n}"),
        }
    }

    /// [`Term::key`], reusing the term's string.
    pub fn into_key(self) -> String {
        match self {
            Term::Word(w) => w,
            Term::Name(mut n) => {
                n.insert(0, '@');
                n
            }
            Term::Number(mut n) => {
                n.insert(0, '#');
                n
            }
        }
    }
}

/// Entries a per-thread memo of [`word_key`] or [`name_key`] holds before it starts over.
const MEMO_SIZE: usize = 100_000;

thread_local! {
    static WORD_KEYS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
    static NAME_KEYS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// `f(word)`, remembered in `memo` (the same words come back in every article of a story).
fn memo(
    memo: &'static std::thread::LocalKey<RefCell<FxHashMap<String, String>>>,
    word: &str,
    f: fn(&str) -> String,
) -> String {
    memo.with(|m| {
        if let Some(k) = m.borrow().get(word) {
            return k.clone();
        }
        let k = f(word);
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_SIZE {
            m.clear();
        }
        m.insert(word.to_string(), k.clone());
        k
    })
}

/// A number found in a claim, with the word it counts ("30 day", "500000 people").
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    /// The stem of the next content word, when there is one.
    pub unit: Option<String>,
    /// The bytes it was read from, relative to the text given to [`terms_of`].
    pub span: Span,
}

/// Reporting verbs and fillers that say nothing about the fact itself.
const FILLER: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tell",
    "tells",
    "stated",
    "states",
    "added",
    "according",
    "reported",
    "reports",
    "report",
    "reporter",
    "reporters",
    "noted",
    "also",
    "would",
    "could",
    "will",
    "may",
    "might",
    "one",
    "two",
    "mr",
    "mrs",
    "ms",
    "new",
];

/// Weekday and month names: dates, not names.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

pub fn is_calendar(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| CALENDAR.iter().copied().collect())
        .contains(w)
}

/// The value of a number word, and whether it multiplies what comes before ("million").
pub(crate) fn number_word(w: &str) -> Option<(f64, bool)> {
    static WORDS: OnceLock<FxHashMap<&'static str, (f64, bool)>> = OnceLock::new();
    // "one" to "seventeen": nothing shorter or longer is a number word.
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    WORDS.get_or_init(number_words).get(w).copied()
}

fn number_words() -> FxHashMap<&'static str, (f64, bool)> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let mut m = FxHashMap::default();
    for (i, u) in UNITS.iter().enumerate() {
        m.insert(*u, (i as f64, false));
    }
    for (i, t) in TENS.iter().enumerate() {
        m.insert(*t, ((i as f64 + 2.0) * 10.0, false));
    }
    for (w, v) in [
        ("dozen", 12.0),
        ("hundred", 100.0),
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("trillion", 1e12),
    ] {
        m.insert(w, (v, true));
    }
    m
}

/// One part of a number run: digits, or a number word with whether it multiplies.
pub(crate) enum Num {
    Digits(f64),
    Word(f64, bool),
}

/// The count a run of number words and digits from part `from` reads ("two million", "twenty
/// five", "500,000"), and the part after the run; `None` when it reads no count ("hundreds", "a
/// million" are not counts we can compare). `num(j)` reads part `j` (of `len`); `dozen(j)`
/// says whether it is the word "dozen".
pub(crate) fn number_run(
    len: usize,
    from: usize,
    num: impl Fn(usize) -> Option<Num>,
    dozen: impl Fn(usize) -> bool,
) -> Option<(f64, usize)> {
    let mut value: Option<f64> = None;
    let mut acc = 0.0f64;
    let mut j = from;
    while j < len {
        match num(j) {
            Some(Num::Digits(d)) => {
                if value.is_some() {
                    break;
                }
                acc += d;
            }
            Some(Num::Word(v, mult)) => {
                if mult {
                    if value.is_none() {
                        if j == from && !dozen(j) {
                            break;
                        }
                        acc = 1.0;
                    }
                    acc *= v;
                } else {
                    acc += v;
                }
            }
            None => break,
        }
        value = Some(acc);
        j += 1;
    }
    value.map(|v| (v, j))
}

/// Parses "30", "500,000", "3.5" (not "3.5.1").
pub(crate) fn digits(w: &str) -> Option<f64> {
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let clean: String = w.chars().filter(|c| *c != ',').collect();
    clean.parse::<f64>().ok()
}

/// A number as a short stable string: integers without a fraction.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Lower-case, strip diacritics of common Latin letters and a possessive, fold the usual
/// transliteration variants (y/i, doubled letters, "kh"/"h").
pub fn name_key(word: &str) -> String {
    memo(&NAME_KEYS, word, name_key_of)
}

pub(crate) fn name_key_of(word: &str) -> String {
    let lower = lower(word);
    let w = strip_possessive(&lower);
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ė' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'y' | 'ý' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' | 'č' | 'ć' => 'c',
            'ñ' | 'ń' => 'n',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ł' => 'l',
            c if c.is_alphanumeric() => c,
            _ => continue,
        };
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    if out.contains("kh") {
        out = out.replace("kh", "h");
    }
    if out.contains("ph") {
        out = out.replace("ph", "f");
    }
    out
}

/// `w` lower-cased (as [`str::to_lowercase`]), without a copy when it already is.
pub(crate) fn lower(w: &str) -> Cow<'_, str> {
    if w.is_ascii() {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// A fixed list of lower-case ASCII words, asked whether it holds a word lower-cased (as
/// [`str::to_lowercase`]): one hash lookup, and no new string for ASCII words.
pub(crate) struct Lexicon {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl Lexicon {
    pub(crate) const fn new(words: &'static [&'static str]) -> Lexicon {
        Lexicon {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `w` lower-cased is one of the words.
    pub(crate) fn has_lower(&self, w: &str) -> bool {
        let set = self
            .set
            .get_or_init(|| self.words.iter().copied().collect());
        let mut buf = [0u8; 32];
        match buf.get_mut(..w.len()) {
            Some(b) if w.is_ascii() => {
                b.copy_from_slice(w.as_bytes());
                b.make_ascii_lowercase();
                std::str::from_utf8(b).is_ok_and(|l| set.contains(l))
            }
            _ => set.contains(lower(w).as_ref()),
        }
    }

    #[cfg(test)]
    pub(crate) fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

fn strip_possessive(w: &str) -> &str {
    for s in ["'s", "’s", "'", "’"] {
        if let Some(x) = w.strip_suffix(s) {
            if !x.is_empty() {
                return x;
            }
        }
    }
    w
}

/// The matching stem of a lower-case common word: Snowball, then "-ist"/"-ism" folded so
/// "optimism", "optimistic" and "optimist" meet.
pub fn word_key(lower: &str) -> String {
    memo(&WORD_KEYS, lower, word_key_of)
}

pub(crate) fn word_key_of(lower: &str) -> String {
    let w = strip_possessive(lower);
    let s = if w.contains(['-', '‑']) {
        text::stem(&w.replace(['-', '‑'], ""))
    } else {
        text::stem(w)
    };
    for suf in ["ist", "ism"] {
        if let Some(x) = s.strip_suffix(suf) {
            if x.chars().count() >= 4 {
                return x.to_string();
            }
        }
    }
    s
}

pub(crate) fn is_filler(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    text::is_stopword(w)
        || SET
            .get_or_init(|| FILLER.iter().copied().collect())
            .contains(w)
}

/// The matching terms and quantities of `s`.
///
/// Capitalised words that are not the first word of the text are names; numbers in digits or
/// words become [`Term::Number`]; other content words are stemmed.
pub fn terms_of(s: &str) -> (Vec<Term>, Vec<Quantity>) {
    terms_in(s, &text::tokens(s))
}

/// [`terms_of`] given the tokens of `s` (`text::tokens(s)`).
pub(crate) fn terms_in(s: &str, tokens: &[text::Token]) -> (Vec<Term>, Vec<Quantity>) {
    scan(s, tokens, |v| Term::Number(format_number(v)), content_term)
}

/// [`terms_in`] as keys ([`Term::into_key`]), built without a `Term` in between (the form
/// [`crate::lex::Lex::terms_of`] is tested against).
#[cfg(test)]
pub(crate) fn keys_in(s: &str, tokens: &[text::Token]) -> (Vec<String>, Vec<Quantity>) {
    scan(s, tokens, number_key, content_key)
}

/// The keys of [`terms_of`] but names ([`Term::Name`]).
pub(crate) fn common_keys_of(s: &str) -> Vec<String> {
    scan(s, &text::tokens(s), number_key, |w, cap| {
        if cap {
            None
        } else {
            content_key(w, false)
        }
    })
    .0
}

fn number_key(v: f64) -> String {
    Term::Number(format_number(v)).into_key()
}

/// The terms of `s` (its tokens given), each made by `number` (a value) or `content` (a
/// lower-case word and whether it is a name), and its quantities.
fn scan<T>(
    s: &str,
    tokens: &[text::Token],
    number: impl Fn(f64) -> T,
    content: impl Fn(&str, bool) -> Option<T>,
) -> (Vec<T>, Vec<Quantity>) {
    // Split hyphenated tokens with a number in them ("30-day", "thirty-day", "twenty-five").
    let mut parts: Vec<(Span, Cow<'_, str>, bool)> = Vec::with_capacity(tokens.len()); // span, lower text, capitalised
    for (i, tk) in tokens.iter().enumerate() {
        let t = tk.text(s);
        let lower = lower(t);
        let numeric = lower.contains('-')
            && lower
                .split('-')
                .any(|p| digits(p).is_some() || number_word(p).is_some());
        // The first word counts as a name when capitalised and not a function word: news
        // sentences mostly open with their subject ("Ukraine accepted ...").
        let cap = text::is_capitalized(t) && (i > 0 || !text::is_stopword(&lower))
            || t.chars().skip(1).any(char::is_uppercase);
        if numeric {
            let mut at = tk.span.start;
            for p in lower.split('-') {
                parts.push((
                    Span::new(at, at + p.len()),
                    Cow::Owned(p.to_string()),
                    false,
                ));
                at += p.len() + 1;
            }
        } else {
            parts.push((tk.span, lower, cap));
        }
    }
    let mut terms = Vec::new();
    let mut quantities = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let run = number_run(
            parts.len(),
            i,
            |j| {
                let w = &*parts[j].1;
                digits(w)
                    .map(Num::Digits)
                    .or_else(|| number_word(w).map(|(v, mult)| Num::Word(v, mult)))
            },
            |j| parts[j].1 == "dozen",
        );
        if let Some((v, j)) = run {
            let unit = parts
                .get(j)
                .filter(|p| !is_filler(&p.1) && number_word(&p.1).is_none())
                .map(|p| word_key(&p.1));
            let span = Span::new(parts[i].0.start, parts[j - 1].0.end);
            terms.push(number(v));
            quantities.push(Quantity {
                value: v,
                unit,
                span,
            });
            i = j;
            continue;
        }
        let (_, w, cap) = &parts[i];
        i += 1;
        if let Some(t) = content(w, *cap) {
            terms.push(t);
        }
    }
    (terms, quantities)
}

thread_local! {
    /// [`content_term`] of lower-case words, as names and as common words.
    static NAME_TERMS: RefCell<FxHashMap<String, Option<String>>> =
        RefCell::new(FxHashMap::default());
    static WORD_TERMS: RefCell<FxHashMap<String, Option<String>>> =
        RefCell::new(FxHashMap::default());
    /// [`content_key`] of lower-case names (keys with their `@`).
    static NAME_AT_KEYS: RefCell<FxHashMap<String, Option<String>>> =
        RefCell::new(FxHashMap::default());
}

/// `f(w)` remembered in `memo` (emptied when it holds [`MEMO_SIZE`] words).
fn memo_opt(
    memo: &'static std::thread::LocalKey<RefCell<FxHashMap<String, Option<String>>>>,
    w: &str,
    f: impl FnOnce(&str) -> Option<String>,
) -> Option<String> {
    memo.with(|m| {
        if let Some(k) = m.borrow().get(w) {
            return k.clone();
        }
        let k = f(w);
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_SIZE {
            m.clear();
        }
        m.insert(w.to_string(), k.clone());
        k
    })
}

/// Whether a lower-case word that is not part of a number makes no term.
pub(crate) fn dropped(w: &str) -> bool {
    w.chars().count() < 2
        || is_filler(w)
        || is_calendar(w)
        || w.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// [`content_term`] as its key ([`Term::into_key`]).
fn content_key(w: &str, cap: bool) -> Option<String> {
    if cap {
        memo_opt(&NAME_AT_KEYS, w, |w| {
            (!dropped(w)).then(|| Term::Name(name_key_of(w)).into_key())
        })
    } else {
        memo_opt(&WORD_TERMS, w, |w| (!dropped(w)).then(|| word_key_of(w)))
    }
}

/// The term of a lower-case word that is not part of a number (a name when `cap`), None for
/// a word that makes no term; remembered per thread.
fn content_term(w: &str, cap: bool) -> Option<Term> {
    let key = if cap {
        memo_opt(&NAME_TERMS, w, |w| (!dropped(w)).then(|| name_key_of(w)))
    } else {
        memo_opt(&WORD_TERMS, w, |w| (!dropped(w)).then(|| word_key_of(w)))
    }?;
    Some(if cap {
        Term::Name(key)
    } else {
        Term::Word(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        terms_of(s).0.iter().map(Term::key).collect()
    }

    #[test]
    fn numbers_meet() {
        for (a, b) in [
            ("a 30-day ceasefire", "a ceasefire of thirty days"),
            ("500,000 dead", "500000 dead"),
            ("twenty-five people", "25 people"),
            ("two million people", "2 million people"),
        ] {
            let (ta, qa) = terms_of(a);
            let (tb, qb) = terms_of(b);
            assert_eq!(qa[0].value, qb[0].value, "{a} / {b}");
            assert!(ta.iter().any(|t| matches!(t, Term::Number(_))));
            assert!(tb.iter().any(|t| matches!(t, Term::Number(_))));
        }
        assert_eq!(terms_of("a 30-day truce").1[0].unit.as_deref(), Some("day"));
    }

    #[test]
    fn names_fold_transliterations() {
        assert_eq!(name_key("Dmitry"), name_key("Dmitri"));
        assert_eq!(name_key("Peskov's"), "peskov");
        assert_eq!(name_key("Zelenskyy"), name_key("Zelensky"));
    }

    #[test]
    fn terms_skip_fillers_and_fold_derivations() {
        assert_eq!(
            keys("There were grounds for cautious optimism, Peskov said"),
            ["ground", "cautious", "optim", "@peskov"]
        );
        assert_eq!(keys("cautiously optimistic"), ["cautious", "optim"]);
        assert_eq!(keys("the cease-fire"), keys("the ceasefire"));
    }
}
