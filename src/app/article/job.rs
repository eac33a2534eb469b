//! Big articles are rendered off the input thread. `bound` caps the work, but a 2 MB
//! body still takes about a second in html2text, and keys must not wait for it: the
//! pane shows the header and a placeholder line while a `Job` runs on a thread of its
//! own, and the result is kept in a small `Cache` per (article, width, tags), so going
//! back to an article or resizing back does not render it again.

use std::collections::VecDeque;

use super::{Rendered, render};
use crate::model::{Article, Source, Tag};
use crate::zone::Zone;

/// HTML bodies larger than this are rendered in the background; smaller ones take a
/// few milliseconds and are rendered at once.
pub const IN_BACKGROUND: usize = 64 * 1024;

/// What the placeholder says while a job runs.
pub const PLACEHOLDER: &str = "Rendering the article…";

/// Everything `render` needs, owned, so that it can run on another thread.
#[derive(Debug)]
pub struct Job {
    pub index: usize,
    pub article: Article,
    pub tags: Vec<Tag>,
    pub source: Option<Source>,
    pub zone: Zone,
    pub width: u16,
    pub max_width: u16,
}

/// A finished job: the lines, and the tags they show (part of the cache key).
#[derive(Debug)]
pub struct Done {
    pub rendered: Rendered,
    pub tags: Vec<Tag>,
}

impl Job {
    /// Renders the article (on whatever thread calls it).
    pub fn run(self) -> Done {
        let rendered = render(
            self.index,
            &self.article,
            &self.tags,
            self.source.as_ref(),
            self.zone,
            self.width,
            self.max_width,
        );
        Done {
            rendered,
            tags: self.tags,
        }
    }

    /// What the pane shows until the job is done: the header, then a line saying
    /// the body is coming.
    pub fn placeholder(&self) -> Rendered {
        let light = Article {
            html: None,
            body: PLACEHOLDER.to_string(),
            enclosures: Vec::new(),
            ..self.article.clone()
        };
        render(
            self.index,
            &light,
            &self.tags,
            self.source.as_ref(),
            self.zone,
            self.width,
            self.max_width,
        )
    }
}

/// The last few big articles rendered, newest last.
#[derive(Debug, Default)]
pub struct Cache {
    entries: VecDeque<Done>,
}

/// How many rendered big articles are kept.
const KEPT: usize = 8;

impl Cache {
    /// The lines of article `index` at `width` with `tags`, if rendered before.
    pub fn get(&self, index: usize, width: u16, tags: &[Tag]) -> Option<Rendered> {
        self.entries
            .iter()
            .find(|d| {
                d.rendered.article == Some(index) && d.rendered.width == width && d.tags == tags
            })
            .map(|d| d.rendered.clone())
    }

    pub fn put(&mut self, done: Done) {
        if self.entries.len() == KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back(done);
    }

    /// Forgets everything (the library changed: indices mean other articles).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
