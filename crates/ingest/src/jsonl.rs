//! JSON Lines (one article per line) and JSON (one article object, or an array of them).
//!
//! A record is `{"url","source","title","published","text"}`, or `html` instead of `text`;
//! all fields but the content are optional. Unknown fields are ignored (feeds of other tools
//! carry many); a record without `text` or `html` is an error for that line only.

use crate::{check_content, err, Limits};
use model::{Document, Format, InputError, PubTime};
use serde::Deserialize;
use std::io::{BufRead, BufReader, Read};

#[derive(Debug, Deserialize)]
struct Record {
    url: Option<String>,
    source: Option<String>,
    title: Option<String>,
    published: Option<serde_json::Value>,
    #[serde(alias = "author")]
    byline: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

pub(crate) fn read_lines(
    name: &str,
    reader: Box<dyn Read + '_>,
    limits: Limits,
    sink: &mut dyn FnMut(Result<Document, InputError>),
) {
    let mut r = BufReader::new(reader);
    let mut line_no = 0usize;
    let mut any = false;
    loop {
        line_no += 1;
        let input = format!("{name}#line-{line_no}");
        match next_line(&mut r, limits.max_document) {
            Ok(None) => break,
            Ok(Some(Line::TooLong(n))) => {
                any = true;
                sink(Err(err(
                    &input,
                    format!(
                        "line too long ({} MB); the limit is {} MB",
                        n >> 20,
                        limits.max_document >> 20
                    ),
                )))
            }
            Ok(Some(Line::Text(bytes))) => {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                any = true;
                let text = match std::str::from_utf8(&bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        sink(Err(err(
                            &input,
                            format!("not valid UTF-8 (offset {})", e.valid_up_to()),
                        )));
                        continue;
                    }
                };
                sink(record(&input, text));
            }
            Err(e) => {
                sink(Err(err(&input, e)));
                return;
            }
        }
    }
    if !any {
        sink(Err(err(name, "empty file: no JSON Lines records")));
    }
}

enum Line {
    Text(Vec<u8>),
    TooLong(usize),
}

/// Reads one line of at most `cap` bytes; a longer line is skipped to its end.
fn next_line(r: &mut impl BufRead, cap: usize) -> Result<Option<Line>, String> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut seen = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) => return Err(format!("read error: {e}")),
        };
        if chunk.is_empty() {
            return Ok(match (seen, total > cap) {
                (false, _) => None,
                (true, true) => Some(Line::TooLong(total)),
                (true, false) => Some(Line::Text(buf)),
            });
        }
        seen = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(p) => (p, true),
            None => (chunk.len(), false),
        };
        total += take;
        if total <= cap {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            buf = Vec::new();
        }
        r.consume(take + usize::from(done));
        if done {
            return Ok(Some(if total > cap {
                Line::TooLong(total)
            } else {
                Line::Text(buf)
            }));
        }
    }
}

pub(crate) fn read_json(
    name: &str,
    bytes: &[u8],
    sink: &mut dyn FnMut(Result<Document, InputError>),
) {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return sink(Err(err(
                name,
                format!("not valid UTF-8 (offset {})", e.valid_up_to()),
            )))
        }
    };
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return sink(Err(err(name, format!("invalid JSON: {e}")))),
    };
    match value {
        serde_json::Value::Array(items) => {
            for (i, v) in items.into_iter().enumerate() {
                let input = format!("{name}#item-{}", i + 1);
                sink(from_value(&input, v));
            }
        }
        v => sink(from_value(name, v)),
    }
}

fn record(input: &str, line: &str) -> Result<Document, InputError> {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(v) => from_value(input, v),
        Err(e) => Err(err(input, format!("invalid JSON: {e}"))),
    }
}

fn from_value(input: &str, v: serde_json::Value) -> Result<Document, InputError> {
    if !v.is_object() {
        return Err(err(
            input,
            "a record must be a JSON object with a \"text\" or \"html\" field",
        ));
    }
    let r: Record =
        serde_json::from_value(v).map_err(|e| err(input, format!("bad record: {e}")))?;
    let (format, content) = match (r.text, r.html) {
        (Some(t), _) if !t.trim().is_empty() => (Format::Text, t),
        (_, Some(h)) if !h.trim().is_empty() => (Format::Html, h),
        (Some(_), _) | (_, Some(_)) => return Err(err(input, "empty \"text\"/\"html\" field")),
        (None, None) => return Err(err(input, "the record has no \"text\" or \"html\" field")),
    };
    check_content(content.as_bytes()).map_err(|e| err(input, e))?;
    let mut d = Document::new(input, format, content);
    d.url = r.url.filter(|s| !s.trim().is_empty());
    d.source = r.source.filter(|s| !s.trim().is_empty());
    d.title = r.title.filter(|s| !s.trim().is_empty());
    d.byline = r.byline.filter(|s| !s.trim().is_empty());
    match r.published {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => match parse_time(&s) {
            Some(t) => d.published = Some(t),
            None => d
                .notes
                .push(format!("unreadable \"published\" value {s:?}: ignored")),
        },
        Some(serde_json::Value::Number(n)) => match n
            .as_i64()
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        {
            Some(t) => d.published = Some(PubTime::Zoned(t.fixed_offset())),
            None => d
                .notes
                .push(format!("unreadable \"published\" value {n}: ignored")),
        },
        _ => {}
    }
    Ok(d)
}

/// ISO 8601 / RFC 3339 (any precision [`PubTime`] keeps) or RFC 2822.
pub(crate) fn parse_time(s: &str) -> Option<PubTime> {
    PubTime::parse(s).or_else(|| {
        chrono::DateTime::parse_from_rfc2822(s.trim())
            .ok()
            .map(PubTime::Zoned)
    })
}

#[cfg(test)]
mod tests {
    use crate::read_all as read;
    use model::Format;

    #[test]
    fn records_with_text_or_html_and_bad_lines() {
        let input = concat!(
            r#"{"url":"https://x.example/a","source":"Wire","title":"T","published":"2025-03-14","text":"Body one."}"#,
            "\n",
            "\n",
            r#"{"title":"no content"}"#,
            "\n",
            "not json\n",
            r#"{"html":"<p>Hello</p>","published":"Fri, 14 Mar 2025 18:53:14 GMT"}"#,
            "\n",
        );
        let out = read("feed.jsonl", input.as_bytes());
        assert_eq!(out.len(), 4);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.input, "feed.jsonl#line-1");
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.published.unwrap().to_string(), "2025-03-14");
        assert!(out[1].as_ref().unwrap_err().error.contains("no \"text\""));
        assert_eq!(out[1].as_ref().unwrap_err().input, "feed.jsonl#line-3");
        assert!(out[2].as_ref().unwrap_err().error.contains("invalid JSON"));
        let h = out[3].as_ref().unwrap();
        assert_eq!(h.format, Format::Html);
        assert_eq!(h.published.unwrap().to_string(), "2025-03-14T18:53:14Z");
    }

    #[test]
    fn a_huge_line_fails_alone() {
        let mut input = String::from(r#"{"text":"first"}"#);
        input.push('\n');
        input.push_str(&format!(r#"{{"text":"{}"}}"#, "x".repeat(17 << 20)));
        input.push('\n');
        input.push_str(r#"{"text":"third"}"#);
        let out = read("big.jsonl", input.as_bytes());
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok() && out[2].is_ok());
        assert!(out[1].as_ref().unwrap_err().error.contains("too long"));
    }

    #[test]
    fn json_array() {
        let out = read("a.json", br#"[{"text":"one"},{"text":"two"}]"#);
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap().input, "a.json#item-2");
    }
}
