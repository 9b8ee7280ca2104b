//! The main text of a page: the page is cut into text blocks (one per block-level element run),
//! each block is judged (text length, link density, boilerplate tags and class/id hints), and
//! the element whose subtree holds the most good text net of bad text is the article body.

use super::dom::{squash, Dom, Kind};

/// One run of text owned by a block-level element.
#[derive(Debug, Clone)]
pub struct Block {
    /// The nearest block-level element around the text.
    pub owner: usize,
    pub text: String,
    /// Characters of the text inside links.
    pub link_chars: usize,
    pub chars: usize,
}

/// Tags that are boilerplate wherever they are.
const NEG_TAGS: &[&str] = &["nav", "aside", "footer", "header", "menu", "figcaption"];

/// Class/id tokens that mark boilerplate (a `match`, which compiles to a length switch).
fn neg_token(t: &str) -> bool {
    matches!(
        t,
        "nav"
            | "navbar"
            | "navigation"
            | "menu"
            | "footer"
            | "sidebar"
            | "share"
            | "sharing"
            | "social"
            | "related"
            | "comments"
            | "comment"
            | "ad"
            | "ads"
            | "advert"
            | "advertisement"
            | "promo"
            | "newsletter"
            | "subscribe"
            | "subscription"
            | "cookie"
            | "cookies"
            | "consent"
            | "banner"
            | "breadcrumb"
            | "breadcrumbs"
            | "tags"
            | "byline"
            | "author"
            | "dateline"
            | "timestamp"
            | "caption"
            | "credit"
            | "credits"
            | "popup"
            | "modal"
            | "overlay"
            | "widget"
            | "toolbar"
            | "print"
            | "skip"
            | "outbrain"
            | "taboola"
            | "disqus"
            | "recirc"
            | "recommended"
            | "trending"
            | "popular"
            | "pagination"
            | "pager"
            | "masthead"
            | "signup"
            | "login"
            | "bio"
            | "sponsored"
            | "sponsor"
            | "cta"
            | "rating"
            | "sr-only"
            | "visually-hidden"
            | "screen-reader-text"
            | "infobox"
            | "toc"
            | "aside"
            | "copyright"
            | "disclaimer"
            | "gdpr"
            | "teaser"
            | "more-stories"
            | "read-more"
            | "readmore"
            | "also"
            | "embed"
            | "video"
            | "gallery"
            | "slideshow"
            | "meta"
            | "post-meta"
            | "entry-meta"
            | "article-meta"
            | "header"
            | "tools"
            | "utility"
            | "follow"
            | "donate"
            | "feedback"
    )
}

/// Substrings of class/id that mark boilerplate.
const NEG_SUBSTR: &[&str] = &[
    "comment",
    "share",
    "social",
    "related",
    "newsletter",
    "advert",
    "sidebar",
    "breadcrumb",
    "cookie",
    "consent",
    "outbrain",
    "taboola",
    "promo",
    "subscri",
    "recommend",
    "footer",
    "navbar",
    "-nav",
    "nav-",
    "menu",
    "byline",
    "author-",
    "-author",
    "newsfeed",
    "most-read",
    "mostread",
    "most-popular",
    "paywall-",
    "signup",
    "sign-up",
    "inline-ad",
    "ad-slot",
    "adslot",
    "ad-container",
    "adunit",
    "ad-unit",
    "dfp",
    "teaser",
    "caption",
];

/// Substrings of class/id that mark the article body (they cancel negative hints).
const POS_SUBSTR: &[&str] = &[
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "article-content",
    "article__content",
    "articlecontent",
    "article-text",
    "story-body",
    "storybody",
    "story-content",
    "entry-content",
    "post-content",
    "post-body",
    "postbody",
    "main-content",
    "body-text",
    "content-body",
    "article-main",
    "rich-text",
    "richtext",
];

/// One automaton over the negative and positive class/id substrings: pattern ids below
/// `NEG_SUBSTR.len()` are negative, the rest positive.
static HINT_AC: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(NEG_SUBSTR.iter().chain(POS_SUBSTR.iter()))
            .ok()
    });

/// (has a negative substring, has a positive substring) of a hint string.
fn hint_substrings(h: &str) -> (bool, bool) {
    let Some(ac) = HINT_AC.as_ref() else {
        return (false, false);
    };
    let (mut neg, mut pos) = (false, false);
    for m in ac.find_overlapping_iter(h) {
        let id = m.pattern().as_usize();
        if id < NEG_SUBSTR.len() {
            if !(NEG_SUBSTR[id].starts_with("comment") && h.contains("commentary")) {
                neg = true;
            }
        } else {
            pos = true;
        }
        if neg && pos {
            break;
        }
    }
    (neg, pos)
}

fn is_skip(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "math"
            | "video"
            | "audio"
            | "map"
            | "dialog"
            | "link"
            | "meta"
            | "title"
    )
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "form"
            | "br"
            | "hr"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "body"
            | "html"
            | "#document"
            | "menu"
            | "legend"
    )
}

fn is_hidden(e: &super::dom::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v == "true") {
        return true;
    }
    e.attr("style").is_some_and(style_hides)
}

/// Whether an inline style hides its element.
pub(crate) fn style_hides(style: &str) -> bool {
    let s: String = style.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// Negative (boilerplate) hint of an element: its tag or its class/id.
pub fn negative(e: &super::dom::Element) -> bool {
    negative_fixed(e).unwrap_or_else(|| negative_hints(&e.hints))
}

/// The verdict of [`negative`] when the tag or an attribute settles it, before class/id.
fn negative_fixed(e: &super::dom::Element) -> Option<bool> {
    if e.attr("itemprop")
        .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
    {
        return Some(false);
    }
    if NEG_TAGS.contains(&e.tag.as_str()) {
        return Some(true);
    }
    if e.attr("role")
        .is_some_and(|r| matches!(r, "navigation" | "complementary" | "banner" | "contentinfo"))
    {
        return Some(true);
    }
    if e.hints.is_empty() {
        return Some(false);
    }
    None
}

/// The class/id part of [`negative`].
fn negative_hints(hints: &str) -> bool {
    // WordPress and Drupal put taxonomy into classes ("author-jane", "tag-sidebar"): not hints.
    const TAXONOMY: &[&str] = &[
        "category-",
        "tag-",
        "author-",
        "format-",
        "status-",
        "type-",
        "postid-",
        "post-",
    ];
    let taxonomy = |t: &str| TAXONOMY.iter().any(|p| t.starts_with(p));
    // No pattern holds whitespace, so the hints need rebuilding only when a token goes.
    let h: std::borrow::Cow<'_, str> = if hints.split_whitespace().any(taxonomy) {
        hints
            .split_whitespace()
            .filter(|t| !taxonomy(t))
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        hints.into()
    };
    let (neg_sub, pos_sub) = hint_substrings(&h);
    if pos_sub {
        return false;
    }
    neg_sub || h.split(|c: char| !c.is_ascii_alphanumeric()).any(neg_token)
}

/// Per-page memo of the class/id verdicts: pages repeat the same class lists many times.
#[derive(Default)]
struct HintMemo<'a> {
    neg: std::collections::HashMap<&'a str, bool>,
    pos: std::collections::HashMap<&'a str, bool>,
}

impl<'a> HintMemo<'a> {
    /// [`negative`], remembered per class/id string.
    fn negative(&mut self, e: &'a super::dom::Element) -> bool {
        match negative_fixed(e) {
            Some(v) => v,
            None => *self
                .neg
                .entry(e.hints.as_str())
                .or_insert_with(|| negative_hints(&e.hints)),
        }
    }

    /// [`positive`], remembered per class/id string.
    fn positive(&mut self, e: &'a super::dom::Element) -> bool {
        e.tag == "article"
            || e.tag == "main"
            || e.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
            || (!e.hints.is_empty()
                && *self
                    .pos
                    .entry(e.hints.as_str())
                    .or_insert_with(|| hint_substrings(&e.hints).1))
    }
}

fn positive(e: &super::dom::Element) -> bool {
    e.tag == "article"
        || e.tag == "main"
        || e.attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        || (!e.hints.is_empty() && hint_substrings(&e.hints).1)
}

/// Cuts the page into text blocks, in document order.
pub fn blocks(dom: &Dom) -> Vec<Block> {
    let mut out = Vec::new();
    // Open elements: (index, end, is_block, is_link).
    let mut stack: Vec<(usize, usize, bool, bool)> = Vec::new();
    let mut buf = String::new();
    let mut link_chars = 0usize;
    let mut links_open = 0usize;
    let flush = |buf: &mut String, link_chars: &mut usize, owner: usize, out: &mut Vec<Block>| {
        let text = squash(buf);
        buf.clear();
        if !text.is_empty() {
            let chars = text.chars().count();
            out.push(Block {
                owner,
                link_chars: (*link_chars).min(chars),
                chars,
                text,
            });
        }
        *link_chars = 0;
    };
    let owner_of =
        |stack: &[(usize, usize, bool, bool)]| stack.iter().rev().find(|s| s.2).map_or(0, |s| s.0);
    let mut i = 0;
    let n = dom.nodes.len();
    while i < n {
        // Close elements that end before i.
        while let Some(&(idx, end, is_block, is_link)) = stack.last() {
            if i < end {
                break;
            }
            stack.pop();
            if is_block {
                flush(&mut buf, &mut link_chars, idx, &mut out);
            }
            if is_link {
                links_open -= 1;
            }
        }
        let node = &dom.nodes[i];
        match &node.kind {
            Kind::Text(t) => {
                if links_open > 0 {
                    link_chars += t
                        .split_whitespace()
                        .map(|w| w.chars().count() + 1)
                        .sum::<usize>();
                }
                buf.push_str(t);
                i += 1;
            }
            Kind::Element(e) => {
                let tag = e.tag.as_str();
                if is_skip(tag) || is_hidden(e) {
                    i = node.end.max(i + 1);
                    continue;
                }
                let is_block = is_block(tag);
                if is_block {
                    let owner = owner_of(&stack);
                    flush(&mut buf, &mut link_chars, owner, &mut out);
                } else if tag == "img" {
                    buf.push(' ');
                }
                let is_link = tag == "a";
                if is_link {
                    links_open += 1;
                }
                if !is_block && !is_link {
                    // Inline elements: keep a word boundary where one is likely.
                    if matches!(tag, "td" | "th" | "span" | "label") {
                        buf.push(' ');
                    }
                }
                stack.push((i, node.end, is_block, is_link));
                i += 1;
            }
        }
    }
    while let Some((idx, _, is_block, _)) = stack.pop() {
        if is_block {
            flush(&mut buf, &mut link_chars, idx, &mut out);
        }
    }
    let owner = 0;
    flush(&mut buf, &mut link_chars, owner, &mut out);
    out
}

/// The result of choosing the article body.
#[derive(Debug, Default)]
pub struct Body {
    /// The chosen element.
    pub root: usize,
    pub paragraphs: Vec<String>,
    pub captions: Vec<String>,
    /// (text, reason) of blocks dropped inside the chosen element.
    pub removed: Vec<(String, String)>,
}

/// Per-node facts the scoring needs.
struct Facts {
    /// Innermost boilerplate element at or above each node (`usize::MAX` when none).
    neg_above: Vec<usize>,
}

fn facts(dom: &Dom, blocks: &[Block], use_hints: bool) -> Facts {
    let n = dom.nodes.len();
    if !use_hints {
        return Facts {
            neg_above: vec![usize::MAX; n],
        };
    }
    // Text under each element, to keep a boilerplate hint on a page-wide wrapper from
    // condemning the whole page.
    // Prose under each element: long, link-poor blocks.
    let mut prose = vec![0usize; n];
    let mut prose_blocks = vec![0usize; n];
    // Whether an element holds a marked article body (itemprop=articleBody, <article>...).
    let mut pos_below = vec![false; n];
    let mut memo = HintMemo::default();
    for (i, slot) in pos_below.iter_mut().enumerate() {
        *slot = dom.element(i).is_some_and(|e| memo.positive(e));
    }
    for b in blocks {
        if b.chars >= 80 && b.link_chars * 10 < b.chars * 3 {
            prose[b.owner] += b.chars - b.link_chars;
            prose_blocks[b.owner] += 1;
        }
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        prose[p] += prose[i];
        prose_blocks[p] += prose_blocks[i];
        if pos_below[i] {
            pos_below[p] = true;
        }
    }
    let total = prose[0];
    let mut neg_above = vec![usize::MAX; n];
    for i in 1..n {
        let p = dom.nodes[i].parent;
        let inherited = neg_above[p];
        neg_above[i] = match dom.element(i) {
            Some(e)
                if memo.negative(e)
                    && (total == 0
                        || prose[i] * 2 < total
                        || (prose_blocks[i] < 2 && !pos_below[i])) =>
            {
                i
            }
            _ => inherited,
        };
    }
    Facts { neg_above }
}

/// True when a block reads like prose rather than a label or a link list.
fn prose_value(b: &Block, tag: &str) -> f64 {
    let text_chars = b.chars.saturating_sub(b.link_chars) as f64;
    let ld = b.link_chars as f64 / b.chars.max(1) as f64;
    if ld > 0.5 {
        return -(b.chars as f64);
    }
    let heading = matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6");
    if b.chars < 25 && !heading {
        return -(b.chars as f64) * 0.3;
    }
    let mut v = text_chars;
    if tag == "p" {
        v *= 1.5;
    }
    // Sentence punctuation is a mark of prose.
    if b.text.ends_with(['.', '!', '?', '"', '\u{201d}', ':']) {
        v *= 1.2;
    }
    v
}

/// Chooses the article body and returns its cleaned paragraphs.
pub fn body(dom: &Dom, blocks: &[Block], title: Option<&str>) -> Body {
    let b = body_with(dom, blocks, title, true);
    if b.paragraphs.is_empty() {
        // Everything looked like boilerplate: try again without class/id hints.
        let relaxed = body_with(dom, blocks, title, false);
        if !relaxed.paragraphs.is_empty() {
            return relaxed;
        }
    }
    b
}

fn body_with(dom: &Dom, blocks: &[Block], title: Option<&str>, use_hints: bool) -> Body {
    let n = dom.nodes.len();
    let f = facts(dom, blocks, use_hints);
    let mut score = vec![0f64; n];
    for b in blocks {
        let tag = dom.tag(b.owner);
        let v = if f.neg_above[b.owner] != usize::MAX {
            -(b.chars as f64)
        } else {
            prose_value(b, tag)
        };
        score[b.owner] += v;
    }
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        score[p] += score[i];
    }
    let mut best = 0;
    let mut best_score = f64::MIN;
    for (i, &s) in score.iter().enumerate() {
        let Some(e) = dom.element(i) else { continue };
        let s = if s > 0.0 && s * 1.1 > best_score && positive(e) {
            s * 1.1
        } else {
            s
        };
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    // Descend while one child holds nearly all of the score: the rest is teasers and furniture.
    let ratio = 0.9;
    let reference = score[best];
    loop {
        let end = dom.nodes[best].end;
        let mut child = None;
        let mut c = best + 1;
        while c < end {
            if dom.element(c).is_some() && child.is_none_or(|b: usize| score[c] > score[b]) {
                child = Some(c);
            }
            c = dom.nodes[c].end.max(c + 1);
        }
        match child {
            Some(c) if score[c] >= ratio * reference => best = c,
            _ => break,
        }
    }
    let parts = with_siblings(dom, blocks, &f, &score, best);
    let mut body = collect(dom, blocks, &f, &parts, title);
    let lead = lead_paragraphs(dom, blocks, &f, parts[0]);
    if !lead.is_empty() {
        body.paragraphs.splice(0..0, lead);
    }
    body
}

/// Prose between the headline and the body (a standfirst, a teaser, an intro in the article
/// header): pages put it in headers that are boilerplate elsewhere.
fn lead_paragraphs(dom: &Dom, blocks: &[Block], f: &Facts, first_part: usize) -> Vec<String> {
    let Some(h1) = blocks
        .iter()
        .position(|b| dom.tag(b.owner) == "h1" && b.owner < first_part)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for b in &blocks[h1 + 1..] {
        if b.owner >= first_part {
            break;
        }
        if b.chars < 80 || b.link_chars * 5 > b.chars {
            continue;
        }
        let neg = f.neg_above[b.owner];
        let lead_like = neg == usize::MAX
            || dom.element(neg).is_some_and(|e| {
                e.tag == "header"
                    || [
                        "teaser",
                        "header",
                        "lead",
                        "intro",
                        "summary",
                        "description",
                        "subheadline",
                        "standfirst",
                        "subtitle",
                        "excerpt",
                    ]
                    .iter()
                    .any(|k| e.hints.contains(k))
            });
        if lead_like && !matches!(dom.tag(b.owner), "figcaption" | "li" | "td") {
            out.push(b.text.clone());
        }
        if out.len() >= 3 {
            break;
        }
    }
    out
}

/// The chosen element and those of its siblings that hold prose of their own (an intro
/// paragraph next to the body, a second body part after an inline box), in document order.
fn with_siblings(dom: &Dom, blocks: &[Block], f: &Facts, score: &[f64], root: usize) -> Vec<usize> {
    if root == 0 || matches!(dom.tag(root), "body" | "html") {
        return vec![root];
    }
    let parent = dom.nodes[root].parent;
    let end = dom.nodes[parent].end;
    let mut prose = std::collections::BTreeSet::new();
    for b in blocks {
        if b.owner > parent
            && b.owner < end
            && b.chars >= 80
            && b.link_chars * 10 < b.chars * 2
            && f.neg_above[b.owner] == f.neg_above[parent]
        {
            prose.insert(b.owner);
        }
    }
    let mut parts = Vec::new();
    let mut c = parent + 1;
    while c < end {
        let c_end = dom.nodes[c].end.max(c + 1);
        let has_prose = prose.range(c..c_end).next().is_some();
        if c == root || (dom.element(c).is_some() && score[c] > 0.0 && has_prose) {
            parts.push(c);
        }
        c = c_end;
    }
    parts
}

/// One block of the chosen element, kept or dropped.
struct Entry {
    text: String,
    dropped: Option<&'static str>,
    heading: bool,
    title: bool,
}

fn collect(dom: &Dom, blocks: &[Block], f: &Facts, parts: &[usize], title: Option<&str>) -> Body {
    let part_of = |i: usize| {
        parts
            .iter()
            .copied()
            .find(|&p| i >= p && i < dom.nodes[p].end)
    };
    let mut body = Body {
        root: parts.first().copied().unwrap_or(0),
        ..Body::default()
    };
    let title_norm = title.map(|t| squash(&t.to_lowercase()));
    let mut entries: Vec<Entry> = Vec::new();
    for b in blocks.iter() {
        let Some(root) = part_of(b.owner) else {
            continue;
        };
        let end = dom.nodes[root].end;
        let inside = |i: usize| i >= root && i < end;
        let tag = dom.tag(b.owner);
        if tag == "figcaption" || has_ancestor(dom, b.owner, root, "figcaption") {
            body.captions.push(b.text.clone());
            continue;
        }
        let heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let mut e = Entry {
            text: b.text.clone(),
            dropped: None,
            heading,
            title: false,
        };
        let neg = f.neg_above[b.owner];
        let ld = b.link_chars as f64 / b.chars.max(1) as f64;
        if neg != usize::MAX && inside(neg) && neg != root {
            e.dropped = Some("boilerplate");
        } else if b.chars > 0 && ld > if tag == "p" { 0.8 } else { 0.5 } {
            e.dropped = Some("links");
        } else if tag == "h1" {
            let t = squash(&b.text.to_lowercase());
            if title_norm
                .as_deref()
                .is_none_or(|tn| tn.contains(&t) || t.contains(tn))
            {
                e.dropped = Some("title");
                e.title = true;
            }
        } else if let Some(reason) = junk_reason(&b.text).or_else(|| meta_line(&b.text)) {
            e.dropped = Some(reason);
        }
        entries.push(e);
    }
    // Blocks before the headline belong to something else (a ticker, a teaser list) when most
    // of the text comes after it.
    if let Some(t) = entries.iter().position(|e| e.title) {
        let kept = |e: &&Entry| e.dropped.is_none();
        let before: usize = entries[..t].iter().filter(kept).map(|e| e.text.len()).sum();
        let after: usize = entries[t..].iter().filter(kept).map(|e| e.text.len()).sum();
        if before > 0 && after > 2 * before {
            for e in &mut entries[..t] {
                if e.dropped.is_none() {
                    e.dropped = Some("before-title");
                }
            }
        }
    }
    // A heading over nothing but dropped blocks ("Related stories", "Comments") goes too.
    for i in (0..entries.len()).rev() {
        if !entries[i].heading || entries[i].dropped.is_some() {
            continue;
        }
        let next_kept_or_dropped = entries[i + 1..]
            .iter()
            .find(|e| !e.heading || e.dropped.is_some());
        let orphan = match next_kept_or_dropped {
            None => true,
            Some(n) => n.dropped.is_some() && n.dropped != Some("title"),
        };
        if orphan {
            entries[i].dropped = Some("heading-of-dropped");
        }
    }
    for e in entries {
        match e.dropped {
            None => body.paragraphs.push(e.text),
            Some("title") => {}
            Some(r) => body.removed.push((e.text, r.to_string())),
        }
    }
    body
}

fn has_ancestor(dom: &Dom, mut i: usize, stop: usize, tag: &str) -> bool {
    while i != stop && i != 0 {
        if dom.tag(i) == tag {
            return true;
        }
        i = dom.nodes[i].parent;
    }
    false
}

/// Short lines that carry metadata rather than body: a bare date, a byline.
fn meta_line(text: &str) -> Option<&'static str> {
    let words = text.split_whitespace().count();
    if words > 8 {
        return None;
    }
    let l = text.to_lowercase();
    if [
        "by ",
        "von ",
        "par ",
        "por ",
        "written by",
        "posted by",
        "published",
        "updated",
    ]
    .iter()
    .any(|p| l.starts_with(p))
    {
        return Some("byline");
    }
    if let Some((_, span)) = find_date(text) {
        if span.len() * 10 >= text.len() * 6 {
            return Some("date-line");
        }
    }
    None
}

/// Cookie and consent notices.
const COOKIE: &[&str] = &[
    "we use cookies",
    "this site uses cookies",
    "this website uses cookies",
    "uses cookies to",
    "accept cookies",
    "cookie policy",
    "cookie settings",
    "verwendet cookies",
    "wir verwenden cookies",
];

/// Newsletter, social and copyright lines.
const NEWS: &[&str] = &[
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "sign up for the",
    "get the latest news delivered",
    "all rights reserved",
    "click here to subscribe",
    "follow us on",
    "share this article",
    "copyright ©",
    "© copyright",
];

/// One automaton over [`COOKIE`] then [`NEWS`].
static LINE_AC: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(COOKIE.iter().chain(NEWS)).ok());

/// Lines that are page furniture whatever element holds them.
pub fn junk_reason(text: &str) -> Option<&'static str> {
    // Lower-casing keeps whitespace where it is, so words are counted before it.
    let words = text.split_whitespace().count();
    if words > 40 {
        return None;
    }
    let l = text.to_lowercase();
    if words <= 3 {
        const SHORT: &[&str] = &[
            "advertisement",
            "advertisement.",
            "anzeige",
            "share",
            "share this",
            "share this article",
            "read more",
            "read more.",
            "continue reading",
            "related",
            "related articles",
            "related stories",
            "comments",
            "print",
            "email",
            "tweet",
            "close",
            "menu",
            "loading...",
            "loading",
            "skip to content",
            "back to top",
            "subscribe",
            "sign up",
            "log in",
            "sponsored",
            "werbung",
            "publicidad",
            "publicité",
        ];
        if SHORT.contains(&l.trim_end_matches(':')) {
            return Some("furniture");
        }
    }
    if words <= 40 {
        // One pass for both lists; a cookie text wins over a promotion.
        let (mut cookie, mut promo) = (false, false);
        if let Some(ac) = LINE_AC.as_ref() {
            for m in ac.find_overlapping_iter(&l) {
                if m.pattern().as_usize() < COOKIE.len() {
                    cookie = true;
                    break;
                }
                promo = true;
            }
        }
        if cookie {
            return Some("cookie-consent");
        }
        if promo {
            return Some("promotion");
        }
    }
    None
}

/// [`crate::dates::find_date`], skipped when the text cannot hold a date: every date form it
/// reads has a four-digit year or a numeric day-month pair (its numbers are parsed as ASCII).
pub(crate) fn find_date(text: &str) -> Option<(model::PubTime, model::Span)> {
    // A four-digit year, or a digit before a separator (numeric dates: 14.3.25, 3/14/2025).
    let b = text.as_bytes();
    let year = b.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
    let numeric = b
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'/' | b'.' | b'-'));
    if !year && !numeric {
        return None;
    }
    crate::dates::find_date(text)
}
