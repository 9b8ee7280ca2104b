//! A rule-based English sentence splitter that keeps abbreviations ("Mr.", "U.S.", "Jan. 5")
//! and initials ("Dmitri S. Peskov") inside their sentence. Returns trimmed byte spans.

use model::Span;

const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gov", "sen", "rep", "gen", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "pres", "rev", "hon", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur",
    "fri", "sat", "sun", "inc", "corp", "ltd", "co", "vs", "etc", "no", "nos", "fig", "approx",
    "dept", "est", "mt", "ft", "ave", "blvd", "rd", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m",
    "p.m", "d.c", "ph.d", "op", "vol", "pp", "al", "del",
];

fn is_abbrev(word: &str) -> bool {
    let w = word
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if w.split('.')
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
    {
        return true; // an initial, or initials ("G.K. Butterfield")
    }
    ABBREV.contains(&w.as_str())
}

/// Sentence spans of `text`, in order, trimmed of surrounding white space. Line breaks that
/// leave a blank line always end a sentence.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            // A blank line (or a single line break followed by an indent-less new line that
            // starts a paragraph) ends the sentence.
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push(text, start, i, &mut out);
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        if matches!(b, b'.' | b'!' | b'?') {
            // Extend over runs of terminal marks and closing quotes/brackets.
            let mut end = i + 1;
            loop {
                let rest = &text[end..];
                let c = match rest.chars().next() {
                    Some(c) => c,
                    None => break,
                };
                if matches!(
                    c,
                    '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’' | '»'
                ) {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            let rest = &text[end..];
            let ws = rest.len() - rest.trim_start().len();
            let next = rest.trim_start().chars().next();
            let boundary = ws > 0
                && next.is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '«')
                })
                || next.is_none();
            if boundary && b == b'.' && next.is_some() {
                let word_start = text[..i]
                    .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
                    .map(|p| p + text[p..].chars().next().map_or(1, char::len_utf8))
                    .unwrap_or(0);
                let word = &text[word_start..i];
                if is_abbrev(word) {
                    i = end;
                    continue;
                }
            }
            if boundary {
                push(text, start, end, &mut out);
                start = end;
                i = end;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(text, start, text.len(), &mut out);
    out
}

/// Longest sentence, in bytes: a run-on text with no sentence break for longer (a page of
/// lists, a garbled or hostile document) is cut at white space into pieces of at most this
/// size, so that readers that look back over their sentence stay linear in the text.
/// Sentences of real prose are a few hundred bytes.
pub const MAX_SENTENCE: usize = 4_000;

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    let (mut from, to) = (start + lead, start + lead + trimmed.len());
    while to - from > MAX_SENTENCE {
        let mut cut = from + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // The last white space before the limit, else the limit itself (one huge word).
        let piece = &text[from..cut];
        let at = piece
            .rfind(char::is_whitespace)
            .filter(|&k| k > 0)
            .map_or(cut, |k| from + k);
        let head = text[from..at].trim_end();
        if !head.is_empty() {
            out.push(Span::new(from, from + head.len()));
        }
        let rest = &text[at..to];
        from = at + (rest.len() - rest.trim_start().len());
    }
    if to > from {
        out.push(Span::new(from, to));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<_> = sentences(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_run_on_text_is_cut_at_white_space() {
        let text = format!("{} end", "word ".repeat(3_000));
        let got = sentences(&text);
        assert!(got.len() >= 4, "{}", got.len());
        for s in &got {
            let t = s.slice(&text);
            assert!(s.len() <= MAX_SENTENCE && t == t.trim() && !t.is_empty());
        }
        // Nothing lost: the pieces hold every word, in order.
        let words: Vec<&str> = got.iter().flat_map(|s| s.slice(&text).split(' ')).collect();
        assert_eq!(words, text.split(' ').collect::<Vec<_>>());
        // One huge word is cut at the limit (on a character boundary).
        let word = "é".repeat(5_000);
        let got = sentences(&word);
        assert_eq!(got.len(), 3);
        assert_eq!(got.iter().map(|s| s.slice(&word)).collect::<String>(), word);
    }

    #[test]
    fn abbreviations_and_initials_stay() {
        check(
            "Kremlin spokesman Dmitri S. Peskov spoke. Mr. Trump met Gov. Newsom in the U.S. on Jan. 5. Fine!",
            &[
                "Kremlin spokesman Dmitri S. Peskov spoke.",
                "Mr. Trump met Gov. Newsom in the U.S. on Jan. 5.",
                "Fine!",
            ],
        );
        check(
            "\"It is a disgusting day,\" said Rep. G.K. Butterfield. Del. Stacey Plaskett agreed.",
            &[
                "\"It is a disgusting day,\" said Rep. G.K. Butterfield.",
                "Del. Stacey Plaskett agreed.",
            ],
        );
    }

    #[test]
    fn quotes_close_the_sentence() {
        check(
            "He said: \"It is over.\" Then he left. 'Yes?' she asked.",
            &[
                "He said: \"It is over.\"",
                "Then he left.",
                "'Yes?' she asked.",
            ],
        );
    }

    #[test]
    fn blank_lines_split() {
        check(
            "A title\n\nBody starts here. Ends.",
            &["A title", "Body starts here.", "Ends."],
        );
    }

    #[test]
    fn decimals_do_not_split() {
        check(
            "It rose 3.5 percent. Good.",
            &["It rose 3.5 percent.", "Good."],
        );
    }
}
