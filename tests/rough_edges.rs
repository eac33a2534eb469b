//! Rough edges a new user hits (issue 14), as message sequences and screens.

mod support;

use support::*;
use tidings::app::{Action, Msg, update};

#[test]
fn a_filter_keeps_the_selected_article_or_goes_to_the_first_row() {
    let mut s = state(120, 40);
    for _ in 0..10 {
        update(&mut s, Msg::Action(Action::Next));
    }
    let chosen = selected_title(&s);
    assert_eq!(s.list.cursor(), 10);
    // A filter that hides it: the first row, not the row number it had.
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "-wind");
    key(&mut s, crossterm::event::KeyCode::Enter);
    assert!(s.list.visible().len() > 10, "row 10 is still there");
    assert_eq!(s.list.cursor(), 0);
    assert_eq!(s.list.offset(), 0);
    // One that shows it again selects it again.
    update(&mut s, Msg::Action(Action::ClearFilter));
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "+energy");
    key(&mut s, crossterm::event::KeyCode::Enter);
    assert!(s.list.visible().len() < 14);
    assert_eq!(selected_title(&s), chosen);
    // Clearing it brings back the article last chosen.
    update(&mut s, Msg::Action(Action::ClearFilter));
    assert_eq!(selected_title(&s), chosen);
}
