//! Quotes and their speakers. (Being written: see issue 5.)

use model::{Article, Mention, Quote};

/// Direct and indirect quotes of one article; `body` is `article.body()`.
pub fn quotes(_article: &Article, _body: &str, _mentions: &[Mention]) -> Vec<Quote> {
    Vec::new()
}
