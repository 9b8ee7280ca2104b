//! Quotes and their speakers: direct quotes (any quote marks, split by "he said", running over
//! paragraphs), indirect speech ("X said (that) ..."), "according to X" and broadcast
//! soundbites ("RESIDENT, 58, VALERII, SAYING: ..."), found by rules over a cue-verb lexicon.
//!
//! The rules work on an article's body in three passes:
//! 1. quote regions: spans between matching quote marks, a region left open at a paragraph's
//!    end carrying on into the next paragraph when that one opens with a quote mark;
//! 2. candidates: every cue (a reporting verb outside quote marks) proposes one attribution,
//!    shaped by where its content lies: before it (`"...," X said`), after it
//!    (`X said (that) ...`, `X said: "..."`), around "according to", or a soundbite;
//! 3. selection: candidates are taken best first, dropping any that overlaps one already taken
//!    (each word belongs to at most one attribution), then pronoun and description speakers
//!    ("he", "the Kremlin spokesman") are resolved to the nearest fitting earlier name.
//!
//! ```
//! let mut a = model::Article::new("a1", "inline");
//! a.paragraphs = vec!["\"We will talk,\" Kremlin spokesman Dmitry Peskov said.".into()];
//! let body = a.body();
//! let q = annotate::quotes::quotes(&a, &body, &[]);
//! assert_eq!(q[0].speaker.as_deref(), Some("Kremlin spokesman Dmitry Peskov"));
//! assert_eq!(q[0].text, "We will talk,");
//! ```

#[cfg(test)]
mod dump;
mod lexicon;
mod pos;
mod tagger;
#[cfg(test)]
mod tests;

use model::{Article, EntityType, Mention, Quote, QuoteKind, Span};
use std::collections::BTreeSet;

/// Cue verbs (every inflection written out), with how strongly each signals reported speech.
const CUES: &[(&str, f32)] = &[
    ("said", 1.0),
    ("says", 1.0),
    ("say", 0.7),
    ("saying", 0.8),
    ("told", 1.0),
    ("tells", 1.0),
    ("tell", 0.5),
    ("telling", 0.7),
    ("added", 0.9),
    ("adds", 0.9),
    ("adding", 0.8),
    ("wrote", 0.9),
    ("writes", 0.9),
    ("noted", 0.9),
    ("notes", 0.7),
    ("noting", 0.8),
    ("asked", 0.8),
    ("asks", 0.8),
    ("stated", 0.9),
    ("argued", 0.9),
    ("argues", 0.9),
    ("arguing", 0.7),
    ("claimed", 0.9),
    ("claims", 0.6),
    ("claiming", 0.7),
    ("insisted", 0.9),
    ("insists", 0.9),
    ("warned", 0.9),
    ("warns", 0.9),
    ("announced", 0.8),
    ("announces", 0.8),
    ("explained", 0.9),
    ("explains", 0.9),
    ("acknowledged", 0.9),
    ("acknowledges", 0.9),
    ("admitted", 0.9),
    ("admits", 0.9),
    ("reported", 0.7),
    ("reports", 0.6),
    ("tweeted", 0.9),
    ("declared", 0.8),
    ("suggested", 0.8),
    ("suggests", 0.7),
    ("continued", 0.6),
    ("recalled", 0.9),
    ("responded", 0.8),
    ("replied", 0.9),
    ("concluded", 0.8),
    ("confirmed", 0.8),
    ("denied", 0.7),
    ("predicted", 0.8),
    ("promised", 0.7),
    ("vowed", 0.8),
    ("urged", 0.7),
    ("complained", 0.9),
    ("contended", 0.9),
    ("countered", 0.9),
    ("joked", 0.9),
    ("quipped", 0.9),
    ("observed", 0.8),
    ("stressed", 0.9),
    ("emphasized", 0.9),
    ("conceded", 0.9),
    ("testified", 0.9),
    ("estimated", 0.7),
    ("believes", 0.7),
    ("believe", 0.5),
    ("believed", 0.6),
    ("thinks", 0.6),
    ("think", 0.4),
    ("wondered", 0.8),
    ("charged", 0.6),
    ("speculated", 0.9),
    ("pointed", 0.6),
    ("indicated", 0.7),
    ("revealed", 0.7),
    ("disclosed", 0.8),
    ("alleged", 0.8),
    ("alleges", 0.8),
    ("hinted", 0.8),
    ("boasted", 0.9),
    ("bragged", 0.9),
    ("cautioned", 0.9),
    ("shouted", 0.9),
    ("posted", 0.6),
    ("wrote:", 0.9),
    ("want", 0.5),
    ("see", 0.5),
    ("know", 0.5),
    ("call", 0.5),
    ("argue", 0.5),
    ("claim", 0.5),
    ("suggesting", 0.5),
    ("seeking", 0.5),
    ("asking", 0.5),
    ("discuss", 0.5),
    ("mentioned", 0.5),
    ("backing", 0.5),
    ("backed", 0.5),
    ("endorse", 0.5),
    ("hope", 0.5),
    ("hoping", 0.5),
    ("denounced", 0.5),
    ("thought", 0.5),
    ("expressed", 0.5),
    ("oppose", 0.5),
    ("fear", 0.5),
    ("insist", 0.5),
    ("discussed", 0.5),
    ("learned", 0.5),
    ("promises", 0.5),
    ("promising", 0.5),
    ("explaining", 0.5),
    ("urging", 0.5),
    ("recalling", 0.5),
    ("denouncing", 0.5),
    ("stating", 0.5),
    ("asserted", 0.5),
    ("declaring", 0.5),
    ("warning", 0.5),
    ("acknowledging", 0.5),
    ("announcing", 0.5),
    ("reminded", 0.5),
    ("blame", 0.5),
    ("vows", 0.5),
    ("praising", 0.5),
    ("predicting", 0.5),
    ("insisting", 0.5),
    ("threatened", 0.5),
    ("proposing", 0.5),
    ("agree", 0.5),
    ("indicate", 0.5),
    ("remember", 0.5),
    ("challenged", 0.5),
    ("requested", 0.5),
    ("decried", 0.5),
    ("encouraged", 0.5),
    ("convinced", 0.5),
    ("compared", 0.5),
    ("thanked", 0.5),
    ("portrayed", 0.5),
    ("favor", 0.5),
    ("called", 0.6),
    ("calls", 0.6),
    ("calling", 0.6),
    ("described", 0.6),
    ("describes", 0.6),
    ("describing", 0.6),
    ("accused", 0.6),
    ("accuses", 0.6),
    ("accusing", 0.6),
    ("criticized", 0.6),
    ("criticizes", 0.6),
    ("criticised", 0.6),
    ("endorsed", 0.6),
    ("endorses", 0.6),
    ("defended", 0.6),
    ("defends", 0.6),
    ("defending", 0.6),
    ("cited", 0.6),
    ("cites", 0.6),
    ("citing", 0.6),
    ("praised", 0.6),
    ("praises", 0.6),
    ("agreed", 0.6),
    ("agrees", 0.6),
    ("proposed", 0.6),
    ("proposes", 0.6),
    ("questioned", 0.6),
    ("pledged", 0.6),
    ("pledges", 0.6),
    ("dismissed", 0.6),
    ("dismisses", 0.6),
    ("blamed", 0.6),
    ("blames", 0.6),
    ("recommended", 0.6),
    ("demands", 0.6),
    ("signaled", 0.6),
    ("signalled", 0.6),
    ("forecast", 0.6),
    ("assured", 0.6),
    ("assures", 0.6),
    ("reiterated", 0.6),
    ("reiterates", 0.6),
    ("repeated", 0.6),
    ("echoed", 0.6),
    ("lamented", 0.6),
    ("mocked", 0.6),
    ("slammed", 0.6),
    ("blasted", 0.6),
    ("attacked", 0.6),
    ("rejected", 0.6),
    ("rejects", 0.6),
    ("disputed", 0.6),
    ("disputes", 0.6),
    ("condemned", 0.6),
    ("condemns", 0.6),
    ("touted", 0.6),
    ("touts", 0.6),
    ("highlighted", 0.6),
    ("welcomed", 0.6),
    ("criticizing", 0.6),
    ("shows", 0.5),
    ("showed", 0.5),
    ("show", 0.5),
    ("found", 0.5),
    ("finds", 0.5),
    ("suggest", 0.5),
    ("seemed", 0.5),
    ("seems", 0.5),
    ("appeared", 0.5),
    ("appears", 0.5),
    ("wants", 0.5),
    ("wanted", 0.5),
    ("hopes", 0.5),
    ("hoped", 0.5),
    ("plans", 0.5),
    ("supports", 0.5),
    ("supported", 0.5),
    ("opposes", 0.5),
    ("opposed", 0.5),
    ("sought", 0.5),
    ("seeks", 0.5),
    ("offered", 0.5),
    ("offers", 0.5),
    ("refused", 0.5),
    ("refuses", 0.5),
    ("declined", 0.5),
    ("declines", 0.5),
    ("expects", 0.5),
    ("expected", 0.5),
    ("knows", 0.5),
    ("knew", 0.5),
    ("sees", 0.5),
    ("saw", 0.5),
    ("felt", 0.5),
    ("fears", 0.5),
    ("feared", 0.5),
    ("worries", 0.5),
    ("worried", 0.5),
    ("considers", 0.5),
    ("considered", 0.5),
    ("viewed", 0.5),
    ("intends", 0.5),
    ("intended", 0.5),
];

/// How strongly `lower` signals an attribution: the hand-written lexicon first, then the
/// words learned from PolNeAR's train split (at half their measured precision).
fn cue_weight(lower: &str) -> Option<f32> {
    cue_entry(lower).map(|e| e.0)
}

/// A word's cue weight and whether the hand-written lexicon has it.
fn cue_entry(lower: &str) -> Option<(f32, bool)> {
    type Table = rustc_hash::FxHashMap<&'static str, (f32, bool)>;
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut t = Table::default();
            for (c, w) in lexicon::LEARNED {
                t.insert(*c, (0.5 * w, false));
            }
            // The hand-written lexicon wins over the learned one.
            for (c, w) in CUES {
                t.insert(*c, (*w, true));
            }
            t
        })
        .get(lower)
        .copied()
}

/// True for a word of the hand-written cue lexicon.
fn is_cue(lower: &str) -> bool {
    cue_entry(lower).is_some_and(|e| e.1)
}

/// Words that may stand between a subject and its cue and belong to the cue ("has said").
const CUE_PREFIX: &[&str] = &["has", "have", "had", "also"];

/// Words that end a source noun phrase when walking left from a cue.
const NP_STOP: &[&str] = &[
    "that", "but", "because", "while", "when", "as", "if", "after", "before", "since", "although",
    "though", "so", "where", "which", "than", "and", "or", "whether", "until", "unless", "what",
    "is", "was", "are", "were", "will", "would", "could", "should", "can", "may", "might", "did",
    "does", "do", "be", "been", "being", "not", "to", "said", "says", "told", "in", "on", "at",
    "for", "by", "with", "from", "into", "about", "over", "under",
];

/// Words allowed inside a source noun phrase although they are in [`NP_STOP`]
/// ("director of the FBI", "Center for ...") when a capitalised word follows.
const NP_INNER: &[&str] = &["of", "for", "and", "at", "on", "in"];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];

/// Heads of descriptions that stand for a named person ("the spokesman said").
const ROLE_HEADS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "minister",
    "senator",
    "governor",
    "secretary",
    "official",
    "chairman",
    "chairwoman",
    "director",
    "candidate",
    "nominee",
    "leader",
    "ambassador",
    "mayor",
    "chief",
    "adviser",
    "advisor",
    "aide",
    "lawyer",
    "attorney",
    "judge",
    "general",
    "commander",
    "representative",
    "congressman",
    "congresswoman",
    "speaker",
    "manager",
    "businessman",
    "billionaire",
    "democrat",
    "republican",
    "prosecutor",
    "envoy",
    "premier",
    "chancellor",
    "king",
    "queen",
    "pope",
];

/// A span of quoted text: `outer` includes the quote marks, `inner` does not.
#[derive(Debug, Clone, Copy)]
struct Region {
    outer: Span,
    inner: Span,
}

/// One proposed attribution before selection.
#[derive(Debug, Clone)]
struct Candidate {
    source: Option<Span>,
    cue: Span,
    content: Span,
    kind: QuoteKind,
    score: f32,
    /// Found by the page's layout (a broadcast soundbite, a transcript's speaker label, a
    /// signed quote), not by words: the tagger keeps it and leaves its paragraph alone.
    layout: bool,
}

/// Direct and indirect quotes of one article; `body` is `article.body()`.
///
/// Spans are byte offsets into `body`. `mentions` (entity mentions, possibly empty) help resolve
/// pronoun and description speakers; without them names are found from capitalisation.
pub fn quotes(article: &Article, body: &str, mentions: &[Mention]) -> Vec<Quote> {
    let pass = rule_pass(article, body);
    let chosen = if tagger::tagger().ready() {
        tagged(body, &pass)
    } else {
        pass.chosen.clone()
    };
    let known = known_names(body, mentions, &chosen);
    chosen
        .into_iter()
        .map(|c| to_quote(article, body, &pass.regions, &known, c))
        .collect()
}

/// What the rules find in an article: its paragraphs, quote regions, clauses, word spans and
/// the attributions chosen.
struct Pass {
    paras: Vec<Span>,
    regions: Vec<Region>,
    sents: Vec<Span>,
    words: Vec<Span>,
    chosen: Vec<Candidate>,
}

/// The rule-based pass: candidates from every cue, the best non-overlapping ones chosen.
fn rule_pass(article: &Article, body: &str) -> Pass {
    let paras = paragraph_spans(article, body);
    let regions = quote_regions(body, &paras);
    let sents = clauses(body, &paras, &regions);
    let words: Vec<Span> = text::tokens(body).into_iter().map(|t| t.span).collect();

    let mut cands = Vec::new();
    soundbites(body, &paras, &mut cands);
    transcript_turns(body, &paras, &mut cands);
    signed_quotes(body, &paras, &mut cands);
    colon_quotes(body, &regions, &sents, &mut cands);
    let mut lower = String::new();
    for (i, w) in words.iter().enumerate() {
        // Only "according" and cue words start a candidate: the cheap test first.
        let word = w.slice(body);
        lower.clear();
        if word.is_ascii() {
            lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.push_str(&word.to_lowercase());
        }
        let lower = lower.as_str();
        if lower != "according" && cue_weight(lower).is_none() {
            continue;
        }
        if in_regions(&regions, w.start) {
            continue;
        }
        let Some(sent) = sents
            .get(clause_of(&sents, w.start))
            .filter(|s| s.start <= w.start && w.end <= s.end)
        else {
            continue;
        };
        if lower == "according"
            && words
                .get(i + 1)
                .is_some_and(|n| n.slice(body).eq_ignore_ascii_case("to"))
        {
            according_to(body, &regions, *sent, *w, words[i + 1], &mut cands);
            continue;
        }
        let Some(weight) = cue_weight(lower) else {
            continue;
        };
        if lower == "pointed"
            && !words
                .get(i + 1)
                .is_some_and(|n| n.slice(body).eq_ignore_ascii_case("out"))
        {
            continue;
        }
        cue_candidates(body, &regions, &words, *sent, i, weight, &mut cands);
    }
    Pass {
        chosen: select(cands),
        paras,
        regions,
        sents,
        words,
    }
}

/// Attributions from the learned tagger (see [`tagger`]), with the rules' layout attributions
/// (soundbites, transcript turns, signed quotes) kept and their paragraphs left untagged:
/// per paragraph, sources, cues and contents are tagged, then each content is paired with the
/// nearest cue of its sentence and each cue with the nearest source.
fn tagged(body: &str, pass: &Pass) -> Vec<Candidate> {
    let layout: Vec<&Candidate> = pass.chosen.iter().filter(|c| c.layout).collect();
    let mut out: Vec<Candidate> = layout.iter().map(|c| (*c).clone()).collect();
    for p in &pass.paras {
        if layout.iter().any(|c| p.overlaps(c.cue)) {
            continue;
        }
        let found = tagger::tag_paragraph(body, *p, &pass.regions, &pass.sents, &pass.chosen);
        let sources: Vec<Span> = found
            .sources
            .into_iter()
            .map(|s| {
                let s = relative_pronoun_subject(body, trim_clitic(body, trim_tail(body, s)));
                let s = drop_participle_aside(body, trim_period(body, s));
                close_aside(body, clip_source(body, trim_when(body, s)))
            })
            .filter(|s| !s.is_empty())
            .collect();
        pair(body, pass, &sources, &found.cues, &found.contents, &mut out);
    }
    // A quote left open at its paragraph's end runs on with its region into the next
    // paragraphs; what the tagger found there belongs to it.
    let mut runs: Vec<Span> = Vec::new();
    for c in out.iter_mut() {
        let para_end = pass
            .paras
            .iter()
            .find(|p| p.contains(Span::new(c.content.start, c.content.start)))
            .map_or(c.content.end, |p| p.end);
        let run_on = pass.regions.iter().find(|r| {
            c.content.contains(Span::new(r.outer.start, r.outer.start))
                && r.outer.end > para_end
                && para_end.saturating_sub(c.content.end) <= 3
        });
        if let Some(r) = run_on {
            runs.push(Span::new(c.content.end, r.outer.end));
            c.content.end = r.outer.end;
        }
    }
    let mut kept: Vec<Candidate> = out
        .into_iter()
        .filter(|c| !runs.iter().any(|r| r.contains(c.content)))
        .collect();
    kept.sort_by_key(|c| (c.content.start, c.cue.start));
    kept
}

/// Phrases a tagged cue may end with that are not the verb ("said in a statement:"); the
/// cue span is the verb alone.
const CUE_TAILS: &[&str] = &[
    " in a statement",
    " in an interview",
    " in an email",
    " in an e-mail",
    " in a tweet",
    " in a speech",
];

/// The cue as PolNeAR marks it, the inverse of `verb_only`: widened over a colon or an
/// "in a statement" phrase right after it.
pub fn cue_with_tail(body: &str, cue: Span) -> Span {
    let after = body.get(cue.end..).unwrap_or("");
    if let Some(tail) = CUE_TAILS.iter().find(|t| after.starts_with(*t)) {
        Span::new(cue.start, cue.end + tail.len())
    } else if after.starts_with(':') {
        Span::new(cue.start, cue.end + 1)
    } else {
        cue
    }
}

/// The cue without a trailing colon or "in a statement".
fn verb_only(body: &str, cue: Span) -> Span {
    let mut s = cue;
    let t = s.slice(body);
    if t.ends_with(':') && t.len() > 1 {
        s.end -= 1;
    }
    let t = s.slice(body);
    if let Some(tail) = CUE_TAILS
        .iter()
        .find(|x| t.len() > x.len() && t.ends_with(*x))
    {
        s.end -= tail.len();
    }
    trim_ws(body, s)
}

/// A source span without trailing clause punctuation ("Donald Trump," tagged with its comma);
/// an appositive keeps the comma that closes it ("Brian Fallon, a spokesman for the
/// campaign,", as PolNeAR marks it).
fn trim_tail(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let mut rest = t.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–' | '(')
    });
    // A closing bracket the source did not open ("according to Senate filings)"), and a dash
    // standing alone ("the National Academies report -").
    loop {
        let r = rest.strip_suffix(" -").or_else(|| {
            rest.strip_suffix(')')
                .filter(|r| r.matches('(').count() <= r.matches(')').count())
                .map(|r| r.strip_suffix('.').unwrap_or(r))
        });
        match r {
            Some(r) => rest = r.trim_end(),
            None => break,
        }
    }
    let keep_comma = t[rest.len()..].trim_start().starts_with(',') && rest.contains(',');
    Span::new(
        span.start,
        span.start + rest.len() + usize::from(keep_comma),
    )
}

/// Words of four letters or more that end an abbreviation with a period ("San Bernardino,
/// Calif."): the period belongs to the source.
const LONG_ABBREVIATIONS: &[&str] = &[
    "Calif", "Mass", "Conn", "Ariz", "Wash", "Mich", "Minn", "Tenn", "Okla", "Colo", "Wisc",
    "Nebr", "Corp", "Dept", "Univ", "Assn", "Inst", "Bros", "Sept",
];

/// A source without the period that ends its sentence ("according to the Roper Center for
/// Public Opinion Research."), unless that period closes an abbreviation or initials.
fn trim_period(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let Some(rest) = t.strip_suffix('.') else {
        return span;
    };
    let last = rest.rsplit([' ', '\u{a0}']).next().unwrap_or("");
    let word = last.len() >= 4
        && last.chars().all(char::is_alphabetic)
        && last.chars().any(char::is_lowercase)
        && !LONG_ABBREVIATIONS.contains(&last);
    if word {
        Span::new(span.start, span.end - 1)
    } else {
        span
    }
}

/// A source that ends with a personal pronoun after a noun ("The best one I [know of]",
/// "everything he [says]"): the pronoun is the subject of a clause on that noun, and the
/// speaker.
fn relative_pronoun_subject(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let Some(at) = t.rfind(' ') else {
        return span;
    };
    let last = &t[at + 1..];
    let before = t[..at].trim_end();
    let noun = before.rsplit(' ').next().is_some_and(|w| {
        !w.is_empty()
            && w.chars().all(char::is_alphabetic)
            && !matches!(
                w,
                "of" | "because"
                    | "but"
                    | "and"
                    | "or"
                    | "that"
                    | "who"
                    | "which"
                    | "when"
                    | "if"
                    | "as"
            )
    });
    if noun && matches!(last, "I" | "he" | "she" | "we" | "they" | "you") {
        Span::new(span.start + at + 1, span.end)
    } else {
        span
    }
}

/// Pronouns whose "'s" is a verb ("he's", "it's"), never a possessive.
const IS_PRONOUNS: &[&str] = &["he", "she", "it", "that", "there", "what", "who"];

/// A word split before the contracted verb it ends with ("She’ll": "She", "ll"; "Trump's":
/// "Trump", "s"), or `None` when it ends with no such clitic ("O'Rourke").
fn split_clitic(word: &str) -> Option<(&str, &str)> {
    let at = word.rfind(['\'', '’'])?;
    let clitic = word[at..].trim_start_matches(['\'', '’']);
    matches!(clitic, "s" | "re" | "ve" | "ll" | "d" | "m").then_some((&word[..at], clitic))
}

/// A source without the contracted verb its last word carries ("She’ll", "I've", "he's"),
/// which PolNeAR marks as the start of the cue (train: 71 of 77 such clitics, and every "'s"
/// after a pronoun). A possessive "'s" stays ("Donald Trump's").
fn trim_clitic(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let last = t.rsplit([' ', '\u{a0}']).next().unwrap_or("");
    let Some((stem, clitic)) = split_clitic(last) else {
        return span;
    };
    let verb = clitic != "s" || IS_PRONOUNS.contains(&stem.to_lowercase().as_str());
    if verb && stem.chars().next().is_some_and(char::is_alphabetic) {
        Span::new(span.start, span.end - last.len() + stem.len())
    } else {
        span
    }
}

/// Participles that open a phrase a source keeps ("Senate Democrats, including Chuck Schumer,").
const KEPT_PARTICIPLES: &[&str] = &[
    "including",
    "according",
    "acting",
    "managing",
    "representing",
];

/// A source without an aside that opens with a participle ("Trump, appearing after Clinton at
/// the forum,": "Trump"), as PolNeAR marks it two times in three.
fn drop_participle_aside(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let Some(at) = t.find(", ") else {
        return span;
    };
    let next = t[at + 2..].split(' ').next().unwrap_or("");
    let participle = next.len() > 5
        && next.ends_with("ing")
        && next.chars().all(|c| c.is_ascii_lowercase())
        && !KEPT_PARTICIPLES.contains(&next);
    if participle && t[..at].starts_with(char::is_uppercase) {
        Span::new(span.start, span.start + at)
    } else {
        span
    }
}

/// A source that opened an aside ends with the mark that closes it, when that mark follows the
/// span, as PolNeAR marks it: the comma after an appositive, on either side of the cue ("said
/// Ed Rendell, a former governor, referring to ..."); the closing dash of a dashed aside ("Jason
/// Sims — a teacher from Mount Pleasant — says"); the period of an abbreviation the tokens split
/// off ("Joseph R. Biden Jr.", "the A.F.L.-C.I.O.").
fn close_aside(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let after = body.get(span.end..).unwrap_or("");
    if !t.ends_with(',') && after.starts_with(',') && t.contains(", ") {
        return Span::new(span.start, span.end + 1);
    }
    let spaced = after.trim_start_matches(' ');
    let gap = after.len() - spaced.len();
    for (open, close) in [("—", "—"), ("–", "–"), (" - ", "-"), ("--", "--")] {
        // A spaced hyphen closes only as a word of its own, not as the start of "--".
        let whole = close != "-"
            || !spaced.starts_with("--")
                && spaced.get(1..).is_some_and(|r| r.starts_with([' ', '\n']));
        if t.contains(open) && spaced.starts_with(close) && whole {
            return Span::new(span.start, span.end + gap + close.len());
        }
    }
    if after.starts_with('.') {
        let last = words_at(t).last().map_or("", |w| w.1);
        let initialism = last.len() > 2
            && last.contains('.')
            && last
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '.' || c == '-');
        if matches!(last, "Jr" | "Sr") || initialism {
            return Span::new(span.start, span.end + 1);
        }
    }
    span
}

/// Adverbs a tagged source may end with that belong to its clause ("The ad then").
const TRAILING_ADVERBS: &[&str] = &[
    "then", "just", "also", "almost", "still", "already", "again",
];

/// Nouns of a medium a source spoke through ("In a Bloomberg interview Trump said").
const MEDIA: &[&str] = &[
    "interview",
    "speech",
    "statement",
    "letter",
    "tweet",
    "post",
    "op-ed",
    "editorial",
    "memo",
    "email",
    "e-mail",
    "video",
    "hearing",
    "appearance",
    "debate",
    "rally",
    "filing",
    "article",
    "column",
    "essay",
    "broadcast",
    "podcast",
    "conference",
    "briefing",
    "remarks",
];

/// A tagged source cut to its noun phrase: without an adverb of its clause at its end ("The ad
/// then"), and starting after a medium noun that a name or pronoun follows ("a Bloomberg
/// interview Trump", "an interview his brother Alastair Osman"; not "a report Tuesday").
fn clip_source(body: &str, span: Span) -> Span {
    let words = words_at(span.slice(body));
    let n = words.len();
    let mut from = 0;
    let mut to = n;
    while to > 1 && TRAILING_ADVERBS.contains(&words[to - 1].1) {
        to -= 1;
    }
    let speaker = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !text::WEEKDAY_NAMES.contains(&w)
            && !text::MONTH_NAMES.contains(&w)
            || matches!(w, "he" | "she" | "they" | "we" | "his" | "her" | "their")
    };
    if let Some(k) =
        (0..to.saturating_sub(1)).find(|&k| MEDIA.contains(&words[k].1) && speaker(words[k + 1].1))
    {
        from = k + 1;
    }
    if from == 0 && to == n {
        return span;
    }
    let start = span.start + words[from].0;
    let end = span.start + words[to - 1].0 + words[to - 1].1.len();
    trim_tail(body, Span::new(start, end))
}

/// Words that end the agent of a passive cue ("criticized by some of his rivals for ...").
const AGENT_ENDS: &[&str] = &[
    "for", "over", "on", "in", "at", "as", "after", "during", "with", "about", "since", "because",
    "when", "while", "to", "from", "who", "which", "that", "last", "this", "earlier",
];

/// The agent of a passive cue, the speaker ("Sanders has been attacked by Bernie Sanders'
/// rivals": the phrase after "by", to the first comma, preposition or clause word).
fn passive_agent(body: &str, clause: Span, cue: Span) -> Option<Span> {
    let c = cue.slice(body);
    let be = c.split(' ').any(|w| {
        matches!(
            w,
            "is" | "are" | "was" | "were" | "be" | "been" | "being" | "’s" | "'s"
        )
    });
    let last = c.rsplit(' ').next().unwrap_or("");
    if !be || !(last.ends_with("ed") || last.ends_with("en") || last.ends_with("wn")) {
        return None;
    }
    let rest = body.get(cue.end..clause.end.max(cue.end))?;
    let agent = rest.strip_prefix(" by ")?;
    let from = cue.end + 4;
    let mut end = from;
    for (at, w) in words_at(agent) {
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        if AGENT_ENDS.contains(&bare) || bare.is_empty() {
            break;
        }
        end = from + at + bare.len();
        if bare.len() < w.len() || at > 80 {
            break;
        }
    }
    let s = trim_ws(body, Span::new(from, end));
    (!s.is_empty()).then_some(s)
}

/// The antecedent of a relative pronoun tagged as a source, for a cue past the relative
/// clause ("Barkley, who played for the Suns, said ...": "Barkley", not "who"): the short
/// phrase opening the sentence before the comma that opens the clause.
fn main_clause_source(body: &str, clause: Span, source: Span, cue: Span) -> Option<Span> {
    let pronoun = source.slice(body).to_lowercase();
    if !matches!(pronoun.as_str(), "who" | "which") || cue.start < source.end {
        return None;
    }
    if !body.get(source.end..cue.start)?.trim_end().ends_with(',') {
        return None;
    }
    let head = body
        .get(clause.start..source.start)?
        .trim_end()
        .strip_suffix(',')?;
    let words = words_at(head).len();
    if words == 0 || words > 8 || head.contains([',', ';', ':']) {
        return None;
    }
    let start = clause.start + (head.len() - head.trim_start().len());
    let s = trim_ws(body, Span::new(start, clause.start + head.len()));
    s.slice(body).starts_with(char::is_uppercase).then_some(s)
}

/// A tagged source that runs into a relative pronoun ("host Bill Maher, who", "Sanders, whose
/// campaign"): PolNeAR makes the pronoun's phrase the source of a cue after it when it opens an
/// aside ("host Bill Maher, who is supporting Sanders": "who"), and the noun phrase before it
/// the source otherwise ("said Lionel Sosa, a Republican who ...": "Lionel Sosa, a Republican").
fn relative_source(body: &str, span: Span, cue: Span) -> Span {
    let t = span.slice(body);
    let words = words_at(t);
    let n = words.len();
    let Some(i) = (1..n)
        .rev()
        .find(|&i| match words[i].1.to_lowercase().as_str() {
            "who" | "who's" | "who’s" | "which" => i + 1 == n,
            "whose" => i + 1 < n && n - i <= 4,
            _ => false,
        })
    else {
        return span;
    };
    let (at, w) = words[i];
    let aside = t[..at].trim_end().ends_with([',', '—', '–']);
    if cue.start >= span.end && aside {
        // "who's" speaks as "who".
        let contracted =
            w.len() > 3 && !w.eq_ignore_ascii_case("whose") && w.starts_with(['w', 'W']);
        let end = if contracted {
            span.start + at + 3
        } else {
            span.end
        };
        return Span::new(span.start + at, end);
    }
    let head = trim_tail(body, Span::new(span.start, span.start + at));
    if head.is_empty() {
        span
    } else {
        close_aside(body, head)
    }
}

/// The words of `t` (split at spaces, no-break ones too) with their byte offsets in `t`.
fn words_at(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        if c == ' ' || c == '\u{a0}' {
            if let Some(s) = start.take() {
                out.push((s, &t[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &t[s..]));
    }
    out
}

/// Time words a tagged source may end with that PolNeAR leaves out of it ("Sen. Chuck
/// Grassley (R-Iowa) on Wednesday said", "Rep. Brad Sherman last month joked").
const WHEN_UNITS: &[&str] = &[
    "week",
    "month",
    "year",
    "night",
    "weekend",
    "morning",
    "afternoon",
    "evening",
];

/// A source without a trailing time phrase (`on Wednesday`, `last month`, `this past week`)
/// or a trailing `in an interview`; the phrase must follow the name without a comma, and not a
/// participle (`a poll released last week` keeps it, as PolNeAR does).
fn trim_when(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let words: Vec<&str> = t.split(' ').collect();
    let n = words.len();
    let weekday = |w: &str| text::WEEKDAY_NAMES.contains(&w);
    let unit = |w: &str| WHEN_UNITS.contains(&w) || weekday(w);
    let cut = if n >= 3 && words[n - 2] == "on" && weekday(words[n - 1]) {
        2
    } else if n >= 4 && words[n - 3] == "this" && words[n - 2] == "past" && unit(words[n - 1]) {
        3
    } else if n >= 3 && matches!(words[n - 2], "last" | "this" | "earlier") && unit(words[n - 1]) {
        2
    } else if n >= 4
        && words[n - 3] == "in"
        && matches!(words[n - 2], "an" | "a")
        && matches!(words[n - 1], "interview" | "statement")
    {
        3
    } else {
        0
    };
    if cut == 0 {
        return span;
    }
    let keep: usize = words[..n - cut].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
    // After a participle the phrase dates the source, not the speech: "a Gallup poll taken last
    // week", "a report released on Monday", "an analysis released by the ministry last month".
    let is_participle = |before: &str| {
        before.len() > 2
            && before.chars().all(|c| c.is_ascii_lowercase())
            && (before.ends_with("ed") || matches!(before, "taken" | "out"))
    };
    let participle = words[1..n - cut].iter().any(|w| is_participle(w));
    if participle || t[..keep].ends_with(',') {
        return span;
    }
    Span::new(span.start, span.start + keep)
}

/// A span without leading white space or clause punctuation.
fn trim_lead(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let rest = t.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–' | '-' | ')')
    });
    Span::new(span.start + (t.len() - rest.len()), span.end)
}

/// The clause index of byte `at` (clauses are sorted).
fn clause_of(sents: &[Span], at: usize) -> usize {
    sents.partition_point(|s| s.end <= at)
}

/// Pairs one paragraph's tagged spans into attributions.
fn pair(
    body: &str,
    pass: &Pass,
    sources: &[Span],
    cues: &[Span],
    contents: &[Span],
    out: &mut Vec<Candidate>,
) {
    // Content and cue pairs, nearest first.
    let gap = |a: Span, b: Span| {
        if a.end <= b.start {
            b.start - a.end
        } else {
            a.start.saturating_sub(b.end)
        }
    };
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    // Only contents within 600 bytes of a cue can pair with it: with the contents in text
    // order (as the tagger gives them), those are one run found by binary search, so a
    // paragraph of thousands of cues and contents is not paired all against all.
    let ordered = contents.windows(2).all(|w| w[0].end <= w[1].start);
    for (ci, c) in cues.iter().enumerate() {
        let near = if ordered {
            let from = contents.partition_point(|k| k.end + 600 <= c.start);
            let to = contents.partition_point(|k| k.start < c.end + 600);
            from..to.max(from)
        } else {
            0..contents.len()
        };
        for (ki, k) in contents.iter().enumerate().take(near.end).skip(near.start) {
            if k.overlaps(*c) || gap(*c, *k) >= 600 {
                continue;
            }
            let same = clause_of(&pass.sents, c.start)
                == clause_of(
                    &pass.sents,
                    if k.start > c.end {
                        k.start
                    } else {
                        k.end.saturating_sub(1)
                    },
                );
            let g = gap(*c, *k) + if same { 0 } else { 400 };
            if g < 600 {
                pairs.push((g, ci, ki));
            }
        }
    }
    pairs.sort();
    let mut cue_of: Vec<Option<usize>> = vec![None; contents.len()];
    let mut used = vec![false; cues.len()];
    for (_, ci, ki) in pairs {
        if !used[ci] && cue_of[ki].is_none() {
            used[ci] = true;
            cue_of[ki] = Some(ci);
        }
    }
    let mut content_of: Vec<Option<Span>> = vec![None; cues.len()];
    for (ki, k) in contents.iter().enumerate() {
        if let Some(ci) = cue_of[ki] {
            content_of[ci] = Some(*k);
        }
    }
    for (ci, &cue) in cues.iter().enumerate() {
        let clause_idx = clause_of(&pass.sents, cue.start);
        let clause = pass.sents.get(clause_idx).copied().unwrap_or(cue);
        let near = |k: Option<Span>| {
            sources
                .iter()
                .filter(|s| !k.is_some_and(|k| k.contains(**s)) && !s.overlaps(cue))
                .filter(|s| clause_of(&pass.sents, s.start) == clause_idx)
                .min_by_key(|s| gap(**s, cue))
                .copied()
        };
        // A direct quote broken by its own attribution ("“…?” Clinton said. “…”"): the content
        // tagger runs one content over both parts of the quote and the words between, and that
        // content is the quote's (as the rules give it), its source the one beside the cue.
        let holding = content_of[ci]
            .is_none()
            .then(|| content_holding(contents, ordered, cue))
            .flatten();
        let broken = holding.filter(|&k| broken_quote(pass, k, cue));
        let content = match (content_of[ci], broken) {
            (Some(k), _) | (None, Some(k)) => k,
            (None, None) => {
                // A cue the content tagger left without content (a report nested in another's
                // content): the rest of its clause, inside the enclosing content.
                let mut region = clause;
                if let Some(e) = holding {
                    region = Span::new(region.start.max(e.start), region.end.min(e.end));
                }
                let src = near(None);
                let mut from = cue.end;
                if let Some(s) = src.filter(|s| s.start >= cue.end && s.start - cue.end <= 2) {
                    from = s.end;
                }
                let after = strip_marks(
                    body,
                    trim_content(body, Span::new(from.min(region.end), region.end)),
                );
                if after.slice(body).chars().any(char::is_alphanumeric) {
                    after
                } else {
                    let to = src.map_or(cue.start, |s| s.start.min(cue.start));
                    let before = strip_marks(
                        body,
                        trim_content(body, Span::new(region.start, to.max(region.start))),
                    );
                    if before.slice(body).chars().any(char::is_alphanumeric) {
                        before
                    } else if let Some(k) = colon_quote_after(body, pass, cue) {
                        k
                    } else {
                        continue;
                    }
                }
            }
        };
        let agent = passive_agent(body, clause, cue);
        let source = agent
            .or_else(|| {
                near(if broken.is_some() {
                    None
                } else {
                    Some(content)
                })
                .map(|s| main_clause_source(body, clause, s, cue).unwrap_or(s))
                .map(|s| relative_source(body, s, cue))
            })
            .or_else(|| participle_subject(body, &pass.words, clause, cue))
            .or_else(|| coordinated_subject(body, &pass.words, clause, cue))
            .or_else(|| contracted_subject(body, &pass.words, clause, cue))
            .or_else(|| inverted_source(body, clause, cue, content));
        let rule = pass.chosen.iter().find(|r| r.cue.overlaps(cue));
        // A direct quote the rules followed over "he said" or into the next sentence keeps
        // the rules' span, unless that is a word or two in marks within the tagger's content
        // (warning 'millions' will die); the content never opens with the punctuation after a
        // cue.
        let content = match rule {
            Some(r)
                if r.kind == QuoteKind::Direct
                    && r.content.overlaps(content)
                    && r.content.len() * 2 >= content.len() =>
            {
                r.content
            }
            _ => trim_lead(body, content),
        };
        if content.is_empty() {
            continue;
        }
        let cue = verb_only(body, cue);
        let source = source.filter(|&s| !naming_participle(body, s, cue));
        let direct = pass.regions.iter().any(|r| r.outer.start == content.start)
            || content.slice(body).starts_with(is_open_quote);
        out.push(Candidate {
            source,
            cue,
            content,
            kind: if direct {
                QuoteKind::Direct
            } else {
                QuoteKind::Indirect
            },
            score: rule.map_or(0.6, |r| r.score.max(0.6)),
            layout: false,
        });
    }
}

/// A participle that names what its source is ("His nonprofit group, called the Virginia
/// Conservation Legacy Fund,"; "National Guard members, called to service"): the phrase after
/// a comma closing the source, which is not its speaker.
fn naming_participle(body: &str, source: Span, cue: Span) -> bool {
    let between = body.get(source.end..cue.start).unwrap_or("").trim();
    source.end <= cue.start
        && between == ","
        && matches!(cue.slice(body), "called" | "named" | "dubbed" | "known")
}

/// What a cue introduces with a colon when nothing else follows it in its clause: the
/// quotation right after it, or, when the colon closes the cue's paragraph ("The governor
/// added:"), the next paragraph, quoted as a block.
fn colon_quote_after(body: &str, pass: &Pass, cue: Span) -> Option<Span> {
    let colon = |gap: &str| cue.slice(body).ends_with(':') || gap.trim_start().starts_with(':');
    if let Some(r) = region_starting_at(body, &pass.regions, cue.end) {
        return colon(&body[cue.end..r.outer.start]).then_some(r.outer);
    }
    let i = pass.paras.partition_point(|p| p.end <= cue.start);
    let rest = &body[cue.end..pass.paras.get(i)?.end];
    if !colon(rest) || !rest.trim_start_matches(':').trim().is_empty() {
        return None;
    }
    let next = trim_ws(body, *pass.paras.get(i + 1)?);
    (!next.is_empty()).then_some(next)
}

/// How far (bytes) after a quotation's closing mark the cue that breaks it may stand
/// ("”, the Kremlin spokesman Dmitry Peskov told reporters on Friday."), for [`broken_quote`].
const BROKEN_REACH: usize = 120;

/// The content that holds `cue`: with the contents in text order (`ordered`), the one a
/// binary search finds, so a paragraph of thousands is not scanned per cue.
fn content_holding(contents: &[Span], ordered: bool, cue: Span) -> Option<Span> {
    if ordered {
        let i = contents.partition_point(|k| k.end < cue.end);
        contents.get(i).copied().filter(|k| k.contains(cue))
    } else {
        contents.iter().copied().find(|k| k.contains(cue))
    }
}

/// Whether content `k`, which holds `cue`, is a direct quote broken by it: the cue stands
/// outside the quotation marks, within [`BROKEN_REACH`] after a quotation `k` opens with.
fn broken_quote(pass: &Pass, k: Span, cue: Span) -> bool {
    if in_regions(&pass.regions, cue.start) {
        return false;
    }
    let i = pass.regions.partition_point(|r| r.outer.end <= cue.start);
    i.checked_sub(1)
        .and_then(|i| pass.regions.get(i))
        .is_some_and(|before| {
            before.outer.start.abs_diff(k.start) <= 1
                && cue.start - before.outer.end <= BROKEN_REACH
        })
}

/// How far (bytes) a participle cue may stand from its sentence's start for
/// [`participle_subject`] to read the sentence's subject.
const MAX_SUBJECT_REACH: usize = 1_000;

/// The subject of the sentence a participle cue hangs from ("Trump unleashed a series of
/// tweets saying ...", "He closed by telling ..."): a cue in -ing left without a source reports
/// for the subject opening its sentence.
fn participle_subject(body: &str, words: &[Span], sent: Span, cue: Span) -> Option<Span> {
    let participle = cue
        .slice(body)
        .split_whitespace()
        .any(|w| w.len() > 4 && w.ends_with("ing") && !w.starts_with(char::is_uppercase));
    if !participle {
        return None;
    }
    name_subject(body, words, sent, cue)
}

/// Adverbs that may stand between a conjunction and the verb it coordinates ("and then said").
const COORDINATED_ADVERBS: &[&str] = &["then", "later", "also", "again", "quickly", "finally"];

/// The subject of the sentence whose second verb is the cue ("Rubio thanked Miami and said it
/// was great to be home", "She brought that down to $42,000 but said ..."), or whose subject an
/// aside parts from the cue ("Tester, himself up for reelection in 2018, said ..."): a cue left
/// without a source reports for the subject opening its sentence.
fn coordinated_subject(body: &str, words: &[Span], sent: Span, cue: Span) -> Option<Span> {
    let (before, k) = words_before(body, words, sent, cue, COORDINATED_ADVERBS);
    let joined = k > 0 && matches!(before[k - 1].slice(body), "and" | "but");
    let aside = k == before.len()
        && k > 0
        && before[k - 1].slice(body) == ","
        && before.get(1).is_some_and(|w| {
            body.get(before[0].end..w.end)
                .is_some_and(|t| t.starts_with(','))
        });
    if !joined && !aside {
        return None;
    }
    name_subject(body, words, sent, cue)
}

/// The pronoun that carries the auxiliary of a cue left without a source ("He’s predicting",
/// "they’ve argued", "She’s also praising"): the word before the cue, past adverbs, is a
/// personal pronoun with a contracted verb, and the pronoun is the speaker.
fn contracted_subject(body: &str, words: &[Span], sent: Span, cue: Span) -> Option<Span> {
    const ADVERBS: &[&str] = &["also", "not", "already", "now", "still"];
    let (before, k) = words_before(body, words, sent, cue, ADVERBS);
    let w = *before.get(k.checked_sub(1)?)?;
    let (pronoun, _) = split_clitic(w.slice(body))?;
    let personal = matches!(
        pronoun.to_lowercase().as_str(),
        "he" | "she" | "it" | "they" | "we" | "i" | "you"
    );
    personal.then(|| Span::new(w.start, w.start + pronoun.len()))
}

/// The words of `cue`'s sentence before it, and how many of them stand before the `skipped`
/// adverbs right before the cue ("and then said": the count stops after "and").
fn words_before<'w>(
    body: &str,
    words: &'w [Span],
    sent: Span,
    cue: Span,
    skipped: &[&str],
) -> (&'w [Span], usize) {
    let before = words_in(words, Span::new(sent.start, cue.start.max(sent.start)));
    let mut k = before.len();
    while k > 0 && skipped.contains(&before[k - 1].slice(body)) {
        k -= 1;
    }
    (before, k)
}

/// The subject opening the sentence of `cue`, when it is a name or a personal pronoun.
fn name_subject(body: &str, words: &[Span], sent: Span, cue: Span) -> Option<Span> {
    // The subject opens the sentence: a cue far into a run-on text (no sentence breaks for
    // megabytes) is not read back from its start.
    if cue.start.saturating_sub(sent.start) > MAX_SUBJECT_REACH {
        return None;
    }
    let head = Span::new(sent.start, cue.start.max(sent.start));
    let first = words_in(words, head).first()?;
    let sent = Span::new(first.start, head.end);
    // A name (its last word a proper noun, not a possessive) or a personal pronoun: sentence
    // openers such as "Despite", "Some" or "Hours" are not subjects.
    subject_of(body, words, sent).filter(|x| {
        let ws: Vec<&str> = x.slice(body).split(' ').collect();
        let last = ws.last().copied().unwrap_or("");
        let proper = |w: &str| {
            let l = w.to_lowercase();
            matches!(pos::tag(w, &l).top.text, "NNP" | "NNPS")
        };
        let pronoun = ws.len() == 1 && matches!(last, "He" | "She" | "They" | "We" | "I");
        pronoun
            || (proper(last)
                && !ws.iter().any(|w| w.contains(['\'', '’']))
                && !text::is_stopword(&ws[0].to_lowercase()))
    })
}

/// Words that open a phrase after a cue that is not its speaker ("said on Tuesday", "said in a
/// statement", "said that ...").
const NOT_SPEAKER_OPENERS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "for",
    "to",
    "that",
    "this",
    "it",
    "with",
    "about",
    "of",
    "from",
    "by",
    "after",
    "before",
    "last",
    "earlier",
    "later",
    "then",
    "yesterday",
    "today",
    "tomorrow",
    "recently",
    "again",
    "also",
    "so",
    "as",
    "when",
    "while",
    "and",
    "but",
];

/// The speaker of an inverted attribution that closes its sentence after the reported words
/// ("..., the losses would outstrip the gains, said Batchelder."): the short phrase from a
/// one-word cue to the sentence's end, when a comma stands right before the cue.
fn inverted_speaker(body: &str, clause: Span, cue: Span) -> Option<Span> {
    let before = body.get(clause.start..cue.start)?.trim_end();
    let before = before.trim_end_matches(['"', '”', '’', '\'']);
    if cue.slice(body).contains(' ') || !before.ends_with(',') {
        return None;
    }
    let phrase = trim_ws(body, Span::new(cue.end, clause.end.max(cue.end)));
    let t = phrase.slice(body);
    let words = words_at(t);
    let first = words.first()?.1;
    if words.len() > 12
        || !first.starts_with(|c: char| c.is_alphanumeric())
        || NOT_SPEAKER_OPENERS.contains(&first.to_lowercase().as_str())
        || t.contains([';', ':', '"', '“', '”'])
        || !words.iter().any(|(_, w)| w.starts_with(char::is_uppercase))
    {
        return None;
    }
    let s = trim_period(body, trim_tail(body, phrase));
    (!s.is_empty()).then_some(s)
}

/// The speaker of an inverted attribution whose content stands right before its cue ("...,
/// the losses would outstrip the gains, said Batchelder."), for a cue left without one.
fn inverted_source(body: &str, clause: Span, cue: Span, content: Span) -> Option<Span> {
    let between = body.get(content.end..cue.start)?;
    let adjacent = content.end <= cue.start
        && between
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, ',' | '"' | '”' | '’' | '\''));
    adjacent
        .then(|| inverted_speaker(body, clause, cue))
        .flatten()
}

/// Paragraph spans of the body: the article's paragraphs when they make up the body, else
/// blank-line-separated blocks of `body`.
fn paragraph_spans(article: &Article, body: &str) -> Vec<Span> {
    let spans = article.paragraph_spans();
    if spans.last().map_or(0, |s| s.end) == body.len() {
        return spans;
    }
    let mut out = Vec::new();
    let mut at = 0;
    for block in body.split("\n\n") {
        out.push(Span::new(at, at + block.len()));
        at += block.len() + 2;
    }
    out
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '„' | '«')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '"' | '»')
}

/// Quote regions of the body. Straight quotes and doubled apostrophes (`''`) toggle; curly
/// quotes open and close. Outside double marks, single ones ('…', ‘…’) quote too when a mark
/// at a word's start pairs with one at a word's end in the same paragraph ([`single_opens`],
/// [`single_closes`]); an apostrophe inside a word does neither ("I'd", "Trump’s"), though a
/// plural possessive inside a single-marked quotation ("'The students' union …'") closes it
/// early. A quote open at a paragraph's end goes on into the next paragraph
/// when that paragraph opens with a quote mark (the newspaper convention for long quotes).
fn quote_regions(body: &str, paras: &[Span]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    // An open quote carried over from the previous paragraph: (outer start, inner start).
    let mut carry: Option<(usize, usize)> = None;
    for p in paras {
        let text = p.slice(body);
        let starts_quoted = text
            .chars()
            .next()
            .is_some_and(|c| is_open_quote(c) || c == '\'' && text.starts_with("''"));
        let mut open: Option<(usize, usize)> = None;
        if let Some(c) = carry.take() {
            if starts_quoted {
                open = Some(c);
            }
        }
        let mut it = text.char_indices().peekable();
        let mut skip_first = open.is_some();
        // A quotation in single marks ('…' or ‘…’, as British papers print them), open at
        // (outer start, inner start): looked for outside double marks only, and closed
        // within its paragraph or dropped (an apostrophe then).
        let mut single: Option<(usize, usize)> = None;
        let mut prev: Option<char> = None;
        while let Some((i, c)) = it.next() {
            let abs = p.start + i;
            let before = prev.replace(c);
            if open.is_none() && matches!(c, '\'' | '‘' | '’') {
                let next = it.peek().map(|&(_, n)| n);
                if c == '\'' && next == Some('\'') {
                    // A doubled apostrophe: a double mark, read below.
                } else if let Some((os, is)) = single {
                    if single_closes(before, next) {
                        // A quotation in double marks inside it is part of it: regions never
                        // overlap. Those were pushed since it opened, so they are the last.
                        while out.last().is_some_and(|r| r.outer.start >= os) {
                            out.pop();
                        }
                        out.push(Region {
                            outer: Span::new(os, abs + c.len_utf8()),
                            inner: Span::new(is, abs),
                        });
                        single = None;
                    }
                    continue;
                } else {
                    if c != '’' && single_opens(before, next) {
                        single = Some((abs, abs + c.len_utf8()));
                    }
                    continue;
                }
            }
            let doubled = c == '\'' && it.peek().is_some_and(|&(_, n)| n == '\'');
            let mark_len = if doubled { 2 } else { c.len_utf8() };
            let is_mark = doubled || is_open_quote(c) || is_close_quote(c);
            if !is_mark {
                continue;
            }
            if doubled {
                it.next();
            }
            if skip_first {
                // The opening mark of a continued paragraph: part of the running quote.
                skip_first = false;
                continue;
            }
            match open {
                None => {
                    if c == '”' || c == '»' {
                        continue;
                    }
                    open = Some((abs, abs + mark_len));
                }
                Some((os, is)) => {
                    if c == '“' || c == '„' || c == '«' {
                        // A new opening mark: the previous quote was never closed.
                        open = Some((abs, abs + mark_len));
                        continue;
                    }
                    out.push(Region {
                        outer: Span::new(os, abs + mark_len),
                        inner: Span::new(is, abs),
                    });
                    open = None;
                }
            }
        }
        if let Some((os, is)) = open {
            // Close the paragraph's part; carry the quote into the next paragraph.
            let end = p.end;
            if let Some(last) = out.last_mut().filter(|r| r.outer.start == os) {
                last.outer.end = end;
                last.inner.end = end;
            } else {
                out.push(Region {
                    outer: Span::new(os, end),
                    inner: Span::new(is, end),
                });
            }
            carry = Some((os, is));
        }
    }
    // Regions that ran over paragraphs were pushed once per paragraph with the same start:
    // keep the longest of each.
    out.sort_by_key(|r| (r.outer.start, std::cmp::Reverse(r.outer.end)));
    out.dedup_by_key(|r| r.outer.start);
    out
}

/// Whether a single mark between `before` and `next` opens a quotation: at a word's start
/// (after nothing, a space or an opening bracket), before a word.
fn single_opens(before: Option<char>, next: Option<char>) -> bool {
    before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–'))
        && next.is_some_and(char::is_alphanumeric)
}

/// Whether a single mark between `before` and `next` closes a quotation: after its last word or
/// mark, not inside a word (an apostrophe: "I'd", "Trump’s").
fn single_closes(before: Option<char>, next: Option<char>) -> bool {
    before.is_some_and(|b| !b.is_whitespace()) && next.is_none_or(|n| !n.is_alphanumeric())
}

fn in_regions(regions: &[Region], at: usize) -> bool {
    // Regions come in text order without overlapping (see [`quote_regions`]): the one that
    // could hold `at` is the last to start at or before it.
    debug_assert!(regions
        .windows(2)
        .all(|w| w[0].inner.end <= w[1].inner.start));
    let i = regions.partition_point(|r| r.inner.start <= at);
    i > 0 && at < regions[i - 1].inner.end
}

/// Sentences of each paragraph, merged where a sentence break falls inside a quote.
fn clauses(body: &str, paras: &[Span], regions: &[Region]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for p in paras {
        let text = p.slice(body);
        let mut cur: Option<Span> = None;
        for s in text::sentences(text) {
            let s = Span::new(p.start + s.start, p.start + s.end);
            cur = match cur {
                Some(c)
                    if regions.iter().any(|r| {
                        r.inner.start < s.start && s.start < r.inner.end.min(p.end)
                            || r.outer.start < s.start
                                && s.start < r.outer.end
                                && r.inner.end > p.end
                    }) =>
                {
                    Some(Span::new(c.start, s.end))
                }
                Some(c) => {
                    out.push(c);
                    Some(s)
                }
                None => Some(s),
            };
        }
        if let Some(c) = cur {
            out.push(c);
        }
    }
    out
}

/// Trims white space and trailing sentence punctuation (not inside quote marks) off a span.
fn trim_content(body: &str, span: Span) -> Span {
    let mut s = span;
    let t = s.slice(body);
    let lead = t.len() - t.trim_start().len();
    s.start += lead;
    loop {
        let t = s.slice(body);
        let Some(c) = t.chars().last() else { break };
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '—' | '–' | '-') {
            s.end -= c.len_utf8();
        } else {
            break;
        }
    }
    if s.end < s.start {
        s.end = s.start;
    }
    s
}

fn trim_ws(body: &str, span: Span) -> Span {
    let t = span.slice(body);
    let start = span.start + (t.len() - t.trim_start().len());
    let end = span.start + t.trim_end().len();
    Span::new(start, end.max(start))
}

/// Words (as spans) of `words` inside `span`.
fn words_in(words: &[Span], span: Span) -> &[Span] {
    let a = words.partition_point(|w| w.start < span.start);
    let b = words.partition_point(|w| w.end <= span.end);
    &words[a..b.max(a)]
}

/// The region starting at `at` or just after it (after spaces, a comma or a colon).
fn region_starting_at(body: &str, regions: &[Region], at: usize) -> Option<Region> {
    // Regions are in text order: only the first to start at or after `at` can follow it with
    // nothing but spaces and punctuation between (a later one has that region's marks between).
    let i = regions.partition_point(|r| r.outer.start < at);
    regions.get(i).copied().filter(|r| {
        body.get(at..r.outer.start).is_some_and(|gap| {
            gap.chars()
                .all(|c| c.is_whitespace() || matches!(c, ',' | ':'))
        })
    })
}

/// A region that follows the end of `sent` as the next sentence of the same paragraph
/// (`"A," he said. "B."`): the content goes on there.
fn continuation(body: &str, regions: &[Region], sent: Span) -> Option<Region> {
    regions.iter().copied().find(|r| {
        r.outer.start >= sent.end
            && body
                .get(sent.end..r.outer.start)
                .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '\u{a0}'))
    })
}

/// Walks left from `end` over a noun phrase (the subject of a cue) within `floor..end`.
/// Returns its span, or `None` when the words there do not look like one.
fn source_before(body: &str, words: &[Span], floor: usize, end: usize) -> Option<Span> {
    let seg = Span::new(floor, end);
    let ws = words_in(words, seg);
    if ws.is_empty() {
        return None;
    }
    let mut start_idx = ws.len();
    let mut k = ws.len();
    while k > 0 {
        let w = ws[k - 1];
        let lower = w.slice(body).to_lowercase();
        // The gap after this word (up to the next word or `end`).
        let gap_end = if k < ws.len() { ws[k].start } else { end };
        let gap = body.get(w.end..gap_end).unwrap_or("");
        let gap_ok = gap
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '.' | '\'' | '’' | '-' | '(' | ')'))
            || (k == ws.len() && gap.trim() == ",");
        if !gap_ok {
            // An appositive: "Tom Fitton, the president of Judicial Watch, said".
            if gap.trim() == "," && appositive_ok(body, ws, k) {
                start_idx = k - 1;
                k -= 1;
                continue;
            }
            break;
        }
        if NP_STOP.contains(&lower.as_str()) {
            let inner_ok = (NP_INNER.contains(&lower.as_str())
                && k < ws.len()
                && text::is_capitalized(ws[k].slice(body))
                && k >= 2
                && k - 1 < start_idx)
                // "Trump and his attorneys": a name before "and".
                || (lower == "and"
                    && k >= 2
                    && k - 1 < start_idx
                    && text::is_capitalized(ws[k - 2].slice(body))
                    && body
                        .get(ws[k - 2].end..w.start)
                        .is_some_and(|g| g.trim().is_empty()));
            if !inner_ok {
                break;
            }
        }
        start_idx = k - 1;
        k -= 1;
    }
    if start_idx >= ws.len() {
        return None;
    }
    let mut phrase = &ws[start_idx..];
    // Openers ("Even", "Similarly") and trailing time words or auxiliaries ("this week",
    // "had") are not part of the name.
    while phrase.len() > 1 && OPENERS.contains(&phrase[0].slice(body).to_lowercase().as_str()) {
        phrase = &phrase[1..];
    }
    let mut end = end;
    while phrase.len() > 1 {
        let last = phrase[phrase.len() - 1];
        let l = last.slice(body).to_lowercase();
        let gap_ok = body
            .get(phrase[phrase.len() - 2].end..last.start)
            .is_some_and(|g| g.trim().is_empty());
        if gap_ok && (TRAILERS.contains(&l.as_str()) || l.ends_with("day") && l != "today") {
            end = phrase[phrase.len() - 2].end;
            phrase = &phrase[..phrase.len() - 1];
        } else {
            break;
        }
    }
    if phrase.len() > 25
        || phrase
            .iter()
            .all(|w| DETERMINERS.contains(&w.slice(body).to_lowercase().as_str()))
    {
        return None;
    }
    // The phrase must hold a noun-like word: a capitalised word, a pronoun or a known head.
    let first = phrase[0].slice(body);
    let lower_first = first.to_lowercase();
    if phrase.len() == 1 && !text::is_capitalized(first) && !is_nounish(&lower_first) {
        return None;
    }
    let mut span = Span::new(phrase[0].start, end);
    span = trim_ws(body, span);
    // A trailing comma belongs to the phrase only after an appositive.
    Some(span)
}

/// Words that cannot be a source on their own.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "my", "some",
    "many", "most", "such", "other", "another", "any", "each", "every", "no",
];

/// Sentence openers that do not belong to a source.
const OPENERS: &[&str] = &[
    "even",
    "similarly",
    "meanwhile",
    "however",
    "instead",
    "indeed",
    "now",
    "then",
    "later",
    "also",
    "still",
    "but",
    "and",
    "so",
    "yet",
];

/// Words that end a source's span when they come last: time words and auxiliaries.
const TRAILERS: &[&str] = &[
    "had",
    "has",
    "have",
    "did",
    "does",
    "do",
    "would",
    "will",
    "also",
    "week",
    "month",
    "year",
    "earlier",
    "later",
    "all",
    "both",
    "then",
    "now",
    "this",
    "last",
    "night",
    "morning",
    "afternoon",
    "evening",
    "today",
    "yesterday",
    "again",
];

/// True when the comma before word `k` (walking left) opens an appositive: the part before
/// it starts the clause with a capitalised name.
fn appositive_ok(body: &str, ws: &[Span], k: usize) -> bool {
    // Words before the comma: a capitalised name of at most four words at the segment start.
    let mut j = k;
    while j > 0 {
        let gap = body.get(ws[j - 1].end..ws[j].start).unwrap_or("");
        if j < k && !gap.chars().all(|c| c.is_whitespace() || c == '.') {
            break;
        }
        j -= 1;
        if k - j > 4 {
            return false;
        }
    }
    j == 0
        && ws[..k]
            .iter()
            .all(|w| text::is_capitalized(w.slice(body)) || w.slice(body) == "Jr")
}

fn is_nounish(lower: &str) -> bool {
    PRONOUNS.contains(&lower)
        || lower.ends_with('s')
        || ROLE_HEADS.contains(&lower)
        || matches!(
            lower,
            "officials" | "reporters" | "sources" | "critics" | "experts" | "analysts" | "aides"
        )
}

/// Walks right from `start` over a noun phrase (an inverted subject: `said Mattie Thomas, 66,
/// a retired worker`), up to the clause's end or a following quote.
fn source_after(
    body: &str,
    words: &[Span],
    regions: &[Region],
    start: usize,
    end: usize,
) -> Option<Span> {
    let stop = regions
        .iter()
        .filter(|r| r.outer.start >= start && r.outer.start < end)
        .map(|r| r.outer.start)
        .min()
        .unwrap_or(end);
    let seg = trim_content(body, Span::new(start, stop));
    let ws = words_in(words, seg);
    let first = ws.first()?;
    let lower = first.slice(body).to_lowercase();
    if ADVERBIAL_START.contains(&lower.as_str()) {
        return None;
    }
    if !(text::is_capitalized(first.slice(body))
        || PRONOUNS.contains(&lower.as_str())
        || matches!(lower.as_str(), "the" | "a" | "an" | "one" | "another"))
    {
        return None;
    }
    if ws.len() > 30 {
        return None;
    }
    // A trailing time or place phrase is not part of the name ("said Smith on Tuesday").
    let mut seg = seg;
    for (k, w) in ws.iter().enumerate().skip(1) {
        let wl = w.slice(body).to_lowercase();
        let gap = body.get(ws[k - 1].end..w.start).unwrap_or("");
        if gap.trim() == "," && wl.ends_with("ing") {
            seg.end = ws[k - 1].end;
            break;
        }
        if gap == " "
            && !body
                .get(seg.start..w.start)
                .is_some_and(|t| t.contains(','))
            && matches!(
                wl.as_str(),
                "on" | "in"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "last"
                    | "this"
                    | "earlier"
                    | "told"
                    | "to"
            )
        {
            seg.end = ws[k - 1].end;
            break;
        }
    }
    Some(seg)
}

/// The words after a cue that are its object ("told reporters", "told CNN"): returns where
/// the content starts.
fn skip_object(body: &str, words: &[Span], after: usize, sent_end: usize) -> usize {
    let ws = words_in(words, Span::new(after, sent_end));
    // "told X that ...": the content starts at "that" when it comes within eight words.
    for (n, w) in ws.iter().enumerate().take(8) {
        let t = w.slice(body);
        if t.eq_ignore_ascii_case("that") {
            return w.start;
        }
        let gap_end = ws.get(n + 1).map_or(sent_end, |x| x.start);
        let gap = body.get(w.end..gap_end).unwrap_or("");
        if gap.contains(',') || gap.contains(':') || gap.contains('"') || gap.contains('“') {
            return w.end;
        }
    }
    // One lower-case object word ("reporters") or a capitalised name.
    let mut k = 0;
    while k < ws.len() && k < 4 && text::is_capitalized(ws[k].slice(body)) {
        k += 1;
    }
    if k == 0
        && ws.first().is_some_and(|w| {
            matches!(
                w.slice(body).to_lowercase().as_str(),
                "reporters" | "me" | "him" | "her" | "them" | "us" | "supporters" | "voters"
            )
        })
    {
        k = 1;
    }
    ws.get(k).map_or(sent_end, |w| w.start)
}

/// Proposes attributions around one cue word `words[i]`.
fn cue_candidates(
    body: &str,
    regions: &[Region],
    words: &[Span],
    sent: Span,
    i: usize,
    weight: f32,
    out: &mut Vec<Candidate>,
) {
    let cue_word = words[i];
    let lower = cue_word.slice(body).to_lowercase();
    // Extend the cue over "has", "also", and "out" of "pointed out"; skip adverbs before it
    // ("Fact-checkers soon noted"): they belong neither to the source nor to the cue.
    let mut cue = cue_word;
    let mut j = i;
    let mut subject_end = cue.start;
    while j > 0 {
        let prev = words[j - 1];
        if prev.start < sent.start
            || !body
                .get(prev.end..subject_end)
                .is_some_and(|g| g.chars().all(char::is_whitespace))
        {
            break;
        }
        let pl = prev.slice(body).to_lowercase();
        if CUE_PREFIX.contains(&pl.as_str()) && subject_end == cue.start {
            cue.start = prev.start;
            subject_end = prev.start;
            j -= 1;
        } else if ADVERBS.contains(&pl.as_str()) || pl.ends_with("ly") && pl.len() > 4 {
            subject_end = prev.start;
            j -= 1;
        } else {
            break;
        }
    }
    if lower == "pointed" {
        cue.end = words[i + 1].end;
    }

    let participle = lower.ends_with("ing");
    let left = Span::new(sent.start, subject_end);
    let left_text = left.slice(body);
    let right = Span::new(cue.end, sent.end);
    let right_trim = trim_content(body, right);
    let right_words = words_in(words, right_trim);
    let takes_object = matches!(
        lower.as_str(),
        "told" | "tells" | "tell" | "telling" | "asked" | "asks" | "urged" | "warned" | "assured"
    );

    // Participles after a comma ("..., saying ..."): content after, speaker = the clause's
    // subject when the sentence opens with one.
    if participle {
        if left_text.trim_end().ends_with(',') {
            let content = if let Some(r) = region_starting_at(body, regions, cue.end) {
                r.outer
            } else {
                let start = if takes_object {
                    skip_object(body, words, cue.end, sent.end)
                } else {
                    cue.end
                };
                trim_content(body, Span::new(start, sent.end))
            };
            if !content.is_empty() {
                out.push(Candidate {
                    source: subject_of(body, words, sent),
                    cue,
                    content,
                    kind: kind_of(regions, content),
                    score: 0.5 * weight,
                    layout: false,
                });
            }
        }
        return;
    }

    // 1. A quote before the cue: `"...," X said`, `"...," said X`, `"...," X, a Y, said`.
    let quote = regions
        .iter()
        .copied()
        .rev()
        .find(|r| r.outer.start >= sent.start && r.outer.end <= subject_end)
        .filter(|r| {
            let mid = body.get(r.outer.end..subject_end).unwrap_or("");
            let mid = mid.trim_start().trim_start_matches([',', '—', '–']).trim();
            words_in(words, Span::new(r.outer.end, subject_end)).len() <= 25
                && !mid.contains([';', ':', '(', '"', '“', '”'])
        });
    if let Some(r) = quote {
        let mid = Span::new(r.outer.end, subject_end);
        let mid_text = mid
            .slice(body)
            .trim()
            .trim_start_matches([',', '—', '–'])
            .trim();
        let mid_start = mid.start
            + mid
                .slice(body)
                .find(|c: char| c.is_alphanumeric())
                .unwrap_or(mid.len());
        let source = if mid_text.is_empty() {
            if takes_object {
                None
            } else {
                source_after(body, words, regions, cue.end, sent.end)
            }
        } else {
            appositive_source(body, words, mid_start, subject_end)
                .or_else(|| source_before(body, words, mid_start, subject_end))
        };
        if let Some(source) = source {
            let mut content = r.outer;
            // The quote may go on after the attribution: `"A," he said. "B."` or
            // `"A," he said, "B."`.
            if let Some(next) = region_starting_at(body, regions, cue.end)
                .filter(|n| n.outer.end <= sent.end)
                .or_else(|| {
                    region_starting_at(body, regions, source.end)
                        .filter(|n| n.outer.end <= sent.end && source.start > cue.end)
                })
                .or_else(|| continuation(body, regions, sent))
            {
                content.end = next.outer.end;
            }
            out.push(Candidate {
                source: Some(source),
                cue,
                content,
                kind: QuoteKind::Direct,
                score: weight * 0.95,
                layout: false,
            });
            return;
        }
    }

    // 2. An appositive subject: `Tom Fitton, the president of Judicial Watch, said ...`.
    let appositive = appositive_source(body, words, sent.start, subject_end);

    // 3. Content before the cue without quote marks: `..., X said.` / `..., said X.`
    let last_break = left_text
        .rfind([',', '—', '–', ';'])
        .map(|k| left.start + k);
    if let (None, Some(b)) = (appositive, last_break) {
        let tail = Span::new(b + 1, subject_end);
        let tail_words = words_in(words, tail);
        let content = trim_content(body, Span::new(sent.start, b));
        let short_right = right_words.len() <= 5
            && !right_words
                .first()
                .is_some_and(|w| w.slice(body).eq_ignore_ascii_case("that"));
        if words_in(words, content).len() >= 4 {
            let source = if tail_words.is_empty() {
                if takes_object {
                    None
                } else {
                    source_after(body, words, regions, cue.end, sent.end)
                }
            } else if tail_words.len() <= 10 && short_right {
                source_before(body, words, tail.start, subject_end)
            } else {
                None
            };
            if let Some(source) = source {
                out.push(Candidate {
                    source: Some(source),
                    cue,
                    content,
                    kind: QuoteKind::Indirect,
                    score: weight * 0.8,
                    layout: false,
                });
                return;
            }
        }
    }

    // 4. Content after the cue: `X said (that) ...`, `X said: "..."`, `X told Y ...`.
    let floor = last_break.map_or(sent.start, |b| b + 1);
    let source = appositive
        .or_else(|| who_source(body, words, subject_end))
        .or_else(|| source_before(body, words, floor, subject_end));
    let Some(source) = source else { return };
    let start = if takes_object {
        skip_object(body, words, cue.end, sent.end)
    } else {
        skip_adverbial(body, words, cue.end, sent.end)
    };
    let content = if let Some(r) = region_starting_at(body, regions, start) {
        let mut c = r.outer;
        if let Some(next) = region_starting_at(body, regions, r.outer.end) {
            if next.outer.end <= sent.end {
                c.end = next.outer.end;
            }
        }
        c
    } else {
        let end = relative_clause_start(body, Span::new(start, sent.end)).unwrap_or(sent.end);
        let end = next_cue_start(body, words, Span::new(start, end)).unwrap_or(end);
        trim_content(body, Span::new(start, end))
    };
    if words_in(words, content).is_empty() {
        return;
    }
    let direct = regions.iter().any(|r| r.outer == content);
    out.push(Candidate {
        source: Some(source),
        cue,
        content,
        kind: if direct {
            QuoteKind::Direct
        } else {
            QuoteKind::Indirect
        },
        score: weight * if direct { 0.9 } else { 0.7 },
        layout: false,
    });
}

/// Adverbs that may stand between a subject and its cue without belonging to either.
const ADVERBS: &[&str] = &[
    "soon",
    "often",
    "now",
    "again",
    "still",
    "once",
    "recently",
    "repeatedly",
    "already",
    "never",
    "initially",
    "frequently",
    "ultimately",
    "privately",
    "publicly",
    "quickly",
    "just",
    "even",
    "first",
    "reportedly",
    "subsequently",
    "immediately",
    "separately",
];

/// Words that open an adverbial between a cue and its content ("said on Tuesday that").
const ADVERBIAL_START: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "via",
    "after",
    "before",
    "to",
    "yesterday",
    "today",
    "last",
    "earlier",
    "this",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "late",
    "recently",
    "privately",
    "publicly",
    "repeatedly",
    "previously",
];

/// Where the content starts after a cue: at "that" when an adverbial comes first
/// ("said in a statement that ..."), else right after the cue.
fn skip_adverbial(body: &str, words: &[Span], after: usize, sent_end: usize) -> usize {
    let ws = words_in(words, Span::new(after, sent_end));
    let Some(first) = ws.first() else {
        return after;
    };
    if !ADVERBIAL_START.contains(&first.slice(body).to_lowercase().as_str()) {
        return after;
    }
    for (n, w) in ws.iter().enumerate().take(10).skip(1) {
        if w.slice(body).eq_ignore_ascii_case("that") {
            return w.start;
        }
        let gap_end = ws.get(n + 1).map_or(sent_end, |x| x.start);
        let gap = body.get(w.end..gap_end).unwrap_or("");
        if gap.contains(',') || gap.contains(':') {
            return gap_end;
        }
    }
    after
}

/// Where a non-restrictive relative clause starts in `span` (", who ..."), if it does.
fn relative_clause_start(body: &str, span: Span) -> Option<usize> {
    let t = span.slice(body);
    [", who ", ", which ", ", whose ", ", where ", ", for whom "]
        .iter()
        .filter_map(|p| t.find(p))
        .min()
        .map(|k| span.start + k)
}

/// Where a second, coordinated report starts in `span` ("... and said ...", ", adding ..."):
/// the content stops before it.
fn next_cue_start(body: &str, words: &[Span], span: Span) -> Option<usize> {
    let ws = words_in(words, span);
    for k in 1..ws.len() {
        let l = ws[k].slice(body).to_lowercase();
        if !is_cue(&l) {
            continue;
        }
        let prev = ws[k - 1].slice(body).to_lowercase();
        let gap = body.get(ws[k - 1].end..ws[k].start).unwrap_or("");
        if matches!(prev.as_str(), "and" | "but") && k >= 2 {
            let g2 = body.get(ws[k - 2].end..ws[k - 1].start).unwrap_or("");
            return Some(if g2.contains(',') {
                ws[k - 2].end
            } else {
                ws[k - 1].start
            });
        }
        if gap.trim() == "," && l.ends_with("ing") {
            return Some(ws[k - 1].end);
        }
    }
    None
}

/// "who" or "which" right before the cue is the source itself ("Feinstein, who said ...").
fn who_source(body: &str, words: &[Span], end: usize) -> Option<Span> {
    let k = words.partition_point(|w| w.end <= end);
    let w = *words.get(k.checked_sub(1)?)?;
    let gap = body.get(w.end..end)?;
    (gap.trim().is_empty() && matches!(w.slice(body).to_lowercase().as_str(), "who" | "which"))
        .then_some(w)
}

/// The subject opening a sentence: a pronoun or a short capitalised name.
fn subject_of(body: &str, words: &[Span], sent: Span) -> Option<Span> {
    let ws = words_in(words, sent);
    let first = ws.first()?;
    if first.start != sent.start {
        return None;
    }
    let fl = first.slice(body).to_lowercase();
    if matches!(fl.as_str(), "he" | "she" | "they" | "we" | "i") {
        return Some(*first);
    }
    let mut k = 0;
    while k < ws.len() && k < 5 && text::is_capitalized(ws[k].slice(body)) {
        if k > 0
            && !body
                .get(ws[k - 1].end..ws[k].start)
                .is_some_and(|g| g == " " || g == ". ")
        {
            break;
        }
        k += 1;
    }
    if k == 0 || k == ws.len() || ARTICLE_START.contains(&fl.as_str()) {
        return None;
    }
    // The next word must be lower case (a verb), not another clause.
    let next = ws[k].slice(body);
    if text::is_capitalized(next) {
        return None;
    }
    Some(Span::new(first.start, ws[k - 1].end))
}

/// Capitalised sentence openers that are not names.
const ARTICLE_START: &[&str] = &[
    "similarly",
    "meanwhile",
    "even",
    "however",
    "instead",
    "indeed",
    "now",
    "then",
    "later",
    "the",
    "a",
    "an",
    "but",
    "and",
    "in",
    "on",
    "at",
    "after",
    "as",
    "when",
    "if",
    "this",
    "that",
    "it",
    "there",
    "so",
    "for",
    "while",
    "since",
    "although",
    "asked",
    "still",
];

/// `Name, description,` right before a cue, from `floor`: the name is a short capitalised
/// phrase opening the clause (after an optional opener such as "On Tuesday,").
fn appositive_source(body: &str, words: &[Span], floor: usize, end: usize) -> Option<Span> {
    let seg = Span::new(floor, end);
    let t = seg.slice(body);
    let tt = t.trim_end();
    if !tt.ends_with(',') {
        return None;
    }
    let final_comma = floor + tt.len() - 1;
    let commas: Vec<usize> = t[..tt.len() - 1]
        .match_indices(',')
        .map(|(k, _)| floor + k)
        .collect();
    // Try the name as the first segment, then as the second (after an opener).
    let starts: Vec<usize> = std::iter::once(floor)
        .chain(commas.first().map(|c| c + 1))
        .collect();
    for (n, &s) in starts.iter().enumerate() {
        let Some(&name_end) = commas.get(n) else {
            continue;
        };
        let name = words_in(words, Span::new(s, name_end));
        if name.is_empty() || name.len() > 5 {
            continue;
        }
        let name_ok = name.iter().enumerate().all(|(k, w)| {
            let wt = w.slice(body);
            text::is_capitalized(wt)
                || (k > 0 && matches!(wt, "of" | "the" | "de" | "van" | "von" | "al"))
        }) && !ARTICLE_START.contains(&name[0].slice(body).to_lowercase().as_str());
        let appos = words_in(words, Span::new(name_end, final_comma));
        if name_ok && !appos.is_empty() && appos.len() <= 25 {
            return Some(Span::new(name[0].start, final_comma + 1));
        }
    }
    None
}

fn kind_of(regions: &[Region], content: Span) -> QuoteKind {
    if regions.iter().any(|r| r.outer.start == content.start) {
        QuoteKind::Direct
    } else {
        QuoteKind::Indirect
    }
}

/// `according to X, ...` and `..., according to X`.
fn according_to(
    body: &str,
    regions: &[Region],
    sent: Span,
    according: Span,
    to: Span,
    out: &mut Vec<Candidate>,
) {
    let cue = Span::new(according.start, to.end);
    let after = Span::new(to.end, sent.end);
    let after_text = after.slice(body);
    let comma = after_text.find(',').map(|k| after.start + k);
    let before = Span::new(sent.start, according.start);
    let before_trim = trim_content(body, before);
    let (source, content) =
        if before_trim.is_empty() || before.slice(body).split_whitespace().count() <= 1 {
            // "According to X, CONTENT."
            let Some(c) = comma else { return };
            let source = trim_ws(body, Span::new(to.end, c));
            let content = trim_content(body, Span::new(c + 1, sent.end));
            (source, content)
        } else {
            // "CONTENT, according to X." — the source runs to a comma or the clause's end.
            let send = comma.unwrap_or(sent.end);
            let source = trim_content(body, Span::new(to.end, send));
            (source, before_trim)
        };
    if source.is_empty() || content.is_empty() {
        return;
    }
    out.push(Candidate {
        source: Some(source),
        cue,
        content,
        kind: kind_of(regions, content),
        score: 0.75,
        layout: false,
    });
}

/// `X: "..."` and `X said: "..."` where the colon introduces a quote in the same sentence.
fn colon_quotes(body: &str, regions: &[Region], sents: &[Span], out: &mut Vec<Candidate>) {
    for r in regions {
        let before = body.get(..r.outer.start).unwrap_or("").trim_end();
        if !before.ends_with(':') {
            continue;
        }
        let colon = before.len() - 1;
        let Some(sent) = sents.iter().find(|s| s.start <= colon && colon < s.end) else {
            continue;
        };
        let left = Span::new(sent.start, colon);
        let words: Vec<Span> = text::tokens(left.slice(body))
            .into_iter()
            .map(|t| Span::new(t.span.start + left.start, t.span.end + left.start))
            .collect();
        // Only a bare name before the colon ("Trump: ..."): cue verbs are handled elsewhere.
        if words.is_empty() || words.len() > 6 {
            continue;
        }
        if words.iter().any(|w| {
            let l = w.slice(body).to_lowercase();
            is_cue(&l)
        }) {
            continue;
        }
        if !words.iter().all(|w| text::is_capitalized(w.slice(body))) {
            continue;
        }
        out.push(Candidate {
            source: Some(trim_ws(body, left)),
            cue: Span::new(colon, colon + 1),
            content: r.outer,
            kind: QuoteKind::Direct,
            score: 0.6,
            layout: false,
        });
    }
}

/// Broadcast soundbites: `RESIDENT, 58, VALERII, SAYING: ...` (upper case, as wire video
/// scripts write them); the content is the rest of the paragraph or the next one.
fn soundbites(body: &str, paras: &[Span], out: &mut Vec<Candidate>) {
    for (n, p) in paras.iter().enumerate() {
        let text = p.slice(body);
        for cue_word in ["SAYING", "SAYS", "SAID"] {
            let Some(k) = text.find(cue_word) else {
                continue;
            };
            let after = &text[k + cue_word.len()..];
            let colon = after.trim_start();
            if !colon.starts_with(':') {
                continue;
            }
            // The speaker: the upper-case text before the cue, after any "(SOUNDBITE)" tags.
            let head = &text[..k];
            let head_trim = head.trim_end().trim_end_matches(',').trim_end();
            if head_trim.is_empty() {
                continue;
            }
            let mut s_start = 0;
            while let Some(rest) = head_trim.get(s_start..) {
                let rest_trim = rest.trim_start();
                let skipped = rest.len() - rest_trim.len();
                if rest_trim.starts_with('(') {
                    match rest_trim.find(')') {
                        Some(e) => s_start += skipped + e + 1,
                        None => break,
                    }
                } else {
                    s_start += skipped;
                    break;
                }
            }
            if s_start >= head_trim.len() || head_trim[s_start..].chars().any(char::is_lowercase) {
                continue;
            }
            let source = Span::new(p.start + s_start, p.start + head_trim.len());
            let cue = Span::new(p.start + k, p.start + k + cue_word.len());
            let colon_at = p.start + k + cue_word.len() + (after.len() - colon.len()) + 1;
            let mut content = trim_ws(body, Span::new(colon_at, p.end));
            if content.is_empty() {
                if let Some(next) = paras.get(n + 1) {
                    content = *next;
                }
            }
            let content = strip_marks(body, content);
            if content.is_empty() {
                continue;
            }
            out.push(Candidate {
                source: Some(source),
                cue,
                content,
                kind: QuoteKind::Direct,
                score: 0.95,
                layout: true,
            });
            break;
        }
    }
}

/// The speaker label opening a transcript's paragraph: one to four words in capitals before a
/// colon (`WALLACE:`, `JAKE TAPPER:`, after a stray opening quote mark), as (label, content).
fn speaker_label(body: &str, p: Span) -> Option<(Span, Span)> {
    let text = p.slice(body);
    let lead = text.len() - text.trim_start_matches(['"', '“', ' ']).len();
    let colon = text.find(": ")?;
    let label = text.get(lead..colon)?;
    let words: Vec<&str> = label.split(' ').collect();
    let word_ok = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '’' | '-'))
    };
    if words.len() > 4 || !words.iter().all(|w| word_ok(w)) {
        return None;
    }
    let content = trim_ws(body, Span::new(p.start + colon + 1, p.end));
    Some((Span::new(p.start + lead, p.start + colon), content))
}

/// Interview transcripts: turns opening with the speaker's label in capitals and a colon
/// (`WALLACE: Let's start ...`), the content the rest of the paragraph. Labels count only
/// where the document reads as a transcript, at least two speakers in three turns or more:
/// a lone `UPDATE:` or `BYLINE:` is page furniture, not a speaker.
fn transcript_turns(body: &str, paras: &[Span], out: &mut Vec<Candidate>) {
    let turns: Vec<(Span, Span)> = paras
        .iter()
        .filter_map(|p| speaker_label(body, *p))
        .collect();
    // A speaker is named in full once and then by surname ("JAKE TAPPER", "TAPPER").
    let surnames: BTreeSet<&str> = turns
        .iter()
        .filter_map(|(l, _)| l.slice(body).rsplit(' ').next())
        .collect();
    if turns.len() < 3 || surnames.len() < 2 {
        return;
    }
    for (label, content) in turns {
        let content = strip_marks(body, content);
        if content.is_empty() {
            continue;
        }
        out.push(Candidate {
            source: Some(label),
            cue: Span::new(label.end, label.end + 1),
            content,
            kind: QuoteKind::Direct,
            score: 0.95,
            layout: true,
        });
    }
}

/// Signed quotes: a paragraph that is a quotation and then a dash and the name of who said it
/// (`“...” ― Sonya Herridge`), as reader panels, testimonials and epigraphs print them.
fn signed_quotes(body: &str, paras: &[Span], out: &mut Vec<Candidate>) {
    for p in paras {
        let text = p.slice(body).trim_end();
        if !text.starts_with(is_open_quote) && !text.starts_with(is_close_quote) {
            continue;
        }
        let Some(dash) = text.rfind(['―', '—', '–']) else {
            continue;
        };
        let quoted = text[..dash].trim_end();
        if !quoted.ends_with(is_close_quote) || quoted.chars().count() < 3 {
            continue;
        }
        let dash_len = text[dash..].chars().next().map_or(1, char::len_utf8);
        let rest = &text[dash + dash_len..];
        let name = rest.trim().trim_end_matches('.');
        let words: Vec<&str> = name.split(' ').collect();
        if name.is_empty()
            || words.len() > 6
            || !words.iter().all(|w| w.starts_with(char::is_uppercase))
        {
            continue;
        }
        let name_at = p.start + dash + dash_len + (rest.len() - rest.trim_start().len());
        out.push(Candidate {
            source: Some(Span::new(name_at, name_at + name.len())),
            cue: Span::new(p.start + dash, p.start + dash + dash_len),
            content: Span::new(p.start, p.start + quoted.len()),
            kind: QuoteKind::Direct,
            score: 0.95,
            layout: true,
        });
    }
}

/// A span without the quote marks at its ends.
fn strip_marks(body: &str, span: Span) -> Span {
    let mut s = trim_ws(body, span);
    let t = s.slice(body);
    if t.len() > 2 && t.starts_with(['\'', '‘']) && t.ends_with(['\'', '’']) && !t.starts_with("''")
    {
        // Single marks, both ends (one alone may be an apostrophe).
        let open = t.chars().next().map_or(1, char::len_utf8);
        let close = t.chars().last().map_or(1, char::len_utf8);
        return Span::new(s.start + open, s.end - close);
    }
    if s.slice(body).starts_with("''") {
        s.start += 2;
    } else if let Some(c) = s.slice(body).chars().next().filter(|c| is_open_quote(*c)) {
        s.start += c.len_utf8();
    }
    if s.slice(body).ends_with("''") {
        s.end -= 2;
    } else if let Some(c) = s.slice(body).chars().last().filter(|c| is_close_quote(*c)) {
        s.end -= c.len_utf8();
    }
    if s.end < s.start {
        s.end = s.start;
    }
    s
}

/// A quote's span with the quote marks right around it (as PolNeAR marks contents), the
/// inverse of `strip_marks`: single marks only as a pair (one alone may be an apostrophe),
/// a closing double mark only after an opening one.
pub fn with_marks(body: &str, span: Span) -> Span {
    let before = body.get(..span.start).unwrap_or("");
    let after = body.get(span.end..).unwrap_or("");
    let open = before.chars().last().filter(|c| matches!(c, '\'' | '‘'));
    let close = after.chars().next().filter(|c| matches!(c, '\'' | '’'));
    if let (Some(o), Some(c), false) = (
        open,
        close,
        before.ends_with("''") || after.starts_with("''"),
    ) {
        return Span::new(span.start - o.len_utf8(), span.end + c.len_utf8());
    }
    let mut out = span;
    if before.ends_with("''") {
        out.start -= 2;
    } else if let Some(c) = before.chars().last().filter(|c| is_open_quote(*c)) {
        out.start -= c.len_utf8();
    }
    if after.starts_with("''") {
        out.end += 2;
    } else if let Some(c) = after.chars().next().filter(|c| is_close_quote(*c)) {
        if out.start < span.start {
            out.end += c.len_utf8();
        }
    }
    out
}

/// Best candidates first; a candidate overlapping one already taken is dropped.
fn select(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.content.len().cmp(&a.content.len()))
            .then(a.cue.start.cmp(&b.cue.start))
    });
    let mut taken: Vec<Candidate> = Vec::new();
    for mut c in cands {
        let core = [c.cue, c.content];
        let clash = taken.iter().any(|t| {
            let theirs = [Some(t.cue), Some(t.content), t.source];
            core.iter()
                .any(|m| theirs.iter().flatten().any(|o| m.overlaps(*o)))
                || c.source
                    .is_some_and(|s| s.overlaps(t.cue) || s.overlaps(t.content))
        });
        if clash {
            continue;
        }
        // A source already speaking elsewhere in the same words ("X said A, adding B"):
        // keep the quote, without a second claim on those words.
        if c.source.is_some_and(|s| {
            taken
                .iter()
                .any(|t| t.source.is_some_and(|o| o.overlaps(s)))
        }) {
            c.source = None;
        }
        taken.push(c);
    }
    taken.sort_by_key(|c| (c.content.start, c.cue.start));
    taken
}

/// Names known in the article, in text order: person mentions when given, else capitalised
/// runs of two or more words, and the sources found (which may be descriptions).
fn known_names(body: &str, mentions: &[Mention], chosen: &[Candidate]) -> Vec<(Span, String)> {
    let mut out: Vec<(Span, String)> = mentions
        .iter()
        .filter(|m| m.kind == EntityType::Person)
        .map(|m| (m.span, m.text.clone()))
        .collect();
    if out.is_empty() {
        let ws: Vec<Span> = text::tokens(body).into_iter().map(|t| t.span).collect();
        let mut k = 0;
        while k < ws.len() {
            let mut e = k;
            while e < ws.len()
                && text::is_capitalized(ws[e].slice(body))
                && (e == k
                    || body
                        .get(ws[e - 1].end..ws[e].start)
                        .is_some_and(|g| g == " " || g == ". "))
            {
                e += 1;
            }
            if e - k >= 2 {
                out.push((
                    Span::new(ws[k].start, ws[e - 1].end),
                    Span::new(ws[k].start, ws[e - 1].end)
                        .slice(body)
                        .to_string(),
                ));
                k = e;
            } else {
                k += 1;
            }
        }
    }
    for c in chosen {
        if let Some(s) = c.source {
            let t = s.slice(body);
            if text::is_capitalized(t) && !is_description(t) {
                out.push((s, t.to_string()));
            }
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

/// True for a description that stands for a named person: "the Kremlin spokesman".
fn is_description(t: &str) -> bool {
    let lower = t.to_lowercase();
    let mut w = lower.split_whitespace();
    matches!(w.next(), Some("the" | "a" | "an"))
        && lower
            .split_whitespace()
            .last()
            .is_some_and(|h| ROLE_HEADS.contains(&h.trim_end_matches(',')))
}

/// The speaker's name: the source as written, or for a pronoun or description the nearest
/// fitting earlier name.
fn resolve(
    body: &str,
    known: &[(Span, String)],
    regions: &[Region],
    source: Span,
) -> (String, bool) {
    let written = source.slice(body).trim_end_matches(',').trim().to_string();
    let mut lower = written.to_lowercase();
    // A source span that runs into its pronoun ("in a second post he"): the pronoun speaks.
    if !written.split_whitespace().any(text::is_capitalized) {
        if let Some(last) = lower.split_whitespace().last().map(str::to_string) {
            if matches!(last.as_str(), "he" | "she" | "i") {
                lower = last;
            }
        }
    }
    let before = known.iter().filter(|(s, _)| s.end <= source.start);
    if matches!(lower.as_str(), "he" | "she" | "him" | "her" | "i") {
        // The nearest sentence naming a person, and in it the first name (the subject is the
        // likelier antecedent: "Trump indicated he would speak to Putin. 'I'd love to,' he
        // said" is Trump's). Names inside quotation marks are the quoted words' and not who
        // speaks them ("'... a phone call with President Trump,' he said" is not Trump's).
        let fitting: Vec<&(Span, String)> = before
            .filter(|(s, n)| {
                !is_description(n) && !is_plural_org(n) && !in_regions(regions, s.start)
            })
            .collect();
        if let Some(last) = fitting.last() {
            let from = sentence_start(body, last.0.start);
            let first = fitting
                .iter()
                .find(|(s, _)| s.start >= from)
                .unwrap_or(last);
            return (name_core(&full_name(known, &first.1)), true);
        }
        return (written, false);
    }
    if is_description(&written) {
        let head = lower
            .split_whitespace()
            .last()
            .unwrap_or("")
            .trim_end_matches(',')
            .to_string();
        let modifiers: Vec<&str> = lower.split_whitespace().skip(1).collect();
        // A name written with the role: "Kremlin spokesman Dmitry Peskov", or
        // "Dmitry Peskov, the Kremlin spokesman".
        for (s, n) in known.iter().filter(|(s, _)| s.end <= source.start).rev() {
            let ctx_start = s.start.saturating_sub(60);
            let ctx_end = (s.end + 60).min(body.len());
            let ctx_before = body.get(floor_char(body, ctx_start)..s.start).unwrap_or("");
            let ctx_after = body.get(s.end..ceil_char(body, ctx_end)).unwrap_or("");
            let nl = n.to_lowercase();
            let role_in_name = nl.split_whitespace().any(|w| w == head);
            let role_before = ctx_before
                .to_lowercase()
                .split_whitespace()
                .rev()
                .take(3)
                .any(|w| w == head);
            let role_after = ctx_after
                .to_lowercase()
                .split(['.', ';'])
                .next()
                .is_some_and(|a| {
                    a.split_whitespace()
                        .take(6)
                        .any(|w| w.trim_end_matches(',') == head)
                });
            if role_in_name || role_before || role_after {
                let name = name_core(&strip_role(n, &modifiers));
                return (name, true);
            }
        }
    }
    (written, false)
}

/// Where the sentence holding byte `at` starts: after the last ". ", "? ", "! " or paragraph
/// break before it.
fn sentence_start(body: &str, at: usize) -> usize {
    // Sentences are short: look back at most 2,000 bytes.
    let mut from = at.saturating_sub(2000);
    while from > 0 && !body.is_char_boundary(from) {
        from -= 1;
    }
    let head = body.get(from..at).unwrap_or("");
    [". ", "? ", "! ", "\n\n", ".\" ", ".” "]
        .iter()
        .filter_map(|m| head.rfind(m).map(|k| from + k + m.len()))
        .max()
        .unwrap_or(from)
}

/// The name inside a source as written: the part before an appositive, without leading
/// role words ("Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov").
fn name_core(n: &str) -> String {
    let head = n.split(',').next().unwrap_or(n).trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    // The last run of capitalised words.
    let mut start = words.len();
    while start > 0 && text::is_capitalized(words[start - 1]) {
        start -= 1;
    }
    if start < words.len() && start > 0 {
        words[start..].join(" ")
    } else {
        head.to_string()
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// "Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov" when the description's words lead it.
fn strip_role(name: &str, modifiers: &[&str]) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut k = 0;
    while k < words.len()
        && modifiers
            .iter()
            .any(|m| m.trim_end_matches(',') == words[k].to_lowercase())
    {
        k += 1;
    }
    if k > 0 && k < words.len() {
        words[k..].join(" ")
    } else {
        name.to_string()
    }
}

/// A longer earlier form of a surname ("Peskov" -> "Dmitry Peskov").
fn full_name(known: &[(Span, String)], n: &str) -> String {
    let last = n.split_whitespace().last().unwrap_or(n);
    known
        .iter()
        .map(|(_, k)| k)
        .filter(|k| k.split_whitespace().last() == Some(last) && k.len() > n.len())
        .min_by_key(|k| k.len())
        .map_or_else(|| n.to_string(), |k| strip_leading_roles(k))
}

fn strip_leading_roles(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut k = 0;
    while k + 2 < words.len() + 1
        && k < words.len()
        && ROLE_HEADS.contains(&words[k].to_lowercase().as_str())
    {
        k += 1;
    }
    words[k.min(words.len().saturating_sub(1))..].join(" ")
}

fn is_plural_org(n: &str) -> bool {
    let l = n.to_lowercase();
    l.starts_with("the ") || PRONOUNS.contains(&l.as_str())
}

fn to_quote(
    article: &Article,
    body: &str,
    regions: &[Region],
    known: &[(Span, String)],
    c: Candidate,
) -> Quote {
    let inner = strip_marks(body, c.content);
    // A split quote ("A," he said, "B.") reads as its quoted parts joined.
    let text = if c.kind == QuoteKind::Direct {
        let parts: Vec<&str> = regions
            .iter()
            .filter(|r| c.content.contains(r.outer))
            .map(|r| r.inner.slice(body).trim())
            .collect();
        let joined = if parts.len() > 1 {
            parts.join(" ")
        } else {
            inner.slice(body).to_string()
        };
        // A quote running over paragraphs: drop the marks that reopen each paragraph.
        let mut t = joined;
        for mark in ["\n\n“", "\n\n\"", "\n\n''"] {
            t = t.replace(mark, "\n\n");
        }
        t
    } else {
        inner.slice(body).to_string()
    };
    let (speaker, resolved) = match c.source {
        Some(s) => {
            let (name, resolved) = resolve(body, known, regions, s);
            (Some(name), resolved)
        }
        None => (None, false),
    };
    let mut confidence = c.score.min(1.0);
    if resolved {
        confidence *= 0.9;
    }
    Quote {
        speaker,
        speaker_span: c.source,
        speaker_entity: None,
        text,
        kind: c.kind,
        cue: Some(c.cue.slice(body).to_string()),
        cue_span: Some(c.cue),
        article: article.id.clone(),
        span: inner,
        confidence: (confidence * 100.0).round() / 100.0,
    }
}
