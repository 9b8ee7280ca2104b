//! An in-process cache of answers built from stored records (a story's JSON, its rendered
//! page), bounded in bytes and dropped whole whenever the store's generation moves.
//!
//! Never stale: a caller asks the store for its [`store::Store::generation`] *before* reading
//! the records an answer is built from, and passes it to both [`Cache::get`] and
//! [`Cache::put`]. An answer is only kept if no newer generation has been seen in between,
//! and a lookup with a newer generation empties the cache first. So an answer served from
//! here was built from records at least as new as the store was when the request came in.

use axum::body::Bytes;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// What kind of answer an entry holds (a story's JSON and its page share the id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    StoryJson,
    StoryPage,
}

type Key = (Kind, String);

/// A byte-bounded cache; oldest entries go first when full.
pub struct Cache {
    budget: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    bytes: usize,
    map: HashMap<Key, Bytes>,
    /// Keys in insertion order, for eviction.
    order: VecDeque<Key>,
}

impl Inner {
    /// Moves to `generation` if it is newer (emptying the cache); false if it is older.
    fn catch_up(&mut self, generation: u64) -> bool {
        if generation > self.generation {
            self.generation = generation;
            self.map.clear();
            self.order.clear();
            self.bytes = 0;
        }
        generation == self.generation
    }
}

impl Cache {
    /// A cache holding at most `budget` bytes of answers (0 disables it).
    pub fn new(budget: usize) -> Cache {
        Cache {
            budget,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer kept for `id`, if it was built at `generation` (or later).
    pub fn get(&self, generation: u64, kind: Kind, id: &str) -> Option<Bytes> {
        if self.budget == 0 {
            return None;
        }
        let mut inner = self.lock();
        if !inner.catch_up(generation) {
            return None;
        }
        inner.map.get(&(kind, id.to_string())).cloned()
    }

    /// Keeps an answer built from records read after the store reported `generation`.
    pub fn put(&self, generation: u64, kind: Kind, id: &str, answer: Bytes) {
        if self.budget == 0 || answer.len() > self.budget {
            return;
        }
        let mut inner = self.lock();
        if !inner.catch_up(generation) {
            return;
        }
        let key = (kind, id.to_string());
        let len = answer.len();
        match inner.map.insert(key.clone(), answer) {
            Some(old) => inner.bytes -= old.len(),
            None => inner.order.push_back(key),
        }
        inner.bytes += len;
        while inner.bytes > self.budget {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(gone) = inner.map.remove(&oldest) {
                inner.bytes -= gone.len();
            }
        }
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Bytes {
        Bytes::copy_from_slice(s.as_bytes())
    }

    #[test]
    fn a_newer_generation_empties_it_and_an_older_one_neither_reads_nor_writes() {
        let c = Cache::new(100);
        c.put(1, Kind::StoryJson, "s-1", b("one"));
        assert_eq!(c.get(1, Kind::StoryJson, "s-1"), Some(b("one")));
        assert_eq!(c.get(1, Kind::StoryPage, "s-1"), None);
        // A commit landed: what was kept is gone.
        assert_eq!(c.get(2, Kind::StoryJson, "s-1"), None);
        // An answer read before the commit (at generation 1) is not kept.
        c.put(1, Kind::StoryJson, "s-1", b("old"));
        assert_eq!(c.get(2, Kind::StoryJson, "s-1"), None);
        // Nor served to a request that started before the commit either.
        c.put(2, Kind::StoryJson, "s-1", b("new"));
        assert_eq!(c.get(1, Kind::StoryJson, "s-1"), None);
        assert_eq!(c.get(2, Kind::StoryJson, "s-1"), Some(b("new")));
    }

    #[test]
    fn the_budget_holds_and_the_oldest_goes_first() {
        let c = Cache::new(10);
        c.put(0, Kind::StoryJson, "a", b("aaaa"));
        c.put(0, Kind::StoryJson, "b", b("bbbb"));
        c.put(0, Kind::StoryJson, "c", b("cccc"));
        assert_eq!(c.bytes(), 8);
        assert_eq!(c.get(0, Kind::StoryJson, "a"), None);
        assert_eq!(c.get(0, Kind::StoryJson, "c"), Some(b("cccc")));
        // Replacing an entry counts its new size only.
        c.put(0, Kind::StoryJson, "c", b("cc"));
        assert_eq!(c.bytes(), 6);
        // Too big for the budget: not kept, nothing evicted.
        c.put(0, Kind::StoryPage, "d", b("dddddddddddd"));
        assert_eq!(c.bytes(), 6);
        let off = Cache::new(0);
        off.put(0, Kind::StoryJson, "a", b(""));
        assert_eq!(off.get(0, Kind::StoryJson, "a"), None);
    }
}
