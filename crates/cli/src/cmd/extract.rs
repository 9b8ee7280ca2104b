//! `storyline extract PATH... [--format json|md]`. (Being written.)

use crate::Outcome;
use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Files and folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// json or md.
    #[arg(long, default_value = "json")]
    pub format: String,
}

pub fn run(_a: Args) -> anyhow::Result<Outcome> {
    anyhow::bail!("not written yet")
}
