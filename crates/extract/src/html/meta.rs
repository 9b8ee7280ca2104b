//! Page metadata: JSON-LD objects, `<meta>` tags, title, outlet, byline, credit, dates and
//! language, each with how it was found.

use super::dom::{squash, Dom, Kind};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use model::{Provenance, PubTime};
use serde_json::Value;

/// Everything read from the page's head and structured data.
#[derive(Debug, Default)]
pub struct Meta {
    /// Lower-cased `name` / `property` / `itemprop` -> `content`, in document order.
    pub tags: Vec<(String, String)>,
    /// Article-like JSON-LD objects (NewsArticle, Article, BlogPosting, ...), then the others.
    pub ld: Vec<Value>,
    pub html_lang: Option<String>,
    pub title_tag: Option<String>,
}

impl Meta {
    pub fn read(dom: &Dom) -> Meta {
        let mut m = Meta::default();
        let mut ld_all = Vec::new();
        for (i, n) in dom.nodes.iter().enumerate() {
            let Kind::Element(e) = &n.kind else { continue };
            match e.tag.as_str() {
                "html" if m.html_lang.is_none() => {
                    m.html_lang = e.attr("lang").map(str::to_string);
                }
                "title" if m.title_tag.is_none() && !in_svg(dom, i) => {
                    let t = dom.text(i);
                    if !t.is_empty() {
                        m.title_tag = Some(t);
                    }
                }
                "meta" => {
                    let key = e
                        .attr("property")
                        .or_else(|| e.attr("name"))
                        .or_else(|| e.attr("itemprop"));
                    if let (Some(k), Some(v)) = (key, e.attr("content")) {
                        let v = squash(&decode_entities(v));
                        if !v.is_empty() {
                            m.tags.push((k.trim().to_ascii_lowercase(), v));
                        }
                    }
                }
                "script"
                    if e.attr("type")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) =>
                {
                    let raw: String = dom.nodes[i..n.end]
                        .iter()
                        .filter_map(|n| match &n.kind {
                            Kind::Text(t) => Some(t.as_str()),
                            Kind::Element(_) => None,
                        })
                        .collect();
                    if raw.len() < 2_000_000 {
                        if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
                            flatten_ld(v, &mut ld_all, 0);
                        }
                    }
                }
                _ => {}
            }
        }
        let (mut arts, others): (Vec<Value>, Vec<Value>) =
            ld_all.into_iter().partition(is_article_ld);
        arts.extend(others);
        m.ld = arts;
        m
    }

    /// The first `content` of a meta tag among `keys` (in the order of `keys`).
    pub fn tag(&self, keys: &[&str]) -> Option<(&str, &str)> {
        for k in keys {
            if let Some((key, v)) = self.tags.iter().find(|(t, _)| t == k) {
                return Some((key.as_str(), v.as_str()));
            }
        }
        None
    }

    /// A string field of the first article-like JSON-LD object that has it.
    pub fn ld_str(&self, key: &str) -> Option<String> {
        self.ld.iter().filter(|v| is_article_ld(v)).find_map(|v| {
            let f = v.get(key)?;
            let s = match f {
                Value::String(s) => s.clone(),
                Value::Array(a) => a.first()?.as_str()?.to_string(),
                _ => return None,
            };
            let s = squash(&decode_entities(&s));
            (!s.is_empty()).then_some(s)
        })
    }

    pub fn article_ld(&self) -> Option<&Value> {
        self.ld.first().filter(|v| is_article_ld(v))
    }
}

fn in_svg(dom: &Dom, mut i: usize) -> bool {
    while i != 0 {
        i = dom.nodes[i].parent;
        if dom.tag(i) == "svg" {
            return true;
        }
    }
    false
}

fn flatten_ld(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                flatten_ld(x, out, depth + 1);
            }
        }
        Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten_ld(g, out, depth + 1);
            }
            if let Some(Value::Object(me)) = o.get("mainEntity") {
                if me.contains_key("@type") {
                    out.push(Value::Object(me.clone()));
                }
            }
            out.push(Value::Object(o));
        }
        _ => {}
    }
}

fn ld_types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article_ld(v: &Value) -> bool {
    ld_types(v).iter().any(|t| {
        t.ends_with("article")
            || t.ends_with("posting")
            || matches!(
                t.as_str(),
                "report" | "review" | "webpage" | "liveblogposting"
            )
    }) && !ld_types(v)
        .iter()
        .any(|t| t == "webpage" && v.get("headline").is_none())
}

/// Decodes the character references pages leave in metadata ("&#8211;", "&amp;", "&quot;").
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "ndash" => Some('\u{2013}'),
            "mdash" => Some('\u{2014}'),
            "rsquo" => Some('\u{2019}'),
            "lsquo" => Some('\u{2018}'),
            "rdquo" => Some('\u{201d}'),
            "ldquo" => Some('\u{201c}'),
            "hellip" => Some('\u{2026}'),
            _ => {
                let num = name.strip_prefix('#');
                num.and_then(|n| {
                    if let Some(h) = n.strip_prefix(['x', 'X']) {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        n.parse().ok()
                    }
                })
                .and_then(char::from_u32)
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A person or organisation name from a JSON-LD value: a string, `{name}`, or a list of them.
fn ld_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let s = squash(&decode_entities(s));
            if !s.is_empty() && !s.starts_with("http") {
                out.push(s);
            }
        }
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                ld_names(n, out);
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(8) {
                ld_names(x, out);
            }
        }
        _ => {}
    }
}

/// The outlet: JSON-LD publisher, `og:site_name`, application name, then the URL's domain.
pub fn source(meta: &Meta, url: Option<&str>) -> Option<(String, Provenance)> {
    for v in &meta.ld {
        if let Some(p) = v.get("publisher") {
            let mut names = Vec::new();
            ld_names(p, &mut names);
            if let Some(n) = names.into_iter().next() {
                return Some((n, Provenance::new("json-ld:publisher", 0.9)));
            }
        }
    }
    for k in ["og:site_name", "application-name", "twitter:site"] {
        if let Some((_, v)) = meta.tag(&[k]) {
            let v = v.trim_start_matches('@').to_string();
            if !v.is_empty() && v.len() < 80 {
                return Some((v, Provenance::new(format!("meta:{k}"), 0.8)));
            }
        }
    }
    let host = host_of(url?)?;
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    Some((host, Provenance::new("domain", 0.3)))
}

pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Title candidates: JSON-LD headline, `og:title`, `<title>`; the caller may prefer an `<h1>`.
pub fn title(meta: &Meta, h1: Option<&str>, source: Option<&str>) -> Option<(String, Provenance)> {
    let og = meta
        .tag(&["og:title", "twitter:title"])
        .map(|(_, v)| v.to_string());
    let ld = meta.ld_str("headline");
    let tag = meta.title_tag.clone();
    let norm = |s: &str| squash(&s.to_lowercase());
    if let Some(h) = h1 {
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let hw = words(h);
        let agree = [&og, &ld, &tag]
            .iter()
            .filter_map(|c| c.as_deref())
            .map(|c| {
                let cw = words(c);
                hw.iter().filter(|w| cw.contains(w)).count() as f32 / hw.len().max(1) as f32
            })
            .fold(0.0f32, f32::max);
        if agree >= 0.5 && norm(h).len() > 3 && hw.len() <= 40 {
            return Some((h.to_string(), Provenance::new("h1", 0.9)));
        }
    }
    if let Some(t) = ld {
        return Some((t, Provenance::new("json-ld:headline", 0.85)));
    }
    if let Some(t) = og {
        return Some((
            strip_site_suffix(&t, source),
            Provenance::new("meta:og:title", 0.8),
        ));
    }
    if let Some(t) = tag {
        return Some((strip_site_suffix(&t, source), Provenance::new("title", 0.6)));
    }
    h1.map(|h| (h.to_string(), Provenance::new("h1", 0.5)))
}

/// "Headline | Site" -> "Headline" (also " - ", " — ", " :: ").
fn strip_site_suffix(t: &str, source: Option<&str>) -> String {
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        if let Some(at) = t.rfind(sep) {
            let (head, tail) = (&t[..at], &t[at + sep.len()..]);
            let tail_is_site = source.is_some_and(|s| {
                let s = s.to_lowercase();
                let tl = tail.to_lowercase();
                tl.contains(&s) || s.contains(&tl)
            }) || tail.split_whitespace().count() <= 3;
            if tail_is_site && head.split_whitespace().count() >= 2 {
                return head.trim().to_string();
            }
        }
    }
    t.trim().to_string()
}

/// Wire services recognised as credits.
const WIRES: &[(&str, &str)] = &[
    ("reuters", "Reuters"),
    ("associated press", "AP"),
    ("the associated press", "AP"),
    ("ap", "AP"),
    ("afp", "AFP"),
    ("agence france-presse", "AFP"),
    ("dpa", "dpa"),
    ("bloomberg", "Bloomberg"),
    ("efe", "EFE"),
    ("ansa", "ANSA"),
    ("pa", "PA"),
    ("press association", "PA"),
    ("upi", "UPI"),
    ("xinhua", "Xinhua"),
    ("tass", "TASS"),
    ("kyodo", "Kyodo"),
];

/// The wire credit a name stands for, if it is one.
pub fn wire(name: &str) -> Option<&'static str> {
    let n = name
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    WIRES.iter().find(|(k, _)| *k == n).map(|(_, v)| *v)
}

/// Byline candidates from JSON-LD and meta tags, already cleaned.
pub fn byline(meta: &Meta, visible: Option<&str>) -> Option<(String, Provenance)> {
    for v in &meta.ld {
        if let Some(a) = v.get("author") {
            let mut names = Vec::new();
            ld_names(a, &mut names);
            let names: Vec<String> = names.iter().filter_map(|n| clean_byline(n)).collect();
            if !names.is_empty() {
                return Some((join_names(&names), Provenance::new("json-ld:author", 0.9)));
            }
        }
    }
    for k in [
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "byl",
        "twitter:creator",
    ] {
        if let Some((_, v)) = meta.tag(&[k]) {
            if k == "twitter:creator" || v.starts_with("http") {
                continue;
            }
            if let Some(c) = clean_byline(v) {
                return Some((c, Provenance::new(format!("meta:{k}"), 0.75)));
            }
        }
    }
    let v = visible?;
    clean_byline(v).map(|c| (c, Provenance::new("byline-element", 0.6)))
}

fn join_names(names: &[String]) -> String {
    let mut seen: Vec<&String> = Vec::new();
    for n in names {
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    seen.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Removes what is not a name from a byline: "By", "Published", dates, reading times, social
/// handles, "Updated", e-mail addresses. `None` when nothing name-like is left.
pub fn clean_byline(raw: &str) -> Option<String> {
    let mut s = squash(raw);
    // Cut at markers after which nothing is a name.
    let lower = s.to_lowercase();
    if ["published", "updated", "posted", "last updated"]
        .iter()
        .any(|m| lower.starts_with(m))
        && !lower.contains(" by ")
    {
        return None;
    }
    let mut cut = s.len();
    for m in [
        " published",
        " updated",
        " posted",
        " min read",
        " - ",
        " – ",
        " — ",
        " minute read",
        " minutes read",
        "|",
        " • ",
        " · ",
        " on ",
        "follow ",
        " email",
        " twitter",
        "\u{2022}",
    ] {
        if let Some(at) = lower.find(m) {
            if at > 0 {
                cut = cut.min(at);
            }
        }
    }
    s.truncate(cut);
    let mut words: Vec<&str> = s.split_whitespace().collect();
    // Leading "By" / "Von" / "Par" / "Por" / "Written by" / "Words:".
    while let Some(w) = words.first() {
        let l = w.to_lowercase();
        let l = l.trim_end_matches(':');
        if matches!(
            l,
            "by" | "von"
                | "authored"
                | "posted"
                | "read"
                | "more"
                | "about"
                | "par"
                | "por"
                | "di"
                | "written"
                | "words"
                | "author"
                | "autor"
                | "reporting"
        ) {
            words.remove(0);
        } else {
            break;
        }
    }
    let words: Vec<&str> = words
        .into_iter()
        .filter(|w| !w.starts_with('@') && !w.contains("://") && !w.contains('@'))
        .collect();
    let mut out = words.join(" ");
    out = out
        .trim_matches(|c: char| c == ',' || c == '-' || c == '|' || c.is_whitespace())
        .to_string();
    // A month name or "Last" left at the end is the start of a date ("Jane Doe July 3").
    loop {
        let last = out.rsplit(' ').next().unwrap_or("").to_lowercase();
        let last = last.trim_end_matches(['.', ',']);
        let is_month = [
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "last",
            "on",
            "at",
        ]
        .contains(&last);
        if is_month && out.contains(' ') {
            let at = out.rfind(' ').unwrap_or(0);
            out.truncate(at);
            out = out.trim_end_matches([',', ' ', '-']).to_string();
        } else {
            break;
        }
    }
    // A date or number left at the end means the cut missed: drop trailing digits.
    while out.ends_with(|c: char| c.is_ascii_digit()) {
        let at = out.rfind(' ').unwrap_or(0);
        out.truncate(at);
        out = out.trim_end_matches([',', ' ']).to_string();
    }
    let letters = out.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || out.len() > 120 || out.split_whitespace().count() > 12 {
        return None;
    }
    Some(out)
}

/// Publication or update time from a string in one of the machine forms pages use: RFC 3339,
/// ISO 8601 with or without zone, `+0100` offsets, date only, RFC 2822.
pub fn parse_time(s: &str) -> Option<PubTime> {
    let s = s.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    if let Some(t) = PubTime::parse(s) {
        return Some(t);
    }
    let t = s.replace(' ', "T");
    if let Ok(dt) = DateTime::parse_from_rfc3339(&t) {
        return Some(PubTime::Zoned(dt));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(&t, f) {
            return Some(PubTime::Zoned(dt));
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(&t, f) {
            return Some(PubTime::Local(dt));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(PubTime::Zoned(dt));
    }
    // "2024-03-14T10:00:00.000Z" with trailing junk, or a date followed by anything.
    if s.len() >= 10 {
        if let Some(head) = s.get(..10) {
            for f in ["%Y-%m-%d", "%Y/%m/%d"] {
                if let Ok(d) = NaiveDate::parse_from_str(head, f) {
                    return Some(PubTime::Date(d));
                }
            }
        }
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y%m%d") {
            return Some(PubTime::Date(d));
        }
    }
    None
}

pub const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "last-modified",
];

pub const UPDATED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "lastmod",
];

/// A time and how it was found.
pub type Found = Option<(PubTime, Provenance)>;

/// Publication and update times from JSON-LD, then meta tags.
pub fn structured_times(meta: &Meta) -> (Found, Found) {
    let mut published = None;
    let mut updated = None;
    for v in &meta.ld {
        if published.is_none() {
            if let Some(t) = v
                .get("datePublished")
                .or_else(|| v.get("dateCreated"))
                .and_then(Value::as_str)
                .and_then(parse_time)
            {
                published = Some((t, Provenance::new("json-ld:datePublished", 0.95)));
            }
        }
        if updated.is_none() {
            if let Some(t) = v
                .get("dateModified")
                .and_then(Value::as_str)
                .and_then(parse_time)
            {
                updated = Some((t, Provenance::new("json-ld:dateModified", 0.9)));
            }
        }
    }
    if published.is_none() {
        for k in PUBLISHED_META {
            if let Some((key, v)) = meta.tag(&[k]) {
                if let Some(t) = parse_time(v) {
                    let conf = if *k == "last-modified" { 0.5 } else { 0.85 };
                    published = Some((t, Provenance::new(format!("meta:{key}"), conf)));
                    break;
                }
            }
        }
    }
    if updated.is_none() {
        for k in UPDATED_META {
            if let Some((key, v)) = meta.tag(&[k]) {
                if let Some(t) = parse_time(v) {
                    updated = Some((t, Provenance::new(format!("meta:{key}"), 0.8)));
                    break;
                }
            }
        }
    }
    (published, updated)
}

/// A date in the URL path: `/2024/03/14/`, `/2024-03-14/`, `/20240314/`.
pub fn url_date(url: &str) -> Option<PubTime> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        if w[0].len() == 4
            && w[1].len() <= 2
            && w[2].len() <= 2
            && !w[1].is_empty()
            && !w[2].is_empty()
        {
            if let (Ok(y), Ok(m), Ok(d)) = (
                w[0].parse::<i32>(),
                w[1].parse::<u32>(),
                w[2].parse::<u32>(),
            ) {
                if (1995..=2100).contains(&y) {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        return Some(PubTime::Date(date));
                    }
                }
            }
        }
    }
    for p in &parts {
        if p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(d) = NaiveDate::parse_from_str(p, "%Y%m%d") {
                if (1995..=2100).contains(&chrono::Datelike::year(&d)) {
                    return Some(PubTime::Date(d));
                }
            }
        }
    }
    None
}

/// ISO 639-1 from a `lang` attribute such as "en-US".
pub fn lang_code(lang: &str) -> Option<String> {
    let code = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_lose_junk() {
        let check =
            |raw: &str, want: Option<&str>| assert_eq!(clean_byline(raw).as_deref(), want, "{raw}");
        check("By Jane Smith", Some("Jane Smith"));
        check(
            "By Jane Smith Published 3:04 PM, March 3, 2024",
            Some("Jane Smith"),
        );
        check("Jane Smith | 5 Minute Read", Some("Jane Smith"));
        check("By John Doe @jdoe", Some("John Doe"));
        check("Published", None);
    }

    #[test]
    fn machine_times_parse() {
        let check = |s: &str, want: &str| {
            assert_eq!(
                parse_time(s).map(|t| t.to_string()).as_deref(),
                Some(want),
                "{s}"
            )
        };
        check("2024-03-14T10:00:00Z", "2024-03-14T10:00:00Z");
        check("2024-03-14T10:00:00+0100", "2024-03-14T10:00:00+01:00");
        check("2024-03-14 10:00:00", "2024-03-14T10:00:00");
        check("2024-03-14", "2024-03-14");
        check("2024-03-14T10:00:00.000-05:00", "2024-03-14T10:00:00-05:00");
        check("Thu, 14 Mar 2024 10:00:00 GMT", "2024-03-14T10:00:00Z");
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("https://x.com/2024/03/14/story")
                .map(|t| t.to_string())
                .as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(
            url_date("https://x.com/news/20240314/story")
                .map(|t| t.to_string())
                .as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(url_date("https://x.com/a/b"), None);
    }
}
