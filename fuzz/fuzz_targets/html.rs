//! Fuzz target: HTML extraction never panics and keeps its invariants on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use model::{Document, Format};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data).into_owned();
    let doc = Document::new("fuzz", Format::Html, html);
    let a = extract::html::extract(&doc);
    // Spans into the body stay valid.
    let body = a.body();
    for s in a.paragraph_spans() {
        assert!(body.get(s.start..s.end).is_some());
    }
    assert!(a.paragraphs.iter().all(|p| !p.is_empty()));
});
