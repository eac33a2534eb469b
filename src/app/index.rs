//! The search index is built by the event loop, not by `AppState`: the state queues an
//! `IndexJob` (after the first frame, and again when a refresh changes the library),
//! the loop runs it on a thread of its own and hands the `IndexReady` back as a
//! message. Until then filters walk the articles, with the same results.

use std::sync::Arc;

use crate::model::Library;
use crate::query::SearchIndex;

/// How the reader gets the search index of a library (the default builds it; the
/// reader loads a saved one when it is for the same library).
pub type IndexMaker = Arc<dyn Fn(&Library) -> SearchIndex + Send + Sync>;

/// Everything needed to make the index of one library, owned, so that it can run on
/// another thread.
pub struct IndexJob {
    pub lib: Arc<Library>,
    /// `None`: built from scratch.
    pub make: Option<IndexMaker>,
    /// Which build this is: only the latest one's index is taken.
    pub generation: u64,
}

/// A finished `IndexJob`.
#[derive(Debug)]
pub struct IndexReady {
    pub index: SearchIndex,
    pub generation: u64,
}

impl IndexJob {
    /// Makes the index (on whatever thread calls it; the maker may read and write
    /// a saved index).
    pub fn run(self) -> IndexReady {
        let index = match &self.make {
            Some(f) => f(&self.lib),
            None => SearchIndex::build(&self.lib),
        };
        IndexReady {
            index,
            generation: self.generation,
        }
    }
}

impl std::fmt::Debug for IndexJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexJob")
            .field("articles", &self.lib.articles.len())
            .field("make", &self.make.as_ref().map(|_| "custom"))
            .field("generation", &self.generation)
            .finish()
    }
}
