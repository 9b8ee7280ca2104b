//! Where the digest time goes: streams N generated articles (the `bench digest` corpus)
//! through the pipeline, times each stage on one thread, prints the story sizes, and writes
//! the digest JSON (for before/after comparisons).
//!
//! `cargo run --release -p pipeline --example stages -- 2000 ../shared/data /tmp/digest.json`;
//! `... --example stages -- bench 10000 ../shared/data` runs `storyline bench digest`.

use std::collections::BTreeMap;
use std::time::Duration;

/// CPU time of this thread: the machine is shared, so wall time says little.
fn thread_cpu() -> Duration {
    pipeline::ahead::thread_cpu().unwrap_or_default()
}

/// CPU time of the whole process, all threads (from `/proc/self/stat`, in clock ticks).
fn process_cpu() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// A stopwatch on this thread's CPU time.
struct Instant(Duration);

impl Instant {
    fn now() -> Instant {
        Instant(thread_cpu())
    }
    fn elapsed(&self) -> Duration {
        thread_cpu().saturating_sub(self.0)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("bench") {
        // Exactly what `storyline bench digest --articles N --data DIR` runs.
        let n: usize = std::env::args().nth(2).map_or(Ok(10_000), |a| a.parse())?;
        let data = std::env::args()
            .nth(3)
            .unwrap_or_else(|| "../shared/data".into());
        let opts = eval::Options {
            data: Some(data.into()),
            seed: 7,
            ..Default::default()
        };
        print!("{}", eval::bench::digest(n, &opts)?.text);
        return Ok(());
    }
    let n: usize = args.next().map_or(Ok(2000), |a| a.parse())?;
    let data = args.next().unwrap_or_else(|| "../shared/data".into());
    let out = args.next();
    let bases = eval::corpus::load_bases(std::path::Path::new(&data))?;
    let articles: Vec<model::Article> = eval::corpus::Generator::new(bases, n, 7).collect();

    let mut p = pipeline::Pipeline::new(pipeline::Config::default());
    let t = Instant::now();
    for a in articles {
        p.add_article(a);
    }
    let add = t.elapsed();

    // Stories and their members, in arrival order.
    let mut members: BTreeMap<String, Vec<&model::Article>> = BTreeMap::new();
    for a in p.articles() {
        let s = p.story_of(&a.id).unwrap_or_default();
        members.entry(s).or_default().push(a);
    }
    let mut sizes: Vec<usize> = members.values().map(Vec::len).collect();
    sizes.sort_unstable();

    let t = Instant::now();
    let ann: BTreeMap<&str, model::Annotations> = p
        .articles()
        .map(|a| (a.id.as_str(), annotate::annotate(a)))
        .collect();
    let annotate_t = t.elapsed();

    let (mut resolve_t, mut claims_t, mut align_t) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut n_claims = Vec::new();
    for ms in members.values() {
        let items: Vec<(&model::Article, &model::Annotations)> =
            ms.iter().map(|a| (*a, &ann[a.id.as_str()])).collect();
        let t = Instant::now();
        let _ = annotate::resolve_story(&items);
        resolve_t += t.elapsed();
        let origins: Vec<String> = ms
            .iter()
            .map(|a| a.duplicate_of.clone().unwrap_or_else(|| a.id.clone()))
            .collect();
        let sa: Vec<align::StoryArticle<'_>> = ms
            .iter()
            .zip(&origins)
            .map(|(a, o)| align::StoryArticle {
                article: a,
                annotations: &ann[a.id.as_str()],
                origin: o,
            })
            .collect();
        let t = Instant::now();
        let c = align::story_claims(&sa);
        claims_t += t.elapsed();
        n_claims.push(c.len());
        let t = Instant::now();
        let _ = align::align_story(&sa);
        align_t += t.elapsed();
    }
    n_claims.sort_unstable();
    let t = process_cpu();
    let d = p.digest();
    let digest_t = process_cpu().saturating_sub(t);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{n} articles, {} stories; sizes: median {} p90 {} p99 {} max {}; claims per story: median {} p99 {} max {}",
        sizes.len(),
        sizes[sizes.len() / 2],
        sizes[sizes.len() * 9 / 10],
        sizes[sizes.len() * 99 / 100],
        sizes[sizes.len() - 1],
        n_claims[n_claims.len() / 2],
        n_claims[n_claims.len() * 99 / 100],
        n_claims[n_claims.len() - 1],
    );
    println!(
        "CPU time, one thread: add {:.0} ms, annotate {:.0} ms, resolve_story {:.0} ms, align_story {:.0} ms (of which story_claims {:.0} ms)",
        ms(add),
        ms(annotate_t),
        ms(resolve_t),
        ms(align_t),
        ms(claims_t)
    );
    println!(
        "digest (all threads, annotations recomputed): {:.0} ms CPU",
        ms(digest_t)
    );
    println!(
        "end to end: {:.0} articles per CPU-second",
        n as f64 / (add + digest_t).as_secs_f64()
    );
    if let Some(path) = out {
        let json = serde_json::to_string_pretty(&d)?;
        std::fs::write(&path, json)?;
        println!("digest written to {path}");
    }
    Ok(())
}
