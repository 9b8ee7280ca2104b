//! What the claim reader learns about a token text, learnt once per thread: its case, whether
//! it is a number, a negation, a month or weekday, and its matching terms as numbers. Terms are
//! ids into one per-thread vocabulary of keys (see [`Term::key`](crate::norm::Term::key)), so a
//! story's claims carry `u32`s, not strings, from their reading to their alignment.
//!
//! Ids are only good while one [`with`] call lasts: the memory may start over at the next one.

use crate::norm::{self, Quantity};
use model::Span;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;

/// A term id meaning "no term".
pub(crate) const NONE: u32 = u32::MAX;
/// A term id not worked out yet.
const UNSET: u32 = u32::MAX - 1;

/// Words (or keys) a thread remembers before it starts over (at the next [`with`]).
const MAX_WORDS: usize = 200_000;

/// What a token text is, for reading claims.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Word {
    /// Counts as a name when it is the first word of a text / when it is not.
    pub(crate) cap_first: bool,
    pub(crate) cap_inner: bool,
    /// Lower-cased, it holds a `-` and one of its `-` parts is a number ("30-day"): it is
    /// read part by part.
    pub(crate) split: bool,
    /// Its value when written in digits ([`norm::digits`] of it lower-cased).
    pub(crate) digits: Option<f64>,
    /// [`norm::number_word`] of it lower-cased.
    pub(crate) number: Option<(f64, bool)>,
    /// [`norm::is_filler`] of it lower-cased.
    pub(crate) filler: bool,
    /// It says "not", "never", "-n't"... ([`crate::claims::is_negation`]).
    pub(crate) negation: bool,
    /// The month it names ([`crate::claims::month_of`] of it lower-cased, 3 to 9 bytes).
    pub(crate) month: Option<u32>,
    /// A weekday name (3 to 9 bytes, no month, ends in "day", a calendar word).
    pub(crate) weekday: bool,
    /// A verb that introduces speech ([`crate::claims::is_cue`]).
    pub(crate) cue: bool,
    /// "according" and "to", in any case.
    pub(crate) according: bool,
    pub(crate) to: bool,
    /// Its term as a common word and as a name ([`NONE`]: it makes none).
    common: u32,
    name: u32,
}

/// The per-thread memory: token texts, their [`Word`]s, and the term vocabulary.
#[derive(Default)]
pub(crate) struct Lex {
    ids: FxHashMap<Box<str>, u32>,
    words: Vec<Word>,
    keys: Vec<Box<str>>,
    key_ids: FxHashMap<Box<str>, u32>,
    numbers: FxHashMap<u64, u32>,
    /// Sentences read with this vocabulary's ids ([`crate::claims::SentenceMemo`]).
    pub(crate) sentences: crate::claims::SentenceMemo,
}

thread_local! {
    static LEX: RefCell<Lex> = RefCell::new(Lex::default());
}

/// `f` with this thread's [`Lex`] (emptied first when it has grown past [`MAX_WORDS`]). Not
/// to be nested.
pub(crate) fn with<R>(f: impl FnOnce(&mut Lex) -> R) -> R {
    LEX.with(|l| {
        let mut l = l.borrow_mut();
        if l.words.len() >= MAX_WORDS || l.keys.len() >= MAX_WORDS {
            *l = Lex::default();
        }
        f(&mut l)
    })
}

impl Lex {
    /// The id of the [`Word`] of token text `t`.
    pub(crate) fn word_id(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.ids.get(t) {
            return id;
        }
        let w = read_word(t);
        let id = self.words.len() as u32;
        self.words.push(w);
        self.ids.insert(t.into(), id);
        id
    }

    pub(crate) fn word(&self, id: u32) -> &Word {
        &self.words[id as usize]
    }

    /// The key of term `id`.
    pub(crate) fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }

    fn intern(&mut self, key: String) -> u32 {
        if let Some(&id) = self.key_ids.get(key.as_str()) {
            return id;
        }
        let id = self.keys.len() as u32;
        let key = key.into_boxed_str();
        self.keys.push(key.clone());
        self.key_ids.insert(key, id);
        id
    }

    /// The term of word `id` (text `t`) as a name (`cap`) or a common word, [`NONE`] for none:
    /// [`norm::content_key`](crate::norm) as an id.
    fn term(&mut self, id: u32, t: &str, cap: bool) -> u32 {
        let w = &self.words[id as usize];
        let known = if cap { w.name } else { w.common };
        if known != UNSET {
            return known;
        }
        let lower = norm::lower(t);
        let term = if norm::dropped(&lower) {
            NONE
        } else if cap {
            let mut k = norm::name_key_of(&lower);
            k.insert(0, '@');
            self.intern(k)
        } else {
            self.intern(norm::word_key_of(&lower))
        };
        let w = &mut self.words[id as usize];
        if cap {
            w.name = term;
        } else {
            w.common = term;
        }
        term
    }

    /// The term of number `v` (`#` and [`norm::format_number`]).
    fn number(&mut self, v: f64) -> u32 {
        if let Some(&id) = self.numbers.get(&v.to_bits()) {
            return id;
        }
        let id = self.intern(format!("#{}", norm::format_number(v)));
        self.numbers.insert(v.to_bits(), id);
        id
    }

    /// The matching terms (in text order, repeats kept) and quantities of a text given as its
    /// tokens (`toks`, spans in the body) and their words (`words`): [`norm::keys_in`] as term
    /// ids, quantity spans in the body.
    pub(crate) fn terms_of(
        &mut self,
        toks: &[(Span, &str)],
        words: &[u32],
    ) -> (Vec<u32>, Vec<Quantity>) {
        // (span, text, word, capitalised); hyphenated tokens with a number in them ("30-day",
        // "twenty-five") are split, their parts lower-case.
        let mut parts: Vec<(Span, Cow<'_, str>, u32, bool)> = Vec::with_capacity(toks.len());
        for (i, (&(span, t), &id)) in toks.iter().zip(words).enumerate() {
            let w = self.words[id as usize];
            if w.split {
                let lower = norm::lower(t);
                let mut at = span.start;
                for p in lower.split('-') {
                    let pid = self.word_id(p);
                    parts.push((
                        Span::new(at, at + p.len()),
                        Cow::Owned(p.to_string()),
                        pid,
                        false,
                    ));
                    at += p.len() + 1;
                }
            } else {
                let cap = if i > 0 { w.cap_inner } else { w.cap_first };
                parts.push((span, Cow::Borrowed(t), id, cap));
            }
        }
        let mut terms = Vec::with_capacity(parts.len());
        let mut quantities = Vec::new();
        let mut i = 0;
        while i < parts.len() {
            let run = norm::number_run(
                parts.len(),
                i,
                |j| {
                    let w = &self.words[parts[j].2 as usize];
                    w.digits
                        .map(norm::Num::Digits)
                        .or_else(|| w.number.map(|(v, mult)| norm::Num::Word(v, mult)))
                },
                |j| norm::lower(&parts[j].1) == "dozen",
            );
            if let Some((v, j)) = run {
                let unit = parts
                    .get(j)
                    .filter(|p| {
                        let w = &self.words[p.2 as usize];
                        !w.filler && w.number.is_none()
                    })
                    .map(|p| norm::word_key(&norm::lower(&p.1)));
                let span = Span::new(parts[i].0.start, parts[j - 1].0.end);
                terms.push(self.number(v));
                quantities.push(Quantity {
                    value: v,
                    unit,
                    span,
                });
                i = j;
                continue;
            }
            let (_, t, id, cap) = &parts[i];
            let term = self.term(*id, t, *cap);
            if term != NONE {
                terms.push(term);
            }
            i += 1;
        }
        (terms, quantities)
    }

    /// Term ids as their keys, in key order (as [`crate::ArticleClaim::terms`] holds them).
    pub(crate) fn keys_of(&self, ids: &[u32]) -> Vec<String> {
        let mut keys: Vec<&str> = ids.iter().map(|&t| self.key(t)).collect();
        keys.sort_unstable();
        keys.into_iter().map(str::to_string).collect()
    }
}

/// The [`Word`] of token text `t`, its terms not worked out yet.
fn read_word(t: &str) -> Word {
    let lower = norm::lower(t);
    let split = lower.contains('-')
        && lower
            .split('-')
            .any(|p| norm::digits(p).is_some() || norm::number_word(p).is_some());
    let capitalized = text::is_capitalized(t);
    let upper_inside = t.chars().skip(1).any(char::is_uppercase);
    // The first word counts as a name when capitalised and not a function word: news
    // sentences mostly open with their subject ("Ukraine accepted ...").
    let cap_first = capitalized && !text::is_stopword(&lower) || upper_inside;
    let cap_inner = capitalized || upper_inside;
    let dated = (3..=9).contains(&t.len());
    let month = if dated {
        crate::claims::month_of(&lower)
    } else {
        None
    };
    Word {
        cap_first,
        cap_inner,
        split,
        digits: norm::digits(&lower),
        number: norm::number_word(&lower),
        filler: norm::is_filler(&lower),
        negation: crate::claims::is_negation(t),
        month,
        weekday: dated && month.is_none() && lower.ends_with("day") && norm::is_calendar(&lower),
        cue: crate::claims::is_cue(t),
        according: crate::claims::is_word(t, "according"),
        to: crate::claims::is_word(t, "to"),
        common: UNSET,
        name: UNSET,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`Lex::terms_of`] of the tokens of `s`, as keys, quantity spans in `s`.
    fn keys_by_lex(s: &str) -> (Vec<String>, Vec<Quantity>) {
        with(|lex| {
            let toks: Vec<(Span, &str)> = text::tokens(s)
                .iter()
                .map(|t| (t.span, t.text(s)))
                .collect();
            let words: Vec<u32> = toks.iter().map(|t| lex.word_id(t.1)).collect();
            let (ids, q) = lex.terms_of(&toks, &words);
            (ids.iter().map(|&t| lex.key(t).to_string()).collect(), q)
        })
    }

    #[test]
    fn numbers_and_names_read_as_by_keys_in() {
        for s in [
            "A 30-day ceasefire, thirty days, 500,000 dead and twenty-five people.",
            "Two million people; a dozen troops; hundreds of them; 3.5.1 and 3.5 km",
            "Dmitry Peskov's aide said the U.S. won't sign on Monday, March 3.",
            "The Kremlin said so. Ukraine accepted it",
        ] {
            assert_eq!(keys_by_lex(s), norm::keys_in(s, &text::tokens(s)), "{s}");
        }
    }

    proptest! {
        #[test]
        fn lex_terms_are_keys_in(
            s in "([A-Za-z]{1,7}|[0-9]{1,4}|[0-9],[0-9]{3}|thirty|Twenty|five|million|dozen|hundred|said|The|Monday|may|-|'|’| |, |\\. |é|İ)*"
        ) {
            prop_assert_eq!(keys_by_lex(&s), norm::keys_in(&s, &text::tokens(&s)));
        }

    }
}
