//! Online story clustering: each article, in arrival order, joins the most similar existing
//! story above a threshold or starts a new one.
//!
//! An article becomes one sparse vector over four kinds of features, each weighted by an
//! online inverse document frequency (counts of the articles seen so far) and by its kind:
//!
//! - **what**: stemmed content words of the body, with the title's words counted again
//!   ([`Config::title_weight`]);
//! - **who and where**: names (capitalised phrases, or [`Features::entities`] and
//!   [`Features::places`] from annotations), as single words and whole phrases;
//! - **how many**: numbers other than years ("6.1", "81st");
//! - **when**: the years and months the text mentions; the event's date (the first full date
//!   mentioned, or [`Features::dates`]) also gates the match: a story whose event dates are
//!   all far from the article's is penalised ([`Config::date_gap_days`]).
//!
//! A story keeps the sum of its articles' unit vectors, pruned to its heaviest features, and
//! its first few members' vectors: an article is scored against the centroid blended with its
//! best-matching member ([`Config::member_weight`]), and a story whose names barely overlap the
//! article's is penalised ([`Config::name_gate`]): similar events, other actors.
//!
//! Decisions made early are looked at again, so the arrival order matters less:
//! - **second look**: while a story is young ([`Config::young_size`] articles) it keeps every
//!   member's vector; after each join its members are grouped in two by average link, and
//!   when the groups are far less similar across than within ([`Config::split_threshold`],
//!   [`Config::split_ratio`]) the group without the first article becomes a story of its own:
//!   an early report of a similar event that joined before the story had taken shape;
//! - **merge**: when an article matched several stories and the centroid of another one has
//!   converged with the one it joined ([`Config::merge_threshold`]), the two become one.
//!
//! [`Clusterer::add`] answers with the story at arrival; [`Clusterer::assignments`] (every
//! article's story now) and [`Clusterer::story_of`] follow the later splits and merges.
//!
//! Candidates come from an inverted index from each story's heaviest features to the story,
//! looked up with the article's heaviest features: no scan of all stories. A story whose last
//! article is older than [`Config::window_days`] (by publication time) leaves the candidate
//! index for an archive index over its names, which is searched only for articles about an
//! equally old event: cost per article stays flat as the stream grows. Everything is
//! deterministic: same articles in the same order, same stories.
//!
//! Reading an article (tokens, stems, names, dates: about half the cost) needs none of the
//! stories, so it can run on another thread, ahead: a [`Scanner`] turns each article into a
//! [`Scanned`], which [`Clusterer::add_scanned`] places, in the order they were read, with
//! the result [`Clusterer::add_with`] would give. `add` and `add_with` do both in turn.
//!
//! ```
//! use model::Article;
//! let art = |id: &str, text: &str| {
//!     let mut a = Article::new(id, "inline");
//!     a.paragraphs = vec![text.into()];
//!     a
//! };
//! let mut c = cluster::Clusterer::new(cluster::Config::default());
//! let quake = "A 6.1 earthquake struck Chile near Valparaiso on March 3, 2010, killing 12.";
//! assert_eq!(c.add(&art("a", quake)), 0);
//! assert_eq!(c.add(&art("b", "Rescuers in Valparaiso, Chile dug after the 6.1 earthquake of March 3, 2010.")), 0);
//! assert_eq!(c.add(&art("c", "Apple unveiled the iPhone 4 in Cupertino on June 7, 2010.")), 1);
//! assert_eq!(c.stories(), 2);
//! ```

mod features;
mod scanner;

pub use features::{read, Date, Raw, Relative};
pub use scanner::{Scanned, Scanner};

use model::Article;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Settings of the clusterer. The defaults were tuned on the ECB+ train topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Minimum similarity (0..1) for an article to join a story.
    pub threshold: f32,
    /// Added to the threshold for a story of one article (half of it for two, a third for
    /// three...): a young story's vector is one report's wording, easy to match by topic words.
    pub young_story_margin: f32,
    /// Words of an article's body read (the title is always read whole).
    pub max_words: usize,
    /// How many times a title word counts.
    pub title_weight: f32,
    /// Weight of content words.
    pub term_weight: f32,
    /// Weight of names (people, organisations, places).
    pub name_weight: f32,
    /// Weight of numbers.
    pub number_weight: f32,
    /// Weight of years and months mentioned.
    pub date_weight: f32,
    /// An article whose event date is more than this many days from every event date of a
    /// story has its similarity to it multiplied by [`Config::date_penalty`].
    pub date_gap_days: i64,
    pub date_penalty: f32,
    /// Stories whose last article was published more than this many days before the newest
    /// article seen leave the candidate index (they stay in the archive index).
    pub window_days: i64,
    /// Publication times further apart than this many days multiply the similarity by
    /// [`Config::date_penalty`] too.
    pub publication_gap_days: i64,
    /// Features kept per story vector.
    pub story_features: usize,
    /// Heaviest features of a story put in the candidate index.
    pub index_features: usize,
    /// Heaviest features of an article used to look up candidates.
    pub query_features: usize,
    /// Most recent stories read from each posting list.
    pub postings_scan: usize,
    /// Candidates scored in full: those sharing the most query weight.
    pub rerank: usize,
    /// Share (0..1) of the similarity that comes from the story's best-matching member rather
    /// than its centroid: a report of a similar but different event matches the centroid's
    /// topic words, seldom one member's particulars.
    pub member_weight: f32,
    /// Member vectors a story compares an article with (its first ones).
    pub members: usize,
    /// Candidate stories whose members are compared: those whose centroids match best.
    pub member_candidates: usize,
    /// A story is young while it has at most this many articles: it keeps every member's
    /// vector and may split in two ([`Config::split_threshold`]).
    pub young_size: usize,
    /// When both sides name people or places and the cosine of their names is below this,
    /// the similarity is multiplied by [`Config::conflict_penalty`]: similar events, other actors.
    pub name_gate: f32,
    /// Multiplier for a name conflict, and for years: an article whose mentioned years are
    /// all absent from a story that mentions years.
    pub conflict_penalty: f32,
    /// Whether disjoint mentioned years count as a conflict.
    pub year_conflict: bool,
    /// Multiplier when the article is about people (see [`Raw::persons`]) none of whom the
    /// story names, and the story's main people are absent from the article: similar
    /// events, other people.
    pub person_penalty: f32,
    /// ... only for stories of at most this many articles.
    pub person_young: u32,
    /// When an article matches several stories, those whose centroids are at least this
    /// similar to the one it joined are merged into it (above 1: never).
    pub merge_threshold: f32,
    /// ... and whose names' cosine is at least this (when both name people or places).
    pub merge_name_gate: f32,
    /// A young story (all its members kept) splits in two when its members' two groups
    /// are on average less similar across than this (0: never).
    pub split_threshold: f32,
    /// ... and each group's members are on average at least this many times as similar
    /// to each other as across.
    pub split_ratio: f32,
    /// Share (0..1) of the similarity that comes from the cosine of sentence embeddings
    /// ([`Features::embedding`]) when the article and the story both have one; 0 ignores them.
    pub embedding_weight: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            threshold: 0.1,
            young_story_margin: 0.0,
            max_words: 600,
            title_weight: 3.0,
            term_weight: 1.0,
            name_weight: 1.5,
            number_weight: 0.75,
            date_weight: 0.75,
            date_gap_days: 45,
            date_penalty: 0.7,
            window_days: 21,
            publication_gap_days: 10,
            story_features: 160,
            index_features: 24,
            query_features: 24,
            postings_scan: 48,
            rerank: 24,
            member_weight: 0.3,
            members: 8,
            member_candidates: 6,
            young_size: 24,
            name_gate: 0.05,
            conflict_penalty: 0.5,
            year_conflict: false,
            person_penalty: 1.0,
            person_young: 2,
            merge_threshold: 0.3,
            merge_name_gate: 0.2,
            split_threshold: 0.35,
            split_ratio: 1.45,
            embedding_weight: 0.0,
        }
    }
}

/// Features an annotator found; each list, when not empty, replaces the clusterer's own guess.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Names of people and organisations, as written.
    pub entities: Vec<String>,
    /// Place names, as written.
    pub places: Vec<String>,
    /// Resolved event dates, TIMEX-like (`2025-03-14`, `2025-03`, `2025`), most important first.
    pub dates: Vec<String>,
    /// A sentence embedding of the article (unit length), if an embedding model ran: mixed
    /// into the similarity with [`Config::embedding_weight`].
    pub embedding: Option<Vec<f32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Term = 0,
    Name = 1,
    Number = 2,
    When = 3,
}

/// A member's unit vector (sorted by feature id), its per-kind squared norms when it joined,
/// and where it came from.
#[derive(Debug, Clone)]
struct Member {
    vector: Vec<(u32, f32)>,
    norms: [f32; 4],
    /// Its place in the arrival order (an index into `Clusterer::assigned`).
    article: u32,
    event_day: Option<i64>,
    /// Its sentence embedding (empty without one).
    embedding: Vec<f32>,
}

/// One story's running state.
#[derive(Debug, Clone)]
struct StoryState {
    /// Sum of member unit vectors, sorted by feature id.
    vector: Vec<(u32, f32)>,
    /// Norm of each kind's part of the vector under the IDF of its last update (squared).
    norms: [f32; 4],
    /// Articles seen when the norms were computed.
    norms_at: u32,
    /// Feature ids this story was put under in the candidate index.
    indexed: Vec<u32>,
    /// Event dates (days) of its articles, a few.
    event_days: Vec<i64>,
    /// Publication days of its first and last article.
    first_day: Option<i64>,
    last_day: Option<i64>,
    archived: bool,
    articles: u32,
    /// The first few members' unit vectors, with their per-kind squared norms when they joined.
    members: Vec<Member>,
    /// Years its articles mention, a few.
    years: Vec<i32>,
    /// The people its articles are about (surname feature ids) and how many articles name
    /// each, most named first.
    persons: Vec<(u32, u32)>,
    /// Sum of its members' sentence embeddings (empty without any).
    embedding: Vec<f32>,
    /// While young: its members' pairwise similarities at its last second look (row-major)
    /// and the members (their articles) they are of.
    pairs: Vec<f32>,
    pairs_of: Vec<u32>,
}

impl StoryState {
    fn new(published: Option<i64>) -> StoryState {
        StoryState {
            vector: Vec::new(),
            norms: [0.0; 4],
            norms_at: 0,
            indexed: Vec::new(),
            event_days: Vec::new(),
            first_day: published,
            last_day: published,
            archived: false,
            articles: 0,
            members: Vec::new(),
            years: Vec::new(),
            persons: Vec::new(),
            embedding: Vec::new(),
            pairs: Vec::new(),
            pairs_of: Vec::new(),
        }
    }
}

/// The story a story index now stands for: itself, or the story it was merged into.
fn root(parent: &[u32], mut s: usize) -> usize {
    while parent[s] as usize != s {
        s = parent[s] as usize;
    }
    s
}

/// Online clusterer: feed articles in arrival order; each joins a story or starts one.
#[derive(Debug)]
pub struct Clusterer {
    config: Config,
    /// Reads articles for [`Clusterer::add`] (callers of [`Clusterer::add_scanned`] have
    /// their own).
    scanner: Scanner,
    /// The kind of each feature id seen.
    kinds: Vec<Kind>,
    df: Vec<u32>,
    /// ln(df + 1) per feature and ln(docs + 1): the IDF without a logarithm per lookup.
    ln_df: Vec<f32>,
    ln_docs: f32,
    docs: u32,
    stories: Vec<StoryState>,
    /// Feature id -> stories (creation order) indexed under it.
    postings: Vec<Vec<u32>>,
    /// Feature id -> archived stories, for names only.
    archive: FxHashMap<u32, Vec<u32>>,
    /// Per story: the last query that saw it (dedupes candidates without a set).
    stamp: Vec<u32>,
    /// Per story: itself, or the story it was merged into.
    parent: Vec<u32>,
    merged: usize,
    /// Per article added: the story it joined (follow `parent` for where it is now).
    assigned: Vec<u32>,
    /// Stories the last article matched above their threshold, with the similarity.
    passed: Vec<(u32, f32)>,
    /// Per story: the query weight it shares (valid when its stamp is the current query).
    acc: Vec<f32>,
    query: u32,
    /// The newest publication day seen.
    now: Option<i64>,
    since_aging: u32,
    /// The sentence embedding of the article being placed (empty without one).
    embedding: Vec<f32>,
    /// The article being placed, for scoring it against stories.
    probe: Probe,
}

/// An article's vector in a small open-addressing table (feature id -> weight, IDF, kind):
/// scoring it against a story is one lookup per story feature, in a table that stays in
/// the first-level cache, instead of a merge of two sorted vectors with a branch per step.
/// The products are those of `Clusterer::similarity_kinds`, in the same order.
#[derive(Debug, Default)]
struct Probe {
    slots: Vec<Slot>,
    /// log2 of the table size.
    bits: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    id: u32,
    weight: f32,
    idf: f32,
    kind: Kind,
}

const EMPTY: Slot = Slot {
    id: u32::MAX,
    weight: 0.0,
    idf: 0.0,
    kind: Kind::Term,
};

impl Probe {
    fn slot(&self, id: u32) -> usize {
        (id.wrapping_mul(0x9e37_79b1) >> (32 - self.bits)) as usize
    }

    fn fill(&mut self, v: &[(u32, f32)], idf: impl Fn(u32) -> f32, kinds: &[Kind]) {
        let size = (v.len() * 2).next_power_of_two().max(16);
        self.bits = size.trailing_zeros();
        self.slots.clear();
        self.slots.resize(size, EMPTY);
        let mask = size - 1;
        for &(id, weight) in v {
            let mut h = self.slot(id);
            while self.slots[h].id != u32::MAX {
                h = (h + 1) & mask;
            }
            self.slots[h] = Slot {
                id,
                weight,
                idf: idf(id),
                kind: kinds[id as usize],
            };
        }
    }

    /// Per-kind dot products of the article with `story` (sorted by feature id).
    fn dot(&self, story: &[(u32, f32)]) -> [f32; 4] {
        let mut dot = [0.0f32; 4];
        let mask = self.slots.len().wrapping_sub(1);
        if self.slots.is_empty() {
            return dot;
        }
        for &(f, w) in story {
            let mut h = self.slot(f);
            loop {
                let s = self.slots[h];
                if s.id == f {
                    dot[s.kind as usize] += s.weight * w * s.idf * s.idf;
                    break;
                }
                if s.id == u32::MAX {
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        dot
    }
}

impl Default for Clusterer {
    fn default() -> Clusterer {
        Clusterer::new(Config::default())
    }
}

impl Clusterer {
    pub fn new(config: Config) -> Clusterer {
        Clusterer {
            config: config.clone(),
            scanner: Scanner::new(&config),
            kinds: Vec::new(),
            df: Vec::new(),
            ln_df: Vec::new(),
            ln_docs: 0.0,
            docs: 0,
            stories: Vec::new(),
            postings: Vec::new(),
            archive: FxHashMap::default(),
            stamp: Vec::new(),
            parent: Vec::new(),
            merged: 0,
            assigned: Vec::new(),
            passed: Vec::new(),
            acc: Vec::new(),
            query: 0,
            now: None,
            since_aging: 0,
            embedding: Vec::new(),
            probe: Probe::default(),
        }
    }

    /// Stories formed so far (stories merged into another count once).
    pub fn stories(&self) -> usize {
        self.stories.len() - self.merged
    }

    /// The story a story index returned by [`Clusterer::add`] now stands for: the same
    /// index, or the story it was later merged into.
    pub fn story_of(&self, story: usize) -> usize {
        if story < self.parent.len() {
            root(&self.parent, story)
        } else {
            story
        }
    }

    /// For every article added, in order: the index of the story it belongs to now.
    pub fn assignments(&self) -> Vec<usize> {
        self.assigned
            .iter()
            .map(|s| root(&self.parent, *s as usize))
            .collect()
    }

    /// Adds `article`; returns the index (in creation order) of the story it joined.
    pub fn add(&mut self, article: &Article) -> usize {
        self.add_with(article, &Features::default())
    }

    /// Like [`Clusterer::add`], with names, places and event dates from annotations.
    pub fn add_with(&mut self, article: &Article, features: &Features) -> usize {
        let scanned = self.scanner.scan(article, features);
        self.add_scanned(&scanned)
    }

    /// The core: adds an article given its raw features and publication day (days since
    /// the Unix epoch).
    pub fn add_raw(&mut self, raw: &Raw, published: Option<i64>) -> usize {
        let scanned = self.scanner.scan_raw(raw, published);
        self.add_scanned(&scanned)
    }

    /// Adds an article read by a [`Scanner`] (which may run on another thread, ahead):
    /// the same story as [`Clusterer::add_with`] on the article would give, provided every
    /// article this clusterer gets comes from that one scanner, in the order it read them.
    pub fn add_scanned(&mut self, scanned: &Scanned) -> usize {
        for (x, k) in scanned.vector.iter().zip(&scanned.kinds) {
            let i = x.0 as usize;
            if self.kinds.len() <= i {
                self.kinds.resize(i + 1, Kind::Term);
            }
            self.kinds[i] = *k;
        }
        for p in &scanned.persons {
            let i = *p as usize;
            if self.kinds.len() <= i {
                self.kinds.resize(i + 1, Kind::Term);
            }
            self.kinds[i] = Kind::Name;
        }
        self.embedding.clear();
        self.embedding.extend_from_slice(&scanned.embedding);
        let story = self.place(scanned);
        self.embedding.clear();
        story
    }

    /// Places a scanned article.
    fn place(&mut self, scanned: &Scanned) -> usize {
        let (when, published) = (&scanned.when, scanned.published);
        let event_day = event_day(when, published);
        let persons = &scanned.persons;
        let vector = self.vectorise(&scanned.vector);
        if let Some(p) = published {
            self.now = Some(self.now.map_or(p, |n| n.max(p)));
        }
        let mut years: Vec<i32> = when
            .dates
            .iter()
            .map(|d| d.year)
            .filter(|y| *y != 0)
            .collect();
        years.sort_unstable();
        years.dedup();
        let best = self.best_story(&vector, event_day, published, &years, persons);
        let story = match best {
            Some(s) => s,
            None => {
                self.stories.push(StoryState::new(published));
                self.parent.push(self.stories.len() as u32 - 1);
                self.stamp.push(0);
                self.acc.push(0.0);
                self.stories.len() - 1
            }
        };
        self.join(story, &vector, event_day, published);
        self.assigned.push(story as u32);
        let st = &mut self.stories[story];
        for y in years {
            if st.years.len() < 16 && !st.years.contains(&y) {
                st.years.push(y);
            }
        }
        for &p in persons {
            if let Some(x) = st.persons.iter_mut().find(|x| x.0 == p) {
                x.1 += 1;
            } else if st.persons.len() < 8 {
                st.persons.push((p, 1));
            }
        }
        st.persons
            .sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let story = self.second_look(story);
        self.merge_converged(story);
        self.age();
        story
    }

    /// A young story whose every member is still at hand is split in two when its members
    /// fall into two groups that are far less similar across than within: an early report
    /// of a similar event that joined it before the story had taken shape. The group holding
    /// the story's first article keeps the index; returns the story the newest article is in.
    fn second_look(&mut self, s: usize) -> usize {
        let st = &self.stories[s];
        let n = st.members.len();
        if self.config.split_threshold <= 0.0
            || n < 4
            || n as u32 != st.articles
            || n > self.config.young_size
        {
            let st = &mut self.stories[s];
            if !st.pairs.is_empty() {
                st.pairs = Vec::new();
                st.pairs_of = Vec::new();
            }
            return s;
        }
        // Pairwise similarities (what `similarity_kinds` gives, each member in the probe table
        // in turn). The pairs of the members it had at its last look are kept from then (under
        // the IDF of then): only the newest member's are computed, unless the members changed.
        let mut sim = vec![0.0f32; n * n];
        let kept = n - 1;
        let reuse = st.pairs.len() == kept * kept
            && st.pairs_of.len() == kept
            && st
                .pairs_of
                .iter()
                .zip(&st.members)
                .all(|(a, m)| *a == m.article);
        let from = if reuse {
            for i in 0..kept {
                sim[i * n..i * n + kept].copy_from_slice(&st.pairs[i * kept..(i + 1) * kept]);
            }
            kept
        } else {
            0
        };
        let mut probe = std::mem::take(&mut self.probe);
        for j in from.max(1)..n {
            let b = &st.members[j];
            probe.fill(&b.vector, |f| self.idf(f), &self.kinds);
            for i in 0..j {
                let a = &st.members[i];
                let x = self.cosines(&probe.dot(&a.vector), &b.norms, &a.norms).0;
                let x = self.with_embedding(x, &b.embedding, &a.embedding);
                sim[i * n + j] = x;
                sim[j * n + i] = x;
            }
        }
        self.probe = probe;
        let st = &mut self.stories[s];
        st.pairs_of = st.members.iter().map(|m| m.article).collect();
        st.pairs.clone_from(&sim);
        // Average-link agglomeration down to two groups.
        let mut groups: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        let sim = &sim;
        let link = |a: &[usize], b: &[usize]| -> f32 {
            let total: f32 = a
                .iter()
                .flat_map(|i| b.iter().map(move |j| sim[i * n + j]))
                .sum();
            total / (a.len() * b.len()) as f32
        };
        while groups.len() > 2 {
            let mut best = (0, 1, f32::MIN);
            for i in 0..groups.len() {
                for j in i + 1..groups.len() {
                    let l = link(&groups[i], &groups[j]);
                    if l > best.2 {
                        best = (i, j, l);
                    }
                }
            }
            let g = groups.remove(best.1);
            groups[best.0].extend(g);
        }
        let across = link(&groups[0], &groups[1]);
        let within = |g: &[usize]| {
            if g.len() < 2 {
                1.0
            } else {
                let mut t = 0.0;
                for (k, i) in g.iter().enumerate() {
                    for j in &g[k + 1..] {
                        t += sim[i * n + j];
                    }
                }
                t / (g.len() * (g.len() - 1) / 2) as f32
            }
        };
        if groups.iter().any(|g| g.len() < 2)
            || across >= self.config.split_threshold
            || groups
                .iter()
                .any(|g| within(g) < across * self.config.split_ratio)
        {
            return s;
        }
        // The group with the first member stays; the other becomes a new story.
        let moved: Vec<usize> = if groups[0].contains(&0) {
            groups[1].clone()
        } else {
            groups[0].clone()
        };
        let newest = self.assigned.len() as u32 - 1;
        let t = self.stories.len();
        let st = &mut self.stories[s];
        let members = std::mem::take(&mut st.members);
        let (mut keep, mut go) = (Vec::new(), Vec::new());
        for (i, m) in members.into_iter().enumerate() {
            if moved.contains(&i) {
                go.push(m);
            } else {
                keep.push(m);
            }
        }
        let mut other = StoryState::new(st.first_day);
        other.last_day = st.last_day;
        other.years = st.years.clone();
        other.persons = st.persons.clone();
        for (state, ms) in [(&mut *st, &keep), (&mut other, &go)] {
            state.articles = ms.len() as u32;
            state.event_days = ms.iter().filter_map(|m| m.event_day).collect();
            state.event_days.sort_unstable();
            state.event_days.dedup();
        }
        let sum = |ms: &[Member]| {
            ms.iter()
                .fold(Vec::new(), |acc: Vec<(u32, f32)>, m| merge(&acc, &m.vector))
        };
        let (kv, gv) = (sum(&keep), sum(&go));
        let embeddings = |ms: &[Member]| {
            ms.iter().fold(Vec::new(), |mut acc: Vec<f32>, m| {
                add_into(&mut acc, &m.embedding);
                acc
            })
        };
        st.embedding = embeddings(&keep);
        other.embedding = embeddings(&go);
        st.vector = Vec::new();
        st.members = keep;
        for m in &go {
            self.assigned[m.article as usize] = t as u32;
        }
        let newest_moved = go.iter().any(|m| m.article == newest);
        other.members = go;
        self.stories.push(other);
        self.parent.push(t as u32);
        self.stamp.push(0);
        self.acc.push(0.0);
        self.install(s, kv);
        self.install(t, gv);
        if newest_moved {
            t
        } else {
            s
        }
    }

    /// The article's unit vector from its weighted counts (sorted by feature id); updates
    /// document frequencies.
    fn vectorise(&mut self, counts: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let features = self.kinds.len();
        if self.df.len() < features {
            self.df.resize(features, 0);
            self.ln_df.resize(features, 0.0);
        }
        if self.postings.len() < features {
            self.postings.resize_with(features, Vec::new);
        }
        let mut v = counts.to_vec();
        for (id, _) in &v {
            let df = &mut self.df[*id as usize];
            *df += 1;
            self.ln_df[*id as usize] = (*df as f32 + 1.0).ln();
        }
        self.docs += 1;
        self.ln_docs = (self.docs as f32 + 1.0).ln();
        // Unit length under the current weights (term frequency times IDF).
        let norm = v
            .iter()
            .map(|x| (x.1 * self.idf(x.0)).powi(2))
            .sum::<f32>()
            .sqrt();
        if norm > 0.0 {
            for x in &mut v {
                x.1 /= norm;
            }
        }
        v
    }

    /// Inverse document frequency of a feature among the articles seen so far.
    fn idf(&self, f: u32) -> f32 {
        self.ln_docs - self.ln_df[f as usize] + 1.0
    }

    /// Similarity of an article vector and a story vector, and the names' cosine (None when
    /// a side has no names): per kind of feature (words, names, numbers and dates), the
    /// cosine under the current IDF (words common by now weigh less than when the story was
    /// formed; the story's norms are those of its last update); then the kinds' cosines
    /// averaged with the configured weights, over the kinds both sides have.
    fn similarity_kinds(
        &self,
        v: &[(u32, f32)],
        vn: &[f32; 4],
        story: &[(u32, f32)],
        sn: &[f32; 4],
    ) -> (f32, Option<f32>) {
        let mut dot = [0.0f32; 4];
        let (mut i, mut j) = (0, 0);
        while i < v.len() && j < story.len() {
            match v[i].0.cmp(&story[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let idf = self.idf(v[i].0);
                    dot[self.kinds[v[i].0 as usize] as usize] += v[i].1 * story[j].1 * idf * idf;
                    i += 1;
                    j += 1;
                }
            }
        }
        self.cosines(&dot, vn, sn)
    }

    /// The similarity from per-kind dot products and squared norms, and the names' cosine.
    fn cosines(&self, dot: &[f32; 4], vn: &[f32; 4], sn: &[f32; 4]) -> (f32, Option<f32>) {
        let weights = [
            self.config.term_weight,
            self.config.name_weight,
            self.config.number_weight,
            self.config.date_weight,
        ];
        let (mut sum, mut total) = (0.0f32, 0.0f32);
        let mut names = None;
        for k in 0..4 {
            if sn[k] > 0.0 && vn[k] > 0.0 {
                let cos = dot[k] / (sn[k].sqrt() * vn[k].sqrt());
                if k == Kind::Name as usize {
                    names = Some(cos);
                }
                sum += weights[k] * cos;
                total += weights[k];
            }
        }
        if total > 0.0 {
            (sum / total, names)
        } else {
            (0.0, names)
        }
    }

    fn best_story(
        &mut self,
        v: &[(u32, f32)],
        event_day: Option<i64>,
        published: Option<i64>,
        years: &[i32],
        persons: &[u32],
    ) -> Option<usize> {
        self.query = self.query.wrapping_add(1);
        let q = self.query;
        let mut query: Vec<(u32, f32)> = v.iter().map(|x| (x.0, x.1 * self.idf(x.0))).collect();
        heaviest(&mut query, self.config.query_features);
        // An article about an event older than the window looks in the archive too.
        let old_event = match (event_day, self.now) {
            (Some(e), Some(now)) => now - e > self.config.window_days,
            _ => false,
        };
        // Candidates and how much of the query's weight they share, from the postings.
        let mut candidates: Vec<u32> = Vec::new();
        for (f, w) in &query {
            let posting = &self.postings[*f as usize];
            let from = posting.len().saturating_sub(self.config.postings_scan);
            let archived = if old_event {
                self.archive
                    .get(f)
                    .map(|p| &p[p.len().saturating_sub(self.config.postings_scan)..])
            } else {
                None
            };
            for s in posting[from..].iter().chain(archived.into_iter().flatten()) {
                let i = root(&self.parent, *s as usize);
                if self.stamp[i] != q {
                    self.stamp[i] = q;
                    self.acc[i] = 0.0;
                    candidates.push(i as u32);
                }
                self.acc[i] += w;
            }
        }
        // Only the best-sharing few are scored in full.
        if candidates.len() > self.config.rerank {
            let acc = &self.acc;
            candidates.sort_unstable_by(|a, b| {
                acc[*b as usize].total_cmp(&acc[*a as usize]).then(a.cmp(b))
            });
            candidates.truncate(self.config.rerank);
        }
        candidates.sort_unstable();
        // Norms computed when far fewer articles had been seen are refreshed.
        for s in &candidates {
            let st = &self.stories[*s as usize];
            if self.docs > st.norms_at + st.norms_at / 8 {
                let norms = self.norms(&st.vector);
                let st = &mut self.stories[*s as usize];
                st.norms = norms;
                st.norms_at = self.docs;
            }
        }
        let vn = self.norms(v);
        let mw = self.config.member_weight;
        let mut best: Option<(usize, f32)> = None;
        self.passed.clear();
        let mut probe = std::mem::take(&mut self.probe);
        probe.fill(v, |f| self.idf(f), &self.kinds);
        let probe = probe;
        // First the centroids, with the conflicts of names, years and people.
        let mut centroid: Vec<(u32, f32)> = Vec::with_capacity(candidates.len());
        for &s in &candidates {
            let st = &self.stories[s as usize];
            let (mut sim, names) = self.cosines(&probe.dot(&st.vector), &vn, &st.norms);
            if names.is_some_and(|c| c < self.config.name_gate) {
                sim *= self.config.conflict_penalty;
            }
            if self.config.year_conflict
                && !years.is_empty()
                && !st.years.is_empty()
                && !years.iter().any(|y| st.years.contains(y))
            {
                sim *= self.config.conflict_penalty;
            }
            if self.config.person_penalty < 1.0
                && !persons.is_empty()
                && !st.persons.is_empty()
                && st.articles <= self.config.person_young
                && !st.persons.iter().any(|p| p.0 == persons[0])
            {
                sim *= self.config.person_penalty;
            }
            centroid.push((s, sim));
        }
        // Members are compared only for the stories whose centroid comes near the threshold,
        // the best few of them (each member is a full comparison).
        let mut near: Vec<(u32, f32)> = centroid
            .iter()
            .copied()
            .filter(|(s, sim)| {
                *sim >= self.config.threshold * 0.5 && self.stories[*s as usize].members.len() > 1
            })
            .collect();
        if near.len() > self.config.member_candidates {
            heaviest(&mut near, self.config.member_candidates);
        }
        for (s, mut sim) in centroid {
            let st = &self.stories[s as usize];
            if mw > 0.0 && near.iter().any(|x| x.0 == s) {
                let top = st
                    .members
                    .iter()
                    .take(self.config.members)
                    .map(|m| self.cosines(&probe.dot(&m.vector), &vn, &m.norms).0)
                    .fold(0.0f32, f32::max);
                sim = (1.0 - mw) * sim + mw * top;
            }
            sim = self.with_embedding(sim, &self.embedding, &st.embedding);
            if let (Some(e), false) = (event_day, st.event_days.is_empty()) {
                let gap = st
                    .event_days
                    .iter()
                    .map(|d| (d - e).abs())
                    .min()
                    .unwrap_or(0);
                if gap > self.config.date_gap_days {
                    sim *= self.config.date_penalty;
                }
            }
            if let (Some(p), Some(first), Some(last)) = (published, st.first_day, st.last_day) {
                let gap = if p < first {
                    first - p
                } else if p > last {
                    p - last
                } else {
                    0
                };
                // Outside the window only an article about the story's own event date may join.
                if gap > self.config.window_days
                    && !event_matches(event_day, &st.event_days, self.config.date_gap_days)
                {
                    continue;
                }
                if gap > self.config.publication_gap_days {
                    sim *= self.config.date_penalty;
                }
            }
            let need =
                self.config.threshold + self.config.young_story_margin / st.articles.max(1) as f32;
            if sim >= need {
                self.passed.push((s, sim));
            }
            if sim >= need && best.is_none_or(|(_, b)| sim > b) {
                best = Some((s as usize, sim));
            }
        }
        self.probe = probe;
        best.map(|(s, _)| s)
    }

    /// Mixes the cosine of two sentence embeddings (sums of unit vectors) into a similarity,
    /// when the weight is set and both sides have one.
    fn with_embedding(&self, sim: f32, a: &[f32], b: &[f32]) -> f32 {
        let w = self.config.embedding_weight;
        if w <= 0.0 || a.is_empty() || a.len() != b.len() {
            return sim;
        }
        let (mut dot, mut na, mut nb) = (0.0f32, 0.0f32, 0.0f32);
        for (x, y) in a.iter().zip(b) {
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        if na <= 0.0 || nb <= 0.0 {
            return sim;
        }
        (1.0 - w) * sim + w * dot / (na.sqrt() * nb.sqrt())
    }

    /// Squared norm of each kind's part of a vector under the current IDF.
    fn norms(&self, v: &[(u32, f32)]) -> [f32; 4] {
        let mut n = [0.0f32; 4];
        for (f, w) in v {
            n[self.kinds[*f as usize] as usize] += (w * self.idf(*f)).powi(2);
        }
        n
    }

    fn join(&mut self, s: usize, v: &[(u32, f32)], event_day: Option<i64>, published: Option<i64>) {
        let vector = merge(&self.stories[s].vector, v);
        let member_norms = self.norms(v);
        let st = &mut self.stories[s];
        st.articles += 1;
        if st.members.len() < self.config.members.max(self.config.young_size) {
            st.members.push(Member {
                vector: v.to_vec(),
                norms: member_norms,
                article: self.assigned.len() as u32,
                event_day,
                embedding: self.embedding.clone(),
            });
        }
        if st.articles as usize > self.config.young_size && st.members.len() > self.config.members {
            // Past its second look: keep only the members compared when scoring.
            st.members.truncate(self.config.members);
            st.members.shrink_to_fit();
        }
        if let Some(e) = event_day {
            if st.event_days.len() < 8 && !st.event_days.contains(&e) {
                st.event_days.push(e);
            }
        }
        add_into(&mut st.embedding, &self.embedding);
        if let Some(p) = published {
            st.first_day = Some(st.first_day.map_or(p, |f| f.min(p)));
            st.last_day = Some(st.last_day.map_or(p, |l| l.max(p)));
        }
        self.install(s, vector);
    }

    /// Sets story `s`'s summed vector (pruned to its heaviest features) and its norms, and
    /// indexes it under its heaviest features it is not yet under.
    fn install(&mut self, s: usize, mut vector: Vec<(u32, f32)>) {
        let keep = self.config.story_features;
        let index_n = self.config.index_features;
        if vector.len() > keep * 2 {
            let mut w: Vec<(u32, f32)> =
                vector.iter().map(|x| (x.0, x.1 * self.idf(x.0))).collect();
            prune(&mut w, keep);
            vector.retain(|x| w.binary_search_by_key(&x.0, |y| y.0).is_ok());
        }
        let mut top: Vec<(u32, f32)> = vector.iter().map(|x| (x.0, x.1 * self.idf(x.0))).collect();
        heaviest(&mut top, index_n);
        let norms = self.norms(&vector);
        let st = &mut self.stories[s];
        st.vector = vector;
        st.norms = norms;
        st.norms_at = self.docs;
        let was_archived = st.archived;
        st.archived = false;
        let new: Vec<u32> = top
            .iter()
            .map(|x| x.0)
            .filter(|f| was_archived || !st.indexed.contains(f))
            .collect();
        if was_archived {
            st.indexed.clear();
        }
        for f in &new {
            st.indexed.push(*f);
        }
        if st.indexed.len() > index_n * 4 {
            let drop = st.indexed.len() - index_n * 4;
            st.indexed.drain(..drop);
        }
        for f in new {
            let p = &mut self.postings[f as usize];
            if p.last() != Some(&(s as u32)) {
                p.push(s as u32);
            }
        }
    }

    /// After an article joined story `s`: other stories it also matched whose centroids
    /// have converged with `s`'s are merged into `s` (the reports of one event that came
    /// apart because of the order they arrived in).
    fn merge_converged(&mut self, s: usize) {
        if self.config.merge_threshold > 1.0 {
            return;
        }
        let passed = std::mem::take(&mut self.passed);
        for &(t, _) in &passed {
            let t = t as usize;
            if t == s || root(&self.parent, t) != t {
                continue;
            }
            let (a, b) = (&self.stories[s], &self.stories[t]);
            if !a.event_days.is_empty()
                && !b.event_days.is_empty()
                && !a
                    .event_days
                    .iter()
                    .any(|d| event_matches(Some(*d), &b.event_days, self.config.date_gap_days))
            {
                continue;
            }
            let (na, nb) = (self.norms(&a.vector), self.norms(&b.vector));
            let (sim, names) = self.similarity_kinds(&a.vector, &na, &b.vector, &nb);
            let sim = self.with_embedding(sim, &a.embedding, &b.embedding);
            if names.is_some_and(|c| c < self.config.merge_name_gate)
                || sim < self.config.merge_threshold
            {
                continue;
            }
            self.absorb(s, t);
        }
        self.passed = passed;
    }

    /// Merges story `t` into story `s`.
    fn absorb(&mut self, s: usize, t: usize) {
        let gone = std::mem::replace(&mut self.stories[t], StoryState::new(None));
        self.stories[t].archived = true;
        self.parent[t] = s as u32;
        self.merged += 1;
        let vector = merge(&self.stories[s].vector, &gone.vector);
        let cap = self.config.members.max(self.config.young_size);
        let st = &mut self.stories[s];
        st.articles += gone.articles;
        add_into(&mut st.embedding, &gone.embedding);
        for m in gone.members {
            if st.members.len() < cap {
                st.members.push(m);
            }
        }
        for e in gone.event_days {
            if st.event_days.len() < 8 && !st.event_days.contains(&e) {
                st.event_days.push(e);
            }
        }
        for y in gone.years {
            if st.years.len() < 16 && !st.years.contains(&y) {
                st.years.push(y);
            }
        }
        for (p, n) in gone.persons {
            if let Some(x) = st.persons.iter_mut().find(|x| x.0 == p) {
                x.1 += n;
            } else if st.persons.len() < 8 {
                st.persons.push((p, n));
            }
        }
        st.persons
            .sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        st.first_day = match (st.first_day, gone.first_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        st.last_day = match (st.last_day, gone.last_day) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.install(s, vector);
    }

    /// Every 4096 articles: stories past the window leave the candidate index (their vectors
    /// are cut to their heaviest features) and enter the archive index by their names.
    fn age(&mut self) {
        self.since_aging += 1;
        if self.since_aging < 4096 {
            return;
        }
        self.since_aging = 0;
        let Some(now) = self.now else { return };
        let horizon = now - self.config.window_days;
        let mut aged = false;
        for (i, st) in self.stories.iter_mut().enumerate() {
            if st.archived || st.last_day.is_none_or(|l| l >= horizon) {
                continue;
            }
            st.archived = true;
            aged = true;
            st.members = Vec::new();
            st.pairs = Vec::new();
            st.pairs_of = Vec::new();
            prune(&mut st.vector, 32);
            let mut norms = [0.0f32; 4];
            for (f, w) in &st.vector {
                let idf = self.ln_docs - self.ln_df[*f as usize] + 1.0;
                norms[self.kinds[*f as usize] as usize] += (w * idf).powi(2);
            }
            st.norms = norms;
            st.indexed = Vec::new();
            for (f, _) in &st.vector {
                if self.kinds[*f as usize] == Kind::Name {
                    self.archive.entry(*f).or_default().push(i as u32);
                }
            }
        }
        if aged {
            let stories = &self.stories;
            for p in &mut self.postings {
                p.retain(|s| !stories[*s as usize].archived);
            }
        }
    }
}

/// True when the article's event day is close to one of the story's event days, and is
/// not just the publication day standing in for it.
fn event_matches(event_day: Option<i64>, story_days: &[i64], gap: i64) -> bool {
    event_day.is_some_and(|e| story_days.iter().any(|d| (d - e).abs() <= gap))
}

/// The event's day: a relative word of the lead ("yesterday", "on Tuesday") resolved against
/// the publication day (or, without one, the dateline); else the first date mentioned with a
/// day (its year from the text or the publication); else the publication day or dateline.
fn event_day(when: &features::When, published: Option<i64>) -> Option<i64> {
    let reference = published.or_else(|| when.dateline.map(|d| d.days() - EPOCH));
    if let (Some(r), Some(rel)) = (reference, when.relative.first()) {
        return Some(rel.resolve(r));
    }
    let pub_year = reference.map(|p| civil_month(p).0 as i32);
    let year_hint = when.dates.iter().find(|d| d.year != 0).map(|d| d.year);
    for d in &when.dates {
        if d.day != 0 {
            let year = if d.year != 0 {
                d.year
            } else if let Some(y) = pub_year.or(year_hint) {
                y
            } else {
                continue;
            };
            let mut day = features::days_from_civil(year, d.month, d.day) - EPOCH;
            // A year-less date after the reference day is most likely last year's.
            if let (0, Some(p)) = (d.year, reference) {
                if day > p + 2 {
                    day = features::days_from_civil(year - 1, d.month, d.day) - EPOCH;
                }
            }
            return Some(day);
        }
    }
    reference
}

/// Days from 0000-03-01 to 1970-01-01.
const EPOCH: i64 = 719_468;

/// (year, month) of a day count since the Unix epoch.
fn civil_month(day: i64) -> (i64, i64) {
    let z = day + EPOCH;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m)
}

/// Adds `b` into `a` element-wise (`a` takes `b`'s length when empty; mismatched lengths
/// leave `a` as it is).
fn add_into(a: &mut Vec<f32>, b: &[f32]) {
    if b.is_empty() {
        return;
    }
    if a.is_empty() {
        a.extend_from_slice(b);
    } else if a.len() == b.len() {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    }
}

fn merge(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Keeps the `keep` heaviest entries (ties by id), heaviest first: a selection, then a sort
/// of only those kept.
fn heaviest(v: &mut Vec<(u32, f32)>, keep: usize) {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if keep == 0 {
        v.clear();
        return;
    }
    if v.len() > keep {
        v.select_nth_unstable_by(keep - 1, order);
        v.truncate(keep);
    }
    v.sort_unstable_by(order);
}

/// Keeps the `keep` heaviest entries (ties by id), sorted by id again.
fn prune(v: &mut Vec<(u32, f32)>, keep: usize) {
    if v.len() <= keep {
        return;
    }
    heaviest(v, keep);
    v.sort_unstable_by_key(|x| x.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, title: &str, text: &str, published: Option<&str>) -> Article {
        let mut a = Article::new(id, "test");
        a.title = Some(title.into());
        a.paragraphs = text.split("\n\n").map(String::from).collect();
        a.published = published.and_then(model::PubTime::parse);
        a
    }

    /// Feeds articles in order and checks the story index of each.
    fn check(articles: &[Article], expected: &[usize]) {
        let mut c = Clusterer::default();
        let got: Vec<usize> = articles.iter().map(|a| c.add(a)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn same_event_joins_similar_event_does_not() {
        check(
            &[
                art("1", "Tara Reid enters rehab", "Actress Tara Reid, 33, has checked into the Promises Treatment Center in Malibu, her publicist said on Tuesday.", Some("2008-01-10")),
                art("2", "Reid checks into Promises", "Tara Reid entered Promises in Malibu, California, according to her representative.", Some("2008-01-11")),
                art("3", "Lindsay Lohan leaves Betty Ford", "Lindsay Lohan left the Betty Ford Center and checked into a rehab clinic in Malibu on Tuesday, her lawyer said.", Some("2013-06-04")),
                art("4", "Lohan moves to Cliffside", "Lohan checked into Cliffside Malibu after leaving Betty Ford, her attorney Shawn Holley said.", Some("2013-06-05")),
            ],
            &[0, 0, 1, 1],
        );
    }

    #[test]
    fn far_apart_in_time_are_different_stories() {
        let t =
            "A magnitude 6.1 earthquake struck the coast of Chile near Valparaiso, officials said.";
        check(
            &[
                art("1", "Quake hits Chile", t, Some("2010-03-03")),
                art("2", "Quake hits Chile", t, Some("2014-08-20")),
            ],
            &[0, 1],
        );
    }

    #[test]
    fn deterministic_and_order_stable() {
        let topics = [
            ("Bridge plan", "Mayor Alvarez of Toledo said the bridge plan costs 40 million dollars."),
            ("Flood warning", "Forecasters in Dhaka warned of floods along the Meghna river after monsoon rains."),
            ("Strike ends", "Dockworkers at Rotterdam ended their strike after the union accepted a wage offer."),
        ];
        let arts: Vec<Article> = (0..60)
            .map(|i| {
                let (title, text) = topics[i % 3];
                art(
                    &i.to_string(),
                    title,
                    &format!("{text} Reporter Number{i} wrote."),
                    Some("2025-01-02"),
                )
            })
            .collect();
        let run = || {
            let mut c = Clusterer::default();
            arts.iter().map(|a| c.add(a)).collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        assert_eq!(a.iter().max(), Some(&2));
    }

    #[test]
    fn assignments_follow_merges() {
        let mut c = Clusterer::new(Config {
            merge_threshold: 0.0,
            ..Config::default()
        });
        let a = art(
            "1",
            "Bridge opens",
            "Mayor Alvarez of Toledo opened the river bridge.",
            None,
        );
        let b = art(
            "2",
            "Flood warning",
            "Forecasters in Dhaka warned of floods.",
            None,
        );
        let s0 = c.add(&a);
        let s1 = c.add(&b);
        assert_ne!(s0, s1);
        assert_eq!(c.assignments(), vec![s0, s1]);
        // Whatever merges happen, assignments and story_of agree and stories() counts roots.
        c.add(&a);
        let got = c.assignments();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], c.story_of(s0));
        let mut roots = got.clone();
        roots.sort_unstable();
        roots.dedup();
        assert!(roots.len() <= c.stories());
    }

    #[test]
    fn scanning_ahead_on_another_thread_places_the_same() {
        let topics = [
            ("Bridge plan", "Mayor Alvarez of Toledo said on Monday the bridge plan costs 40 million dollars."),
            ("Flood warning", "Forecasters in Dhaka warned of floods along the Meghna river on March 3, 2024."),
            ("Strike ends", "Dockworkers at Rotterdam ended their strike yesterday, union leader Jan Visser said. Visser was pleased."),
            ("Quake hits Chile", "A 6.1 earthquake struck Chile near Valparaiso in 2010, killing 12."),
        ];
        let arts: Vec<Article> = (0..80)
            .map(|i| {
                let (title, text) = topics[(i * 7 + i / 5) % 4];
                let day = format!("2025-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
                art(
                    &i.to_string(),
                    title,
                    &format!("{text} Reporter Number{i} wrote."),
                    Some(&day),
                )
            })
            .collect();
        let with = |i: usize| Features {
            entities: if i.is_multiple_of(3) {
                vec!["Jan Visser".into()]
            } else {
                Vec::new()
            },
            dates: if i.is_multiple_of(4) {
                vec!["2024-03-03".into()]
            } else {
                Vec::new()
            },
            ..Features::default()
        };
        let mut c = Clusterer::default();
        let direct: Vec<usize> = arts
            .iter()
            .enumerate()
            .map(|(i, a)| c.add_with(a, &with(i)))
            .collect();
        let direct_now = c.assignments();
        let config = Config::default();
        let mut scanner = Scanner::new(&config);
        let scanned = std::thread::scope(|s| {
            s.spawn(|| {
                arts.iter()
                    .enumerate()
                    .map(|(i, a)| scanner.scan(a, &with(i)))
                    .collect::<Vec<_>>()
            })
            .join()
            .unwrap_or_default()
        });
        let mut c = Clusterer::new(config);
        let ahead: Vec<usize> = scanned.iter().map(|s| c.add_scanned(s)).collect();
        assert_eq!(direct, ahead);
        assert_eq!(direct_now, c.assignments());
        assert!(c.stories() > 1);
    }

    #[test]
    fn embeddings_decide_only_when_weighted() {
        // Same wording, embeddings that say "different": with the weight at 1 the embeddings
        // alone decide; at 0 (the default) they are ignored.
        let a = art(
            "1",
            "Quake hits Chile",
            "A magnitude 6.1 earthquake struck Chile near Valparaiso.",
            Some("2010-03-03"),
        );
        let b = art(
            "2",
            "Quake hits Chile",
            "A magnitude 6.1 earthquake struck Chile near Valparaiso.",
            Some("2010-03-03"),
        );
        let with = |e: Vec<f32>| Features {
            embedding: Some(e),
            ..Features::default()
        };
        let run = |weight: f32| {
            let mut c = Clusterer::new(Config {
                embedding_weight: weight,
                ..Config::default()
            });
            let x = c.add_with(&a, &with(vec![1.0, 0.0]));
            let y = c.add_with(&b, &with(vec![0.0, 1.0]));
            (x, y)
        };
        assert_eq!(run(0.0), (0, 0));
        assert_eq!(run(1.0), (0, 1));
        let mut c = Clusterer::new(Config {
            embedding_weight: 1.0,
            ..Config::default()
        });
        c.add_with(&a, &with(vec![0.6, 0.8]));
        assert_eq!(c.add_with(&b, &with(vec![0.6, 0.8])), 0);
    }

    #[test]
    fn second_look_splits_two_similar_events() {
        let a = [
            "Chargers receiver Vincent Jackson was arrested on suspicion of drunken driving on Tuesday. Jackson failed sobriety tests, police said.",
            "Vincent Jackson of the San Diego Chargers was booked into jail early Tuesday. Jackson will play on Sunday, coach Norv Turner said.",
            "Police stopped Vincent Jackson on a freeway on Tuesday. Jackson said he was innocent, his agent Neil Schwartz said.",
            "Jackson, the Chargers wide receiver, was arrested Tuesday morning. Jackson posted bail, said Norv Turner.",
        ];
        let b = [
            "Chargers defensive tackle Jamal Williams was arrested on suspicion of drunken driving early Sunday. Williams was speeding, officers said.",
            "Jamal Williams of the San Diego Chargers faces charges after a Sunday arrest. Williams declined to comment, said A. J. Smith.",
            "The city attorney weighs charges against Jamal Williams. Williams was stopped Sunday, prosecutor Jan Goldsmith said.",
            "Williams, the Chargers nose tackle, was released after his arrest. Williams has apologised, A. J. Smith said.",
        ];
        let mut c = Clusterer::default();
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            c.add(&art(&format!("a{i}"), "Chargers player arrested", x, None));
            c.add(&art(&format!("b{i}"), "Chargers player arrested", y, None));
        }
        let got = c.assignments();
        let (ja, jb): (Vec<usize>, Vec<usize>) = (
            got.iter().step_by(2).copied().collect(),
            got.iter().skip(1).step_by(2).copied().collect(),
        );
        assert!(ja.iter().all(|s| *s == ja[0]), "{got:?}");
        assert!(jb.iter().all(|s| *s == jb[0]), "{got:?}");
        assert_ne!(ja[0], jb[0], "{got:?}");
    }

    #[test]
    fn probe_scores_as_the_merge_does() {
        let mut c = Clusterer::default();
        let texts = [
            "Mayor Alvarez of Toledo said the bridge plan costs 40 million dollars in 2024.",
            "Forecasters in Dhaka warned of floods along the Meghna river, Alvarez said.",
            "The Toledo bridge plan, 40 million dollars, was approved by Mayor Alvarez.",
        ];
        for (i, t) in texts.iter().enumerate() {
            c.add(&art(&i.to_string(), "Plan", t, Some("2025-01-02")));
        }
        let members: Vec<&Member> = c.stories[0]
            .members
            .iter()
            .chain(&c.stories[c.stories.len() - 1].members)
            .collect();
        assert!(members.len() >= 2);
        let mut probe = Probe::default();
        for a in &members {
            probe.fill(&a.vector, |f| c.idf(f), &c.kinds);
            for b in &members {
                let (an, bn) = (&a.norms, &b.norms);
                let merged = c.similarity_kinds(&a.vector, an, &b.vector, bn);
                let probed = c.cosines(&probe.dot(&b.vector), an, bn);
                assert_eq!(merged, probed);
            }
        }
    }

    #[test]
    fn civil_month_inverts_days_from_civil() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2025, 12, 31), (1999, 3, 1)] {
            let day = features::days_from_civil(y, m, d) - EPOCH;
            assert_eq!(civil_month(day), (i64::from(y), i64::from(m)));
        }
        assert_eq!(features::days_from_civil(1970, 1, 1) - EPOCH, 0);
    }
}
