//! Lines of a plain-text report and the shape features every rule of the reader looks at:
//! length in words, sentence punctuation, title case, capitals, time stamps, copyright marks.

use crate::dates;
use model::PubTime;
use regex::Regex;
use std::sync::LazyLock;

/// One line (or one hard-wrapped block joined into a line), trimmed, with the number of blank
/// lines before it.
#[derive(Debug, Clone)]
pub struct Unit {
    pub text: String,
    pub blank_before: usize,
}

/// Splits text into trimmed non-blank units. A block of three or more lines that looks
/// hard-wrapped (similar widths, most lines ending mid-sentence) is joined into one unit with
/// single spaces; otherwise every line is its own unit (reports pasted from the web put one
/// paragraph on a line, with or without blank lines between), except that a line starting in
/// lower case continues an unfinished line before it.
pub fn split(content: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut blanks = 0usize;
    let mut block_blanks = 0usize;
    let flush = |block: &mut Vec<&str>, blanks: usize, out: &mut Vec<Unit>| {
        if block.is_empty() {
            return;
        }
        if hard_wrapped(block) {
            out.push(Unit {
                text: block.join(" "),
                blank_before: blanks,
            });
        } else {
            for (i, l) in block.iter().enumerate() {
                // A line that ends mid-sentence, followed by one starting in lower case, is
                // the same sentence broken in two.
                let prev_open = i > 0 && !ends_sentence(block[i - 1]);
                let lower_start = l.chars().next().is_some_and(char::is_lowercase);
                match out.last_mut() {
                    Some(last) if prev_open && lower_start => {
                        last.text.push(' ');
                        last.text.push_str(l);
                    }
                    _ => out.push(Unit {
                        text: (*l).to_string(),
                        blank_before: if i == 0 { blanks } else { 0 },
                    }),
                }
            }
        }
        block.clear();
    };
    for line in content.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut block, block_blanks, &mut out);
            blanks += 1;
            continue;
        }
        if block.is_empty() {
            block_blanks = blanks;
            blanks = 0;
        }
        block.push(t);
    }
    flush(&mut block, block_blanks, &mut out);
    out
}

fn hard_wrapped(block: &[&str]) -> bool {
    if block.len() < 3 {
        return false;
    }
    let body = &block[..block.len() - 1];
    let widths: Vec<usize> = body.iter().map(|l| l.chars().count()).collect();
    let (min, max) = (
        widths.iter().copied().min().unwrap_or(0),
        widths.iter().copied().max().unwrap_or(0),
    );
    let open = body.iter().filter(|l| !ends_sentence(l)).count();
    (30..=100).contains(&min)
        && max <= 100
        && max - min <= 30
        && open * 2 >= body.len()
        && !body.iter().any(|l| FIELD.is_match(l))
}

/// `- Key: value` or `Key: value` with a short title-case key (archive record fields).
pub static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-*•]\s*)?([A-Z][A-Za-z0-9'’()&/.]*(?:[ ][A-Za-z0-9'’()&/.]+){0,4})\s*:(?:\s+(.*))?$",
    )
    .expect("valid field pattern")
});

static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)©|\(c\)\s|\(c\)$|^copyright\b|\ball rights reserved\b")
        .expect("valid copyright pattern")
});

/// The text of a line without emphasis or heading marks around it (`**x**`, `## x`, `_x_`).
pub fn core(s: &str) -> &str {
    let t = s.trim();
    let t = t.trim_start_matches('#').trim();
    let t = t.trim_matches(|c| c == '*' || c == '_').trim();
    t
}

/// Ends with sentence punctuation (after closing quotes and brackets).
pub fn ends_sentence(s: &str) -> bool {
    let t = core(s);
    // A trailing source in brackets ("... said. [Agency]") does not hide the full stop.
    let t = match t
        .strip_suffix(']')
        .and_then(|x| x.rfind('[').map(|i| &x[..i]))
    {
        Some(before) if t.len() - before.len() <= 40 => before.trim_end(),
        _ => t,
    };
    let t = t.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '’' | '”' | '»' | ')' | ']') || c.is_whitespace()
    });
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Number of word tokens.
pub fn word_count(s: &str) -> usize {
    text::tokens(s).len()
}

/// Title case: nearly every word of four letters or more, and the first word, is capitalised
/// (or the line is in capitals). Short function words are not counted.
pub fn title_case(s: &str) -> bool {
    let s = core(s);
    title_case_of(s, &text::tokens(s))
}

/// [`title_case`] of a line that is its own [`core`], given its tokens.
fn title_case_of(s: &str, toks: &[text::Token]) -> bool {
    let mut words = toks
        .iter()
        .map(|t| t.text(s))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic));
    let Some(first) = words.next() else {
        return false;
    };
    if !text::is_capitalized(first) {
        return false;
    }
    // Over all words, and over the words of four letters or more.
    let (mut long, mut long_caps, mut all_capitalised) = (0usize, 0usize, true);
    for w in std::iter::once(first).chain(words) {
        let cap = text::is_capitalized(w);
        all_capitalised &= cap;
        if w.chars().nth(3).is_some() {
            long += 1;
            long_caps += usize::from(cap);
        }
    }
    if long == 0 {
        return all_capitalised;
    }
    long_caps * 5 >= long * 4
}

/// All letters are capitals (and there are at least two).
pub fn all_caps(s: &str) -> bool {
    let mut letters = 0usize;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Normalised form for comparing lines: folded, lower-cased, letters and digits only.
pub fn norm(s: &str) -> String {
    let f = text::fold(core(s)).to_lowercase();
    let mut out = String::with_capacity(f.len());
    for w in f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// What a unit looks like, in the order the rules test it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole-line date or time (`Fri, 14 Mar 2025 18:53:14 GMT`, `Published: 14 May 2024`).
    Stamp,
    /// A copyright or rights line.
    Copyright,
    /// Running text: ends with sentence punctuation, or is long.
    Para,
    /// A short label: at most four words in title case or capitals, or at most three ending
    /// with a colon ("Read More", "BREAKING NEWS", "Follow us", "See also:").
    Label,
    /// Any other line without sentence punctuation: a headline, a caption, a subheading.
    Heading,
}

/// Shape features of one unit.
#[derive(Debug, Clone)]
pub struct Feat {
    pub kind: Kind,
    pub words: usize,
    pub title_case: bool,
    pub stamp: Option<PubTime>,
}

pub fn feat(s: &str) -> Feat {
    let c = core(s);
    let toks = text::tokens(c);
    let words = toks.len();
    // `title_case` reads the core of its argument: the same line unless marks were nested.
    let cc = core(c);
    let title = if cc.len() == c.len() {
        title_case_of(c, &toks)
    } else {
        title_case(c)
    };
    let stamp = if c.len() <= 120 {
        dates::parse_datetime(c)
    } else {
        None
    };
    // Title case or capitals.
    let shouty = title || all_caps(c);
    let question = c
        .trim_end_matches(['"', '\'', '’', '”', ')'])
        .ends_with(['?', '!']);
    let kind = if stamp.is_some() {
        Kind::Stamp
    } else if words <= 30 && COPYRIGHT.is_match(c) {
        Kind::Copyright
    } else if words > 40 || (ends_sentence(c) && !(question && title && words <= 20)) {
        if words <= 3 && c.ends_with(':') {
            Kind::Label
        } else {
            Kind::Para
        }
    } else if words <= 4 && shouty {
        Kind::Label
    } else {
        Kind::Heading
    };
    Feat {
        kind,
        words,
        title_case: shouty,
        stamp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let table: &[(&str, Kind)] = &[
            ("Fri, 14 Mar 2025 18:53:14 GMT", Kind::Stamp),
            (
                "© 2024 Example Media ltd. All Rights Reserved.",
                Kind::Copyright,
            ),
            ("He said so on Friday.", Kind::Para),
            ("'We agree,' he said.'", Kind::Para),
            ("Read More", Kind::Label),
            ("BREAKING NEWS", Kind::Label),
            ("Follow us", Kind::Label),
            ("See also:", Kind::Label),
            (
                "**Is Putin Playing for Time or Ready to Talk?**",
                Kind::Heading,
            ),
            ("Is this the end of the war?", Kind::Para),
            ("The minister (left) met the envoy in Rome", Kind::Heading),
        ];
        for (s, k) in table {
            assert_eq!(feat(s).kind, *k, "{s:?}");
        }
    }

    #[test]
    fn joins_hard_wrapped_blocks_only() {
        let wrapped = "The council met on Monday to discuss the budget for\nthe coming year and agreed that spending on roads\nwould rise by a tenth, the mayor said.\n\nNext.";
        let u = split(wrapped);
        assert_eq!(u.len(), 2);
        assert!(u[0].text.starts_with("The council") && u[0].text.ends_with("said."));
        assert_eq!(u[1].blank_before, 1);
        let lines = "One short line\nAnother line here.\nThird.";
        assert_eq!(split(lines).len(), 3);
        let broken =
            "The council met on Monday and\nagreed to raise spending.\nA caption here\nNext line.";
        let u = split(broken);
        assert_eq!(u.len(), 3);
        assert_eq!(
            u[0].text,
            "The council met on Monday and agreed to raise spending."
        );
    }

    #[test]
    fn norm_ignores_marks() {
        assert_eq!(norm("**Hello,  World!**"), "hello world");
    }
}
