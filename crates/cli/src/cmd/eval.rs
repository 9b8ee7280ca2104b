//! `storyline eval ...`: score the engine on the datasets in `../shared/data/`.

use crate::Outcome;
use clap::{Args as ClapArgs, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum EvalCmd {
    /// Story clustering on ECB+: BCubed P/R/F1 and ARI against (topic, ecb|ecbplus).
    Cluster(ClusterArgs),
    /// Article extraction: aeb (ScrapingHub), trafilatura (its eval set), wcxb (dev articles).
    Extract(Common),
    /// Entity spans on MEANTIME, per type, exact and partial.
    Entities(Common),
    /// Quote attribution on PolNeAR: source, cue, content spans.
    Quotes(Common),
    /// Time expressions on TempEval-3 TimeML: span and value F1.
    Time(Common),
    /// Claim alignment on ECB+ annotated sentences, beside a same-lemma baseline.
    Align(Common),
}

#[derive(Debug, ClapArgs)]
pub struct Common {
    /// The dataset's name.
    #[arg(long)]
    pub dataset: String,
    /// The dataset's folder.
    pub dir: PathBuf,
    /// ECB+ topics: dev, train or all.
    #[arg(long)]
    pub topics: Option<String>,
    /// PolNeAR split: train or dev.
    #[arg(long)]
    pub split: Option<String>,
    /// Shuffle the document stream with this seed.
    #[arg(long)]
    pub shuffle: Option<u64>,
    /// Only the first N documents.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print the result as JSON on the last line.
    #[arg(long)]
    pub json: bool,
}

/// `eval cluster`: the common options, plus sentence embeddings in the `embeddings` build.
#[derive(Debug, ClapArgs)]
pub struct ClusterArgs {
    #[command(flatten)]
    pub common: Common,
    /// Mix sentence embeddings into the clustering, with the model in this folder (fetched
    /// by scripts/setup-embeddings.sh; needs a build with `--features embeddings`).
    #[arg(long, value_name = "MODEL_DIR", hide = !cfg!(feature = "embeddings"))]
    pub embeddings: Option<PathBuf>,
    /// Share of each similarity taken from the embeddings' cosine (0..1); a comma list
    /// scores each weight in turn over the same embeddings.
    #[arg(
        long,
        value_name = "W",
        value_delimiter = ',',
        requires = "embeddings",
        hide = !cfg!(feature = "embeddings")
    )]
    pub embedding_weight: Vec<f32>,
}

/// One evaluation: dataset folder and options in, report out.
type Task = fn(&std::path::Path, &eval::Options) -> eval::Result<eval::Report>;

pub fn run(cmd: EvalCmd) -> anyhow::Result<Outcome> {
    let (task, c): (Task, Common) = match cmd {
        EvalCmd::Cluster(a) => return cluster(a),
        EvalCmd::Extract(c) => (eval::extract::run, c),
        EvalCmd::Entities(c) => (eval::entities::run, c),
        EvalCmd::Quotes(c) => (eval::quotes::run, c),
        EvalCmd::Time(c) => (eval::time::run, c),
        EvalCmd::Align(c) => (eval::align::run, c),
    };
    report(task(&c.dir, &options(&c)), c.json)
}

/// `eval cluster`, with sentence embeddings when `--embeddings` is given.
fn cluster(a: ClusterArgs) -> anyhow::Result<Outcome> {
    let embeddings = a.embeddings.map(|model| eval::cluster::Embeddings {
        model,
        weights: a.embedding_weight,
    });
    let c = a.common;
    let r = eval::cluster::run_with(&c.dir, &options(&c), embeddings.as_ref());
    report(r, c.json)
}

fn options(c: &Common) -> eval::Options {
    eval::Options {
        dataset: c.dataset.clone(),
        topics: c.topics.clone(),
        split: c.split.clone(),
        shuffle: c.shuffle,
        limit: c.limit,
        data: None,
        seed: c.shuffle.unwrap_or(0),
    }
}

/// Prints a report (table, then JSON as the last line when asked); a missing dataset is a skip.
pub fn report(r: eval::Result<eval::Report>, json: bool) -> anyhow::Result<Outcome> {
    match r {
        Ok(rep) => {
            print!("{}", rep.text);
            if !rep.text.ends_with('\n') {
                println!();
            }
            if json {
                println!("{}", serde_json::to_string(&rep.json)?);
            }
            Ok(Outcome::Ok)
        }
        Err(e @ eval::Error::Missing(_)) => {
            eprintln!("{e}");
            Ok(Outcome::Skipped)
        }
        Err(e) => Err(e.into()),
    }
}
