//! A deterministic stream of news-like articles built from real text, for the benches.
//!
//! The base texts are the ECB+ documents (`events/ecbplus`) and the PolNeAR articles
//! (`quotes/polnear/data/*/text`) under the shared data folder; at least one of them must be
//! there. The generator recombines them into stories: each story takes one event, gives
//! its names (capitalised words inside sentences) new invented names and its event a date
//! spread over six months, then emits a few articles about it from different outlets: the
//! event's real reports (the ECB+ documents of one topic and subtopic; a PolNeAR article is an
//! event of its own) with sentences dropped, reordered or regrouped, other headlines, and wire
//! copies of the first article, re-headlined, cut, with boilerplate added or the credit
//! removed. Stories overlap in time as in a real feed. The same seed gives the same articles,
//! byte for byte.

use crate::cluster::SplitMix;
use crate::{ecbplus, Error, Result};
use model::{Article, PubTime};
use std::collections::BTreeMap;
use std::path::Path;

/// One base text: a title and sentences grouped into paragraphs.
#[derive(Debug, Clone)]
pub struct Base {
    /// What it is about, coarsely: `ecbplus-<topic>` or `polnear-<date>`.
    pub group: String,
    /// The event it reports: the ECB+ label (`3/ecbplus`) or the PolNeAR file name. Reports
    /// of one event are the independent articles of one generated story.
    pub event: String,
    pub title: String,
    pub paragraphs: Vec<Vec<String>>,
    /// Capitalised words that are not sentence-initial: the names to vary.
    pub names: Vec<String>,
}

/// Reads the base texts under `data` (the shared data folder).
pub fn load_bases(data: &Path) -> Result<Vec<Base>> {
    let mut out = Vec::new();
    let ecb = data.join("events/ecbplus");
    if ecb.is_dir() {
        for d in ecbplus::load(&ecb, "all")? {
            let a = d.article();
            let sentences: Vec<String> = a.paragraphs;
            if sentences.len() < 3 {
                continue;
            }
            let title = sentences[0].clone();
            let paragraphs: Vec<Vec<String>> =
                sentences[1..].chunks(2).map(<[String]>::to_vec).collect();
            let mut b = base(format!("ecbplus-{}", d.topic), title, paragraphs);
            b.event = d.label();
            out.push(b);
        }
    }
    for split in ["train", "dev"] {
        let dir = data.join("quotes/polnear/data").join(split).join("text");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let raw = crate::read(&f)?;
            let text = String::from_utf8_lossy(&raw);
            let mut blocks = text
                .split("\n\n")
                .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|b| !b.is_empty());
            let Some(title) = blocks.next() else { continue };
            let paragraphs: Vec<Vec<String>> = blocks
                .map(|b| {
                    text::sentences(&b)
                        .iter()
                        .map(|s| s.slice(&b).to_string())
                        .collect()
                })
                .filter(|p: &Vec<String>| !p.is_empty())
                .collect();
            // File names are `<publisher>_<date>_<slug>.txt`.
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let date = name.split('_').nth(1).unwrap_or("").to_string();
            if paragraphs.len() >= 2 {
                let mut b = base(format!("polnear-{date}"), title, paragraphs);
                b.event = name;
                out.push(b);
            }
        }
    }
    if out.is_empty() {
        return Err(Error::Missing(data.join("events/ecbplus")));
    }
    Ok(out)
}

fn base(group: String, title: String, paragraphs: Vec<Vec<String>>) -> Base {
    let mut names = BTreeMap::new();
    for s in paragraphs.iter().flatten() {
        for (i, t) in text::tokens(s).iter().enumerate() {
            let w = t.text(s);
            if i > 0
                && text::is_capitalized(w)
                && w.chars().count() > 2
                && w.chars().all(char::is_alphabetic)
                && !text::is_stopword(&w.to_lowercase())
            {
                *names.entry(w.to_string()).or_insert(0) += 1;
            }
        }
    }
    Base {
        event: group.clone(),
        group,
        title,
        paragraphs,
        names: names.into_keys().collect(),
    }
}

const OUTLETS: [&str; 12] = [
    "Daily Ledger",
    "Morning Star",
    "City Courier",
    "Evening Post",
    "Northern Times",
    "Valley Herald",
    "Coastal Gazette",
    "Capital Wire",
    "Metro Chronicle",
    "Harbor Tribune",
    "Plains Observer",
    "Summit Journal",
];

const BOILERPLATE: [&str; 4] = [
    "Sign up for our morning newsletter to get the top stories of the day delivered to your inbox.",
    "This article has been updated with additional reporting. Follow us on social media for the latest news.",
    "Copyright of the respective wire service; republished with permission. All rights reserved.",
    "Readers can send news tips to our newsroom by email or through the secure contact form on our website.",
];

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mer", "vin", "da", "sto", "ra", "bel", "ton", "ri", "ga", "nov", "el", "sa",
    "mar", "ko", "ven", "tu", "lia", "dor", "phe", "ans", "qui", "zel",
];

/// The article generator; an iterator of articles in publication order.
#[derive(Debug)]
pub struct Generator {
    bases: Vec<Base>,
    /// Base indices by event.
    events: Vec<Vec<usize>>,
    rng: SplitMix,
    /// Articles still to emit.
    left: usize,
    total: usize,
    emitted: usize,
    active: Vec<Live>,
    stories: usize,
}

/// A story being emitted.
#[derive(Debug)]
struct Live {
    /// Index into the generator's events.
    event: usize,
    names: BTreeMap<String, String>,
    /// The first article's paragraphs, for wire copies.
    wire: Option<(String, Vec<String>)>,
    remaining: usize,
    id: usize,
}

/// Days the stream spans.
const SPAN_DAYS: f64 = 180.0;
/// Stories open at once.
const ACTIVE: usize = 64;

impl Generator {
    pub fn new(bases: Vec<Base>, n: usize, seed: u64) -> Generator {
        let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, b) in bases.iter().enumerate() {
            by.entry(b.event.as_str()).or_default().push(i);
        }
        let events: Vec<Vec<usize>> = by.into_values().collect();
        Generator {
            bases,
            events,
            rng: SplitMix(seed ^ 0x5707_1e5e),
            left: n,
            total: n,
            emitted: 0,
            active: Vec::new(),
            stories: 0,
        }
    }

    /// Stories started so far (the generator's truth, for comparison with the clusterer).
    pub fn stories(&self) -> usize {
        self.stories
    }

    fn name(&mut self) -> String {
        let n = 2 + self.rng.below(2);
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(SYLLABLES[self.rng.below(SYLLABLES.len())]);
        }
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => s,
        }
    }

    fn start_story(&mut self) -> Live {
        let event = self.rng.below(self.events.len());
        let mut names = BTreeMap::new();
        let mut candidates: Vec<String> = self.events[event]
            .iter()
            .flat_map(|b| self.bases[*b].names.iter().cloned())
            .collect();
        candidates.sort();
        candidates.dedup();
        for n in candidates {
            // Most names change, so that two stories from one base text are two events.
            if self.rng.below(4) != 0 {
                let new = self.name();
                names.insert(n, new);
            }
        }
        let remaining = 1 + self.rng.below(8);
        self.stories += 1;
        Live {
            event,
            names,
            wire: None,
            remaining,
            id: self.stories,
        }
    }

    fn substitute(names: &BTreeMap<String, String>, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 16);
        let mut at = 0;
        for t in text::tokens(s) {
            let w = t.text(s);
            // Every name to vary is capitalised: skip the lookup for other words.
            if !w.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            if let Some(new) = names.get(w) {
                out.push_str(&s[at..t.span.start]);
                out.push_str(new);
                at = t.span.end;
            }
        }
        out.push_str(&s[at..]);
        out
    }
}

impl Iterator for Generator {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let k = self.emitted;
        self.emitted += 1;
        // Keep about ACTIVE stories open; a new one starts when a slot is free or by chance.
        if self.active.len() < ACTIVE || self.rng.below(6) == 0 {
            let s = self.start_story();
            self.active.push(s);
        }
        let slot = self.rng.below(self.active.len());
        let day = k as f64 * SPAN_DAYS / self.total.max(1) as f64;
        let minutes = (day * 1440.0) as i64;
        let published = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t + chrono::Duration::minutes(minutes))
            .map(PubTime::Local);
        let outlet = OUTLETS[self.rng.below(OUTLETS.len())];
        let kind = self.rng.below(10);
        let live = &self.active[slot];
        let docs = &self.events[live.event];
        let base = &self.bases[docs[self.rng.below(docs.len())]];
        let (title, paragraphs) = match (&live.wire, kind) {
            // A wire copy: the first article's text, re-headlined, cut, with boilerplate or
            // without its credit.
            (Some((title, paras)), 0..=3) => {
                let mut paras = paras.clone();
                let variant = self.rng.below(4);
                let mut title = title.clone();
                match variant {
                    0 => title = format!("{} ({outlet})", title),
                    1 => {
                        let keep = (paras.len() * 2 / 3).max(1);
                        paras.truncate(keep);
                    }
                    2 => {
                        let at = self.rng.below(paras.len() + 1);
                        paras.insert(at, BOILERPLATE[self.rng.below(BOILERPLATE.len())].into());
                    }
                    _ => {
                        if let Some(p) = paras.first_mut() {
                            *p = p.replacen("(Capital Wire) - ", "", 1);
                        }
                    }
                }
                (title, paras)
            }
            // An independent report: sentences regrouped, some dropped, another headline.
            _ => {
                let mut sentences: Vec<&String> = base.paragraphs.iter().flatten().collect();
                let drop = self.rng.below(sentences.len() / 3 + 1);
                for _ in 0..drop {
                    let i = self.rng.below(sentences.len());
                    if sentences.len() > 2 {
                        sentences.remove(i);
                    }
                }
                if self.rng.below(2) == 0 && sentences.len() > 3 {
                    let i = 1 + self.rng.below(sentences.len() - 2);
                    sentences.swap(i, i + 1);
                }
                let title = if self.rng.below(2) == 0 {
                    base.title.clone()
                } else {
                    sentences.first().map(|s| s.to_string()).unwrap_or_default()
                };
                let per = 1 + self.rng.below(3);
                let paras: Vec<String> = sentences
                    .chunks(per)
                    .map(|c| c.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "))
                    .collect();
                (title, paras)
            }
        };
        let live = &mut self.active[slot];
        let title = Generator::substitute(&live.names, &title);
        let mut paragraphs: Vec<String> = paragraphs
            .iter()
            .map(|p| Generator::substitute(&live.names, p))
            .collect();
        if live.wire.is_none() {
            if let Some(p) = paragraphs.first_mut() {
                *p = format!("(Capital Wire) - {p}");
            }
            // Names are already substituted in the stored wire text.
            live.wire = Some((title.clone(), paragraphs.clone()));
        }
        let (story, event) = (live.id, live.event);
        live.remaining -= 1;
        if live.remaining == 0 {
            self.active.swap_remove(slot);
        }
        let mut a = Article::new(
            format!("g-{k:08}"),
            format!("bench#event-{event}#story-{story}"),
        );
        a.title = Some(title);
        a.source = Some(outlet.to_string());
        a.published = published;
        a.language = Some("en".into());
        paragraphs.retain(|p| !p.is_empty());
        a.paragraphs = paragraphs;
        Some(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases() -> Vec<Base> {
        let b = |t: &str, p: &[&str]| {
            base(
                "g".into(),
                t.to_string(),
                p.iter().map(|s| vec![s.to_string()]).collect(),
            )
        };
        vec![
            b(
                "Quake hits coast",
                &[
                    "A strong earthquake hit the coast near Valparaiso on Monday.",
                    "Officials in Santiago said 12 people died.",
                    "Rescuers from Chile searched the rubble.",
                ],
            ),
            b(
                "Singer enters rehab",
                &[
                    "The singer Lindsay entered a clinic in Malibu, her publicist said.",
                    "Fans of Lohan sent messages of support.",
                ],
            ),
        ]
    }

    #[test]
    fn deterministic_and_ordered() {
        let a: Vec<Article> = Generator::new(bases(), 200, 7).collect();
        let b: Vec<Article> = Generator::new(bases(), 200, 7).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 200);
        assert!(a.windows(2).all(|w| w[0].published <= w[1].published));
        let c: Vec<Article> = Generator::new(bases(), 200, 8).collect();
        assert_ne!(a, c);
        assert!(a.iter().all(|x| !x.paragraphs.is_empty()));
    }

    #[test]
    fn names_are_varied() {
        let b = bases();
        assert!(b[0].names.contains(&"Valparaiso".to_string()));
        let mut g = Generator::new(b, 50, 1);
        let texts: Vec<String> = g.by_ref().map(|a| a.body()).collect();
        assert!(texts
            .iter()
            .any(|t| !t.contains("Valparaiso") && t.contains("earthquake")));
        assert!(g.stories() > 1);
    }
}
