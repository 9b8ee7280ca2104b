//! `storyline eval entities --dataset meantime DIR`: entity mention spans on MEANTIME (NAF/CAT
//! XML), per type, exact and partial, beside spaCy's small English model when available.
//!
//! Every `.xml` file under `DIR/intra-doc_annotation` (or under DIR if that folder is absent)
//! is one document: its `<token>` elements are joined back into text (title, date line and
//! body as three paragraphs; no space before closing punctuation, hyphens joined), and the
//! gold mentions are the `ENTITY_MENTION`s whose `syntactic_type` is a name (`NAM`,
//! `PRE.NAM`), typed by the `ENTITY` their `REFERS_TO` relation points at: `PER`, `ORG`,
//! `LOC` are scored as person, organization, location; the other types (`PRO` products,
//! `FIN`, `MIX`...) are out of scope: they are counted, and a prediction that overlaps only
//! out-of-scope gold is neither right nor wrong.
//!
//! MEANTIME annotates only the first sentences of each article (title, date line and four
//! more): the systems read the whole text, but only predictions inside the annotated
//! sentences (up to the last sentence holding any markable) are scored.
//!
//! Scores: exact (same span and type) and partial (overlapping spans, same type, each gold
//! matched once) precision/recall/F1 per type and overall, plus "any type" (spans only).
//! spaCy runs through `scripts/spacy-entities.py` when `STORYLINE_SPACY_PYTHON` names a
//! python with spacy and the model installed (labels: PERSON -> person, ORG -> organization,
//! GPE/LOC/FAC -> location; others dropped). `STORYLINE_EVAL_VERBOSE=1` lists misses and
//! false alarms.

use crate::metrics::Prf;
use crate::{Error, Options, Report, Result};
use model::{Article, EntityType, Span};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One gold mention; `kind` is `None` when its type is out of scope.
#[derive(Debug, Clone)]
struct Gold {
    span: Span,
    kind: Option<EntityType>,
    label: String,
}

#[derive(Debug)]
struct Doc {
    id: String,
    paragraphs: Vec<String>,
    text: String,
    gold: Vec<Gold>,
    /// The annotated part of the text (MEANTIME annotates the first sentences only):
    /// predictions starting past it are not scored.
    scored_end: usize,
}

/// Raw pieces of one MEANTIME file.
#[derive(Default)]
struct Raw {
    /// (t_id, sentence, text)
    tokens: Vec<(String, usize, String)>,
    /// m_id -> (syntactic_type, anchor t_ids)
    mentions: BTreeMap<String, (String, Vec<String>)>,
    /// m_id -> ent_type
    entities: BTreeMap<String, String>,
    /// source m_id -> target m_id
    refers: BTreeMap<String, String>,
    /// t_ids anchored by any markable (entity, event, time...).
    anchored: std::collections::BTreeSet<String>,
}

fn attrs(e: &quick_xml::events::BytesStart) -> BTreeMap<String, String> {
    // The attributes read here (ids, types, sentence numbers) hold no escapes.
    e.attributes()
        .flatten()
        .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
        .collect()
}

fn parse(path: &Path, xml: &str) -> Result<Raw> {
    let bad = |msg: String| Error::Data {
        path: path.to_path_buf(),
        msg,
    };
    let mut r = Reader::from_str(xml);
    let mut raw = Raw::default();
    let mut in_token: Option<(String, usize, String)> = None;
    let mut in_mention: Option<(String, String, Vec<String>)> = None;
    let mut in_refers: Option<(Vec<String>, Option<String>)> = None;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| bad(format!("XML error at {}: {e}", r.buffer_position())))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let a = attrs(&e);
                let get = |k: &str| a.get(k).cloned().unwrap_or_default();
                match e.name().as_ref() {
                    "token" => {
                        let sentence = get("sentence").parse().unwrap_or(0);
                        in_token = Some((get("t_id"), sentence, String::new()));
                    }
                    "ENTITY_MENTION" => {
                        in_mention = Some((get("m_id"), get("syntactic_type"), Vec::new()));
                    }
                    "token_anchor" => {
                        raw.anchored.insert(get("t_id"));
                        if let Some(m) = in_mention.as_mut() {
                            m.2.push(get("t_id"));
                        }
                    }
                    "ENTITY" => {
                        raw.entities.insert(get("m_id"), get("ent_type"));
                    }
                    "REFERS_TO" => in_refers = Some((Vec::new(), None)),
                    "source" => {
                        if let Some(rf) = in_refers.as_mut() {
                            rf.0.push(get("m_id"));
                        }
                    }
                    "target" => {
                        if let Some(rf) = in_refers.as_mut() {
                            rf.1 = Some(get("m_id"));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(tok) = in_token.as_mut() {
                    tok.2.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some(tok) = in_token.as_mut() {
                    let name = g.xml10_content();
                    let c = match name.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => g.resolve_char_ref().ok().flatten(),
                    };
                    if let Some(c) = c {
                        tok.2.push(c);
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "token" => {
                    if let Some(t) = in_token.take() {
                        raw.tokens.push(t);
                    }
                }
                "ENTITY_MENTION" => {
                    if let Some((id, st, anchors)) = in_mention.take() {
                        raw.mentions.insert(id, (st, anchors));
                    }
                }
                "REFERS_TO" => {
                    if let Some((sources, Some(target))) = in_refers.take() {
                        for s in sources {
                            raw.refers.insert(s, target.clone());
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(raw)
}

/// Joins tokens back into text: title, date line and body as three paragraphs.
fn detokenize(raw: &Raw) -> (Vec<String>, BTreeMap<String, Span>) {
    let mut paragraphs: Vec<String> = vec![String::new(), String::new(), String::new()];
    let mut spans: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new(); // t_id -> (para, start, end)
    let mut prev: Option<&str> = None;
    let mut prev_para = usize::MAX;
    let mut quotes = [0usize; 3];
    for (id, sentence, tok) in &raw.tokens {
        let para = (*sentence).min(2);
        let p = &mut paragraphs[para];
        let tok = match tok.as_str() {
            "``" | "''" => "\"",
            t => t,
        };
        let no_space_before = matches!(
            tok,
            "," | "."
                | ":"
                | ";"
                | "!"
                | "?"
                | ")"
                | "]"
                | "'s"
                | "'"
                | "n't"
                | "%"
                | "'re"
                | "'ve"
                | "'ll"
                | "'d"
                | "'m"
        );
        let joined_hyphen = tok == "-" || prev == Some("-");
        let after_opener = matches!(prev, Some("(" | "[" | "$"));
        let inside_quote = quotes[para] % 2 == 1;
        let quote_open = prev == Some("\"") && inside_quote;
        let quote_close = tok == "\"" && inside_quote;
        let glued = no_space_before || joined_hyphen || after_opener || quote_open || quote_close;
        if !p.is_empty() && (prev_para != para || !glued) {
            p.push(' ');
        }
        if tok == "\"" {
            quotes[para] += 1;
        }
        let start = p.len();
        p.push_str(tok);
        spans.insert(id.clone(), (para, start, p.len()));
        prev = Some(tok);
        prev_para = para;
    }
    // Paragraph offsets in the body.
    let mut offsets = Vec::new();
    let mut at = 0;
    let kept: Vec<usize> = (0..3).filter(|&i| !paragraphs[i].is_empty()).collect();
    let mut base = [0usize; 3];
    for &i in &kept {
        base[i] = at;
        offsets.push(at);
        at += paragraphs[i].len() + 2;
    }
    let spans = spans
        .into_iter()
        .map(|(id, (p, s, e))| (id, Span::new(base[p] + s, base[p] + e)))
        .collect();
    let paragraphs = kept.into_iter().map(|i| paragraphs[i].clone()).collect();
    (paragraphs, spans)
}

fn kind_of(label: &str) -> Option<EntityType> {
    match label {
        "PER" => Some(EntityType::Person),
        "ORG" => Some(EntityType::Organization),
        "LOC" => Some(EntityType::Location),
        _ => None,
    }
}

fn load_doc(path: &Path) -> Result<Doc> {
    let bytes = crate::read(path)?;
    let xml = String::from_utf8_lossy(&bytes);
    let raw = parse(path, &xml)?;
    let (paragraphs, tok_spans) = detokenize(&raw);
    let mut gold = Vec::new();
    for (m_id, (st, anchors)) in &raw.mentions {
        if st != "NAM" && st != "PRE.NAM" {
            continue;
        }
        let spans: Vec<Span> = anchors
            .iter()
            .filter_map(|a| tok_spans.get(a).copied())
            .collect();
        let (Some(start), Some(end)) = (
            spans.iter().map(|s| s.start).min(),
            spans.iter().map(|s| s.end).max(),
        ) else {
            continue;
        };
        let label = raw
            .refers
            .get(m_id)
            .and_then(|t| raw.entities.get(t))
            .cloned()
            .unwrap_or_else(|| "NONE".to_string());
        gold.push(Gold {
            span: Span::new(start, end),
            kind: kind_of(&label),
            label,
        });
    }
    gold.sort_by_key(|g| (g.span.start, g.span.end));
    // The same name annotated twice (as itself and inside a relation) counts once.
    gold.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
    let last_sentence = raw
        .tokens
        .iter()
        .filter(|t| raw.anchored.contains(&t.0))
        .map(|t| t.1)
        .max()
        .unwrap_or(0);
    let scored_end = raw
        .tokens
        .iter()
        .filter(|t| t.1 <= last_sentence)
        .filter_map(|t| tok_spans.get(&t.0))
        .map(|s| s.end)
        .max()
        .unwrap_or(0);
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = paragraphs.join("\n\n");
    Ok(Doc {
        id,
        paragraphs,
        text,
        gold,
        scored_end,
    })
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            xml_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Counts for one system and one type.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(&self) -> Prf {
        Prf::from_counts(self.tp, self.fp, self.fn_)
    }
}

const TYPES: [(EntityType, &str); 3] = [
    (EntityType::Person, "person"),
    (EntityType::Organization, "organization"),
    (EntityType::Location, "location"),
];

/// Per row ("person", ..., "all", "any type"), exact and partial counts.
type Table = BTreeMap<&'static str, (Counts, Counts)>;

fn row_name(k: EntityType) -> &'static str {
    TYPES.iter().find(|t| t.0 == k).map_or("other", |t| t.1)
}

/// Scores one document's predictions into `table`; returns misses and false alarms.
fn score(doc: &Doc, pred: &[(Span, EntityType)], table: &mut Table, notes: &mut Vec<String>) {
    let gold: Vec<&Gold> = doc.gold.iter().filter(|g| g.kind.is_some()).collect();
    let out_of_scope: Vec<Span> = doc
        .gold
        .iter()
        .filter(|g| g.kind.is_none())
        .map(|g| g.span)
        .collect();
    let pred: Vec<(Span, EntityType)> = pred
        .iter()
        .copied()
        .filter(|(s, _)| s.start < doc.scored_end)
        .filter(|(s, _)| {
            gold.iter().any(|g| g.span.overlaps(*s)) || !out_of_scope.iter().any(|o| o.overlaps(*s))
        })
        .collect();
    for (typed, row_all) in [(true, "all"), (false, "any type")] {
        for partial in [false, true] {
            let mut used = vec![false; gold.len()];
            let mut matched_pred = vec![false; pred.len()];
            for (pi, (ps, pk)) in pred.iter().enumerate() {
                let hit = gold.iter().enumerate().position(|(gi, g)| {
                    !used[gi]
                        && (!typed || g.kind == Some(*pk))
                        && if partial {
                            g.span.overlaps(*ps)
                        } else {
                            g.span == *ps
                        }
                });
                if let Some(gi) = hit {
                    used[gi] = true;
                    matched_pred[pi] = true;
                }
            }
            let mut bump = |row: &'static str, f: &dyn Fn(&mut Counts)| {
                let e = table.entry(row).or_default();
                f(if partial { &mut e.1 } else { &mut e.0 });
            };
            for (pi, (ps, pk)) in pred.iter().enumerate() {
                let hit = matched_pred[pi];
                if typed {
                    bump(row_name(*pk), &|c| if hit { c.tp += 1 } else { c.fp += 1 });
                }
                bump(row_all, &|c| if hit { c.tp += 1 } else { c.fp += 1 });
                if typed && partial && !hit {
                    notes.push(format!("  false alarm {:?} {:?}", pk, ps.slice(&doc.text)));
                }
            }
            for (gi, g) in gold.iter().enumerate() {
                if !used[gi] {
                    if let Some(k) = g.kind {
                        if typed {
                            bump(row_name(k), &|c| c.fn_ += 1);
                        }
                    }
                    bump(row_all, &|c| c.fn_ += 1);
                    if typed && partial {
                        notes.push(format!("  miss {} {:?}", g.label, g.span.slice(&doc.text)));
                    }
                }
            }
        }
    }
}

/// Runs the spaCy script on the documents: `None` with the reason when it cannot run.
fn spacy(docs: &[Doc]) -> std::result::Result<Vec<Vec<(Span, EntityType)>>, String> {
    let python = std::env::var("STORYLINE_SPACY_PYTHON").map_err(|_| {
        "spaCy: skipped (set STORYLINE_SPACY_PYTHON; see scripts/spacy-entities.py for setup)"
            .to_string()
    })?;
    let script = std::env::var("STORYLINE_SPACY_SCRIPT").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scripts/spacy-entities.py"
        )
        .to_string()
    });
    let input: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::json!({"id": d.id, "text": d.text}))
        .collect();
    let input = serde_json::to_vec(&input).map_err(|e| e.to_string())?;
    let mut child = std::process::Command::new(&python)
        .arg(&script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("spaCy: failed to start {python}: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(&input)
            .map_err(|e| format!("spaCy: writing input: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("spaCy: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or("");
        return Err(format!("spaCy: failed ({}): {last}", out.status));
    }
    let parsed: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("spaCy: bad output: {e}"))?;
    let mut result = Vec::with_capacity(docs.len());
    for (d, v) in docs.iter().zip(parsed) {
        // Character offsets -> byte offsets.
        let mut bytes: Vec<usize> = d.text.char_indices().map(|(i, _)| i).collect();
        bytes.push(d.text.len());
        let mut preds = Vec::new();
        for e in v["ents"].as_array().into_iter().flatten() {
            let kind = match e["label"].as_str() {
                Some("PERSON") => EntityType::Person,
                Some("ORG") => EntityType::Organization,
                Some("GPE" | "LOC" | "FAC") => EntityType::Location,
                _ => continue,
            };
            let (Some(s), Some(t)) = (e["start"].as_u64(), e["end"].as_u64()) else {
                continue;
            };
            if let (Some(&s), Some(&t)) = (bytes.get(s as usize), bytes.get(t as usize)) {
                preds.push((Span::new(s, t), kind));
            }
        }
        result.push(preds);
    }
    Ok(result)
}

fn table_text(name: &str, table: &Table, out: &mut String) {
    for row in ["person", "organization", "location", "all", "any type"] {
        let (ex, pa) = table.get(row).copied().unwrap_or_default();
        let (e, p) = (ex.prf(), pa.prf());
        out.push_str(&format!(
            "{name:<10} {row:<13} {:>5.3} {:>5.3} {:>5.3}   {:>5.3} {:>5.3} {:>5.3}   {:>5} {:>5} {:>5}\n",
            e.precision, e.recall, e.f1, p.precision, p.recall, p.f1, pa.tp, pa.fp, pa.fn_
        ));
    }
}

fn table_json(table: &Table) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for (row, (ex, pa)) in table {
        m.insert(
            (*row).to_string(),
            serde_json::json!({"exact": ex.prf(), "partial": pa.prf(),
                "exact_counts": [ex.tp, ex.fp, ex.fn_], "partial_counts": [pa.tp, pa.fp, pa.fn_]}),
        );
    }
    serde_json::Value::Object(m)
}

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    crate::require_dir(dir)?;
    if !opts.dataset.is_empty() && opts.dataset != "meantime" {
        return Err(Error::Usage(format!(
            "eval entities knows the dataset \"meantime\", not {:?}",
            opts.dataset
        )));
    }
    let root = dir.join("intra-doc_annotation");
    let root = if root.is_dir() {
        root
    } else {
        dir.to_path_buf()
    };
    let mut files = Vec::new();
    xml_files(&root, &mut files)?;
    files.sort();
    if let Some(n) = opts.limit {
        files.truncate(n);
    }
    let docs: Vec<Doc> = files.iter().map(|f| load_doc(f)).collect::<Result<_>>()?;
    let verbose = std::env::var("STORYLINE_EVAL_VERBOSE").is_ok_and(|v| v == "1" || v == "2");
    // Ours. The gazetteers load on first use: warm up, then time five passes.
    let articles: Vec<Article> = docs
        .iter()
        .map(|d| {
            let mut a = Article::new(d.id.clone(), "meantime");
            a.paragraphs = d.paragraphs.clone();
            a
        })
        .collect();
    let run_all = || -> Vec<Vec<(Span, EntityType)>> {
        articles
            .iter()
            .map(|a| {
                let body = a.body();
                annotate::entities::mentions(a, &body)
                    .into_iter()
                    .map(|m| (m.span, m.kind))
                    .collect()
            })
            .collect()
    };
    let ours = run_all();
    const PASSES: usize = 5;
    let started = std::time::Instant::now();
    for _ in 0..PASSES {
        std::hint::black_box(run_all());
    }
    let elapsed = (started.elapsed().as_secs_f64() / PASSES as f64).max(1e-9);
    let mut table = Table::new();
    let mut notes = Vec::new();
    for (d, p) in docs.iter().zip(&ours) {
        let mut n = Vec::new();
        score(d, p, &mut table, &mut n);
        if std::env::var("STORYLINE_EVAL_VERBOSE").is_ok_and(|v| v == "2") {
            notes.push(format!("{}:\n{}\n  predicted: {:?}", d.id, d.text, p));
        }
        if verbose && !n.is_empty() {
            notes.push(format!("{}:", d.id));
            notes.extend(n);
        }
    }
    let spacy_result = spacy(&docs);
    let mut spacy_table = Table::new();
    if let Ok(preds) = &spacy_result {
        for (d, p) in docs.iter().zip(preds) {
            score(d, p, &mut spacy_table, &mut Vec::new());
        }
    }
    // Gold counts by label.
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    for d in &docs {
        for g in &d.gold {
            *labels.entry(g.label.clone()).or_default() += 1;
        }
    }
    let mut text = String::new();
    text.push_str(&format!(
        "MEANTIME entities: {} documents; gold name mentions by type: {}\n",
        docs.len(),
        labels
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    text.push_str("scored: PER, ORG, LOC; out of scope (predictions overlapping only these are ignored): the rest\n");
    text.push_str(
        "system     type          exact P   R     F1      partial P R     F1      tp    fp    fn (partial)\n",
    );
    table_text("storyline", &table, &mut text);
    match &spacy_result {
        Ok(_) => table_text("spaCy sm", &spacy_table, &mut text),
        Err(msg) => {
            text.push_str(msg);
            text.push('\n');
        }
    }
    let chars: usize = docs.iter().map(|d| d.text.len()).sum();
    text.push_str(&format!(
        "storyline speed: {:.0} documents/s ({:.1} MB/s)\n",
        docs.len() as f64 / elapsed,
        chars as f64 / elapsed / 1e6
    ));
    if verbose {
        text.push_str(&notes.join("\n"));
        text.push('\n');
    }
    let json = serde_json::json!({
        "task": "entities",
        "dataset": "meantime",
        "documents": docs.len(),
        "gold": labels,
        "storyline": table_json(&table),
        "spacy": match &spacy_result {
            Ok(_) => table_json(&spacy_table),
            Err(_) => serde_json::Value::Null,
        },
        "docs_per_second": docs.len() as f64 / elapsed,
    });
    Ok(Report { text, json })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detokenize_joins_punctuation_and_hyphens() {
        let mut raw = Raw::default();
        for (i, (s, t)) in [
            (0, "Apple"),
            (0, "news"),
            (2, "Wal"),
            (2, "-"),
            (2, "Mart"),
            (2, "'s"),
            (2, "store"),
            (2, ","),
            (2, "(WWDC"),
            (2, "."),
        ]
        .iter()
        .enumerate()
        {
            raw.tokens.push((i.to_string(), *s, (*t).to_string()));
        }
        let (paras, spans) = detokenize(&raw);
        assert_eq!(paras, ["Apple news", "Wal-Mart's store, (WWDC."]);
        let body = paras.join("\n\n");
        assert_eq!(spans["2"].slice(&body), "Wal");
        assert_eq!(spans["5"].slice(&body), "'s");
    }
}
