//! Dedupe alone on real text, for profiling: `cargo run --release -p dedupe --example
//! throughput -- [FOLDER] [ROUNDS]` reads the `.txt` files of FOLDER (default: the PolNeAR
//! train texts under `../shared/data`; first block the title, the others paragraphs) and
//! feeds them ROUNDS times (default 3), each round dropping a different paragraph, then prints
//! the cost per article and the copies found. Repeatable under `valgrind --tool=callgrind`.

use model::Article;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let folder = args.next().map_or_else(
        || PathBuf::from("../shared/data/quotes/polnear/data/train/text"),
        PathBuf::from,
    );
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        eprintln!("{}: not found; skipping", folder.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let texts: Vec<(String, Vec<String>)> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter_map(|t| {
            let mut blocks = t
                .split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty());
            let title = blocks.next()?;
            Some((title, blocks.collect()))
        })
        .collect();
    let mut d = dedupe::Deduper::default();
    let (mut copies, mut n) = (0usize, 0usize);
    let t = Instant::now();
    for r in 0..rounds {
        for (i, (title, paras)) in texts.iter().enumerate() {
            let mut a = Article::new(format!("{r}-{i}"), "throughput");
            a.title = Some(title.clone());
            a.paragraphs = paras.clone();
            if r > 0 && a.paragraphs.len() > 1 {
                a.paragraphs.remove(r % a.paragraphs.len());
            }
            copies += usize::from(d.add(&a).is_some());
            n += 1;
        }
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64;
    println!("{n} articles, {copies} copies, {us:.1} us per article");
}
