//! Archive records: reports written as `- Key: value` (or `Key: value`) fields, such as a news
//! agency's video archive. The body comes from the story-text field; every other field is
//! kept in `metadata` under its key in kebab case (`Copyright Holder` -> `copyright-holder`).
//!
//! Rules:
//! - **A record** has field lines with at least four distinct short title-case keys (not in
//!   capitals: those are transcript speakers), mostly distinct (fields come once), and either
//!   bullets on three of them, a key naming a date, title or text, or field lines making up
//!   half of the lines.
//! - Lines that follow a field belong to it until the next field; a field written inside a
//!   line after ` - ` (`...end of story. - Copyright Holder: X`) starts there.
//! - **Body**: the longest field whose key names a text (`text`, `body`, `story`, `content`,
//!   `article`, `transcript`, `script`), else the longest field of 300 bytes or more.
//! - **Title**: a key naming a title or headline, else the first line before the fields.
//! - **Outlet**: a key naming a holder, provider, publisher, source, agency or credit
//!   (capitals tidied: `REUTERS` -> `Reuters`), else the holder of a copyright notice.
//! - **Date**: a key naming publication, else one naming a date (not embargo, expiry,
//!   update, record or shooting dates).

use super::body::read_from;
use super::lines::{self, norm, Unit, FIELD};
use super::names::{copyright_holder, person_like, tidy_outlet};
use super::Draft;
use crate::dates;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static INLINE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+-\s+([A-Z][A-Za-z0-9'’()&/.]*(?:[ ][A-Z][A-Za-z0-9'’()&/.]*){0,4}):\s")
        .expect("valid inline field pattern")
});
static BODY_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:text|body|story|content|article|transcript|script)\b")
        .expect("valid body key pattern")
});

#[derive(Debug)]
struct Field {
    key: String,
    lines: Vec<String>,
}

impl Field {
    fn value(&self) -> String {
        self.lines.join("\n")
    }
    fn len(&self) -> usize {
        self.lines.iter().map(String::len).sum()
    }
    fn lower(&self) -> String {
        self.key.to_lowercase()
    }
}

fn key_of(line: &str) -> Option<(String, Option<String>)> {
    let c = FIELD.captures(line)?;
    let key = c.get(1)?.as_str().trim();
    if key.len() > 40 || lines::word_count(key) > 5 || dates::find_date(key).is_some() {
        return None;
    }
    // Each word of a key is capitalised or a short connector ("Date of Birth").
    let ok = key.split_whitespace().all(|w| {
        w.chars().next().is_some_and(|ch| !ch.is_lowercase())
            || matches!(w, "of" | "and" | "or" | "the" | "by" | "for" | "in" | "on")
    });
    // Keys in capitals are speaker labels of a transcript ("SMITH: ..."), not fields.
    if !ok || !key.chars().any(char::is_lowercase) {
        return None;
    }
    let value = c
        .get(2)
        .map(|m| m.as_str().trim().to_string())
        .filter(|v| !v.is_empty());
    Some((key.to_string(), value))
}

/// True when the content reads as an archive record.
pub fn is_record(content: &str) -> bool {
    let mut keys = BTreeSet::new();
    let mut bullets = 0;
    let mut field_lines = 0;
    let mut all_lines = 0;
    for line in content.lines().map(str::trim).filter(|l| !l.is_empty()) {
        all_lines += 1;
        if let Some((k, _)) = key_of(line) {
            field_lines += 1;
            if line.starts_with(['-', '*', '•']) {
                bullets += 1;
            }
            keys.insert(k.to_lowercase());
        }
    }
    let telling = keys.iter().any(|k| {
        BODY_KEY.is_match(k)
            || k.split(|c: char| !c.is_alphanumeric()).any(|w| {
                matches!(
                    w,
                    "date" | "dated" | "published" | "publication" | "title" | "headline"
                )
            })
    });
    // Fields come once each; keys that repeat are speakers or list labels.
    // Without bullets or a telling key, fields must be a good share of the lines: an article
    // of "Name: verdict." sections is not a record.
    let dense = field_lines * 2 >= all_lines;
    keys.len() >= 4 && keys.len() * 5 >= field_lines * 3 && (bullets >= 3 || telling || dense)
}

/// `Copyright Holder` -> `copyright-holder`.
fn kebab(key: &str) -> String {
    let mut out = String::new();
    for w in key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

fn split_inline(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    for m in INLINE_FIELD.find_iter(line) {
        let piece = &line[at..m.start()];
        if !piece.trim().is_empty() {
            out.push(piece.trim());
        }
        // Keep "Key: value" for the next piece (drop the " - " before it).
        let dash = m.as_str().find('-').map_or(0, |i| i + 1);
        at = m.start() + dash;
    }
    let last = line[at..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// Reads an archive record into the draft.
pub fn read_record(content: &str, container_title: Option<&str>, d: &mut Draft) {
    let mut preamble: Vec<String> = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    for raw in content.lines().map(str::trim).filter(|l| !l.is_empty()) {
        for piece in split_inline(raw) {
            if let Some((key, value)) = key_of(piece) {
                fields.push(Field {
                    key,
                    lines: value.into_iter().collect(),
                });
            } else if let Some(f) = fields.last_mut() {
                f.lines.push(piece.to_string());
            } else {
                preamble.push(piece.to_string());
            }
        }
    }

    // Title.
    let title_field = fields.iter().find(|f| {
        let k = f.lower();
        (k.contains("title") || k.contains("headline")) && !f.lines.is_empty()
    });
    let title: Option<String> = match (container_title, title_field) {
        (Some(t), _) => Some(t.to_string()),
        (None, Some(f)) => {
            let t = f.lines[0].clone();
            d.offer_title(&t, &format!("record-field:{}", f.key), 0.95);
            Some(t)
        }
        (None, None) => preamble
            .first()
            .filter(|l| lines::feat(l).kind != lines::Kind::Para)
            .map(|t| {
                d.offer_title(lines::core(t), "first-line", 0.7);
                t.clone()
            }),
    };
    let tnorm = title.as_deref().map(norm);
    let mut title_consumed = container_title.is_some() || title_field.is_some();
    for l in &preamble {
        if tnorm.as_deref() == Some(norm(l).as_str()) {
            if title_consumed {
                d.remove(l, "repeated-title");
            }
            title_consumed = true;
        } else {
            d.remove(l, "record-header");
        }
    }

    // Body field.
    let body_idx = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| BODY_KEY.is_match(&f.key))
        .max_by_key(|(i, f)| (f.len(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .or_else(|| {
            fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.len() >= 300)
                .max_by_key(|(i, f)| (f.len(), std::cmp::Reverse(*i)))
                .map(|(i, _)| i)
        });

    // Other fields -> metadata, dropping repeats of the title inside them.
    for (i, f) in fields.iter_mut().enumerate() {
        if Some(i) == body_idx {
            continue;
        }
        let is_title_field = {
            let k = f.key.to_lowercase();
            k.contains("title") || k.contains("headline")
        };
        let mut kept = Vec::new();
        for (j, l) in f.lines.iter().enumerate() {
            if !(is_title_field && j == 0) && tnorm.as_deref() == Some(norm(l).as_str()) {
                d.remove(l, "repeated-title");
            } else {
                kept.push(l.clone());
            }
        }
        f.lines = kept;
        if f.lines.is_empty() {
            continue;
        }
        let key = kebab(&f.key);
        let value = f.value();
        d.metadata
            .entry(key)
            .and_modify(|v| {
                v.push('\n');
                v.push_str(&value);
            })
            .or_insert(value);
    }

    // Outlet.
    const SOURCE_KEYS: &[&str] = &[
        "holder",
        "provider",
        "publisher",
        "source",
        "agency",
        "credit",
        "distributor",
        "outlet",
    ];
    'source: for want in SOURCE_KEYS {
        for f in fields.iter().filter(|f| f.lower().contains(want)) {
            let Some(v) = f.lines.first() else { continue };
            let cleaned = copyright_holder(v).or_else(|| Some(tidy_outlet(v)));
            if let Some(s) = cleaned.filter(|s| usable_name(s)) {
                d.offer_source(&s, &format!("record-field:{}", f.key), 0.9);
                break 'source;
            }
        }
    }
    for f in fields.iter().filter(|f| f.lower().contains("copyright")) {
        if let Some(h) = f.lines.first().and_then(|v| copyright_holder(v)) {
            d.offer_source(&h, &format!("record-field:{}", f.key), 0.6);
        }
    }

    // Publication date.
    let dated = |f: &&Field| {
        let k = f.lower();
        ![
            "embargo", "expir", "updat", "modif", "record", "shot", "event", "birth", "death",
        ]
        .iter()
        .any(|x| k.contains(x))
    };
    let mut date_fields: Vec<&Field> = fields
        .iter()
        .filter(|f| f.lower().contains("publi"))
        .filter(dated)
        .collect();
    date_fields.extend(
        fields
            .iter()
            .filter(|f| {
                let k = f.lower();
                !k.contains("publi")
                    && (k.contains("date") || k.contains("created") || k.contains("issued"))
            })
            .filter(dated),
    );
    for f in date_fields {
        let Some(v) = f.lines.first() else { continue };
        let method = format!("record-field:{}", f.key);
        if let Some(t) = dates::parse_datetime(v) {
            d.offer_published(t, &method, 0.95);
            break;
        }
        if let Some((t, _)) = dates::find_date(v) {
            d.offer_published(t, &method, 0.7);
            break;
        }
    }

    // Byline.
    for f in fields.iter().filter(|f| {
        let k = f.lower();
        [
            "author",
            "byline",
            "writer",
            "reporter",
            "journalist",
            "correspondent",
        ]
        .iter()
        .any(|x| k.contains(x))
            || k == "by"
    }) {
        if let Some(v) = f.lines.first().filter(|v| person_like(v)) {
            d.offer_byline(v, &format!("record-field:{}", f.key), 0.9);
            break;
        }
    }

    // Body.
    let units: Vec<Unit> = match body_idx {
        Some(i) => lines::split(&fields[i].value()),
        None => Vec::new(),
    };
    read_from(&units, 0, false, tnorm.as_deref(), d);
}

/// A field value that names something (not "None", "N/A", "-").
fn usable_name(s: &str) -> bool {
    let l = s.to_lowercase();
    !s.is_empty()
        && !matches!(l.as_str(), "none" | "n/a" | "na" | "unknown" | "null" | "-")
        && lines::word_count(s) <= 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_inline_fields() {
        assert_eq!(
            key_of("- Story Text: It rained."),
            Some(("Story Text".into(), Some("It rained.".into())))
        );
        assert_eq!(key_of("Record ID:"), Some(("Record ID".into(), None)));
        assert_eq!(key_of("He said: no."), None);
        assert_eq!(key_of("At 10:30: nothing"), None);
        assert_eq!(
            split_inline("It ended. - Copyright Holder: ACME"),
            vec!["It ended.", "Copyright Holder: ACME"]
        );
        assert_eq!(
            kebab("Usage Terms/Restrictions"),
            "usage-terms-restrictions"
        );
    }
}
