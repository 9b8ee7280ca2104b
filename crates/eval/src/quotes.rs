//! `storyline eval quotes`: attribution spans on PolNeAR (brat standoff), scored as span
//! precision / recall / F1 for sources, cues and contents, exact and overlap.
//!
//! Layout: `DIR` is the PolNeAR folder or its `data/` subfolder; `DIR/<split>/text/NAME.txt`
//! and `DIR/<split>/attributions/NAME_<annotator>.ann`. Rules of the mapping:
//! - **Annotator**: where an article has several annotators' files, the first by file name is
//!   the gold one.
//! - **Article**: one paragraph per non-blank line of the text file; body offsets map back to
//!   file offsets exactly (the paragraphs are the lines, unchanged).
//! - **Gold**: each `E` line is one attribution; its Source, Cue and Content are `T` spans in
//!   Unicode character offsets, several fragments (`;`) scored as the span covering them all.
//!   Attributions without a source count for cue and content only.
//! - **Predicted**: `Quote::speaker_span` (the words as written, e.g. the pronoun) is the source,
//!   `Quote::cue_span` the cue, and `Quote::span` widened over the quote marks around it the
//!   content (PolNeAR's contents keep their quote marks; single marks only as a pair:
//!   `annotate::quotes::with_marks`).
//! - **Cue**: `Quote::cue_span` is the verb; PolNeAR's cues take in a colon right after it
//!   ("said:") and "in a statement" / "in an interview" phrases, so the span is widened over
//!   those (`annotate::quotes::cue_with_tail`).
//! - **Exact**: equal spans, matched one to one. **Overlap**: spans sharing a character,
//!   matched one to one, largest overlap first.

use crate::metrics::Prf;
use crate::{Error, Options, Report, Result};
use model::{Article, Span};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One attribution in file character offsets: (source, cue, content).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attribution {
    pub source: Option<Span>,
    pub cue: Option<Span>,
    pub content: Option<Span>,
}

/// Parses one brat `.ann` file into attributions (character offsets).
pub fn parse_ann(text: &str) -> Vec<Attribution> {
    let mut spans: BTreeMap<&str, Span> = BTreeMap::new();
    let mut events = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, ranges)) = body.split_once(' ') else {
                continue;
            };
            let mut lo = usize::MAX;
            let mut hi = 0;
            for r in ranges.split(';') {
                let mut it = r.split_whitespace().filter_map(|x| x.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (it.next(), it.next()) {
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
            }
            if lo <= hi {
                spans.insert(id, Span::new(lo, hi));
            }
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    events
        .into_iter()
        .map(|e| {
            let mut a = Attribution::default();
            for kv in e.split_whitespace() {
                let Some((role, t)) = kv.split_once(':') else {
                    continue;
                };
                let s = spans.get(t).copied();
                match role {
                    "Source" => a.source = s,
                    "Cue" => a.cue = s,
                    "Content" => a.content = s,
                    _ => {}
                }
            }
            a
        })
        .collect()
}

/// An article built from a PolNeAR text file, with the offset maps back to the file.
pub struct Mapped {
    pub article: Article,
    /// For each paragraph: its byte start in the file and in the body.
    starts: Vec<(usize, usize)>,
    /// Character index of every byte boundary of the file (`file.len() + 1` entries).
    char_at: Vec<usize>,
}

impl Mapped {
    /// One paragraph per non-blank line.
    pub fn new(id: &str, file: &str) -> Mapped {
        let mut article = Article::new(id, id);
        let mut starts = Vec::new();
        let mut at = 0;
        let mut body_at = 0;
        for line in file.split('\n') {
            if !line.trim().is_empty() {
                starts.push((at, body_at));
                body_at += line.len() + 2;
                article.paragraphs.push(line.to_string());
            }
            at += line.len() + 1;
        }
        // Characters before every byte offset (only char boundaries are ever looked up).
        let mut char_at = vec![0; file.len() + 1];
        let mut count = 0;
        for (i, slot) in char_at.iter_mut().enumerate() {
            if file.is_char_boundary(i) {
                *slot = count;
                count += 1;
            }
        }
        Mapped {
            article,
            starts,
            char_at,
        }
    }

    /// A body byte offset as a file character offset.
    pub fn to_file_char(&self, body: usize) -> usize {
        let k = self.starts.partition_point(|&(_, b)| b <= body);
        let (f, b) = if k == 0 { (0, 0) } else { self.starts[k - 1] };
        let byte = (f + (body - b)).min(self.char_at.len() - 1);
        self.char_at[byte]
    }

    pub fn span_to_file(&self, s: Span) -> Span {
        Span::new(self.to_file_char(s.start), self.to_file_char(s.end))
    }
}

/// Counts for one role: exact and overlap matches.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    exact: usize,
    overlap: usize,
}

impl Counts {
    fn add(&mut self, gold: &[Span], pred: &[Span]) {
        self.gold += gold.len();
        self.pred += pred.len();
        // Exact: one to one.
        let mut used = vec![false; gold.len()];
        for p in pred {
            if let Some(k) = (0..gold.len()).find(|&k| !used[k] && gold[k] == *p) {
                used[k] = true;
                self.exact += 1;
            }
        }
        // Overlap: one to one, largest overlap first.
        let mut pairs = Vec::new();
        for (i, p) in pred.iter().enumerate() {
            for (k, g) in gold.iter().enumerate() {
                if p.overlaps(*g) {
                    let o = p.end.min(g.end) - p.start.max(g.start);
                    pairs.push((o, i, k));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut pu = vec![false; pred.len()];
        let mut gu = vec![false; gold.len()];
        for (_, i, k) in pairs {
            if !pu[i] && !gu[k] {
                pu[i] = true;
                gu[k] = true;
                self.overlap += 1;
            }
        }
    }

    fn prf(&self, matched: usize) -> Prf {
        Prf::from_counts(matched, self.pred - matched, self.gold - matched)
    }

    fn json(&self) -> serde_json::Value {
        let e = self.prf(self.exact);
        let o = self.prf(self.overlap);
        json!({
            "exact": {"precision": e.precision, "recall": e.recall, "f1": e.f1},
            "overlap": {"precision": o.precision, "recall": o.recall, "f1": o.f1},
        })
    }
}

/// The split folder: accepts the PolNeAR folder or its `data/` subfolder.
fn split_dir(dir: &Path, split: &str) -> PathBuf {
    let nested = dir.join("data");
    if nested.join(split).is_dir() {
        nested.join(split)
    } else {
        dir.join(split)
    }
}

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    crate::require_dir(dir)?;
    if !opts.dataset.eq_ignore_ascii_case("polnear") {
        return Err(Error::Usage(format!(
            "eval quotes knows the dataset polnear, not {:?}",
            opts.dataset
        )));
    }
    let split = opts.split.as_deref().unwrap_or("dev");
    if !matches!(split, "train" | "dev") {
        return Err(Error::Usage(format!(
            "--split must be train or dev, not {split:?}"
        )));
    }
    let base = split_dir(dir, split);
    let ann_dir = base.join("attributions");
    let text_dir = base.join("text");
    crate::require_dir(&ann_dir)?;
    let entries = std::fs::read_dir(&ann_dir).map_err(|source| Error::Io {
        path: ann_dir.clone(),
        source,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    names.sort();
    // The first annotator's file per article (by file name).
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    for n in names {
        let stem = n.trim_end_matches(".ann");
        let article = stem.rsplit_once('_').map_or(stem, |(a, _)| a).to_string();
        first.entry(article).or_insert(n);
    }
    let limit = opts.limit.unwrap_or(usize::MAX);
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut articles = 0;
    let mut quotes_found = 0;
    for (article, ann) in first.iter().take(limit) {
        let text_path = text_dir.join(format!("{article}.txt"));
        let raw = crate::read(&text_path)?;
        let file = String::from_utf8(raw).map_err(|e| Error::Data {
            path: text_path.clone(),
            msg: e.to_string(),
        })?;
        let ann_path = ann_dir.join(ann);
        let ann_raw = crate::read(&ann_path)?;
        let gold = parse_ann(&String::from_utf8_lossy(&ann_raw));
        let mapped = Mapped::new(article, &file);
        let body = mapped.article.body();
        let mentions = annotate::entities::mentions(&mapped.article, &body);
        let quotes = annotate::quotes::quotes(&mapped.article, &body, &mentions);
        quotes_found += quotes.len();
        articles += 1;

        let g_src: Vec<Span> = gold.iter().filter_map(|a| a.source).collect();
        let g_cue: Vec<Span> = gold.iter().filter_map(|a| a.cue).collect();
        let g_con: Vec<Span> = gold.iter().filter_map(|a| a.content).collect();
        let p_src: Vec<Span> = quotes
            .iter()
            .filter_map(|q| q.speaker_span)
            .map(|s| mapped.span_to_file(s))
            .collect();
        let p_cue: Vec<Span> = quotes
            .iter()
            .filter_map(|q| q.cue_span)
            .map(|s| mapped.span_to_file(annotate::quotes::cue_with_tail(&body, s)))
            .collect();
        let p_con: Vec<Span> = quotes
            .iter()
            .map(|q| mapped.span_to_file(annotate::quotes::with_marks(&body, q.span)))
            .collect();
        counts.entry("source").or_default().add(&g_src, &p_src);
        counts.entry("cue").or_default().add(&g_cue, &p_cue);
        counts.entry("content").or_default().add(&g_con, &p_con);
    }
    let mut text = format!(
        "PolNeAR {split}: {articles} articles, {quotes_found} quotes found\n{:<8} {:>6} {:>6}  {:>21}  {:>21}\n{:<8} {:>6} {:>6}  {:>6} {:>6} {:>7}  {:>6} {:>6} {:>7}\n",
        "", "", "", "exact", "overlap", "role", "gold", "pred", "P", "R", "F1", "P", "R", "F1"
    );
    let mut out = serde_json::Map::new();
    for role in ["source", "cue", "content"] {
        let c = counts.get(role).copied().unwrap_or_default();
        let e = c.prf(c.exact);
        let o = c.prf(c.overlap);
        text.push_str(&format!(
            "{role:<8} {:>6} {:>6}  {:>6.3} {:>6.3} {:>7.3}  {:>6.3} {:>6.3} {:>7.3}\n",
            c.gold, c.pred, e.precision, e.recall, e.f1, o.precision, o.recall, o.f1
        ));
        out.insert(role.to_string(), c.json());
    }
    Ok(Report {
        text,
        json: serde_json::Value::Object(out),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_offsets_map_back_to_file_characters() {
        let file = "Title é\n\nHe said “yes”.\nNext line\n\n\nLast — one.";
        let m = Mapped::new("a", file);
        let body = m.article.body();
        assert_eq!(m.article.paragraphs.len(), 4);
        let chars: Vec<char> = file.chars().collect();
        for word in ["é", "“yes”", "Next", "one"] {
            let b = body.find(word).unwrap_or(0);
            let s = m.span_to_file(Span::new(b, b + word.len()));
            let back: String = chars[s.start..s.end].iter().collect();
            assert_eq!(back, word);
        }
    }

    #[test]
    fn ann_fragments_are_covered_and_roles_tied() {
        let ann = "T1\tSource 10 12\the\nT2\tCue 13 17\tsaid\nT3\tContent 0 8;19 25\tA | B\n\
                   E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nT4\tDiscard 30 31\tx\n";
        let a = parse_ann(ann);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].source, Some(Span::new(10, 12)));
        assert_eq!(a[0].cue, Some(Span::new(13, 17)));
        assert_eq!(a[0].content, Some(Span::new(0, 25)));
    }

    #[test]
    fn overlap_matches_one_to_one() {
        let mut c = Counts::default();
        c.add(
            &[Span::new(0, 10), Span::new(20, 30)],
            &[Span::new(5, 25), Span::new(0, 10)],
        );
        assert_eq!(c.exact, 1);
        assert_eq!(c.overlap, 2);
    }
}
