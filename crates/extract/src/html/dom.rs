//! A flat, depth-bounded tree built straight from html5ever: the parser feeds a small arena
//! (`Sink`, an html5ever `TreeSink` keeping only elements, text and the attributes the
//! extractor reads), which is then laid out in pre-order. The passes of the HTML extractor
//! walk plain vectors instead of pointer trees, and never recurse.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{local_name, ns, Attribute, QualName};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// Elements deeper than this are flattened into their ancestor at this depth: their text is
/// kept, their structure is not.
pub const MAX_DEPTH: usize = 256;

/// One node of the flat tree. Children of node `i` are the nodes with `parent == i`, stored
/// after `i` in document order (pre-order), so subtree `i` is `i..end[i]`.
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: usize,
    /// One past the last node of this subtree.
    pub end: usize,
    pub depth: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// Lower-case tag name and the attributes the extractor reads.
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, Default)]
pub struct Element {
    pub tag: String,
    /// `class` and `id` together, lower-cased.
    pub hints: String,
    pub attrs: Vec<(String, String)>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The flat tree; node 0 is the document.
pub struct Dom {
    pub nodes: Vec<Node>,
}

/// Attributes kept on elements (the rest are dropped to save memory).
pub const KEPT_ATTRS: &[&str] = &[
    "lang",
    "name",
    "property",
    "content",
    "itemprop",
    "datetime",
    "type",
    "rel",
    "href",
    "hidden",
    "style",
    "aria-hidden",
    "role",
    "charset",
    "http-equiv",
    "pubdate",
    "title",
];

impl Dom {
    pub fn parse(html: &str) -> Dom {
        let sink = html5ever::parse_document(Sink::default(), Default::default()).one(html);
        sink.into_inner().flatten()
    }

    pub fn element(&self, i: usize) -> Option<&Element> {
        match &self.nodes[i].kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    pub fn tag(&self, i: usize) -> &str {
        self.element(i).map_or("", |e| e.tag.as_str())
    }

    /// Indices of the elements named `tag`, in document order.
    pub fn find<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.nodes.len()).filter(move |&i| self.tag(i) == tag)
    }

    /// The text of subtree `i`, whitespace collapsed.
    pub fn text(&self, i: usize) -> String {
        let mut out = String::new();
        for n in &self.nodes[i..self.nodes[i].end] {
            if let Kind::Text(t) = &n.kind {
                out.push_str(t);
                out.push(' ');
            }
        }
        squash(&out)
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// No node (a missing link in the arena).
const NONE: usize = usize::MAX;

/// What an arena node holds. Comments, doctypes, processing instructions and template
/// contents are `Other`: they take part in the tree building but never reach the flat tree.
#[derive(Debug)]
enum Data {
    Document,
    Element {
        name: QualName,
        /// `class`, then `id` (values, in that order, when present).
        class: Option<String>,
        id: Option<String>,
        attrs: Vec<(String, String)>,
    },
    Text(String),
    Other,
}

#[derive(Debug)]
struct ANode {
    parent: usize,
    first: usize,
    last: usize,
    prev: usize,
    next: usize,
    data: Data,
}

/// The arena html5ever builds into; node 0 is the document.
#[derive(Debug)]
struct Arena {
    nodes: Vec<ANode>,
    /// The name `elem_name` answers for nodes that are not elements (never asked in practice).
    no_name: QualName,
}

impl Arena {
    fn push(&mut self, data: Data) -> usize {
        self.nodes.push(ANode {
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            data,
        });
        self.nodes.len() - 1
    }

    fn detach(&mut self, i: usize) {
        let (parent, prev, next) = {
            let n = &self.nodes[i];
            (n.parent, n.prev, n.next)
        };
        if parent == NONE {
            return;
        }
        if prev == NONE {
            self.nodes[parent].first = next;
        } else {
            self.nodes[prev].next = next;
        }
        if next == NONE {
            self.nodes[parent].last = prev;
        } else {
            self.nodes[next].prev = prev;
        }
        let n = &mut self.nodes[i];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    fn append_node(&mut self, parent: usize, child: usize) {
        self.detach(child);
        let last = self.nodes[parent].last;
        {
            let c = &mut self.nodes[child];
            c.parent = parent;
            c.prev = last;
        }
        if last == NONE {
            self.nodes[parent].first = child;
        } else {
            self.nodes[last].next = child;
        }
        self.nodes[parent].last = child;
    }

    fn insert_before(&mut self, sibling: usize, child: usize) {
        self.detach(child);
        let (parent, prev) = (self.nodes[sibling].parent, self.nodes[sibling].prev);
        {
            let c = &mut self.nodes[child];
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        }
        self.nodes[sibling].prev = child;
        if prev == NONE {
            self.nodes[parent].first = child;
        } else {
            self.nodes[prev].next = child;
        }
    }

    /// Appends text to the text node `i` when it is one.
    fn merge_text(&mut self, i: usize, text: &str) -> bool {
        if i == NONE {
            return false;
        }
        match &mut self.nodes[i].data {
            Data::Text(t) => {
                t.push_str(text);
                true
            }
            _ => false,
        }
    }

    /// Lays the arena out in pre-order: adjacent text siblings merged, elements deeper than
    /// [`MAX_DEPTH`] flattened into their ancestor, everything but elements and text dropped.
    fn flatten(mut self) -> Dom {
        let mut nodes: Vec<Node> = vec![Node {
            parent: 0,
            end: 1,
            depth: 0,
            kind: Kind::Element(Element {
                tag: "#document".into(),
                ..Element::default()
            }),
        }];
        // Iterative pre-order walk: (arena node, parent index in `nodes`).
        let mut stack = Vec::new();
        self.push_children(0, 0, &mut stack);
        // Close subtrees: `open` holds indices whose `end` is still to be set.
        let mut open: Vec<usize> = vec![0];
        while let Some((a, parent)) = stack.pop() {
            // Close every open node that is not an ancestor of `parent`.
            while let Some(&top) = open.last() {
                if top == parent {
                    break;
                }
                nodes[top].end = nodes.len();
                open.pop();
            }
            let depth = nodes[parent].depth + 1;
            match std::mem::replace(&mut self.nodes[a].data, Data::Other) {
                Data::Text(s) => {
                    if !s.is_empty() {
                        // Merge with a preceding text sibling.
                        let last_idx = nodes.len() - 1;
                        if let Some(last) = nodes.last_mut() {
                            if last.parent == parent && last_idx != parent {
                                if let Kind::Text(prev) = &mut last.kind {
                                    prev.push_str(&s);
                                    continue;
                                }
                            }
                        }
                        nodes.push(Node {
                            parent,
                            end: nodes.len() + 1,
                            depth,
                            kind: Kind::Text(s),
                        });
                    }
                }
                Data::Element {
                    name,
                    class,
                    id,
                    attrs,
                } => {
                    if depth > MAX_DEPTH {
                        // Flatten: the children go to `parent` directly.
                        self.push_children(a, parent, &mut stack);
                        continue;
                    }
                    let mut hints = String::new();
                    for v in [class, id].into_iter().flatten() {
                        hints.push_str(&v.to_lowercase());
                        hints.push(' ');
                    }
                    let idx = nodes.len();
                    nodes.push(Node {
                        parent,
                        end: idx + 1,
                        depth,
                        kind: Kind::Element(Element {
                            tag: name.local.as_ref().to_ascii_lowercase(),
                            hints,
                            attrs,
                        }),
                    });
                    open.push(idx);
                    self.push_children(a, idx, &mut stack);
                }
                Data::Document | Data::Other => {}
            }
        }
        let len = nodes.len();
        for i in open {
            nodes[i].end = len;
        }
        Dom { nodes }
    }

    /// Pushes the children of arena node `a` on `stack` (last child first, so they pop in
    /// document order), each with `parent` as its flat parent.
    fn push_children(&self, a: usize, parent: usize, stack: &mut Vec<(usize, usize)>) {
        let mut c = self.nodes[a].last;
        while c != NONE {
            stack.push((c, parent));
            c = self.nodes[c].prev;
        }
    }
}

/// The html5ever tree sink: an arena behind a `RefCell` (html5ever calls the sink through
/// shared references).
#[derive(Debug)]
struct Sink {
    arena: RefCell<Arena>,
}

impl Default for Sink {
    fn default() -> Self {
        let mut arena = Arena {
            nodes: Vec::with_capacity(1024),
            no_name: QualName::new(None, ns!(), local_name!("")),
        };
        arena.push(Data::Document);
        Sink {
            arena: RefCell::new(arena),
        }
    }
}

impl Sink {
    fn into_inner(self) -> Arena {
        self.arena.into_inner()
    }
}

/// Whether an attribute is one of [`KEPT_ATTRS`] (a `match`: a length switch, not a scan).
fn kept_attr(name: &str) -> bool {
    let kept = matches!(
        name,
        "lang"
            | "name"
            | "property"
            | "content"
            | "itemprop"
            | "datetime"
            | "type"
            | "rel"
            | "href"
            | "hidden"
            | "style"
            | "aria-hidden"
            | "role"
            | "charset"
            | "http-equiv"
            | "pubdate"
            | "title"
    );
    debug_assert_eq!(kept, KEPT_ATTRS.contains(&name));
    kept
}

/// Splits html5ever attributes into class, id and the kept ones. Only attributes without a
/// namespace count as class and id; every kept name counts whatever its namespace.
fn split_attrs(
    attrs: Vec<Attribute>,
    class: &mut Option<String>,
    id: &mut Option<String>,
    kept: &mut Vec<(String, String)>,
) {
    for a in attrs {
        let plain = a.name.ns == ns!();
        match a.name.local {
            local_name!("class") if plain => {
                if class.is_none() {
                    *class = Some(a.value.to_string());
                }
            }
            local_name!("id") if plain => {
                if id.is_none() {
                    *id = Some(a.value.to_string());
                }
            }
            ref local if kept_attr(local) => {
                kept.push((local.to_string(), a.value.to_string()));
            }
            _ => {}
        }
    }
}

impl TreeSink for Sink {
    type Handle = usize;
    type Output = Sink;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Sink {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.arena.borrow(), |a| match &a.nodes[*target].data {
            Data::Element { name, .. } => name,
            _ => &a.no_name,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> usize {
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        let (mut class, mut id, mut kept) = (None, None, Vec::new());
        split_attrs(attrs, &mut class, &mut id, &mut kept);
        let mut a = self.arena.borrow_mut();
        let e = a.push(Data::Element {
            name,
            class,
            id,
            attrs: kept,
        });
        if template {
            // The template contents: a fragment under the element, left out of the flat tree.
            let f = a.push(Data::Other);
            a.append_node(e, f);
        }
        e
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.arena.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.arena.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let mut a = self.arena.borrow_mut();
        match child {
            NodeOrText::AppendNode(c) => a.append_node(*parent, c),
            NodeOrText::AppendText(t) => {
                let last = a.nodes[*parent].last;
                if !a.merge_text(last, &t) {
                    let c = a.push(Data::Text(t.to_string()));
                    a.append_node(*parent, c);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        let has_parent = self.arena.borrow().nodes[*element].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut a = self.arena.borrow_mut();
        let d = a.push(Data::Other);
        a.append_node(0, d);
    }

    fn get_template_contents(&self, target: &usize) -> usize {
        let a = self.arena.borrow();
        let f = a.nodes[*target].first;
        if f == NONE {
            *target
        } else {
            f
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        let mut a = self.arena.borrow_mut();
        if let NodeOrText::AppendNode(c) = new_node {
            a.detach(c);
        }
        if a.nodes[*sibling].parent == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(c) => a.insert_before(*sibling, c),
            NodeOrText::AppendText(t) => {
                let prev = a.nodes[*sibling].prev;
                if !a.merge_text(prev, &t) {
                    let c = a.push(Data::Text(t.to_string()));
                    a.insert_before(*sibling, c);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        let mut a = self.arena.borrow_mut();
        if let Data::Element {
            class,
            id,
            attrs: kept,
            ..
        } = &mut a.nodes[*target].data
        {
            let mut more = Vec::new();
            split_attrs(attrs, class, id, &mut more);
            for (k, v) in more {
                if !kept.iter().any(|(n, _)| *n == k) {
                    kept.push((k, v));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.arena.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut a = self.arena.borrow_mut();
        let mut c = a.nodes[*node].first;
        while c != NONE {
            let next = a.nodes[c].next;
            a.append_node(*new_parent, c);
            c = next;
        }
    }
}
