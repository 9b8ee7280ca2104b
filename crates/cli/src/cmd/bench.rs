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
    };
    let opts = eval::Options {
        data: Some(a.data.clone()),
        seed: a.seed,
        ..Default::default()
    };
    super::eval::report(f(a.articles, &opts), a.json)
}
