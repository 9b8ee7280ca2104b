//! Bytes -> text: strict UTF-8 for plain text (with a clear error that names the likely
//! charset), and the HTML charset rules for pages (BOM, HTTP header, `<meta>`, detection).

use encoding_rs::Encoding;

/// Decodes plain text: a BOM (UTF-8 or UTF-16) is honoured; otherwise the bytes must be UTF-8,
/// and the error says where they are not and which charset they look like.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!("invalid {} after its byte-order mark", enc.name()));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            let guess = det.guess(None, true);
            Err(format!(
                "not valid UTF-8 (first bad byte at offset {}); it looks like {}: convert it to UTF-8 (e.g. iconv -f {} -t UTF-8)",
                e.valid_up_to(),
                guess.name(),
                guess.name()
            ))
        }
    }
}

/// Decodes an HTML page. Charset precedence: byte-order mark, then `header_charset` (from an
/// HTTP `Content-Type`), then a `<meta>` declaration in the first 4 KB, then UTF-8 if the bytes
/// are valid UTF-8, then statistical detection. Returns the text and notes on what was done.
pub fn decode_html(bytes: &[u8], header_charset: Option<&str>) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (t, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (t.into_owned(), notes);
    }
    let declared = header_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()).map(|e| (e, "http-header")))
        .or_else(|| meta_charset(bytes).map(|e| (e, "meta")));
    let enc = match declared {
        // A page that declares a legacy charset but is valid UTF-8 is almost always mislabelled.
        Some((e, how))
            if e != encoding_rs::UTF_8
                && std::str::from_utf8(bytes).is_ok()
                && !bytes.is_ascii() =>
        {
            notes.push(format!(
                "charset {} declared by {how} but the bytes are UTF-8: read as UTF-8",
                e.name()
            ));
            encoding_rs::UTF_8
        }
        Some((e, _)) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            let e = det.guess(None, true);
            notes.push(format!("no charset declared: detected {}", e.name()));
            e
        }
    };
    // `decode` replaces malformed sequences; say so if any were met.
    let (t, _, had_errors) = enc.decode(bytes);
    if had_errors {
        notes.push(format!("malformed {} sequences replaced", enc.name()));
    }
    (t.into_owned(), notes)
}

/// The charset a page declares in `<meta charset=...>` or `<meta http-equiv content=...>`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(p) = find(&lower[at..], b"charset") {
        let mut i = at + p + b"charset".len();
        while i < lower.len() && matches!(lower[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len()
            && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_' | b':' | b'.'))
        {
            i += 1;
        }
        if i > start {
            if let Some(e) = Encoding::for_label(&lower[start..i]) {
                // A page served as UTF-16 cannot declare it in ASCII-compatible bytes.
                return Some(
                    if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                        encoding_rs::UTF_8
                    } else {
                        e
                    },
                );
            }
        }
        at = i.max(at + p + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `charset=` parameter of a `Content-Type` header value.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_by_meta() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<html><head><meta charset=\"windows-1251\"></head><body><p>Кремль заявил</p></body></html>");
        let (t, _) = decode_html(&bytes, None);
        assert!(t.contains("Кремль заявил"));
    }

    #[test]
    fn shift_jis_by_header_and_by_detection() {
        let text =
            "<html><body><p>東京で記者会見が行われました。政府は声明を発表した。</p></body></html>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let (t, _) = decode_html(&bytes, Some("Shift_JIS"));
        assert!(t.contains("記者会見"));
        let (t, notes) = decode_html(&bytes, None);
        assert!(t.contains("記者会見"), "{t}");
        assert!(notes.iter().any(|n| n.contains("detected")));
    }

    #[test]
    fn http_equiv_and_mislabelled_utf8() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>café</p>";
        let (t, notes) = decode_html(page.as_bytes(), None);
        assert!(t.contains("café"));
        assert!(notes[0].contains("UTF-8"));
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let (t, _) = decode_html(&bytes, None);
        assert!(t.contains("café"));
    }

    #[test]
    fn header_param() {
        assert_eq!(charset_param("text/html; charset=\"UTF-8\""), Some("UTF-8"));
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn utf16_text_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Hello".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&b).unwrap(), "Hello");
    }
}
