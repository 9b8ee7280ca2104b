//! The news-page reading of a report: head (title, time stamp, byline, standfirst), dateline,
//! then the body, where runs of lines without sentence punctuation are sorted into captions,
//! teasers, subheadings and related-link lists, and repeated lines are dropped.
//!
//! Rules, all on the shape of lines (see [`super::lines::Kind`]), never on their wording:
//! - **Title**: a heading-like line of the first eight that is repeated soon after (a page
//!   template printing the headline twice), else the first line when it is heading-like
//!   (only time stamps or short labels may stand before it).
//! - **Head**: after the title and before the first running-text line: time stamps give
//!   `published`, `by ...` lines the byline and outlet, short labels are navigation, longer
//!   headings are a standfirst; sentences before the title are a standfirst too.
//! - **Standfirst**: running-text lines before a dateline paragraph (within the first three),
//!   or the one-sentence line right after a repeated title. Kept as `metadata["standfirst"]`,
//!   not body: it restates the lede, and counting it twice would double the article's claims.
//! - **Runs** (consecutive non-paragraph lines between paragraphs): two or more time stamps
//!   with headlines, or a label followed by three or more headlines at the end, are a
//!   related-links list; a short label followed by a headline is a teaser ("Read More",
//!   "BREAKING NEWS" + headline); a quoted line or one of several sentences is text that lost
//!   its final stop (kept); a descriptive one-sentence line in sentence case of four words or
//!   more is a photo caption; other headings are subheadings; a short line ending with a colon
//!   right before a paragraph ("He added:") is text; at the end, labels are social or
//!   navigation links and copyright lines are copyright.
//! - **Repeats**: a paragraph seen before in the document is dropped (`repeated-paragraph`),
//!   a short non-paragraph line seen twice is dropped everywhere (`repeated-line`).

use super::lines::{core, feat, norm, Feat, Kind, Unit};
use super::names::{byline, copyright_holder, dateline};
use super::Draft;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Position marks that only photo captions carry: "(left)", "(pictured)", "(file photo)".
static PHOTO_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:left|right|centre|center|pictured|above|below|top|bottom|inset|file(?: photo)?|l|r|c)\)")
        .expect("valid photo mark")
});

/// Words that name what a trailing link is for; used only to name the removal reason, never
/// to decide that a line is boilerplate.
const SOCIAL_WORDS: &[&str] = &[
    "follow",
    "share",
    "subscribe",
    "newsletter",
    "facebook",
    "twitter",
    "instagram",
    "telegram",
    "whatsapp",
    "youtube",
    "tiktok",
    "linkedin",
    "like",
    "tweet",
    "rss",
    "join",
];

fn social(s: &str) -> bool {
    text::words(s)
        .iter()
        .any(|w| SOCIAL_WORDS.contains(&w.as_str()))
}

/// Reads a report that is not an archive record.
pub fn read_news(units: &[Unit], container_title: Option<&str>, d: &mut Draft) {
    let feats: Vec<Feat> = units.iter().map(|u| feat(&u.text)).collect();
    let n = units.len();
    let head_n = n.min(8);
    let norms: Vec<String> = units.iter().map(|u| norm(&u.text)).collect();
    let candidate = |i: usize| {
        let f = &feats[i];
        let heading = matches!(f.kind, Kind::Heading | Kind::Label) && f.words >= 2;
        let question = i == 0
            && f.kind == Kind::Para
            && f.words <= 20
            && core(&units[i].text)
                .trim_end_matches(['"', '\'', '’', '”'])
                .ends_with('?')
            && units.get(1).is_some_and(|u| u.blank_before > 0);
        // A headline printed with a full stop: first line, title case, alone in its block.
        let stopped = i == 0
            && f.kind == Kind::Para
            && f.words <= 25
            && f.title_case
            && units.get(1).is_some_and(|u| u.blank_before > 0);
        // A one-sentence first line right before a dateline paragraph.
        let before_dateline = i == 0
            && f.kind == Kind::Para
            && f.words <= 25
            && text::sentences(&units[i].text).len() == 1
            && units.get(1).is_some_and(|u| dateline(&u.text).is_some());
        (heading || question || stopped || before_dateline) && byline(&units[i].text).is_none()
    };

    let mut title_idx = None;
    if let Some(ct) = container_title.map(norm) {
        title_idx = (0..head_n).find(|&i| norms[i] == ct);
    } else {
        for i in 0..head_n {
            if candidate(i) && !norms[i].is_empty() && norms[i + 1..n.min(12)].contains(&norms[i]) {
                title_idx = Some(i);
                d.offer_title(core(&units[i].text), "repeated-line", 0.9);
                break;
            }
        }
        if title_idx.is_none() {
            for i in 0..n.min(3) {
                if candidate(i) {
                    title_idx = Some(i);
                    let conf = if i == 0 { 0.8 } else { 0.7 };
                    d.offer_title(core(&units[i].text), "first-line", conf);
                    break;
                }
                if !matches!(feats[i].kind, Kind::Stamp | Kind::Label) {
                    break;
                }
            }
        }
    }
    let tnorm = match (container_title, title_idx) {
        (Some(t), _) => Some(norm(t)),
        (None, Some(i)) => Some(norms[i].clone()),
        (None, None) => None,
    };

    // Before the title.
    let start = title_idx.map_or(0, |i| {
        for j in 0..i {
            head_line(&units[j], &feats[j], d, true);
        }
        i + 1
    });

    // The head after the title.
    let mut repeated_title = false;
    let mut i = start;
    while i < n {
        let (u, f) = (&units[i], &feats[i]);
        if tnorm.as_deref() == Some(norms[i].as_str()) {
            d.remove(&u.text, "repeated-title");
            repeated_title = true;
        } else if matches!(f.kind, Kind::Para | Kind::Copyright) {
            break;
        } else {
            head_line(u, f, d, false);
        }
        i += 1;
    }

    read_from_with(units, feats, norms, i, repeated_title, tnorm.as_deref(), d);
}

/// Reads from unit `i` on: standfirst and dateline among the first paragraphs, then the body.
pub fn read_from(
    units: &[Unit],
    i: usize,
    repeated_title: bool,
    tnorm: Option<&str>,
    d: &mut Draft,
) {
    let feats: Vec<Feat> = units.iter().map(|u| feat(&u.text)).collect();
    let norms: Vec<String> = units.iter().map(|u| norm(&u.text)).collect();
    read_from_with(units, feats, norms, i, repeated_title, tnorm, d);
}

/// [`read_from`] given each unit's [`feat`] and [`norm`] (each line is looked at once).
fn read_from_with(
    units: &[Unit],
    mut feats: Vec<Feat>,
    mut norms: Vec<String>,
    i: usize,
    repeated_title: bool,
    tnorm: Option<&str>,
    d: &mut Draft,
) {
    let n = units.len();
    let paras: Vec<usize> = (i..n)
        .filter(|&k| feats[k].kind == Kind::Para)
        .take(3)
        .collect();
    let mut body: Vec<Unit> = Vec::new();
    let mut skip = BTreeSet::new();
    let found = paras
        .iter()
        .enumerate()
        .find_map(|(pos, &k)| dateline(&units[k].text).map(|dl| (pos, k, dl)));
    let mut dateline_at = None;
    if let Some((pos, k, dl)) = found {
        if paras[..pos].iter().all(|&j| feats[j].words <= 60) {
            for &j in &paras[..pos] {
                d.standfirst.push(units[j].text.clone());
                skip.insert(j);
            }
        }
        d.metadata.insert("dateline".into(), dl.text.clone());
        if let Some(t) = dl.date {
            d.offer_published(t, "dateline", 0.85);
        }
        if let Some(o) = &dl.outlet {
            d.offer_source(o, "dateline", 0.8);
        }
        if let Some(c) = &dl.credit {
            d.credit.get_or_insert_with(|| c.clone());
            d.offer_source(c, "dateline-credit", 0.7);
        }
        if let Some(p) = &dl.place {
            d.metadata.insert("dateline-place".into(), p.clone());
        }
        dateline_at = Some((k, dl.len));
    } else if repeated_title
        && i < n
        && feats[i].kind == Kind::Para
        && feats[i].words <= 50
        && text::sentences(&units[i].text).len() == 1
        && paras.len() >= 3
    {
        d.standfirst.push(units[i].text.clone());
        skip.insert(i);
    }
    let mut body_feats: Vec<Feat> = Vec::with_capacity(n.saturating_sub(i));
    let mut body_norms: Vec<String> = Vec::with_capacity(n.saturating_sub(i));
    for (k, u) in units.iter().enumerate().skip(i) {
        if skip.contains(&k) {
            continue;
        }
        match dateline_at {
            Some((at, len)) if at == k => {
                let text = u.text[len..].trim().to_string();
                body_feats.push(feat(&text));
                body_norms.push(norm(&text));
                body.push(Unit {
                    text,
                    blank_before: u.blank_before,
                });
            }
            _ => {
                body.push(u.clone());
                body_feats.push(std::mem::replace(&mut feats[k], PLACEHOLDER));
                body_norms.push(std::mem::take(&mut norms[k]));
            }
        }
    }
    read_body(&body, body_feats, body_norms, tnorm, d);
}

/// What a [`Feat`] moved out of its vector leaves behind (never read).
const PLACEHOLDER: Feat = Feat {
    kind: Kind::Heading,
    words: 0,
    title_case: false,
    stamp: None,
};

/// One head line that is not the title: time stamp, byline, label or standfirst.
fn head_line(u: &Unit, f: &Feat, d: &mut Draft, before_title: bool) {
    if let Some(b) = byline(&u.text) {
        d.apply_byline(b);
        d.remove(&u.text, "byline");
        return;
    }
    match f.kind {
        Kind::Stamp => {
            if let Some(t) = f.stamp {
                d.offer_published(t, "time-stamp-line", 0.9);
            }
            d.remove(&u.text, "timestamp");
        }
        Kind::Para if before_title => d.standfirst.push(u.text.clone()),
        Kind::Heading if f.words >= 5 => d.standfirst.push(u.text.clone()),
        Kind::Copyright => {
            if let Some(h) = copyright_holder(&u.text) {
                d.offer_source(&h, "copyright-line", 0.4);
            }
            d.remove(&u.text, "copyright");
        }
        _ => d.remove(&u.text, "navigation"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Body,
    Caption,
    Removed(&'static str),
}

/// Sorts body lines into paragraphs, captions and removed lines, given each unit's [`feat`] and
/// [`norm`].
fn read_body(
    units: &[Unit],
    feats: Vec<Feat>,
    norms: Vec<String>,
    tnorm: Option<&str>,
    d: &mut Draft,
) {
    let n = units.len();
    let mut kinds: Vec<Kind> = feats.iter().map(|f| f.kind).collect();
    // A short sentence between two time stamps is a listed headline.
    for k in 1..n.saturating_sub(1) {
        if kinds[k] == Kind::Para
            && feats[k].words <= 25
            && kinds[k - 1] == Kind::Stamp
            && kinds[k + 1] == Kind::Stamp
        {
            kinds[k] = Kind::Heading;
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for k in 0..n {
        if kinds[k] != Kind::Para && feats[k].words <= 6 {
            *counts.entry(norms[k].as_str()).or_default() += 1;
        }
    }
    let mut fate = vec![Fate::Body; n];
    let mut k = 0;
    while k < n {
        if kinds[k] == Kind::Para {
            k += 1;
            continue;
        }
        let s = k;
        while k < n && kinds[k] != Kind::Para {
            k += 1;
        }
        let e = k;
        let at_end = e == n;
        let stamps = (s..e).filter(|&j| kinds[j] == Kind::Stamp).count();
        let heads = (s..e)
            .filter(|&j| matches!(kinds[j], Kind::Heading | Kind::Label) && feats[j].words >= 3)
            .count();
        let headings = (s..e).filter(|&j| kinds[j] == Kind::Heading).count();
        let related =
            (stamps >= 2 && heads >= 1) || (at_end && kinds[s] == Kind::Label && headings >= 3);
        let mut after_label = false;
        for j in s..e {
            let text = &units[j].text;
            fate[j] = if related {
                Fate::Removed(match kinds[j] {
                    Kind::Copyright => "copyright",
                    Kind::Label if social(text) => "social",
                    _ => "related-links",
                })
            } else if tnorm == Some(norms[j].as_str()) {
                Fate::Removed("repeated-title")
            } else if j < 6 && byline(text).is_some() {
                if let Some(b) = byline(text) {
                    d.apply_byline(b);
                }
                Fate::Removed("byline")
            } else if kinds[j] != Kind::Stamp && counts.get(norms[j].as_str()) >= Some(&2) {
                Fate::Removed("repeated-line")
            } else {
                match kinds[j] {
                    Kind::Stamp => Fate::Removed("timestamp"),
                    Kind::Copyright => Fate::Removed("copyright"),
                    Kind::Label => {
                        let next = (j + 1..e).find(|&x| kinds[x] != Kind::Label);
                        if j + 1 == e && !at_end && core(text).ends_with(':') {
                            // "He added:" before a quoted paragraph belongs to the text.
                            Fate::Body
                        } else if next.is_some_and(|x| kinds[x] == Kind::Heading) {
                            after_label = true;
                            Fate::Removed("teaser")
                        } else if after_label {
                            Fate::Removed("teaser")
                        } else if at_end {
                            Fate::Removed(if social(text) { "social" } else { "navigation" })
                        } else {
                            Fate::Removed("subheading")
                        }
                    }
                    _ if after_label => Fate::Removed("teaser"),
                    _ if text_like(text, &feats[j]) => Fate::Body,
                    _ if caption_like(text, &feats[j]) => Fate::Caption,
                    _ => Fate::Removed("subheading"),
                }
            };
            if fate[j] == Fate::Removed("copyright") {
                if let Some(h) = copyright_holder(text) {
                    d.offer_source(&h, "copyright-line", 0.4);
                }
            }
        }
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for j in 0..n {
        let text = units[j].text.as_str();
        match fate[j] {
            Fate::Body => {
                if tnorm == Some(norms[j].as_str()) {
                    d.remove(text, "repeated-title");
                } else if !norms[j].is_empty() && !seen.insert(norms[j].as_str()) {
                    d.remove(text, "repeated-paragraph");
                } else if !text.is_empty() {
                    d.paragraphs.push(text.to_string());
                }
            }
            Fate::Caption => d.captions.push(core(text).to_string()),
            Fate::Removed(reason) => d.remove(text, reason),
        }
    }
}

/// A photo caption: a descriptive line of four words or more in sentence case (a headline
/// would be in title case), or any line with a position mark such as "(left)".
/// Quoted lines, lines of several sentences and long lines are running text that lost its
/// final stop (a quote followed by its speaker, a line cut by a page template).
fn text_like(s: &str, f: &Feat) -> bool {
    let c = core(s);
    f.words >= 4
        && (c.starts_with(['"', '\'', '“', '‘', '«', '”'])
            || f.words > 40
            || text::sentences(c).len() >= 2)
}

/// Quoted lines and lines of several sentences are text that lost its final stop, not captions.
fn caption_like(s: &str, f: &Feat) -> bool {
    let c = core(s);
    f.kind == Kind::Heading
        && f.words <= 40
        && !c.starts_with(['"', '\'', '“', '‘', '«', '”'])
        && text::sentences(c).len() <= 1
        && ((f.words >= 4 && !f.title_case) || PHOTO_MARK.is_match(s))
}
