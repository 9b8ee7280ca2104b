//! One raw [`Document`] -> one [`Article`] and its diagnostics. Extraction never fails: a
//! document it cannot make sense of still gives an article (maybe empty) whose `diagnostics`
//! say why.
//!
//! - [`plain`]: plain-text reports (archive records with `- Key: value` fields, datelines,
//!   aggregator pages, news pages with bylines, teasers and captions, rewrites).
//! - [`html`]: HTML pages: main content, title, outlet, byline, dates, captions.

pub mod dates;
pub mod html;
pub mod plain;

use model::{Article, Document, Format};

/// Extracts one article from one document, dispatching on its format.
pub fn extract(doc: &Document) -> Article {
    match doc.format {
        Format::Text => plain::extract(doc),
        Format::Html => html::extract(doc),
    }
}
