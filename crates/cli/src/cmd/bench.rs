//! `storyline bench ...`: throughput and peak memory on articles built from real text.

use crate::Outcome;
use clap::{Args as ClapArgs, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// The whole digest path (extract, dedupe, cluster, annotate, align) on N articles.
    Digest(BenchArgs),
    /// Dedupe and clustering alone on N articles.
    Cluster(BenchArgs),
    /// Copy detection: precision and recall on copies derived from N real articles (cut,
    /// reordered, re-headlined, boilerplate inserted) among unrelated same-topic articles.
    Copies(BenchArgs),
    /// Writes the generated articles the benches stream as JSON Lines (one
    /// `{"url","source","title","published","text"}` a line), e.g. to fill a store with
    /// `storyline ingest` and time it.
    Corpus(CorpusArgs),
}

#[derive(Debug, ClapArgs)]
pub struct CorpusArgs {
    #[command(flatten)]
    pub common: BenchArgs,
    /// The JSON Lines file to write.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, ClapArgs)]
pub struct BenchArgs {
    /// How many articles to stream.
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// The shared data folder the articles are built from.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Seed for the recombination of texts.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Print the result as JSON on the last line.
    #[arg(long)]
    pub json: bool,
}

/// One benchmark: article count and options in, report out.
type Bench = fn(usize, &eval::Options) -> eval::Result<eval::Report>;

pub fn run(cmd: BenchCmd) -> anyhow::Result<Outcome> {
    let (f, a): (Bench, BenchArgs) = match cmd {
        BenchCmd::Digest(a) => (eval::bench::digest, a),
        BenchCmd::Cluster(a) => (eval::bench::cluster, a),
        BenchCmd::Copies(a) => (eval::bench::copies, a),
        BenchCmd::Corpus(c) => return corpus(&c),
    };
    let opts = eval::Options {
        data: Some(a.data.clone()),
        seed: a.seed,
        ..Default::default()
    };
    super::eval::report(f(a.articles, &opts), a.json)
}

fn corpus(c: &CorpusArgs) -> anyhow::Result<Outcome> {
    use anyhow::Context;
    use std::io::Write;
    let a = &c.common;
    let bases = eval::corpus::load_bases(&a.data)
        .with_context(|| format!("reading texts under {}", a.data.display()))?;
    let file =
        std::fs::File::create(&c.out).with_context(|| format!("creating {}", c.out.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let mut n = 0usize;
    for article in eval::corpus::Generator::new(bases, a.articles, a.seed) {
        let line = serde_json::json!({
            "url": article.url,
            "source": article.source,
            "title": article.title,
            "published": article.published.map(|t| t.to_string()),
            "text": article.paragraphs.join("\n\n"),
        });
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
        n += 1;
    }
    out.flush()?;
    eprintln!("storyline: wrote {n} articles to {}", c.out.display());
    Ok(Outcome::Ok)
}
