//! What the reader says: the status bar's message, the messages view (`!`), and
//! the progress of a background fetch.

use chrono::{DateTime, Utc};

use crate::model::Library;

/// How bad a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A line for the status bar and the messages view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    /// When it was last said (the loop's clock).
    pub at: DateTime<Utc>,
    /// How many times it was said (the messages view shows a repeat once).
    pub count: usize,
}

/// A background fetch under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub failed: usize,
}

/// The status note while steps wait for the database (another program holds it).
const SAVING: &str = "saving…";

/// The status bar, the messages view and the fetch under way.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    /// Warnings and errors, oldest first (the messages view).
    pub(in crate::app) messages: Vec<Notice>,
    /// The message in the status bar; errors stay until dismissed.
    pub(in crate::app) status: Option<Notice>,
    /// The fetch running in the background, if any.
    pub(in crate::app) fetching: Option<Progress>,
    /// The time now, as the loop last said (messages are stamped with it).
    pub(in crate::app) clock: DateTime<Utc>,
}

impl Notices {
    /// The sources' errors and warnings, as loaded.
    pub(in crate::app) fn of_sources(lib: &Library, clock: DateTime<Utc>) -> Self {
        let mut n = Self {
            clock,
            ..Self::default()
        };
        for src in &lib.sources {
            if let Some(e) = &src.error {
                n.push(Level::Error, e.clone());
            }
            for w in &src.warnings {
                n.push(Level::Warning, w.clone());
            }
        }
        n
    }

    /// Warnings and errors so far, oldest first.
    pub fn messages(&self) -> &[Notice] {
        &self.messages
    }

    /// The message in the status bar.
    pub fn status(&self) -> Option<&Notice> {
        self.status.as_ref()
    }

    /// The fetch running in the background, if any.
    pub fn fetching(&self) -> Option<Progress> {
        self.fetching
    }

    /// Errors among the messages.
    pub fn errors(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.level == Level::Error)
            .count()
    }

    /// Adds a line to the messages view only; the same line again counts as a repeat
    /// of the one there (its time the latest).
    pub(in crate::app) fn push(&mut self, level: Level, text: impl Into<String>) {
        let m = self.notice(level, text.into());
        self.keep(m);
    }

    fn notice(&self, level: Level, text: String) -> Notice {
        Notice {
            level,
            text,
            at: self.clock,
            count: 1,
        }
    }

    fn keep(&mut self, m: Notice) {
        if let Some(same) = self
            .messages
            .iter_mut()
            .find(|x| x.level == m.level && x.text == m.text)
        {
            same.count += 1;
            same.at = m.at;
            return;
        }
        self.messages.push(m);
    }

    /// Posts a message to the status bar and (unless it is a note) the messages view.
    pub(in crate::app) fn say(&mut self, level: Level, text: impl Into<String>) {
        let m = self.notice(level, text.into());
        if level != Level::Info {
            self.keep(m.clone());
        }
        self.status = Some(m);
    }

    /// Whether the status bar shows an error.
    pub fn showing_error(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|m| m.level == Level::Error)
    }

    /// Clears a note or warning from the status bar (they last until the next key;
    /// errors until dismissed).
    pub(in crate::app) fn clear_note(&mut self) {
        if self
            .status
            .as_ref()
            .is_some_and(|m| m.level != Level::Error)
        {
            self.status = None;
        }
    }

    /// Whether the status bar says that steps are waiting for the database.
    pub(in crate::app) fn saving(&self) -> bool {
        self.status
            .as_ref()
            .is_some_and(|m| m.text.starts_with(SAVING))
    }

    /// Says that `n` steps are waiting for the database (unless there are none, or
    /// an error is showing).
    pub(in crate::app) fn note_saving(&mut self, n: usize) {
        if n == 0 || self.showing_error() {
            return;
        }
        let text = format!(
            "{SAVING} ({} waiting: the state database is busy)",
            crate::model::count(n, "change")
        );
        self.say(Level::Info, text);
    }
}
