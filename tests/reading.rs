//! The reading loop's keys as message sequences: next and previous unread (`n`/`N`),
//! next and previous article from any pane (`J`/`K`), and the page key that goes on
//! to the next article at the end of one.

mod support;

use support::*;
use tidings::app::{Action, Effect, Focus, Msg, update};

fn status(s: &tidings::app::AppState) -> String {
    s.notices
        .status()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn unread_at(s: &tidings::app::AppState, pos: usize) -> bool {
    let i = s.list.visible()[pos];
    !s.marks.read(&s.lib.articles[i].id)
}

#[test]
fn next_unread_skips_read_articles_and_says_when_there_is_none() {
    let mut s = state(120, 40);
    // Read the second and third articles (m marks the selected one).
    act(
        &mut s,
        &[
            Action::Next,
            Action::ToggleRead,
            Action::Next,
            Action::ToggleRead,
        ],
    );
    act(&mut s, &[Action::First]);
    assert!(unread_at(&s, 0) && !unread_at(&s, 1) && !unread_at(&s, 2));
    update(&mut s, Msg::Action(Action::NextUnread));
    assert_eq!(s.list.cursor(), 3, "rows 1 and 2 are read");
    assert_eq!(s.focus, Focus::List, "from the list, n only selects");
    update(&mut s, Msg::Action(Action::PrevUnread));
    assert_eq!(s.list.cursor(), 0);
    update(&mut s, Msg::Action(Action::PrevUnread));
    assert_eq!(s.list.cursor(), 0);
    assert_eq!(status(&s), "no unread article before this one");
    update(&mut s, Msg::Action(Action::Last));
    let last = s.list.cursor();
    update(&mut s, Msg::Action(Action::NextUnread));
    assert_eq!(s.list.cursor(), last);
    assert_eq!(status(&s), "no unread article after this one");
}

#[test]
fn from_the_article_pane_n_and_j_show_the_article_and_read_it() {
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(s.focus, Focus::Article);
    let first = selected_title(&s);
    let e = update(&mut s, Msg::Action(Action::NextArticle));
    assert!(
        matches!(e, Effect::Persist(_)),
        "showing it reads it: {e:?}"
    );
    assert_eq!(s.focus, Focus::Article, "J stays in the article pane");
    assert_ne!(selected_title(&s), first);
    assert!(!unread_at(&s, 1));
    assert!(s.article.lines[0].to_string().contains(&selected_title(&s)));
    update(&mut s, Msg::Action(Action::PrevArticle));
    assert_eq!(selected_title(&s), first);
    // n from the article pane: the next unread is row 2 (rows 0 and 1 are read).
    update(&mut s, Msg::Action(Action::NextUnread));
    assert_eq!(s.list.cursor(), 2);
    assert!(!unread_at(&s, 2));
}

#[test]
fn the_page_key_at_the_end_of_an_article_opens_the_next() {
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::Open));
    let first = selected_title(&s);
    // Page down until the end of the article; the key after that goes on.
    let mut pages = 0;
    while selected_title(&s) == first {
        update(&mut s, Msg::Action(Action::PageDown));
        pages += 1;
        assert!(pages < 100, "never left the first article");
    }
    assert_eq!(s.list.cursor(), 1);
    assert_eq!(s.focus, Focus::Article);
    assert_eq!(s.article_scroll(), 0, "the next article starts at its top");
    // At the very last article, the page key stays and says so.
    update(&mut s, Msg::Action(Action::Last));
    update(&mut s, Msg::Action(Action::FocusList));
    update(&mut s, Msg::Action(Action::Last));
    update(&mut s, Msg::Action(Action::Open));
    for _ in 0..100 {
        update(&mut s, Msg::Action(Action::PageDown));
    }
    assert_eq!(status(&s), "this is the last article");
}
