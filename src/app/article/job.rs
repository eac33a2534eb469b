//! Articles whose body is not at hand are rendered by the event loop, not by `update`.
//! A stored body (in a folder snapshot or the feed cache) has to be read, which is IO:
//! the loop runs its `Job` before it draws, so the body is on screen in the same frame.
//! Big articles are rendered off the input thread: `bound` caps the work, but a 2 MB
//! body still takes about a second in html2text, and keys must not wait for it: the
//! pane shows the header and a placeholder line while the `Job` runs on a thread of its
//! own, and the result is kept in a small `Cache` per (article, width, tags), so going
//! back to an article or resizing back does not render it again.

use std::borrow::Cow;
use std::collections::VecDeque;

use super::{Pane, Rendered, render};
use crate::model::{Article, Html, Source, Tag};

/// HTML bodies larger than this are rendered in the background; smaller ones take a
/// few milliseconds and are rendered at once.
pub const IN_BACKGROUND: usize = 64 * 1024;

/// What the pane says first when a stored body cannot be read back.
pub const UNREADABLE: &str = "The formatted body could not be read";

/// What the pane says when a stored plain body (with no HTML) cannot be read back.
pub const UNREADABLE_TEXT: &str = "The text could not be read";

/// What the placeholder says while a job runs.
pub const PLACEHOLDER: &str = "Rendering the article…";

/// Everything `render` needs, owned, so that it can run on another thread; the body
/// may still be stored (`run` reads it).
#[derive(Debug)]
pub struct Job {
    pub index: usize,
    pub article: Article,
    pub tags: Vec<Tag>,
    pub source: Option<Source>,
    pub pane: Pane,
}

/// A finished job: the lines, and the tags they show (part of the cache key).
#[derive(Debug)]
pub struct Done {
    pub rendered: Rendered,
    pub tags: Vec<Tag>,
    /// Worth keeping in the `Cache`: a big body (rendered in the background).
    pub keep: bool,
}

impl Job {
    /// Whether the body needs the loop: stored (to be read) or big (to be rendered in
    /// the background). Anything else `update` renders at once.
    pub fn needed(article: &Article) -> bool {
        let stored_text = article.html.is_none() && !article.body.is_owned();
        stored_text
            || article
                .html
                .as_ref()
                .is_some_and(|h| !h.is_owned() || h.len() > IN_BACKGROUND)
    }

    /// Whether the body is big enough to be rendered on a thread of its own (as
    /// stored: a text in the feed cache counts as small).
    pub fn in_background(&self) -> bool {
        self.article
            .html
            .as_ref()
            .is_some_and(|h| h.len() > IN_BACKGROUND)
    }

    /// Reads a stored body and renders the article (on whatever thread calls it). An
    /// HTML body that cannot be read back (its feed file changed or is gone) is shown
    /// as the plain body, after a line that says why (the line alone when the plain
    /// body cannot be read either).
    pub fn run(mut self) -> Done {
        let keep = self.in_background();
        let html = match &self.article.html {
            Some(html @ Html::Stored(_)) => Some(html.try_text().map(Cow::into_owned)),
            _ => None,
        };
        match html {
            Some(Ok(html)) => self.article.html = Some(Html::Owned(html)),
            Some(Err(e)) => {
                self.article.html = None;
                self.article.body = match self.article.body.try_text() {
                    Ok(plain) => format!(
                        "[{UNREADABLE} ({e}). Its plain text as read then follows.]\n\n{plain}"
                    ),
                    Err(_) => format!("[{UNREADABLE} ({e}).]"),
                }
                .into();
            }
            // Shown when there is no HTML: read it here, not while drawing.
            None if !self.article.body.is_owned() => {
                self.article.body = self
                    .article
                    .body
                    .try_text()
                    .map_or_else(|e| format!("[{UNREADABLE_TEXT} ({e}).]"), Cow::into_owned)
                    .into();
            }
            None => {}
        }
        let rendered = render(
            self.index,
            &self.article,
            &self.tags,
            self.source.as_ref(),
            &self.pane,
        );
        Done {
            rendered,
            tags: self.tags,
            keep,
        }
    }

    /// What the pane shows until the job is done: the header, then a line saying
    /// the body is coming.
    pub fn placeholder(&self) -> Rendered {
        let light = Article {
            html: None,
            body: PLACEHOLDER.into(),
            enclosures: Vec::new(),
            ..self.article.clone()
        };
        render(
            self.index,
            &light,
            &self.tags,
            self.source.as_ref(),
            &self.pane,
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
