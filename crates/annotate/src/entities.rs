//! Entity mentions (people, organisations, places) per article, resolved across a story's
//! articles into entities with aliases and roles, and linked to quote speakers.
//!
//! Recognition is rule-based, pure Rust, with no model download: capitalised phrases are
//! chunked inside sentences and lines, then cut and typed with hand-written gazetteers
//! (`crates/annotate/data/entities/`: countries with demonyms, places, organisations, given
//! names, titles, organisation and place words), context cues ("said" after a name, "in"
//! before a place) and document-level consistency (a surname typed once as a person stays a
//! person). Resolution groups full names by surname and compatible given names ("Dmitry
//! Peskov" = "Dmitri S. Peskov"), attaches surnames alone, folds gazetteer aliases ("U.S." =
//! "United States") and acronyms, and collects role descriptions ("Kremlin spokesman") that
//! then resolve "the Kremlin spokesman" alone.
//!
//! ```
//! let mut a = model::Article::new("a1", "inline");
//! a.paragraphs = vec!["Kremlin spokesman Dmitry Peskov said Moscow agreed.".into()];
//! let body = a.body();
//! let m = annotate::entities::mentions(&a, &body);
//! let names: Vec<&str> = m.iter().map(|m| m.text.as_str()).collect();
//! assert_eq!(names, ["Kremlin", "Dmitry Peskov", "Moscow"]);
//! ```

mod lexicon;
mod recognise;
mod resolve;

pub use resolve::role_of;

use model::{Annotations, Article, Entity, Mention, Quote};

/// Entity mentions of one article; `body` is `article.body()` and every span is a byte range
/// into it. Types are person, organization or location (countries and cities included);
/// demonyms ("Russian") and titles ("President") are not mentions.
pub fn mentions(article: &Article, body: &str) -> Vec<Mention> {
    recognise::recognise(body)
        .into_iter()
        .map(|(span, kind)| Mention {
            article: article.id.clone(),
            span,
            text: span.slice(body).to_string(),
            kind,
        })
        .collect()
}

/// Entities of a story, resolved across its articles (given in arrival order): one entity
/// per referent with its canonical name, other surface forms as aliases, role descriptions,
/// every mention (including role descriptions such as "the Kremlin spokesman" when exactly
/// one person holds that role), and the sorted outlets that mention it. Ids are `e-` and the
/// [`model::stable_hash`] of the canonical name; entities come most mentioned first, then by
/// name.
pub fn resolve(items: &[(&Article, &Annotations)]) -> Vec<Entity> {
    resolve::resolve(items)
}

/// [`resolve`] with each article's body already joined (`bodies[i]` is `items[i]`'s).
pub(crate) fn resolve_bodies(items: &[(&Article, &Annotations)], bodies: &[String]) -> Vec<Entity> {
    resolve::resolve_bodies(items, bodies)
}

/// Sets `speaker_entity` (and normalises `speaker` to the entity's canonical name) on quotes
/// whose speaker is one of `entities`: by the speaker's span overlapping a mention, else by
/// a name or alias the speaker ends with ("Kremlin spokesman Dmitry Peskov"), a surname
/// ("Peskov"), or a role held by one person ("the Kremlin spokesman").
pub fn link_speakers(quotes: &mut [Quote], entities: &[Entity]) {
    resolve::link_speakers(quotes, entities)
}

/// True when two person names can name the same person: same surname (allowing a small
/// transliteration difference) and compatible given names; middle initials are ignored.
/// "Dmitry Peskov" and "Dmitri S. Peskov" are; "Donald Trump" and "Melania Trump" are not.
pub fn same_person(a: &str, b: &str) -> bool {
    resolve::same_person(a, b)
}
