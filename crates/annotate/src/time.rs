//! Time expressions normalised against the publication time. (Being written: see issue 5.)

use model::{Annotations, Article, PubTime, TimeExpr, TimelineEntry};

/// Time expressions in `text`, normalised against `anchor` (the publication time).
pub fn expressions(_text: &str, _anchor: Option<&PubTime>) -> Vec<TimeExpr> {
    Vec::new()
}

/// A story's timeline, ordered by event date.
pub fn timeline(_items: &[(&Article, &Annotations)]) -> Vec<TimelineEntry> {
    Vec::new()
}
