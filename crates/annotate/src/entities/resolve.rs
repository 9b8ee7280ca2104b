//! Cross-article resolution: name variants of one person (surname alone, middle initials,
//! transliterations), gazetteer aliases of places and organisations, acronyms, role
//! descriptions ("Kremlin spokesman") and the quotes whose speakers they name.

use super::lexicon::Lexicon;
use super::recognise::{tokenize, Tok};
use model::{Annotations, Article, Entity, EntityType, Mention, Quote, Span};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

/// Lower-case words that may sit in a role description besides role nouns: "special envoy",
/// "national security adviser", "press secretary".
const ROLE_MODIFIERS: &[&str] = &[
    "special",
    "national",
    "security",
    "foreign",
    "defense",
    "defence",
    "deputy",
    "senior",
    "chief",
    "top",
    "former",
    "press",
    "presidential",
    "prime",
    "executive",
    "general",
    "vice",
    "assistant",
    "acting",
    "interim",
    "longtime",
    "policy",
    "military",
    "economic",
    "finance",
    "interior",
    "justice",
    "state",
    "white",
    "house",
    "peace",
    "middle",
    "east",
    "regional",
    "government",
    "opposition",
    "party",
    "armed",
    "forces",
    "intelligence",
    "trade",
    "health",
    "energy",
    "cabinet",
    "federal",
    "district",
    "supreme",
    "court",
    "company",
    "group",
    "campaign",
    "communications",
    "news",
    "agency",
    "u.s.",
    "european",
    "union",
    "un",
    "nato",
    "russian",
    "american",
    "ukrainian",
    "kremlin",
    "ministry",
    "of",
    "foreign-policy",
    "team",
];
/// Words that end an appositive role search: it is a clause, not a description.
const CLAUSE_WORDS: &[&str] = &[
    "who", "which", "that", "said", "says", "told", "was", "is", "has", "had", "will", "would",
    "and", "but", "when", "where", "while", "as", "he", "she", "they", "it", "we", "i",
];
const DETERMINERS: &[&str] = &["the", "a", "an"];

/// The role description attached to the mention at `span` in `body`, if any: a pre-modifier
/// ("Kremlin spokesman Dmitry Peskov" gives "Kremlin spokesman"; "President Donald Trump"
/// gives "President") or an appositive ("Steve Witkoff, the U.S. special envoy," gives
/// "U.S. special envoy"). Works on any span; meant for person mentions.
///
/// ```
/// let body = "Kremlin spokesman Dmitry Peskov said so.";
/// let span = model::Span::new(18, 31);
/// assert_eq!(annotate::entities::role_of(body, span).as_deref(), Some("Kremlin spokesman"));
/// ```
pub fn role_of(body: &str, span: Span) -> Option<String> {
    role_at(body, &tokenize(body), span)
}

pub(crate) fn role_at(body: &str, toks: &[Tok], span: Span) -> Option<String> {
    let first = toks.partition_point(|t| t.start < span.start);
    let after = toks.partition_point(|t| t.start < span.end);
    pre_role(body, toks, first).or_else(|| appositive_role(body, toks, after))
}

fn is_role_head(lx: &Lexicon, w: &str) -> bool {
    let l = w.to_lowercase();
    lx.is_role_word(&l) || lx.titles.iter().any(|t| t.len() == 1 && t[0] == l)
}

fn pre_role(body: &str, toks: &[Tok], first: usize) -> Option<String> {
    let lx = Lexicon::get();
    let mut k = first;
    let mut words = 0;
    while k > 0 && words < 6 {
        let t = toks[k - 1];
        let w = t.text(body);
        let gap = body.get(t.end..toks[k].start).unwrap_or("\n");
        if gap.contains('\n') || gap.len() > 1 {
            break;
        }
        if !t.word {
            // "Trump's envoy", "vice-president".
            if (w == "'s" || w == "’s" || w == "-") && k >= 2 && toks[k - 2].word {
                k -= 1;
                continue;
            }
            break;
        }
        let l = w.to_lowercase();
        if DETERMINERS.contains(&l.as_str()) || text::is_stopword(&l) && l != "us" {
            break;
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if !(capital || lx.is_role_word(&l) || ROLE_MODIFIERS.contains(&l.as_str())) {
            break;
        }
        words += 1;
        k -= 1;
    }
    if k == first {
        return None;
    }
    // The phrase must end in a role noun or title, right before the name.
    let head = toks[first - 1].text(body);
    if !is_role_head(lx, head) {
        return None;
    }
    // Trim leading punctuation.
    while k < first && !toks[k].word {
        k += 1;
    }
    let s = body.get(toks[k].start..toks[first - 1].end)?;
    Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn appositive_role(body: &str, toks: &[Tok], after: usize) -> Option<String> {
    let lx = Lexicon::get();
    let comma = toks.get(after)?;
    if comma.text(body) != "," {
        return None;
    }
    let mut k = after + 1;
    if toks
        .get(k)
        .is_some_and(|t| DETERMINERS.contains(&t.text(body).to_lowercase().as_str()))
    {
        k += 1;
    }
    let start = k;
    let mut has_role = false;
    while k < toks.len() && k - start < 10 {
        let t = toks[k];
        let w = t.text(body);
        if !t.word {
            if matches!(w, "-" | "'s" | "’s" | "." | "&")
                && !(w == "." && !t.word && k > start && is_end(body, toks, k))
            {
                k += 1;
                continue;
            }
            break;
        }
        let l = w.to_lowercase();
        if CLAUSE_WORDS.contains(&l.as_str()) {
            return None;
        }
        has_role |= lx.is_role_word(&l);
        k += 1;
    }
    if !has_role || k == start || k - start >= 10 {
        return None;
    }
    let end = toks.get(k).map(|t| t.text(body));
    if !matches!(end, Some("," | "." | ";" | ")" | "—" | "–") | None) {
        return None;
    }
    let s = body.get(toks[start].start..toks[k - 1].end)?;
    Some(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn is_end(body: &str, toks: &[Tok], k: usize) -> bool {
    toks.get(k + 1).is_none_or(|n| {
        body.get(toks[k].end..n.start)
            .is_some_and(|g| !g.is_empty())
    })
}

/// A role description as a matching key: lower case, no dots, synonyms folded
/// ("Kremlin spokeswoman" and "kremlin spokesman" meet).
pub(crate) fn role_key(role: &str) -> String {
    let mut out = String::with_capacity(role.len());
    let mut word = String::new();
    for (i, w) in role.split_whitespace().enumerate() {
        // Words left empty (a lone ".") still take their place, as in a join.
        if i > 0 {
            out.push(' ');
        }
        out.push_str(role_word(w, &mut word));
    }
    out
}

/// One word of a [`role_key`], made in `word`.
fn role_word<'w>(w: &str, word: &'w mut String) -> &'w str {
    word.clear();
    let dropped = |c: &char| matches!(c, '.' | '’' | '\'');
    if w.is_ascii() {
        word.extend(
            w.chars()
                .filter(|c| !dropped(c))
                .map(|c| c.to_ascii_lowercase()),
        );
    } else {
        // Lower-cased as a whole first: a final sigma depends on what follows it.
        word.extend(w.to_lowercase().chars().filter(|c| !dropped(c)));
    }
    match word.as_str() {
        "spokesman" | "spokeswoman" | "spokesperson" => "spokesperson",
        "advisor" => "adviser",
        "defence" => "defense",
        w => w,
    }
}

/// Edit distance between two short strings, by characters.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A name as written, without a possessive or a leading article.
pub(crate) fn clean_name(text: &str) -> String {
    let t = text.trim();
    let t = t
        .strip_suffix("'s")
        .or_else(|| t.strip_suffix("’s"))
        .unwrap_or(t);
    let t = t
        .strip_prefix("the ")
        .or_else(|| t.strip_prefix("The "))
        .unwrap_or(t);
    if single_spaced(t) {
        return t.to_string();
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `t` is words joined by single spaces (what splitting at white space and joining
/// with a space gives back unchanged).
fn single_spaced(t: &str) -> bool {
    let mut prev_space = true;
    let inner = t.chars().all(|c| {
        let ok = if c == ' ' {
            !prev_space
        } else {
            !c.is_whitespace()
        };
        prev_space = c == ' ';
        ok
    });
    inner && !t.ends_with(' ')
}

fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1 && w.chars().next().is_some_and(char::is_uppercase)
}

/// The parts of a person's name that identify them: given names (initials dropped) and the
/// surname, lower case.
pub(crate) fn name_parts(name: &str) -> (Vec<String>, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return (Vec::new(), String::new());
    };
    let given = rest
        .iter()
        .filter(|w| !is_initial(w))
        .map(|w| w.to_lowercase())
        .collect();
    (given, last.to_lowercase())
}

fn surname_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let n = la.min(lb);
    // The edit distance is at least the length difference: no need to compute it then.
    if n < 5 || la.abs_diff(lb) > 2 {
        return false;
    }
    let d = levenshtein(a, b);
    (n >= 5 && d <= 1) || (n >= 7 && d <= 2)
}

fn given_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let n = a.chars().count().min(b.chars().count());
    // Transliterations: Dmitry/Dmitri, Sergei/Sergey, Oleksandr/Olexandr.
    a.chars().next() == b.chars().next() && n >= 4 && levenshtein(a, b) <= 2
}

/// Two full person names that can name one person.
pub(crate) fn same_person(a: &str, b: &str) -> bool {
    same_parts(&name_parts(a), &name_parts(b))
}

/// [`same_person`] on names already cut by [`name_parts`].
fn same_parts((ga, sa): &(Vec<String>, String), (gb, sb): &(Vec<String>, String)) -> bool {
    if !surname_match(sa, sb) {
        return false;
    }
    match (ga.first(), gb.first()) {
        (Some(x), Some(y)) => given_match(x, y),
        _ => true,
    }
}

struct Item<'a> {
    article: usize,
    mention: &'a Mention,
    name: String,
    role: Option<String>,
}

struct Group {
    kind: EntityType,
    items: Vec<usize>,
    roles: Vec<String>,
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let next = parent[y];
        parent[y] = r;
        y = next;
    }
    r
}

/// Joins the sets of `i` and `j`; a set's root is always its smallest member, whatever the
/// order of the joins.
fn union(parent: &mut [usize], i: usize, j: usize) {
    let (ri, rj) = (find(parent, i), find(parent, j));
    if ri != rj {
        parent[ri.max(rj)] = ri.min(rj);
    }
}

/// Entities of a story, resolved across its articles. See [`super::resolve`].
pub(crate) fn resolve(items_in: &[(&Article, &Annotations)]) -> Vec<Entity> {
    let bodies: Vec<String> = items_in.iter().map(|(a, _)| a.body()).collect();
    resolve_bodies(items_in, &bodies)
}

/// [`resolve`] with each article's body already joined (`bodies[i]` is `items_in[i]`'s).
pub(crate) fn resolve_bodies(
    items_in: &[(&Article, &Annotations)],
    bodies: &[String],
) -> Vec<Entity> {
    let lx = Lexicon::get();
    // Tokens of an article only when a role is looked for in it.
    let toks: Vec<OnceCell<Vec<Tok>>> = bodies.iter().map(|_| OnceCell::new()).collect();
    let toks_of = |ai: usize| -> &[Tok] { toks[ai].get_or_init(|| tokenize(&bodies[ai])) };
    let mut items: Vec<Item> = Vec::new();
    for (ai, (_, ann)) in items_in.iter().enumerate() {
        for m in &ann.mentions {
            let name = clean_name(&m.text);
            if name.is_empty() {
                continue;
            }
            let role = (m.kind == EntityType::Person)
                .then(|| role_at(&bodies[ai], toks_of(ai), m.span))
                .flatten();
            items.push(Item {
                article: ai,
                mention: m,
                name,
                role,
            });
        }
    }
    let n = items.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let is_person = |it: &Item| it.mention.kind == EntityType::Person;
    let multi = |it: &Item| it.name.split_whitespace().count() >= 2;
    // 1. Full person names: same surname, compatible given names.
    let full: Vec<usize> = (0..n)
        .filter(|&i| is_person(&items[i]) && multi(&items[i]))
        .collect();
    // Equal names always match: compare each distinct name once, and only with the names whose
    // surname starts with the same letter (a surname match needs it).
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in &full {
        let first = *first_of.entry(items[i].name.as_str()).or_insert(i);
        union(&mut parent, first, i);
    }
    // Per first letter of the surname: (item, (given names, surname)).
    type Named = (usize, (Vec<String>, String));
    let mut by_letter: BTreeMap<Option<char>, Vec<Named>> = BTreeMap::new();
    for (name, &i) in &first_of {
        let parts = name_parts(name);
        by_letter
            .entry(parts.1.chars().next())
            .or_default()
            .push((i, parts));
    }
    for names in by_letter.values() {
        for (x, (i, a)) in names.iter().enumerate() {
            for (j, b) in &names[x + 1..] {
                if same_parts(a, b) {
                    union(&mut parent, *i, *j);
                }
            }
        }
    }
    // Person clusters by surname, most mentioned first, for single-word mentions.
    let mut cluster_size: BTreeMap<usize, usize> = BTreeMap::new();
    for &i in &full {
        *cluster_size.entry(find(&mut parent, i)).or_default() += 1;
    }
    let mut surnames: Vec<(String, String, usize, usize)> = Vec::new(); // (surname, first given, size, root)
    for &i in &full {
        let r = find(&mut parent, i);
        let (given, s) = name_parts(&items[i].name);
        surnames.push((
            s,
            given.first().cloned().unwrap_or_default(),
            cluster_size[&r],
            r,
        ));
    }
    surnames.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
    // Only the first entry of each surname can be found by the searches below.
    let mut firsts: HashSet<&str> = HashSet::default();
    let surnames: Vec<(&str, usize)> = surnames
        .iter()
        .filter(|s| firsts.insert(s.0.as_str()))
        .map(|s| (s.0.as_str(), s.3))
        .collect();
    let surname_root: HashMap<&str, usize> = surnames.iter().copied().collect();
    let mut keyed: BTreeMap<(u8, String), usize> = BTreeMap::new();
    for i in 0..n {
        let it = &items[i];
        if is_person(it) && multi(it) {
            continue;
        }
        let single = !multi(it);
        let known = lx.lookup(&it.name);
        // 2. A single word that is a known person's surname joins them, whatever its type
        //    (unless the gazetteer knows it as a place or organisation).
        if single && (is_person(it) || known.is_none()) {
            let w = it.name.to_lowercase();
            if let Some(&r) = surname_root.get(w.as_str()) {
                parent[i] = r;
                continue;
            }
            if is_person(it) {
                if let Some(s) = surnames.iter().find(|s| surname_match(s.0, &w)) {
                    parent[i] = s.1;
                    continue;
                }
            }
        }
        // 3. Everything else by its canonical key.
        let key = match known {
            Some(k) => (kind_rank(k.kind), k.canonical.to_lowercase()),
            None => (
                kind_rank(it.mention.kind),
                it.name.to_lowercase().replace('.', ""),
            ),
        };
        let key = if is_person(it) { key } else { (9, key.1) };
        match keyed.get(&key) {
            Some(&r) => parent[i] = r,
            None => {
                keyed.insert(key, i);
            }
        }
    }
    // 4. Acronyms: "WWDC" joins "World Wide Developers Conference".
    let roots: Vec<usize> = keyed.values().copied().collect();
    for &r in &roots {
        let name = &items[r].name;
        let acr: String = name.chars().filter(|c| c.is_alphanumeric()).collect();
        if name.split_whitespace().count() != 1 || acr.len() < 2 || !is_upper(&acr) {
            continue;
        }
        if lx.lookup(name).is_some() {
            continue;
        }
        for &o in &roots {
            if o == r || is_person(&items[o]) {
                continue;
            }
            let initials: String = items[o]
                .name
                .split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect();
            if initials.len() >= 2 && initials == acr {
                let (a, b) = (find(&mut parent, r), find(&mut parent, o));
                parent[a] = b;
                break;
            }
        }
    }
    // Collect groups.
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let r = find(&mut parent, i);
        let g = groups.entry(r).or_insert(Group {
            kind: EntityType::Other,
            items: Vec::new(),
            roles: Vec::new(),
        });
        g.items.push(i);
        if let Some(role) = &item.role {
            g.roles.push(role.clone());
        }
    }
    let mut entities: Vec<Entity> = Vec::new();
    for g in groups.values_mut() {
        g.kind = majority_kind(g.items.iter().map(|&i| items[i].mention.kind));
        entities.push(build(g, &items, items_in, lx));
    }
    add_role_mentions(&mut entities, items_in, bodies, &toks_of);
    entities.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    entities
}

fn is_upper(s: &str) -> bool {
    s.chars().all(|c| !c.is_lowercase())
}

fn kind_rank(k: EntityType) -> u8 {
    match k {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        EntityType::Location => 2,
        EntityType::Other => 3,
    }
}

fn majority_kind(kinds: impl Iterator<Item = EntityType>) -> EntityType {
    let mut count: BTreeMap<u8, (usize, EntityType)> = BTreeMap::new();
    for k in kinds {
        count.entry(kind_rank(k)).or_insert((0, k)).0 += 1;
    }
    count
        .values()
        .max_by(|a, b| a.0.cmp(&b.0).then(kind_rank(b.1).cmp(&kind_rank(a.1))))
        .map_or(EntityType::Other, |x| x.1)
}

fn build(g: &Group, items: &[Item], story: &[(&Article, &Annotations)], lx: &Lexicon) -> Entity {
    // Surface forms with the articles and mentions that use them.
    let mut forms: BTreeMap<&str, (BTreeSet<usize>, usize)> = BTreeMap::new();
    for &i in &g.items {
        let f = forms.entry(items[i].name.as_str()).or_default();
        f.0.insert(items[i].article);
        f.1 += 1;
    }
    let canonical_known = forms
        .keys()
        .find_map(|f| {
            lx.lookup(f)
                .filter(|k| k.kind == g.kind || g.kind != EntityType::Person)
        })
        .map(|k| k.canonical.clone());
    let name = match canonical_known {
        Some(c) if g.kind != EntityType::Person => c,
        _ => {
            let multi = forms.keys().any(|f| f.split_whitespace().count() >= 2);
            forms
                .iter()
                .filter(|(f, _)| !multi || f.split_whitespace().count() >= 2)
                .max_by(|a, b| {
                    (a.1 .0.len(), a.1 .1, a.0.len())
                        .cmp(&(b.1 .0.len(), b.1 .1, b.0.len()))
                        .then_with(|| b.0.cmp(a.0))
                })
                .map_or_else(String::new, |(f, _)| (*f).to_string())
        }
    };
    let mut aliases: Vec<String> = forms
        .keys()
        .filter(|f| **f != name)
        .map(|f| (*f).to_string())
        .collect();
    aliases.sort();
    let mut role_count: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for r in &g.roles {
        let e = role_count.entry(role_key(r)).or_insert((0, r.clone()));
        e.0 += 1;
    }
    let mut roles: Vec<(usize, String)> = role_count.into_values().collect();
    roles.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut mentions: Vec<Mention> = g.items.iter().map(|&i| items[i].mention.clone()).collect();
    let order: HashMap<&str, usize> = story
        .iter()
        .enumerate()
        .map(|(n, (a, _))| (a.id.as_str(), n))
        .collect();
    mentions.sort_by_key(|m| {
        (
            order.get(m.article.as_str()).copied(),
            m.span.start,
            m.span.end,
        )
    });
    let sources: BTreeSet<String> = g
        .items
        .iter()
        .filter_map(|&i| story[items[i].article].0.source.clone())
        .collect();
    Entity {
        id: format!("e-{:016x}", model::stable_hash(name.as_bytes())),
        name,
        kind: g.kind,
        aliases,
        roles: roles.into_iter().map(|r| r.1).collect(),
        mentions,
        sources: sources.into_iter().collect(),
    }
}

/// Roles held by exactly one person, by key.
fn unique_roles(entities: &[Entity]) -> HashMap<String, usize> {
    let mut holders: HashMap<String, BTreeSet<usize>> = HashMap::default();
    for (n, e) in entities.iter().enumerate() {
        if e.kind != EntityType::Person {
            continue;
        }
        for r in &e.roles {
            holders.entry(role_key(r)).or_default().insert(n);
        }
    }
    holders
        .into_iter()
        .filter(|(_, h)| h.len() == 1)
        .filter_map(|(k, h)| h.first().map(|&n| (k, n)))
        .collect()
}

/// "the Kremlin spokesman" alone: a mention of the one person who holds that role.
fn add_role_mentions<'t>(
    entities: &mut [Entity],
    story: &[(&Article, &Annotations)],
    bodies: &[String],
    toks_of: &dyn Fn(usize) -> &'t [Tok],
) {
    let roles = unique_roles(entities);
    if roles.is_empty() {
        return;
    }
    let longest = roles
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(0);
    // A key's last word, for a quick reject before making a phrase's whole key.
    let last_words: HashSet<&str> = roles
        .keys()
        .map(|k| k.rsplit(' ').next().unwrap_or(""))
        .collect();
    let mut word = String::new();
    for (ai, (article, _)) in story.iter().enumerate() {
        let body = &bodies[ai];
        let t = toks_of(ai);
        for k in 0..t.len() {
            if !t[k].text(body).eq_ignore_ascii_case("the") {
                continue;
            }
            // Words after "the", longest role first.
            for len in (1..=longest).rev() {
                let e = k + 1 + len;
                if e > t.len() || !(k + 1..e).all(|x| t[x].word) {
                    continue;
                }
                let span = Span::new(t[k + 1].start, t[e - 1].end);
                let phrase = span.slice(body);
                let last = phrase.rsplit(char::is_whitespace).next().unwrap_or("");
                if !last_words.contains(role_word(last, &mut word)) {
                    continue;
                }
                let Some(&who) = roles.get(&role_key(phrase)) else {
                    continue;
                };
                // "the Kremlin spokesman Dmitry Peskov" is already a name mention.
                if t.get(e)
                    .is_some_and(|n| n.word && n.text(body).starts_with(char::is_uppercase))
                {
                    break;
                }
                let m = Mention {
                    article: article.id.clone(),
                    span,
                    text: span.slice(body).to_string(),
                    kind: EntityType::Person,
                };
                let ent = &mut entities[who];
                if !ent
                    .mentions
                    .iter()
                    .any(|x| x.article == m.article && x.span == m.span)
                {
                    ent.mentions.push(m);
                    if let Some(src) = &article.source {
                        if !ent.sources.contains(src) {
                            ent.sources.push(src.clone());
                            ent.sources.sort();
                        }
                    }
                }
                break;
            }
        }
    }
    let order: HashMap<&str, usize> = story
        .iter()
        .enumerate()
        .map(|(n, (a, _))| (a.id.as_str(), n))
        .collect();
    for e in entities.iter_mut() {
        e.mentions.sort_by_key(|m| {
            (
                order.get(m.article.as_str()).copied(),
                m.span.start,
                m.span.end,
            )
        });
    }
}

/// Links quotes to entities: by the speaker's span first, then by name, surname or role.
pub(crate) fn link_speakers(quotes: &mut [Quote], entities: &[Entity]) {
    let roles = unique_roles(entities);
    // Mentions by article, grouped by entity in entity order.
    let mut by_article: HashMap<&str, Vec<(Span, usize)>> = HashMap::default();
    for (n, e) in entities.iter().enumerate() {
        for m in &e.mentions {
            by_article
                .entry(m.article.as_str())
                .or_default()
                .push((m.span, n));
        }
    }
    // Names and aliases in lower case, and person surnames, once for all quotes.
    let forms: Vec<Vec<String>> = entities
        .iter()
        .map(|e| {
            std::iter::once(&e.name)
                .chain(e.aliases.iter())
                .map(|f| f.to_lowercase())
                .collect()
        })
        .collect();
    let surnames: Vec<Option<String>> = entities
        .iter()
        .map(|e| (e.kind == EntityType::Person).then(|| name_parts(&e.name).1))
        .collect();
    for q in quotes.iter_mut() {
        let by_span = q.speaker_span.and_then(|ss| {
            let list = by_article.get(q.article.as_str())?;
            // Per entity, its longest mention overlapping the speaker; then the best entity.
            let mut best: Option<(u8, std::cmp::Reverse<usize>, usize)> = None;
            let mut k = 0;
            while k < list.len() {
                let n = list[k].1;
                let mut longest: Option<usize> = None;
                while k < list.len() && list[k].1 == n {
                    if list[k].0.overlaps(ss) {
                        longest = longest.max(Some(list[k].0.len()));
                    }
                    k += 1;
                }
                if let Some(len) = longest {
                    let cand = (kind_rank(entities[n].kind), std::cmp::Reverse(len), n);
                    if best.is_none_or(|b| cand < b) {
                        best = Some(cand);
                    }
                }
            }
            best.map(|x| x.2)
        });
        let found = by_span.or_else(|| {
            q.speaker
                .as_deref()
                .and_then(|s| match_speaker(s, entities, &forms, &surnames, &roles))
        });
        if let Some(n) = found {
            q.speaker_entity = Some(entities[n].id.clone());
            q.speaker = Some(entities[n].name.clone());
        }
    }
}

/// The entity a speaker's name points to. `forms` are each entity's name and aliases in lower
/// case, `surnames` each person's surname.
fn match_speaker(
    speaker: &str,
    entities: &[Entity],
    forms: &[Vec<String>],
    surnames: &[Option<String>],
    roles: &HashMap<String, usize>,
) -> Option<usize> {
    let s = clean_name(&text::fold(speaker));
    let lower = s.to_lowercase();
    if lower.is_empty() {
        return None;
    }
    // A name or alias the speaker ends with, longest first ("Kremlin spokesman Dmitry Peskov").
    let mut best: Option<(usize, usize, usize)> = None; // (len, rank, entity)
    for (n, e) in entities.iter().enumerate() {
        for f in &forms[n] {
            let ends = lower == *f
                || (lower.ends_with(f.as_str()) && lower[..lower.len() - f.len()].ends_with(' '));
            if ends {
                let cand = (f.len(), usize::from(e.kind != EntityType::Person), n);
                if best.is_none_or(|b| cand.0 > b.0 || (cand.0 == b.0 && cand.1 < b.1)) {
                    best = Some(cand);
                }
            }
        }
    }
    if let Some(b) = best {
        return Some(b.2);
    }
    // The surname of the most mentioned person that has it.
    let last = lower.split_whitespace().last().unwrap_or("");
    let by_surname = surnames
        .iter()
        .position(|s| s.as_deref() == Some(last) && last.len() > 1);
    if by_surname.is_some() {
        return by_surname;
    }
    roles.get(&role_key(&s)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_variants() {
        assert!(same_person("Dmitry Peskov", "Dmitri S. Peskov"));
        assert!(same_person("Volodymyr Zelensky", "Volodymyr Zelenskyy"));
        assert!(!same_person("Donald Trump", "Melania Trump"));
        assert!(!same_person("Dmitry Peskov", "Dmitry Medvedev"));
    }

    #[test]
    fn role_keys_fold_synonyms() {
        assert_eq!(
            role_key("Kremlin spokesperson"),
            role_key("the kremlin Spokesman").replace("the ", "")
        );
        assert_eq!(role_key("U.S. special envoy"), "us special envoy");
        assert_eq!(
            role_key("  Defence  Minister’s ADVISOR "),
            "defense ministers adviser"
        );
        assert_eq!(role_key("ΥΠΟΥΡΓΟΣ Άμυνας"), "υπουργος άμυνας");
        assert_eq!(role_key(""), "");
        assert_eq!(role_key(". spokesman"), " spokesperson");
    }

    #[test]
    fn clean_names() {
        for (raw, clean) in [
            ("Putin's", "Putin"),
            (" the  Kremlin ", "Kremlin"),
            ("The Hague", "Hague"),
            ("Dmitry\u{a0}Peskov", "Dmitry Peskov"),
            ("Dmitry Peskov", "Dmitry Peskov"),
            ("the ", "the"),
            ("", ""),
        ] {
            assert_eq!(clean_name(raw), clean, "{raw:?}");
        }
    }
}
