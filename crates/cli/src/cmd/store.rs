//! `storyline ingest | stories | show | search | serve`: the embedded store. (Being written:
//! see issue 7.)

use crate::Outcome;
use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(Debug, ClapArgs)]
pub struct IngestArgs {
    /// Files and folders to add.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The store file.
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
}

#[derive(Debug, ClapArgs)]
pub struct StoriesArgs {
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    /// Only stories updated since this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only stories matching this text.
    #[arg(long)]
    pub query: Option<String>,
}

#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    /// The story id.
    pub story: String,
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    /// md, json or html.
    #[arg(long, default_value = "md")]
    pub format: String,
}

#[derive(Debug, ClapArgs)]
pub struct SearchArgs {
    pub query: String,
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
}

#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    #[arg(long, default_value = "storyline.db")]
    pub db: PathBuf,
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
}

fn not_yet() -> anyhow::Result<Outcome> {
    anyhow::bail!("the store commands are not written yet")
}

pub fn ingest(_a: IngestArgs) -> anyhow::Result<Outcome> {
    not_yet()
}
pub fn stories(_a: StoriesArgs) -> anyhow::Result<Outcome> {
    not_yet()
}
pub fn show(_a: ShowArgs) -> anyhow::Result<Outcome> {
    not_yet()
}
pub fn search(_a: SearchArgs) -> anyhow::Result<Outcome> {
    not_yet()
}
pub fn serve(_a: ServeArgs) -> anyhow::Result<Outcome> {
    not_yet()
}
