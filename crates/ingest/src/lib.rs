//! Readers: turn files, folders and uploads into [`model::Document`]s, one per article-like
//! unit (a text file, a JSON Lines record, an HTML page, a feed item, a WARC response record).
//!
//! Reading never stops at a bad input: every document that cannot be read becomes one
//! [`model::InputError`] naming it (`path`, `path#line-7`, `path#record-3`) and the reader goes
//! on. Every size is bounded ([`Limits`]): a huge file, a 50 MB line or a gzip bomb is an error
//! for that input, never an out-of-memory.
//!
//! ```
//! let mut docs = Vec::new();
//! ingest::read_bytes("note.txt", b"Title\n\nBody text.", &mut |r| docs.push(r));
//! let doc = docs.pop().unwrap().unwrap();
//! assert_eq!(doc.format, model::Format::Text);
//! assert_eq!(doc.input, "note.txt");
//! ```

mod decode;
mod feed;
mod jsonl;
mod warc;

pub use decode::{decode_html, decode_text};

use model::{Document, Format, InputError};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Size bounds. Defaults suit news: an article page is rarely over a few MB.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest single document (a text file, an HTML page, a record), after decompression.
    pub max_document: usize,
    /// Largest container (a feed file) read whole, after decompression.
    pub max_container: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_document: 16 << 20,
            max_container: 256 << 20,
        }
    }
}

/// What a file holds, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Json,
    JsonLines,
    Html,
    Feed,
    Warc,
}

/// The kind of a file from its extension (a trailing `.gz` is looked through), or `None` when
/// storyline does not read that extension.
pub fn kind_of(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = base.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "txt" | "text" => Kind::Text,
        "json" => Kind::Json,
        "jsonl" | "ndjson" => Kind::JsonLines,
        "html" | "htm" | "xhtml" => Kind::Html,
        "rss" | "atom" | "xml" | "feed" => Kind::Feed,
        "warc" => Kind::Warc,
        _ => return None,
    })
}

/// The files under `path` that storyline reads, sorted (a file named directly is always read).
pub fn files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if path.is_dir() {
        walk(path, &mut out)?;
        out.sort();
    } else {
        // Surfaces "not found" and permission errors now.
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let ft = e.file_type()?;
        if ft.is_dir() {
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            if !hidden {
                walk(&p, out)?;
            }
        } else if ft.is_file() && kind_of(&e.file_name().to_string_lossy()).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads a file or a folder (recursively), calling `sink` once per document or failed input.
pub fn read_path(path: &Path, sink: &mut dyn FnMut(Result<Document, InputError>)) {
    read_path_with(path, Limits::default(), sink)
}

/// [`read_path`] with explicit limits.
pub fn read_path_with(
    path: &Path,
    limits: Limits,
    sink: &mut dyn FnMut(Result<Document, InputError>),
) {
    match files(path) {
        Ok(files) => {
            for f in files {
                read_file(&f, limits, sink);
            }
        }
        Err(e) => sink(Err(err(
            &path.display().to_string(),
            format!("cannot read: {e}"),
        ))),
    }
}

fn read_file(path: &Path, limits: Limits, sink: &mut dyn FnMut(Result<Document, InputError>)) {
    let name = path.display().to_string();
    let kind = kind_of(&name).unwrap_or(Kind::Text);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(Err(err(&name, format!("cannot open: {e}")))),
    };
    let gz = name.to_ascii_lowercase().ends_with(".gz");
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(std::io::BufReader::new(
            file,
        )))
    } else {
        Box::new(file)
    };
    read_stream(&name, kind, reader, limits, sink)
}

/// Reads an in-memory upload; the format comes from `name`'s extension (plain text if none).
pub fn read_bytes(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Result<Document, InputError>)) {
    let kind = kind_of(name).unwrap_or(Kind::Text);
    let reader: Box<dyn Read + '_> = if name.to_ascii_lowercase().ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    };
    read_stream(name, kind, reader, Limits::default(), sink)
}

fn read_stream(
    name: &str,
    kind: Kind,
    reader: Box<dyn Read + '_>,
    limits: Limits,
    sink: &mut dyn FnMut(Result<Document, InputError>),
) {
    match kind {
        Kind::JsonLines => jsonl::read_lines(name, reader, limits, sink),
        Kind::Warc => warc::read(name, reader, limits, sink),
        Kind::Text | Kind::Html | Kind::Json | Kind::Feed => {
            let cap = if kind == Kind::Feed || kind == Kind::Json {
                limits.max_container
            } else {
                limits.max_document
            };
            let bytes = match read_bounded(reader, cap) {
                Ok(b) => b,
                Err(e) => return sink(Err(err(name, e))),
            };
            if let Err(e) = check_content(&bytes) {
                return sink(Err(err(name, e)));
            }
            match kind {
                Kind::Text => sink(
                    decode_text(&bytes)
                        .map(|t| Document::new(name, Format::Text, t))
                        .map_err(|e| err(name, e)),
                ),
                Kind::Html => {
                    let (html, notes) = decode_html(&bytes, None);
                    let mut d = Document::new(name, Format::Html, html);
                    d.notes = notes;
                    sink(Ok(d))
                }
                Kind::Json => jsonl::read_json(name, &bytes, sink),
                _ => feed::read(name, &bytes, sink),
            }
        }
    }
}

/// Reads at most `cap` bytes; more is an error (this is also what stops a gzip bomb).
pub(crate) fn read_bounded(reader: impl Read, cap: usize) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    match reader.take(cap as u64 + 1).read_to_end(&mut buf) {
        Ok(_) if buf.len() > cap => Err(format!(
            "too large: more than {} MB (after decompression); the limit is {} MB",
            cap >> 20,
            cap >> 20
        )),
        Ok(_) => Ok(buf),
        Err(e)
            if e.kind() == std::io::ErrorKind::InvalidData
                || e.kind() == std::io::ErrorKind::InvalidInput =>
        {
            Err(format!("corrupt or truncated compressed data: {e}"))
        }
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Err(format!("truncated: {e}")),
        Err(e) => Err(format!("read error: {e}")),
    }
}

/// Rejects empty and binary content with a clear reason.
pub(crate) fn check_content(bytes: &[u8]) -> Result<(), String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(if bytes.is_empty() {
            "empty file".into()
        } else {
            "blank file (only white space)".into()
        });
    }
    let head = &bytes[..bytes.len().min(8192)];
    // UTF-16 text has NULs but a BOM; accept it, the decoder handles it.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 {
        let nul = head.iter().filter(|&&b| b == 0).count();
        let control = head
            .iter()
            .filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b) && b != 0x1B)
            .count();
        if nul > 0 || control * 10 > head.len() {
            return Err(
                "binary content, not text (NUL or control bytes); is this the right file?".into(),
            );
        }
    }
    Ok(())
}

pub(crate) fn err(input: &str, error: impl Into<String>) -> InputError {
    InputError {
        input: input.to_string(),
        error: error.into(),
    }
}

/// Every result of reading an in-memory input, for tests.
#[cfg(test)]
pub(crate) fn read_all(name: &str, bytes: &[u8]) -> Vec<Result<Document, InputError>> {
    let mut out = Vec::new();
    read_bytes(name, bytes, &mut |r| out.push(r));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use read_all as read;

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_of("a/b.TXT"), Some(Kind::Text));
        assert_eq!(kind_of("x.jsonl.gz"), Some(Kind::JsonLines));
        assert_eq!(kind_of("x.warc.gz"), Some(Kind::Warc));
        assert_eq!(kind_of("feed.rss"), Some(Kind::Feed));
        assert_eq!(kind_of("NOTICE"), None);
        assert_eq!(kind_of("a.png"), None);
    }

    #[test]
    fn empty_binary_and_invalid_utf8_are_errors() {
        let e = read("a.txt", b"").pop().unwrap().unwrap_err();
        assert!(e.error.contains("empty"), "{}", e.error);
        let e = read("a.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .pop()
            .unwrap()
            .unwrap_err();
        assert!(e.error.contains("binary"), "{}", e.error);
        let e = read("a.txt", b"caf\xe9 au lait \xff\xfe ok")
            .pop()
            .unwrap()
            .unwrap_err();
        assert!(e.error.contains("UTF-8"), "{}", e.error);
        assert_eq!(e.input, "a.txt");
    }

    #[test]
    fn gzip_bomb_is_bounded() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b'a'; 1 << 20];
        for _ in 0..40 {
            enc.write_all(&zeros).unwrap();
        }
        let gz = enc.finish().unwrap();
        assert!(gz.len() < 200_000);
        let e = read("bomb.html.gz", &gz).pop().unwrap().unwrap_err();
        assert!(e.error.contains("too large"), "{}", e.error);
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(
            "Some text that is long enough to compress. "
                .repeat(200)
                .as_bytes(),
        )
        .unwrap();
        let gz = enc.finish().unwrap();
        let e = read("cut.txt.gz", &gz[..gz.len() / 2])
            .pop()
            .unwrap()
            .unwrap_err();
        assert!(
            e.error.contains("truncated") || e.error.contains("corrupt"),
            "{}",
            e.error
        );
    }
}
