//! Dataset loaders and metrics behind `storyline eval` and `storyline bench`. Each dataset
//! module reads the layout under `../shared/data/` described in that folder's README and
//! scores the engine with the dataset's own metric. Every module exposes
//! `run(dir, &Options) -> Result<Report>`; the CLI prints [`Report::text`] and, with `--json`,
//! [`Report::json`] as the last line.

pub mod align;
pub mod bench;
pub mod cluster;
pub mod corpus;
pub mod ecbplus;
pub mod entities;
pub mod extract;
pub mod metrics;
pub mod quotes;
pub mod time;

use std::path::{Path, PathBuf};

/// Options shared by the eval commands; each task reads the ones it needs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Dataset name as given with `--dataset`.
    pub dataset: String,
    /// ECB+ topic selection: "dev", "train" or "all".
    pub topics: Option<String>,
    /// PolNeAR split: "train" or "dev".
    pub split: Option<String>,
    /// Shuffle the stream with this seed (clustering order stability).
    pub shuffle: Option<u64>,
    /// Score only the first N documents (quick runs).
    pub limit: Option<usize>,
    /// The shared data folder (default `../shared/data`), for benches that build their
    /// articles from several datasets.
    pub data: Option<PathBuf>,
    /// A seed for benches that generate data.
    pub seed: u64,
}

/// What an evaluation or benchmark prints: a human table and one JSON record.
#[derive(Debug, Clone)]
pub struct Report {
    pub text: String,
    pub json: serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset folder is absent: evals skip with this message.
    #[error("dataset not found at {0} (see ../shared/data/README.md); skipping")]
    Missing(PathBuf),
    /// The user asked for something this task does not do.
    #[error("{0}")]
    Usage(String),
    /// The data is there but not in the expected layout.
    #[error("bad dataset file {path}: {msg}")]
    Data { path: PathBuf, msg: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

/// Reads a file, naming it in the error.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a file that may be gzipped (by its `.gz` ending), naming it in the error.
pub fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
    let raw = read(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Fails with [`Error::Missing`] when `dir` does not exist.
pub fn require_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(Error::Missing(dir.to_path_buf()))
    }
}
