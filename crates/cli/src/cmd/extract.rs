//! `storyline extract PATH... [--format json|md]`: one article record per input document,
//! with the same fields as the digest's `articles` (JSON Lines with `--format json`).

use crate::Outcome;
use clap::Args as ClapArgs;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Files and folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// json (one record per line) or md.
    #[arg(long, default_value = "json", value_parser = ["json", "md"])]
    pub format: String,
}

pub fn run(a: Args) -> anyhow::Result<Outcome> {
    let mut failed = false;
    let mut stdout = std::io::stdout().lock();
    let mut result = Ok(());
    for path in &a.paths {
        ingest::read_path(path, &mut |r| {
            if result.is_err() {
                return;
            }
            match r {
                Ok(doc) => {
                    let article = extract::extract(&doc);
                    let text = match a.format.as_str() {
                        "md" => render::markdown::story(
                            &model::Story::new("-", article.title.clone().unwrap_or_default()),
                            &[&article],
                        ),
                        _ => serde_json::to_string(&article).unwrap_or_default() + "\n",
                    };
                    result = stdout.write_all(text.as_bytes());
                }
                Err(e) => {
                    failed = true;
                    eprintln!("storyline: skipped {}: {}", e.input, e.error);
                }
            }
        });
    }
    result?;
    stdout.flush()?;
    Ok(if failed {
        Outcome::SomeInputsFailed
    } else {
        Outcome::Ok
    })
}
