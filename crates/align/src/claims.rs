//! Claims of one article: sentences cut into clauses, attribution frames ("X said that ...",
//! "..., said X", "according to X") moved into `attributed_to`, quoted words with the person
//! the article gives them to, and the features that alignment compares.

use crate::lex::Lex;
use crate::norm::{self, Lexicon, Quantity};
use model::{Annotations, Article, EntityType, Span};

/// One clause of one article, ready to be aligned.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleClaim {
    pub article: String,
    /// The outlet ([`Article::source`]), `None` when the input names none.
    pub outlet: Option<String>,
    /// How notes name the article's source: the outlet, else its title in quotes, else its id.
    pub source: String,
    /// The article this one copies, or its own id.
    pub origin: String,
    /// The clause, in bytes of [`Article::body`].
    pub span: Span,
    /// The clause as written (white space folded).
    pub text: String,
    /// The part of the clause without its attribution frame.
    pub content: Span,
    /// The speaker when the clause is someone's statement.
    pub attributed_to: Option<String>,
    /// True when the speaker is named in the text next to the clause (not a pronoun resolved
    /// by guess, not inherited).
    pub explicit_speaker: bool,
    /// Quoted words inside the clause.
    pub quotes: Vec<QuotedWords>,
    /// Sorted, deduplicated matching keys of the content (see [`Term::key`](crate::norm::Term::key)).
    pub terms: Vec<String>,
    pub quantities: Vec<Quantity>,
    /// The content says "not", "never", "no", "-n't"...
    pub negated: bool,
    /// Dates named in the content: TIMEX values, or "MM-DD" / a weekday name.
    pub dates: Vec<String>,
    /// Place names in the content, as name keys.
    pub places: Vec<String>,
}

/// Words an article puts in quote marks, and who it says they are from.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotedWords {
    /// The words as written (folded).
    pub text: String,
    /// Stems of its content words, sorted and deduplicated.
    pub keys: Vec<String>,
    /// Who the article gives the words to.
    pub owner: Option<String>,
    /// True when the owner is named next to the quote (not a pronoun resolved by guess).
    pub explicit: bool,
}

/// Verbs that introduce speech.
const CUES: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "announced",
    "confirmed",
    "claimed",
    "claims",
    "argued",
    "warned",
    "warns",
    "wrote",
    "writes",
    "revealed",
    "asserted",
    "insisted",
    "explained",
    "noted",
    "emphasized",
    "emphasised",
    "stressed",
    "acknowledged",
    "declared",
    "tweeted",
    "posted",
    "denied",
    "vowed",
    "admitted",
    "replied",
    "responded",
    "commented",
    "continued",
    "recalled",
    "predicted",
    "promised",
    "urged",
];

/// Verbs that give quoted words to someone without being speech verbs.
const EXPRESS: &[&str] = &[
    "expressed",
    "expresses",
    "voiced",
    "voices",
    "exuded",
    "conveyed",
    "called",
    "calls",
    "described",
    "describes",
    "labeled",
    "labelled",
    "termed",
    "dismissed",
    "praised",
    "talked",
    "talks",
    "spoke",
    "speaks",
    "mentioned",
    "described",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Title words dropped from the front of a speaker's name ("US President Donald Trump").
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press",
    "sir",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "chancellor",
    "king",
    "queen",
    "pope",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "judge",
    "chief",
    "director",
    "ambassador",
    "envoy",
    "adviser",
    "advisor",
    "officer",
    "lt",
    "col",
    "capt",
    "sgt",
    "deputy",
    "vice",
    "leader",
    "chairman",
    "chairwoman",
    "ceo",
    "the",
    "a",
    "an",
    "former",
    "foreign",
    "defence",
    "defense",
    "commander",
    "lord",
    "lady",
    "dame",
    "prince",
    "princess",
];

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "none", "nobody", "neither", "nor", "cannot",
];

/// Splits an article into claims. `annotations.quotes` (when present) give speakers; without
/// them the clause's own frame and nearby cue verbs are read.
pub fn claims_of(article: &Article, annotations: &Annotations) -> Vec<ArticleClaim> {
    let body = article.body();
    let sentences = text::sentences(&body);
    crate::lex::with(|lex| {
        let (mut claims, terms) = claims_in(article, annotations, &body, &sentences, lex);
        for (c, t) in claims.iter_mut().zip(&terms) {
            c.terms = lex.keys_of(t);
        }
        claims
    })
}

/// The tokens of `toks` (the tokens of a text, in order, spans in the body) inside `within`,
/// as a range of `toks`, when no token crosses an edge of `within`: then they are the tokens
/// [`text::tokens`] finds in `within` on its own (a token starts after a character that is not
/// alphanumeric, and what ends it or keeps it going lies inside it or right after it).
fn tokens_within(toks: &[(Span, &str)], within: Span) -> Option<std::ops::Range<usize>> {
    let from = toks.partition_point(|t| t.0.end <= within.start);
    let to = toks.partition_point(|t| t.0.start < within.end);
    if from < to && (toks[from].0.start < within.start || toks[to - 1].0.end > within.end) {
        return None;
    }
    Some(from..to.max(from))
}

/// [`claims_of`] given the article's body and its sentences: the claims with their terms
/// left empty, and per claim its term ids in `lex` (sorted by id, without repeats).
pub(crate) fn claims_in(
    article: &Article,
    annotations: &Annotations,
    body: &str,
    sentences: &[Span],
    lex: &mut Lex,
) -> (Vec<ArticleClaim>, Vec<Vec<u32>>) {
    let outlet = article.source.clone().filter(|s| !s.trim().is_empty());
    let source = outlet.clone().unwrap_or_else(|| source_label(article));
    let segments = quote_segments(body);
    let owners: Vec<(Option<String>, bool)> = segments
        .iter()
        .map(|s| segment_owner(body, sentences, *s))
        .collect();
    let quotes = Quoted {
        segments: &segments,
        owners: &owners,
    };
    let mut out = Vec::new();
    let mut out_terms = Vec::new();
    // The subject of the latest sentence that opens with a name: what "he said" refers to.
    let mut last_subject: Option<String> = None;
    for &sentence in sentences {
        let key = sentence_key(body, sentence, quotes, annotations, last_subject.as_deref());
        let read = match lex.sentences.get(&key) {
            Some(read) => read.at(sentence.start),
            None => {
                let read = read_sentence(body, sentence, quotes, annotations, &last_subject, lex);
                lex.sentences.insert(key, read.at_offset(sentence.start));
                read
            }
        };
        for (mut c, terms) in read.claims {
            c.article.clone_from(&article.id);
            c.outlet.clone_from(&outlet);
            c.source.clone_from(&source);
            c.origin.clone_from(&article.id);
            out.push(c);
            out_terms.push(terms);
        }
        if read.subject.is_some() {
            last_subject = read.subject;
        }
    }
    (out, out_terms)
}

/// An article's quoted passages ([`quote_segments`]) and who each is given to
/// ([`segment_owner`]), read once for all its sentences.
#[derive(Clone, Copy)]
struct Quoted<'a> {
    segments: &'a [Span],
    owners: &'a [(Option<String>, bool)],
}

/// What reading one sentence gives: its claims (their article, outlet, source and origin left
/// empty, their terms as ids in the [`Lex`] they were read with) and the subject it leaves for
/// the next sentence's "he said", if it names one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SentenceRead {
    claims: Vec<(ArticleClaim, Vec<u32>)>,
    subject: Option<String>,
}

impl SentenceRead {
    /// With every span moved by `-from`: relative to a sentence that starts at `from`.
    fn at_offset(&self, from: usize) -> SentenceRead {
        self.moved(|p| p - from)
    }

    /// With every span moved by `+at`: for a sentence that starts at `at`.
    fn at(&self, at: usize) -> SentenceRead {
        self.moved(|p| p + at)
    }

    fn moved(&self, f: impl Fn(usize) -> usize) -> SentenceRead {
        let sp = |s: Span| Span::new(f(s.start), f(s.end));
        let mut out = self.clone();
        for (c, _) in &mut out.claims {
            c.span = sp(c.span);
            c.content = sp(c.content);
            for q in &mut c.quantities {
                q.span = sp(q.span);
            }
        }
        out
    }

    fn size(&self, key: &[u8]) -> usize {
        let claim = |c: &ArticleClaim, t: &[u32]| {
            std::mem::size_of::<ArticleClaim>()
                + c.text.len()
                + t.len() * 4
                + c.quotes.iter().map(|q| q.text.len() + 64).sum::<usize>()
                + c.quantities.len() * 48
                + 64
        };
        key.len() + self.claims.iter().map(|(c, t)| claim(c, t)).sum::<usize>() + 96
    }
}

/// Upper bound on what a thread's [`SentenceMemo`] holds, in bytes; it starts afresh when full.
const SENTENCE_MEMO_BYTES: usize = 8 << 20;

/// Sentences read already (a wire story's sentences in its copies and rewrites), by everything
/// their reading reads ([`sentence_key`]), with spans relative to the sentence's start. Kept in
/// the thread's [`Lex`], whose term ids the reads hold, and emptied with it.
#[derive(Default)]
pub(crate) struct SentenceMemo {
    read: rustc_hash::FxHashMap<Box<[u8]>, SentenceRead>,
    bytes: usize,
}

impl SentenceMemo {
    fn get(&self, key: &[u8]) -> Option<&SentenceRead> {
        self.read.get(key)
    }

    fn insert(&mut self, key: Vec<u8>, read: SentenceRead) {
        let size = read.size(&key);
        if self.bytes + size > SENTENCE_MEMO_BYTES {
            *self = SentenceMemo::default();
        }
        self.bytes += size;
        self.read.insert(key.into_boxed_slice(), read);
    }
}

/// Everything [`read_sentence`] reads for `sentence`, spans relative to its start: its text,
/// the subject before it, the quoted passages near it with their owners, and the annotations
/// near it (attributed quotes with their speaker, cue and speaker spans; time expressions with
/// kind and value; whether the article has mentions at all, and the mentions near it with
/// whether each is a place and its text). Two sentences with the same key read the same.
fn sentence_key(
    body: &str,
    sentence: Span,
    quoted: Quoted<'_>,
    ann: &Annotations,
    last_subject: Option<&str>,
) -> Vec<u8> {
    let text = sentence.slice(body);
    let mut key = Vec::with_capacity(text.len() + 64);
    let str_ = |s: &str, key: &mut Vec<u8>| {
        key.extend_from_slice(&(s.len() as u64).to_le_bytes());
        key.extend_from_slice(s.as_bytes());
    };
    let opt_str = |s: Option<&str>, key: &mut Vec<u8>| match s {
        Some(s) => {
            key.push(1);
            str_(s, key);
        }
        None => key.push(0),
    };
    let span = |s: Span, key: &mut Vec<u8>| {
        key.extend_from_slice(&(s.start as i64 - sentence.start as i64).to_le_bytes());
        key.extend_from_slice(&(s.end as i64 - sentence.start as i64).to_le_bytes());
    };
    let opt_span = |s: Option<Span>, key: &mut Vec<u8>| match s {
        Some(s) => {
            key.push(1);
            span(s, key);
        }
        None => key.push(0),
    };
    // Touching counts as near: what is read of a passage or annotation lies within it.
    let near = |s: Span| s.start <= sentence.end && sentence.start <= s.end;
    str_(text, &mut key);
    opt_str(last_subject, &mut key);
    for (s, (owner, explicit)) in quoted.segments.iter().zip(quoted.owners) {
        if near(*s) {
            key.push(b'q');
            span(*s, &mut key);
            opt_str(owner.as_deref(), &mut key);
            key.push(u8::from(*explicit));
        }
    }
    for q in &ann.quotes {
        if q.speaker.is_some() && near(q.span) {
            key.push(b'Q');
            span(q.span, &mut key);
            opt_span(q.speaker_span, &mut key);
            opt_span(q.cue_span, &mut key);
            opt_str(q.speaker.as_deref(), &mut key);
        }
    }
    for t in &ann.times {
        if near(t.span) {
            key.push(b'T');
            span(t.span, &mut key);
            str_(&t.kind, &mut key);
            str_(&t.value, &mut key);
        }
    }
    key.push(u8::from(ann.mentions.is_empty()));
    for m in &ann.mentions {
        if near(m.span) {
            key.push(b'M');
            span(m.span, &mut key);
            key.push(u8::from(m.kind == EntityType::Location));
            str_(&m.text, &mut key);
        }
    }
    key
}

/// The claims of one sentence of `body` (see [`SentenceRead`]), `last_subject` being the
/// subject the sentences before it left.
fn read_sentence(
    body: &str,
    sentence: Span,
    quoted: Quoted<'_>,
    annotations: &Annotations,
    last_subject: &Option<String>,
    lex: &mut Lex,
) -> SentenceRead {
    let Quoted { segments, owners } = quoted;
    let mut out = Vec::new();
    // The sentence's tokens and words, read once for all its clauses.
    let stoks = toks(body, sentence);
    let swords: Vec<u32> = stoks.iter().map(|t| lex.word_id(t.1)).collect();
    let mut inherited: Option<String> = None;
    let resolve = |s: Option<String>| match s.as_deref() {
        Some(PRONOUN_MARK) => last_subject.clone(),
        _ => s,
    };
    let mut named_speaker: Option<String> = None;
    for clause in split_clauses(body, sentence, segments, &stoks) {
        let frame = match tokens_within(&stoks, clause) {
            Some(r) => read_frame(body, clause, segments, &stoks[r.clone()], &swords[r], lex),
            None => {
                let t = toks(body, clause);
                let w: Vec<u32> = t.iter().map(|t| lex.word_id(t.1)).collect();
                read_frame(body, clause, segments, &t, &w, lex)
            }
        };
        let mut speaker = frame.speaker.clone();
        let mut explicit = frame.framed && speaker.as_deref() != Some(PRONOUN_MARK);
        if let Some(q) = annotated_speaker(annotations, clause) {
            speaker = Some(q);
            explicit = true;
        }
        if speaker.is_none() && !frame.framed {
            // Inside a quote whose speaker is named elsewhere in the paragraph.
            if let Some(k) = segments
                .iter()
                .position(|s| s.contains(clause_core(clause)))
            {
                speaker = owners[k].0.clone();
                explicit = owners[k].1;
            }
        }
        if speaker.is_none() && !frame.framed {
            speaker = inherited.clone();
        }
        let speaker = resolve(speaker);
        let explicit = explicit && speaker.is_some();
        if frame.framed && speaker.is_some() {
            inherited = speaker.clone();
        }
        if explicit {
            named_speaker = speaker.clone();
        }
        let content = frame.content;
        let own: (Vec<(Span, &str)>, Vec<u32>);
        let (ctoks, cwords): (&[(Span, &str)], &[u32]) = match tokens_within(&stoks, content) {
            Some(r) => (&stoks[r.clone()], &swords[r]),
            None => {
                let t = toks(body, content);
                let w = t.iter().map(|t| lex.word_id(t.1)).collect();
                own = (t, w);
                (&own.0, &own.1)
            }
        };
        let (mut terms, quantities) = lex.terms_of(ctoks, cwords);
        terms.sort_unstable();
        terms.dedup();
        if terms.is_empty() {
            continue;
        }
        let quotes = segments
            .iter()
            .zip(owners)
            .filter(|(s, _)| s.overlaps(clause))
            .filter_map(|(s, (owner, seg_explicit))| {
                let inner = Span::new(s.start.max(clause.start), s.end.min(clause.end));
                let words = text::fold(inner.slice(body));
                let mut keys = norm::common_keys_of(&words);
                keys.sort_unstable();
                keys.dedup();
                if keys.is_empty() {
                    return None;
                }
                let (owner, explicit) = match owner.as_deref() {
                    Some(PRONOUN_MARK) => (resolve(owner.clone()), false),
                    Some(o) => (Some(o.to_string()), *seg_explicit),
                    None => (speaker.clone(), explicit),
                };
                Some(QuotedWords {
                    text: words,
                    keys,
                    owner,
                    explicit,
                })
            })
            .take(MAX_QUOTES_PER_CLAIM)
            .collect();
        out.push((
            ArticleClaim {
                article: String::new(),
                outlet: None,
                source: String::new(),
                origin: String::new(),
                span: clause,
                text: text::fold(clause.slice(body)),
                content,
                attributed_to: speaker,
                explicit_speaker: explicit,
                quotes,
                terms: Vec::new(),
                quantities,
                negated: cwords.iter().any(|&w| lex.word(w).negation),
                dates: dates_in(ctoks, cwords, lex, content, annotations),
                places: places_in(ctoks, content, annotations),
            },
            terms,
        ));
    }
    SentenceRead {
        claims: out,
        subject: named_speaker.or_else(|| sentence_subject(&stoks, segments)),
    }
}

/// The name a sentence (given as its tokens) opens with ("Trump, on Thursday, said" ->
/// "Trump"; "Ukrainian President Volodymyr Zelensky called" -> "Volodymyr Zelensky"),
/// outside quotes.
fn sentence_subject(tk: &[(Span, &str)], segments: &[Span]) -> Option<String> {
    let first = tk.first()?;
    if segments
        .iter()
        .any(|q| q.start <= first.0.start && first.0.end <= q.end)
    {
        return None;
    }
    let skip = usize::from(first.1 == "The");
    let run: Vec<&str> = tk[skip..]
        .iter()
        .map(|t| t.1)
        .take_while(|w| text::is_capitalized(w))
        .collect();
    let head = run.first()?.to_lowercase();
    if text::is_stopword(&head) || norm::is_calendar(&head) || PRONOUNS.contains(&head.as_str()) {
        return None;
    }
    clean_name(run.into_iter())
}

static CUE_WORDS: Lexicon = Lexicon::new(CUES);
static EXPRESS_WORDS: Lexicon = Lexicon::new(EXPRESS);
static TITLE_WORDS: Lexicon = Lexicon::new(TITLES);

/// Whether `w` lower-cased (as [`str::to_lowercase`]) is one of `words` (lower-case ASCII):
/// without a copy when `w` is ASCII.
fn lower_in(w: &str, words: &[&str]) -> bool {
    if w.is_ascii() {
        words.iter().any(|x| x.eq_ignore_ascii_case(w))
    } else {
        words.contains(&w.to_lowercase().as_str())
    }
}

/// A stand-in speaker meaning "a pronoun: resolve from context".
const PRONOUN_MARK: &str = "\u{0}pronoun";

/// The clause without the quote marks and end punctuation around it, for containment tests.
fn clause_core(c: Span) -> Span {
    Span::new(c.start + 1, c.end.saturating_sub(2).max(c.start + 1))
}

fn annotated_speaker(ann: &Annotations, clause: Span) -> Option<String> {
    let inside = |s: Span| {
        s.end
            .min(clause.end)
            .saturating_sub(s.start.max(clause.start))
    };
    // How much of the clause the attribution (who, the cue, what was said) makes up.
    let attribution = |q: &model::Quote| {
        inside(q.span) + q.speaker_span.map_or(0, inside) + q.cue_span.map_or(0, inside)
    };
    // An attribution in a small part of the clause ("... after the Russian president showed
    // resistance") does not make the whole clause that speaker's statement.
    ann.quotes
        .iter()
        .filter(|q| q.speaker.is_some() && inside(q.span) > 0)
        .filter(|q| 2 * attribution(q) >= clause.end - clause.start)
        .max_by_key(|q| (inside(q.span), std::cmp::Reverse(q.span.start)))
        .and_then(|q| q.speaker.clone())
}

/// Whether token `t` is a verb that introduces speech ([`CUES`], any case).
pub(crate) fn is_cue(t: &str) -> bool {
    CUE_WORDS.has_lower(t)
}

/// Whether token `t` is `word` (lower-case ASCII) in any case.
pub(crate) fn is_word(t: &str, word: &str) -> bool {
    lower_in(t, &[word])
}

/// Whether token `t` says "not", "never", "no", "-n't"...
pub(crate) fn is_negation(t: &str) -> bool {
    // Longer words can only end in "n't".
    if t.len() > 7 && !t.ends_with(['t', 'T']) {
        return false;
    }
    let w = norm::lower(t);
    NEGATIONS.contains(&&*w) || w.ends_with("n't") || w.ends_with("n’t")
}

/// The dates of the content at `content`, given as its tokens and their words.
fn dates_in(
    toks: &[(Span, &str)],
    words: &[u32],
    lex: &Lex,
    content: Span,
    ann: &Annotations,
) -> Vec<String> {
    let mut out: Vec<String> = ann
        .times
        .iter()
        .filter(|t| content.contains(t.span) && t.kind == "date")
        .map(|t| t.value.clone())
        .collect();
    if out.is_empty() {
        for (i, (t, &w)) in toks.iter().zip(words).enumerate() {
            let w = lex.word(w);
            if let Some(m) = w.month {
                let day = toks
                    .get(i + 1)
                    .and_then(|n| n.1.parse::<u32>().ok())
                    .filter(|d| (1..=31).contains(d));
                if let Some(d) = day {
                    out.push(format!("{m:02}-{d:02}"));
                }
            } else if w.weekday {
                out.push(norm::lower(t.1).into_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The month a lower-case word names, whole or cut to three letters or more ("sept"), but
/// not "mar" or "may" cut short of a whole name.
pub(crate) fn month_of(w: &str) -> Option<u32> {
    // Every month name is three letters or more and starts with one of these.
    if w.len() < 3
        || !matches!(
            w.as_bytes()[0],
            b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
        )
    {
        return None;
    }
    text::MONTH_NAMES
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(w)
                || (w != "mar"
                    && w != "may"
                    && m.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
        .map(|i| i as u32 + 1)
}

/// Place names of the content at `content` (given as its tokens).
fn places_in(toks: &[(Span, &str)], content: Span, ann: &Annotations) -> Vec<String> {
    let mut out: Vec<String> = ann
        .mentions
        .iter()
        .filter(|m| m.kind == EntityType::Location && content.contains(m.span))
        .map(|m| norm::name_key(&m.text))
        .collect();
    if ann.mentions.is_empty() {
        for (i, t) in toks.iter().enumerate() {
            let w = t.1;
            if !matches!(w, "in" | "at" | "near") {
                continue;
            }
            let name: Vec<&str> = toks[i + 1..]
                .iter()
                .map(|x| x.1)
                .take_while(|x| text::is_capitalized(x))
                .collect();
            if !name.is_empty() && !norm::is_calendar(&name[0].to_lowercase()) {
                out.push(norm::name_key(&name.join(" ")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Content spans (inside the marks) of quoted passages: “…”, "…", ‘…’ and '…', within one
/// paragraph. Apostrophes ("don't", "Russia's") are not quote marks.
pub fn quote_segments(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut double: Option<usize> = None; // content start
    let mut single: Option<usize> = None;
    // Only the bytes that can start a mark are looked at: the marks are '\n', '"', '\'' and
    // characters whose UTF-8 starts with 0xC2 («, ») or 0xE2 (“, ”, ‘, ’), always the first
    // byte of a character.
    for (i, b) in body.bytes().enumerate() {
        if !matches!(b, b'\n' | b'"' | b'\'' | 0xC2 | 0xE2) {
            continue;
        }
        let Some(c) = body[i..].chars().next() else {
            continue;
        };
        if !matches!(c, '\n' | '“' | '«' | '”' | '»' | '"' | '‘' | '\'' | '’') {
            continue;
        }
        let before = body[..i].chars().next_back();
        let after = i + c.len_utf8();
        let next = body[after..].chars().next();
        if c == '\n' && next == Some('\n') {
            double = None;
            single = None;
            continue;
        }
        let word_next = next.is_some_and(char::is_alphanumeric);
        match c {
            '“' | '«' => double = Some(after),
            '”' | '»' => {
                if let Some(s) = double.take() {
                    out.push(Span::new(s, i));
                }
                single = None;
            }
            '"' => match double.take() {
                Some(s) => {
                    out.push(Span::new(s, i));
                    single = None;
                }
                None => double = Some(after),
            },
            '‘' | '\'' | '’' if double.is_none() => {
                let closes =
                    single.is_some() && before.is_some_and(|p| !p.is_whitespace()) && !word_next;
                let opens_here = before.is_none_or(|p| p.is_whitespace() || "([{—–-:".contains(p));
                if closes {
                    if let Some(s) = single.take() {
                        out.push(Span::new(s, i));
                    }
                } else if single.is_none() && (c == '‘' || opens_here) && word_next {
                    single = Some(after);
                }
            }
            _ => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Word tokens of `s` with absolute spans (offset by `base`).
fn toks(body: &str, within: Span) -> Vec<(Span, &str)> {
    let s = within.slice(body);
    text::tokens(s)
        .iter()
        .map(|t| {
            (
                Span::new(t.span.start + within.start, t.span.end + within.start),
                t.text(s),
            )
        })
        .collect()
}

/// The person a quoted passage is given to: the subject of the nearest speech or expression
/// verb before it in its sentence, or the frame right after it (`"…," said Peskov`).
fn segment_owner(body: &str, sentences: &[Span], seg: Span) -> (Option<String>, bool) {
    let Some(first) = sentence_at(sentences, seg.start) else {
        return (None, false);
    };
    // Before: nearest verb, no closing quote between.
    let before = toks(body, reach_back(body, Span::new(first.start, seg.start)));
    for k in (0..before.len()).rev() {
        let w = before[k].1;
        if CUE_WORDS.has_lower(w) || EXPRESS_WORDS.has_lower(w) {
            if let Some(name) = subject_before(&before, k) {
                let explicit = name != PRONOUN_MARK;
                return (Some(name), explicit);
            }
            break;
        }
    }
    // After: `, said X` / `, X said` within the sentence that holds the closing mark.
    let last = sentence_at(sentences, seg.end).unwrap_or(first);
    let after = toks(
        body,
        reach_ahead(body, Span::new(seg.end.min(last.end), last.end)),
    );
    let n = after.len().min(8);
    for k in 0..n {
        if CUE_WORDS.has_lower(after[k].1) {
            if let Some(name) = name_after(&after, k + 1) {
                return (Some(name), true);
            }
            if let Some(name) = subject_before(&after, k) {
                let explicit = name != PRONOUN_MARK;
                return (Some(name), explicit);
            }
            return (None, false);
        }
    }
    (None, false)
}

/// Most quoted passages a claim keeps (a clause quotes one or two; a run-on text of thousands
/// would make comparing two claims' quotes quadratic).
const MAX_QUOTES_PER_CLAIM: usize = 16;

/// How far (bytes) from a quoted passage, within its sentence, its owner is looked for: a
/// run-on text with no sentence breaks for megabytes and many quotes is not tokenised from
/// its start for each one (real sentences are far shorter, so this changes no real reading).
const OWNER_REACH: usize = 2_000;

/// The first of `sentences` (in text order, not overlapping) that holds byte `at`, ends
/// included: a binary search.
fn sentence_at(sentences: &[Span], at: usize) -> Option<Span> {
    debug_assert!(sentences.windows(2).all(|w| w[0].end <= w[1].start));
    let i = sentences.partition_point(|s| s.end < at);
    sentences.get(i).copied().filter(|s| s.start <= at)
}

/// The last [`OWNER_REACH`] bytes of `span`, from a word's start.
fn reach_back(body: &str, span: Span) -> Span {
    if span.len() <= OWNER_REACH {
        return span;
    }
    let mut at = span.end - OWNER_REACH;
    while !body.is_char_boundary(at) {
        at += 1;
    }
    let skip = body[at..span.end]
        .find(char::is_whitespace)
        .unwrap_or(span.end - at);
    Span::new(at + skip, span.end)
}

/// The first [`OWNER_REACH`] bytes of `span`, to a word's end.
fn reach_ahead(body: &str, span: Span) -> Span {
    if span.len() <= OWNER_REACH {
        return span;
    }
    let mut at = span.start + OWNER_REACH;
    while !body.is_char_boundary(at) {
        at -= 1;
    }
    let keep = body[span.start..at]
        .rfind(char::is_whitespace)
        .unwrap_or(at - span.start);
    Span::new(span.start, span.start + keep)
}

/// The name just before token `k` (skipping up to two lower-case words such as "also",
/// "spokesman"), titles dropped; [`PRONOUN_MARK`] for a pronoun.
fn subject_before(toks: &[(Span, &str)], k: usize) -> Option<String> {
    const SKIP: &[&str] = &[
        "also",
        "has",
        "had",
        "have",
        "was",
        "is",
        "then",
        "later",
        "further",
        "again",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "minister",
        "secretary",
        "aide",
        "adviser",
        "advisor",
        "envoy",
        "ministry",
        "office",
    ];
    let mut j = k;
    let mut skipped = 0;
    while j > 0 {
        let w = toks[j - 1].1;
        let lower = norm::lower(w);
        if PRONOUNS.contains(&&*lower) {
            return Some(PRONOUN_MARK.to_string());
        }
        if text::is_capitalized(w) {
            break;
        }
        if !(SKIP.contains(&&*lower) || lower.ends_with("ly")) {
            return None;
        }
        skipped += 1;
        if skipped > 2 {
            return None;
        }
        j -= 1;
    }
    let end = j;
    while j > 0 && text::is_capitalized(toks[j - 1].1) {
        j -= 1;
    }
    clean_name(toks[j..end].iter().map(|t| t.1))
}

fn name_after(toks: &[(Span, &str)], k: usize) -> Option<String> {
    let run: Vec<&str> = toks[k.min(toks.len())..]
        .iter()
        .map(|t| t.1)
        .take_while(|w| text::is_capitalized(w))
        .collect();
    clean_name(run.into_iter())
}

/// Keeps the part of a capitalised run after its last title word.
fn clean_name<'a>(run: impl Iterator<Item = &'a str>) -> Option<String> {
    let words: Vec<&str> = run.collect();
    let from = words
        .iter()
        .rposition(|w| TITLE_WORDS.has_lower(w))
        .map_or(0, |p| p + 1);
    let rest: Vec<&str> = words[from..]
        .iter()
        .copied()
        .filter(|w| !norm::is_calendar(&norm::lower(w)))
        .collect();
    if rest.is_empty() || rest.iter().all(|w| text::is_stopword(&norm::lower(w))) {
        None
    } else {
        Some(rest.join(" "))
    }
}

/// Where a sentence may be cut into clauses.
const CUTS: &[&str] = &[
    "; ",
    ", but ",
    ", while ",
    ", whereas ",
    " and that ",
    ", and that ",
];

/// Each occurrence in `s` of each of [`CUTS`] (its byte offset and the cut's index), a cut's
/// occurrences left to right without overlaps (as repeated `find` gives them), found in one
/// pass over the bytes that can start a cut.
fn cut_marks(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = [0usize; CUTS.len()];
    for (at, b) in s.bytes().enumerate() {
        if !matches!(b, b';' | b',' | b' ') {
            continue;
        }
        for (k, cut) in CUTS.iter().enumerate() {
            if at >= from[k] && cut.as_bytes()[0] == b && s[at..].starts_with(cut) {
                out.push((at, k));
                from[k] = at + cut.len();
            }
        }
    }
    out
}

/// The clauses of a sentence: cut at semicolons and at ", but", ", while", "and that" outside
/// quotes, when both sides keep at least four words.
/// `stoks` are the sentence's tokens.
fn split_clauses(
    body: &str,
    sentence: Span,
    segments: &[Span],
    stoks: &[(Span, &str)],
) -> Vec<Span> {
    let s = sentence.slice(body);
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (end of left, start of right), relative
    for (at, k) in cut_marks(s) {
        let cut = CUTS[k];
        let abs = sentence.start + at;
        let inside = segments.iter().any(|q| q.start <= abs && abs < q.end);
        let right = at + if cut.starts_with(';') { 2 } else { 1 };
        // "and that" keeps "that" with the right clause only as a marker: skip it.
        let right = if cut.contains("that") {
            at + cut.len()
        } else {
            right
        };
        if !inside {
            cuts.push((at, right));
        }
    }
    // Overlapping matches (", and that" inside " and that"): keep the earliest.
    cuts.sort();
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for c in cuts {
        if kept.last().is_none_or(|k| c.0 >= k.1) {
            kept.push(c);
        }
    }
    let cuts = kept;
    let mut out = Vec::new();
    let mut start = 0;
    // How many tokens lie between `a` and `b` (relative), as `text::tokens` finds them there.
    let count = |a: usize, b: usize| {
        let within = Span::new(sentence.start + a, sentence.start + b);
        match tokens_within(stoks, within) {
            Some(r) => r.len(),
            None => text::tokens(&s[a..b]).len(),
        }
    };
    for (left_end, right_start) in cuts {
        if count(start, left_end) >= 4 && count(right_start, s.len()) >= 4 {
            out.push(trim(
                body,
                sentence.start + start,
                sentence.start + left_end,
            ));
            start = right_start;
        }
    }
    out.push(trim(body, sentence.start + start, sentence.end));
    out.retain(|c| !c.is_empty());
    out
}

fn trim(body: &str, start: usize, end: usize) -> Span {
    let s = &body[start..end];
    let lead = s.len() - s.trim_start().len();
    Span::new(start + lead, start + lead + s.trim().len())
}

struct Frame {
    /// A speaker was read from a frame ("X said").
    framed: bool,
    speaker: Option<String>,
    content: Span,
}

/// Reads an attribution frame at the start or the end of a clause (whose tokens are `tk`,
/// their words in `lex` `words`).
fn read_frame(
    body: &str,
    clause: Span,
    segments: &[Span],
    tk: &[(Span, &str)],
    words: &[u32],
    lex: &Lex,
) -> Frame {
    let word = |k: usize| lex.word(words[k]);
    let outside = |sp: Span| {
        !segments
            .iter()
            .any(|q| q.start <= sp.start && sp.end <= q.end)
    };
    // Lower-case comparisons without lower-casing every token.
    let is = |k: usize, word: &str| tk.get(k).is_some_and(|t| lower_in(t.1, &[word]));
    // "according to X"
    if let Some(k) = (0..tk.len().saturating_sub(1)).find(|&k| word(k).according && word(k + 1).to)
    {
        if outside(tk[k].0) {
            let name_start = if is(k + 2, "the") { k + 3 } else { k + 2 };
            let name = name_after(tk, name_start);
            let run_end = tk[name_start.min(tk.len())..]
                .iter()
                .take_while(|t| text::is_capitalized(t.1))
                .count()
                + name_start;
            let content = if k <= 1 {
                match tk.get(run_end) {
                    Some(t) => Span::new(t.0.start, clause.end),
                    None => clause,
                }
            } else {
                trim(body, clause.start, tk[k].0.start)
            };
            let content = strip_edge_punct(body, content);
            return Frame {
                framed: name.is_some(),
                speaker: name,
                content,
            };
        }
    }
    // Leading: "X said (that) ...", "X told reporters ..."
    let lead = (0..tk.len().min(9)).position(|k| word(k).cue && outside(tk[k].0));
    if let Some(k) = lead {
        if k > 0 && !tk[..k].iter().any(|t| t.1.contains(',')) {
            if let Some(name) = subject_before(tk, k) {
                let mut c = k + 1;
                while tk
                    .get(c)
                    .is_some_and(|t| lower_in(t.1, &["that", "reporters", "journalists"]))
                {
                    c += 1;
                }
                let content = match tk.get(c) {
                    Some(t) if tk.len() - c >= 3 => Span::new(t.0.start, clause.end),
                    _ => clause,
                };
                return Frame {
                    framed: true,
                    speaker: Some(name),
                    content: strip_edge_punct(body, content),
                };
            }
        }
    }
    // Trailing: "..., said X." / "..., X said." / "... ,' he said."
    let text = clause.slice(body);
    if let Some(comma) = text.rfind([',', '”', '"', '’', '\'']) {
        let mark_len = text[comma..].chars().next().map_or(1, char::len_utf8);
        let tail_start = clause.start + comma + mark_len;
        // The tokens from there on (in order, so a suffix).
        let from = tk.partition_point(|t| t.0.start < tail_start);
        let tail = &tk[from..];
        if !tail.is_empty() && tail.len() <= 6 {
            if let Some(k) = (from..tk.len()).position(|k| word(k).cue) {
                let name = name_after(tail, k + 1).or_else(|| subject_before(tail, k));
                if name.is_some() {
                    let content = strip_edge_punct(body, trim(body, clause.start, tail_start));
                    return Frame {
                        framed: true,
                        speaker: name,
                        content,
                    };
                }
            }
        }
    }
    Frame {
        framed: false,
        speaker: None,
        content: clause,
    }
}

/// Drops trailing commas and dashes left by removing a frame.
fn strip_edge_punct(body: &str, sp: Span) -> Span {
    let s = sp.slice(body);
    let t = s.trim_end_matches([',', ' ', '-', '—', '–', ':']);
    let t2 = t.trim_start_matches([',', ' ', ':']);
    let start = sp.start + (t.len() - t2.len());
    Span::new(start, start + t2.len())
}

/// How a note names an article without an outlet: its title in quotes (the first words),
/// else its id.
fn source_label(article: &Article) -> String {
    let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) else {
        return article.id.clone();
    };
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() > 6 {
        format!("“{}…”", words[..6].join(" "))
    } else {
        format!("“{}”", words.join(" "))
    }
}

#[cfg(test)]
#[path = "claims_old.rs"]
mod old;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn word_lists_are_lower_case_ascii() {
        for lexicon in [
            &CUE_WORDS,
            &EXPRESS_WORDS,
            &TITLE_WORDS,
            &crate::flags::ROLE_WORDS,
        ] {
            for w in lexicon.words() {
                assert!(w.is_ascii() && w.to_ascii_lowercase() == *w, "{w}");
            }
        }
    }

    /// The month of a word as it was read before the first-letter check.
    fn month_by_scan(w: &str) -> Option<u32> {
        text::MONTH_NAMES
            .iter()
            .map(|m| m.to_ascii_lowercase())
            .position(|m| m == w || (w.len() >= 3 && m.starts_with(w) && w != "mar" && w != "may"))
            .map(|i| i as u32 + 1)
    }

    /// Clause cuts as `find` from the last cut on, cut by cut, gave them.
    fn cuts_by_find(s: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (k, cut) in CUTS.iter().enumerate() {
            let mut from = 0;
            while let Some(p) = s[from..].find(cut) {
                out.push((from + p, k));
                from += p + cut.len();
            }
        }
        out.sort_unstable();
        out
    }

    proptest! {
        #[test]
        fn lexicon_lookup_is_the_list_scan(w in "[A-Za-zÉéİ]{0,14}|said|SAYS|Spokesman|President") {
            for (lexicon, list) in [(&CUE_WORDS, CUES), (&TITLE_WORDS, TITLES)] {
                let scan = if w.is_ascii() {
                    list.iter().any(|x| x.eq_ignore_ascii_case(&w))
                } else {
                    list.contains(&w.to_lowercase().as_str())
                };
                prop_assert_eq!(lexicon.has_lower(&w), scan);
            }
        }

        #[test]
        fn month_check_is_the_scan(w in "[a-z]{0,10}|ma|mar|may|sept|dec") {
            prop_assert_eq!(month_of(&w), month_by_scan(&w));
        }

        #[test]
        fn clause_cuts_are_found_as_by_find(
            s in "([a-z]{1,4}|; |, but |, while |, whereas | and that |, and that |,| |;)*"
        ) {
            let mut marks = cut_marks(&s);
            marks.sort_unstable();
            prop_assert_eq!(marks, cuts_by_find(&s));
        }
    }

    /// The claims of `body` as the reader before reading sentences once gave them.
    fn claims_by_old(body: &str, ann: &Annotations) -> Vec<ArticleClaim> {
        let a = article(body);
        let text = a.body();
        old::claims_in(&a, ann, &text, &text::sentences(&text))
    }

    #[test]
    fn the_reader_gives_the_old_claims() {
        for body in [
            "Kremlin spokesman Dmitry Peskov told reporters that talks went well. The war goes on, said Peskov.",
            "The Kremlin said that Putin had sent Trump a message and that there were grounds for optimism.",
            "\"There are reasons to be hopeful. Much remains to be done,\" said Peskov.",
            "Spokesman Dmitry Peskov stated that Putin expressed “cautious optimism” about it. Peskov said there was 'certainly' reason to feel 'cautious optimism' now.",
            "A 30-day ceasefire began on Monday, March 3; thirty people won't return, the minister's spokesman Peskov said.\n\nTwo million people were not hurt in Lyon, according to the ministry.",
        ] {
            assert_eq!(claims_of(&article(body), &Annotations::default()), claims_by_old(body, &Annotations::default()), "{body}");
        }
    }

    proptest! {
        #[test]
        fn tokens_within_are_the_tokens_of_the_slice(
            s in "([A-Za-z0-9]{1,5}|U\\.S|'|’|-|\\.|,|—| |é|İ)*",
            a in 0usize..40,
            b in 0usize..40,
        ) {
            let all = toks(&s, Span::new(0, s.len()));
            let (a, b) = (a.min(b).min(s.len()), a.max(b).min(s.len()));
            if s.is_char_boundary(a) && s.is_char_boundary(b) {
                let within = Span::new(a, b);
                if let Some(r) = tokens_within(&all, within) {
                    prop_assert_eq!(&all[r], &toks(&s, within)[..]);
                }
            }
        }

        #[test]
        fn quote_segments_are_the_char_scan(s in "([a-z]{1,4}|“|”|«|»|\"|'|‘|’|—|\\(|:| |\n|\n\n|é|\u{2014}|\u{00a0}|\u{2028})*") {
            prop_assert_eq!(quote_segments(&s), old::quote_segments(&s));
        }

        #[test]
        fn the_reader_gives_the_old_claims_on_any_text(
            s in "(Peskov|Putin|The|He|she|said|says|told|according to|the|that|reporters|and that|, but|, while|; |not|won't|never|thirty|five|30-day|twenty-five|500,000|2|million|Monday|March 3|May|“|”|\"|'|’|‘|\\. |, |[a-z]{1,6}|[A-Z][a-z]{1,5}| |\n\n|é|—|in|Lyon)*"
        ) {
            let a = article(&s);
            prop_assert_eq!(claims_of(&a, &Annotations::default()), claims_by_old(&s, &Annotations::default()));
        }
    }

    #[test]
    fn a_sentence_met_again_elsewhere_gets_what_reading_it_afresh_finds() {
        // "He" is whoever the sentence before names; the quote is given to him.
        let s = "He said the talks, which began in Lyon on Monday, would resume in 30 days, calling it “a fair deal”.";
        let bodies = [
            format!("Peskov met Putin in Moscow.\n\n{s}"),
            format!("A much longer opening sentence about Zelensky, who met Biden. Zelensky spoke first. {s} Then {s}"),
            format!("{s}\n\nPeskov said so. {s}"),
        ];
        let mut ann = Annotations::default();
        let a = article(&bodies[0]);
        ann.mentions.push(model::Mention {
            article: a.id.clone(),
            span: Span::new(
                a.body().find("Lyon").unwrap_or(0),
                a.body().find("Lyon").unwrap_or(0) + 4,
            ),
            text: "Lyon".into(),
            kind: EntityType::Location,
        });
        let cases: Vec<(Article, Annotations)> = bodies
            .iter()
            .map(|b| (article(b), Annotations::default()))
            .chain([(a, ann)])
            .collect();
        let mut speakers = std::collections::BTreeSet::new();
        for (a, ann) in cases.iter().chain(&cases) {
            // Afresh: on a thread of its own, whose memo is empty.
            let fresh = std::thread::scope(|sc| sc.spawn(|| claims_of(a, ann)).join());
            let Ok(fresh) = fresh else {
                panic!("reading panicked")
            };
            let got = claims_of(a, ann);
            assert_eq!(got, fresh, "{:?}", a.paragraphs);
            speakers.extend(got.into_iter().map(|c| c.attributed_to));
        }
        // The contexts make a difference, so a memo that ignored them would fail above.
        assert!(
            speakers.contains(&Some("Peskov".to_string())),
            "{speakers:?}"
        );
        assert!(
            speakers.contains(&Some("Zelensky".to_string())),
            "{speakers:?}"
        );
    }

    #[test]
    fn an_article_without_an_outlet_is_named_by_its_title_and_has_no_outlet() {
        let mut a = Article::new("a-1", "x.txt");
        assert_eq!(source_label(&a), "a-1");
        a.title = Some("Diplomatic Talks Resurface as Putin Meets U.S. Envoy".into());
        assert_eq!(
            source_label(&a),
            "“Diplomatic Talks Resurface as Putin Meets…”"
        );
        a.title = Some("Truce holds".into());
        assert_eq!(source_label(&a), "“Truce holds”");
    }

    fn article(body: &str) -> Article {
        let mut a = Article::new("a1", "test");
        a.source = Some("Wire".into());
        a.paragraphs = body.split("\n\n").map(str::to_string).collect();
        a
    }

    /// (clause text, speaker) for each claim.
    fn check(body: &str, expected: &[(&str, Option<&str>)]) {
        let a = article(body);
        let got: Vec<(String, Option<String>)> = claims_of(&a, &Annotations::default())
            .into_iter()
            .map(|c| (c.text, c.attributed_to))
            .collect();
        let want: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(t, s)| (t.to_string(), s.map(str::to_string)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn frames_become_attribution() {
        check(
            "Kremlin spokesman Dmitry Peskov told reporters that talks went well. The war goes on, said Peskov.",
            &[
                (
                    "Kremlin spokesman Dmitry Peskov told reporters that talks went well.",
                    Some("Dmitry Peskov"),
                ),
                ("The war goes on, said Peskov.", Some("Peskov")),
            ],
        );
        check(
            "The talks were productive, according to the Kremlin.",
            &[(
                "The talks were productive, according to the Kremlin.",
                Some("Kremlin"),
            )],
        );
    }

    #[test]
    fn coordinated_clauses_split_and_inherit() {
        check(
            "The Kremlin said that Putin had sent Trump a message and that there were grounds for optimism.",
            &[
                ("The Kremlin said that Putin had sent Trump a message", Some("Kremlin")),
                ("there were grounds for optimism.", Some("Kremlin")),
            ],
        );
    }

    #[test]
    fn quotes_across_sentences_take_the_closing_frame() {
        check(
            "\"There are reasons to be hopeful. Much remains to be done,\" said Peskov.",
            &[
                ("\"There are reasons to be hopeful.", Some("Peskov")),
                ("Much remains to be done,\" said Peskov.", Some("Peskov")),
            ],
        );
    }

    #[test]
    fn quote_owner_is_the_nearest_speaker() {
        let a = article("Spokesman Dmitry Peskov stated that Putin expressed “cautious optimism” about it. Peskov said there was 'certainly' reason to feel 'cautious optimism' now.");
        let c = claims_of(&a, &Annotations::default());
        assert_eq!(c[0].quotes[0].owner.as_deref(), Some("Putin"));
        assert_eq!(c[1].quotes[1].owner.as_deref(), Some("Peskov"));
        assert_eq!(c[1].quotes[1].text, "cautious optimism");
    }

    proptest::proptest! {
        #[test]
        fn claim_spans_stay_in_the_body(s in "[A-Za-zé’'“”‘\",.;:—\n -]{0,160}") {
            let a = article(&s);
            let body = a.body();
            for c in claims_of(&a, &Annotations::default()) {
                proptest::prop_assert!(c.span.end <= body.len());
                proptest::prop_assert!(body.get(c.span.start..c.span.end).is_some());
                proptest::prop_assert!(c.span.contains(c.content));
            }
        }
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let b = "Russia's army won't stop, he said 'no way' and 'yes'.";
        let q: Vec<&str> = quote_segments(b).iter().map(|s| s.slice(b)).collect();
        assert_eq!(q, ["no way", "yes"]);
    }

    use model::{Quote, QuoteKind};

    fn quote(speaker: &str, span: Span) -> Quote {
        Quote {
            speaker: Some(speaker.into()),
            speaker_span: None,
            speaker_entity: None,
            text: String::new(),
            kind: QuoteKind::Indirect,
            cue: None,
            cue_span: None,
            article: "a1".into(),
            span,
            confidence: 0.6,
        }
    }

    #[test]
    fn a_quote_must_cover_most_of_the_clause_to_name_its_speaker() {
        let mut ann = Annotations::default();
        let clause = Span::new(0, 100);
        // Reported words in the last fifth of the clause: not the clause's speaker.
        ann.quotes = vec![quote("Putin", Span::new(80, 100))];
        assert_eq!(annotated_speaker(&ann, clause), None);
        // Named and cued inside the clause, the three making up most of it: the speaker.
        let mut framed = quote("Zelensky", Span::new(60, 100));
        framed.speaker_span = Some(Span::new(0, 30));
        framed.cue_span = Some(Span::new(40, 49));
        assert_eq!(
            annotated_speaker(
                &Annotations {
                    quotes: vec![framed.clone()],
                    ..Default::default()
                },
                clause
            )
            .as_deref(),
            Some("Zelensky")
        );
        // Named outside the clause: only the reported words count.
        framed.speaker_span = Some(Span::new(200, 230));
        framed.cue_span = Some(Span::new(231, 240));
        assert_eq!(
            annotated_speaker(
                &Annotations {
                    quotes: vec![framed],
                    ..Default::default()
                },
                clause
            ),
            None
        );
        // Covering most of it: the speaker, the larger cover winning.
        ann.quotes.push(quote("Peskov", Span::new(30, 100)));
        ann.quotes.push(quote("Trump", Span::new(40, 120)));
        assert_eq!(annotated_speaker(&ann, clause).as_deref(), Some("Peskov"));
    }
}
