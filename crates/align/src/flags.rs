//! Disagreements inside an aligned claim: numbers, dates, places, negation, who said it
//! (misattribution, kind "speaker") and quoted words that change between outlets
//! ("quote-drift").

use crate::claims::ArticleClaim;
use crate::norm::{format_number, name_key, Lexicon};
use crate::similar::{same_quote, similarity_with, Weights};
use model::Contradiction;
use std::collections::BTreeSet;

/// How close two aligned claims must be before a difference in a number, date, place or
/// negation between them is a contradiction rather than two facts.
pub const STRONG: f64 = 0.5;

/// Words that tie a person to the body they speak for ("Kremlin spokesman Dmitry Peskov").
const ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "secretary",
    "minister",
    "official",
    "aide",
    "adviser",
    "advisor",
    "representative",
    "envoy",
    "press",
    "chief",
    "head",
    "ambassador",
    "director",
    "chairman",
    "president",
    "leader",
    "commander",
];

pub(crate) static ROLE_WORDS: Lexicon = Lexicon::new(ROLES);

/// Head nouns of a speaker that is a body, not a person ("the Russian government").
const COLLECTIVE: &[&str] = &[
    "government",
    "administration",
    "ministry",
    "authorities",
    "officials",
    "office",
    "cabinet",
    "presidency",
    "parliament",
    "police",
    "army",
    "military",
    "council",
    "committee",
    "agency",
    "department",
    "embassy",
    "spokesperson",
    "sources",
];

/// Who speaks for whom in a story: pairs (body, person) read from "Kremlin spokesman Dmitry
/// Peskov"-like phrases, so "the Kremlin said" and "Peskov said" are not a misattribution.
/// A generic body ("the Russian government", "officials") is not told apart from a named
/// body or a person who may speak for it: a misattribution flag is about named voices.
#[derive(Debug, Clone, Default)]
pub struct Roles<'a> {
    texts: Vec<&'a str>,
    /// The pairs, read from `texts` only when [`Roles::same_speaker`] first needs them (most
    /// stories never ask).
    pairs: std::cell::OnceCell<BTreeSet<(String, String)>>,
}

impl<'a> Roles<'a> {
    pub fn from_texts(texts: impl IntoIterator<Item = &'a str>) -> Roles<'a> {
        Roles {
            texts: texts.into_iter().collect(),
            pairs: std::cell::OnceCell::new(),
        }
    }

    fn pairs(&self) -> &BTreeSet<(String, String)> {
        self.pairs
            .get_or_init(|| Roles::pairs_in(self.texts.iter().copied()))
    }

    fn pairs_in<'t>(texts: impl IntoIterator<Item = &'t str>) -> BTreeSet<(String, String)> {
        let mut pairs = BTreeSet::new();
        for t in texts {
            let tk: Vec<&str> = text::tokens(t).iter().map(|x| x.text(t)).collect();
            for (i, w) in tk.iter().enumerate() {
                if !ROLE_WORDS.has_lower(w) {
                    continue;
                }
                let before: Vec<&str> = tk[i.saturating_sub(3)..i]
                    .iter()
                    .copied()
                    .filter(|x| text::is_capitalized(x))
                    .collect();
                let after: Vec<&str> = tk[i + 1..]
                    .iter()
                    .take(4)
                    .copied()
                    .skip_while(|x| !text::is_capitalized(x))
                    .take_while(|x| text::is_capitalized(x))
                    .collect();
                if let Some(person) = after.last() {
                    for org in before {
                        pairs.insert((name_key(org), name_key(person)));
                    }
                }
            }
        }
        pairs
    }

    /// The modifiers of a speaker that is a generic body ("the Russian government" ->
    /// `["russian"]`, "officials" -> `[]`); None for a name or a person.
    fn collective(speaker: &str) -> Option<Vec<String>> {
        let words: Vec<String> = speaker
            .split_whitespace()
            .map(str::to_lowercase)
            .filter(|w| !matches!(w.as_str(), "the" | "a" | "an"))
            .collect();
        let (head, mods) = words.split_last()?;
        COLLECTIVE
            .contains(&head.as_str())
            .then(|| mods.iter().map(|m| name_key(m)).collect())
    }

    /// Whether two speaker names can be the same voice: the same surname, one name inside the
    /// other, or one the body the other speaks for.
    pub fn same_speaker(&self, a: &str, b: &str) -> bool {
        let ka: Vec<String> = a.split_whitespace().map(name_key).collect();
        let kb: Vec<String> = b.split_whitespace().map(name_key).collect();
        if ka.is_empty() || kb.is_empty() {
            return true;
        }
        match (Roles::collective(a), Roles::collective(b)) {
            // Two generic bodies: one voice unless their modifiers conflict.
            (Some(x), Some(y)) => {
                return x.is_empty() || y.is_empty() || x.iter().any(|m| y.contains(m));
            }
            // A generic body and anyone else (its named seat, a person who may speak for
            // it): not told apart.
            (Some(_), None) | (None, Some(_)) => return true,
            (None, None) => {}
        }
        if ka.last() == kb.last()
            || ka.iter().all(|k| kb.contains(k))
            || kb.iter().all(|k| ka.contains(k))
        {
            return true;
        }
        let linked = |x: &[String], y: &[String]| {
            x.iter().any(|o| {
                y.last()
                    .is_some_and(|p| self.pairs().contains(&(o.clone(), p.clone())))
            })
        };
        linked(&ka, &kb) || linked(&kb, &ka)
    }
}

/// Word sequence of a quote for comparing wording.
fn wording(s: &str) -> String {
    text::words(s).join(" ")
}

/// Most words of the shorter quote are in the longer one ("very useful and constructive" /
/// "very useful and productive").
fn close_wording(a: &str, b: &str) -> bool {
    let (wa, wb) = (text::words(a), text::words(b));
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    let common = short.iter().filter(|w| long.contains(w)).count();
    short.len() >= 2 && common * 5 >= short.len() * 3
}

/// The contradictions inside one aligned claim whose members are `members` (arrival order).
pub fn contradictions(
    id: &str,
    members: &[&ArticleClaim],
    w: &Weights,
    roles: &Roles<'_>,
) -> Vec<Contradiction> {
    contradictions_by(
        id,
        members,
        |i, j| similarity_with(members[i], members[j], w),
        roles,
    )
}

/// [`contradictions`] with `similarity(i, j)` the similarity of `members[i]` to `members[j]`.
pub(crate) fn contradictions_by(
    id: &str,
    members: &[&ArticleClaim],
    similarity: impl Fn(usize, usize) -> f64,
    roles: &Roles<'_>,
) -> Vec<Contradiction> {
    let mut out: Vec<Contradiction> = Vec::new();
    let mut push = |kind: &str, note: String| {
        if !out.iter().any(|c| c.kind == kind) {
            out.push(Contradiction {
                claims: vec![id.to_string()],
                kind: kind.to_string(),
                note,
            });
        }
    };
    // Who said it: the owners of quoted words that another origin quotes too, grouped into
    // voices (connected by `same_speaker`, so the order of arrival does not matter).
    let mut owners: Vec<(&str, &str, &str)> = Vec::new(); // owner, words, outlet
    for m in members {
        for q in &m.quotes {
            let Some(owner) = q.owner.as_deref().filter(|_| q.explicit) else {
                continue;
            };
            let shared = members.iter().any(|o| {
                o.origin != m.origin && o.quotes.iter().any(|p| p.explicit && same_quote(p, q))
            });
            if shared {
                owners.push((owner, q.text.as_str(), m.source.as_str()));
            }
        }
    }
    let mut voice: Vec<usize> = (0..owners.len()).collect();
    fn root(v: &mut [usize], mut i: usize) -> usize {
        while v[i] != i {
            v[i] = v[v[i]];
            i = v[i];
        }
        i
    }
    for i in 0..owners.len() {
        for j in i + 1..owners.len() {
            if roles.same_speaker(owners[i].0, owners[j].0) {
                let (a, b) = (root(&mut voice, i), root(&mut voice, j));
                voice[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: Vec<(usize, String, Vec<&str>)> = Vec::new(); // root, name, outlets
    for (i, &(owner, _, outlet)) in owners.iter().enumerate() {
        let r = root(&mut voice, i);
        match groups.iter_mut().find(|g| g.0 == r) {
            Some(g) => {
                if owner.len() > g.1.len() {
                    g.1 = owner.to_string();
                }
                if !g.2.contains(&outlet) {
                    g.2.push(outlet);
                }
            }
            None => groups.push((r, owner.to_string(), vec![outlet])),
        }
    }
    if groups.len() > 1 {
        // The words as the first outlet has them; the largest voice first.
        let words = owners[0].1;
        groups.sort_by_key(|g| std::cmp::Reverse(g.2.len()));
        let parts: Vec<String> = groups
            .iter()
            .map(|(_, o, s)| format!("to {o} by {}", s.join(", ")))
            .collect();
        push(
            "speaker",
            format!("“{words}” is given {}", parts.join("; ")),
        );
    }
    for (i, a) in members.iter().enumerate() {
        for (j, b) in members.iter().enumerate().skip(i + 1) {
            if a.origin == b.origin {
                continue;
            }
            // Quote drift: the same voice, the same quoted passage, other words.
            for qa in &a.quotes {
                for qb in &b.quotes {
                    if !same_quote(qa, qb) && !close_wording(&qa.text, &qb.text) {
                        continue;
                    }
                    let same_voice = match (&qa.owner, &qb.owner) {
                        (Some(x), Some(y)) => roles.same_speaker(x, y),
                        _ => true,
                    };
                    let (wa, wb) = (wording(&qa.text), wording(&qb.text));
                    if same_voice && !wa.contains(&wb) && !wb.contains(&wa) {
                        push(
                            "quote-drift",
                            format!("{}: “{}”; {}: “{}”", a.source, qa.text, b.source, qb.text),
                        );
                    }
                }
            }
            let close = similarity(i, j) >= STRONG;
            // Paraphrases given to different speakers.
            if let (Some(x), Some(y)) = (&a.attributed_to, &b.attributed_to) {
                if a.explicit_speaker && b.explicit_speaker && !roles.same_speaker(x, y) && close {
                    push(
                        "speaker",
                        format!("{} attributes it to {x}; {} to {y}", a.source, b.source),
                    );
                }
            }
            for qa in &a.quantities {
                for qb in &b.quantities {
                    if qa.unit.is_some() && qa.unit == qb.unit && qa.value != qb.value {
                        push(
                            "number",
                            format!(
                                "{}: {} {}; {}: {} {}",
                                a.source,
                                format_number(qa.value),
                                qa.unit.as_deref().unwrap_or(""),
                                b.source,
                                format_number(qb.value),
                                qb.unit.as_deref().unwrap_or("")
                            ),
                        );
                    }
                }
            }
            if !close {
                continue;
            }
            let comparable = |x: &str, y: &str| x.ends_with("day") == y.ends_with("day");
            if !a.dates.is_empty()
                && !b.dates.is_empty()
                && a.dates.iter().all(|x| !b.dates.contains(x))
                && a.dates
                    .iter()
                    .any(|x| b.dates.iter().any(|y| comparable(x, y)))
            {
                push(
                    "date",
                    format!(
                        "{}: {}; {}: {}",
                        a.source,
                        a.dates.join(", "),
                        b.source,
                        b.dates.join(", ")
                    ),
                );
            }
            if !a.places.is_empty()
                && !b.places.is_empty()
                && a.places.iter().all(|x| !b.places.contains(x))
            {
                push(
                    "place",
                    format!(
                        "{}: {}; {}: {}",
                        a.source,
                        a.places.join(", "),
                        b.source,
                        b.places.join(", ")
                    ),
                );
            }
            if a.negated != b.negated {
                let (neg, pos) = if a.negated { (a, b) } else { (b, a) };
                push(
                    "negation",
                    format!(
                        "{} negates what {} reports: “{}”",
                        neg.source, pos.source, neg.text
                    ),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_meet_by_surname_and_role() {
        let roles = Roles::from_texts([
            "Putin met Witkoff, Kremlin spokesman Dmitry Peskov told reporters.",
        ]);
        for (a, b, same) in [
            ("Dmitri S. Peskov", "Peskov", true),
            ("Dmitry Peskov", "Dmitri Peskov", true),
            ("Kremlin", "Dmitri S Peskov", true),
            ("Dmitri S Peskov", "Kremlin", true),
            ("Putin", "Peskov", false),
            ("Kremlin", "Putin", false),
        ] {
            assert_eq!(roles.same_speaker(a, b), same, "{a} / {b}");
        }
    }

    #[test]
    fn generic_bodies_are_not_told_apart_named_voices_are() {
        let roles = Roles::from_texts(["The Kremlin said so; Moscow agreed."]);
        for (a, b, same) in [
            ("The Kremlin", "the Russian government", true),
            ("Russian officials", "the government", true),
            ("Russian officials", "Ukrainian officials", false),
            ("Moscow", "Kyiv", false),
            ("the Russian government", "Putin", true),
            ("Putin", "Zelensky", false),
            ("a second post he", "President Donald Trump", false),
        ] {
            assert_eq!(roles.same_speaker(a, b), same, "{a} / {b}");
        }
    }
}
