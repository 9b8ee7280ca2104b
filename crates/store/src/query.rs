//! Turning untrusted search text into a safe FTS5 query, and FTS5 snippets into spans.

use model::Span;

/// Marks that SQLite's `snippet()` puts around matched terms (control characters never kept in
/// article text by [`snippet_parts`]' callers).
pub(crate) const OPEN: char = '\u{2}';
pub(crate) const CLOSE: char = '\u{3}';

/// Builds an FTS5 query from free text: each word becomes a quoted term (so no FTS5 syntax in
/// the input is ever interpreted), the last one also as a prefix, all of them required.
/// Returns `None` when the text has no word.
///
/// ```
/// assert_eq!(store::fts_query("Peskov said").as_deref(), Some("\"peskov\" \"said\"*"));
/// assert_eq!(store::fts_query("a\" OR b:*").as_deref(), Some("\"a\" \"or\" \"b\"*"));
/// assert_eq!(store::fts_query(" -- ** "), None);
/// ```
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"", w.to_lowercase()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut q = words.join(" ");
    q.push('*');
    Some(q)
}

/// Splits a marked snippet into plain text and the byte spans of the marked parts.
pub(crate) fn snippet_parts(marked: &str) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => open = Some(text.len()),
            CLOSE => {
                if let Some(start) = open.take() {
                    spans.push(Span::new(start, text.len()));
                }
            }
            '\n' | '\r' | '\t' => {
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            c => text.push(c),
        }
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(marked: &str, text: &str, hl: &[&str]) {
        let (t, spans) = snippet_parts(marked);
        assert_eq!(t, text);
        let got: Vec<&str> = spans.iter().map(|s| s.slice(&t)).collect();
        assert_eq!(got, hl);
    }

    #[test]
    fn snippets_become_spans() {
        check("a \u{2}truce\u{3} b", "a truce b", &["truce"]);
        check("\u{2}é\u{3}\n\n\u{2}x\u{3}", "é x", &["é", "x"]);
        check("no marks", "no marks", &[]);
    }

    #[test]
    fn queries_never_carry_syntax() {
        for input in ["NEAR(a b)", "title:x", "\"unbalanced", "a AND NOT b", "^x"] {
            let q = fts_query(input).unwrap();
            // Only quoted words, spaces and the final star.
            let stripped: String = q
                .split(' ')
                .map(|w| w.trim_end_matches('*'))
                .map(|w| w.trim_matches('"'))
                .collect();
            assert!(stripped.chars().all(char::is_alphanumeric), "{q}");
        }
    }
}
