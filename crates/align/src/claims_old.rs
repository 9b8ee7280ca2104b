//! The claim reader as it was before it read each sentence's tokens once and its terms as
//! ids: the reference the tests hold the new one to.

use super::*;
use crate::norm;

pub(crate) fn claims_in(
    article: &Article,
    annotations: &Annotations,
    body: &str,
    sentences: &[Span],
) -> Vec<ArticleClaim> {
    let outlet = article.source.clone().filter(|s| !s.trim().is_empty());
    let source = outlet.clone().unwrap_or_else(|| source_label(article));
    let segments = quote_segments(body);
    let owners: Vec<(Option<String>, bool)> = segments
        .iter()
        .map(|s| segment_owner(body, sentences, *s))
        .collect();
    let mut out = Vec::new();
    // The subject of the latest sentence that opens with a name: what "he said" refers to.
    let mut last_subject: Option<String> = None;
    for &sentence in sentences {
        let mut inherited: Option<String> = None;
        let resolve = |s: Option<String>| match s.as_deref() {
            Some(PRONOUN_MARK) => last_subject.clone(),
            _ => s,
        };
        let mut named_speaker: Option<String> = None;
        for clause in split_clauses(body, sentence, &segments) {
            let frame = read_frame(body, clause, &segments);
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
            let content_text = content.slice(body);
            let content_tokens = text::tokens(content_text);
            let (mut keys, mut quantities) = norm::keys_in(content_text, &content_tokens);
            for q in &mut quantities {
                q.span = Span::new(q.span.start + content.start, q.span.end + content.start);
            }
            keys.sort_unstable();
            keys.dedup();
            if keys.is_empty() {
                continue;
            }
            let quotes = segments
                .iter()
                .zip(&owners)
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
                .collect();
            out.push(ArticleClaim {
                article: article.id.clone(),
                outlet: outlet.clone(),
                source: source.clone(),
                origin: article.id.clone(),
                span: clause,
                text: text::fold(clause.slice(body)),
                content,
                attributed_to: speaker,
                explicit_speaker: explicit,
                quotes,
                terms: keys,
                quantities,
                negated: is_negated(content_text, &content_tokens),
                dates: dates_in(content_text, &content_tokens, content, annotations),
                places: places_in(body, content, annotations),
            });
        }
        if let Some(name) = named_speaker.or_else(|| sentence_subject(body, sentence, &segments)) {
            last_subject = Some(name);
        }
    }
    out
}

/// The name a sentence opens with ("Trump, on Thursday, said" -> "Trump"; "Ukrainian
/// President Volodymyr Zelensky called" -> "Volodymyr Zelensky"), outside quotes.
fn sentence_subject(body: &str, sentence: Span, segments: &[Span]) -> Option<String> {
    let tk = toks(body, sentence);
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

/// Whether `s` (with its tokens `toks`) says "not", "never", "no", "-n't"...
fn is_negated(s: &str, toks: &[text::Token]) -> bool {
    toks.iter().any(|t| {
        let t = t.text(s);
        // Longer words can only end in "n't".
        if t.len() > 7 && !t.ends_with(['t', 'T']) {
            return false;
        }
        let w = norm::lower(t);
        NEGATIONS.contains(&&*w) || w.ends_with("n't") || w.ends_with("n’t")
    })
}

/// The dates of the content `s` (with its tokens `toks`) at `content`.
fn dates_in(s: &str, toks: &[text::Token], content: Span, ann: &Annotations) -> Vec<String> {
    let mut out: Vec<String> = ann
        .times
        .iter()
        .filter(|t| content.contains(t.span) && t.kind == "date")
        .map(|t| t.value.clone())
        .collect();
    if out.is_empty() {
        for (i, t) in toks.iter().enumerate() {
            let t = t.text(s);
            // Month and weekday names and their abbreviations are 3 to 9 bytes long.
            if !(3..=9).contains(&t.len()) {
                continue;
            }
            let w = norm::lower(t);
            if let Some(m) = month_of(&w) {
                let day = toks
                    .get(i + 1)
                    .and_then(|n| n.text(s).parse::<u32>().ok())
                    .filter(|d| (1..=31).contains(d));
                if let Some(d) = day {
                    out.push(format!("{m:02}-{d:02}"));
                }
            } else if w.ends_with("day") && norm::is_calendar(&w) {
                out.push(w.into_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The month a lower-case word names, whole or cut to three letters or more ("sept"), but
/// not "mar" or "may" cut short of a whole name.
fn places_in(body: &str, content: Span, ann: &Annotations) -> Vec<String> {
    let mut out: Vec<String> = ann
        .mentions
        .iter()
        .filter(|m| m.kind == EntityType::Location && content.contains(m.span))
        .map(|m| norm::name_key(&m.text))
        .collect();
    if ann.mentions.is_empty() {
        let s = content.slice(body);
        let toks = text::tokens(s);
        for (i, t) in toks.iter().enumerate() {
            let w = t.text(s);
            if !matches!(w, "in" | "at" | "near") {
                continue;
            }
            let name: Vec<&str> = toks[i + 1..]
                .iter()
                .map(|x| x.text(s))
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
/// quotes, when both sides keep at least four words.
fn split_clauses(body: &str, sentence: Span, segments: &[Span]) -> Vec<Span> {
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
    for (left_end, right_start) in cuts {
        let left = &s[start..left_end];
        let right = &s[right_start..];
        if text::tokens(left).len() >= 4 && text::tokens(right).len() >= 4 {
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

/// Reads an attribution frame at the start or the end of a clause.
fn read_frame(body: &str, clause: Span, segments: &[Span]) -> Frame {
    let tk = toks(body, clause);
    let outside = |sp: Span| {
        !segments
            .iter()
            .any(|q| q.start <= sp.start && sp.end <= q.end)
    };
    // Lower-case comparisons without lower-casing every token.
    let is = |k: usize, word: &str| tk.get(k).is_some_and(|t| lower_in(t.1, &[word]));
    // "according to X"
    if let Some(k) =
        (0..tk.len().saturating_sub(1)).find(|&k| is(k, "according") && is(k + 1, "to"))
    {
        if outside(tk[k].0) {
            let name_start = if is(k + 2, "the") { k + 3 } else { k + 2 };
            let name = name_after(&tk, name_start);
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
    let lead = tk
        .iter()
        .take(9)
        .position(|t| CUE_WORDS.has_lower(t.1) && outside(t.0));
    if let Some(k) = lead {
        if k > 0 && !tk[..k].iter().any(|t| t.1.contains(',')) {
            if let Some(name) = subject_before(&tk, k) {
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
        let tail: Vec<(Span, &str)> = tk
            .iter()
            .filter(|t| t.0.start >= tail_start)
            .copied()
            .collect();
        if !tail.is_empty() && tail.len() <= 6 {
            if let Some(k) = tail.iter().position(|t| CUE_WORDS.has_lower(t.1)) {
                let name = name_after(&tail, k + 1).or_else(|| subject_before(&tail, k));
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

pub(crate) fn quote_segments(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut double: Option<usize> = None; // content start
    let mut single: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before = prev.replace(c);
        if !matches!(c, '\n' | '“' | '«' | '”' | '»' | '"' | '‘' | '\'' | '’') {
            continue;
        }
        let next = chars.peek().map(|x| x.1);
        let after = i + c.len_utf8();
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
