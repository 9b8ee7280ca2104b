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
//! Everything is deterministic (fixed seeds, no clock) and memory per article is small and
//! fixed: a 64-value signature, paragraph hashes and a few flags; the text is not kept.
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

use model::{Article, Copy};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Number of MinHash values per article.
pub const HASHES: usize = 64;

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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            shingle: 5,
            bands: 16,
            threshold: 0.7,
            min_paragraph_words: 8,
            min_words: 20,
        }
    }
}

/// What is kept of each article.
#[derive(Debug, Clone)]
struct Seen {
    id: String,
    signature: Box<[u32; HASHES]>,
    /// Hash of each paragraph's normalised words, in order (0 for empty paragraphs).
    paragraphs: Vec<u64>,
    shingles: u32,
    words: u32,
    title: u64,
    credited: bool,
    /// Index of the group's origin.
    root: u32,
}

/// Online deduplicator: feed articles in arrival order.
#[derive(Debug)]
pub struct Deduper {
    config: Config,
    seen: Vec<Seen>,
    /// Exact text hash -> first article.
    exact: FxHashMap<u64, u32>,
    /// LSH band key -> latest article with it.
    bands: FxHashMap<u64, u32>,
    /// Long paragraph hash -> latest article with it.
    paragraphs: FxHashMap<u64, u32>,
}

impl Default for Deduper {
    fn default() -> Deduper {
        Deduper::new(Config::default())
    }
}

impl Deduper {
    pub fn new(config: Config) -> Deduper {
        Deduper {
            config,
            seen: Vec::new(),
            exact: FxHashMap::default(),
            bands: FxHashMap::default(),
            paragraphs: FxHashMap::default(),
        }
    }

    /// Articles seen so far.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Records `article`; returns how it copies an earlier article, if it does.
    pub fn add(&mut self, article: &Article) -> Option<Copy> {
        let me = self.seen.len() as u32;
        let fp = fingerprint(article, &self.config);
        // Exact copy of the text.
        let exact = (fp.words > 0)
            .then(|| self.exact.get(&fp.text).copied())
            .flatten();
        let mut best: Option<(u32, f32)> = exact.map(|e| (e, 1.0));
        if best.is_none() && fp.words as usize >= self.config.min_words {
            let mut candidates: Vec<u32> = Vec::new();
            for key in band_keys(&fp.signature, self.config.bands) {
                if let Some(c) = self.bands.get(&key) {
                    candidates.push(*c);
                }
            }
            for (h, w) in fp.paragraphs.iter().zip(&fp.paragraph_words) {
                if *w as usize >= self.config.min_paragraph_words {
                    if let Some(c) = self.paragraphs.get(h) {
                        candidates.push(*c);
                    }
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for c in candidates {
                let s = similarity(&fp, &self.seen[c as usize]);
                if s >= self.config.threshold && best.is_none_or(|(_, b)| s > b) {
                    best = Some((c, s));
                }
            }
        }
        let root = best.map_or(me, |(c, _)| self.seen[c as usize].root);
        let copy = best.map(|(c, sim)| {
            let origin = &self.seen[root as usize];
            let changes = changes(&fp, origin, &self.seen[c as usize]);
            Copy {
                article: article.id.clone(),
                origin: origin.id.clone(),
                similarity: (sim * 1000.0).round() / 1000.0,
                changes,
            }
        });
        // Index this article.
        if fp.words > 0 {
            self.exact.entry(fp.text).or_insert(me);
        }
        if fp.words as usize >= self.config.min_words {
            for key in band_keys(&fp.signature, self.config.bands) {
                self.bands.insert(key, me);
            }
            for (h, w) in fp.paragraphs.iter().zip(&fp.paragraph_words) {
                if *w as usize >= self.config.min_paragraph_words {
                    self.paragraphs.insert(*h, me);
                }
            }
        }
        self.seen.push(Seen {
            id: article.id.clone(),
            signature: fp.signature,
            paragraphs: fp.paragraphs,
            shingles: fp.shingles,
            words: fp.words,
            title: fp.title,
            credited: fp.credited,
            root,
        });
        copy
    }
}

/// An article's fingerprint.
struct Fingerprint {
    text: u64,
    signature: Box<[u32; HASHES]>,
    paragraphs: Vec<u64>,
    paragraph_words: Vec<u32>,
    shingles: u32,
    words: u32,
    title: u64,
    credited: bool,
}

fn fingerprint(article: &Article, config: &Config) -> Fingerprint {
    let mut all: Vec<u64> = Vec::new();
    let mut paragraphs = Vec::with_capacity(article.paragraphs.len());
    let mut paragraph_words = Vec::with_capacity(article.paragraphs.len());
    for p in &article.paragraphs {
        let before = all.len();
        word_hashes(p, &mut all);
        let words = &all[before..];
        paragraphs.push(if words.is_empty() { 0 } else { combine(words) });
        paragraph_words.push(words.len() as u32);
    }
    let mut signature = Box::new([u32::MAX; HASHES]);
    let k = config.shingle.max(1);
    let mut shingles = 0u32;
    if !all.is_empty() {
        let n = if all.len() >= k { all.len() - k + 1 } else { 1 };
        for i in 0..n {
            let h = combine(&all[i..(i + k).min(all.len())]);
            shingles += 1;
            let h = mix(h);
            for (j, slot) in signature.iter_mut().enumerate() {
                // Multiply-shift hashing: one odd multiplier and offset per hash function.
                let v = (h
                    .wrapping_mul(SEEDS[j] | 1)
                    .wrapping_add(SEEDS[(j + 1) % HASHES])
                    >> 32) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
    }
    let mut title_words = Vec::new();
    if let Some(t) = &article.title {
        word_hashes(t, &mut title_words);
    }
    Fingerprint {
        text: combine(&all),
        signature,
        paragraphs,
        paragraph_words,
        shingles,
        words: all.len() as u32,
        title: if title_words.is_empty() {
            0
        } else {
            combine(&title_words)
        },
        credited: credited(article),
    }
}

/// Containment of the shorter text in the other: the larger of the MinHash estimate (from the
/// estimated Jaccard similarity and the shingle counts) and the share of the shorter text's
/// words that sit in paragraphs both have.
fn similarity(fp: &Fingerprint, other: &Seen) -> f32 {
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
        if *h != 0 && other.paragraphs.contains(h) {
            shared_words += w;
        }
    }
    let shorter = fp.words.min(other.words).max(1) as f32;
    let by_paragraph = (shared_words as f32 / shorter).min(1.0);
    minhash.max(by_paragraph)
}

/// What changed from the origin (and the matched article, when the copy is of a copy).
fn changes(fp: &Fingerprint, origin: &Seen, matched: &Seen) -> Vec<String> {
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
        if fp.text_differs(origin) {
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
        let order_mine: Vec<u64> = mine
            .iter()
            .copied()
            .filter(|h| theirs.contains(h))
            .collect();
        let order_theirs: Vec<u64> = theirs
            .iter()
            .copied()
            .filter(|h| mine.contains(h))
            .collect();
        if order_mine != order_theirs {
            out.push("reordered".to_string());
        }
    }
    if (origin.credited || matched.credited) && !fp.credited {
        out.push("attribution-removed".to_string());
    }
    out
}

impl Fingerprint {
    fn text_differs(&self, other: &Seen) -> bool {
        self.paragraphs != other.paragraphs
    }
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
fn credited(article: &Article) -> bool {
    if article
        .credit
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty())
    {
        return true;
    }
    let n = article.paragraphs.len();
    let ends: Vec<&String> = article
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 2 || *i + 1 == n)
        .map(|(_, p)| p)
        .collect();
    ends.iter().any(|p| {
        let lower = text::fold(p).to_lowercase();
        CREDITS.with(|c| c.iter().any(|pattern| lower.contains(pattern.as_str())))
    })
}

thread_local! {
    /// The credit patterns of every wire, built once.
    static CREDITS: Vec<String> = WIRES
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
}

/// Hashes of the lower-cased alphanumeric words of `text`, appended to `out`.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for b in l.encode_utf8(&mut buf).bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
            }
            in_word = true;
        } else if in_word {
            out.push(h);
            h = 0xcbf2_9ce4_8422_2325;
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
/// them, stored signatures depend on them).
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

/// One key per band: the band's rows hashed with the band number.
fn band_keys(sig: &[u32; HASHES], bands: usize) -> Vec<u64> {
    let bands = bands.clamp(1, HASHES);
    let rows = HASHES / bands;
    (0..bands)
        .map(|b| {
            let mut acc = mix(b as u64 + 1);
            for v in &sig[b * rows..(b + 1) * rows] {
                acc = mix(acc ^ u64::from(*v));
            }
            acc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Adds the articles in order; checks each one's origin and changes.
    fn check(articles: &[Article], expected: &[Option<(&str, &[&str])>]) {
        let mut d = Deduper::default();
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
    fn signatures_are_stable() {
        let fp = fingerprint(&art("a", "T", &PARAS), &Config::default());
        let again = fingerprint(&art("b", "T", &PARAS), &Config::default());
        assert_eq!(fp.signature, again.signature);
        assert_eq!(SEEDS[0], seeds()[0]);
    }
}
