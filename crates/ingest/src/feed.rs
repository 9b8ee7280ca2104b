//! RSS 2.0 / RSS 1.0 / Atom / JSON Feed files (via `feed-rs`): each item becomes a document
//! with its link, date and author; an item with only a summary is flagged `partial`.

use crate::err;
use model::{Document, Format, InputError, PubTime};

pub(crate) fn read(name: &str, bytes: &[u8], sink: &mut dyn FnMut(Result<Document, InputError>)) {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return sink(Err(err(name, format!("not a readable RSS/Atom feed: {e}")))),
    };
    if feed.entries.is_empty() {
        return sink(Err(err(name, "the feed has no items")));
    }
    let feed_title = feed.title.as_ref().map(|t| t.content.trim().to_string());
    for (i, e) in feed.entries.into_iter().enumerate() {
        let input = format!("{name}#item-{}", i + 1);
        let (content, partial, ctype) = match (
            e.content.as_ref().and_then(|c| c.body.clone()),
            e.summary.as_ref(),
        ) {
            (Some(body), _) if !body.trim().is_empty() => {
                let ct = e
                    .content
                    .as_ref()
                    .map(|c| c.content_type.to_string())
                    .unwrap_or_default();
                (body, false, ct)
            }
            (_, Some(s)) if !s.content.trim().is_empty() => {
                (s.content.clone(), true, s.content_type.to_string())
            }
            _ => {
                sink(Err(err(
                    &input,
                    "feed item has neither content nor summary",
                )));
                continue;
            }
        };
        let format = if ctype.starts_with("text/plain") && !content.contains('<') {
            Format::Text
        } else {
            Format::Html
        };
        let mut d = Document::new(input, format, content);
        d.partial = partial;
        d.title = e
            .title
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty());
        d.url = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.clone());
        let names: Vec<String> = e.authors.iter().filter_map(person_name).collect();
        if !names.is_empty() {
            d.byline = Some(names.join(", "));
        }
        d.published = e
            .published
            .or(e.updated)
            .map(|t| PubTime::Zoned(t.fixed_offset()));
        if partial {
            d.notes
                .push("feed item carries a summary only: body is partial".into());
        }
        if let Some(t) = &feed_title {
            d.notes.push(format!("from feed {t:?}"));
        }
        sink(Ok(d));
    }
}

/// A person's display name: the name, or the part in parentheses of an RSS `email (Name)`.
fn person_name(p: &feed_rs::model::Person) -> Option<String> {
    let raw = p.name.as_deref().or(p.email.as_deref())?.trim();
    let name = match (raw.find('('), raw.rfind(')')) {
        (Some(a), Some(b)) if a < b => raw[a + 1..b].trim(),
        _ if raw.contains('@') => return None,
        _ => raw,
    };
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use crate::read_all;

    #[test]
    fn rss_items_become_documents() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Talks resume</title><link>https://wire.example/a</link><pubDate>Fri, 14 Mar 2025 10:00:00 +0200</pubDate>
<author>jane@wire.example (Jane Roe)</author><description>Short summary only.</description></item>
<item><title>Second</title><link>https://wire.example/b</link>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Full body one.</p><p>Full body two.</p>]]></content:encoded></item>
</channel></rss>"#;
        let out = read_all("wire.rss", rss.as_bytes());
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.url.as_deref(), Some("https://wire.example/a"));
        assert!(a.partial);
        assert_eq!(a.published.unwrap().to_string(), "2025-03-14T08:00:00Z");
        let b = out[1].as_ref().unwrap();
        assert!(!b.partial);
        assert!(b.content.contains("Full body two"));
        assert_eq!(b.input, "wire.rss#item-2");
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id><updated>2025-03-14T00:00:00Z</updated>
<entry><title>Entry</title><id>e1</id><link href="https://n.example/e1"/><updated>2025-03-13T21:00:00Z</updated>
<author><name>A. Writer</name></author><content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>"#;
        let out = read_all("n.atom", atom.as_bytes());
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.byline.as_deref(), Some("A. Writer"));
        assert!(d.content.contains("<p>Body</p>"));
    }

    #[test]
    fn not_a_feed() {
        let out = read_all("x.xml", b"<html><body>no</body></html>");
        assert!(out[0].as_ref().unwrap_err().error.contains("feed"));
    }
}
