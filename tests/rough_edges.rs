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

fn draw_with(s: &tidings::app::AppState, theme: &Theme) -> ratatui::buffer::Buffer {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(
        s.area.width,
        s.area.height,
    ))
    .unwrap();
    t.draw(|f| tidings::ui::render(f, s, theme)).unwrap();
    t.backend().buffer().clone()
}

/// The row of the list pane (the left half) whose text contains `needle`.
fn row_of(buf: &ratatui::buffer::Buffer, needle: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| {
            let line: String = (0..buf.area.width / 2)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            line.contains(needle)
        })
        .unwrap_or_else(|| panic!("{needle:?} is not on screen"))
}

fn no_colour_anywhere(buf: &ratatui::buffer::Buffer) -> bool {
    let coloured: Vec<String> = buf
        .content()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fg != Color::Reset || c.bg != Color::Reset)
        .map(|(i, c)| format!("{i}:{:?}/{:?}:{}", c.fg, c.bg, c.symbol()))
        .take(5)
        .collect();
    assert!(coloured.is_empty(), "coloured cells: {coloured:?}");
    true
}

use ratatui::style::{Color, Modifier};
use tidings::config::theme::{ThemeConfig, ThemeName};
use tidings::ui::theme::Theme;

#[test]
fn without_colour_the_selection_and_states_still_show() {
    let theme = Theme::from_config(&ThemeConfig::default(), true);
    let mut s = state(120, 40);
    // As the reader does: the article pane's styles come from the theme.
    s.article_styles = theme.article;
    s.article = tidings::app::article::Rendered::default();
    s.rerender_article();
    update(&mut s, Msg::Action(Action::Next));
    update(&mut s, Msg::Action(Action::Bookmark));
    let buf = draw_with(&s, &theme);
    assert!(no_colour_anywhere(&buf));
    // The selected row of the list is reversed; the others are not.
    let title = selected_title(&s);
    let y = row_of(&buf, &title[..12]);
    assert!(buf[(5, y)].modifier.contains(Modifier::REVERSED));
    let other = row_of(&buf, &s.lib.articles[s.list.visible()[0]].title[..12]);
    assert!(!buf[(5, other)].modifier.contains(Modifier::REVERSED));
    // Unread dots and the bookmark star are bold.
    assert_eq!(buf[(3, y)].symbol(), "★");
    assert!(buf[(3, y)].modifier.contains(Modifier::BOLD));
    assert!(buf[(1, other)].modifier.contains(Modifier::BOLD));

    // The timeline: the selected article's bucket is shaded ▒, the cursor's ▓.
    let symbols = |buf: &ratatui::buffer::Buffer| -> String {
        buf.content()
            .iter()
            .map(ratatui::buffer::Cell::symbol)
            .collect()
    };
    let buf = draw_with(&s, &theme);
    assert!(symbols(&buf).contains('▒'), "the selected article's bucket");
    assert!(!symbols(&buf).contains('▓'));
    update(&mut s, Msg::Action(Action::FocusTimeline));
    let buf = draw_with(&s, &theme);
    assert!(symbols(&buf).contains('▓'), "the cursor's bucket");

    // The tag picker: the selected tag is reversed.
    update(&mut s, Msg::Action(Action::FocusList));
    update(&mut s, Msg::Action(Action::RemoveTag));
    let buf = draw_with(&s, &theme);
    let reversed = buf
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed > 5, "a reversed line in the picker");
}

#[test]
fn the_light_theme_and_user_styles_apply() {
    let cfg = ThemeConfig {
        name: ThemeName::Light,
        styles: vec![(
            "selection".into(),
            tidings::config::theme::parse_style("black on light-yellow").unwrap(),
        )],
    };
    let theme = Theme::from_config(&cfg, false);
    assert_eq!(theme.selected.bg, Some(Color::LightYellow));
    assert_eq!(theme.status, Theme::light().status);
    assert_ne!(Theme::light().status, Theme::dark().status);
    let s = state(120, 40);
    let buf = draw_with(&s, &theme);
    let y = row_of(&buf, &selected_title(&s)[..12]);
    assert_eq!(buf[(5, y)].bg, Color::LightYellow);
}

#[test]
fn a_bad_theme_line_is_named() {
    for (text, line, needle) in [
        (
            "[theme]\nname = \"sepia\"\n",
            2,
            "expected \"dark\" or \"light\"",
        ),
        (
            "[theme]\n\nselection = \"purple-ish\"\n",
            3,
            "unknown colour \"purple-ish\"",
        ),
        (
            "[general]\nmouse = true\n[theme]\nfrobs = \"red\"\n",
            4,
            "unknown theme element \"frobs\"",
        ),
        ("[theme]\nunread = 5\n", 2, "expected a string"),
    ] {
        let e = tidings::config::Config::parse(text, "my.toml", None)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(&format!("my.toml:{line}: ")),
            "{text:?} → {e}"
        );
        assert!(e.contains(needle), "{text:?} → {e}");
    }
}

/// The last line of the screen (the status bar).
fn status_line(s: &tidings::app::AppState) -> String {
    let t = draw(s);
    let buf = t.backend().buffer();
    let y = buf.area.height - 1;
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn at_80_columns_the_status_bar_keeps_help_and_quit_and_cuts_long_messages() {
    let mut s = state(80, 24);
    let line = status_line(&s);
    assert!(line.contains("? help"), "{line}");
    assert!(line.contains("q quit"), "{line}");
    // A message too long for the bar ends with … and help stays at the right end.
    update(
        &mut s,
        Msg::Background(tidings::app::Background::Say(
            tidings::app::state::Level::Warning,
            "a very long message about something that went wrong while reading a feed far away"
                .into(),
        )),
    );
    let line = status_line(&s);
    assert!(line.contains('…'), "{line}");
    assert!(line.trim_end().ends_with("? help"), "{line}");
    // The article pane at 80 columns: back and help first.
    let mut s = state(80, 24);
    update(&mut s, Msg::Action(Action::Open));
    update(&mut s, Msg::Action(Action::Back));
    update(&mut s, Msg::Action(Action::Open));
    let line = status_line(&s);
    assert!(line.contains("? help") && line.contains("q back"), "{line}");
}

fn status(s: &tidings::app::AppState) -> String {
    s.notices
        .status()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_tag_picker_says_what_enter_does_and_the_status_what_it_did() {
    let mut s = state(120, 40);
    // The first article has a tag from its source (+rust); add one of our own.
    update(&mut s, Msg::Action(Action::AddTags));
    type_text(&mut s, "long-read");
    key(&mut s, crossterm::event::KeyCode::Enter);
    update(&mut s, Msg::Action(Action::RemoveTag));
    let screen = format!("{:?}", draw(&s).backend());
    assert!(
        screen.contains("from the source: Enter hides it"),
        "{screen}"
    );
    assert!(screen.contains("yours: Enter removes it"), "{screen}");
    assert!(!screen.contains("(from the source: hidden)"));
    // Enter on the source's tag hides it, and says so.
    update(&mut s, Msg::Action(Action::Open));
    assert!(
        status(&s).starts_with("hid the tag +rust"),
        "{}",
        status(&s)
    );
    // Ours is removed.
    update(&mut s, Msg::Action(Action::RemoveTag));
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(status(&s), "removed the tag +long-read");
}

#[test]
fn tab_cycles_through_the_tags_that_start_with_the_word() {
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::AddTags));
    type_text(&mut s, "s");
    let value = |s: &tidings::app::AppState| s.prompt.current().unwrap().input.value().to_string();
    key(&mut s, crossterm::event::KeyCode::Tab);
    assert_eq!(value(&s), "solar ");
    key(&mut s, crossterm::event::KeyCode::Tab);
    assert_eq!(value(&s), "Space ");
    key(&mut s, crossterm::event::KeyCode::Tab);
    assert_eq!(value(&s), "solar ", "round to the first");
    // A new word starts a new round.
    type_text(&mut s, "gr");
    key(&mut s, crossterm::event::KeyCode::Tab);
    assert_eq!(value(&s), "solar grid ");
}

#[test]
fn a_reversed_range_is_swapped_and_said() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "@2025-03..2024-01");
    key(&mut s, crossterm::event::KeyCode::Enter);
    assert_eq!(s.list.query().to_string(), "@2024-01..2025-03");
    assert!(!s.list.visible().is_empty());
    assert_eq!(
        status(&s),
        "@2025-03..2024-01 runs backwards: read as @2024-01..2025-03"
    );
}

#[test]
fn esc_takes_the_filter_error_and_its_warning_away() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "is:bogus");
    assert!(s.prompt.filter_error().is_some());
    key(&mut s, crossterm::event::KeyCode::Enter);
    assert!(status(&s).contains("the filter has an error"));
    key(&mut s, crossterm::event::KeyCode::Esc);
    assert!(s.prompt.filter_error().is_none());
    assert_eq!(status(&s), "");
    assert!(!format!("{:?}", draw(&s).backend()).contains("unknown state"));
}

#[test]
fn tags_with_a_space_show_as_the_filter_spells_them() {
    // A tag with a space (from a feed, or another machine's marks).
    let mut lib_state = state(120, 40);
    let i = lib_state.list.visible()[0];
    let a = lib_state.lib.articles[i].clone();
    let change = tidings::marks::Change::Tag {
        article: tidings::marks::ArticleKey::of(&a),
        tag: "long read".into(),
        op: tidings::marks::TagOp::Add,
    };
    let mut marks = lib_state.marks.clone();
    marks.apply(&change);
    lib_state.set_marks(marks);
    let screen = format!("{:?}", draw(&lib_state).backend());
    assert!(screen.contains("+\"long read\""), "{screen}");
}

#[test]
fn messages_group_repeats_with_times_and_titles_and_none_is_one_line() {
    use tidings::app::{Background, FeedDone};
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::Messages));
    assert!(!s.overlays.is_open(), "nothing to show: no box");
    assert_eq!(status(&s), "no messages");
    // The same failure three times, at 12:00:00, 12:00:30 and 12:01:00 (UTC).
    let source = s.lib.sources[0].clone();
    for (k, secs) in [0, 30, 60].into_iter().enumerate() {
        let wall = now() + chrono::Duration::seconds(secs);
        update(
            &mut s,
            Msg::Background(Background::Tick {
                at: std::time::Instant::now(),
                wall,
            }),
        );
        update(
            &mut s,
            Msg::Background(Background::Fetched(Box::new(FeedDone {
                url: source.location.clone(),
                failed: Some("HTTP 503 Service Unavailable".into()),
                moved_to: None,
                merged: None,
            }))),
        );
        assert_eq!(s.notices.messages().len(), 1, "after {k}");
    }
    let m = &s.notices.messages()[0];
    assert_eq!(m.count, 3);
    assert_eq!(m.at, now() + chrono::Duration::seconds(60));
    assert!(
        m.text.starts_with(&format!("{} (", source.title)),
        "the title first: {}",
        m.text
    );
    update(&mut s, Msg::Action(Action::Messages));
    let screen = format!("{:?}", draw(&s).backend());
    assert!(screen.contains("12:01:00 error   ×3 "), "{screen}");
}

#[test]
fn on_the_sample_data_the_reader_says_how_to_add_your_own() {
    let home = tempfile::tempdir().unwrap();
    let inner = format!(
        "stty cols 100 rows 30; {} --state-dir {}",
        env!("CARGO_BIN_EXE_tidings"),
        home.path().join("state").display()
    );
    let mut pty = support::pty::Pty::spawn(home.path(), &inner);
    pty.wait_for("add yours: tidings add URL", 1);
    // The whole hint, with the config file's path, is in the messages view.
    pty.keys(b"!");
    pty.wait_for("[[sources]] in", 1);
    let config = home
        .path()
        .join("config")
        .join("tidings")
        .join("config.toml");
    assert!(
        String::from_utf8_lossy(&pty.bytes()).contains(&config.display().to_string()[..20]),
        "the path is named"
    );
    pty.keys(b"qq");
}

#[test]
fn the_timeline_cursor_shows_what_enter_applies_without_covering_labels() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = state(w, h);
        update(&mut s, Msg::Action(Action::Zoom)); // day
        update(&mut s, Msg::Action(Action::Zoom)); // week
        update(&mut s, Msg::Action(Action::Zoom)); // month
        update(&mut s, Msg::Action(Action::FocusTimeline));
        for steps in [0, 3, 9] {
            for _ in 0..steps {
                update(&mut s, Msg::Action(Action::Left));
            }
            let c = s.timeline.cursor.unwrap();
            let label = s.timeline.hist.full_label(c);
            let t = draw(&s);
            let buf = t.backend().buffer();
            let axis: String = (0..buf.area.width)
                .map(|x| {
                    buf[(x, s.panes().timeline.bottom() - 2)]
                        .symbol()
                        .to_string()
                })
                .collect();
            assert!(
                axis.contains(&format!("▲{label}")) || axis.contains(&format!("{label}▲")),
                "{w}x{h}: {label} in {axis:?}"
            );
            // Every other label on the axis is whole: a month and a year.
            for word in axis.split_whitespace() {
                let word = word.trim_matches(['│', '┃', '▲']);
                assert!(
                    word.is_empty()
                        || word.len() == 4 && word.chars().all(|c| c.is_ascii_digit())
                        || word.len() == 3 && word.chars().all(char::is_alphabetic),
                    "{w}x{h}: a broken label {word:?} in {axis:?}"
                );
            }
            // Enter filters to the bucket named.
            let term = s.timeline.hist.date_term(c, c);
            let month =
                chrono::NaiveDate::parse_from_str(&format!("{term}-01"), "%Y-%m-%d").unwrap();
            assert_eq!(month.format("%b %Y").to_string(), label);
        }
    }
}

#[test]
fn day_and_week_labels_name_their_year() {
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::Zoom)); // day
    update(&mut s, Msg::Action(Action::Zoom)); // week
    assert_eq!(s.timeline.hist.size.label(), "week");
    let t = draw(&s);
    let buf = t.backend().buffer();
    let y = s.panes().timeline.bottom() - 2;
    let axis: String = (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    // The first label and the first of each new year carry it: "Dec 18 2023 … Jan 01 2024".
    let years = axis.matches(" 2023").count()
        + axis.matches(" 2024").count()
        + axis.matches(" 2025").count();
    assert!(years >= 2, "{axis:?}");
}
