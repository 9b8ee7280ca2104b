//! The training dump for the attribution tagger: PolNeAR articles as paragraphs of tokens,
//! each with its gold labels and its features in clear, for `scripts/train-quotes.py`.
//!
//! Run by `scripts/train-quotes.sh` through the ignored test `dump_polnear` with
//! `QUOTES_POLNEAR=<PolNeAR dir> QUOTES_SPLIT=train|dev QUOTES_OUT=<file>`.

use super::tagger::{feature_text, Context};
use model::{Article, Span};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Gold spans of one article in body byte offsets: (sources, cues, contents).
type Gold = (Vec<Span>, Vec<Span>, Vec<Span>);

/// Reads one brat `.ann` file into gold spans (file character offsets, fragments covered).
fn parse_ann(text: &str) -> Vec<(String, Span)> {
    let mut spans: BTreeMap<&str, (String, Span)> = BTreeMap::new();
    let mut used = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((role, ranges)) = body.split_once(' ') else {
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
                spans.insert(id, (role.to_string(), Span::new(lo, hi)));
            }
        } else if id.starts_with('E') {
            for kv in body.split_whitespace() {
                if let Some((role, t)) = kv.split_once(':') {
                    if role != "Attribution" {
                        used.push(t.to_string());
                    }
                }
            }
        }
    }
    used.iter()
        .filter_map(|t| spans.get(t.as_str()).cloned())
        .collect()
}

/// Each attribution's (source, cue) in body bytes: `to_body` maps file characters to body bytes.
fn links(ann: &str, to_body: &dyn Fn(usize) -> usize) -> Vec<(Option<Span>, Option<Span>)> {
    let mut spans: BTreeMap<&str, Span> = BTreeMap::new();
    let mut out = Vec::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, ranges)) = body.split_once(' ') else {
                continue;
            };
            let nums: Vec<usize> = ranges
                .split([';', ' '])
                .filter_map(|x| x.parse().ok())
                .collect();
            if let (Some(lo), Some(hi)) = (nums.iter().min(), nums.iter().max()) {
                spans.insert(id, Span::new(to_body(*lo), to_body(*hi)));
            }
        } else if id.starts_with('E') {
            let mut src = None;
            let mut cue = None;
            for kv in body.split_whitespace() {
                match kv.split_once(':') {
                    Some(("Source", t)) => src = spans.get(t).copied(),
                    Some(("Cue", t)) => cue = spans.get(t).copied(),
                    _ => {}
                }
            }
            out.push((src, cue));
        }
    }
    out
}

/// The article (one paragraph per non-blank line) and its gold spans in body bytes.
fn load(file: &str, ann: &str) -> (Article, Gold) {
    let (article, gold, _) = load_linked(file, ann);
    (article, gold)
}

/// [`load`] with each attribution's (source, cue) pair.
#[allow(clippy::type_complexity)] // a test helper's tuple
fn load_linked(file: &str, ann: &str) -> (Article, Gold, Vec<(Option<Span>, Option<Span>)>) {
    let mut article = Article::new("a", "polnear");
    // (file byte start, body byte start) per paragraph.
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
    let byte_of_char: Vec<usize> = file
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(file.len()))
        .collect();
    let to_body = |c: usize| {
        let b = byte_of_char.get(c).copied().unwrap_or(file.len());
        let k = starts.partition_point(|&(f, _)| f <= b);
        let (f, bb) = if k == 0 { (0, 0) } else { starts[k - 1] };
        bb + (b - f)
    };
    let mut gold: Gold = Default::default();
    for (role, s) in parse_ann(ann) {
        let s = Span::new(to_body(s.start), to_body(s.end));
        match role.as_str() {
            "Source" => gold.0.push(s),
            "Cue" => gold.1.push(s),
            "Content" => gold.2.push(s),
            _ => {}
        }
    }
    let pairs = links(ann, &to_body);
    (article, gold, pairs)
}

/// Labels of the paragraph's tokens: source/cue and content BIO tags.
fn labels(cx: &Context, gold: &Gold) -> Vec<(String, String)> {
    let mut sc = vec!["O".to_string(); cx.toks.len()];
    let mut con = vec!["O".to_string(); cx.toks.len()];
    for (spans, role) in [(&gold.0, "S"), (&gold.1, "C")] {
        for s in spans.iter() {
            let mut first = true;
            for (k, t) in cx.toks.iter().enumerate() {
                if s.start <= t.start && t.end <= s.end {
                    sc[k] = format!("{}-{role}", if first { "B" } else { "I" });
                    first = false;
                }
            }
        }
    }
    // Outermost contents only.
    let outer: Vec<Span> = gold
        .2
        .iter()
        .copied()
        .filter(|s| !gold.2.iter().any(|o| o != s && o.contains(*s)))
        .collect();
    for s in outer {
        let mut first = true;
        for (k, t) in cx.toks.iter().enumerate() {
            if s.start <= t.start && t.end <= s.end {
                con[k] = if first { "B" } else { "I" }.to_string();
                first = false;
            }
        }
    }
    sc.into_iter().zip(con).collect()
}

/// Writes the dump of one split: per paragraph, one line per token
/// The folder of a PolNeAR split and, per article, its first annotation file (article ->
/// `.ann` file name), in name order.
fn first_annotations(dir: &Path, split: &str) -> (std::path::PathBuf, BTreeMap<String, String>) {
    let base = if dir.join("data").join(split).is_dir() {
        dir.join("data").join(split)
    } else {
        dir.join(split)
    };
    let mut names: Vec<String> = std::fs::read_dir(base.join("attributions"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ann"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    for n in names {
        let stem = n.trim_end_matches(".ann");
        let a = stem.rsplit_once('_').map_or(stem, |(a, _)| a).to_string();
        first.entry(a).or_insert(n);
    }
    (base, first)
}

/// `SC_LABEL\tCONTENT_LABEL\tfeature\tfeature...`, then a blank line.
fn dump(dir: &Path, split: &str) -> String {
    let (base, first) = first_annotations(dir, split);
    let mut out = String::new();
    for (name, ann) in &first {
        let file = std::fs::read_to_string(base.join("text").join(format!("{name}.txt")))
            .unwrap_or_default();
        let ann = std::fs::read_to_string(base.join("attributions").join(ann)).unwrap_or_default();
        let (article, gold) = load(&file, &ann);
        let body = article.body();
        let pass = super::rule_pass(&article, &body);
        let _ = writeln!(out, "# {name}");
        for p in &pass.paras {
            let cx = Context::new(&body, *p, &pass.regions, &pass.sents, &pass.chosen);
            if cx.toks.is_empty() {
                continue;
            }
            let labs = labels(&cx, &gold);
            for (k, (sc, con)) in labs.iter().enumerate() {
                out.push_str(sc);
                out.push('\t');
                out.push_str(con);
                cx.features(k, &mut |t, a, b| {
                    out.push('\t');
                    out.push_str(&feature_text(t, a.text, b.text));
                });
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}

#[test]
#[ignore = "writes the tagger's training data; run by scripts/train-quotes.sh"]
fn dump_polnear() {
    let (Ok(dir), Ok(split), Ok(path)) = (
        std::env::var("QUOTES_POLNEAR"),
        std::env::var("QUOTES_SPLIT"),
        std::env::var("QUOTES_OUT"),
    ) else {
        eprintln!("skipped: set QUOTES_POLNEAR, QUOTES_SPLIT and QUOTES_OUT");
        return;
    };
    let text = dump(Path::new(&dir), &split);
    assert!(!text.is_empty(), "no PolNeAR articles under {dir}");
    std::fs::write(&path, text).expect("the dump file is writable");
}

#[test]
fn gold_maps_file_characters_to_body_bytes() {
    let file = "Title é\n\nHe said “yes”.\n";
    let ann = "T1\tSource 9 11\tHe\nT2\tCue 12 16\tsaid\nT3\tContent 17 22\t“yes”\n\
               E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n";
    let (a, gold) = load(file, ann);
    let body = a.body();
    assert_eq!(gold.0[0].slice(&body), "He");
    assert_eq!(gold.1[0].slice(&body), "said");
    assert_eq!(gold.2[0].slice(&body), "“yes”");
}

/// Matches for one role: (gold, predicted, exact, overlap), one to one as `storyline eval
/// quotes` counts them.
fn count(gold: &[Span], pred: &[Span], acc: &mut [usize; 4]) {
    acc[0] += gold.len();
    acc[1] += pred.len();
    let mut used = vec![false; gold.len()];
    for p in pred {
        if let Some(k) = (0..gold.len()).find(|&k| !used[k] && gold[k] == *p) {
            used[k] = true;
            acc[2] += 1;
        }
    }
    let mut pairs = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (k, g) in gold.iter().enumerate() {
            if p.overlaps(*g) {
                pairs.push((p.end.min(g.end) - p.start.max(g.start), i, k));
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
            acc[3] += 1;
        }
    }
}

/// `span` with up to `reach` bytes of text on either side (for the error listings).
fn around(body: &str, span: Span, reach: usize) -> Span {
    Span::new(
        (0..=span.start.saturating_sub(reach))
            .rev()
            .find(|&k| body.is_char_boundary(k))
            .unwrap_or(0),
        (span.end + reach..=body.len())
            .find(|&k| body.is_char_boundary(k))
            .unwrap_or(body.len()),
    )
}

#[test]
#[ignore = "scores quotes on PolNeAR like `storyline eval quotes`; set QUOTES_POLNEAR, QUOTES_SPLIT"]
fn eval_polnear() {
    let (Ok(dir), Ok(split)) = (
        std::env::var("QUOTES_POLNEAR"),
        std::env::var("QUOTES_SPLIT"),
    ) else {
        eprintln!("skipped: set QUOTES_POLNEAR and QUOTES_SPLIT");
        return;
    };
    let dir = Path::new(&dir);
    let (base, first) = first_annotations(dir, &split);
    let mut acc = [[0usize; 4]; 3];
    let mut misses: BTreeMap<&'static str, usize> = BTreeMap::new();
    let t0 = std::time::Instant::now();
    let mut words = 0;
    // QUOTES_HOLDOUT=1 scores every fifth article only (the slice of train held out for model
    // selection, as `scripts/train-quotes.py` holds it out).
    let holdout = std::env::var("QUOTES_HOLDOUT").is_ok();
    for (k, (name, ann)) in first.iter().enumerate() {
        if holdout && k % 5 != 4 {
            continue;
        }
        let file = std::fs::read_to_string(base.join("text").join(format!("{name}.txt")))
            .unwrap_or_default();
        let ann = std::fs::read_to_string(base.join("attributions").join(ann)).unwrap_or_default();
        let (article, gold, pairs) = load_linked(&file, &ann);
        let body = article.body();
        words += body.split_whitespace().count();
        let q = super::quotes(&article, &body, &[]);
        if std::env::var("QUOTES_MISS").is_ok() {
            miss_kinds(&article, &body, &q, &pairs, &mut misses);
        }
        let src: Vec<Span> = q.iter().filter_map(|q| q.speaker_span).collect();
        let cue: Vec<Span> = q
            .iter()
            .filter_map(|q| q.cue_span)
            .map(|s| super::cue_with_tail(&body, s))
            .collect();
        let con: Vec<Span> = q.iter().map(|q| super::with_marks(&body, q.span)).collect();
        if std::env::var("QUOTES_DIAG").is_ok() {
            // Sources the tagger found that the pairing step did not emit.
            let pass = super::rule_pass(&article, &body);
            let tg = super::tagger::tagger();
            for p in &pass.paras {
                let cx = Context::new(&body, *p, &pass.regions, &pass.sents, &pass.chosen);
                let (t1, _) = tg.tag(&cx);
                for s in tg.sc.spans(&cx, &t1, "S") {
                    let hit = gold.0.contains(&s);
                    let out = src.contains(&s);
                    println!(
                        "DIAG gold={} emitted={} {:?} | {}",
                        u8::from(hit),
                        u8::from(out),
                        s.slice(&body),
                        p.slice(&body).replace('\n', " ")
                    );
                }
            }
        }
        if std::env::var("QUOTES_ERRORS").is_ok() {
            for g in &gold.0 {
                if !src.contains(g) {
                    let near: Vec<&str> = src
                        .iter()
                        .filter(|p| p.overlaps(*g))
                        .map(|p| p.slice(&body))
                        .collect();
                    let ctx = around(&body, *g, 60);
                    println!(
                        "FN {:?} pred {:?} | {}",
                        g.slice(&body),
                        near,
                        ctx.slice(&body).replace('\n', " ")
                    );
                }
            }
            for p in &src {
                if !gold.0.contains(p) && !gold.0.iter().any(|g| g.overlaps(*p)) {
                    let cue = q.iter().find(|q| q.speaker_span == Some(*p));
                    println!(
                        "FP {:?} cue {:?} | {}",
                        p.slice(&body),
                        cue.and_then(|q| q.cue_span).map(|c| c.slice(&body)),
                        around(&body, *p, 100).slice(&body).replace('\n', " ")
                    );
                }
            }
        }
        if std::env::var("QUOTES_BOUNDARY").is_ok() {
            boundary_errors(name, &body, &pairs, &src);
        }
        count(&gold.0, &src, &mut acc[0]);
        count(&gold.1, &cue, &mut acc[1]);
        count(&gold.2, &con, &mut acc[2]);
    }
    for (k, n) in &misses {
        println!("MISS {k:28} {n}");
    }
    let el = t0.elapsed();
    for (role, a) in ["source", "cue", "content"].iter().zip(acc) {
        let f = |m: usize| {
            let p = m as f64 / a[1].max(1) as f64;
            let r = m as f64 / a[0].max(1) as f64;
            (p, r, 2.0 * p * r / (p + r).max(1e-9))
        };
        let (ep, er, ef) = f(a[2]);
        let (op, or, of) = f(a[3]);
        println!("{role:8} gold {:5} pred {:5}  exact {ep:.4} {er:.4} {ef:.4}  overlap {op:.4} {or:.4} {of:.4}  matched {} {}", a[0], a[1], a[2], a[3]);
    }
    println!(
        "{} articles, {words} words, {:?} ({:.3} ms per 600 words, incl. loading)",
        first.len(),
        el,
        el.as_secs_f64() * 1000.0 * 600.0 / words.max(1) as f64
    );
}

#[test]
#[ignore = "timing: quotes() on a 600-word article"]
fn time_600_words() {
    let para = "“We are ready to talk,” Kremlin spokesman Dmitry Peskov told reporters on Friday, \
                adding that the president would decide. The ministry said in a statement that \
                the talks would resume next week, according to two officials familiar with the \
                plan. Trump, on Thursday, indicated he was willing to speak to Putin. “I'd love \
                to meet with him,” he said.";
    let mut a = Article::new("t", "timing");
    while a.body().split_whitespace().count() < 600 {
        a.paragraphs.push(para.to_string());
    }
    let body = a.body();
    let _ = super::quotes(&a, &body, &[]);
    let n: u32 = std::env::var("QUOTES_TIMING_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let t0 = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..n {
        found += super::quotes(&a, &body, &[]).len();
    }
    let per = t0.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    println!(
        "{} words, {} quotes, {per:.3} ms per article",
        body.split_whitespace().count(),
        found / n as usize
    );
}

/// Prints every predicted source that overlaps a gold source without matching it (one to one,
/// largest overlap first, as the eval pairs them, exact matches taken out first), as
/// `BND<TAB>article<TAB>gold<TAB>pred<TAB>left context<TAB>right context`.
fn boundary_errors(name: &str, body: &str, pairs: &[(Option<Span>, Option<Span>)], src: &[Span]) {
    let gold: Vec<Span> = pairs.iter().filter_map(|p| p.0).collect();
    let mut gu = vec![false; gold.len()];
    let mut pu = vec![false; src.len()];
    for (i, p) in src.iter().enumerate() {
        if let Some(k) = (0..gold.len()).find(|&k| !gu[k] && gold[k] == *p) {
            gu[k] = true;
            pu[i] = true;
        }
    }
    let mut ov = Vec::new();
    for (i, p) in src.iter().enumerate() {
        for (k, g) in gold.iter().enumerate() {
            if !pu[i] && !gu[k] && p.overlaps(*g) {
                ov.push((p.end.min(g.end) - p.start.max(g.start), i, k));
            }
        }
    }
    ov.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let one = |s: &str| s.replace(['\n', '\t'], " ");
    for (_, i, k) in ov {
        if pu[i] || gu[k] {
            continue;
        }
        pu[i] = true;
        gu[k] = true;
        let (p, g) = (src[i], gold[k]);
        let lo = p.start.min(g.start);
        let hi = p.end.max(g.end);
        let l = super::floor_char(body, lo.saturating_sub(80));
        let r = super::ceil_char(body, (hi + 80).min(body.len()));
        println!(
            "BND\t{name}\t{}\t{}\t{}\t{}",
            one(g.slice(body)),
            one(p.slice(body)),
            one(&body[l..lo]),
            one(&body[hi..r]),
        );
    }
}

/// Sorts each gold source the quotes miss (not found exactly) by where it was lost: its cue
/// found with no source, with a source overlapping it, with another source; its cue not found
/// while the tagger marked the source; nothing found.
fn miss_kinds(
    article: &Article,
    body: &str,
    q: &[model::Quote],
    pairs: &[(Option<Span>, Option<Span>)],
    acc: &mut BTreeMap<&'static str, usize>,
) {
    let pass = super::rule_pass(article, body);
    let tg = super::tagger::tagger();
    let mut tagged_src = Vec::new();
    let mut tagged_cue = Vec::new();
    for p in &pass.paras {
        let cx = Context::new(body, *p, &pass.regions, &pass.sents, &pass.chosen);
        let (t1, _) = tg.tag(&cx);
        tagged_src.extend(tg.sc.spans(&cx, &t1, "S"));
        tagged_cue.extend(tg.sc.spans(&cx, &t1, "C"));
    }
    for (src, cue) in pairs {
        let Some(g) = src else { continue };
        *acc.entry("gold sources").or_default() += 1;
        if q.iter().any(|x| x.speaker_span == Some(*g)) {
            continue;
        }
        let verbose = std::env::var("QUOTES_MISS").is_ok_and(|v| v == "2");
        let by_cue = cue.and_then(|c| q.iter().find(|x| x.cue_span.is_some_and(|k| k.overlaps(c))));
        let kind = match by_cue {
            Some(x) => match x.speaker_span {
                None => "cue found, no source",
                Some(s) if s.overlaps(*g) => "cue found, source boundary",
                Some(_) => "cue found, other source",
            },
            None if tagged_src.iter().any(|s| s.overlaps(*g)) => {
                if cue.is_some_and(|c| tagged_cue.iter().any(|k| k.overlaps(c))) {
                    "no quote, both tagged"
                } else {
                    "no quote, source tagged"
                }
            }
            None if cue.is_some_and(|c| tagged_cue.iter().any(|k| k.overlaps(c))) => {
                "no quote, cue tagged"
            }
            None => "nothing found",
        };
        *acc.entry(kind).or_default() += 1;
        if verbose {
            let c = cue.map_or("", |c| c.slice(body));
            let found = by_cue
                .and_then(|x| x.speaker_span)
                .map_or("", |s| s.slice(body));
            println!(
                "MISSED [{kind}] {:?} cue {c:?} pred {found:?}",
                g.slice(body)
            );
        }
    }
}
