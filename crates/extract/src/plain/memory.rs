//! Lines repeated across articles of one outlet ("Sign up for our newsletter", "Most Read"):
//! [`OutletMemory`] remembers the short paragraphs each outlet printed and strips those that
//! came back too often. Called online, in arrival order, after extraction.

use super::lines::{ends_sentence, norm, title_case, word_count};
use model::{Article, Removed};
use std::collections::{BTreeMap, BTreeSet};

/// How many earlier articles of the same outlet must have carried a paragraph before it is
/// taken for boilerplate.
const MIN_EARLIER: u32 = 2;
/// Bound on remembered paragraphs per outlet; when reached, paragraphs seen only once are
/// forgotten (deterministically: all of them).
const MAX_PER_OUTLET: usize = 20_000;

/// Per-outlet memory of short paragraphs, deterministic (ordered maps, no clock).
///
/// ```
/// use extract::plain::OutletMemory;
/// use model::Article;
/// let mut memory = OutletMemory::new();
/// let mut last = Article::new("a", "x");
/// for i in 0..3 {
///     last = Article::new(format!("a{i}"), "x");
///     last.source = Some("Example Post".into());
///     last.paragraphs = vec![format!("Story number {i} ran today."), "Most Read Stories".into()];
///     memory.strip(&mut last);
/// }
/// assert_eq!(last.paragraphs, ["Story number 2 ran today."]);
/// assert_eq!(last.removed[0].reason, "repeated-across-outlet");
/// ```
#[derive(Debug, Clone, Default)]
pub struct OutletMemory {
    seen: BTreeMap<String, BTreeMap<String, u32>>,
}

/// Short (eight words or fewer), or without sentence punctuation, or in title case, and at
/// most twenty-five words: the shape of navigation and promotion lines.
fn boilerplate_like(p: &str) -> bool {
    let words = word_count(p);
    words > 0 && words <= 25 && (words <= 8 || !ends_sentence(p) || title_case(p))
}

impl OutletMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Removes from `article` the boilerplate-like paragraphs that at least two earlier
    /// articles of the same outlet (`article.source`) carried, then remembers this article's.
    /// Articles without an outlet are left alone.
    pub fn strip(&mut self, article: &mut Article) {
        let Some(source) = article.source.as_deref() else {
            return;
        };
        let outlet = norm(source);
        if outlet.is_empty() {
            return;
        }
        let counts = self.seen.entry(outlet).or_default();
        let mut mine = BTreeSet::new();
        let mut kept = Vec::with_capacity(article.paragraphs.len());
        for p in std::mem::take(&mut article.paragraphs) {
            if !boilerplate_like(&p) {
                kept.push(p);
                continue;
            }
            let key = norm(&p);
            let earlier = counts.get(&key).copied().unwrap_or(0);
            mine.insert(key);
            if earlier >= MIN_EARLIER {
                article.removed.push(Removed {
                    text: p,
                    reason: "repeated-across-outlet".into(),
                });
            } else {
                kept.push(p);
            }
        }
        article.paragraphs = kept;
        for key in mine {
            *counts.entry(key).or_default() += 1;
        }
        if counts.len() > MAX_PER_OUTLET {
            counts.retain(|_, c| *c >= MIN_EARLIER);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(source: Option<&str>, paras: &[&str]) -> Article {
        let mut a = Article::new("a", "x");
        a.source = source.map(String::from);
        a.paragraphs = paras.iter().map(|s| s.to_string()).collect();
        a
    }

    #[test]
    fn strips_only_after_two_earlier_articles_of_the_same_outlet() {
        let mut m = OutletMemory::new();
        let promo = "Get our free daily briefing";
        let long = "The council approved the new budget on Tuesday after a long debate about how much the city should spend on roads.";
        for _ in 0..2 {
            let mut a = art(Some("Town Crier"), &[long, promo]);
            m.strip(&mut a);
            assert_eq!(a.paragraphs.len(), 2);
        }
        // Another outlet is not affected.
        let mut other = art(Some("Other Paper"), &[promo]);
        m.strip(&mut other);
        assert_eq!(other.paragraphs.len(), 1);
        // The third article of the same outlet loses the promo, keeps the long paragraph.
        let mut a = art(Some("town crier"), &[long, promo]);
        m.strip(&mut a);
        assert_eq!(a.paragraphs, [long]);
        assert_eq!(a.removed.len(), 1);
        // No outlet: untouched.
        let mut none = art(None, &[promo]);
        m.strip(&mut none);
        assert_eq!(none.paragraphs.len(), 1);
    }

    #[test]
    fn repeats_inside_one_article_count_once() {
        let mut m = OutletMemory::new();
        let mut a = art(Some("X"), &["Most Read", "Most Read"]);
        m.strip(&mut a);
        let mut b = art(Some("X"), &["Most Read"]);
        m.strip(&mut b);
        assert_eq!(b.paragraphs.len(), 1);
    }
}
