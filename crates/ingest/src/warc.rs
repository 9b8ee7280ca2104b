//! WARC and WARC.gz (one gzip member per record, as CC-NEWS ships them), via the `warc` crate's
//! streaming reader: every HTTP `response` record whose payload is HTML becomes a document, with
//! its target URI and the WARC date as a fallback publication time. Other records are skipped.

use crate::decode::{charset_param, decode_html};
use crate::{err, Limits};
use model::{Document, Format, InputError, PubTime};
use std::io::{BufReader, Read};
use warc::{RecordType, WarcHeader, WarcReader};

pub(crate) fn read(
    name: &str,
    reader: Box<dyn Read + '_>,
    limits: Limits,
    sink: &mut dyn FnMut(Result<Document, InputError>),
) {
    let mut wr = WarcReader::new(BufReader::new(reader));
    let mut stream = wr.stream_records();
    let mut n = 0usize;
    let mut any = false;
    while let Some(item) = stream.next_item() {
        n += 1;
        let input = format!("{name}#record-{n}");
        let mut record = match item {
            Ok(r) => r,
            Err(e) => {
                // The stream cannot be resynchronised after a broken header or body.
                sink(Err(err(
                    &input,
                    format!("unreadable WARC record (truncated or corrupt): {e}"),
                )));
                return;
            }
        };
        any = true;
        if *record.warc_type() != RecordType::Response {
            continue;
        }
        let is_http = record
            .header(WarcHeader::ContentType)
            .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/http"));
        if !is_http {
            continue;
        }
        let uri = record
            .header(WarcHeader::TargetURI)
            .map(|s| s.trim_matches(|c| c == '<' || c == '>').to_string());
        let date = *record.date();
        let mut body = Vec::new();
        let cap = limits.max_document as u64;
        if let Err(e) = (&mut record).take(cap + 1).read_to_end(&mut body) {
            sink(Err(err(&input, format!("cannot read record body: {e}"))));
            return;
        }
        if body.len() as u64 > cap {
            sink(Err(err(
                &input,
                format!("record too large: over {} MB", cap >> 20),
            )));
            continue;
        }
        match http_html(&body, limits) {
            Ok(Some((html, notes))) => {
                let mut d = Document::new(input, Format::Html, html);
                d.url = uri;
                d.fetched = Some(PubTime::Zoned(date.fixed_offset()));
                d.notes = notes;
                sink(Ok(d));
            }
            Ok(None) => {}
            Err(e) => sink(Err(err(&input, e))),
        }
    }
    if !any {
        sink(Err(err(name, "no WARC records (empty or not a WARC file)")));
    }
}

/// Splits a raw HTTP response; returns the decoded HTML when it is a 2xx HTML response.
fn http_html(raw: &[u8], limits: Limits) -> Result<Option<(String, Vec<String>)>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 96];
    let mut resp = httparse::Response::new(&mut headers);
    let at = match resp.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP headers".into()),
        Err(e) => return Err(format!("bad HTTP response: {e}")),
    };
    if !resp.code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let header = |name: &str| {
        resp.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_string())
    };
    let ctype = header("content-type").unwrap_or_default();
    let lower = ctype.to_ascii_lowercase();
    if !(lower.is_empty() || lower.contains("html")) {
        return Ok(None);
    }
    let mut body = raw[at..].to_vec();
    let mut notes = Vec::new();
    if header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        if let Some(b) = dechunk(&body) {
            body = b;
        } else {
            notes.push("chunked body could not be decoded: read as is".into());
        }
    }
    if header("content-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("gzip")) {
        body = crate::read_bounded(
            flate2::read::MultiGzDecoder::new(&body[..]),
            limits.max_document,
        )?;
    }
    crate::check_content(&body)?;
    let (html, mut more) = decode_html(&body, charset_param(&ctype));
    notes.append(&mut more);
    Ok(Some((html, notes)))
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use crate::read_all;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn record(kind: &str, uri: &str, ctype: &str, payload: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-14T18:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            model::stable_hash(uri.as_bytes()),
            payload.len()
        )
        .into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(ctype: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn html_responses_become_documents_per_gzip_member() {
        let (cp1251, _, _) =
            encoding_rs::WINDOWS_1251.encode("<html><body><p>Кремль</p></body></html>");
        let records = [
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                b"software: test\r\n",
            ),
            record(
                "request",
                "https://a.example/1",
                "application/http; msgtype=request",
                b"GET /1 HTTP/1.1\r\n\r\n",
            ),
            record(
                "response",
                "https://a.example/1",
                "application/http; msgtype=response",
                &http("text/html; charset=windows-1251", &cp1251),
            ),
            record(
                "response",
                "https://a.example/img",
                "application/http; msgtype=response",
                &http("image/png", b"\x89PNG"),
            ),
        ];
        let mut file = Vec::new();
        for r in &records {
            let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(r).unwrap();
            file.extend(enc.finish().unwrap());
        }
        let out = read_all("cc.warc.gz", &file);
        assert_eq!(out.len(), 1, "{out:?}");
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.url.as_deref(), Some("https://a.example/1"));
        assert!(d.content.contains("Кремль"));
        assert_eq!(d.fetched.unwrap().to_string(), "2025-03-14T18:00:00Z");
        assert_eq!(d.input, "cc.warc.gz#record-3");
    }

    #[test]
    fn truncated_warc_reports_and_keeps_earlier_records() {
        let mut file = record(
            "response",
            "https://a.example/1",
            "application/http",
            &http("text/html", b"<p>One</p>"),
        );
        let second = record(
            "response",
            "https://a.example/2",
            "application/http",
            &http("text/html", b"<p>Two two two</p>"),
        );
        file.extend_from_slice(&second[..second.len() - 20]);
        let out = read_all("cut.warc", &file);
        assert!(out[0].is_ok());
        assert!(out.last().unwrap().is_err());
    }
}
