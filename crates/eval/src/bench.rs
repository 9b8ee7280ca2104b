//! `storyline bench`. (Being written.)

use crate::{Options, Report, Result};

/// `storyline bench digest --articles N`.
pub fn digest(_n: usize, _opts: &Options) -> Result<Report> {
    Err(crate::Error::Usage(
        "bench digest is not written yet".into(),
    ))
}

/// `storyline bench cluster --articles N`.
pub fn cluster(_n: usize, _opts: &Options) -> Result<Report> {
    Err(crate::Error::Usage(
        "bench cluster is not written yet".into(),
    ))
}
