//! Rule-based mention recognition: a small tokenizer that keeps "U.S.", "Inc." and initials
//! whole, capitalised-phrase chunking inside sentence/line units, then per-chunk segmentation
//! (gazetteer, titles, demonyms, name runs) and document-level typing of what is left.

use super::lexicon::Lexicon;
use model::{EntityType, Span};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

/// Words that, lower-case, may sit inside a name: "Bank of England", "Ursula von der Leyen".
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "da", "dos", "das", "del", "della", "di", "du", "la", "le",
    "bin", "ibn", "al", "el", "y",
];
/// "of"-like connectors, allowed only after a word that heads such phrases ("Ministry of").
const OF_WORDS: &[&str] = &["of", "for", "on"];
/// Words after which "of" continues a name, besides organisation and place words.
const OF_HEADS: &[&str] = &[
    "Secretary",
    "Minister",
    "Kingdom",
    "Republic",
    "House",
    "Prince",
    "Princess",
    "King",
    "Queen",
    "Duke",
    "Duchess",
    "Cape",
    "Isle",
    "Strait",
    "Gulf",
    "Sea",
    "Bay",
    "Lake",
    "Ministry",
    "Department",
    "University",
    "Bank",
    "Council",
    "Office",
    "Court",
    "Institute",
    "Church",
    "Museum",
    "Chamber",
    "Federation",
    "Union",
    "League",
    "Board",
    "Commission",
    "Chief",
    "Speaker",
    "Governor",
    "Mayor",
    "Director",
    "Archbishop",
    "Bishop",
    "State",
    "States",
    "Emirates",
    "Sisters",
    "Brothers",
    "Friends",
    "Centre",
    "Center",
    "Leader",
];
/// Abbreviations that keep their final dot as part of the word.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Gov", "Sen", "Rep", "Gen", "Col", "Lt",
    "Capt", "Sgt", "Adm", "Maj", "Inc", "Corp", "Co", "Ltd", "Mt", "Ft", "Rev", "Hon", "Bros",
];
/// Reporting verbs: an unknown name right before one of these is a person.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "argued",
    "insisted",
    "noted",
    "recalled",
    "asked",
    "replied",
    "warned",
    "explained",
    "acknowledged",
    "admitted",
    "claimed",
    "tweeted",
    "posted",
    "declared",
    "urged",
    "stressed",
    "emphasized",
    "emphasised",
    "believes",
    "thinks",
    "testified",
    "recounted",
    "conceded",
    "remarked",
    "responded",
];
/// Prepositions after which an unknown name is a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "across"];

/// One token of the body: a word (letters/digits, with kept inner marks) or one punctuation
/// character.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
    /// Index of the sentence/line unit the token belongs to.
    pub unit: usize,
}

impl Tok {
    pub fn text<'t>(&self, body: &'t str) -> &'t str {
        body.get(self.start..self.end).unwrap_or("")
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `body` into tokens. Words keep inner apostrophes ("O'Brien"; "Putin's" splits off
/// "'s"), dotted acronyms and initials ("U.S.", "S."), abbreviations ("Inc.", "Mr.") and "&"
/// between letters ("AT&T"). Hyphens are tokens of their own.
pub(crate) fn tokenize(body: &str) -> Vec<Tok> {
    let b = body.as_bytes();
    let at = |p: usize| char_at(body, p);
    let before = |p: usize| char_before(body, p);
    let mut out = Vec::with_capacity(b.len() / 5);
    let mut p = 0;
    while p < b.len() {
        // ASCII letters, digits and white space without decoding a character.
        let x = b[p];
        if x.is_ascii_alphanumeric() {
            let start = p;
            p = word_end(body, start);
            out.push(Tok {
                start,
                end: p,
                word: true,
                unit: 0,
            });
            continue;
        }
        if matches!(x, b'\t'..=b'\r' | b' ') {
            p += 1;
            continue;
        }
        let Some(c) = at(p) else { break };
        let after = p + c.len_utf8();
        if c.is_whitespace() {
            p = after;
            continue;
        }
        if !c.is_alphanumeric() {
            // "'s" / "’s" as one token.
            if is_apostrophe(c)
                && matches!(at(after), Some('s' | 'S'))
                && !at(after + 1).is_some_and(char::is_alphanumeric)
                && before(p).is_some_and(char::is_alphanumeric)
            {
                out.push(Tok {
                    start: p,
                    end: after + 1,
                    word: false,
                    unit: 0,
                });
                p = after + 1;
                continue;
            }
            out.push(Tok {
                start: p,
                end: after,
                word: false,
                unit: 0,
            });
            p = after;
            continue;
        }
        let start = p;
        p = word_end(body, start);
        out.push(Tok {
            start,
            end: p,
            word: true,
            unit: 0,
        });
    }
    out
}

/// The end of the word token that starts at byte `start` (see [`tokenize`]); `at` and
/// `before` give the character at and before a byte offset.
/// The end of the word token that starts at byte `start` (see [`tokenize`]).
fn word_end(body: &str, start: usize) -> usize {
    let b = body.as_bytes();
    let mut j = start;
    loop {
        while j < b.len() {
            if b[j].is_ascii_alphanumeric() {
                j += 1;
            } else if b[j].is_ascii() {
                break;
            } else {
                match char_at(body, j).filter(|c| c.is_alphanumeric()) {
                    Some(c) => j += c.len_utf8(),
                    None => break,
                }
            }
        }
        let Some(c) = char_at(body, j) else { break };
        let jn = j + c.len_utf8();
        let next = char_at(body, jn);
        if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
            // Possessive 's ends the word; other inner apostrophes stay.
            let is_possessive = matches!(next, Some('s' | 'S'))
                && !char_at(body, jn + 1).is_some_and(char::is_alphanumeric);
            if is_possessive {
                break;
            }
            j = jn;
            continue;
        }
        if c == '&'
            && next.is_some_and(char::is_uppercase)
            && j > start
            && char_before(body, j).is_some_and(char::is_uppercase)
        {
            j = jn;
            continue;
        }
        if c == '.' {
            // Dotted acronym: single letters separated by dots ("U.S.", "D.C.").
            let mut seg_start = j;
            while seg_start > start {
                match char_before(body, seg_start).filter(|c| c.is_alphanumeric()) {
                    Some(c) => seg_start -= c.len_utf8(),
                    None => break,
                }
            }
            let first = char_at(body, seg_start);
            let one_char = first.is_some_and(|f| seg_start + f.len_utf8() == j);
            let dotted = seg_start == start || char_before(body, seg_start) == Some('.');
            if one_char && dotted && first.is_some_and(char::is_uppercase) {
                let after_next = jn + next.map_or(0, char::len_utf8);
                if next.is_some_and(char::is_uppercase)
                    && !char_at(body, after_next).is_some_and(char::is_alphanumeric)
                {
                    j = jn;
                    continue;
                }
                j = jn; // keep the final dot of "U.S." or an initial "S."
                break;
            }
            if ABBREVIATIONS.contains(&&body[start..j]) {
                j = jn;
            }
        }
        break;
    }
    j
}

/// The character at byte `p` (a character boundary), ASCII without decoding.
fn char_at(body: &str, p: usize) -> Option<char> {
    match body.as_bytes().get(p) {
        None => None,
        Some(&x) if x.is_ascii() => Some(char::from(x)),
        Some(_) => body.get(p..).and_then(|r| r.chars().next()),
    }
}

/// The character before byte `p`.
fn char_before(body: &str, p: usize) -> Option<char> {
    match p.checked_sub(1).and_then(|q| body.as_bytes().get(q)) {
        None => None,
        Some(&x) if x.is_ascii() => Some(char::from(x)),
        Some(_) => body.get(..p).and_then(|r| r.chars().next_back()),
    }
}

/// [`tokenize`] as first written, over a vector of characters: the oracle of its tests.
#[cfg(test)]
fn tokenize_by_chars(body: &str) -> Vec<Tok> {
    let b = body.as_bytes();
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|x| x.1);
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            let end = i + c.len_utf8();
            // "'s" / "’s" as one token.
            if is_apostrophe(c)
                && matches!(at(k + 1), Some('s' | 'S'))
                && !at(k + 2).is_some_and(char::is_alphanumeric)
                && k > 0
                && chars[k - 1].1.is_alphanumeric()
            {
                let end2 = chars.get(k + 2).map_or(body.len(), |x| x.0);
                out.push(Tok {
                    start: i,
                    end: end2,
                    word: false,
                    unit: 0,
                });
                k += 2;
                continue;
            }
            out.push(Tok {
                start: i,
                end,
                word: false,
                unit: 0,
            });
            k += 1;
            continue;
        }
        let start = i;
        let mut j = k;
        loop {
            while j < chars.len() && chars[j].1.is_alphanumeric() {
                j += 1;
            }
            let Some(c) = at(j) else { break };
            let next = at(j + 1);
            if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
                // Possessive 's ends the word; other inner apostrophes stay.
                let is_possessive = matches!(next, Some('s' | 'S'))
                    && !at(j + 2).is_some_and(char::is_alphanumeric);
                if is_possessive {
                    break;
                }
                j += 1;
                continue;
            }
            if c == '&'
                && next.is_some_and(char::is_uppercase)
                && j > k
                && chars[j - 1].1.is_uppercase()
            {
                j += 1;
                continue;
            }
            if c == '.' {
                // Dotted acronym: single letters separated by dots ("U.S.", "D.C.").
                let seg_start = (k..j)
                    .rev()
                    .find(|&x| !chars[x].1.is_alphanumeric())
                    .map_or(k, |x| x + 1);
                let seg_len = j - seg_start;
                let dotted = seg_start == k || chars[seg_start - 1].1 == '.';
                if seg_len == 1 && dotted && chars[seg_start].1.is_uppercase() {
                    if next.is_some_and(char::is_uppercase)
                        && !at(j + 2).is_some_and(char::is_alphanumeric)
                    {
                        j += 1;
                        continue;
                    }
                    j += 1; // keep the final dot of "U.S." or an initial "S."
                    break;
                }
                let word: String = chars[k..j].iter().map(|x| x.1).collect();
                if ABBREVIATIONS.contains(&word.as_str()) {
                    j += 1;
                }
            }
            break;
        }
        let end = chars.get(j).map_or(b.len(), |x| x.0);
        out.push(Tok {
            start,
            end,
            word: true,
            unit: 0,
        });
        k = j;
    }
    out
}

/// Assigns each token its unit: sentences, further cut at line breaks.
fn assign_units(body: &str, toks: &mut [Tok]) -> usize {
    let sentences = text::sentences(body);
    let mut unit = 0;
    let mut s = 0;
    let mut last_end = 0;
    for (n, t) in toks.iter_mut().enumerate() {
        let mut new_unit = n == 0;
        while s < sentences.len() && sentences[s].end <= t.start {
            s += 1;
            new_unit = true;
        }
        if n > 0
            && body
                .get(last_end..t.start)
                .is_some_and(|g| g.contains('\n'))
        {
            new_unit = true;
        }
        if new_unit && n > 0 {
            unit += 1;
        }
        t.unit = unit;
        last_end = t.end;
    }
    unit + 1
}

/// Whether `set` holds `w` in lower case; short ASCII words are lowered on the stack.
fn contains_lower(set: &HashSet<String>, w: &str) -> bool {
    let mut buf = [0u8; 24];
    if w.is_ascii() && w.len() <= buf.len() {
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|l| set.contains(l));
    }
    set.contains(&w.to_lowercase())
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "NEW YORK" -> "New York".
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// Weekdays and months: dropped from the end of a name ("On Friday", "Putin Monday").
const DATE_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "April",
    "July",
    "September",
    "October",
    "November",
    "December",
];
/// Words that make a capitalised phrase an event, not an entity ("World War II").
const EVENT_WORDS: &[&str] = &[
    "War",
    "Olympics",
    "Games",
    "Cup",
    "Championship",
    "Prize",
    "Conference",
    "Summit",
    "Expo",
    "Festival",
    "Awards",
    "Forum",
    "Convention",
];
/// Lower-case words right after a name that make it a place ("the Oryol region").
const PLACE_NOUNS_AFTER: &[&str] = &[
    "region",
    "province",
    "oblast",
    "city",
    "district",
    "county",
    "village",
    "town",
    "area",
    "border",
    "river",
    "valley",
    "island",
    "peninsula",
    "airport",
    "port",
];
/// Lower-case words right before "of" + name that make it a place ("the town of Kurchatov").
const PLACE_NOUNS_BEFORE_OF: &[&str] = &[
    "town",
    "city",
    "village",
    "region",
    "province",
    "state",
    "capital",
    "port",
    "island",
    "outskirts",
    "suburb",
    "district",
];

fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// A candidate mention before document-level typing.
#[derive(Debug, Clone)]
struct Seg {
    /// Token range, end exclusive.
    s: usize,
    e: usize,
    kind: Option<EntityType>,
    /// Starts a sentence or a line, or sits in a headline, so its capital says nothing.
    initial: bool,
    /// Typed by the gazetteer.
    known: bool,
    /// Sits in a title-cased line.
    headline: bool,
}

struct Doc<'a> {
    body: &'a str,
    toks: Vec<Tok>,
    lx: &'static Lexicon,
    /// Token starts a unit (after an opening quote or bracket too).
    initial: Vec<bool>,
    /// Unit is title-cased (a headline).
    headline: Vec<bool>,
    /// Unit is mostly in capitals (a shouted dateline or shot list).
    shouting: Vec<bool>,
}

impl<'a> Doc<'a> {
    fn text(&self, k: usize) -> &'a str {
        self.toks[k].text(self.body)
    }

    /// Tokens `s..e` as written, with runs of white space as one space (borrowed when they
    /// are single spaces already, as they nearly always are).
    fn surface(&self, s: usize, e: usize) -> Cow<'a, str> {
        let raw = self
            .body
            .get(self.toks[s].start..self.toks[e - 1].end)
            .unwrap_or("");
        let mut prev_space = false;
        let single_spaced = raw.chars().all(|c| {
            let ok = if c == ' ' {
                !prev_space
            } else {
                !c.is_whitespace()
            };
            prev_space = c == ' ';
            ok
        });
        if single_spaced {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        for w in raw.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        Cow::Owned(out)
    }

    fn gap_is_space(&self, a: usize, b: usize) -> bool {
        let g = self
            .body
            .get(self.toks[a].end..self.toks[b].start)
            .unwrap_or("\n");
        !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
    }

    fn adjacent(&self, a: usize, b: usize) -> bool {
        self.toks[a].end == self.toks[b].start
    }

    fn cap_word(&self, k: usize) -> bool {
        k < self.toks.len() && self.toks[k].word && is_cap(self.text(k))
    }

    /// The longest gazetteer entry starting at token `k` and ending before `b`.
    fn known_at(&self, k: usize, b: usize) -> Option<(usize, &'static super::lexicon::Known)> {
        let first = self.text(k);
        let listed = self.lx.known_first.contains(first)
            || (is_all_caps(first) && self.lx.known_first.contains(&title_case(first)));
        if !listed {
            return None;
        }
        let max = (self.lx.max_known_words * 3).min(b - k);
        for l in (1..=max).rev() {
            let e = k + l;
            if !self.toks[e - 1].word {
                continue;
            }
            let surface = self.surface(k, e);
            if let Some(kn) = self.lx.lookup_exact(&surface) {
                return Some((e, kn));
            }
            // "KYIV", "RUSSIA" in shouted datelines.
            if is_all_caps(&surface) {
                if let Some(kn) = self.lx.lookup_exact(&title_case(&surface)) {
                    return Some((e, kn));
                }
            }
        }
        None
    }

    /// A title ("President", "Prime Minister", "Mr.") starting at `k`: its end.
    fn title_at(&self, k: usize, b: usize) -> Option<usize> {
        if !self.toks[k].word || !contains_lower(&self.lx.title_first, self.text(k)) {
            return None;
        }
        'titles: for t in &self.lx.titles {
            if k + t.len() > b {
                continue;
            }
            for (n, w) in t.iter().enumerate() {
                let tok = self.text(k + n);
                if !tok.eq_ignore_ascii_case(w) {
                    continue 'titles;
                }
            }
            return Some(k + t.len());
        }
        None
    }
}

/// Finds mention spans and types in `body`.
pub(crate) fn recognise(body: &str) -> Vec<(Span, EntityType)> {
    let lx = Lexicon::get();
    let mut toks = tokenize(body);
    let units = assign_units(body, &mut toks);
    let mut doc = Doc {
        body,
        initial: vec![false; toks.len()],
        headline: vec![false; units],
        shouting: vec![false; units],
        toks,
        lx,
    };
    mark_initials(&mut doc);
    mark_headlines(&mut doc);
    let chunks = chunk(&doc);
    let mut segs = Vec::new();
    for (a, b) in chunks {
        segment(&doc, a, b, &mut segs);
    }
    type_unknowns(&doc, &mut segs);
    let mut out: Vec<(Span, EntityType)> = segs
        .into_iter()
        .filter_map(|s| {
            let kind = s.kind?;
            Some((Span::new(doc.toks[s.s].start, doc.toks[s.e - 1].end), kind))
        })
        .collect();
    out.sort_by_key(|x| (x.0.start, x.0.end));
    out.dedup_by_key(|x| x.0);
    out
}

fn mark_initials(doc: &mut Doc) {
    let n = doc.toks.len();
    let mut seen_word_in_unit: Option<usize> = None;
    for k in 0..n {
        let t = doc.toks[k];
        if !t.word {
            continue;
        }
        let first = seen_word_in_unit != Some(t.unit);
        seen_word_in_unit = Some(t.unit);
        let after_opener = k > 0 && {
            let p = doc.toks[k - 1];
            let pt = p.text(doc.body);
            !p.word
                && matches!(
                    pt,
                    "\"" | "“" | "‘" | "'" | "(" | "[" | ":" | "—" | "–" | "«"
                )
                && (k < 2 || !doc.adjacent(k - 2, k - 1) || !doc.toks[k - 2].word)
        };
        doc.initial[k] = first || after_opener;
    }
}

fn mark_headlines(doc: &mut Doc) {
    let mut long = vec![0usize; doc.headline.len()];
    let mut caps = vec![0usize; doc.headline.len()];
    let mut words = vec![0usize; doc.headline.len()];
    let mut shouted = vec![0usize; doc.headline.len()];
    for t in &doc.toks {
        let w = t.text(doc.body);
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        // Words the lexicon knows as names say nothing about the line's casing.
        let name_like = is_cap(w)
            && (doc.lx.lookup_exact(w).is_some()
                || doc.lx.given_names.contains(w)
                || doc.lx.demonyms.contains_key(w)
                || contains_lower(&doc.lx.title_first, w));
        if t.word && letters >= 4 && !name_like {
            long[t.unit] += 1;
            if is_cap(w) {
                caps[t.unit] += 1;
            }
        }
        if t.word && letters >= 2 {
            words[t.unit] += 1;
            if is_all_caps(w) {
                shouted[t.unit] += 1;
            }
        }
    }
    for u in 0..doc.headline.len() {
        doc.headline[u] = long[u] >= 3 && caps[u] * 4 >= long[u] * 3;
        doc.shouting[u] = words[u] >= 2 && shouted[u] * 5 >= words[u] * 3;
    }
}

/// Maximal capitalised phrases inside one unit, as token ranges.
fn chunk(doc: &Doc) -> Vec<(usize, usize)> {
    let n = doc.toks.len();
    let mut out = Vec::new();
    let mut k = 0;
    while k < n {
        let starts_al = doc.toks[k].word
            && matches!(doc.text(k), "al" | "el")
            && k + 2 < n
            && doc.text(k + 1) == "-"
            && doc.adjacent(k, k + 1)
            && doc.adjacent(k + 1, k + 2)
            && doc.cap_word(k + 2);
        if !doc.cap_word(k) && !starts_al {
            k += 1;
            continue;
        }
        let unit = doc.toks[k].unit;
        let mut e = k + 1;
        loop {
            if e >= n || doc.toks[e].unit != unit {
                break;
            }
            let t = doc.text(e);
            if doc.cap_word(e) && doc.gap_is_space(e - 1, e) {
                e += 1;
                continue;
            }
            // Hyphenated or "&"-joined capitalised parts: "Coca-Cola", "Procter & Gamble".
            if !doc.toks[e].word
                && (t == "-" || t == "&")
                && e + 1 < n
                && doc.toks[e + 1].unit == unit
                && (doc.cap_word(e + 1) || (t == "-" && matches!(doc.text(e + 1), "al" | "el")))
                && (t == "&" || (doc.adjacent(e - 1, e) && doc.adjacent(e, e + 1)))
            {
                e += 2;
                continue;
            }
            // Lower-case connectors followed by a capitalised word.
            if doc.toks[e].word && doc.gap_is_space(e - 1, e) {
                let mut f = e;
                while f < n
                    && doc.toks[f].word
                    && doc.toks[f].unit == unit
                    && NAME_PARTICLES.contains(&doc.text(f))
                {
                    f += 1;
                }
                let particles = f > e && f - e <= 2;
                let of = OF_WORDS.contains(&t) && {
                    let prev = doc.text(e - 1);
                    OF_HEADS.contains(&prev)
                        || doc.lx.org_words.contains(prev)
                        || doc.lx.place_words.contains(prev)
                };
                let f = if of { e + 1 } else { f };
                if (particles || of) && doc.cap_word(f) && doc.toks[f].unit == unit {
                    e = f + 1;
                    continue;
                }
            }
            break;
        }
        out.push((k, e));
        k = e;
    }
    out
}

/// Cuts one capitalised chunk into typed segments.
fn segment(doc: &Doc, a: usize, b: usize, out: &mut Vec<Seg>) {
    let lx = doc.lx;
    let unit = doc.toks[a].unit;
    let headline = doc.headline[unit];
    let mut k = a;
    // Drop leading function words ("The", "However", "On") unless a gazetteer entry starts.
    while k < b && doc.known_at(k, b).is_none() {
        let w = doc.text(k);
        let strippable = !doc.toks[k].word
            || w == "The"
            || lx.common_words.contains(w)
            || (doc.initial[k] && text::is_stopword(&w.to_lowercase()));
        if !strippable {
            break;
        }
        k += 1;
    }
    let mut person_cue = false;
    while k < b {
        if !doc.toks[k].word {
            k += 1;
            continue;
        }
        // A phrase ending in an organisation word is one organisation ("Moscow State
        // University", "Russian Defence Ministry").
        if b - k >= 2 && !person_cue && lx.org_words.contains(doc.text(b - 1)) {
            let all_caps_words = (k..b).all(|x| !doc.toks[x].word || is_cap(doc.text(x)));
            if all_caps_words || (k..b).any(|x| OF_WORDS.contains(&doc.text(x))) {
                out.push(Seg {
                    s: k,
                    e: b,
                    kind: Some(EntityType::Organization),
                    initial: false,
                    known: false,
                    headline,
                });
                return;
            }
        }
        // "Bank of England", "University of California", "Gulf of Mexico": a head word
        // before "of" types the whole phrase.
        if !person_cue && doc.known_at(k, b).is_none_or(|(e, _)| e < b) {
            let of_at = (k + 1..b).find(|&x| OF_WORDS.contains(&doc.text(x)));
            if let Some(o) = of_at {
                let head = doc.text(o - 1);
                let kind = if lx.org_words.contains(head) {
                    Some(EntityType::Organization)
                } else if lx.place_words.contains(head) {
                    Some(EntityType::Location)
                } else {
                    None
                };
                if let (Some(kind), true) = (kind, (k..o).all(|x| doc.title_at(x, b).is_none())) {
                    out.push(Seg {
                        s: k,
                        e: b,
                        kind: Some(kind),
                        initial: false,
                        known: false,
                        headline,
                    });
                    return;
                }
            }
        }
        if let Some((mut e, kn)) = doc.known_at(k, b) {
            // "Apple Corps": organisation words after a known name extend it.
            let mut kind = kn.kind;
            let mut known = true;
            while e < b && doc.toks[e].word && lx.org_words.contains(doc.text(e)) {
                e += 1;
                kind = EntityType::Organization;
                known = false;
            }
            // "Apple Computer CEO": a title right after a known organisation is a role.
            out.push(Seg {
                s: k,
                e,
                kind: Some(kind),
                initial: false,
                known,
                headline,
            });
            k = e;
            person_cue = false;
            continue;
        }
        if let Some(e) = doc.title_at(k, b) {
            let lowered_title = doc.text(k).to_lowercase();
            // "General Motors": a title word followed by an org word is not a title.
            if !(e < b && lx.org_words.contains(doc.text(e)) && lowered_title == "general") {
                person_cue = true;
                k = e;
                continue;
            }
        }
        if lx.demonyms.contains_key(doc.text(k)) {
            k += 1;
            continue;
        }
        // A name run: up to the next title, gazetteer entry, demonym or hyphen between
        // known parts.
        let mut e = k + 1;
        while e < b {
            let t = doc.text(e);
            if !doc.toks[e].word {
                // A hyphen whose right side is a gazetteer entry splits: "Trump-Russia".
                if t == "-" && e + 1 < b && doc.known_at(e + 1, b).is_some() {
                    break;
                }
                e += 1;
                continue;
            }
            if doc.title_at(e, b).is_some() && !lx.given_names.contains(t) {
                break;
            }
            if lx.demonyms.contains_key(t) {
                break;
            }
            if e > k
                && doc
                    .known_at(e, b)
                    .is_some_and(|(_, kn)| kn.kind != EntityType::Person)
            {
                // A known place after a name ends it ("Microsoft Seattle") unless the name
                // continues as an organisation word.
                break;
            }
            e += 1;
        }
        let run_end = e;
        // Do not end on a connector, punctuation or a date ("Putin Friday").
        while e > k + 1
            && (!doc.toks[e - 1].word
                || OF_WORDS.contains(&doc.text(e - 1))
                || DATE_WORDS.contains(&doc.text(e - 1)))
        {
            e -= 1;
        }
        let n_words = (k..e).filter(|&x| doc.toks[x].word).count();
        let first = doc.text(k);
        let last = doc.text(e - 1);
        let mut lone_shout = false;
        let given_first =
            n_words >= 2 && lx.given_names.contains(first) && !lx.org_words.contains(last);
        let kind = if person_cue || given_first {
            Some(EntityType::Person)
        } else if n_words >= 2
            && (lx.place_words.contains(last)
                || matches!(first, "Mount" | "Mt." | "Lake" | "Gulf" | "Cape" | "Port"))
        {
            Some(EntityType::Location)
        } else if n_words >= 2 && lx.org_words.contains(last) {
            Some(EntityType::Organization)
        } else if n_words == 1 && is_all_caps(first) && shouted_stretch(doc, k) {
            // Shot lists and datelines in capitals: "KYIV RESIDENT, 58, VALERII".
            lone_shout = true;
            None
        } else if n_words == 1
            && is_all_caps(first)
            && first.chars().count() <= 6
            && first
                .chars()
                .all(|c| c.is_alphabetic() || c == '.' || c == '&')
        {
            Some(EntityType::Organization)
        } else {
            None
        };
        let initial = doc.initial[k] || headline;
        // All-caps phrases of several words are shouting, not names ("BREAKING NEWS").
        let shouting =
            n_words >= 2 && (k..e).all(|x| !doc.toks[x].word || is_all_caps(doc.text(x)));
        let lone_common =
            n_words == 1 && (lx.common_words.contains(first) || DATE_WORDS.contains(&first));
        let event = (k..e).any(|x| EVENT_WORDS.contains(&doc.text(x)));
        if !shouting && !lone_common && !event && !lone_shout && !doc.shouting[unit] {
            out.push(Seg {
                s: k,
                e,
                kind,
                initial,
                known: false,
                headline,
            });
        }
        person_cue = false;
        k = run_end;
    }
}

/// A lower-case letter followed by a capital inside a word ("MacBook", "GHz"), except in
/// name prefixes ("McDonald", "DeSantis", "O'Neill").
fn is_camel(w: &str) -> bool {
    let chars: Vec<char> = w.chars().collect();
    let has_lower = chars.iter().any(|c| c.is_lowercase());
    has_lower
        && (1..chars.len()).any(|i| {
            chars[i].is_uppercase()
                && chars[i - 1].is_alphabetic()
                && !matches!(
                    chars[..i].iter().collect::<String>().as_str(),
                    "Mc" | "Mac" | "De" | "Di" | "Da" | "Le" | "La" | "Van" | "Von" | "Du"
                )
        })
}

/// True when the word at `k` has an all-caps word (two letters or more) as its nearest word
/// neighbour on either side within its unit.
fn shouted_stretch(doc: &Doc, k: usize) -> bool {
    let unit = doc.toks[k].unit;
    let caps = |x: usize| doc.toks[x].unit == unit && is_all_caps(doc.text(x));
    let prev = (0..k).rev().find(|&x| doc.toks[x].word);
    let next = (k + 1..doc.toks.len()).find(|&x| doc.toks[x].word);
    prev.is_some_and(caps) || next.is_some_and(caps)
}

/// Types the segments the chunk rules left open, using the rest of the document.
fn type_unknowns<'a>(doc: &Doc<'a>, segs: &mut Vec<Seg>) {
    let lx = doc.lx;
    // In a title-cased line, keep only the names the body uses elsewhere ("Trump Calls Talks
    // With Putin" -> "Trump", "Putin"), longest first; drop the rest.
    let mut attested: HashSet<Cow<'a, str>> = HashSet::default();
    for s in segs.iter().filter(|s| !s.headline && !s.initial) {
        attested.insert(doc.surface(s.s, s.e));
        if s.kind == Some(EntityType::Person) {
            for x in (s.s..s.e).filter(|&x| doc.toks[x].word) {
                if doc.text(x).chars().count() > 2 {
                    attested.insert(Cow::Borrowed(doc.text(x)));
                }
            }
        }
    }
    let mut kept = Vec::with_capacity(segs.len());
    for s in segs.drain(..) {
        if !s.headline || s.known {
            kept.push(s);
            continue;
        }
        let mut i = s.s;
        while i < s.e {
            let hit = (i + 1..=s.e)
                .rev()
                .find(|&j| doc.toks[j - 1].word && attested.contains(&doc.surface(i, j)));
            match hit {
                Some(j) => {
                    kept.push(Seg {
                        s: i,
                        e: j,
                        kind: None,
                        ..s.clone()
                    });
                    i = j;
                }
                None => i += 1,
            }
        }
    }
    *segs = kept;
    // Names typed with confidence, and their parts.
    let mut typed: HashMap<Cow<'a, str>, EntityType> = HashMap::default();
    let mut person_parts: HashSet<&str> = HashSet::default();
    for s in segs.iter() {
        if let Some(kind) = s.kind {
            typed.entry(doc.surface(s.s, s.e)).or_insert(kind);
            if kind == EntityType::Person {
                for x in s.s..s.e {
                    let w = doc.text(x);
                    if doc.toks[x].word && w.chars().count() > 2 {
                        person_parts.insert(w);
                    }
                }
            }
        }
    }
    // Split "Trump-Putin" when both sides are names found elsewhere.
    let mut split = Vec::new();
    for s in segs.iter() {
        if s.kind.is_some() {
            continue;
        }
        let hyphens: Vec<usize> = (s.s..s.e).filter(|&x| doc.text(x) == "-").collect();
        if hyphens.len() == 1 {
            let h = hyphens[0];
            let left = doc.surface(s.s, h);
            let right = doc.surface(h + 1, s.e);
            let known = |t: &str| typed.contains_key(t) || person_parts.contains(t);
            if h > s.s && h + 1 < s.e && known(&left) && known(&right) {
                split.push((s.s, h, h + 1, s.e));
            }
        }
    }
    for (a, h, h1, e) in split {
        if let Some(seg) = segs.iter_mut().find(|x| x.s == a && x.e == e) {
            seg.e = h;
            let right = Seg {
                s: h1,
                e,
                kind: None,
                initial: false,
                known: false,
                headline: seg.headline,
            };
            segs.push(right);
        }
    }
    // Capitalised forms seen mid-sentence outside headlines.
    let mut mid: HashSet<Cow<'a, str>> = HashSet::default();
    for s in segs.iter() {
        if !s.initial {
            mid.insert(doc.surface(s.s, s.e));
        }
    }
    // Lower-case forms used in the text make a sentence-initial word a common word.
    let lower: HashSet<&str> = doc
        .toks
        .iter()
        .filter(|t| t.word)
        .map(|t| t.text(doc.body))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    let mut decided: Vec<Option<EntityType>> = Vec::with_capacity(segs.len());
    for s in segs.iter() {
        if s.kind.is_some() {
            decided.push(s.kind);
            continue;
        }
        let surface = doc.surface(s.s, s.e);
        let n_words = (s.s..s.e).filter(|&x| doc.toks[x].word).count();
        let first = doc.text(s.s);
        let last = doc.text(s.e - 1);
        let next_word = (s.e..doc.toks.len())
            .find(|&x| doc.toks[x].word || doc.text(x) != "'s")
            .filter(|&x| doc.toks[x].word && doc.toks[x].unit == doc.toks[s.s].unit)
            .map(|x| doc.text(x));
        let prev_word =
            s.s.checked_sub(1)
                .filter(|&x| doc.toks[x].word && doc.toks[x].unit == doc.toks[s.s].unit)
                .map(|x| doc.text(x));
        let kind = if let Some(&k) = typed.get(&surface) {
            Some(k)
        } else if person_parts.contains(last) && (n_words == 1 || is_cap(first)) {
            Some(EntityType::Person)
        } else if s.initial && !mid.contains(&surface) {
            // A capital at the start of a sentence or in a headline proves nothing.
            if n_words == 1 || lower.contains(first.to_lowercase().as_str()) {
                None
            } else if next_word.is_some_and(|w| SPEECH_VERBS.contains(&w)) {
                Some(EntityType::Person)
            } else {
                None
            }
        } else if n_words == 1 && lower.contains(first.to_lowercase().as_str()) {
            // "Year", "Operating": the body uses the word in lower case too.
            None
        } else if (s.s..s.e).any(|x| is_camel(doc.text(x))) {
            // "iPhone", "MacBook", "GHz": products and units, not entities.
            None
        } else if next_word.is_some_and(|w| SPEECH_VERBS.contains(&w)) && n_words <= 3 {
            Some(EntityType::Person)
        } else if prev_word.is_some_and(|w| PLACE_PREPOSITIONS.contains(&w))
            || next_word.is_some_and(|w| PLACE_NOUNS_AFTER.contains(&w))
            || (prev_word == Some("of")
                && s.s >= 2
                && PLACE_NOUNS_BEFORE_OF.contains(&doc.text(s.s - 2)))
        {
            Some(EntityType::Location)
        } else if ((2..=3).contains(&n_words)
            && (s.s..s.e).all(|x| {
                !doc.toks[x].word
                    || (!is_all_caps(doc.text(x)) && !lx.name_nouns.contains(doc.text(x)))
            }))
            || (n_words == 1 && lx.given_names.contains(first))
        {
            Some(EntityType::Person)
        } else {
            Some(EntityType::Organization)
        };
        decided.push(kind);
    }
    for (s, k) in segs.iter_mut().zip(decided) {
        s.kind = k;
    }
    // One surface, one type within a document: the first confident type wins.
    let mut first_kind: HashMap<Cow<'a, str>, EntityType> = HashMap::default();
    for s in segs.iter() {
        if let (Some(k), false) = (s.kind, s.initial) {
            first_kind.entry(doc.surface(s.s, s.e)).or_insert(k);
        }
    }
    for s in segs.iter_mut() {
        if s.kind.is_some() && !s.known {
            if let Some(&k) = first_kind.get(&doc.surface(s.s, s.e)) {
                s.kind = Some(k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(t: &[Tok]) -> Vec<(usize, usize, bool)> {
        t.iter().map(|t| (t.start, t.end, t.word)).collect()
    }

    proptest::proptest! {
        #[test]
        fn tokenizer_matches_the_char_vector_version(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "U", "S", ".", "Inc", "Mr", "AT", "&", "T", "'", "’", "s", "S", "O", "Brien", " ",
                "\n", "-", "é", "Ä", "ß", "1", "x", "D.C.", "Putin", "'s", "ﬁ", "İ", "\u{a0}", "日本",
            ]),
            0..30,
        )) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(spans(&tokenize(&text)), spans(&tokenize_by_chars(&text)));
        }
    }

    #[test]
    fn tokenizer_keeps_acronyms_initials_and_abbreviations() {
        let t = "U.S.-backed talks: Dmitri S. Peskov, Putin's aide, Apple Inc. and AT&T.";
        let w: Vec<&str> = tokenize(t).iter().map(|x| x.text(t)).collect();
        assert_eq!(
            w,
            [
                "U.S.", "-", "backed", "talks", ":", "Dmitri", "S.", "Peskov", ",", "Putin", "'s",
                "aide", ",", "Apple", "Inc.", "and", "AT&T", "."
            ]
        );
    }
}
