//! The ECB+ corpus reader shared by `eval cluster`, `eval align` and the benches.
//!
//! Layout (see `../shared/data/README.md`, events/ecbplus): `DIR/<topic>/<topic>_<n>ecb.xml`
//! and `DIR/<topic>/<topic>_<n>ecbplus.xml`. Within a topic the `ecb` files report one event and
//! the `ecbplus` files a different, similar one: the pair (topic, [`Subtopic`]) is the story
//! label of story clustering. Each file holds:
//!
//! - `<token t_id sentence number>WORD</token>`: the tokenised text. In `ecbplus` files
//!   sentence 0 is the source URL ([`EcbDoc::url`]); it is kept in [`EcbDoc::tokens`] but left
//!   out of [`EcbDoc::text`].
//! - `<Markables>`: mentions (`<ACTION_OCCURRENCE m_id>` with `<token_anchor t_id>` children)
//!   and instance nodes (no anchors, with `TAG_DESCRIPTOR` and `instance_id`).
//! - `<Relations>`: `<CROSS_DOC_COREF r_id note>` with `<source m_id>` mentions and one
//!   `<target m_id>` instance node; `note` is the cross-document instance id, the same string
//!   in every document of the chain. `INTRA_DOC_COREF` relations are read the same way.
//!
//! [`EcbDoc::text`] is rebuilt from the tokens: one sentence per line, words separated by a
//! space except around punctuation; every token keeps its byte span in that text, so spans of
//! markables and sentences can be cut out of it.
//!
//! ```no_run
//! let docs = eval::ecbplus::load(std::path::Path::new("../shared/data/events/ecbplus"), "dev")?;
//! for d in &docs {
//!     println!("{} {} {} sentences", d.file, d.label(), d.sentences().len());
//! }
//! # Ok::<(), eval::Error>(())
//! ```

use crate::{Error, Result};
use model::Span;
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The common ECB+ development topics; `train` is every other topic of 1-35.
pub const DEV_TOPICS: [u32; 8] = [2, 5, 12, 18, 21, 23, 34, 35];

/// Which of a topic's two events a document reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subtopic {
    /// The original ECB documents (`*ecb.xml`).
    Ecb,
    /// The documents added by ECB+ (`*ecbplus.xml`): a different, similar event.
    EcbPlus,
}

impl Subtopic {
    pub fn as_str(&self) -> &'static str {
        match self {
            Subtopic::Ecb => "ecb",
            Subtopic::EcbPlus => "ecbplus",
        }
    }
}

/// One token of the corpus, with its place in [`EcbDoc::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbToken {
    /// `t_id`, unique within the document.
    pub id: u32,
    /// The sentence number (0-based; sentence 0 of an `ecbplus` file is its URL).
    pub sentence: u32,
    /// Position within the sentence.
    pub number: u32,
    pub text: String,
    /// Byte span in [`EcbDoc::text`]; empty (at 0) for URL tokens, which are not in the text.
    pub span: Span,
}

/// A markable: a mention anchored on tokens, or an instance node (no tokens) that coreference
/// relations point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markable {
    /// `m_id`, unique within the document.
    pub id: u32,
    /// The element name: `ACTION_OCCURRENCE`, `HUMAN_PART_PER`, `LOC_GEO`, `TIME_DATE`...
    pub tag: String,
    /// Anchored token ids, in document order; empty for instance nodes.
    pub tokens: Vec<u32>,
    /// For instance nodes: the coder's name for the instance (`t1b_tara_reid`).
    pub descriptor: Option<String>,
    /// For instance nodes: the cross-document instance id (`HUM16236184328979740`).
    pub instance: Option<String>,
}

/// A coreference relation: the mentions (`sources`) that refer to one instance (`target`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// `CROSS_DOC_COREF` or `INTRA_DOC_COREF`.
    pub kind: String,
    /// `r_id`.
    pub id: String,
    /// `note`: for cross-document chains, the instance id shared across documents.
    pub note: Option<String>,
    /// Mention ids.
    pub sources: Vec<u32>,
    /// The instance node's id.
    pub target: Option<u32>,
}

/// One ECB+ document.
#[derive(Debug, Clone, PartialEq)]
pub struct EcbDoc {
    pub topic: u32,
    pub subtopic: Subtopic,
    /// The file name, e.g. `1_10ecbplus.xml`.
    pub file: String,
    pub path: PathBuf,
    /// All tokens, in document order.
    pub tokens: Vec<EcbToken>,
    /// The document's text without the URL line: one sentence per line.
    pub text: String,
    /// The source URL of an `ecbplus` document (its sentence 0), rebuilt without spaces.
    pub url: Option<String>,
    pub markables: Vec<Markable>,
    pub chains: Vec<Chain>,
}

impl EcbDoc {
    /// The story label: `"<topic>/ecb"` or `"<topic>/ecbplus"`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.topic, self.subtopic.as_str())
    }

    /// The file name without `.xml`, as `ECBplus_coreference_sentences.csv` writes it
    /// together with the topic (`1_10ecbplus`).
    pub fn stem(&self) -> &str {
        self.file.strip_suffix(".xml").unwrap_or(&self.file)
    }

    /// Each sentence in the text: (sentence number, byte span in [`EcbDoc::text`]), in order.
    pub fn sentences(&self) -> Vec<(u32, Span)> {
        let mut out: Vec<(u32, Span)> = Vec::new();
        for t in self.tokens.iter().filter(|t| !self.is_url_token(t)) {
            match out.last_mut() {
                Some((s, span)) if *s == t.sentence => span.end = t.span.end,
                _ => out.push((t.sentence, t.span)),
            }
        }
        out
    }

    /// The token with this `t_id`.
    pub fn token(&self, id: u32) -> Option<&EcbToken> {
        self.tokens.iter().find(|t| t.id == id)
    }

    /// The span of a markable in [`EcbDoc::text`] (first to last anchored token), if anchored.
    pub fn markable_span(&self, m: &Markable) -> Option<Span> {
        let spans: Vec<Span> = m
            .tokens
            .iter()
            .filter_map(|id| self.token(*id))
            .filter(|t| !self.is_url_token(t))
            .map(|t| t.span)
            .collect();
        let start = spans.iter().map(|s| s.start).min()?;
        let end = spans.iter().map(|s| s.end).max()?;
        Some(Span::new(start, end))
    }

    /// The cross-document instance each mention refers to: mention id -> instance id
    /// (`CROSS_DOC_COREF` notes).
    pub fn mention_instances(&self) -> BTreeMap<u32, String> {
        let mut out = BTreeMap::new();
        for c in self.chains.iter().filter(|c| c.kind == "CROSS_DOC_COREF") {
            let Some(note) = c.note.clone().or_else(|| {
                c.target.and_then(|t| {
                    self.markables
                        .iter()
                        .find(|m| m.id == t)
                        .and_then(|m| m.instance.clone())
                })
            }) else {
                continue;
            };
            for s in &c.sources {
                out.insert(*s, note.clone());
            }
        }
        out
    }

    /// The document as a [`model::Article`]: the first sentence is the title, every sentence
    /// one paragraph. ECB+ gives no outlet or date; the id is the file name.
    pub fn article(&self) -> model::Article {
        let mut a = model::Article::new(self.file.clone(), self.path.display().to_string());
        let sentences: Vec<String> = self
            .sentences()
            .iter()
            .map(|(_, s)| s.slice(&self.text).to_string())
            .collect();
        a.title = sentences.first().cloned();
        a.paragraphs = sentences;
        a.language = Some("en".into());
        a
    }

    fn is_url_token(&self, t: &EcbToken) -> bool {
        self.subtopic == Subtopic::EcbPlus && t.sentence == 0
    }
}

/// The topics a selection names: `dev`, `train` (topics 1-35 that are not dev), `all` (1-45,
/// whichever exist), or a comma-separated list (`1,2,5`).
pub fn topics(selection: &str) -> Result<BTreeSet<u32>> {
    let all = 1..=45u32;
    Ok(match selection {
        "dev" => DEV_TOPICS.into_iter().collect(),
        "train" => (1..=35u32).filter(|t| !DEV_TOPICS.contains(t)).collect(),
        "all" => all.collect(),
        list => list
            .split(',')
            .map(|s| {
                s.trim().parse::<u32>().map_err(|_| {
                    Error::Usage(format!(
                        "--topics takes dev, train, all or numbers like 1,2,5; got {selection:?}"
                    ))
                })
            })
            .collect::<Result<_>>()?,
    })
}

/// Reads every document of the selected topics (see [`topics`]) under `dir`, sorted by
/// (topic, file name with its number read as a number): `1_2ecb` before `1_10ecb`.
pub fn load(dir: &Path, topics: &str) -> Result<Vec<EcbDoc>> {
    crate::require_dir(dir)?;
    let wanted = self::topics(topics)?;
    let mut docs = Vec::new();
    for topic in wanted {
        let tdir = dir.join(topic.to_string());
        if !tdir.is_dir() {
            continue;
        }
        let entries = std::fs::read_dir(&tdir).map_err(|source| Error::Io {
            path: tdir.clone(),
            source,
        })?;
        let mut files: Vec<PathBuf> = Vec::new();
        for e in entries {
            let e = e.map_err(|source| Error::Io {
                path: tdir.clone(),
                source,
            })?;
            let p = e.path();
            if p.extension().is_some_and(|x| x == "xml") {
                files.push(p);
            }
        }
        for p in files {
            docs.push(load_file(&p, topic)?);
        }
    }
    docs.sort_by_key(sort_key);
    if docs.is_empty() {
        return Err(Error::Data {
            path: dir.to_path_buf(),
            msg: format!("no ECB+ documents for topics {topics:?}"),
        });
    }
    Ok(docs)
}

/// (topic, document number, ecb before ecbplus): the corpus order, "ordered by file name"
/// with numbers compared as numbers.
pub fn sort_key(d: &EcbDoc) -> (u32, u32, Subtopic, String) {
    let n = d
        .stem()
        .split('_')
        .nth(1)
        .map(|s| s.trim_end_matches(|c: char| c.is_ascii_alphabetic()))
        .and_then(|s| s.parse().ok())
        .unwrap_or(u32::MAX);
    (d.topic, n, d.subtopic, d.file.clone())
}

/// The annotated sentences listed in `ECBplus_coreference_sentences.csv`:
/// (topic, file stem such as `1_10ecbplus`, sentence number).
pub fn selected_sentences(dir: &Path) -> Result<BTreeSet<(u32, String, u32)>> {
    let path = dir.join("ECBplus_coreference_sentences.csv");
    let raw = crate::read(&path)?;
    let text = String::from_utf8_lossy(&raw);
    let mut out = BTreeSet::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() < 3 {
            continue;
        }
        let (Ok(topic), Ok(sentence)) = (f[0].parse::<u32>(), f[2].parse::<u32>()) else {
            continue;
        };
        out.insert((topic, format!("{topic}_{}", f[1]), sentence));
    }
    Ok(out)
}

/// Reads one ECB+ XML file of `topic`.
pub fn load_file(path: &Path, topic: u32) -> Result<EcbDoc> {
    let raw = crate::read(path)?;
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let subtopic = if file.ends_with("ecbplus.xml") {
        Subtopic::EcbPlus
    } else {
        Subtopic::Ecb
    };
    let bad = |msg: String| Error::Data {
        path: path.to_path_buf(),
        msg,
    };
    let mut reader = quick_xml::Reader::from_reader(&raw[..]);
    let mut buf = Vec::new();
    let mut tokens: Vec<EcbToken> = Vec::new();
    let mut markables: Vec<Markable> = Vec::new();
    let mut chains: Vec<Chain> = Vec::new();
    // Where we are: inside a token, a markable, a relation.
    let mut in_token: Option<EcbToken> = None;
    let mut section = Section::None;
    let mut open_markable: Option<Markable> = None;
    let mut open_chain: Option<Chain> = None;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| bad(format!("XML: {e}")))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "token" => {
                in_token = Some(EcbToken {
                    id: attr_u32(&e, "t_id").unwrap_or(0),
                    sentence: attr_u32(&e, "sentence").unwrap_or(0),
                    number: attr_u32(&e, "number").unwrap_or(0),
                    text: String::new(),
                    span: Span::new(0, 0),
                });
            }
            Event::Text(t) => {
                if let Some(tok) = in_token.as_mut() {
                    let s: &str = t.as_ref();
                    tok.text.push_str(&unescape(s));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(tok) = in_token.as_mut() {
                    let name: &str = r.as_ref();
                    tok.text.push_str(&unescape(&format!("&{name};")));
                }
            }
            Event::End(e) if e.name().as_ref() == "token" => {
                if let Some(tok) = in_token.take() {
                    tokens.push(tok);
                }
            }
            Event::Start(e) if e.name().as_ref() == "Markables" => section = Section::Markables,
            Event::Start(e) if e.name().as_ref() == "Relations" => section = Section::Relations,
            Event::End(e) if matches!(e.name().as_ref(), "Markables" | "Relations") => {
                section = Section::None
            }
            Event::Start(e) | Event::Empty(e)
                if section == Section::Markables && e.name().as_ref() == "token_anchor" =>
            {
                if let (Some(m), Some(t)) = (open_markable.as_mut(), attr_u32(&e, "t_id")) {
                    m.tokens.push(t);
                }
            }
            Event::Start(e) if section == Section::Markables => {
                open_markable = Some(markable(&e));
            }
            Event::Empty(e) if section == Section::Markables => markables.push(markable(&e)),
            Event::End(_) if section == Section::Markables => {
                if let Some(m) = open_markable.take() {
                    markables.push(m);
                }
            }
            Event::Start(e) | Event::Empty(e)
                if section == Section::Relations
                    && matches!(e.name().as_ref(), "source" | "target") =>
            {
                if let (Some(c), Some(m)) = (open_chain.as_mut(), attr_u32(&e, "m_id")) {
                    if e.name().as_ref() == "source" {
                        c.sources.push(m);
                    } else {
                        c.target = Some(m);
                    }
                }
            }
            Event::Start(e) if section == Section::Relations => {
                open_chain = Some(Chain {
                    kind: e.name().as_ref().to_string(),
                    id: attr(&e, "r_id").unwrap_or_default(),
                    note: attr(&e, "note").filter(|s| !s.is_empty()),
                    sources: Vec::new(),
                    target: None,
                });
            }
            Event::End(_) if section == Section::Relations => {
                if let Some(c) = open_chain.take() {
                    chains.push(c);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if tokens.is_empty() {
        return Err(bad("no tokens".into()));
    }
    let mut doc = EcbDoc {
        topic,
        subtopic,
        file,
        path: path.to_path_buf(),
        tokens,
        text: String::new(),
        url: None,
        markables,
        chains,
    };
    layout(&mut doc);
    Ok(doc)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Markables,
    Relations,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| unescape(&a.value))
}

fn attr_u32(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    attr(e, name).and_then(|s| s.trim().parse().ok())
}

fn markable(e: &BytesStart<'_>) -> Markable {
    Markable {
        id: attr_u32(e, "m_id").unwrap_or(0),
        tag: e.name().as_ref().to_string(),
        tokens: Vec::new(),
        descriptor: attr(e, "TAG_DESCRIPTOR"),
        instance: attr(e, "instance_id"),
    }
}

/// The five predefined XML entities (the corpus uses no others).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Builds the text from the tokens and sets each token's span and the URL.
fn layout(doc: &mut EcbDoc) {
    let mut text = String::new();
    let mut url = String::new();
    let mut prev_sentence: Option<u32> = None;
    let mut prev_text = String::new();
    let mut quotes_open = false;
    for t in doc.tokens.iter_mut() {
        if doc.subtopic == Subtopic::EcbPlus && t.sentence == 0 {
            url.push_str(&t.text);
            continue;
        }
        let w = t.text.trim();
        let w = match w {
            "``" => "\"",
            "''" => "\"",
            "-LRB-" => "(",
            "-RRB-" => ")",
            w => w,
        };
        if prev_sentence != Some(t.sentence) {
            if prev_sentence.is_some() {
                text.push('\n');
            }
            prev_sentence = Some(t.sentence);
            quotes_open = false;
        } else if space_between(&prev_text, w, quotes_open) {
            text.push(' ');
        }
        if w == "\"" {
            quotes_open = !quotes_open;
        }
        let start = text.len();
        text.push_str(w);
        t.span = Span::new(start, text.len());
        prev_text = w.to_string();
    }
    doc.text = text;
    doc.url = (!url.is_empty()).then_some(url);
}

/// Whether a space goes between two tokens of one sentence.
fn space_between(prev: &str, next: &str, quotes_open: bool) -> bool {
    const NO_SPACE_BEFORE: [&str; 13] = [
        ",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "n't", "'re", "'ll",
    ];
    if NO_SPACE_BEFORE.contains(&next) || next.starts_with('\'') && next.len() <= 3 {
        return false;
    }
    if matches!(prev, "(" | "[" | "$") {
        return false;
    }
    if next == "\"" && quotes_open {
        return false;
    }
    if prev == "\"" && quotes_open {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<Document doc_name="9_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">http</token>
<token t_id="2" sentence="0" number="1">:</token>
<token t_id="3" sentence="1" number="0">Quake</token>
<token t_id="4" sentence="1" number="1">hits</token>
<token t_id="5" sentence="1" number="2">Chile</token>
<token t_id="6" sentence="1" number="3">.</token>
<token t_id="7" sentence="2" number="0">``</token>
<token t_id="8" sentence="2" number="1">It</token>
<token t_id="9" sentence="2" number="2">was</token>
<token t_id="10" sentence="2" number="3">n't</token>
<token t_id="11" sentence="2" number="4">bad</token>
<token t_id="12" sentence="2" number="5">,</token>
<token t_id="13" sentence="2" number="6">''</token>
<token t_id="14" sentence="2" number="7">he</token>
<token t_id="15" sentence="2" number="8">said</token>
<token t_id="16" sentence="2" number="9">&amp;</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"  >
  <token_anchor t_id="3"/>
  <token_anchor t_id="4"/>
</ACTION_OCCURRENCE>
<LOC_GEO m_id="2"  >
  <token_anchor t_id="5"/>
</LOC_GEO>
<ACTION_OCCURRENCE m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t9_quake" instance_id="ACT1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="5" note="ACT1" >
  <source m_id="1" />
  <target m_id="9" />
</CROSS_DOC_COREF>
</Relations>
</Document>"#;

    fn parse(xml: &str, name: &str) -> EcbDoc {
        let dir = std::env::temp_dir().join(format!("ecbplus-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, xml).unwrap();
        let d = load_file(&p, 9).unwrap();
        std::fs::remove_file(&p).ok();
        d
    }

    #[test]
    fn reads_tokens_markables_and_chains() {
        let d = parse(DOC, "9_1ecbplus.xml");
        assert_eq!(d.subtopic, Subtopic::EcbPlus);
        assert_eq!(d.label(), "9/ecbplus");
        assert_eq!(d.url.as_deref(), Some("http:"));
        assert_eq!(d.text, "Quake hits Chile.\n\"It wasn't bad,\" he said &");
        let s = d.sentences();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].1.slice(&d.text), "Quake hits Chile.");
        assert_eq!(s[1].0, 2);
        let m = &d.markables[0];
        assert_eq!(d.markable_span(m).unwrap().slice(&d.text), "Quake hits");
        assert_eq!(d.markables[2].instance.as_deref(), Some("ACT1"));
        assert_eq!(
            d.mention_instances().get(&1).map(String::as_str),
            Some("ACT1")
        );
        let a = d.article();
        assert_eq!(a.title.as_deref(), Some("Quake hits Chile."));
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn topic_selections() {
        assert_eq!(topics("dev").unwrap().len(), 8);
        assert!(!topics("train").unwrap().contains(&2));
        assert_eq!(
            topics("1, 3").unwrap().into_iter().collect::<Vec<_>>(),
            [1, 3]
        );
        assert!(topics("x").is_err());
    }

    #[test]
    fn loads_the_shared_corpus_when_present() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/events/ecbplus");
        if !dir.is_dir() {
            eprintln!("skipping: {} absent", dir.display());
            return;
        }
        let docs = load(&dir, "dev").unwrap();
        assert!(docs.len() > 100);
        assert!(docs.iter().all(|d| DEV_TOPICS.contains(&d.topic)));
        for d in &docs {
            for t in &d.tokens {
                assert!(d.text.get(t.span.start..t.span.end).is_some());
            }
        }
    }
}
