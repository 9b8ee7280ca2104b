//! The only crate that knows the order of the stages:
//!
//! ```text
//! Document --extract--> Article --dedupe--> (copy of an origin?) --cluster--> story
//!          --annotate--> mentions, quotes, times    (per article, on arrival)
//! story --resolve entities, link speakers, timeline--> --align claims, brief--> Story record
//! ```
//!
//! [`Pipeline`] is online: documents are added one at a time in arrival order, and
//! [`Pipeline::digest`] builds the story records from what has arrived so far. It does no IO
//! and reads no clock: the same inputs in the same order give the same bytes out.
//!
//! ```
//! use model::{Document, Format};
//! let mut p = pipeline::Pipeline::new(pipeline::Config::default());
//! let doc = Document::new("a.txt", Format::Text, "Talks resume in Geneva\n\nDiplomats met on Monday in Geneva to resume talks.");
//! let added = p.add_document(&doc);
//! let digest = p.digest();
//! assert_eq!(digest.stories.len(), 1);
//! assert_eq!(digest.stories[0].articles, vec![added.article]);
//! ```

use model::{Annotations, Article, ArticleId, Copy, Digest, Document, Story, StoryId};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

pub mod ahead;

/// Settings of every stage, in one place.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub dedupe: dedupe::Config,
    pub cluster: cluster::Config,
}

/// What became of one added article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub article: ArticleId,
    pub story: StoryId,
    pub duplicate_of: Option<ArticleId>,
    /// False when the article was already known (same id): nothing changed.
    pub new: bool,
}

struct Entry {
    article: Article,
    /// Computed on first need (building a story), in parallel across articles.
    annotations: OnceLock<Annotations>,
    copy: Option<Copy>,
    /// The story it joined on arrival (see [`Pipeline::groups`] for the current one).
    story: usize,
    /// Where it stands in the clusterer's order, or the entry of the origin it copies.
    place: Place,
}

#[derive(Clone, Copy)]
enum Place {
    Clustered(usize),
    CopyOf(usize),
}

/// The online engine: add documents in arrival order, read stories at any time.
pub struct Pipeline {
    deduper: dedupe::Deduper,
    signer: dedupe::Signer,
    clusterer: cluster::Clusterer,
    /// Reads every article for the clusterer (which is fed only through it), so that reading
    /// can run ahead on a second thread ([`Pipeline::add_articles`]).
    scanner: cluster::Scanner,
    outlets: extract::plain::OutletMemory,
    entries: Vec<Entry>,
    by_id: HashMap<ArticleId, usize>,
    /// Member entry indexes of each story, in arrival order.
    stories: Vec<Vec<usize>>,
    /// Story index the clusterer uses -> our story index.
    cluster_story: HashMap<usize, usize>,
    /// Articles given to the clusterer so far.
    clustered: usize,
}

impl Pipeline {
    pub fn new(config: Config) -> Pipeline {
        let deduper = dedupe::Deduper::new(config.dedupe);
        Pipeline {
            signer: deduper.signer(),
            deduper,
            scanner: cluster::Scanner::new(&config.cluster),
            clusterer: cluster::Clusterer::new(config.cluster),
            outlets: extract::plain::OutletMemory::new(),
            entries: Vec::new(),
            by_id: HashMap::new(),
            stories: Vec::new(),
            cluster_story: HashMap::new(),
            clustered: 0,
        }
    }

    /// Extracts a document and adds the article.
    pub fn add_document(&mut self, doc: &Document) -> Added {
        let mut article = extract::extract(doc);
        self.outlets.strip(&mut article);
        self.add_article(article)
    }

    /// Extracts documents on all cores, then adds the articles in order
    /// ([`Pipeline::add_articles`]): the same result as [`Pipeline::add_document`] on each.
    pub fn add_documents(&mut self, docs: &[Document]) -> Vec<Added> {
        let mut articles = parallel_map(docs, extract::extract);
        for a in &mut articles {
            self.outlets.strip(a);
        }
        self.add_articles(articles)
    }

    /// Adds already extracted articles in order, reading each (dedupe signature, clustering
    /// features) on a second thread ahead of placing it ([`ahead::read_ahead`]): the same
    /// result as [`Pipeline::add_article`] on each in turn.
    pub fn add_articles(&mut self, articles: Vec<Article>) -> Vec<Added> {
        if articles.len() < 16 {
            return articles.into_iter().map(|a| self.add_article(a)).collect();
        }
        // Only new articles (not known ids, not repeats within the batch) are signed, read
        // and placed: the one-at-a-time path reads no others either, and the scanner's order
        // must be the placing order.
        let mut seen = std::collections::HashSet::new();
        let new: Vec<usize> = (0..articles.len())
            .filter(|&i| !self.by_id.contains_key(&articles[i].id) && seen.insert(&articles[i].id))
            .collect();
        // The reading thread owns the scanner meanwhile (a placeholder stands in); a second
        // signer lets both threads sign.
        let signers = [std::mem::take(&mut self.signer), self.deduper.signer()];
        let mut scanner = std::mem::replace(
            &mut self.scanner,
            cluster::Scanner::new(&cluster::Config::default()),
        );
        // Each entry made waits for its article, moved in once reading is over.
        let mut out: Vec<Option<Added>> = vec![None; articles.len()];
        let mut entries = Vec::with_capacity(new.len());
        let ([signer, _], _) = {
            let refs: Vec<&Article> = new.iter().map(|&i| &articles[i]).collect();
            let scanner = &mut scanner;
            ahead::read_ahead(
                &refs,
                signers,
                |signer: &mut dedupe::Signer, a: &&Article| signer.sign(a),
                |a| scanner.scan(a, &cluster::Features::default()),
                |k, signed, scanned| {
                    entries.push(self.entries.len());
                    out[new[k]] = Some(self.place(refs[k], signed, &scanned));
                },
            )
        };
        self.signer = signer;
        self.scanner = scanner;
        let mut articles: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
        for (&i, entry) in new.iter().zip(entries) {
            if let Some(a) = articles[i].take() {
                self.install(entry, a);
            }
        }
        // Known ids (and repeats) are answered once every article is in place.
        out.into_iter()
            .zip(articles)
            .filter_map(|(added, a)| added.or_else(|| a.map(|a| self.known(&a))))
            .collect()
    }

    /// What became of an article whose id is already known.
    fn known(&self, article: &Article) -> Added {
        let Some(&i) = self.by_id.get(&article.id) else {
            unreachable!("known() is only asked about known ids");
        };
        let e = &self.entries[i];
        Added {
            article: e.article.id.clone(),
            story: self.arrival_story_id(e.story),
            duplicate_of: e.article.duplicate_of.clone(),
            new: false,
        }
    }

    /// Adds an already extracted article (e.g. one replayed from a store). Adding an id that
    /// is already known changes nothing.
    pub fn add_article(&mut self, article: Article) -> Added {
        if self.by_id.contains_key(&article.id) {
            return self.known(&article);
        }
        let signed = self.signer.sign(&article);
        let scanned = self.scanner.scan(&article, &cluster::Features::default());
        let entry = self.entries.len();
        let added = self.place(&article, &signed, &scanned);
        self.install(entry, article);
        added
    }

    /// Deduplicates and clusters a new article from its signature and features: its entry
    /// is made, with a stand-in for the article that [`Pipeline::install`] then moves in
    /// (so that placing can run while other threads still read the articles).
    fn place(
        &mut self,
        article: &Article,
        signed: &dedupe::Signed,
        scanned: &cluster::Scanned,
    ) -> Added {
        let copy = self.deduper.add_signed(signed);
        let duplicate_of = copy.as_ref().map(|c| c.origin.clone());
        let (story, place) = match copy.as_ref().and_then(|c| self.by_id.get(&c.origin)) {
            // A copy belongs to its origin's story.
            Some(&origin) => (self.entries[origin].story, Place::CopyOf(origin)),
            None => {
                let c = self.clusterer.add_scanned(scanned);
                let next = self.stories.len();
                let place = Place::Clustered(self.clustered);
                self.clustered += 1;
                (*self.cluster_story.entry(c).or_insert(next), place)
            }
        };
        if story == self.stories.len() {
            self.stories.push(Vec::new());
        }
        let index = self.entries.len();
        self.stories[story].push(index);
        self.by_id.insert(article.id.clone(), index);
        let added = Added {
            article: article.id.clone(),
            story: String::new(),
            duplicate_of,
            new: true,
        };
        self.entries.push(Entry {
            // Only the id is read until the article itself is installed.
            article: Article::new(article.id.clone(), ""),
            annotations: OnceLock::new(),
            copy,
            story,
            place,
        });
        Added {
            story: self.arrival_story_id(story),
            ..added
        }
    }

    /// Moves a placed article into its entry, with what placing found out about it.
    fn install(&mut self, entry: usize, mut article: Article) {
        let e = &mut self.entries[entry];
        article.duplicate_of = e.copy.as_ref().map(|c| c.origin.clone());
        e.article = article;
    }

    /// All articles, in arrival order.
    pub fn articles(&self) -> impl ExactSizeIterator<Item = &Article> {
        self.entries.iter().map(|e| &e.article)
    }

    pub fn article(&self, id: &str) -> Option<&Article> {
        self.by_id.get(id).map(|&i| &self.entries[i].article)
    }

    /// The members (entry indexes, arrival order) of every story now, stories in order of
    /// their first member. The clusterer may have moved an article since it arrived (a young
    /// story split in two, two stories merged), so this reads its current assignments; a
    /// copy follows its origin.
    fn groups(&self) -> Vec<Vec<usize>> {
        let assigned = self.clusterer.assignments();
        let mut key_of: Vec<usize> = Vec::with_capacity(self.entries.len());
        let mut group_of_key: HashMap<usize, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let key = match e.place {
                Place::Clustered(p) => assigned[p],
                Place::CopyOf(origin) => key_of[origin],
            };
            key_of.push(key);
            let g = *group_of_key.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        groups
    }

    /// The ids of every story, in order of their first article.
    pub fn story_ids(&self) -> Vec<StoryId> {
        self.groups().iter().map(|g| self.story_id(g)).collect()
    }

    /// The story an article belongs to now.
    pub fn story_of(&self, article: &str) -> Option<StoryId> {
        let &i = self.by_id.get(article)?;
        self.groups()
            .iter()
            .find(|g| g.contains(&i))
            .map(|g| self.story_id(g))
    }

    /// One story, fully built (entities, quotes, timeline, claims, brief).
    pub fn story(&self, id: &str) -> Option<Story> {
        let groups = self.groups();
        let g = groups.iter().find(|g| self.story_id(g) == id)?;
        Some(self.build_story(g).0)
    }

    /// Every article and every story built from what has arrived so far. Annotation and
    /// story building run on all cores; the output does not depend on how many there are.
    pub fn digest(&self) -> Digest {
        let (stories, novel) = self.all_stories();
        assemble(
            stories,
            novel,
            self.entries.iter().map(|e| e.article.clone()),
        )
    }

    /// [`Pipeline::digest`] for a caller done with the pipeline: the articles move into the
    /// digest instead of being copied, and each article's annotations are dropped as soon as
    /// the stories are built.
    pub fn into_digest(self) -> Digest {
        let (stories, novel) = self.all_stories();
        assemble(stories, novel, self.entries.into_iter().map(|e| e.article))
    }

    /// Every story, with every article's novel claims.
    fn all_stories(&self) -> (Vec<Story>, BTreeMap<String, Vec<String>>) {
        let all: Vec<&Entry> = self.entries.iter().collect();
        self.build_all(&self.groups(), &all)
    }

    /// Every story's id with a fingerprint of its membership (a hash of its articles' ids in
    /// order). A story record depends only on its members, so a story whose fingerprint has not
    /// changed between two calls has the same record: callers rebuild only the others (see
    /// [`Pipeline::digest_stories`]). Cheap: no annotation, no story building.
    pub fn story_fingerprints(&self) -> BTreeMap<StoryId, u64> {
        self.groups()
            .iter()
            .map(|g| {
                let mut key = Vec::new();
                for &i in g {
                    key.extend_from_slice(self.entries[i].article.id.as_bytes());
                    key.push(0);
                }
                (self.story_id(g), model::stable_hash(&key))
            })
            .collect()
    }

    /// Like [`Pipeline::digest`], for the named stories only (ids that do not exist are
    /// skipped): their records, and the articles they hold, in arrival order. Only those
    /// articles are annotated.
    pub fn digest_stories(&self, ids: &BTreeSet<StoryId>) -> Digest {
        let groups: Vec<Vec<usize>> = self
            .groups()
            .into_iter()
            .filter(|g| ids.contains(&self.story_id(g)))
            .collect();
        let mut members: Vec<usize> = groups.iter().flatten().copied().collect();
        members.sort_unstable();
        let wanted: Vec<&Entry> = members.iter().map(|&i| &self.entries[i]).collect();
        let (stories, novel) = self.build_all(&groups, &wanted);
        assemble(stories, novel, wanted.iter().map(|e| e.article.clone()))
    }

    /// Builds the stories of `groups` in parallel, in order, with every article's novel claims;
    /// `members` (the entries of those groups) are annotated first, on all cores.
    fn build_all(
        &self,
        groups: &[Vec<usize>],
        members: &[&Entry],
    ) -> (Vec<Story>, BTreeMap<String, Vec<String>>) {
        annotate_all(members);
        // Largest stories first, so that no core is left with a big one at the end.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(groups[i].len()));
        let mut built: Vec<_> = order
            .iter()
            .copied()
            .zip(parallel_map(&order, |&i| self.build_story(&groups[i])))
            .collect();
        built.sort_unstable_by_key(|(i, _)| *i);
        let mut novel: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut stories = Vec::with_capacity(built.len());
        for (_, (story, n)) in built {
            novel.extend(n);
            stories.push(story);
        }
        (stories, novel)
    }

    /// A story's id: `s-` and the hash part of its first article's id, so replaying the same
    /// articles in the same order gives the same ids.
    fn story_id(&self, members: &[usize]) -> StoryId {
        let first = &self.entries[members[0]].article.id;
        format!("s-{}", first.strip_prefix("a-").unwrap_or(first))
    }

    /// The id of the story an article joined on arrival.
    fn arrival_story_id(&self, story: usize) -> StoryId {
        self.story_id(&self.stories[story])
    }

    fn build_story(&self, group: &[usize]) -> (Story, BTreeMap<String, Vec<String>>) {
        let members: Vec<&Entry> = group.iter().map(|&i| &self.entries[i]).collect();
        let mut story = Story::new(self.story_id(group), headline(&members));
        story.articles = members.iter().map(|e| e.article.id.clone()).collect();
        let mut seen = BTreeSet::new();
        for e in &members {
            if let Some(src) = &e.article.source {
                if seen.insert(src.to_lowercase()) {
                    story.sources.push(src.clone());
                }
            }
        }
        story.first_published = members.iter().filter_map(|e| e.article.published).min();
        story.last_published = members.iter().filter_map(|e| e.article.published).max();
        story.copies = members.iter().filter_map(|e| e.copy.clone()).collect();
        let origin = |e: &Entry| {
            e.copy
                .as_ref()
                .map_or(e.article.id.clone(), |c| c.origin.clone())
        };
        story.independent_sources = members
            .iter()
            .map(|e| origin(e))
            .collect::<BTreeSet<_>>()
            .len();

        let items: Vec<(&Article, &Annotations)> = members
            .iter()
            .map(|e| (&e.article, annotations(e)))
            .collect();
        let resolved = annotate::resolve_story(&items);
        story.entities = resolved.entities;
        story.quotes = resolved.quotes;
        story.timeline = resolved.timeline;

        let origins: Vec<String> = members.iter().map(|e| origin(e)).collect();
        let aligned: Vec<align::StoryArticle<'_>> = members
            .iter()
            .zip(&origins)
            .map(|(e, o)| align::StoryArticle {
                article: &e.article,
                annotations: annotations(e),
                origin: o,
            })
            .collect();
        let alignment = align::align_story(&aligned);
        story.claims = alignment.claims;
        story.contradictions = alignment.contradictions;
        story.brief = alignment.brief;
        story.events = alignment.events;
        (story, alignment.novel_claims)
    }
}

/// A digest of `stories` and `articles`, each article given its novel claims from `novel`.
fn assemble(
    stories: Vec<Story>,
    mut novel: BTreeMap<String, Vec<String>>,
    articles: impl Iterator<Item = Article>,
) -> Digest {
    let articles = articles
        .map(|mut a| {
            a.novel_claims = novel.remove(&a.id).unwrap_or_default();
            a
        })
        .collect();
    Digest {
        articles,
        stories,
        errors: Vec::new(),
    }
}

/// An entry's annotations, made on first use.
fn annotations(e: &Entry) -> &Annotations {
    e.annotations.get_or_init(|| annotate::annotate(&e.article))
}

/// Annotates `members` on all cores. An exact copy of an earlier member (same paragraphs, same
/// publication time: a wire story republished word for word) takes that member's annotations
/// with its own id put in, which equals annotating it ([`annotate::annotations_for_copy`]).
fn annotate_all(members: &[&Entry]) {
    let mut first: HashMap<&[String], Vec<usize>> = HashMap::new();
    // For each member, the earlier member it is an exact copy of, if any.
    let mut copy_of: Vec<Option<usize>> = vec![None; members.len()];
    for (i, e) in members.iter().enumerate() {
        let same = first.entry(&e.article.paragraphs).or_default();
        copy_of[i] = same
            .iter()
            .copied()
            .find(|&j| annotate::same_annotation_input(&members[j].article, &e.article));
        if copy_of[i].is_none() {
            same.push(i);
        }
    }
    let originals: Vec<&Entry> = members
        .iter()
        .zip(&copy_of)
        .filter(|(_, c)| c.is_none())
        .map(|(e, _)| *e)
        .collect();
    parallel_map(&originals, |e| {
        annotations(e);
    });
    for (e, of) in members.iter().zip(copy_of) {
        if let Some(j) = of {
            e.annotations.get_or_init(|| {
                annotate::annotations_for_copy(annotations(members[j]), &e.article.id)
            });
        }
    }
}

/// Maps `f` over `items` on up to `available_parallelism` threads, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    if threads <= 1 || items.len() < 8 {
        return items.iter().map(&f).collect();
    }
    // Each thread takes the next item when it is free, so items of very different cost (a
    // story of 300 articles next to one of 2) keep every core busy to the end.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(x) = items.get(i) else { break };
                        done.push((i, f(x)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut out: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in parts.into_iter().flatten() {
        out[i] = Some(r);
    }
    out.into_iter().flatten().collect()
}

/// The headline of a story: the title of its earliest original article that has one, else the
/// first sentence of its first article.
fn headline(members: &[&Entry]) -> String {
    let titled = members
        .iter()
        .filter(|e| e.copy.is_none())
        .chain(members.iter())
        .find_map(|e| e.article.title.as_deref().filter(|t| !t.trim().is_empty()));
    if let Some(t) = titled {
        return t.trim().to_string();
    }
    let body = members
        .first()
        .map(|e| e.article.body())
        .unwrap_or_default();
    let first = text::sentences(&body)
        .first()
        .map(|s| s.slice(&body).to_string())
        .unwrap_or_default();
    let mut h: String = first.chars().take(120).collect();
    if first.chars().count() > 120 {
        h.push('…');
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::Format;

    fn doc(input: &str, text: &str) -> Document {
        Document::new(input, Format::Text, text)
    }

    #[test]
    fn same_document_twice_changes_nothing() {
        let mut p = Pipeline::new(Config::default());
        let d = doc(
            "a.txt",
            "Headline here\n\nThe council voted on Tuesday to close the bridge.",
        );
        let a = p.add_document(&d);
        let b = p.add_document(&d);
        assert!(a.new && !b.new);
        assert_eq!(a.story, b.story);
        assert_eq!(p.articles().len(), 1);
    }

    #[test]
    fn exact_copy_joins_its_origin_story() {
        let mut p = Pipeline::new(Config::default());
        let text = "Bridge closed\n\nThe council voted on Tuesday to close the old bridge over the river after engineers found cracks in two of its piers.";
        let a = p.add_document(&doc("a.txt", text));
        let b = p.add_document(&doc("b.txt", text));
        assert_eq!(b.duplicate_of.as_deref(), Some(a.article.as_str()));
        assert_eq!(a.story, b.story);
        let d = p.digest();
        assert_eq!(d.stories[0].independent_sources, 1);
        assert_eq!(d.stories[0].copies.len(), 1);
    }

    #[test]
    fn partial_digest_rebuilds_what_changed_as_a_full_digest_would() {
        let mut p = Pipeline::new(Config::default());
        p.add_document(&doc(
            "a.txt",
            "Bridge closed\n\nThe council voted on Tuesday to close the old river bridge in Toledo.",
        ));
        p.add_document(&doc(
            "b.txt",
            "Storm hits coast\n\nA storm hit the northern coast of Chile on Monday, cutting power.",
        ));
        let before = p.story_fingerprints();
        assert_eq!(before.len(), 2);
        p.add_document(&doc(
            "c.txt",
            "Toledo bridge closed\n\nToledo's council voted on Tuesday to close the old river bridge.",
        ));
        let after = p.story_fingerprints();
        let changed: BTreeSet<StoryId> = after
            .iter()
            .filter(|(id, f)| before.get(*id) != Some(f))
            .map(|(id, _)| id.clone())
            .collect();
        assert_eq!(changed.len(), 1, "only the bridge story changed: {after:?}");
        let part = p.digest_stories(&changed);
        let full = p.digest();
        assert_eq!(part.stories.len(), 1);
        let same = full.stories.iter().find(|s| s.id == part.stories[0].id);
        assert_eq!(same, Some(&part.stories[0]));
        assert_eq!(part.articles.len(), 2);
        for a in &part.articles {
            assert_eq!(full.articles.iter().find(|b| b.id == a.id), Some(a));
        }
    }

    #[test]
    fn batch_paths_equal_one_at_a_time() {
        let topics = [
            ("Bridge closed", "The council of Toledo voted on Tuesday to close the old river bridge after engineers found cracks."),
            ("Storm hits coast", "A storm hit the northern coast of Chile on Monday, cutting power to 40,000 homes."),
            ("Strike ends", "Dockworkers at Rotterdam ended their strike after the union accepted a wage offer."),
        ];
        let mut docs: Vec<Document> = (0..40)
            .map(|i| {
                let (t, body) = topics[i % 3];
                // Every fifth is an exact copy of an earlier one (a dedupe hit).
                let extra = if i % 5 == 4 {
                    String::new()
                } else {
                    format!(" Reporter {i} added detail number {i}.")
                };
                doc(&format!("d{i}.txt"), &format!("{t}\n\n{body}{extra}"))
            })
            .collect();
        docs.push(docs[3].clone()); // the same document again: a known id
        docs.push(docs[24].clone()); // a copy (of d9) again, within its batch
        let mut one = Pipeline::new(Config::default());
        let a: Vec<Added> = docs.iter().map(|d| one.add_document(d)).collect();
        let mut many = Pipeline::new(Config::default());
        let (first, rest) = docs.split_at(20);
        let mut b = many.add_documents(first);
        b.extend(many.add_documents(rest));
        assert_eq!(a, b);
        assert!(a.iter().any(|x| x.duplicate_of.is_some()) && a.iter().any(|x| !x.new));
        assert!(a.iter().any(|x| !x.new && x.duplicate_of.is_some()));
        assert_eq!(
            format!("{:?}", one.digest()),
            format!("{:?}", many.digest())
        );
    }

    #[test]
    fn digest_is_deterministic() {
        let docs = [
            doc(
                "a.txt",
                "Bridge closed\n\nThe council voted on Tuesday to close the bridge.",
            ),
            doc(
                "b.txt",
                "Storm hits coast\n\nA storm hit the northern coast on Monday, cutting power.",
            ),
        ];
        let run = || {
            let mut p = Pipeline::new(Config::default());
            for d in &docs {
                p.add_document(d);
            }
            format!("{:?}", p.digest())
        };
        assert_eq!(run(), run());
    }
}
