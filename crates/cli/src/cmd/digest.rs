//! `storyline digest PATH... [--format md|json]`: read files and folders, print stories with
//! their articles. Inputs that cannot be read are reported (on stderr and in the JSON
//! `errors`) and the run goes on; the exit code is 1 when any input failed.

use crate::Outcome;
use clap::Args as ClapArgs;
use model::{Digest, InputError};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Files and folders (read recursively: .txt, .json, .jsonl, .html, .rss/.atom/.xml,
    /// .warc, each also gzipped).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// md (terminal view) or json.
    #[arg(long, default_value = "md", value_parser = ["md", "json"])]
    pub format: String,
}

/// Documents handed to the pipeline at once.
const BATCH: usize = 256;

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let mut p = pipeline::Pipeline::new(pipeline::Config::default());
    let mut errors: Vec<InputError> = Vec::new();
    let progress = super::Progress::new("reading");
    // Documents go in in batches: extracted on all cores, read ahead on a second thread.
    let mut batch: Vec<model::Document> = Vec::new();
    for path in &a.paths {
        ingest::read_path(path, &mut |r| {
            match r {
                Ok(doc) => {
                    batch.push(doc);
                    if batch.len() == BATCH {
                        p.add_documents(&batch);
                        batch.clear();
                    }
                }
                Err(e) => {
                    eprintln!("storyline: skipped {}: {}", e.input, e.error);
                    errors.push(e);
                }
            }
            progress.tick();
        });
    }
    p.add_documents(&batch);
    progress.finish();
    let mut d: Digest = p.into_digest();
    d.errors = errors;
    let out = match a.format.as_str() {
        "json" => serde_json::to_string_pretty(&d)? + "\n",
        _ => render::markdown::digest(&d),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(if d.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeInputsFailed
    })
}
