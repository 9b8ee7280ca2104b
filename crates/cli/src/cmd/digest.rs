//! `storyline digest PATH... [--format md|json]`. (Being written.)

use crate::Outcome;
use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Files and folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// md (terminal view) or json.
    #[arg(long, default_value = "md")]
    pub format: String,
}

pub fn run(_a: Args) -> anyhow::Result<Outcome> {
    anyhow::bail!("not written yet")
}
