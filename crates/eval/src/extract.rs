//! `storyline eval extract`: scores HTML extraction on three public benchmarks, each with its
//! own metric (see `../shared/data/README.md`):
//!
//! - `aeb`: ScrapingHub's article-extraction-benchmark; 4-token shingles of `\w+` tokens, per
//!   page TP/FP/FN normalised to sum 1, precision and recall macro-averaged, F1 from the two.
//! - `trafilatura`: trafilatura's evaluation set; every must-keep / must-drop snippet is one
//!   decision, micro-averaged over all snippets.
//! - `wcxb`: WCXB dev article pages; bag-of-words F1 (lower-cased `\w+` words) averaged over
//!   pages, plus title exact-match, author match and publication-date accuracy.
//!
//! Every benchmark compares the body only (paragraphs joined by "\n\n"): AEB's `articleBody`,
//! WCXB's `main_content` and trafilatura's default text output all leave the headline out.

use crate::metrics::Prf;
use crate::{Error, Options, Report, Result};
use model::{Article, Document, Format};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One page to extract: its file, its URL when the dataset gives one, and its ground truth.
struct Page<T> {
    id: String,
    path: PathBuf,
    url: Option<String>,
    truth: T,
}

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    crate::require_dir(dir)?;
    match opts.dataset.as_str() {
        "aeb" => run_aeb(dir, opts),
        "trafilatura" => run_trafilatura(dir, opts),
        "wcxb" => run_wcxb(dir, opts),
        other => Err(Error::Usage(format!(
            "unknown extraction dataset {other:?}: use aeb, trafilatura or wcxb"
        ))),
    }
}

/// Decodes page bytes to UTF-8: the BOM, then a `<meta charset>` in the first 4 KiB, then UTF-8
/// (lossy).
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if std::str::from_utf8(bytes).is_ok() {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    if let Some(at) = head.find("charset=") {
        let rest = head[at + 8..].trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the extractor on one page, returning the article and the seconds it took.
fn extract_page(path: &Path, id: &str, url: Option<&str>) -> Result<(Article, f64)> {
    let bytes = crate::read_maybe_gz(path)?;
    let html = decode_html(&bytes);
    let mut doc = Document::new(id, Format::Html, html);
    doc.url = url.map(String::from);
    let t = Instant::now();
    let a = extract::html::extract(&doc);
    Ok((a, t.elapsed().as_secs_f64()))
}

/// `\w+` tokens (letters, digits, marks and `_`), as Python's `re` finds them.
pub fn word_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || c == '_';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// AEB's per-page (tp, fp, fn) over 4-token shingles, normalised to sum 1.
pub fn aeb_counts(truth: &str, pred: &str) -> (f64, f64, f64) {
    fn shingles(text: &str) -> BTreeMap<Vec<&str>, usize> {
        let toks = word_tokens(text);
        let mut m = BTreeMap::new();
        if toks.is_empty() {
            return m;
        }
        let n = 4.min(toks.len());
        for w in toks.windows(n) {
            *m.entry(w.to_vec()).or_insert(0) += 1;
        }
        m
    }
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc);
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
}

/// Lower-cased bag-of-words F1 (WCXB's page metric): (precision, recall, f1).
pub fn bag_f1(truth: &str, pred: &str) -> (f64, f64, f64) {
    fn bag(text: &str) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for w in word_tokens(text) {
            *m.entry(w.to_lowercase()).or_insert(0) += 1;
        }
        m
    }
    let t = bag(truth);
    let p = bag(pred);
    let common: usize = t
        .iter()
        .map(|(k, &c)| c.min(p.get(k).copied().unwrap_or(0)))
        .sum();
    let nt: usize = t.values().sum();
    let np: usize = p.values().sum();
    if nt == 0 && np == 0 {
        return (1.0, 1.0, 1.0);
    }
    let pr = if np == 0 {
        0.0
    } else {
        common as f64 / np as f64
    };
    let rc = if nt == 0 {
        0.0
    } else {
        common as f64 / nt as f64
    };
    let f = Prf::from_pr(pr, rc).f1;
    (pr, rc, f)
}

/// Whitespace collapsed to single spaces, for snippet matching.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn limited<T>(mut pages: Vec<Page<T>>, opts: &Options) -> Vec<Page<T>> {
    if let Some(n) = opts.limit {
        pages.truncate(n);
    }
    pages
}

fn bad(path: &Path, msg: impl Into<String>) -> Error {
    Error::Data {
        path: path.to_path_buf(),
        msg: msg.into(),
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let bytes = crate::read(path)?;
    serde_json::from_slice(&bytes).map_err(|e| bad(path, e.to_string()))
}

/// Speed and error counts shared by the three reports.
#[derive(Default)]
struct Timing {
    pages: usize,
    seconds: f64,
    errors: Vec<String>,
}

impl Timing {
    fn pages_per_sec(&self) -> f64 {
        if self.seconds > 0.0 {
            self.pages as f64 / self.seconds
        } else {
            0.0
        }
    }
}

fn report(
    dataset: &str,
    n: usize,
    prf: Prf,
    timing: &Timing,
    extra: Vec<(&str, Value)>,
    lines: Vec<String>,
) -> Report {
    let mut text = format!(
        "eval extract --dataset {dataset}: {n} pages\n  precision {:.4}  recall {:.4}  F1 {:.4}\n  \
         extraction: {:.1} pages/s ({:.2} s, one thread)\n",
        prf.precision,
        prf.recall,
        prf.f1,
        timing.pages_per_sec(),
        timing.seconds
    );
    for l in lines {
        text.push_str("  ");
        text.push_str(&l);
        text.push('\n');
    }
    for e in &timing.errors {
        text.push_str(&format!("  error: {e}\n"));
    }
    let mut obj = serde_json::Map::new();
    obj.insert("dataset".into(), json!(dataset));
    obj.insert("n".into(), json!(n));
    obj.insert("precision".into(), json!(round4(prf.precision)));
    obj.insert("recall".into(), json!(round4(prf.recall)));
    obj.insert("f1".into(), json!(round4(prf.f1)));
    obj.insert(
        "pages_per_sec".into(),
        json!((timing.pages_per_sec() * 10.0).round() / 10.0),
    );
    obj.insert("errors".into(), json!(timing.errors.len()));
    for (k, v) in extra {
        obj.insert(k.into(), v);
    }
    Report {
        text,
        json: Value::Object(obj),
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn run_aeb(dir: &Path, opts: &Options) -> Result<Report> {
    let gt_path = dir.join("ground-truth.json");
    let gt = read_json(&gt_path)?;
    let obj = gt
        .as_object()
        .ok_or_else(|| bad(&gt_path, "expected an object"))?;
    let mut pages = Vec::new();
    for (id, v) in obj {
        let body = v
            .get("articleBody")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        pages.push(Page {
            id: id.clone(),
            path: dir.join("html").join(format!("{id}.html.gz")),
            url: v.get("url").and_then(Value::as_str).map(String::from),
            truth: body,
        });
    }
    let pages = limited(pages, opts);
    let mut timing = Timing::default();
    let (mut sp, mut sr, mut exact) = (0.0, 0.0, 0usize);
    let mut worst = Vec::new();
    for page in &pages {
        let pred = match extract_page(&page.path, &page.id, page.url.as_deref()) {
            Ok((a, secs)) => {
                timing.pages += 1;
                timing.seconds += secs;
                a.body()
            }
            Err(e) => {
                timing.errors.push(e.to_string());
                String::new()
            }
        };
        let (tp, fp, fn_) = aeb_counts(&page.truth, &pred);
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        sp += p;
        sr += r;
        if word_tokens(&page.truth) == word_tokens(&pred) {
            exact += 1;
        }
        worst.push((Prf::from_pr(p, r).f1, page.id.clone()));
    }
    let n = pages.len().max(1) as f64;
    let prf = Prf::from_pr(sp / n, sr / n);
    let accuracy = exact as f64 / n;
    worst.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let lines = vec![
        format!("accuracy (exact token match) {accuracy:.4}"),
        format!("lowest pages: {}", lowest(&worst)),
    ];
    Ok(report(
        "aeb",
        pages.len(),
        prf,
        &timing,
        vec![("accuracy", json!(round4(accuracy)))],
        lines,
    ))
}

fn lowest(worst: &[(f64, String)]) -> String {
    worst
        .iter()
        .take(8)
        .map(|(f, id)| format!("{id} {f:.2}"))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Snippets {
    with: Vec<String>,
    without: Vec<String>,
}

fn run_trafilatura(dir: &Path, opts: &Options) -> Result<Report> {
    let gt_path = dir.join("evaldata.json");
    let gt = read_json(&gt_path)?;
    let obj = gt
        .as_object()
        .ok_or_else(|| bad(&gt_path, "expected an object"))?;
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut pages = Vec::new();
    for (url, v) in obj {
        let Some(file) = v.get("file").and_then(Value::as_str) else {
            continue;
        };
        let eval = dir.join("eval").join(format!("{file}.gz"));
        let path = if eval.exists() {
            eval
        } else {
            dir.join("cache").join(format!("{file}.gz"))
        };
        let url = url.split_once("::").map_or(url.as_str(), |(_, u)| u);
        pages.push(Page {
            id: file.to_string(),
            path,
            url: url.starts_with("http").then(|| url.to_string()),
            truth: Snippets {
                with: strings(v.get("with")),
                without: strings(v.get("without")),
            },
        });
    }
    let pages = limited(pages, opts);
    let mut timing = Timing::default();
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut worst = Vec::new();
    for page in &pages {
        let pred = match extract_page(&page.path, &page.id, page.url.as_deref()) {
            Ok((a, secs)) => {
                timing.pages += 1;
                timing.seconds += secs;
                squash(&a.body())
            }
            Err(e) => {
                timing.errors.push(e.to_string());
                String::new()
            }
        };
        let mut misses = 0;
        for s in &page.truth.with {
            let s = squash(s);
            if !s.is_empty() && pred.contains(&s) {
                tp += 1;
            } else {
                fn_ += 1;
                misses += 1;
            }
        }
        for s in &page.truth.without {
            let s = squash(s);
            if !s.is_empty() && pred.contains(&s) {
                fp += 1;
                misses += 1;
            } else {
                tn += 1;
            }
        }
        worst.push((-(misses as f64), page.id.clone()));
    }
    worst.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let prf = Prf::from_counts(tp, fp, fn_);
    let total = (tp + fp + fn_ + tn).max(1);
    let accuracy = (tp + tn) as f64 / total as f64;
    let lines = vec![
        format!("snippets: tp {tp} fp {fp} fn {fn_} tn {tn}; accuracy {accuracy:.4}"),
        format!(
            "most errors: {}",
            worst
                .iter()
                .take(8)
                .map(|(m, id)| format!("{id} {}", -m))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ];
    Ok(report(
        "trafilatura",
        pages.len(),
        prf,
        &timing,
        vec![
            ("accuracy", json!(round4(accuracy))),
            ("tp", json!(tp)),
            ("fp", json!(fp)),
            ("fn", json!(fn_)),
            ("tn", json!(tn)),
        ],
        lines,
    ))
}

struct Wcxb {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    main: String,
}

/// Lower-cased words of a name list, sorted: "Smith, Jane and Bob Lee" and "Jane Smith, Bob
/// Lee" compare equal.
fn name_words(s: &str) -> Vec<String> {
    let mut w: Vec<String> = word_tokens(s)
        .into_iter()
        .map(str::to_lowercase)
        .filter(|w| w != "and" && w != "by")
        .collect();
    w.sort();
    w.dedup();
    w
}

fn run_wcxb(dir: &Path, opts: &Options) -> Result<Report> {
    let gt_dir = dir.join("ground-truth");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gt_dir)
        .map_err(|source| Error::Io {
            path: gt_dir.clone(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for f in files {
        let v = read_json(&f)?;
        let g = &v["ground_truth"];
        let s = |k: &str| {
            g.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        let id = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        pages.push(Page {
            path: dir.join("html").join(format!("{id}.html.gz")),
            id,
            url: v.get("url").and_then(Value::as_str).map(String::from),
            truth: Wcxb {
                title: s("title"),
                author: s("author"),
                date: s("publish_date"),
                main: s("main_content").unwrap_or_default(),
            },
        });
    }
    let pages = limited(pages, opts);
    let mut timing = Timing::default();
    let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
    let (mut titles, mut title_ok) = (0usize, 0usize);
    let (mut authors, mut author_ok) = (0usize, 0usize);
    let (mut dates, mut date_ok) = (0usize, 0usize);
    let mut worst = Vec::new();
    for page in &pages {
        let art = match extract_page(&page.path, &page.id, page.url.as_deref()) {
            Ok((a, secs)) => {
                timing.pages += 1;
                timing.seconds += secs;
                Some(a)
            }
            Err(e) => {
                timing.errors.push(e.to_string());
                None
            }
        };
        let pred = art.as_ref().map(Article::body).unwrap_or_default();
        let (p, r, f) = bag_f1(&page.truth.main, &pred);
        sp += p;
        sr += r;
        sf += f;
        worst.push((f, page.id.clone()));
        let t = &page.truth;
        if let Some(title) = &t.title {
            titles += 1;
            let got = art.as_ref().and_then(|a| a.title.as_deref()).unwrap_or("");
            if squash(got).to_lowercase() == squash(title).to_lowercase() {
                title_ok += 1;
            }
        }
        if let Some(author) = &t.author {
            authors += 1;
            let got = art.as_ref().and_then(|a| a.byline.as_deref()).unwrap_or("");
            if !got.is_empty() && name_words(got) == name_words(author) {
                author_ok += 1;
            }
        }
        if let Some(date) = &t.date {
            dates += 1;
            let got = art
                .as_ref()
                .and_then(|a| a.published.as_ref())
                .map(|p| p.date().format("%Y-%m-%d").to_string());
            if got.as_deref() == date.get(..10) {
                date_ok += 1;
            }
        }
    }
    let n = pages.len().max(1) as f64;
    let prf = Prf {
        precision: sp / n,
        recall: sr / n,
        f1: sf / n,
    };
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    worst.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let lines = vec![
        format!(
            "title exact match {:.4} ({title_ok}/{titles}); author match {:.4} ({author_ok}/{authors}); \
             date accuracy {:.4} ({date_ok}/{dates})",
            share(title_ok, titles),
            share(author_ok, authors),
            share(date_ok, dates)
        ),
        format!("lowest pages: {}", lowest(&worst)),
    ];
    Ok(report(
        "wcxb",
        pages.len(),
        prf,
        &timing,
        vec![
            ("title_exact", json!(round4(share(title_ok, titles)))),
            ("author_match", json!(round4(share(author_ok, authors)))),
            ("date_accuracy", json!(round4(share(date_ok, dates)))),
        ],
        lines,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_python_word_regex() {
        assert_eq!(
            word_tokens("Hi, it's 2025_x!"),
            vec!["Hi", "it", "s", "2025_x"]
        );
        assert_eq!(word_tokens(""), Vec::<&str>::new());
    }

    #[test]
    fn aeb_counts_normalise() {
        assert_eq!(aeb_counts("a b c d e", "a b c d e"), (1.0, 0.0, 0.0));
        let (tp, fp, fn_) = aeb_counts("a b c d e", "a b c d");
        assert!((tp - 0.5).abs() < 1e-9 && fp == 0.0 && (fn_ - 0.5).abs() < 1e-9);
        assert_eq!(aeb_counts("a b c d", ""), (0.0, 0.0, 1.0));
    }

    #[test]
    fn bag_f1_counts_words() {
        assert_eq!(bag_f1("The cat", "the CAT"), (1.0, 1.0, 1.0));
        let (p, r, _) = bag_f1("a b", "a c d e");
        assert!((p - 0.25).abs() < 1e-9 && (r - 0.5).abs() < 1e-9);
    }

    #[test]
    fn names_compare_as_word_sets() {
        assert_eq!(name_words("By Jane Smith"), name_words("Smith, Jane"));
    }

    #[test]
    fn decodes_declared_latin1() {
        let bytes = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode_html(bytes).contains("caf\u{e9}"));
    }
}
