//! Claims across sources. (Being written: see issue 6.)

use model::{Annotations, Article, BriefSentence, Claim, Contradiction};
use std::collections::BTreeMap;

/// One article of a story, in arrival order, with its annotations and the origin it copies
/// (its own id when it is an original).
#[derive(Debug, Clone, Copy)]
pub struct StoryArticle<'a> {
    pub article: &'a Article,
    pub annotations: &'a Annotations,
    pub origin: &'a str,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    pub claims: Vec<Claim>,
    pub contradictions: Vec<Contradiction>,
    pub brief: Vec<BriefSentence>,
    /// Per article id: the claim ids it added, in arrival order.
    pub novel_claims: BTreeMap<String, Vec<String>>,
}

/// Aligns the claims of a story's articles.
pub fn align_story(_items: &[StoryArticle<'_>]) -> Alignment {
    Alignment::default()
}
