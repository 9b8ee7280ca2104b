//! HTML pages -> articles. (Being written: see issue 3.)

use model::{Article, Document};

pub fn extract(doc: &Document) -> Article {
    crate::plain::extract(doc)
}
