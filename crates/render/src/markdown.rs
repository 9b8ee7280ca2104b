//! The Markdown view of a digest (`storyline digest`, `storyline show --format md`): per story
//! the headline, the brief with numbered citations, the sources with their dates, who said
//! what, the timeline, the source-by-claim matrix and its flags, copies, then each article's
//! clean text.

use model::{Article, Digest, Story};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Renders every story of a digest, then the inputs that failed.
pub fn digest(d: &Digest) -> String {
    let by_id: BTreeMap<&str, &Article> = d.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# storyline digest\n\n{} articles, {} stories{}\n",
        d.articles.len(),
        d.stories.len(),
        if d.errors.is_empty() {
            String::new()
        } else {
            format!(", {} inputs failed", d.errors.len())
        }
    );
    for s in &d.stories {
        let arts: Vec<&Article> = s
            .articles
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        out.push_str(&story(s, &arts));
    }
    if !d.errors.is_empty() {
        out.push_str("## Inputs that could not be read\n\n");
        for e in &d.errors {
            let _ = writeln!(out, "- `{}`: {}", e.input, e.error);
        }
        out.push('\n');
    }
    out
}

/// One story with its articles (`articles` in the story's order; missing ones are skipped).
pub fn story(s: &Story, articles: &[&Article]) -> String {
    let mut out = String::new();
    let label = |id: &str| -> String {
        articles
            .iter()
            .position(|a| a.id == id)
            .map_or_else(|| id.to_string(), |i| format!("A{}", i + 1))
    };
    let _ = writeln!(out, "## {}\n", one_line(&s.headline));
    let _ = writeln!(
        out,
        "`{}` · {} articles · {} independent sources · {}\n",
        s.id,
        s.articles.len(),
        s.independent_sources,
        match (&s.first_published, &s.last_published) {
            (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
            (Some(a), _) => a.to_string(),
            _ => "undated".to_string(),
        }
    );

    if !s.brief.is_empty() {
        out.push_str("### Brief\n\n");
        let mut notes: Vec<String> = Vec::new();
        for b in &s.brief {
            let mut marks = String::new();
            for c in &b.citations {
                let body = articles
                    .iter()
                    .find(|a| a.id == c.article)
                    .map(|a| a.body())
                    .unwrap_or_default();
                let quote = one_line(c.span.slice(&body));
                let note = format!(
                    "{} {}–{}: “{}”",
                    label(&c.article),
                    c.span.start,
                    c.span.end,
                    clip(&quote, 140)
                );
                let n = notes.iter().position(|x| *x == note).unwrap_or_else(|| {
                    notes.push(note);
                    notes.len() - 1
                });
                let _ = write!(marks, "[{}]", n + 1);
            }
            let _ = writeln!(out, "- {} {}", one_line(&b.text), marks);
        }
        out.push('\n');
        for (i, n) in notes.iter().enumerate() {
            let _ = writeln!(out, "[{}]: {}", i + 1, n);
        }
        out.push('\n');
    }

    out.push_str("### Sources\n\n| | outlet | published | title |\n|---|---|---|---|\n");
    for (i, a) in articles.iter().enumerate() {
        let copy = a
            .duplicate_of
            .as_deref()
            .map(|o| format!(" (copy of {})", label(o)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| A{} | {} | {} | {}{} |",
            i + 1,
            cell(a.source.as_deref().unwrap_or("—")),
            a.published.map_or("—".to_string(), |p| p.to_string()),
            cell(a.title.as_deref().unwrap_or("—")),
            copy
        );
    }
    out.push('\n');

    if !s.quotes.is_empty() {
        out.push_str("### Who said what\n\n| speaker | kind | words | in |\n|---|---|---|---|\n");
        for q in &s.quotes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(q.speaker.as_deref().unwrap_or("(unknown)")),
                match q.kind {
                    model::QuoteKind::Direct => "direct",
                    model::QuoteKind::Indirect => "indirect",
                },
                cell(&clip(&one_line(&q.text), 160)),
                label(&q.article)
            );
        }
        out.push('\n');
    }

    if !s.timeline.is_empty() {
        out.push_str("### Timeline\n\n");
        for t in &s.timeline {
            let _ = writeln!(
                out,
                "- **{}** {} ({})",
                t.date,
                clip(&one_line(&t.text), 200),
                label(&t.article)
            );
        }
        out.push('\n');
    }

    if !s.events.is_empty() {
        out.push_str("### Events across sources\n\n");
        for e in s.events.iter().take(12) {
            let mut ins: Vec<String> = Vec::new();
            for sp in &e.support {
                let l = label(&sp.article);
                if !ins.contains(&l) {
                    ins.push(l);
                }
            }
            let _ = writeln!(
                out,
                "- {} ({} sources: {})",
                clip(&one_line(&e.text), 200),
                e.independent_sources,
                ins.join(", ")
            );
        }
        out.push('\n');
    }

    if !s.claims.is_empty() {
        out.push_str("### Claims by source\n\n| claim |");
        for i in 0..articles.len() {
            let _ = write!(out, " A{} |", i + 1);
        }
        out.push_str(" sources | flags |\n|---|");
        for _ in articles {
            out.push_str("---|");
        }
        out.push_str("---|---|\n");
        let contested: BTreeMap<&str, Vec<&str>> =
            s.contradictions.iter().fold(BTreeMap::new(), |mut m, c| {
                for id in &c.claims {
                    m.entry(id.as_str())
                        .or_insert_with(Vec::new)
                        .push(c.kind.as_str());
                }
                m
            });
        for c in &s.claims {
            let who = c
                .attributed_to
                .as_deref()
                .map(|w| format!(" — *{}*", cell(w)))
                .unwrap_or_default();
            let _ = write!(out, "| {}{} |", cell(&clip(&one_line(&c.text), 120)), who);
            for a in articles {
                let mark = if c.support.iter().any(|sp| sp.article == a.id) {
                    "●"
                } else {
                    ""
                };
                let _ = write!(out, " {mark} |");
            }
            let mut flags: Vec<&str> = Vec::new();
            if c.single_source {
                flags.push("single source");
            }
            if let Some(k) = contested.get(c.id.as_str()) {
                flags.extend(k.iter().copied());
            }
            let _ = writeln!(out, " {} | {} |", c.independent_sources, flags.join(", "));
        }
        out.push('\n');
    }

    if !s.contradictions.is_empty() {
        out.push_str("### Disagreements\n\n");
        for c in &s.contradictions {
            let _ = writeln!(out, "- **{}**: {}", c.kind, one_line(&c.note));
        }
        out.push('\n');
    }

    if !s.copies.is_empty() {
        out.push_str("### Copies\n\n");
        for c in &s.copies {
            let _ = writeln!(
                out,
                "- {} copies {} (similarity {:.2}){}",
                label(&c.article),
                label(&c.origin),
                c.similarity,
                if c.changes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", c.changes.join(", "))
                }
            );
        }
        out.push('\n');
    }

    if !s.entities.is_empty() {
        out.push_str("### Who is involved\n\n");
        for e in s.entities.iter().take(12) {
            let mut also: Vec<&str> = e.aliases.iter().map(String::as_str).collect();
            also.extend(e.roles.iter().map(String::as_str));
            let _ = writeln!(
                out,
                "- **{}** ({:?}, {} mentions){}",
                e.name,
                e.kind,
                e.mentions.len(),
                if also.is_empty() {
                    String::new()
                } else {
                    format!(": {}", also.join("; "))
                }
            );
        }
        out.push('\n');
    }

    for (i, a) in articles.iter().enumerate() {
        let _ = writeln!(
            out,
            "### A{} · {} · {}\n",
            i + 1,
            a.source.as_deref().unwrap_or("unknown outlet"),
            a.title
                .as_deref()
                .map(one_line)
                .unwrap_or_else(|| "untitled".into())
        );
        let mut meta = vec![format!("`{}`", a.input)];
        if let Some(p) = a.published {
            meta.push(format!("published {p}"));
        }
        if let Some(b) = &a.byline {
            meta.push(format!("by {b}"));
        }
        if let Some(l) = &a.language {
            meta.push(format!("language {l}"));
        }
        if let Some(o) = &a.duplicate_of {
            meta.push(format!("copy of {}", label(o)));
        }
        let _ = writeln!(out, "{}\n", meta.join(" · "));
        if a.duplicate_of.is_some() {
            out.push_str("(text omitted: a copy; see its origin)\n\n");
            continue;
        }
        for p in &a.paragraphs {
            let _ = writeln!(out, "{}\n", p.trim());
        }
        for c in &a.captions {
            let _ = writeln!(out, "> caption: {}\n", one_line(c));
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{BriefSentence, Citation, Span};

    #[test]
    fn brief_citations_are_numbered_and_quote_their_span() {
        let mut a = Article::new("a-1", "x.txt");
        a.source = Some("Wire".into());
        a.paragraphs = vec!["The bridge | closed on Monday.".into()];
        let mut s = Story::new("s-1", "Bridge");
        s.articles = vec!["a-1".into()];
        s.brief = vec![BriefSentence {
            text: "The bridge closed.".into(),
            citations: vec![Citation {
                article: "a-1".into(),
                span: Span::new(0, 10),
            }],
        }];
        let md = story(&s, &[&a]);
        assert!(md.contains("- The bridge closed. [1]"), "{md}");
        assert!(md.contains("[1]: A1 0–10: “The bridge”"), "{md}");
        assert!(md.contains("| A1 | Wire |"), "{md}");
    }
}
