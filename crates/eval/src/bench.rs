//! `storyline bench`: throughput, peak memory and copy detection on articles built from real
//! text (see [`crate::corpus`]).
//!
//! - `digest N`: N generated articles through the whole pipeline, then the digest.
//! - `cluster N`: N generated articles through dedupe and clustering only.
//! - `copies N`: copy detection precision and recall on copies derived from N real articles
//!   (cut, reordered, re-headlined, boilerplate inserted, credit removed), streamed among
//!   the other real articles of the same topic, which are not copies.
//!
//! Peak memory is the process's high-water mark (`VmHWM` in `/proc/self/status`).

use crate::cluster::{bcubed, SplitMix};
use crate::corpus::{self, Base, Generator};
use crate::metrics::Prf;
use crate::{Options, Report, Result};
use model::Article;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

fn data_dir(opts: &Options) -> PathBuf {
    opts.data
        .clone()
        .unwrap_or_else(|| PathBuf::from("../shared/data"))
}

/// Peak resident memory of this process in MiB, from `/proc/self/status` (0 when unknown).
pub fn peak_rss_mb() -> f64 {
    let Ok(s) = std::fs::read_to_string("/proc/self/status") else {
        return 0.0;
    };
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Articles generated ahead on a second thread, in batches, so that generation neither
/// counts in nor slows the timed part (on a machine with a spare core).
struct Ahead {
    rx: mpsc::Receiver<Vec<Article>>,
    handle: thread::JoinHandle<(Duration, usize)>,
}

/// Articles per batch handed over, and batches queued ahead at most.
const BATCH: usize = 64;
const QUEUED: usize = 16;

impl Ahead {
    fn start(bases: Vec<Base>, n: usize, seed: u64) -> Ahead {
        let (tx, rx) = mpsc::sync_channel::<Vec<Article>>(QUEUED);
        let handle = thread::spawn(move || {
            let mut generator = Generator::new(bases, n, seed);
            let mut busy = Duration::ZERO;
            loop {
                let t = Instant::now();
                let batch: Vec<Article> = generator.by_ref().take(BATCH).collect();
                busy += t.elapsed();
                if batch.is_empty() || tx.send(batch).is_err() {
                    break;
                }
            }
            (busy, generator.stories())
        });
        Ahead { rx, handle }
    }

    /// Time spent generating, and the stories generated. A panic of the generator (a bug)
    /// goes on here.
    fn finish(self) -> (Duration, usize) {
        drop(self.rx);
        self.handle
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    }
}

/// `storyline bench digest --articles N`.
pub fn digest(n: usize, opts: &Options) -> Result<Report> {
    let bases = corpus::load_bases(&data_dir(opts))?;
    let mut p = pipeline::Pipeline::new(pipeline::Config::default());
    let mut busy = Duration::ZERO;
    let wall = Instant::now();
    let ahead = Ahead::start(bases, n, opts.seed);
    // As `storyline digest` feeds it: batches read on a second thread ahead of placing.
    for batch in ahead.rx.iter() {
        let t = Instant::now();
        p.add_articles(batch);
        busy += t.elapsed();
    }
    let placing = busy;
    let (generation, _) = ahead.finish();
    let t = Instant::now();
    let d = p.into_digest();
    busy += t.elapsed();
    let building = busy - placing;
    let secs = busy.as_secs_f64().max(1e-9);
    let rate = n as f64 / secs;
    let rss = peak_rss_mb();
    let text = format!(
        "bench digest: {n} articles (seed {}) through the whole pipeline in {secs:.2} s \
         ({:.2} s wall; generation {:.2} s on a second thread): {rate:.0} articles/s, \
         peak RSS {rss:.0} MiB, {} stories\n  \
         dedupe and clustering {:.2} s, then annotating and building the stories {:.2} s\n",
        opts.seed,
        wall.elapsed().as_secs_f64(),
        generation.as_secs_f64(),
        d.stories.len(),
        placing.as_secs_f64(),
        building.as_secs_f64(),
    );
    Ok(Report {
        text,
        json: json!({
            "articles": n,
            "articles_per_s": rate.round(),
            "peak_rss_mb": rss.round(),
            "stories": d.stories.len(),
        }),
    })
}

/// Articles generated at a time while the clock is stopped, then read and placed with it
/// running.
const CHUNK: usize = 20_000;

/// `storyline bench cluster --articles N`: dedupe then clustering of each article, in two
/// stages on two threads, as a pipeline would run them: reading (dedupe signature, clustering
/// features) ahead on one thread, placing (the copy lookup, the story) in arrival order on
/// this one.
///
/// What is timed: the articles are generated `CHUNK` (20,000) at a time while the clock is stopped
/// (nothing else runs then); the clock runs from handing a chunk to the reading thread until
/// its last article is placed. The headline `articles_per_s` is the articles over the sum of
/// those wall-clock spans: both stages, two threads, everything they wait for included.
/// Secondary figures: the CPU time of each stage (each thread's own, so waiting for a core
/// on a loaded machine does not count; busy wall time where the system does not say) and
/// the rate they give on two threads (the slower stage) and on one (their sum); the placing
/// cost per article in each tenth of the stream (flat cost means no step grows with the
/// archive); peak RSS; stories formed; and BCubed against the generator's stories and
/// against its events (the source texts stories are made from).
pub fn cluster(n: usize, opts: &Options) -> Result<Report> {
    let bases = corpus::load_bases(&data_dir(opts))?;
    let mut dedupe = dedupe::Deduper::new(dedupe::Config::default());
    let config = cluster::Config::default();
    let mut scanner = cluster::Scanner::new(&config);
    let mut clusterer = cluster::Clusterer::new(config);
    let (mut in_dedupe, mut in_cluster) = (Duration::ZERO, Duration::ZERO);
    let wall = Instant::now();
    let mut copies = 0usize;
    let mut arrival: Vec<u32> = Vec::with_capacity(n);
    let mut stories: Vec<u32> = Vec::with_capacity(n);
    let mut events: Vec<u32> = Vec::with_capacity(n);
    let tenth = (n / 10).max(1);
    let mut tenths: Vec<f64> = Vec::new();
    let mut generator = Generator::new(bases, n, opts.seed);
    let mut signers = [dedupe.signer(), dedupe.signer()];
    let mut done = 0usize;
    let (mut read_busy, mut read_cpu) = (Duration::ZERO, Some(Duration::ZERO));
    let (mut place_busy, mut place_cpu) = (Duration::ZERO, Some(Duration::ZERO));
    let (mut timed, mut generation) = (Duration::ZERO, Duration::ZERO);
    // Placing time (wall clock) of the current tenth.
    let mut tenth_spent = Duration::ZERO;
    loop {
        let t = Instant::now();
        let chunk: Vec<Article> = generator.by_ref().take(CHUNK).collect();
        generation += t.elapsed();
        if chunk.is_empty() {
            break;
        }
        let clock = Instant::now();
        let c0 = pipeline::ahead::thread_cpu();
        let (back, reader) = pipeline::ahead::read_ahead(
            &chunk,
            signers,
            |signer: &mut dedupe::Signer, a: &Article| signer.sign(a),
            |a| scanner.scan(a, &cluster::Features::default()),
            |i, signed, scanned| {
                let a = &chunk[i];
                let t0 = Instant::now();
                if dedupe.add_signed(signed).is_some() {
                    copies += 1;
                }
                let t1 = Instant::now();
                let s = clusterer.add_scanned(&scanned);
                let t2 = Instant::now();
                in_dedupe += t1 - t0;
                in_cluster += t2 - t1;
                tenth_spent += t2 - t0;
                arrival.push(s as u32);
                stories.push(label(a, "story-"));
                events.push(label(a, "event-"));
                done += 1;
                if done.is_multiple_of(tenth) {
                    // Progress on stderr, for long runs: the cost of this tenth and memory.
                    let us = tenth_spent.as_secs_f64() * 1e6 / tenth as f64;
                    tenth_spent = Duration::ZERO;
                    eprintln!(
                        "bench cluster: {done} articles, placing {us:.1} us per article in \
                         the last tenth, peak RSS {:.0} MiB, {} stories",
                        peak_rss_mb(),
                        clusterer.stories()
                    );
                    tenths.push(us);
                }
            },
        );
        signers = back;
        let spent = clock.elapsed();
        timed += spent;
        place_busy += spent;
        read_busy += reader.wall;
        read_cpu = read_cpu.zip(reader.cpu).map(|(a, b)| a + b);
        place_cpu = match (place_cpu, c0, pipeline::ahead::thread_cpu()) {
            (Some(p), Some(a), Some(b)) => Some(p + b.saturating_sub(a)),
            _ => None,
        };
        // The chunk's articles are freed while the clock runs.
        let t = Instant::now();
        drop(chunk);
        timed += t.elapsed();
    }
    let generated = generator.stories();
    let wall = wall.elapsed();
    // CPU time when both threads have it, else the busy wall time.
    let (read_t, place_t, clock) = match (read_cpu, place_cpu) {
        (Some(r), Some(p)) => (r, p, "CPU time"),
        _ => (read_busy, place_busy, "busy wall time"),
    };
    let secs = |d: Duration| d.as_secs_f64().max(1e-9);
    let rate = done as f64 / secs(timed);
    let stages = done as f64 / secs(read_t.max(place_t));
    let serial = done as f64 / secs(read_t + place_t);
    let rss = peak_rss_mb();
    let now = clusterer.assignments();
    let b = bcubed(&now, &stories);
    let b_arrival = bcubed(&arrival, &stories);
    let b_events = bcubed(&now, &events);
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for s in &now {
        *sizes.entry(*s).or_default() += 1;
    }
    let largest = sizes.values().copied().max().unwrap_or(0);
    // Pairs of articles of different generated stories put in one story, by whether the
    // two stories were made from the same source event (same wording, other names, numbers
    // and dates) or not.
    let (mut same_source, mut other_source) = (0usize, 0usize);
    {
        let mut by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, s) in now.iter().enumerate() {
            by.entry(*s).or_default().push(i);
        }
        for members in by.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if stories[i] != stories[j] {
                        if events[i] == events[j] {
                            same_source += 1;
                        } else {
                            other_source += 1;
                        }
                    }
                }
            }
        }
    }
    let us = |d: Duration, k: usize| d.as_secs_f64() * 1e6 / k.max(1) as f64;
    let first_us = tenths.first().copied().unwrap_or(0.0);
    let last_us = tenths.last().copied().unwrap_or(0.0);
    let distinct = |v: &[u32]| v.iter().collect::<std::collections::BTreeSet<_>>().len();
    let text = format!(
        "bench cluster: {done} articles (seed {}) through dedupe and clustering: \
         {rate:.0} articles/s by the wall clock (reading and placing on two threads, timed \
         from handing each chunk of {CHUNK} generated articles over to its last placement: \
         {:.2} s; generation {:.2} s with the clock stopped; {:.2} s in all), peak RSS \
         {rss:.0} MiB\n\
         threads by {clock}: reading {:.1} us, placing {:.1} us per article (signing is \
         shared between them): {stages:.0} articles/s on two threads (the busier one), \
         {serial:.0} articles/s on one\n\
        {} stories formed ({generated} generated from {} source events), {copies} copies found, \
         largest story {largest} articles\n\
         placing per article: dedupe {:.1} us, clustering {:.1} us (wall clock)\n\
         placing per article: first tenth {first_us:.1} us, last tenth {last_us:.1} us \
         (last/first {:.2})\n\
         placing per article by tenth (us): {}\n\
         BCubed against the generated stories: P {:.4} R {:.4} F1 {:.4} \
         (stories at arrival: P {:.4} R {:.4})\n\
         BCubed against the source events: P {:.4} R {:.4} F1 {:.4}\n\
         pairs of articles of different generated stories in one story: {same_source} from \
         one source event, {other_source} from two\n",
        opts.seed,
        timed.as_secs_f64(),
        generation.as_secs_f64(),
        wall.as_secs_f64(),
        us(read_t, done),
        us(place_t, done),
        clusterer.stories(),
        distinct(&events),
        us(in_dedupe, done),
        us(in_cluster, done),
        last_us / first_us.max(1e-9),
        tenths
            .iter()
            .map(|t| format!("{t:.0}"))
            .collect::<Vec<_>>()
            .join(" "),
        b.precision,
        b.recall,
        b.f1,
        b_arrival.precision,
        b_arrival.recall,
        b_events.precision,
        b_events.recall,
        b_events.f1,
    );
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    let round4 = |x: f64| (x * 1e4).round() / 1e4;
    Ok(Report {
        text,
        json: json!({
            "articles": done,
            "articles_per_s": rate.round(),
            "peak_rss_mb": rss.round(),
            "stories": clusterer.stories(),
            "generated_stories": generated,
            "stages_articles_per_s": stages.round(),
            "one_thread_articles_per_s": serial.round(),
            "read_us": round1(us(read_t, done)),
            "place_us": round1(us(place_t, done)),
            "dedupe_us": round1(us(in_dedupe, done)),
            "cluster_us": round1(us(in_cluster, done)),
            "first_tenth_us": round1(first_us),
            "last_tenth_us": round1(last_us),
            "largest_story": largest,
            "bcubed_p": round4(b.precision),
            "bcubed_r": round4(b.recall),
            "bcubed_f1": round4(b.f1),
            "tenth_ratio": round4(last_us / first_us.max(1e-9)),
            "event_bcubed_p": round4(b_events.precision),
        }),
    })
}

/// A number the generator put in an article's input (`bench#event-E#story-S`).
fn label(a: &Article, key: &str) -> u32 {
    a.input
        .split('#')
        .find_map(|p| p.strip_prefix(key))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Kinds of derived copies, and the change each one should report.
const COPY_KINDS: [(&str, &str); 5] = [
    ("cut", "paragraphs-cut"),
    ("reordered", "reordered"),
    ("headline", "headline"),
    ("boilerplate", "paragraphs-added"),
    ("attribution", "attribution-removed"),
];

/// `storyline bench copies --articles N`: copy detection on N real articles and copies
/// derived from them. Returns precision, recall and F1 of (copy, origin) pairs, and how often
/// the reported changes include the one made.
pub fn copies(n: usize, opts: &Options) -> Result<Report> {
    let mut bases = corpus::load_bases(&data_dir(opts))?;
    // News reports only (the extraction sets' texts are other kinds of pages too).
    bases.retain(|b| b.group.starts_with("ecbplus-") || b.group.starts_with("polnear-"));
    // Keep whole topics together so every origin meets unrelated articles of its topic.
    bases.sort_by(|a, b| a.group.cmp(&b.group));
    bases.truncate(n.max(1));
    let mut rng = SplitMix(opts.seed ^ 0xc0_9e5);
    let mut stream: Vec<(Article, Option<String>, Vec<&'static str>)> = Vec::new();
    for (i, b) in bases.iter().enumerate() {
        let origin = original(b, i);
        let oid = origin.id.clone();
        stream.push((origin.clone(), None, Vec::new()));
        // Half of the articles get one or two derived copies.
        if rng.below(2) == 0 {
            for c in 0..1 + rng.below(2) {
                let kind = rng.below(COPY_KINDS.len());
                let second = rng.below(COPY_KINDS.len());
                let kinds = if second == kind || rng.below(2) == 0 {
                    vec![kind]
                } else {
                    vec![kind, second]
                };
                let copy = derive(&origin, &kinds, &format!("{oid}-copy{c}"), &mut rng);
                let want: Vec<&'static str> = kinds.iter().map(|k| COPY_KINDS[*k].1).collect();
                stream.push((copy, Some(oid.clone()), want));
            }
        }
    }
    let mut d = dedupe::Deduper::new(dedupe::Config::default());
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let (mut changes_ok, mut changes_all) = (0usize, 0usize);
    let (mut wrong_origin, mut originals_flagged) = (0usize, 0usize);
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let t = Instant::now();
    for (a, truth, want) in &stream {
        let got = d.add(a);
        let found = got.is_some();
        match (got, truth) {
            (Some(c), Some(o)) if &c.origin == o => {
                tp += 1;
                changes_all += 1;
                if want.iter().all(|w| c.changes.iter().any(|x| x == w)) {
                    changes_ok += 1;
                }
            }
            (Some(_), Some(_)) => {
                fp += 1;
                fn_ += 1;
                wrong_origin += 1;
            }
            (Some(_), None) => {
                fp += 1;
                originals_flagged += 1;
            }
            (None, Some(_)) => fn_ += 1,
            (None, None) => {}
        }
        if truth.is_some() {
            for w in want {
                let e = per_kind.entry(w).or_default();
                e.1 += 1;
                if found {
                    e.0 += 1;
                }
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let prf = Prf::from_counts(tp, fp, fn_);
    let copies_n = stream.iter().filter(|s| s.1.is_some()).count();
    let mut text = format!(
        "bench copies: {} real articles (ECB+ and PolNeAR, seed {}), {copies_n} derived copies, \
         streamed by topic in {secs:.2} s\n\
         copy detection (copy and its origin): precision {:.4}  recall {:.4}  F1 {:.4}  \
         (tp {tp}, fp {fp}, fn {fn_}; {wrong_origin} copies given another origin, \
         {originals_flagged} real articles taken for copies)\n\
         changes reported correctly on {changes_ok} of {changes_all} detected copies\n",
        bases.len(),
        opts.seed,
        prf.precision,
        prf.recall,
        prf.f1
    );
    for (k, (found, all)) in &per_kind {
        text.push_str(&format!("  {k}: {found} of {all} copies found\n"));
    }
    Ok(Report {
        text,
        json: json!({
            "articles": bases.len(),
            "copies": copies_n,
            "precision": prf.precision,
            "recall": prf.recall,
            "f1": prf.f1,
            "changes_correct": if changes_all == 0 { 0.0 } else { changes_ok as f64 / changes_all as f64 },
        }),
    })
}

/// A real article as published: the base text, credited to a wire.
fn original(b: &Base, i: usize) -> Article {
    let mut a = Article::new(format!("o-{i:05}"), format!("copies#{}", b.group));
    a.title = Some(b.title.clone());
    a.paragraphs = b.paragraphs.iter().map(|p| p.join(" ")).collect();
    if let Some(p) = a.paragraphs.first_mut() {
        *p = format!("(Reuters) - {p}");
    }
    a
}

/// A copy of `origin` with the given transformations (indices into [`COPY_KINDS`]).
fn derive(origin: &Article, kinds: &[usize], id: &str, rng: &mut SplitMix) -> Article {
    let mut a = origin.clone();
    a.id = id.to_string();
    for k in kinds {
        match COPY_KINDS[*k].0 {
            "cut" if a.paragraphs.len() > 2 => {
                let keep = (a.paragraphs.len() * 2).div_ceil(3).max(2);
                a.paragraphs.truncate(keep);
            }
            "cut" => {
                a.paragraphs.pop();
            }
            "reordered" if a.paragraphs.len() > 2 => {
                let i = 1 + rng.below(a.paragraphs.len() - 2);
                a.paragraphs.swap(i, i + 1);
            }
            "reordered" => a.paragraphs.reverse(),
            "headline" => {
                let t = a.title.clone().unwrap_or_default();
                a.title = Some(format!("UPDATE: {t} - officials respond"));
            }
            "boilerplate" => {
                let at = 1 + rng.below(a.paragraphs.len());
                a.paragraphs.insert(
                    at.min(a.paragraphs.len()),
                    "Subscribe to our newsletter for the day's top stories, delivered every morning. Terms and privacy policy apply.".into(),
                );
            }
            _ => {
                if let Some(p) = a.paragraphs.first_mut() {
                    *p = p.replacen("(Reuters) - ", "", 1);
                }
            }
        }
    }
    a
}
