//! Replays the alignment of a digest: reads a digest JSON (`storyline digest --format json`,
//! or the file `cargo run --release -p pipeline --example stages` writes), annotates its
//! articles (or reads the annotations a previous run saved, so the input stays fixed while
//! annotators change), runs [`align::align_story`] on every story, writes each story's
//! alignment as one JSON line and prints the CPU time alignment took. Two runs, before and
//! after a change to this crate, must write the same bytes:
//! `cargo run --release -p align --example replay -- digest.json annotations.json out.jsonl [STORIES]`.

use std::collections::BTreeMap;
use std::time::Duration;

/// CPU time of this thread (the machine is shared, so wall time says little).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: replay DIGEST.json ANNOTATIONS.json OUT.jsonl [STORIES]";
    let path = args.next().ok_or(usage)?;
    let cache = args.next().ok_or(usage)?;
    let out_path = args.next().ok_or(usage)?;
    let limit: usize = args.next().map_or(Ok(usize::MAX), |a| a.parse())?;
    let digest: model::Digest = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let by_id: BTreeMap<&str, &model::Article> =
        digest.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let stories: Vec<&model::Story> = digest.stories.iter().take(limit).collect();
    let annotations: BTreeMap<String, model::Annotations> = match std::fs::read_to_string(&cache) {
        Ok(s) => serde_json::from_str(&s)?,
        Err(_) => {
            let a: BTreeMap<String, model::Annotations> = digest
                .articles
                .iter()
                .map(|a| (a.id.clone(), annotate::annotate(a)))
                .collect();
            std::fs::write(&cache, serde_json::to_string(&a)?)?;
            a
        }
    };
    let none = model::Annotations::default();
    let mut out = String::new();
    let (mut spent, mut n_articles) = (Duration::ZERO, 0);
    for story in &stories {
        let members: Vec<&model::Article> = story
            .articles
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let origins: Vec<&str> = members
            .iter()
            .map(|a| a.duplicate_of.as_deref().unwrap_or(&a.id))
            .collect();
        let items: Vec<align::StoryArticle<'_>> = members
            .iter()
            .zip(&origins)
            .map(|(a, o)| align::StoryArticle {
                article: a,
                annotations: annotations.get(&a.id).unwrap_or(&none),
                origin: o,
            })
            .collect();
        n_articles += items.len();
        let t = thread_cpu();
        let a = align::align_story(&items);
        spent += thread_cpu().saturating_sub(t);
        let line = serde_json::json!({
            "story": story.id,
            "claims": a.claims,
            "contradictions": a.contradictions,
            "brief": a.brief,
            "events": a.events,
            "novel_claims": a.novel_claims,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(&out_path, out)?;
    println!(
        "{} stories, {n_articles} articles: align_story {:.0} ms CPU ({:.1} us an article)",
        stories.len(),
        spent.as_secs_f64() * 1e3,
        spent.as_secs_f64() * 1e6 / n_articles.max(1) as f64,
    );
    Ok(())
}
