//! HTML pages -> articles: one html5ever parse into a flat, depth-bounded tree
//! ([`dom`]), metadata from JSON-LD and meta tags ([`meta`]), and the main text chosen by
//! scoring text blocks ([`content`]). Sizes and depths are bounded, so a hostile page gives an
//! article with diagnostics, never a hang.

pub mod content;
pub mod dom;
pub mod meta;
pub mod prefilter;

use model::{Article, Document, Provenance, PubTime, Removed};

/// Pages larger than this are not parsed: the article is empty, partial, and says why.
pub const MAX_HTML_BYTES: usize = 20 * 1024 * 1024;

/// Extracts the article of one HTML page.
pub fn extract(doc: &Document) -> Article {
    let mut a = Article::new(
        Article::make_id(&doc.input, &doc.content),
        doc.input.clone(),
    );
    a.url = doc.url.clone();
    a.diagnostics.extend(doc.notes.iter().cloned());
    a.partial = doc.partial;
    let html = doc.content.as_str();
    if html.len() > MAX_HTML_BYTES {
        a.diagnostics.push(format!(
            "html: page of {} bytes is over the {} byte limit; not parsed",
            html.len(),
            MAX_HTML_BYTES
        ));
        a.partial = true;
        fill_from_container(&mut a, doc);
        return a;
    }
    if looks_binary(html) {
        a.diagnostics
            .push("html: content looks binary (control characters), not parsed".into());
        fill_from_container(&mut a, doc);
        return a;
    }
    if html.trim().is_empty() {
        a.diagnostics.push("html: empty page".into());
        fill_from_container(&mut a, doc);
        return a;
    }
    let mut html = html;
    if let Some(cut) = nesting_cut(html) {
        a.diagnostics.push(format!(
            "html: markup nests more than {MAX_NESTING} elements deep; page cut at byte {cut}"
        ));
        a.partial = true;
        html = &html[..cut];
    }
    let filtered = prefilter::prefilter(html);
    let dom = dom::Dom::parse(&filtered);
    if dom.nodes.iter().any(|n| n.depth >= dom::MAX_DEPTH) {
        a.diagnostics.push(format!(
            "html: markup nested deeper than {}; deeper elements flattened",
            dom::MAX_DEPTH
        ));
    }
    let m = meta::Meta::read(&dom);

    // Outlet.
    if let Some(s) = doc.source.clone() {
        a.provenance
            .insert("source".into(), Provenance::new("container", 1.0));
        a.source = Some(s);
    } else if let Some((s, p)) = meta::source(&m, doc.url.as_deref()) {
        a.provenance.insert("source".into(), p);
        a.source = Some(s);
    }

    // Title: an <h1> agreeing with the metadata, else the metadata.
    let h1 = dom.find("h1").map(|i| dom.text(i)).find(|t| !t.is_empty());
    if let Some(t) = doc.title.clone() {
        a.title = Some(t);
        a.provenance
            .insert("title".into(), Provenance::new("container", 1.0));
    } else if let Some((t, p)) = meta::title(&m, h1.as_deref(), a.source.as_deref()) {
        a.title = Some(t);
        a.provenance.insert("title".into(), p);
    }

    // Body.
    let blocks = content::blocks(&dom);
    let body = content::body(&dom, &blocks, a.title.as_deref());
    a.paragraphs = dedupe_paragraphs(body.paragraphs, &mut a.removed);
    a.captions = body.captions;
    a.removed.extend(
        body.removed
            .into_iter()
            .map(|(text, reason)| Removed { text, reason }),
    );

    // Byline and credit.
    let visible_byline = visible_byline(&dom);
    if let Some(b) = doc.byline.clone() {
        a.byline = meta::clean_byline(&b).or(Some(b));
        a.provenance
            .insert("byline".into(), Provenance::new("container", 1.0));
    } else if let Some((b, p)) = meta::byline(&m, visible_byline.as_deref()) {
        a.byline = Some(b);
        a.provenance.insert("byline".into(), p);
    }
    if let Some(b) = &a.byline {
        let parts: Vec<&str> = b.split([',', '/']).map(str::trim).collect();
        if let Some(w) = parts.iter().find_map(|p| meta::wire(p)) {
            a.credit = Some(w.to_string());
            let rest: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| meta::wire(p).is_none() && !p.is_empty())
                .collect();
            a.byline = (!rest.is_empty()).then(|| rest.join(", "));
        }
    }
    if a.credit.is_none() {
        a.credit = credit_in_text(&a.paragraphs);
    }

    // Times.
    times(&mut a, doc, &dom, &m, &blocks);

    // Language.
    if let Some(l) = m.html_lang.as_deref().and_then(meta::lang_code) {
        a.language = Some(l);
        a.provenance
            .insert("language".into(), Provenance::new("html-lang", 0.8));
    } else if let Some((l, c)) = text::detect_language(&a.body()) {
        a.language = Some(l.to_string());
        a.provenance
            .insert("language".into(), Provenance::new("whatlang", c));
    }

    // Partial bodies: paywalls and truncated pages.
    if let Some(v) = m.article_ld() {
        let free = v.get("isAccessibleForFree");
        if free.is_some_and(|f| {
            f == false || f.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
        }) {
            a.partial = true;
            a.diagnostics
                .push("html: JSON-LD says the article is not free (paywall)".into());
        }
    }
    let bytes = html.as_bytes();
    let tail =
        String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(2048)..]).to_ascii_lowercase();
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if head.contains("<html") && !tail.contains("</html") && !tail.contains("</body") {
        a.partial = true;
        a.diagnostics
            .push("html: page ends before </html> (truncated?)".into());
    }
    if a.paragraphs.is_empty() {
        a.diagnostics.push("html: no article text found".into());
    }
    a
}

/// Open elements beyond which the page is cut before parsing: the HTML tree builder does work
/// proportional to the depth for every tag, so a page of 100,000 nested `<div>`s would take
/// minutes.
pub const MAX_NESTING: usize = 2000;

/// Where to cut a page whose (approximate) element nesting exceeds [`MAX_NESTING`]: a byte
/// scan counting start tags against end tags, skipping void elements.
fn nesting_cut(html: &str) -> Option<usize> {
    const VOID: &[&[u8]] = &[
        b"br", b"img", b"meta", b"link", b"input", b"hr", b"source", b"wbr", b"area", b"col",
        b"embed", b"param", b"track", b"base", b"p", b"li", b"option", b"td", b"tr", b"th", b"dt",
        b"dd",
    ];
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = html.get(i..).and_then(|r| r.find('<')) {
        i += off;
        if i + 1 >= b.len() {
            break;
        }
        let next = b[i + 1];
        if next == b'/' {
            depth = depth.saturating_sub(1);
        } else if next.is_ascii_alphabetic() {
            let name_end = b[i + 1..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .map_or(b.len(), |p| i + 1 + p);
            let name = &b[i + 1..name_end];
            if !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

/// Fills what the container knows when the page itself could not be read.
fn fill_from_container(a: &mut Article, doc: &Document) {
    a.title = doc.title.clone();
    a.source = doc.source.clone();
    a.byline = doc.byline.clone();
    a.published = doc.published.or(doc.fetched);
}

/// More than 1% control characters (other than whitespace) in the first 64 KiB.
fn looks_binary(s: &str) -> bool {
    let head = &s.as_bytes()[..s.len().min(65536)];
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 100 > head.len()
}

/// Drops exact repeats of a paragraph (teasers repeated in the body, duplicated captions).
fn dedupe_paragraphs(paras: Vec<String>, removed: &mut Vec<Removed>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        if p.chars().count() > 30 && !seen.insert(p.clone()) {
            removed.push(Removed {
                text: p,
                reason: "repeated-paragraph".into(),
            });
            continue;
        }
        out.push(p);
    }
    out
}

/// Whether a link goes to an author's page.
pub(crate) fn author_href(h: &str) -> bool {
    h.contains("/author/") || h.contains("/authors/") || h.contains("/autor/")
}

/// The text of the first element whose class/id/rel says it is the byline.
fn visible_byline(dom: &dom::Dom) -> Option<String> {
    for (i, n) in dom.nodes.iter().enumerate() {
        let dom::Kind::Element(e) = &n.kind else {
            continue;
        };
        let author_link = e.tag == "a" && e.attr("href").is_some_and(author_href);
        let is_byline = author_link
            || e.attr("rel").is_some_and(|r| r == "author")
            || e.attr("itemprop").is_some_and(|r| r == "author")
            || e.hints
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| {
                    matches!(
                        t,
                        "byline" | "author" | "authors" | "author-name" | "byline__name"
                    )
                })
            || e.hints.contains("byline");
        if is_byline {
            let t = dom.text(i);
            if !t.is_empty() && t.len() < 200 {
                return Some(t);
            }
        }
    }
    None
}

/// A wire credit stated in the body: "(Reuters) -", "(AP) —", "— AFP".
fn credit_in_text(paras: &[String]) -> Option<String> {
    let first = paras.first()?;
    let head: String = first.chars().take(120).collect();
    for (k, v) in [
        ("(reuters)", "Reuters"),
        ("(ap)", "AP"),
        ("(afp)", "AFP"),
        ("(dpa)", "dpa"),
        ("(efe)", "EFE"),
        ("(upi)", "UPI"),
        ("(bloomberg)", "Bloomberg"),
    ] {
        if head.to_lowercase().contains(k) {
            return Some(v.to_string());
        }
    }
    let last = paras.last()?.to_lowercase();
    if last.len() < 200 {
        for (k, v) in [
            ("reporting by", "Reuters"),
            ("the associated press contributed", "AP"),
        ] {
            if last.contains(k) {
                return Some(v.to_string());
            }
        }
    }
    None
}

/// Publication and update times, in order of trust: container, JSON-LD, meta, `<time>`, URL,
/// then the fetch date as a weak guess.
fn times(
    a: &mut Article,
    doc: &Document,
    dom: &dom::Dom,
    m: &meta::Meta,
    blocks: &[content::Block],
) {
    let (mut published, updated) = meta::structured_times(m);
    if let Some(t) = doc.published {
        published = Some((t, Provenance::new("container", 1.0)));
    }
    if published.is_none() {
        published = time_element(dom).map(|t| (t, Provenance::new("time-element", 0.7)));
    }
    if published.is_none() {
        published = doc
            .url
            .as_deref()
            .and_then(meta::url_date)
            .map(|t| (t, Provenance::new("url", 0.6)));
    }
    if published.is_none() {
        published = visible_date(dom, blocks).map(|t| (t, Provenance::new("visible-text", 0.5)));
    }
    if published.is_none() {
        published = doc.fetched.map(|t| (t, Provenance::new("fetched", 0.2)));
    }
    if let Some((t, p)) = published {
        a.published = Some(t);
        a.provenance.insert("published".into(), p);
    }
    if let Some((t, p)) = updated {
        if a.published.is_none_or(|p| p != t) {
            a.updated = Some(t);
            a.provenance.insert("updated".into(), p);
        }
    }
}

/// A date written in the page: first in a short block whose element (or a near ancestor)
/// is marked as a date or byline, then in the short blocks right after the `<h1>`.
fn visible_date(dom: &dom::Dom, blocks: &[content::Block]) -> Option<PubTime> {
    let marked = |mut i: usize| {
        for _ in 0..4 {
            if let Some(e) = dom.element(i) {
                let h = &e.hints;
                if [
                    "date", "time", "publish", "posted", "meta", "byline", "info",
                ]
                .iter()
                .any(|k| h.contains(k))
                {
                    return true;
                }
            }
            if i == 0 {
                break;
            }
            i = dom.nodes[i].parent;
        }
        false
    };
    let short = |b: &&content::Block| b.chars <= 120;
    for b in blocks.iter().filter(short) {
        if marked(b.owner) {
            if let Some((t, _)) = content::find_date(&b.text) {
                return Some(t);
            }
        }
    }
    let h1 = blocks.iter().position(|b| dom.tag(b.owner) == "h1")?;
    blocks[h1 + 1..]
        .iter()
        .take(12)
        .filter(short)
        .find_map(|b| content::find_date(&b.text).map(|(t, _)| t))
}

/// The first `<time datetime>` (or `pubdate`) in the page.
fn time_element(dom: &dom::Dom) -> Option<PubTime> {
    let mut first = None;
    for i in dom.find("time") {
        let e = dom.element(i)?;
        let t = e
            .attr("datetime")
            .and_then(meta::parse_time)
            .or_else(|| meta::parse_time(&dom.text(i)));
        if let Some(t) = t {
            if e.attr("pubdate").is_some()
                || e.attr("itemprop").is_some_and(|v| v == "datePublished")
            {
                return Some(t);
            }
            first.get_or_insert(t);
        }
    }
    first
}
