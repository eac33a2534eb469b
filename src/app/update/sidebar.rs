//! The sidebar's keys: showing and hiding it, moving through its lines, and Enter,
//! which applies the line: a view's whole filter, a source's `=` term or a tag's `+`
//! term (each in place of the terms of its kind, the rest of the filter kept; Enter
//! on the line already applied takes its term away again).

use super::filter::set_query;
use super::global::focus;
use crate::action::Action;
use crate::app::state::{AppState, Entry, Focus, Level};
use crate::query::{Query, Term};

/// The sidebar key: shows it (and focuses it) or hides it.
pub(super) fn toggle(state: &mut AppState) {
    let shown = state.sidebar_shown();
    state.sidebar.open = Some(!shown);
    if shown {
        if state.focus == Focus::Sidebar {
            focus(state, Focus::List);
        }
    } else {
        state.recount_sidebar();
        if state
            .sidebar
            .current()
            .is_none_or(|l| matches!(l.entry, Entry::Heading(_)))
        {
            state.sidebar.jump_to_end(false);
        }
        focus(state, Focus::Sidebar);
    }
    relayout(state);
}

/// The panes changed size: the list, the timeline and the article follow.
pub(super) fn relayout(state: &mut AppState) {
    state.rebuild_timeline();
    state.scroll_list_to_cursor();
    state.rerender_article();
    scroll(state);
}

/// Rows of lines the sidebar shows (inside its border).
fn rows(state: &AppState) -> usize {
    state
        .panes()
        .sidebar
        .map_or(10, |r| usize::from(r.height.saturating_sub(2)).max(1))
}

fn scroll(state: &mut AppState) {
    let rows = rows(state);
    state.sidebar.scroll_to_cursor(rows);
}

/// A key while the sidebar has the focus.
pub(super) fn action(state: &mut AppState, a: Action) {
    let page = rows(state).saturating_sub(1).max(1) as isize;
    match a {
        Action::Next => state.sidebar.step(1),
        Action::Prev => state.sidebar.step(-1),
        Action::PageDown => state.sidebar.step(page),
        Action::PageUp => state.sidebar.step(-page),
        Action::First => state.sidebar.jump_to_end(false),
        Action::Last => state.sidebar.jump_to_end(true),
        Action::Open | Action::Right => apply(state),
        _ => {}
    }
    scroll(state);
}

/// Leaves the sidebar: an overlay closes, one beside the panes stays.
pub(super) fn leave(state: &mut AppState) {
    if state.panes().sidebar_over {
        state.sidebar.open = Some(false);
    }
    focus(state, Focus::List);
    relayout(state);
}

/// Applies the selected line to the filter.
fn apply(state: &mut AppState) {
    let Some(line) = state.sidebar.current() else {
        return;
    };
    let query = &state.list.query;
    let next = match &line.entry {
        Entry::Heading(_) => return,
        Entry::View(i) => {
            if let Some(q) = state.sidebar.view_query(*i) {
                q.clone()
            } else {
                let Some(v) = state.views.get(*i) else { return };
                let why = Query::parse(&v.filter).err().map(|e| e.to_string());
                let text = format!("view {:?}: {}", v.name, why.unwrap_or_default());
                state.say(Level::Error, text);
                return;
            }
        }
        Entry::Source(title) => replace_kind(query, Term::Source(title.clone())),
        Entry::Tag(tag) => replace_kind(query, Term::Tag(tag.clone())),
    };
    set_query(state, next);
    // The list shows the result; an overlay makes way for it.
    if state.panes().sidebar_over {
        leave(state);
    }
}

/// `query` with `term` in place of the positive terms of its kind; without it when
/// it was already the only one of its kind.
fn replace_kind(query: &Query, term: Term) -> Query {
    let same_kind = |t: &Term| {
        matches!(
            (t, &term),
            (Term::Source(_), Term::Source(_)) | (Term::Tag(_), Term::Tag(_))
        )
    };
    let had: Vec<&Term> = query.terms.iter().filter(|t| same_kind(t)).collect();
    let again = had.len() == 1 && same_term(had[0], &term);
    let mut terms: Vec<Term> = query
        .terms
        .iter()
        .filter(|t| !same_kind(t))
        .cloned()
        .collect();
    if !again {
        terms.push(term);
    }
    Query { terms }
}

/// Whether two `=`/`+` terms name the same thing (ignoring case).
fn same_term(a: &Term, b: &Term) -> bool {
    match (a, b) {
        (Term::Source(x), Term::Source(y)) | (Term::Tag(x), Term::Tag(y)) => same_name(x, y),
        _ => false,
    }
}

/// Whether two names are the same, ignoring case.
fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// Whether a sidebar line is what the filter applies now (for its highlight).
pub fn is_applied(state: &AppState, entry: &Entry) -> bool {
    let q = &state.list.query;
    match entry {
        Entry::Heading(_) => false,
        Entry::View(i) => state.sidebar.view_query(*i) == Some(q),
        Entry::Source(t) => q
            .terms
            .iter()
            .any(|x| matches!(x, Term::Source(s) if same_name(s, t))),
        Entry::Tag(t) => q
            .terms
            .iter()
            .any(|x| matches!(x, Term::Tag(s) if same_name(s, t))),
    }
}
