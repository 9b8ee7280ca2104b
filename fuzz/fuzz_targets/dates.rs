//! Fuzz target: the date parser and the date finder never panic, and found spans point into
//! the input on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = extract::dates::parse_datetime(&text);
    if let Some((_, span)) = extract::dates::find_date(&text) {
        assert!(text.get(span.start..span.end).is_some());
    }
});
