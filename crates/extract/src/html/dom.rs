//! A flat, depth-bounded copy of an html5ever (`scraper`) tree: the passes of the HTML
//! extractor walk plain vectors instead of pointer trees, and never recurse.

use scraper::{Html, Node as SNode};

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
const KEPT_ATTRS: &[&str] = &[
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
        let doc = Html::parse_document(html);
        let mut nodes: Vec<Node> = vec![Node {
            parent: 0,
            end: 1,
            depth: 0,
            kind: Kind::Element(Element {
                tag: "#document".into(),
                ..Element::default()
            }),
        }];
        // Iterative pre-order walk: (scraper node, parent index in `nodes`).
        let root = doc.tree.root();
        let mut stack = Vec::new();
        for c in root.children().collect::<Vec<_>>().into_iter().rev() {
            stack.push((c, 0));
        }
        // Close subtrees: `open` holds indices whose `end` is still to be set.
        let mut open: Vec<usize> = vec![0];
        while let Some((n, parent)) = stack.pop() {
            // Close every open node that is not an ancestor of `parent`.
            while let Some(&top) = open.last() {
                if top == parent {
                    break;
                }
                nodes[top].end = nodes.len();
                open.pop();
            }
            let depth = nodes[parent].depth + 1;
            match n.value() {
                SNode::Text(t) => {
                    let s: &str = t;
                    if !s.is_empty() {
                        // Merge with a preceding text sibling.
                        let last_idx = nodes.len() - 1;
                        if let Some(last) = nodes.last_mut() {
                            if last.parent == parent && last_idx != parent {
                                if let Kind::Text(prev) = &mut last.kind {
                                    prev.push_str(s);
                                    continue;
                                }
                            }
                        }
                        nodes.push(Node {
                            parent,
                            end: nodes.len() + 1,
                            depth,
                            kind: Kind::Text(s.to_string()),
                        });
                    }
                }
                SNode::Element(e) => {
                    let name = e.name().to_ascii_lowercase();
                    let kids: Vec<_> = n.children().collect();
                    if depth > MAX_DEPTH {
                        // Flatten: the children go to `parent` directly.
                        for c in kids.into_iter().rev() {
                            stack.push((c, parent));
                        }
                        continue;
                    }
                    let mut hints = String::new();
                    for k in ["class", "id"] {
                        if let Some(v) = e.attr(k) {
                            hints.push_str(&v.to_lowercase());
                            hints.push(' ');
                        }
                    }
                    let attrs = e
                        .attrs()
                        .filter(|(k, _)| KEPT_ATTRS.contains(k))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect();
                    let idx = nodes.len();
                    nodes.push(Node {
                        parent,
                        end: idx + 1,
                        depth,
                        kind: Kind::Element(Element {
                            tag: name,
                            hints,
                            attrs,
                        }),
                    });
                    open.push(idx);
                    for c in kids.into_iter().rev() {
                        stack.push((c, idx));
                    }
                }
                _ => {}
            }
        }
        let len = nodes.len();
        for i in open {
            nodes[i].end = len;
        }
        Dom { nodes }
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
