//! The `storyline` binary: argument parsing, progress, exit codes.
//!
//! Exit codes: 0 success; 1 some inputs failed (the rest were processed); 2 usage or fatal
//! error; 3 a dataset needed by an eval is missing (the eval was skipped).

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// storyline: many reports of the same events in, one dossier per story out.
#[derive(Debug, Parser)]
#[command(name = "storyline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read articles (files and folders) and print stories with their articles.
    Digest(cmd::digest::Args),
    /// Extract each input document and print one article record per document.
    Extract(cmd::extract::Args),
    /// Score the engine on a public dataset (see ../shared/data/README.md).
    #[command(subcommand)]
    Eval(cmd::eval::EvalCmd),
    /// Benchmarks: throughput and peak memory.
    #[command(subcommand)]
    Bench(cmd::bench::BenchCmd),
    /// Add articles to the embedded store.
    Ingest(cmd::store::IngestArgs),
    /// List stored stories.
    Stories(cmd::store::StoriesArgs),
    /// Show one stored story.
    Show(cmd::store::ShowArgs),
    /// Full-text search over stored articles and claims.
    Search(cmd::store::SearchArgs),
    /// Serve the HTTP JSON API and the web page.
    Serve(cmd::store::ServeArgs),
}

/// Outcome of a command: success, or some inputs failed (exit 1), or a dataset was missing.
pub enum Outcome {
    Ok,
    SomeInputsFailed,
    Skipped,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Digest(a) => cmd::digest::run(a),
        Command::Extract(a) => cmd::extract::run(a),
        Command::Eval(c) => cmd::eval::run(c),
        Command::Bench(c) => cmd::bench::run(c),
        Command::Ingest(a) => cmd::store::ingest(a),
        Command::Stories(a) => cmd::store::stories(a),
        Command::Show(a) => cmd::store::show(a),
        Command::Search(a) => cmd::store::search(a),
        Command::Serve(a) => cmd::store::serve(a),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::SomeInputsFailed) => ExitCode::from(1),
        Ok(Outcome::Skipped) => ExitCode::from(3),
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
