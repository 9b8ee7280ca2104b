//! The hand-written gazetteers under `crates/annotate/data/entities/`, compiled into the binary
//! and parsed once into lookup tables.

use model::EntityType;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../../data/entities/countries.txt");
const PLACES: &str = include_str!("../../data/entities/places.txt");
const ORGANIZATIONS: &str = include_str!("../../data/entities/organizations.txt");
const GIVEN_NAMES: &str = include_str!("../../data/entities/given-names.txt");
const TITLES: &str = include_str!("../../data/entities/titles.txt");
const ROLE_WORDS: &str = include_str!("../../data/entities/role-words.txt");
const ORG_WORDS: &str = include_str!("../../data/entities/org-words.txt");
const PLACE_WORDS: &str = include_str!("../../data/entities/place-words.txt");
const COMMON_WORDS: &str = include_str!("../../data/entities/common-words.txt");
const NAME_NOUNS: &str = include_str!("../../data/entities/name-nouns.txt");

/// A gazetteer entry: the canonical name and its type.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub canonical: String,
    pub kind: EntityType,
}

/// All word lists, keyed for fast lookup.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Surface form (as written, single spaces) -> entry. Case-sensitive.
    pub known: HashMap<String, Known>,
    /// The longest gazetteer entry, in words.
    pub max_known_words: usize,
    /// First words of gazetteer entries (cut at spaces and hyphens), for a quick reject.
    pub known_first: HashSet<String>,
    /// Lower-case first words of titles.
    pub title_first: HashSet<String>,
    /// Demonym -> country canonical name ("Russian" -> "Russia").
    pub demonyms: HashMap<String, String>,
    pub given_names: HashSet<String>,
    /// Titles as lower-case word sequences, longest first.
    pub titles: Vec<Vec<String>>,
    pub role_words: HashSet<String>,
    pub org_words: HashSet<String>,
    pub place_words: HashSet<String>,
    pub common_words: HashSet<String>,
    /// Words of product, organisation and place names that people's names rarely hold.
    pub name_nouns: HashSet<String>,
}

fn lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn words_of(src: &str) -> impl Iterator<Item = &str> {
    lines(src).flat_map(str::split_whitespace)
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut lx = Lexicon::default();
        let add = |lx: &mut Lexicon, forms: &str, kind: EntityType| {
            let mut forms = forms.split(';').map(str::trim).filter(|f| !f.is_empty());
            let Some(canonical) = forms.next() else {
                return;
            };
            for f in std::iter::once(canonical).chain(forms) {
                let n = f.split_whitespace().count();
                lx.max_known_words = lx.max_known_words.max(n);
                // First entry wins: countries before places before organisations.
                lx.known.entry(f.to_string()).or_insert(Known {
                    canonical: canonical.to_string(),
                    kind,
                });
            }
        };
        for l in lines(COUNTRIES) {
            let (forms, demonyms) = l.split_once('|').unwrap_or((l, ""));
            add(&mut lx, forms, EntityType::Location);
            let canonical = forms.split(';').next().unwrap_or(forms).trim().to_string();
            for d in demonyms.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                lx.demonyms.insert(d.to_string(), canonical.clone());
            }
        }
        for l in lines(PLACES) {
            add(&mut lx, l, EntityType::Location);
        }
        for l in lines(ORGANIZATIONS) {
            add(&mut lx, l, EntityType::Organization);
        }
        lx.given_names = words_of(GIVEN_NAMES).map(str::to_string).collect();
        lx.known_first = lx
            .known
            .keys()
            .filter_map(|k| k.split([' ', '-']).next())
            .map(str::to_string)
            .collect();
        let mut titles: Vec<Vec<String>> = lines(TITLES)
            .map(|l| l.split_whitespace().map(str::to_lowercase).collect())
            .collect();
        titles.sort_by_key(|t: &Vec<String>| std::cmp::Reverse(t.len()));
        lx.title_first = titles.iter().filter_map(|t| t.first().cloned()).collect();
        lx.titles = titles;
        lx.role_words = words_of(ROLE_WORDS).map(str::to_string).collect();
        lx.org_words = lines(ORG_WORDS).map(str::to_string).collect();
        lx.place_words = words_of(PLACE_WORDS).map(str::to_string).collect();
        lx.common_words = words_of(COMMON_WORDS).map(str::to_string).collect();
        lx.name_nouns = words_of(NAME_NOUNS).map(str::to_string).collect();
        lx
    }

    /// The shared, lazily built lexicon.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(Lexicon::build)
    }

    /// The gazetteer entry for a surface form exactly as written.
    pub fn lookup_exact(&self, surface: &str) -> Option<&Known> {
        self.known.get(surface)
    }

    /// The gazetteer entry for a surface form, trying it without a leading "The"/"the" too.
    pub fn lookup(&self, surface: &str) -> Option<&Known> {
        self.known.get(surface).or_else(|| {
            surface
                .strip_prefix("The ")
                .or_else(|| surface.strip_prefix("the "))
                .and_then(|s| self.known.get(s))
        })
    }

    /// True for a (lower-case) role noun such as "spokesman" or "envoy".
    pub fn is_role_word(&self, lower: &str) -> bool {
        self.role_words.contains(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_parses() {
        let lx = Lexicon::get();
        assert_eq!(
            lx.lookup("U.S.").map(|k| k.canonical.as_str()),
            Some("United States")
        );
        assert_eq!(
            lx.lookup("Britain").map(|k| k.canonical.as_str()),
            Some("United Kingdom")
        );
        assert_eq!(
            lx.lookup("Kremlin").map(|k| k.kind),
            Some(EntityType::Organization)
        );
        assert_eq!(
            lx.lookup("the Netherlands").map(|k| k.kind),
            Some(EntityType::Location)
        );
        assert_eq!(
            lx.demonyms.get("Russian").map(String::as_str),
            Some("Russia")
        );
        assert!(lx.given_names.contains("Dmitri"));
        assert!(lx.titles.iter().any(|t| t == &["prime", "minister"]));
        assert!(lx.max_known_words >= 4);
    }
}
