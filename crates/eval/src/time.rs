//! `storyline eval time --dataset tempeval3 DIR`: TempEval-3 task A on TimeML files.
//!
//! Every `.tml` file under DIR (files repeating a DOCID already read are skipped) is stripped
//! of its tags; the TIMEX3 elements inside `<TEXT>` are the gold expressions, and the TIMEX3
//! with `functionInDocument="CREATION_TIME"` (the DCT, usually outside `<TEXT>`) is the anchor
//! and is never scored. `annotate::time::expressions` runs on the raw text with the DCT as a
//! [`model::PubTime`]. Scores, as in TempEval-3: strict span F1 (exact match), relaxed span F1
//! (any overlap, each gold matched once), value F1 (relaxed match and equal value; precision
//! over system expressions, recall over gold). Set `STORYLINE_EVAL_VERBOSE=1` to list every
//! miss, false alarm and wrong value in the text report.

use crate::metrics::Prf;
use crate::{Error, Options, Report, Result};
use model::{PubTime, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One gold TIMEX3 in the raw text.
#[derive(Debug, Clone)]
struct Gold {
    span: Span,
    kind: String,
    value: String,
}

/// One TimeML document: raw text, gold expressions and the creation time.
#[derive(Debug)]
struct Doc {
    id: String,
    text: String,
    gold: Vec<Gold>,
    dct: Option<PubTime>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(tag[at..end].to_string())
}

fn unescape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let ents = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&apos;", '\''),
        ];
        match ents.iter().find(|(e, _)| tail.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &tail[e.len()..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Parses a TimeML document; `None` when it has no `<TEXT>`.
fn parse(path: &Path, xml: &str) -> Result<Doc> {
    let bad = |msg: &str| Error::Data {
        path: path.to_path_buf(),
        msg: msg.to_string(),
    };
    let id = xml
        .find("<DOCID>")
        .and_then(|i| {
            let s = &xml[i + 7..];
            s.find("</DOCID>").map(|e| s[..e].trim().to_string())
        })
        .unwrap_or_else(|| path.display().to_string());
    let mut dct = None;
    for (i, _) in xml.match_indices("<TIMEX3") {
        let Some(end) = xml[i..].find('>') else { break };
        let tag = &xml[i..i + end];
        if tag.contains("CREATION_TIME") {
            dct = attr(tag, "value").and_then(|v| PubTime::parse(&v));
            break;
        }
    }
    let start = xml.find("<TEXT>").ok_or_else(|| bad("no <TEXT>"))? + "<TEXT>".len();
    let stop = xml[start..]
        .find("</TEXT>")
        .ok_or_else(|| bad("no </TEXT>"))?
        + start;
    let body = &xml[start..stop];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        unescape_into(&mut text, &rest[..lt]);
        let gt = rest[lt..].find('>').ok_or_else(|| bad("unclosed tag"))? + lt;
        let tag = &rest[lt..=gt];
        if tag.starts_with("<TIMEX3") {
            if !tag.contains("CREATION_TIME") {
                open = Some((text.len(), tag.to_string()));
            }
        } else if tag.starts_with("</TIMEX3") {
            if let Some((s, t)) = open.take() {
                gold.push(Gold {
                    span: Span::new(s, text.len()),
                    kind: attr(&t, "type").unwrap_or_default().to_ascii_lowercase(),
                    value: attr(&t, "value").unwrap_or_default(),
                });
            }
        }
        rest = &rest[gt + 1..];
    }
    unescape_into(&mut text, rest);
    Ok(Doc {
        id,
        text,
        gold,
        dct,
    })
}

fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            tml_files(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Counts behind the three scores, plus per-type tallies.
#[derive(Debug, Default)]
struct Tally {
    gold: usize,
    system: usize,
    strict: usize,
    relaxed: usize,
    value: usize,
    /// type -> (gold, found (relaxed), value right)
    by_type: BTreeMap<String, (usize, usize, usize)>,
    errors: Vec<String>,
}

fn score(doc: &Doc, tally: &mut Tally) {
    let sys = annotate::time::expressions(&doc.text, doc.dct.as_ref());
    tally.gold += doc.gold.len();
    tally.system += sys.len();
    let mut used_strict = vec![false; doc.gold.len()];
    let mut used_relaxed = vec![false; doc.gold.len()];
    let mut matched_sys = vec![false; sys.len()];
    for (si, s) in sys.iter().enumerate() {
        if let Some(gi) =
            (0..doc.gold.len()).find(|&g| !used_strict[g] && doc.gold[g].span == s.span)
        {
            used_strict[gi] = true;
            tally.strict += 1;
        }
        let Some(gi) =
            (0..doc.gold.len()).find(|&g| !used_relaxed[g] && doc.gold[g].span.overlaps(s.span))
        else {
            continue;
        };
        used_relaxed[gi] = true;
        matched_sys[si] = true;
        tally.relaxed += 1;
        let g = &doc.gold[gi];
        if g.span != s.span {
            tally.errors.push(format!(
                "span\t{}\t{:?}\t{:?}",
                doc.id,
                g.span.slice(&doc.text),
                s.text
            ));
        }
        let row = tally.by_type.entry(g.kind.clone()).or_default();
        row.1 += 1;
        if g.value == s.value {
            tally.value += 1;
            row.2 += 1;
        } else {
            tally.errors.push(format!(
                "value\t{}\t{}\t{:?}\t{:?}\tgold={}\tsys={}",
                doc.id,
                doc.dct.map(|d| d.to_string()).unwrap_or_default(),
                g.span.slice(&doc.text),
                s.text,
                g.value,
                s.value
            ));
        }
    }
    for (gi, g) in doc.gold.iter().enumerate() {
        tally.by_type.entry(g.kind.clone()).or_default().0 += 1;
        if !used_relaxed[gi] {
            tally.errors.push(format!(
                "miss\t{}\t{:?}\t{}\t{}\t{:?}",
                doc.id,
                g.span.slice(&doc.text),
                g.kind,
                g.value,
                context(&doc.text, g.span)
            ));
        }
    }
    for (si, s) in sys.iter().enumerate() {
        if !matched_sys[si] {
            tally.errors.push(format!(
                "false\t{}\t{:?}\t{}\t{}\t{:?}",
                doc.id,
                s.text,
                s.kind,
                s.value,
                context(&doc.text, s.span)
            ));
        }
    }
}

fn context(text: &str, span: Span) -> String {
    let mut s = span.start.saturating_sub(40);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    let mut e = (span.end + 30).min(text.len());
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    text[s..e].replace('\n', " ")
}

pub fn run(dir: &Path, opts: &Options) -> Result<Report> {
    crate::require_dir(dir)?;
    if !opts.dataset.is_empty() && opts.dataset != "tempeval3" {
        return Err(Error::Usage(format!(
            "eval time knows the dataset tempeval3, not {:?}",
            opts.dataset
        )));
    }
    let mut files = Vec::new();
    tml_files(dir, &mut files)?;
    let mut seen = std::collections::BTreeSet::new();
    let mut tally = Tally::default();
    let mut n = 0usize;
    for path in files {
        if opts.limit.is_some_and(|l| n >= l) {
            break;
        }
        let raw = crate::read(&path)?;
        let xml = String::from_utf8_lossy(&raw);
        let doc = parse(&path, &xml)?;
        if !seen.insert(doc.id.clone()) {
            continue;
        }
        score(&doc, &mut tally);
        n += 1;
    }
    if n == 0 {
        return Err(Error::Data {
            path: dir.to_path_buf(),
            msg: "no .tml files".into(),
        });
    }
    let strict = Prf::from_counts(
        tally.strict,
        tally.system - tally.strict,
        tally.gold - tally.strict,
    );
    let relaxed = Prf::from_counts(
        tally.relaxed,
        tally.system - tally.relaxed,
        tally.gold - tally.relaxed,
    );
    let value = Prf::from_counts(
        tally.value,
        tally.system - tally.value,
        tally.gold - tally.value,
    );
    let mut text = format!(
        "TempEval-3 task A on {n} documents: {} gold, {} found\n\
         {:<8} {:>9} {:>9} {:>9}\n",
        tally.gold, tally.system, "", "precision", "recall", "f1"
    );
    for (name, p) in [("strict", strict), ("relaxed", relaxed), ("value", value)] {
        text.push_str(&format!(
            "{name:<8} {:>9.3} {:>9.3} {:>9.3}\n",
            p.precision, p.recall, p.f1
        ));
    }
    text.push_str("type      gold  found  value-right\n");
    let mut types = serde_json::Map::new();
    for (k, (g, f, v)) in &tally.by_type {
        text.push_str(&format!("{k:<8} {g:>5} {f:>6} {v:>12}\n"));
        types.insert(
            k.clone(),
            serde_json::json!({"gold": g, "found": f, "value": v}),
        );
    }
    if std::env::var_os("STORYLINE_EVAL_VERBOSE").is_some() {
        for e in &tally.errors {
            text.push_str(e);
            text.push('\n');
        }
    }
    let json = serde_json::json!({
        "n": n,
        "strict": strict,
        "relaxed": relaxed,
        "value": value,
        "gold": tally.gold,
        "system": tally.system,
        "types": types,
    });
    Ok(Report { text, json })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gold_spans_and_the_creation_time() {
        let xml = r#"<DOCID>d1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>A <EVENT eid="e1">bad</EVENT> <TIMEX3 tid="t1" type="DURATION" value="P1W">week</TIMEX3> &amp; <TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">now</TIMEX3>.</TEXT>"#;
        let doc = parse(Path::new("x.tml"), xml).unwrap();
        assert_eq!(doc.id, "d1");
        assert_eq!(doc.text, "A bad week & now.");
        assert_eq!(doc.gold.len(), 2);
        assert_eq!(doc.gold[0].span.slice(&doc.text), "week");
        assert_eq!(doc.gold[1].span.slice(&doc.text), "now");
        assert_eq!(doc.gold[1].kind, "date");
        assert_eq!(
            doc.dct.map(|d| d.to_string()).as_deref(),
            Some("1998-01-08")
        );
    }

    /// The issue's gate on the TempEval-3 training data, when it is there.
    #[test]
    fn tempeval3_training_gate() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/time/tempeval3-training");
        if !dir.is_dir() {
            eprintln!(
                "skipping: {} not found (see ../shared/data/README.md)",
                dir.display()
            );
            return;
        }
        let report = run(&dir, &Options::default()).unwrap();
        let f1 = |k: &str| report.json[k]["f1"].as_f64().unwrap_or(0.0);
        assert!(f1("relaxed") >= 0.85, "{}", report.text);
        assert!(f1("value") >= 0.75, "{}", report.text);
    }
}
