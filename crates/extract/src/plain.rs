//! Plain-text reports -> articles. (Being written: see issue 2.)

use model::{Article, Document};

pub fn extract(doc: &Document) -> Article {
    let mut a = Article::new(
        Article::make_id(&doc.input, &doc.content),
        doc.input.clone(),
    );
    a.paragraphs = doc
        .content
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    a
}
