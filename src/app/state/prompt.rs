//! The bottom prompt while it is open (the filter, tags to add, a yes/no, a view's
//! name, a link's number) and the error in the filter being typed.

use tui_input::Input;

use crate::marks::Change;
use crate::query::{ParseError, Query};

/// What the bottom prompt is asking for.
#[derive(Debug, Clone)]
pub enum PromptKind {
    /// The filter; Esc goes back to `previous`.
    Filter { previous: Query },
    /// Tags to add to an article (index into `lib.articles`); `completing`: the word
    /// as typed and the candidate Tab showed last, while Tab cycles through them.
    AddTags {
        article: usize,
        completing: Option<(String, usize)>,
    },
    /// A yes/no question before a change.
    Confirm { question: String, step: Vec<Change> },
    /// The name to save the current filter under, as a view.
    ViewName,
    /// Which link to open: Enter the article's own `link`, a number one of the
    /// body's numbered `links` (`[n]` is `links[n - 1]`), as they were when asked.
    OpenLink {
        link: Option<String>,
        links: Vec<String>,
    },
}

/// The prompt while it is open.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub input: Input,
    pub kind: PromptKind,
}

/// The prompt line: the prompt, if open, and the filter's error.
#[derive(Debug, Clone, Default)]
pub struct PromptState {
    pub(in crate::app) current: Option<Prompt>,
    /// The error in the prompt's text, while the last valid filter stays applied.
    pub(in crate::app) filter_error: Option<ParseError>,
}

impl PromptState {
    /// The open prompt, if any.
    pub fn current(&self) -> Option<&Prompt> {
        self.current.as_ref()
    }

    pub fn is_open(&self) -> bool {
        self.current.is_some()
    }

    /// The error in the filter being typed, if any.
    pub fn filter_error(&self) -> Option<&ParseError> {
        self.filter_error.as_ref()
    }

    /// The lines the prompt and its error take at the bottom.
    pub fn lines(&self) -> u16 {
        u16::from(self.current.is_some()) + u16::from(self.filter_error.is_some())
    }

    /// Opens the prompt with `text` in it.
    pub(in crate::app) fn open(&mut self, text: String, kind: PromptKind) {
        self.current = Some(Prompt {
            input: Input::new(text),
            kind,
        });
    }

    pub(in crate::app) fn close(&mut self) {
        self.current = None;
    }
}
