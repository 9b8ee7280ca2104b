//! Reading an article into interned features, apart from placing it: a [`Scanner`] turns an
//! article into a [`Scanned`] (feature ids and counts, dates, people), and
//! [`crate::Clusterer::add_scanned`] places it. The scanner owns the vocabulary (feature
//! string -> id), so it can run on another thread ahead of the placement; the clusterer only
//! needs each id's kind, which every [`Scanned`] brings for the ids it created.

use crate::features::{self, Sink as _};
use crate::{Config, Features, Kind};
use model::Article;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// A string map that keeps keys of up to 15 bytes inline (packed with their length in a
/// `u128`): a lookup reads no key from elsewhere in memory, which matters for the few
/// million words and names of a long stream.
#[derive(Debug)]
struct Strings<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V: Copy> Default for Strings<V> {
    fn default() -> Strings<V> {
        Strings {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V: Copy> Strings<V> {
    fn pack(s: &str) -> Option<u128> {
        let b = s.as_bytes();
        if b.len() > 15 {
            return None;
        }
        let mut buf = [0u8; 16];
        buf[..b.len()].copy_from_slice(b);
        buf[15] = b.len() as u8;
        Some(u128::from_le_bytes(buf))
    }

    fn get(&self, s: &str) -> Option<V> {
        match Self::pack(s) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(s).copied(),
        }
    }

    fn insert(&mut self, s: &str, v: V) {
        match Self::pack(s) {
            Some(k) => {
                self.short.insert(k, v);
            }
            None => {
                self.long.insert(s.into(), v);
            }
        }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// Entries of [`Vocab::hot`] (a power of two): about 200 KB, which stays in a core's
/// second-level cache.
const HOT: usize = 8192;

/// Interned features: each string becomes an id once.
#[derive(Debug, Default)]
struct Vocab {
    /// A direct-mapped cache in front of `words` (packed word -> its answer; key 0 is
    /// empty): the frequent words' answers sit together here, where the big table scatters
    /// them over memory that a long stream has pushed out of the caches.
    hot: Vec<(u128, Option<u32>)>,
    /// Feature key ("t:quak", "n:reid", "p:tara reid", "#:6.1", "y:2013") -> id.
    ids: Strings<u32>,
    /// Lower-cased word -> its term feature (None for stop words).
    words: Strings<Option<u32>>,
    kinds: Vec<Kind>,
    /// The key being looked up (no allocation per lookup).
    key: String,
}

impl Vocab {
    fn intern(&mut self, kind: Kind, prefix: &str, s: &str) -> u32 {
        self.key.clear();
        self.key.push_str(prefix);
        self.key.push_str(s);
        if let Some(id) = self.ids.get(&self.key) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.ids.insert(&self.key, id);
        self.kinds.push(kind);
        id
    }

    fn term(&mut self, word: &str) -> Option<u32> {
        // Single characters and words with digits are never terms: no lookup for them.
        if word.chars().nth(1).is_none() || word.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        let packed = Strings::<u32>::pack(word);
        let slot = packed.map(|k| {
            let h = ((k as u64) ^ ((k >> 64) as u64).rotate_left(29))
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (h >> 51) as usize & (HOT - 1)
        });
        if let (Some(k), Some(i)) = (packed, slot) {
            if self.hot.is_empty() {
                self.hot = vec![(0, None); HOT];
            }
            if self.hot[i].0 == k {
                return self.hot[i].1;
            }
        }
        let t = match self.words.get(word) {
            Some(t) => t,
            None => {
                let t = if text::is_stopword(word) {
                    None
                } else {
                    let stem = text::stem(word);
                    Some(self.intern(Kind::Term, "t:", &stem))
                };
                if self.words.len() < 2_000_000 {
                    self.words.insert(word, t);
                }
                t
            }
        };
        if let (Some(k), Some(i)) = (packed, slot) {
            self.hot[i] = (k, t);
        }
        t
    }
}

/// Counts one article's features by id into a dense, reused array.
struct Counter<'a> {
    vocab: &'a mut Vocab,
    tf: &'a mut Vec<f32>,
    /// Ids with a count, to read and clear the array without scanning it.
    touched: &'a mut Vec<u32>,
    title_weight: f32,
    /// Whether names from the text are taken (not when annotations supply them).
    names: bool,
}

impl Counter<'_> {
    /// Adds `c` to a feature's count, or, for `presence`, makes it at least `c`.
    fn add(&mut self, id: u32, c: f32, presence: bool) {
        let i = id as usize;
        if self.tf.len() <= i {
            self.tf.resize(i + 1, 0.0);
        }
        if self.tf[i] == 0.0 {
            self.touched.push(id);
        }
        self.tf[i] = if presence {
            self.tf[i].max(c)
        } else {
            self.tf[i] + c
        };
    }
}

impl features::Sink for Counter<'_> {
    fn word(&mut self, w: &str, title: bool) {
        if let Some(t) = self.vocab.term(w) {
            let c = if title { self.title_weight } else { 1.0 };
            self.add(t, c, false);
        }
    }
    fn name(&mut self, n: &str) {
        if self.names {
            let prefix = if n.contains(' ') { "p:" } else { "n:" };
            let id = self.vocab.intern(Kind::Name, prefix, n);
            self.add(id, 1.0, true);
        }
    }
    fn number(&mut self, n: &str) {
        let id = self.vocab.intern(Kind::Number, "#:", n);
        self.add(id, 1.0, false);
    }
    fn is_stop(&mut self, w: &str) -> bool {
        // Only asked about words of two or more letters, which have no term exactly when
        // they are stop words; the word itself was just looked up, so this is a cache hit.
        self.vocab.term(w).is_none()
    }
}

/// Names given as phrases -> the clusterer's name features (words and whole phrases).
pub(crate) fn names_of<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out = Vec::new();
    for n in names {
        let words: Vec<String> = text::words(n)
            .into_iter()
            .filter(|w| !text::is_stopword(w))
            .collect();
        if words.len() > 1 {
            out.push(words.join(" "));
        }
        out.extend(words);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// One article read by a [`Scanner`]: what [`crate::Clusterer::add_scanned`] needs to place
/// it, with no string left to look up. `Send`: scan on one thread, place on another.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scanned {
    /// The scanner that read it (ids mean something only to the clusterer it feeds).
    pub(crate) scanner: u64,
    /// Weighted term frequencies (kind weight times 1 + ln count), sorted by id.
    pub(crate) vector: Vec<(u32, f32)>,
    /// The kind of each feature of `vector`.
    pub(crate) kinds: Vec<Kind>,
    pub(crate) when: features::When,
    /// Surname features of the people the text is about, most mentioned first.
    pub(crate) persons: Vec<u32>,
    /// Publication day (days since the Unix epoch).
    pub(crate) published: Option<i64>,
    pub(crate) embedding: Vec<f32>,
}

impl Scanned {
    /// Publication day (days since the Unix epoch), if the article has a publication time.
    pub fn published(&self) -> Option<i64> {
        self.published
    }
}

/// Source of scanner identities.
static SCANNERS: AtomicU64 = AtomicU64::new(1);

/// Reads articles into [`Scanned`] features, interning each feature string once. Feed the
/// scans of one scanner to one clusterer, in the order it made them: feature ids are the
/// scanner's. A clusterer fed by [`crate::Clusterer::add_scanned`] must not also be fed by
/// [`crate::Clusterer::add`] (which reads with the clusterer's own scanner).
#[derive(Debug)]
pub struct Scanner {
    id: u64,
    config: Config,
    vocab: Vocab,
    /// Per feature id: the current article's count (zero between articles).
    tf: Vec<f32>,
    touched: Vec<u32>,
    scratch: features::Scratch,
}

impl Scanner {
    pub fn new(config: &Config) -> Scanner {
        Scanner {
            id: SCANNERS.fetch_add(1, Ordering::Relaxed),
            config: config.clone(),
            vocab: Vocab::default(),
            tf: Vec::new(),
            touched: Vec::new(),
            scratch: features::Scratch::default(),
        }
    }

    /// Reads `article`, with names, places and event dates from annotations when given.
    pub fn scan(&mut self, article: &Article, features: &Features) -> Scanned {
        let own_names = features.entities.is_empty() && features.places.is_empty();
        let mut scratch = std::mem::take(&mut self.scratch);
        let max_words = self.config.max_words;
        {
            let mut counter = self.counter(own_names);
            features::scan_article(article, &mut counter, &mut scratch, max_words);
            if !own_names {
                counter.names = true;
                for n in names_of(features.entities.iter().chain(&features.places)) {
                    counter.name(&n);
                }
            }
        }
        if !features.dates.is_empty() {
            scratch.when.dates = features
                .dates
                .iter()
                .filter_map(|d| features::Date::parse(d))
                .collect();
        }
        let published = article
            .published
            .as_ref()
            .map(|t| t.approx_unix().div_euclid(86_400));
        let when = scratch.when.clone();
        self.scratch = scratch;
        let embedding = features.embedding.clone().unwrap_or_default();
        self.finish(when, published, embedding)
    }

    /// Reads raw features (see [`crate::read`]).
    pub fn scan_raw(&mut self, raw: &crate::Raw, published: Option<i64>) -> Scanned {
        {
            let mut counter = self.counter(true);
            for w in &raw.title_words {
                counter.word(w, true);
            }
            for w in &raw.body_words {
                counter.word(w, false);
            }
            for n in &raw.names {
                counter.name(n);
            }
            for n in &raw.numbers {
                counter.number(n);
            }
        }
        let when = features::When {
            dates: raw.dates.clone(),
            dateline: raw.dateline,
            relative: raw.relative.clone(),
            persons: raw.persons.clone(),
        };
        self.finish(when, published, Vec::new())
    }

    fn counter(&mut self, names: bool) -> Counter<'_> {
        Counter {
            vocab: &mut self.vocab,
            tf: &mut self.tf,
            touched: &mut self.touched,
            title_weight: self.config.title_weight,
            names,
        }
    }

    /// The people and the dates interned, the counts turned into the weighted vector.
    fn finish(
        &mut self,
        when: features::When,
        published: Option<i64>,
        embedding: Vec<f32>,
    ) -> Scanned {
        let persons: Vec<u32> = when
            .persons
            .iter()
            .map(|p| self.vocab.intern(Kind::Name, "n:", p))
            .collect();
        {
            let mut counter = self.counter(true);
            let mut key = String::with_capacity(16);
            for d in &when.dates {
                if d.year != 0 {
                    key.clear();
                    let _ = write!(key, "{}", d.year);
                    let id = counter.vocab.intern(Kind::When, "y:", &key);
                    counter.add(id, 1.0, false);
                    if d.month != 0 {
                        key.clear();
                        let _ = write!(key, "{}-{}", d.year, d.month);
                        let id = counter.vocab.intern(Kind::When, "m:", &key);
                        counter.add(id, 1.0, false);
                    }
                }
            }
        }
        let mut vector: Vec<(u32, f32)> = Vec::with_capacity(self.touched.len());
        for id in self.touched.drain(..) {
            let c = std::mem::take(&mut self.tf[id as usize]);
            let kw = match self.vocab.kinds[id as usize] {
                Kind::Term => self.config.term_weight,
                Kind::Name => self.config.name_weight,
                Kind::Number => self.config.number_weight,
                Kind::When => self.config.date_weight,
            };
            vector.push((id, kw * (1.0 + c.ln())));
        }
        vector.sort_unstable_by_key(|x| x.0);
        let kinds = vector
            .iter()
            .map(|x| self.vocab.kinds[x.0 as usize])
            .collect();
        Scanned {
            scanner: self.id,
            vector,
            kinds,
            when,
            persons,
            published,
            embedding,
        }
    }
}
