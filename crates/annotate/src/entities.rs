//! Entity mentions and cross-article resolution. (Being written: see issue 5.)

use model::{Annotations, Article, Entity, Mention, Quote};

/// Entity mentions of one article; `body` is `article.body()`.
pub fn mentions(_article: &Article, _body: &str) -> Vec<Mention> {
    Vec::new()
}

/// Entities of a story, resolved across its articles.
pub fn resolve(_items: &[(&Article, &Annotations)]) -> Vec<Entity> {
    Vec::new()
}

/// Sets `speaker_entity` on quotes whose speaker is one of `entities`.
pub fn link_speakers(_quotes: &mut [Quote], _entities: &[Entity]) {}
