//! Embeds each line of standard input and prints one JSON array per line (for offline analysis
//! of what the embeddings separate): `embed_lines MODEL_DIR < texts.txt > vectors.jsonl`.

use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .ok_or("usage: embed_lines MODEL_DIR < lines")?;
    let e = embed::Embedder::load(std::path::Path::new(&dir))?;
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in std::io::stdin().lock().lines() {
        let v = e.try_embed(&line?)?;
        writeln!(out, "{}", serde_json::to_string(&v)?)?;
    }
    Ok(())
}
