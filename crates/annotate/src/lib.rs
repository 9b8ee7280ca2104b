//! Annotators: entities ([`entities`]), quotes with speakers ([`quotes`]) and time expressions
//! ([`time`]) per article, then resolved across a story's articles ([`resolve_story`]).

pub mod entities;
pub mod quotes;
pub mod time;

use model::{Annotations, Article, ArticleId, Entity, Quote, TimelineEntry};

/// Annotates one article: entity mentions, quotes, time expressions.
pub fn annotate(article: &Article) -> Annotations {
    let body = article.body();
    let mentions = entities::mentions(article, &body);
    let quotes = quotes::quotes(article, &body, &mentions);
    let times = time::expressions(&body, article.published.as_ref());
    Annotations {
        mentions,
        quotes,
        times,
    }
}

/// Whether two articles get the same [`annotate`] result up to their ids: [`annotate`] reads
/// only an article's paragraphs, its publication time and its id (written into each mention
/// and quote). Exact copies (wire stories republished word for word) are the common case.
pub fn same_annotation_input(a: &Article, b: &Article) -> bool {
    a.paragraphs == b.paragraphs && a.published == b.published
}

/// [`annotate`] of an article for which [`same_annotation_input`] holds with the article
/// `of` was annotated from: `of` with the article id `id` put in. Equal to annotating it
/// afresh, at the cost of a copy.
pub fn annotations_for_copy(of: &Annotations, id: &ArticleId) -> Annotations {
    let mut out = of.clone();
    for m in &mut out.mentions {
        m.article.clone_from(id);
    }
    for q in &mut out.quotes {
        q.article.clone_from(id);
    }
    out
}

/// What a story's articles say together: resolved entities, quotes with resolved speakers,
/// and a dated timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryAnnotations {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub timeline: Vec<TimelineEntry>,
}

/// Resolves entities across a story's articles (in arrival order), links quote speakers to
/// them and builds the timeline.
pub fn resolve_story(items: &[(&Article, &Annotations)]) -> StoryAnnotations {
    let bodies: Vec<String> = items.iter().map(|(a, _)| a.body()).collect();
    let entities = entities::resolve_bodies(items, &bodies);
    let mut quotes: Vec<Quote> = items
        .iter()
        .flat_map(|(_, an)| an.quotes.iter().cloned())
        .collect();
    entities::link_speakers(&mut quotes, &entities);
    let timeline = time::timeline_bodies(items, &bodies);
    StoryAnnotations {
        entities,
        quotes,
        timeline,
    }
}
