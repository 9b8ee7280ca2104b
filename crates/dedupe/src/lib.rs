//! Exact and near-duplicate copies and wire syndication, found online with MinHash over word
//! shingles and banded LSH keys, plus an index of long paragraphs for cut or reordered copies.
//!
//! Feed articles in arrival order to [`Deduper::add`]. For each one it answers whether the
//! article copies an earlier one and, if so, a [`model::Copy`]: the group's origin (the first
//! article of the group; a copy of a copy points to the root), a similarity figure (how much of
//! the shorter text the other contains, estimated from the MinHash signatures or measured on
//! paragraphs) and what changed: `"headline"`, `"paragraphs-added"`, `"paragraphs-cut"`,
//! `"reordered"`, `"attribution-removed"`, `"edited"`.
//!
//! Candidates are looked up in a bounded window: the articles published within
//! [`Config::window_days`] of the newest one seen, and at most [`Config::window_articles`] of
//! them. Older articles leave the index (every key they own is removed), so memory and cost per
//! article stay flat however long the stream; an origin whose copies are still in the window
//! keeps what its copies are described against, so a late copy of a copy still names it. The
//! answers already given are not affected.
//!
//! Everything is deterministic (fixed seeds, no clock: time is the articles' publication time)
//! and memory per article in the window is small and fixed: a 64-value signature, paragraph
//! hashes and a few flags; the text is not kept. Hashing reuses buffers: adding an article
//! allocates only what is kept of it.
//!
//! ```
//! use model::Article;
//! let art = |id: &str, title: &str, paras: &[&str]| {
//!     let mut a = Article::new(id, "inline");
//!     a.title = Some(title.into());
//!     a.paragraphs = paras.iter().map(|p| p.to_string()).collect();
//!     a
//! };
//! let p1 = "MOSCOW (Reuters) - The Kremlin said on Friday that President Vladimir Putin had sent a signal to the United States through an envoy about a ceasefire plan for Ukraine.";
//! let p2 = "Kremlin spokesman Dmitry Peskov told reporters there were reasons for cautious optimism, but that much work remained before any deal could be signed.";
//! let p3 = "Putin met the envoy late on Thursday in the Kremlin, according to officials who asked not to be named because the talks were private.";
//! let mut d = dedupe::Deduper::new(dedupe::Config::default());
//! assert!(d.add(&art("a", "Kremlin sends signal", &[p1, p2, p3])).is_none());
//! let copy = d.add(&art("b", "Putin sends Trump a signal", &[p2, p1])).unwrap();
//! assert_eq!(copy.origin, "a");
//! assert!(copy.changes.contains(&"headline".to_string()));
//! assert!(copy.changes.contains(&"paragraphs-cut".to_string()));
//! assert!(copy.changes.contains(&"reordered".to_string()));
//! ```

use aho_corasick::AhoCorasick;
use model::{Article, Copy};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::OnceLock;

/// Number of MinHash values (bins) per article.
pub const HASHES: usize = 64;
// The bins' occupancy is one `u64` bit mask.
const _: () = assert!(HASHES == 64);

/// Settings of the deduplicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Words per shingle.
    pub shingle: usize,
    /// LSH bands; `HASHES / bands` rows each.
    pub bands: usize,
    /// Minimum containment (0..1) of the shorter text in the other for a copy.
    pub threshold: f32,
    /// Paragraphs with fewer words are not indexed on their own.
    pub min_paragraph_words: usize,
    /// Texts with fewer words are only ever exact duplicates.
    pub min_words: usize,
    /// Days an article stays a candidate, counted back from the newest publication time seen;
    /// 0 for no time limit. Articles without a publication time leave by count only.
    pub window_days: u32,
    /// Most articles kept as candidates; past it the oldest leave first (at least 1).
    pub window_articles: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            shingle: 5,
            bands: 16,
            threshold: 0.7,
            min_paragraph_words: 8,
            min_words: 20,
            window_days: 14,
            window_articles: 200_000,
        }
    }
}

/// What an origin needs to describe its copies; kept while the article or a copy of it is in
/// the window.
#[derive(Debug, Clone)]
struct Kept {
    id: Box<str>,
    /// Hash of each paragraph's normalised words, in order (0 for empty paragraphs).
    paragraphs: Box<[u64]>,
    title: u64,
    credited: bool,
    /// Articles in the window, other than this one, whose origin this is.
    members: u32,
}

/// What is kept of each article in the window.
#[derive(Debug, Clone)]
struct Seen {
    signature: [u32; HASHES],
    /// Hash of the whole normalised text.
    text: u64,
    /// Publication time, Unix seconds, when known.
    time: Option<i64>,
    shingles: u32,
    words: u32,
    /// Arrival position of the group's origin.
    root: u64,
    kept: Kept,
}

/// Online deduplicator: feed articles in arrival order.
#[derive(Debug)]
pub struct Deduper {
    config: Config,
    /// Arrival position of `window[0]`.
    first: u64,
    /// The candidate articles, oldest first.
    window: VecDeque<Seen>,
    /// Origins that left the window while copies of them are still in it, by arrival position.
    origins: FxHashMap<u64, Kept>,
    /// Newest publication time seen (Unix seconds).
    latest: Option<i64>,
    /// The index: low 32 bits of a key -> low 32 bits of the arrival position of the latest
    /// article with it. Positions resolve against the window (which holds fewer than 2^32
    /// articles); a shortened key can only add a candidate, which is then measured.
    exact: FxHashMap<u32, u32>,
    /// LSH band keys.
    bands: FxHashMap<u32, u32>,
    /// Hashes of long paragraphs.
    paragraphs: FxHashMap<u32, u32>,
    /// Signs articles for [`Deduper::add`].
    signer: Signer,
    /// Reused buffer of candidates.
    candidates: Vec<usize>,
}

impl Default for Deduper {
    fn default() -> Deduper {
        Deduper::new(Config::default())
    }
}

impl Deduper {
    pub fn new(config: Config) -> Deduper {
        Deduper {
            config: config.clone(),
            first: 0,
            window: VecDeque::new(),
            origins: FxHashMap::default(),
            latest: None,
            exact: FxHashMap::default(),
            bands: FxHashMap::default(),
            paragraphs: FxHashMap::default(),
            signer: Signer::new(&config),
            candidates: Vec::new(),
        }
    }

    /// Articles seen so far.
    pub fn len(&self) -> usize {
        (self.first as usize).saturating_add(self.window.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Articles currently in the candidate window.
    pub fn window_len(&self) -> usize {
        self.window.len()
    }

    /// Records `article`; returns how it copies an earlier article, if it does.
    pub fn add(&mut self, article: &Article) -> Option<Copy> {
        let mut signer = std::mem::take(&mut self.signer);
        let signed = signer.sign(article);
        self.signer = signer;
        self.add_signed(&signed)
    }

    /// A signer with this deduplicator's settings, to sign articles ahead (on another
    /// thread) for [`Deduper::add_signed`].
    pub fn signer(&self) -> Signer {
        Signer::new(&self.config)
    }

    /// Records an article signed by a [`Signer`] with the same settings: the same answer as
    /// [`Deduper::add`] on the article.
    pub fn add_signed(&mut self, fp: &Signed) -> Option<Copy> {
        let time = fp.time;
        if let Some(t) = time {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
        self.evict();
        let me = self.first + self.window.len() as u64;
        let best = self.best_match(fp);
        let root = best.map_or(me, |(c, _)| self.window[c].root);
        let copy = best.map(|(c, sim)| {
            let matched = &self.window[c].kept;
            // The origin is in the window or kept for its copies; `matched` stands in otherwise
            // (which the bookkeeping in `evict` rules out).
            let origin = self.kept(root).unwrap_or(matched);
            Copy {
                article: fp.id.clone(),
                origin: origin.id.to_string(),
                similarity: (sim * 1000.0).round() / 1000.0,
                changes: changes(fp, origin, matched),
            }
        });
        if copy.is_some() {
            if let Some(k) = self.kept_mut(root) {
                k.members += 1;
            }
        }
        // Index this article.
        let v = me as u32;
        if fp.words > 0 {
            self.exact.insert(fp.text as u32, v);
        }
        if fp.words as usize >= self.config.min_words {
            let (bands, rows) = band_shape(self.config.bands);
            for b in 0..bands {
                self.bands
                    .insert(band_key(&fp.signature, b, rows) as u32, v);
            }
            for (h, w) in fp.paragraphs.iter().zip(&fp.paragraph_words) {
                if *w as usize >= self.config.min_paragraph_words {
                    self.paragraphs.insert(*h as u32, v);
                }
            }
        }
        self.window.push_back(Seen {
            signature: fp.signature,
            text: fp.text,
            time,
            shingles: fp.shingles,
            words: fp.words,
            root,
            kept: Kept {
                id: fp.id.as_str().into(),
                paragraphs: fp.paragraphs.as_slice().into(),
                title: fp.title,
                credited: fp.credited,
                members: 0,
            },
        });
        copy
    }

    /// The window offset of the best earlier match of `fp` and its similarity, if any reaches
    /// the threshold.
    fn best_match(&mut self, fp: &Signed) -> Option<(usize, f32)> {
        // Exact copy of the text.
        if fp.words > 0 {
            if let Some(c) = self
                .exact
                .get(&(fp.text as u32))
                .and_then(|v| self.offset(*v))
            {
                if self.window[c].text == fp.text {
                    return Some((c, 1.0));
                }
            }
        }
        if (fp.words as usize) < self.config.min_words {
            return None;
        }
        let mut candidates = std::mem::take(&mut self.candidates);
        candidates.clear();
        let (bands, rows) = band_shape(self.config.bands);
        for b in 0..bands {
            let key = band_key(&fp.signature, b, rows) as u32;
            candidates.extend(self.bands.get(&key).and_then(|v| self.offset(*v)));
        }
        for (h, w) in fp.paragraphs.iter().zip(&fp.paragraph_words) {
            if *w as usize >= self.config.min_paragraph_words {
                candidates.extend(
                    self.paragraphs
                        .get(&(*h as u32))
                        .and_then(|v| self.offset(*v)),
                );
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, f32)> = None;
        for &c in &candidates {
            let s = similarity(fp, &self.window[c]);
            if s >= self.config.threshold && best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
        }
        self.candidates = candidates;
        best
    }

    /// The window offset of an indexed position (its low 32 bits), if it is still there.
    fn offset(&self, v: u32) -> Option<usize> {
        let off = v.wrapping_sub(self.first as u32) as usize;
        (off < self.window.len()).then_some(off)
    }

    /// The origin data of the article at arrival position `pos`.
    fn kept(&self, pos: u64) -> Option<&Kept> {
        match pos.checked_sub(self.first) {
            Some(off) => self.window.get(off as usize).map(|s| &s.kept),
            None => self.origins.get(&pos),
        }
    }

    fn kept_mut(&mut self, pos: u64) -> Option<&mut Kept> {
        match pos.checked_sub(self.first) {
            Some(off) => self.window.get_mut(off as usize).map(|s| &mut s.kept),
            None => self.origins.get_mut(&pos),
        }
    }

    /// Drops from the index the articles past the window (by time, then by count, making
    /// room for one more), keeping origins whose copies remain.
    fn evict(&mut self) {
        let most = self.config.window_articles.clamp(1, u32::MAX as usize / 2);
        let horizon = match (self.config.window_days, self.latest) {
            (0, _) | (_, None) => None,
            (days, Some(latest)) => Some(latest - i64::from(days) * 86_400),
        };
        let (bands, rows) = band_shape(self.config.bands);
        while let Some(front) = self.window.front() {
            let old_in_time = matches!((front.time, horizon), (Some(t), Some(h)) if t < h);
            if !old_in_time && self.window.len() < most {
                break;
            }
            let Some(old) = self.window.pop_front() else {
                break;
            };
            let pos = self.first;
            self.first += 1;
            let v = pos as u32;
            remove_if(&mut self.exact, old.text as u32, v);
            for b in 0..bands {
                remove_if(&mut self.bands, band_key(&old.signature, b, rows) as u32, v);
            }
            for h in old.kept.paragraphs.iter().filter(|h| **h != 0) {
                remove_if(&mut self.paragraphs, *h as u32, v);
            }
            // Its origin left before it (arrival order), so it is kept among the origins.
            if old.root != pos {
                if let Some(o) = self.origins.get_mut(&old.root) {
                    o.members = o.members.saturating_sub(1);
                    if o.members == 0 {
                        self.origins.remove(&old.root);
                    }
                }
            }
            if old.kept.members > 0 {
                self.origins.insert(pos, old.kept);
            }
        }
    }
}

/// Removes `key` from `map` if it still points to `v`.
fn remove_if(map: &mut FxHashMap<u32, u32>, key: u32, v: u32) {
    if map.get(&key) == Some(&v) {
        map.remove(&key);
    }
}

/// What [`Deduper::add_signed`] needs of an article: its id and publication time, the hash
/// of its text, its MinHash signature, its paragraphs' hashes and its title's. Computed by a
/// [`Signer`] without the deduplicator, so it can be computed ahead on another thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    id: String,
    /// Publication time, Unix seconds.
    time: Option<i64>,
    text: u64,
    signature: [u32; HASHES],
    paragraphs: Vec<u64>,
    paragraph_words: Vec<u32>,
    shingles: u32,
    words: u32,
    title: u64,
    credited: bool,
}

/// Signs articles ([`Signed`]), in buffers reused from one article to the next.
#[derive(Debug, Default)]
pub struct Signer {
    config: Config,
    /// Word hashes of the whole text.
    words_buf: Vec<u64>,
    /// Word hashes of the title.
    title_buf: Vec<u64>,
    /// Lower-cased, folded paragraph for the credit patterns.
    folded: String,
}

/// Signs one article (see [`Signer`] to reuse buffers).
pub fn sign(article: &Article, config: &Config) -> Signed {
    Signer::new(config).sign(article)
}

impl Signer {
    pub fn new(config: &Config) -> Signer {
        Signer {
            config: config.clone(),
            ..Signer::default()
        }
    }

    /// The signature of `article`.
    pub fn sign(&mut self, article: &Article) -> Signed {
        let all = &mut self.words_buf;
        all.clear();
        let mut paragraphs = Vec::with_capacity(article.paragraphs.len());
        let mut paragraph_words = Vec::with_capacity(article.paragraphs.len());
        for p in &article.paragraphs {
            let before = all.len();
            word_hashes(p, all);
            let words = &all[before..];
            paragraphs.push(if words.is_empty() { 0 } else { combine(words) });
            paragraph_words.push(words.len() as u32);
        }
        let k = self.config.shingle.max(1);
        let mut shingles = 0u32;
        let mut bins = [u32::MAX; HASHES];
        let mut filled = 0u64;
        let text = combine(all);
        // Shingle hashes from the words mixed once: the words of a shingle rotated by their
        // place, folded together, then mixed.
        for w in all.iter_mut() {
            *w = mix(*w);
        }
        if !all.is_empty() {
            let n = if all.len() >= k { all.len() - k + 1 } else { 1 };
            for i in 0..n {
                let shingle = &all[i..(i + k).min(all.len())];
                let mut acc = shingle.len() as u64;
                for (t, w) in shingle.iter().enumerate() {
                    acc ^= w.rotate_left((7 * t) as u32 % 64);
                }
                let h = mix(acc);
                shingles += 1;
                // One permutation, 64 bins: the low bits pick the bin, the high bits compete.
                let bin = (h % HASHES as u64) as usize;
                bins[bin] = bins[bin].min((h >> 32) as u32);
                filled |= 1 << bin;
            }
        }
        let words = all.len() as u32;
        self.title_buf.clear();
        if let Some(t) = &article.title {
            word_hashes(t, &mut self.title_buf);
        }
        let title = if self.title_buf.is_empty() {
            0
        } else {
            combine(&self.title_buf)
        };
        Signed {
            id: article.id.clone(),
            time: article.published.as_ref().map(model::PubTime::approx_unix),
            text,
            signature: densify(&bins, filled),
            paragraphs,
            paragraph_words,
            shingles,
            words,
            title,
            credited: credited(article, &mut self.folded),
        }
    }
}

/// Fills the empty bins of a one-permutation signature (`filled` has a bit per non-empty
/// bin) from non-empty ones, each empty bin probing bins in its own fixed pseudo-random order
/// ("optimal densification", Shrivastava 2017): two texts then agree on a bin with the
/// probability that they agree on a non-empty one, their Jaccard similarity.
fn densify(bins: &[u32; HASHES], filled: u64) -> [u32; HASHES] {
    let mut out = *bins;
    if filled == 0 || filled == u64::MAX {
        return out;
    }
    for (i, slot) in out.iter_mut().enumerate() {
        if filled & (1 << i) != 0 {
            continue;
        }
        let mut probe = SEEDS[i];
        // The next filled bin after `i` stands in should the probes (improbably) all miss.
        let mut donor =
            (i + 1 + filled.rotate_right(i as u32 + 1).trailing_zeros() as usize) % HASHES;
        for _ in 0..1024 {
            probe = mix(probe);
            let j = (probe % HASHES as u64) as usize;
            if filled & (1 << j) != 0 {
                donor = j;
                break;
            }
        }
        *slot = bins[donor];
    }
    out
}

/// Containment of the shorter text in the other: the larger of the MinHash estimate (from the
/// estimated Jaccard similarity and the shingle counts) and the share of the shorter text's
/// words that sit in paragraphs both have.
fn similarity(fp: &Signed, other: &Seen) -> f32 {
    let equal = fp
        .signature
        .iter()
        .zip(other.signature.iter())
        .filter(|(a, b)| a == b)
        .count();
    let j = equal as f32 / HASHES as f32;
    let (a, b) = (fp.shingles as f32, other.shingles as f32);
    let minhash = if a.min(b) > 0.0 {
        (j * (a + b) / ((1.0 + j) * a.min(b))).min(1.0)
    } else {
        0.0
    };
    let mut shared_words = 0u32;
    for (h, w) in fp.paragraphs.iter().zip(&fp.paragraph_words) {
        if *h != 0 && other.kept.paragraphs.contains(h) {
            shared_words += w;
        }
    }
    let shorter = fp.words.min(other.words).max(1) as f32;
    let by_paragraph = (shared_words as f32 / shorter).min(1.0);
    minhash.max(by_paragraph)
}

/// What changed from the origin (and the matched article, when the copy is of a copy).
fn changes(fp: &Signed, origin: &Kept, matched: &Kept) -> Vec<String> {
    let mut out = Vec::new();
    if fp.title != 0 && origin.title != 0 && fp.title != origin.title {
        out.push("headline".to_string());
    }
    let mine: Vec<u64> = fp.paragraphs.iter().copied().filter(|h| *h != 0).collect();
    let theirs: Vec<u64> = origin
        .paragraphs
        .iter()
        .copied()
        .filter(|h| *h != 0)
        .collect();
    let shared = mine.iter().filter(|h| theirs.contains(h)).count();
    if shared == 0 {
        // No paragraph survived intact: the text was edited throughout.
        if fp.paragraphs[..] != origin.paragraphs[..] {
            out.push("edited".to_string());
        }
    } else {
        if mine.iter().any(|h| !theirs.contains(h)) {
            out.push("paragraphs-added".to_string());
        }
        if theirs.iter().any(|h| !mine.contains(h)) {
            out.push("paragraphs-cut".to_string());
        }
        // Shared paragraphs in the origin's order vs in the copy's order.
        let order_mine = mine.iter().filter(|h| theirs.contains(h));
        let order_theirs = theirs.iter().filter(|h| mine.contains(h));
        if !order_mine.eq(order_theirs) {
            out.push("reordered".to_string());
        }
    }
    if (origin.credited || matched.credited) && !fp.credited {
        out.push("attribution-removed".to_string());
    }
    out
}

/// Wire agencies whose credit marks a syndicated text.
const WIRES: [&str; 10] = [
    "ap",
    "associated press",
    "reuters",
    "afp",
    "agence france-presse",
    "upi",
    "dpa",
    "pa",
    "bloomberg",
    "efe",
];

/// True when the article credits a wire: its `credit` field, or a credit in the first two or
/// the last paragraph such as "(Reuters)", "(AP) -", "— AFP", "Associated Press contributed".
/// `folded` is a reused buffer.
fn credited(article: &Article, folded: &mut String) -> bool {
    if article
        .credit
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty())
    {
        return true;
    }
    let n = article.paragraphs.len();
    let credits = credit_patterns();
    article
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 2 || *i + 1 == n)
        .any(|(_, p)| {
            fold_lower(p, folded);
            credits.is_match(folded.as_str())
        })
}

/// The credit patterns of every wire in one automaton, built once.
fn credit_patterns() -> &'static CreditPatterns {
    static PATTERNS: OnceLock<CreditPatterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let patterns: Vec<String> = WIRES
            .iter()
            .flat_map(|w| {
                let mut p = vec![
                    format!("({w})"),
                    format!("- {w}"),
                    format!("{w} contributed"),
                    format!("the {w} news agency"),
                ];
                if w.len() > 3 {
                    p.push(format!("{w} reported"));
                }
                p
            })
            .collect();
        CreditPatterns {
            automaton: AhoCorasick::new(&patterns).ok(),
            patterns,
        }
    })
}

/// Credit patterns, lower-case, and their automaton (a plain scan stands in if it could not be
/// built).
struct CreditPatterns {
    patterns: Vec<String>,
    automaton: Option<AhoCorasick>,
}

impl CreditPatterns {
    fn is_match(&self, text: &str) -> bool {
        match &self.automaton {
            Some(a) => a.is_match(text),
            None => self.patterns.iter().any(|p| text.contains(p.as_str())),
        }
    }
}

/// `text` lower-cased, with dashes made `-` and runs of white space one space, into `out`
/// (what `text::fold` then `to_lowercase` give for the credit patterns, without allocating).
fn fold_lower(text: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '–' | '—' | '‑' | '‒' | '―' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            space = false;
        }
    }
}

/// FNV-1a offset basis and prime.
const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Each ASCII byte lower-cased if alphanumeric, 0 otherwise.
const ASCII_WORD: [u8; 128] = {
    let mut out = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            out[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    out
};

/// Hashes of the lower-cased alphanumeric words of `text`, appended to `out` (ASCII byte by
/// byte; other characters through their Unicode lower case).
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    let mut h = FNV_BASIS;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let alphanumeric = if b.is_ascii() {
            i += 1;
            let lower = ASCII_WORD[usize::from(b)];
            if lower != 0 {
                h = (h ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
            }
            lower != 0
        } else {
            // `i` is on a character boundary: ASCII bytes step by one, others by their length.
            let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            let alnum = c.is_alphanumeric();
            if alnum {
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for b in l.encode_utf8(&mut buf).bytes() {
                        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                    }
                }
            }
            alnum
        };
        if alphanumeric {
            in_word = true;
        } else if in_word {
            out.push(h);
            h = FNV_BASIS;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
}

/// An order-dependent hash of a sequence of hashes.
fn combine(hs: &[u64]) -> u64 {
    let mut acc: u64 = 0x2545_f491_4f6c_dd1d ^ hs.len() as u64;
    for h in hs {
        acc = mix(acc ^ h).rotate_left(17);
    }
    acc
}

/// SplitMix64's finaliser: a fast, well-spread 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Fixed seeds of the hash functions (generated from SplitMix64 with seed 0x5eed; never change
/// them: signatures, and so which articles match, depend on them).
const SEEDS: [u64; HASHES] = seeds();

const fn seeds() -> [u64; HASHES] {
    let mut out = [0u64; HASHES];
    let mut state: u64 = 0x5eed;
    let mut i = 0;
    while i < HASHES {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out[i] = z ^ (z >> 31);
        i += 1;
    }
    out
}

/// Bands and rows per band for a configured band count.
fn band_shape(bands: usize) -> (usize, usize) {
    let bands = bands.clamp(1, HASHES);
    (bands, HASHES / bands)
}

/// The key of band `b`: its rows hashed with the band number.
fn band_key(sig: &[u32; HASHES], b: usize, rows: usize) -> u64 {
    let mut acc = mix(b as u64 + 1);
    for v in &sig[b * rows..(b + 1) * rows] {
        acc = mix(acc ^ u64::from(*v));
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PARAS: [&str; 6] = [
        "WASHINGTON (AP) - The Senate voted 68 to 31 on Tuesday to approve a bill that would expand health coverage for veterans exposed to toxic burn pits.",
        "The measure now goes to the House, where leaders said they expected it to pass before the August recess despite objections over its cost.",
        "Supporters said the bill would help an estimated 3.5 million veterans who served in Iraq and Afghanistan and later developed cancers and lung disease.",
        "Opponents argued that the spending, estimated at 280 billion dollars over a decade, should have been offset by cuts elsewhere in the budget.",
        "The vote followed months of lobbying by veterans groups and the comedian Jon Stewart, who watched from the gallery with several families.",
        "President Biden has said he would sign the bill as soon as it reaches his desk, calling it a promise kept to those who served.",
    ];

    fn art(id: &str, title: &str, paras: &[&str]) -> Article {
        let mut a = Article::new(id, "test");
        a.title = Some(title.into());
        a.paragraphs = paras.iter().map(|p| p.to_string()).collect();
        a
    }

    /// An article of three paragraphs of words found nowhere else (`n` picks them).
    fn unrelated(id: &str, n: usize) -> Article {
        let para = |p: usize| -> String {
            (0..14)
                .map(|w| format!("w{n}x{p}x{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let paras = [para(0), para(1), para(2)];
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        art(id, &format!("Unrelated {n}"), &refs)
    }

    /// Publication time `days` after 2025-01-01.
    fn on_day(mut a: Article, days: i64) -> Article {
        a.published = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| model::PubTime::Local(t + chrono::Duration::hours(days * 24)));
        a
    }

    /// Adds the articles in order to a deduper with `config`; checks each one's origin and
    /// changes.
    fn check_with(config: Config, articles: &[Article], expected: &[Option<(&str, &[&str])>]) {
        assert_eq!(articles.len(), expected.len());
        let mut d = Deduper::new(config);
        for (a, want) in articles.iter().zip(expected) {
            let got = d.add(a);
            match (got, want) {
                (None, None) => {}
                (Some(c), Some((origin, changes))) => {
                    assert_eq!(c.origin, *origin, "origin of {}", a.id);
                    assert_eq!(c.changes, *changes, "changes of {}", a.id);
                    assert!(c.similarity > 0.0 && c.similarity <= 1.0);
                }
                (got, want) => panic!("{}: got {got:?}, want {want:?}", a.id),
            }
        }
    }

    fn check(articles: &[Article], expected: &[Option<(&str, &[&str])>]) {
        check_with(Config::default(), articles, expected);
    }

    #[test]
    fn exact_cut_reordered_and_rewritten_copies() {
        let unrelated = [
            "The House passed a separate defence spending bill on Wednesday after a long debate about military pay and housing for soldiers' families.",
            "Lawmakers from both parties said the measure, worth 840 billion dollars, would still face a difficult negotiation with the Senate in the autumn.",
            "Several members objected to provisions on overseas bases, and the final vote of 229 to 201 was closer than leaders had predicted.",
        ];
        let mut boiler: Vec<&str> = PARAS.to_vec();
        boiler.insert(3, "Sign up for our newsletter to get the day's top political stories in your inbox every morning, free of charge.");
        let no_credit = PARAS[0].replace("WASHINGTON (AP) - ", "");
        let mut stripped: Vec<&str> = PARAS.to_vec();
        stripped[0] = &no_credit;
        check(
            &[
                art("origin", "Senate passes burn pits bill", &PARAS),
                art("exact", "Senate passes burn pits bill", &PARAS),
                art("cut", "Senate passes burn pits bill", &PARAS[..4]),
                art(
                    "reordered",
                    "Burn pits bill clears Senate",
                    &[PARAS[1], PARAS[0], PARAS[2], PARAS[3], PARAS[4], PARAS[5]],
                ),
                art("boiler", "Senate passes burn pits bill", &boiler),
                art("stripped", "Senate passes burn pits bill", &stripped),
                art("unrelated", "House passes defence bill", &unrelated),
            ],
            &[
                None,
                Some(("origin", &[])),
                Some(("origin", &["paragraphs-cut"])),
                Some(("origin", &["headline", "reordered"])),
                Some(("origin", &["paragraphs-added"])),
                Some((
                    "origin",
                    &["paragraphs-added", "paragraphs-cut", "attribution-removed"],
                )),
                None,
            ],
        );
    }

    #[test]
    fn copy_of_a_copy_points_to_the_root() {
        check(
            &[
                art("a", "T", &PARAS),
                art("b", "T", &PARAS[..5]),
                art("c", "T", &PARAS[1..5]),
            ],
            &[
                None,
                Some(("a", &["paragraphs-cut"])),
                Some(("a", &["paragraphs-cut", "attribution-removed"])),
            ],
        );
    }

    #[test]
    fn short_texts_are_only_exact_copies() {
        check(
            &[
                art("a", "T", &["Markets rose today."]),
                art("b", "T", &["Markets fell today."]),
                art("c", "T", &["Markets rose today."]),
            ],
            &[None, None, Some(("a", &[]))],
        );
    }

    #[test]
    fn articles_past_the_count_window_are_not_candidates() {
        let small = Config {
            window_articles: 3,
            ..Config::default()
        };
        check_with(
            small.clone(),
            &[
                art("a", "T", &PARAS),
                unrelated("u1", 1),
                unrelated("u2", 2),
                art("late", "T", &PARAS),
            ],
            &[None, None, None, None],
        );
        check_with(
            small,
            &[
                art("a", "T", &PARAS),
                unrelated("u1", 1),
                art("in-time", "T", &PARAS),
            ],
            &[None, None, Some(("a", &[]))],
        );
    }

    #[test]
    fn articles_past_the_time_window_are_not_candidates() {
        let week = Config {
            window_days: 7,
            ..Config::default()
        };
        check_with(
            week,
            &[
                on_day(art("a", "T", &PARAS), 0),
                on_day(art("b", "T", &PARAS[..5]), 6),
                on_day(unrelated("u", 1), 9),
                on_day(art("c", "T", &PARAS), 10),
                on_day(art("d", "T", &PARAS[..5]), 10),
            ],
            &[
                None,
                Some(("a", &["paragraphs-cut"])),
                None,
                // "a" left the window; "b", its copy, did not: "c" is a copy of the group.
                Some(("a", &[])),
                Some(("a", &["paragraphs-cut"])),
            ],
        );
    }

    #[test]
    fn an_origin_outlives_the_window_while_its_copies_are_in_it() {
        let small = Config {
            window_articles: 2,
            ..Config::default()
        };
        check_with(
            small,
            &[
                art("a", "T", &PARAS),
                art("b", "T", &PARAS[..5]),
                art("c", "T", &PARAS[1..5]),
                art("d", "T", &PARAS[1..4]),
                unrelated("u1", 1),
                unrelated("u2", 2),
                art("e", "T", &PARAS[1..4]),
            ],
            &[
                None,
                Some(("a", &["paragraphs-cut"])),
                Some(("a", &["paragraphs-cut", "attribution-removed"])),
                Some(("a", &["paragraphs-cut", "attribution-removed"])),
                None,
                None,
                None,
            ],
        );
    }

    #[test]
    fn memory_stays_flat_past_the_window() {
        let mut d = Deduper::new(Config {
            window_articles: 50,
            ..Config::default()
        });
        for i in 0..2_000 {
            let a = if i % 3 == 0 {
                // Copies keep groups alive across the window's edge.
                art(&format!("c{i}"), "T", &PARAS[i % 2..])
            } else {
                unrelated(&format!("u{i}"), i)
            };
            d.add(&a);
            assert!(d.window_len() <= 50);
        }
        assert_eq!(d.len(), 2_000);
        // Every indexed key belongs to an article in the window.
        for map in [&d.exact, &d.bands, &d.paragraphs] {
            assert!(map.len() <= 50 * (16 + 6 + 1));
            assert!(map.values().all(|v| d.offset(*v).is_some()));
        }
        // Only the copies' origin is kept past the window.
        assert!(d.origins.len() <= 1, "{} origins kept", d.origins.len());
    }

    #[test]
    fn signing_ahead_on_another_thread_gives_the_same_answers() {
        let mut articles = Vec::new();
        for i in 0..40usize {
            let a = match i % 5 {
                0 => art(&format!("a{i}"), "Senate passes bill", &PARAS),
                1 => art(&format!("a{i}"), "Bill passes", &PARAS[..4]),
                2 => art(&format!("a{i}"), "Vote", &[PARAS[2], PARAS[0], PARAS[1]]),
                3 => unrelated(&format!("a{i}"), i),
                _ => art(&format!("a{i}"), "Short", &["too short to sign"]),
            };
            articles.push(on_day(a, i as i64 / 4));
        }
        let config = Config {
            window_articles: 12,
            ..Config::default()
        };
        let mut d = Deduper::new(config.clone());
        let direct: Vec<Option<Copy>> = articles.iter().map(|a| d.add(a)).collect();
        let mut d = Deduper::new(config);
        let mut signer = d.signer();
        let signed = std::thread::scope(|s| {
            s.spawn(|| articles.iter().map(|a| signer.sign(a)).collect::<Vec<_>>())
                .join()
                .unwrap_or_default()
        });
        assert_eq!(signed.len(), articles.len());
        let ahead: Vec<Option<Copy>> = signed.iter().map(|x| d.add_signed(x)).collect();
        assert_eq!(direct, ahead);
        assert!(direct.iter().filter(|c| c.is_some()).count() > 10);
    }

    #[test]
    fn signatures_are_stable() {
        // A reused signer gives what a fresh one does.
        let mut signer = Signer::new(&Config::default());
        let first = signer.sign(&art("a", "T", &PARAS)).signature;
        signer.sign(&art("x", "Other", &PARAS[..2]));
        assert_eq!(signer.sign(&art("b", "T", &PARAS)).signature, first);
        assert_eq!(
            sign(&art("b", "T", &PARAS), &Config::default()).signature,
            first
        );
        assert_eq!(SEEDS[0], seeds()[0]);
    }

    /// The MinHash containment estimate against the true share of shared shingles, on texts
    /// of `n` words of which a share `overlap` is also in the other text.
    #[test]
    fn containment_estimates_are_close() {
        let config = Config::default();
        let text = |from: usize, n: usize| -> Article {
            let words: Vec<String> = (from..from + n).map(|w| format!("w{w}")).collect();
            art("x", "T", &[&words.join(" ")])
        };
        for (n, tolerance) in [(30, 0.3), (100, 0.2), (400, 0.12), (1500, 0.1)] {
            for overlap in [0.0, 0.2, 0.5, 0.8, 0.95] {
                let shared = (n as f64 * overlap) as usize;
                let (a, b) = (
                    sign(&text(0, n), &config),
                    sign(&text(n - shared, n), &config),
                );
                let seen = Seen {
                    signature: b.signature,
                    text: b.text,
                    time: None,
                    shingles: b.shingles,
                    words: b.words,
                    root: 0,
                    kept: Kept {
                        id: "b".into(),
                        paragraphs: b.paragraphs.as_slice().into(),
                        title: 0,
                        credited: false,
                        members: 0,
                    },
                };
                let k = config.shingle;
                let truth = shared.saturating_sub(k - 1) as f32 / (n - k + 1) as f32;
                let got = similarity(&a, &seen);
                assert!(
                    (got - truth).abs() <= tolerance,
                    "{n} words, {overlap} shared: estimate {got}, truth {truth}"
                );
            }
        }
    }

    /// The char-by-char word hashing the byte-wise one must agree with.
    fn word_hashes_by_char(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut h = FNV_BASIS;
        let mut in_word = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for b in l.encode_utf8(&mut buf).bytes() {
                        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                    }
                }
                in_word = true;
            } else if in_word {
                out.push(h);
                h = FNV_BASIS;
                in_word = false;
            }
        }
        if in_word {
            out.push(h);
        }
        out
    }

    /// Pieces of text that make and break credit patterns.
    const PIECES: [&str; 20] = [
        "(",
        ")",
        "AP",
        "ap",
        "Reuters",
        "REUTERS",
        " ",
        "  ",
        "\t",
        "\u{a0}",
        "-",
        "—",
        "–",
        "contributed",
        "the",
        "news agency",
        "Agence",
        "France-Presse",
        "é",
        "İ",
    ];

    proptest! {
        #[test]
        fn byte_wise_word_hashes_match_char_wise(text in "\\PC{0,60}") {
            let mut got = Vec::new();
            word_hashes(&text, &mut got);
            prop_assert_eq!(got, word_hashes_by_char(&text));
        }

        #[test]
        fn credit_scan_matches_fold_then_contains(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..12)
        ) {
            let text: String = pieces.iter().map(|i| PIECES[*i]).collect();
            let lower = text::fold(&text).to_lowercase();
            let want = credit_patterns().patterns.iter().any(|p| lower.contains(p.as_str()));
            let mut folded = String::new();
            fold_lower(&text, &mut folded);
            prop_assert_eq!(credit_patterns().is_match(&folded), want, "{:?}", text);
        }
    }
}
