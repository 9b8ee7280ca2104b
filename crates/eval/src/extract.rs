//! `storyline eval extract`. (Being written.)

use crate::{Options, Report, Result};
use std::path::Path;

pub fn run(dir: &Path, _opts: &Options) -> Result<Report> {
    crate::require_dir(dir)?;
    Err(crate::Error::Usage(
        "eval extract is not written yet".into(),
    ))
}
