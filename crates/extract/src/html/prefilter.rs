//! A cheap pass over the page before the (much slower) HTML parse: it drops what the
//! extractor never reads, so the tokenizer and tree builder see less.
//!
//! - comments, `<style>`, `<svg>` and scripts other than JSON-LD go entirely;
//! - start tags lose the attributes nothing reads (`src`, `srcset`, `data-*`, `onclick`...)
//!   and those whose value cannot matter (an `href` that is no author page, a `style` that
//!   hides nothing, `content` outside `<meta>`).
//!
//! Tags are read with the HTML tokenizer's own rules (quoted values may hold `>`); text the
//! tokenizer does not read as markup (raw-text elements such as `<title>`, `<textarea>`,
//! `<noscript>`, JSON-LD, doctype, CDATA) is copied as is. Every cut falls on an ASCII byte,
//! so the result is valid UTF-8 whatever the page.

use std::borrow::Cow;
use std::ops::Range;

/// The page with what the extractor never reads removed.
pub fn prefilter(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    let lb = lower.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut attrs = Vec::new();
    // Written up to `at`; what lies between `at` and the next markup is text.
    let mut at = 0;
    let mut scan = 0;
    let mut changed = false;
    // The text right after `<pre>` or `<listing>` keeps its whitespace (the tree builder drops
    // a newline there).
    let mut keep_space = false;
    // Set when the page ends inside markup: the rest is copied as is.
    let mut tail_as_is = false;
    while let Some(off) = lower.get(scan..).and_then(|r| r.find('<')) {
        let i = scan + off;
        let rest = &lower[i..];
        let removed = if rest.starts_with("<!--") {
            lower[i + 4..].find("-->").map(|e| i + 4 + e + 3)
        } else if rest.starts_with("<script") {
            let tag_end = rest.find('>').map_or(lower.len(), |e| i + e);
            if lower[i..tag_end].contains("ld+json") {
                None
            } else {
                close_of(&lower, i, "</script")
            }
        } else if rest.starts_with("<style") {
            close_of(&lower, i, "</style")
        } else if rest.starts_with("<svg") {
            close_of(&lower, i, "</svg")
        } else {
            None
        };
        if let Some(e) = removed.filter(|&e| e <= html.len()) {
            text(&mut out, html, at..i, &mut keep_space);
            at = e;
            scan = e;
            changed = true;
            continue;
        }
        let next = lb.get(i + 1).copied().unwrap_or(0);
        if next.is_ascii_alphabetic() {
            // A start tag: rewritten with the attributes that matter.
            let Some(tag) = read_tag(lb, i, &mut attrs) else {
                tail_as_is = true; // the page ends inside the tag
                break;
            };
            changed |= text(&mut out, html, at..i, &mut keep_space);
            let name = &lower[tag.name.clone()];
            if tag.clean {
                out.push('<');
                copy(&mut out, html, tag.name.clone());
                for a in &attrs {
                    if keep_attr(
                        name,
                        &lower[a.name.clone()],
                        a.value.clone().map(|v| &html[v]),
                    ) {
                        out.push(' ');
                        copy(&mut out, html, a.span.clone());
                    } else {
                        changed = true;
                    }
                }
                out.push_str(if tag.self_closing { "/>" } else { ">" });
            } else {
                copy(&mut out, html, i..tag.end);
            }
            at = tag.end;
            scan = tag.end;
            keep_space = matches!(name, "pre" | "listing");
            // Raw text: no markup inside, copied as is up to the element's end tag.
            if RAW_TEXT.contains(&name) {
                let end = (name != "plaintext")
                    .then(|| end_tag_of(lb, tag.end, name))
                    .flatten();
                let Some(e) = end else {
                    tail_as_is = true;
                    break;
                };
                copy(&mut out, html, at..e);
                at = e;
                scan = e;
            }
            continue;
        }
        // End tags (their attributes may hold `<`), doctype, CDATA and bogus comments:
        // copied as is.
        let end = match next {
            b'/' => read_tag(lb, i + 1, &mut attrs).map(|t| t.end),
            b'!' | b'?' if rest.starts_with("<![cdata[") => {
                lower[i..].find("]]>").map(|e| i + e + 3)
            }
            b'!' | b'?' => lower[i..].find('>').map(|e| i + e + 1),
            _ => {
                // A `<` that starts no markup is text.
                scan = i + 1;
                continue;
            }
        };
        let Some(e) = end else {
            tail_as_is = true;
            break;
        };
        changed |= text(&mut out, html, at..i, &mut keep_space);
        copy(&mut out, html, i..e);
        at = e;
        scan = e;
    }
    if tail_as_is {
        copy(&mut out, html, at..html.len());
    } else {
        changed |= text(&mut out, html, at..html.len(), &mut keep_space);
    }
    if !changed {
        return Cow::Borrowed(html);
    }
    Cow::Owned(out)
}

/// Writes the text `html[r]`, its leading whitespace as one space (the tokenizer takes a
/// text that starts with a newline one character at a time; every reader of text collapses
/// whitespace anyway). Text with carriage returns, which the tokenizer also takes one at a
/// time, has every whitespace run made one space. Returns whether anything changed.
fn text(out: &mut String, html: &str, r: Range<usize>, keep_space: &mut bool) -> bool {
    if r.is_empty() {
        return false;
    }
    if std::mem::take(keep_space) {
        copy(out, html, r);
        return false;
    }
    let b = &html.as_bytes()[r.clone()];
    if b.contains(&b'\r') {
        return squash_spaces(out, html, r);
    }
    let lead = b.iter().take_while(|&&c| is_space(c)).count();
    if lead == 0 || (lead == 1 && b[0] == b' ') {
        copy(out, html, r);
        return false;
    }
    out.push(' ');
    copy(out, html, r.start + lead..r.end);
    true
}

/// Writes `html[r]` with each run of ASCII whitespace as one space.
fn squash_spaces(out: &mut String, html: &str, r: Range<usize>) -> bool {
    let b = html.as_bytes();
    let mut changed = false;
    let mut from = r.start;
    let mut i = r.start;
    while i < r.end {
        if !is_space(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < r.end && is_space(b[i]) {
            i += 1;
        }
        if i - start > 1 || b[start] != b' ' {
            copy(out, html, from..start);
            out.push(' ');
            from = i;
            changed = true;
        }
    }
    copy(out, html, from..r.end);
    changed
}

/// Elements whose content the tokenizer reads as text (RCDATA, RAWTEXT, script data with
/// scripting on, PLAINTEXT). `script` and `style` here are the ones kept (JSON-LD).
const RAW_TEXT: &[&str] = &[
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "script",
    "plaintext",
];

fn copy(out: &mut String, html: &str, r: Range<usize>) {
    debug_assert!(html.get(r.clone()).is_some());
    if let Some(s) = html.get(r) {
        out.push_str(s);
    }
}

/// The byte after the `>` of the first `close` tag at or after `from`.
fn close_of(lower: &str, from: usize, close: &str) -> Option<usize> {
    let c = from + lower[from..].find(close)?;
    let gt = c + lower[c..].find('>')?;
    Some(gt + 1)
}

/// Where the end tag of raw-text element `name` starts at or after `from`: `</name` followed
/// by whitespace, `/` or `>`, as the tokenizer requires.
fn end_tag_of(lb: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut p = from;
    loop {
        let off = lb.get(p..)?.windows(2).position(|w| w == b"</")?;
        let s = p + off;
        let after = s + 2 + name.len();
        if lb.get(s + 2..after) == Some(name.as_bytes())
            && lb
                .get(after)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return Some(s);
        }
        p = s + 2;
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// One attribute of a tag, as byte ranges into the page.
#[derive(Debug, Clone)]
struct Attr {
    name: Range<usize>,
    /// The value without its quotes, when there is one.
    value: Option<Range<usize>>,
    /// `name`, `=` and the value with its quotes.
    span: Range<usize>,
}

/// A tag read by [`read_tag`].
#[derive(Debug)]
struct Tag {
    name: Range<usize>,
    /// One past the closing `>`.
    end: usize,
    self_closing: bool,
    /// False when the tag holds a stray `/`: then it is copied as is, not rewritten.
    clean: bool,
}

/// Reads the tag whose name starts at `i + 1` (`lb[i]` is `<`, or `/` for an end tag) with the
/// tokenizer's rules, filling `attrs`. `None` when the page ends inside it.
fn read_tag(lb: &[u8], i: usize, attrs: &mut Vec<Attr>) -> Option<Tag> {
    let n = lb.len();
    attrs.clear();
    let mut p = i + 1;
    let start = p;
    while p < n && !is_space(lb[p]) && lb[p] != b'/' && lb[p] != b'>' {
        p += 1;
    }
    let name = start..p;
    let mut clean = true;
    loop {
        while p < n && is_space(lb[p]) {
            p += 1;
        }
        match *lb.get(p)? {
            b'>' => {
                return Some(Tag {
                    name,
                    end: p + 1,
                    self_closing: false,
                    clean,
                })
            }
            b'/' => {
                if lb.get(p + 1) == Some(&b'>') {
                    return Some(Tag {
                        name,
                        end: p + 2,
                        self_closing: true,
                        clean,
                    });
                }
                clean = false;
                p += 1;
                continue;
            }
            _ => {}
        }
        // The attribute name: its first character whatever it is (even `=`), then up to
        // whitespace, `/`, `>` or `=`.
        let a = p;
        p += 1;
        while p < n && !is_space(lb[p]) && !matches!(lb[p], b'/' | b'>' | b'=') {
            p += 1;
        }
        let aname = a..p;
        let mut q = p;
        while q < n && is_space(lb[q]) {
            q += 1;
        }
        if q < n && lb[q] == b'=' {
            q += 1;
            while q < n && is_space(lb[q]) {
                q += 1;
            }
            let value = match *lb.get(q)? {
                quote @ (b'"' | b'\'') => {
                    let v = q + 1;
                    let close = v + lb.get(v..)?.iter().position(|&c| c == quote)?;
                    p = close + 1;
                    v..close
                }
                b'>' => {
                    p = q;
                    q..q
                }
                _ => {
                    let v = q;
                    while q < n && !is_space(lb[q]) && lb[q] != b'>' {
                        q += 1;
                    }
                    p = q;
                    v..q
                }
            };
            attrs.push(Attr {
                name: aname,
                value: Some(value),
                span: a..p,
            });
        } else {
            attrs.push(Attr {
                name: aname,
                value: None,
                span: a..p,
            });
        }
    }
}

/// Whether the extractor (or the tree builder) may read attribute `name` of element `tag`.
fn keep_attr(tag: &str, name: &str, value: Option<&str>) -> bool {
    match name {
        "class" | "id" | "itemprop" | "rel" | "role" | "hidden" | "aria-hidden" => true,
        "href" => tag == "a" && value.is_some_and(|v| v.contains('&') || super::author_href(v)),
        "style" => value.is_some_and(|v| v.contains('&') || super::content::style_hides(v)),
        "content" | "name" | "property" => tag == "meta",
        "lang" => tag == "html",
        "datetime" | "pubdate" => tag == "time",
        "type" => matches!(tag, "script" | "input"),
        // Read by the tree builder.
        "color" | "face" | "size" => tag == "font",
        "encoding" => tag == "annotation-xml",
        "shadowrootmode" | "shadowrootdelegatesfocus" | "shadowrootclonable" => tag == "template",
        // Namespaced attributes of foreign content.
        _ => name.contains(':'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::dom::{squash, Dom, Kind};
    use proptest::prelude::*;

    /// What the extractor reads of a parsed page: per node, the tag, the class/id hints and
    /// the text (whitespace collapsed), and whether an element hides itself or links to an
    /// author page.
    fn seen(html: &str) -> Vec<(String, String, bool, bool)> {
        Dom::parse(html)
            .nodes
            .iter()
            .map(|n| match &n.kind {
                Kind::Element(e) => (
                    e.tag.clone(),
                    e.hints.clone(),
                    // As html.rs reads it: an author link is an `a` element's.
                    e.tag == "a" && e.attr("href").is_some_and(crate::html::author_href),
                    e.attr("style")
                        .is_some_and(crate::html::content::style_hides),
                ),
                Kind::Text(t) => ("#text".into(), squash(t), false, false),
            })
            .collect()
    }

    /// Pieces of markup that the prefilter rewrites or must leave alone.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "<div class=\"Body main\">",
            "</div>",
            "<p id=lead data-x='1 > 2'>",
            "</p>",
            "<a href=\"/author/jo\" title=t>",
            "<a href=/news/1 rel=author>",
            "</a>",
            "<span style=\"display: none\">",
            "<span style=\"color:red\" hidden>",
            "</span>",
            "<pre>",
            "</pre>",
            "<b>",
            "</b>",
            "<table><tr><td>",
            "</td></tr></table>",
            "<title>a <b class=x>",
            "</title>",
            "<textarea>\n <p data-y=1>",
            "</textarea>",
            "<br/>",
            "<img src=a.png alt=\"x\">",
            "<p a/b=1>",
            "<!DOCTYPE html>",
            "<!x <i data-z=1> >",
            "text",
            " two  words ",
            "\n    ",
            "\r\n",
            "\t",
            "a < b",
            "&amp; ",
            "<",
        ])
    }

    proptest! {
        #[test]
        fn the_parse_sees_the_same_page(pieces in prop::collection::vec(piece(), 0..30)) {
            let html: String = pieces.concat();
            prop_assert_eq!(seen(&prefilter(&html)), seen(&html), "page: {:?}", html);
        }
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(prefilter(input), expected, "input: {input:?}");
    }

    /// Found by the property above: a tag whose name swallows an `<a` ("<text<a") is not an
    /// author link, so dropping its href changes nothing the extractor reads.
    #[test]
    fn a_swallowed_anchor_is_not_an_author_link() {
        let html = "<text<a href=\"/author/jo\" title=t>";
        assert_eq!(seen(&prefilter(html)), seen(html));
    }

    #[test]
    fn drops_scripts_styles_comments_and_unread_attributes() {
        for (input, expected) in [
            ("<p>a</p>", "<p>a</p>"),
            ("<p>a<!-- x --></p>", "<p>a</p>"),
            ("<script>var a = '<p>';</script><p>b</p>", "<p>b</p>"),
            ("<style>p{}</style><svg><title>t</title></svg>x", "x"),
            (
                r#"<div class="body" data-x='1 > 2' onclick=go()>t</div>"#,
                r#"<div class="body">t</div>"#,
            ),
            (
                r#"<a href="/news/1" class=x>n</a><a href="/author/jo">Jo</a>"#,
                r#"<a class=x>n</a><a href="/author/jo">Jo</a>"#,
            ),
            (
                r#"<p style="color:red">a</p><p style="display: none">b</p>"#,
                r#"<p>a</p><p style="display: none">b</p>"#,
            ),
            (
                r#"<meta property="og:title" content="T"><span content="x">s</span>"#,
                r#"<meta property="og:title" content="T"><span>s</span>"#,
            ),
            ("<br/><img src=a.jpg />", "<br/><img/>"),
            ("<p id=a checked>x</p>", "<p id=a>x</p>"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn leaves_text_the_tokenizer_does_not_read_as_markup() {
        for input in [
            r#"<title>a <b class="x" src=y> c</title>"#,
            r#"<textarea><p data-x=1></textarea>"#,
            r#"<noscript><img src="a.png"></noscript>"#,
            r#"<script type="application/ld+json">{"a":"<p data-x=1>"}</script>"#,
            r#"<!DOCTYPE html><p>x</p>"#,
            r#"<p a/b=1>stray slash</p>"#,
            "<p data-x=1",
            "<p>a</p><",
            "",
        ] {
            check(input, input);
        }
    }

    #[test]
    fn leading_whitespace_of_text_becomes_one_space() {
        for (input, expected) in [
            (
                "<div>\n    <p>a\n b</p>\n</div>",
                "<div> <p>a\n b</p> </div>",
            ),
            ("<p>a\r\nb  c</p>", "<p>a b c</p>"),
            ("<p> a</p>", "<p> a</p>"),
            // The tree builder drops a newline right after <pre>: left as it is.
            ("<pre>\n  x</pre>\n", "<pre>\n  x</pre> "),
            ("<title>\n t</title>", "<title>\n t</title>"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn end_tags_and_quoted_gt_do_not_confuse_it() {
        check(
            r#"<a title="x > <b data-y=1>" class=c>t</a data-z=1><i data-q=2>"#,
            r#"<a class=c>t</a data-z=1><i>"#,
        );
    }
}
