//! Shared set-up for reader tests: a library from the fixtures, a fixed "now" and zone,
//! the shipped keymap, and helpers to drive `update` and draw on a `TestBackend`.
#![allow(dead_code)]

pub mod pty;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use tidings::app::{Action, AppState, Msg, update};
use tidings::config::DEFAULT_TOML;
use tidings::ingest::{self, SourceSpec};
use tidings::keymap::Keymap;
use tidings::query::Query;
use tidings::ui::{self, theme::Theme};
use tidings::zone::Zone;

/// The real binary with a throw-away home (config and data under it), UTC and a
/// fixed "now": never the user's files.
pub fn command(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tidings").unwrap();
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TZ", "UTC")
        .arg("--now=2026-11-28T12:00:00Z");
    cmd
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub fn utc() -> Zone {
    "UTC".parse().unwrap()
}

/// The reader over tests/fixtures/{mixed,filter} at `w`x`h`.
pub fn state(w: u16, h: u16) -> AppState {
    let specs = [
        SourceSpec::path(fixtures().join("mixed")),
        SourceSpec::path(fixtures().join("filter")),
    ];
    reader(ingest::load(&specs, utc(), None), w, h)
}

/// The reader over `lib` at `w`x`h`, with the shipped keymap, no filter and the
/// fixed "now".
pub fn reader(lib: tidings::model::Library, w: u16, h: u16) -> AppState {
    let keymap = Keymap::load(DEFAULT_TOML, None).unwrap();
    AppState::new(
        lib,
        keymap,
        Query::default(),
        now(),
        utc(),
        Rect::new(0, 0, w, h),
    )
}

/// The article pane's lines as text.
pub fn pane_text(s: &AppState) -> String {
    s.article
        .lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn act(s: &mut AppState, actions: &[Action]) {
    for a in actions {
        update(s, Msg::Action(*a));
    }
}

pub fn type_text(s: &mut AppState, text: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        update(
            s,
            Msg::PromptKey(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

pub fn key(s: &mut AppState, code: crossterm::event::KeyCode) {
    use crossterm::event::{KeyEvent, KeyModifiers};
    update(s, Msg::PromptKey(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn draw(s: &AppState) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(s.area.width, s.area.height)).unwrap();
    t.draw(|f| ui::render(f, s, &Theme::default())).unwrap();
    t
}

pub fn selected_title(s: &AppState) -> String {
    s.selected()
        .map(|i| s.lib.articles[i].title.clone())
        .unwrap_or_default()
}
