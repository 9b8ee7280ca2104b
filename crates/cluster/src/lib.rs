//! Online story clustering. (Being written: see issues 2 and 4.)

use model::Article;

#[derive(Debug, Clone, Default)]
pub struct Config {}

/// Online clusterer: feed articles in arrival order; each joins a story or starts one.
#[derive(Debug, Default)]
pub struct Clusterer {
    n: usize,
}

impl Clusterer {
    pub fn new(_config: Config) -> Clusterer {
        Clusterer::default()
    }
    /// Adds `article`; returns the index (in creation order) of the story it joined.
    pub fn add(&mut self, _article: &Article) -> usize {
        self.n += 1;
        self.n - 1
    }
}
