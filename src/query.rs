//! The filter language: text → `Query` (with error positions and hints), `Query` →
//! canonical text, and `Query` + now + zone → a compiled `Filter` that picks articles.
//! Pure: no IO, no UI; "now" and the display zone are parameters.
//!
//! Terms are separated by spaces and must all hold: `+tag`, `-tag`, `@7d`, `@2024-07`,
//! `@A..B` (or `@A--B`), `=source`, `is:unread|read|bookmarked|tagged`, `~regex`, a bare
//! word or `"quoted phrase"`, `!term` (negation) and `#N` (the N newest).

mod date;
mod eval;
mod index;
mod parse;

use std::fmt;

pub use date::{DatePoint, DateSpec, Unit};
pub use eval::{Filter, NoState, StateView};
pub use index::{Bits, SearchIndex, WordHits, fingerprint};

/// A parsed query. The default (no terms) keeps everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// The `is:` states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsKind {
    Unread,
    Read,
    Bookmarked,
    Tagged,
    /// Arrived since the reader's previous start.
    New,
}

impl IsKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unread => "unread",
            Self::Read => "read",
            Self::Bookmarked => "bookmarked",
            Self::Tagged => "tagged",
            Self::New => "new",
        }
    }
}

/// One term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// `+tag`
    Tag(String),
    /// `-tag`
    NoTag(String),
    /// `@…`
    Date(DateSpec),
    /// `=text`
    Source(String),
    /// `is:…`
    Is(IsKind),
    /// `~regex`
    Regex(String),
    /// A bare word or a quoted phrase.
    Word(String),
    /// `#N`
    Limit(usize),
    /// `!term`
    Not(Box<Term>),
}

impl Term {
    /// Whether the term is `is:new` (or its negation): its answer depends on what
    /// arrived at this start.
    pub fn asks_new(&self) -> bool {
        match self {
            Self::Is(IsKind::New) => true,
            Self::Not(t) => t.asks_new(),
            _ => false,
        }
    }
}

/// A term that could not be read: where (byte offset and length in the input), what is
/// wrong, and a hint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at byte {position}: {message}{}", if hint.is_empty() { String::new() } else { format!(" ({hint})") })]
pub struct ParseError {
    pub position: usize,
    pub len: usize,
    pub message: String,
    pub hint: String,
}

impl Query {
    /// Reads a query.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        parse::parse(input)
    }

    /// Whether the query keeps everything.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The first positive date term, which the timeline reads and writes.
    pub fn date_term(&self) -> Option<&DateSpec> {
        self.terms.iter().find_map(|t| match t {
            Term::Date(d) => Some(d),
            _ => None,
        })
    }

    /// The query with its positive date terms replaced by `spec` (or removed).
    #[must_use]
    pub fn with_date_term(&self, spec: Option<DateSpec>) -> Self {
        let mut terms: Vec<Term> = self
            .terms
            .iter()
            .filter(|t| !matches!(t, Term::Date(_)))
            .cloned()
            .collect();
        if let Some(s) = spec {
            terms.push(Term::Date(s));
        }
        Self { terms }
    }

    /// The query with `is:which` added, or removed when it is there.
    #[must_use]
    pub fn toggle_is(&self, which: IsKind) -> Self {
        let t = Term::Is(which);
        let mut terms = self.terms.clone();
        if let Some(i) = terms.iter().position(|x| *x == t) {
            terms.remove(i);
        } else {
            terms.push(t);
        }
        Self { terms }
    }
}

impl std::str::FromStr for Query {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{t}")?;
        }
        Ok(())
    }
}

/// Writes `s` bare when it reads back as the same value, else in quotes.
fn write_value(f: &mut fmt::Formatter<'_>, s: &str, bare_ok: bool) -> fmt::Result {
    let safe = bare_ok
        && !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\');
    if safe {
        return f.write_str(s);
    }
    f.write_str("\"")?;
    for c in s.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tag(t) => {
                f.write_str("+")?;
                write_value(f, t, true)
            }
            Self::NoTag(t) => {
                f.write_str("-")?;
                write_value(f, t, true)
            }
            Self::Date(d) => write!(f, "@{d}"),
            Self::Source(s) => {
                f.write_str("=")?;
                write_value(f, s, true)
            }
            Self::Is(k) => write!(f, "is:{}", k.as_str()),
            Self::Regex(r) => {
                f.write_str("~")?;
                write_value(f, r, true)
            }
            Self::Word(w) => {
                let bare = !w.starts_with(['+', '-', '@', '=', '~', '!', '#'])
                    && !w.to_lowercase().starts_with("is:");
                write_value(f, w, bare)
            }
            Self::Limit(n) => write!(f, "#{n}"),
            Self::Not(t) => write!(f, "!{t}"),
        }
    }
}

#[cfg(test)]
mod tests;
