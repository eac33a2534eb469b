//! Saved views and `is:new` from outside: `tidings export --view`, the sidebar's
//! counts against `tidings export --filter`, a view saved with V in the real reader
//! landing in the config file, and what `is:new` keeps from one start to the next.

mod support;

use std::path::{Path, PathBuf};

use support::command as tidings;
use support::pty::Pty;
use tidings::app::state::Entry;
use tidings::app::{Background, Msg, update};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

/// Titles `export` prints for these arguments (jsonl), and its exit code.
fn export(home: &Path, args: &[&str]) -> (Vec<String>, String, i32) {
    let out = tidings(home)
        .arg("export")
        .args(["--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    let titles = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["title"].as_str().unwrap().to_string()
        })
        .collect();
    (
        titles,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn write_config(home: &Path, text: &str) -> PathBuf {
    let dir = home.join("config").join("tidings");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn export_view_applies_a_configured_or_built_in_view() {
    let home = tempfile::tempdir().unwrap();
    let filter = support::fixtures().join("filter");
    let f = filter.to_str().unwrap();
    write_config(
        home.path(),
        "[general]\ntimezone = \"UTC\"\n\n[[views]]\nname = \"Grid\"\nfilter = \"+grid\"\n",
    );
    let (by_view, _, code) = export(home.path(), &["--view", "grid", f]);
    assert_eq!(code, 0);
    let (by_filter, _, _) = export(home.path(), &["--filter", "+grid", f]);
    assert_eq!(by_view, by_filter);
    assert_eq!(by_view.len(), 3);
    // A view and a filter both apply.
    let (both, _, _) = export(home.path(), &["--view", "Grid", "--filter", "@2024-07", f]);
    assert_eq!(both, ["July blackout drill"]);
    // Built in: Unread is is:unread.
    let (unread, _, _) = export(home.path(), &["--view", "Unread", f]);
    let (all, _, _) = export(home.path(), &[f]);
    assert_eq!(unread, all);
    // An unknown view names the ones there are.
    let (_, err, code) = export(home.path(), &["--view", "Nope", f]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no view named \"Nope\"")
            && err.contains("All, Unread, Bookmarked, New, Grid"),
        "{err}"
    );
}

#[test]
fn a_bad_view_or_start_view_names_the_line() {
    let home = tempfile::tempdir().unwrap();
    for (text, needle) in [
        (
            "[[views]]\nname = \"X\"\nfilter = \"is:bogus\"\n",
            "config.toml:3: view \"X\": filter \"is:bogus\"",
        ),
        (
            "[general]\nstart_view = \"Evening\"\n",
            "config.toml:2: start_view = \"Evening\": no such view",
        ),
        (
            "[general]\nmark_read = \"sometimes\"\n",
            "config.toml:2: mark_read = \"sometimes\": expected \"open\", \"shown\" or \"manual\"",
        ),
        (
            "[layout]\nsplit = \"diagonal\"\n",
            "config.toml:2: split = \"diagonal\": expected \"side\" or \"stacked\"",
        ),
        (
            "[layout]\n\nlist_share = 95\n",
            "config.toml:3: list_share = 95: expected a percentage from 20 to 80",
        ),
        (
            "[[views]]\nname = \"A\"\nfilter = \"+a\"\n[[views]]\nname = \"a\"\nfilter = \"+b\"\n",
            "two views are named \"a\"",
        ),
    ] {
        write_config(home.path(), text);
        let (_, err, code) = export(home.path(), &[]);
        assert_eq!(code, 2, "{text}: {err}");
        assert!(err.contains(needle), "{text}: {err}");
    }
}

#[test]
fn sidebar_counts_match_export_for_the_same_terms() {
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), "[general]\ntimezone = \"UTC\"\n");
    let mut s = support::state(200, 60);
    update(&mut s, Msg::Background(Background::FirstFrame));
    let mixed = support::fixtures().join("mixed");
    let filter = support::fixtures().join("filter");
    let dirs = [mixed.to_str().unwrap(), filter.to_str().unwrap()];
    let mut checked = 0;
    for l in s.sidebar.lines() {
        let term = match &l.entry {
            Entry::Heading(_) => continue,
            Entry::View(i) => s.views[*i].filter.clone(),
            Entry::Source(t) => tidings::query::Term::Source(t.clone()).to_string(),
            Entry::Tag(t) => tidings::query::Term::Tag(t.clone()).to_string(),
        };
        let mut args = vec!["--filter", term.as_str()];
        args.extend(dirs);
        let (titles, err, _) = export(home.path(), &args);
        assert_eq!(titles.len(), l.total, "`{term}`: {err}");
        // Nothing is read in a fresh state folder: every article counts as unread.
        assert_eq!(l.unread, l.total, "{term}");
        checked += 1;
    }
    assert!(
        checked > 20,
        "views, sources and tags were checked: {checked}"
    );
}

/// Waits (up to 15 s) for the reader in `pty` to end.
fn wait_exit(pty: &mut Pty) {
    let start = std::time::Instant::now();
    while pty.script.try_wait().ok().flatten().is_none() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "the reader did not exit: {:?}",
            String::from_utf8_lossy(&pty.bytes())
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Starts the reader on `dir` in a pseudo-terminal until its first frame.
fn start_reader(home: &Path, dir: &Path) {
    let inner = format!(
        "stty cols 120 rows 40; {} --state-dir {} --exit-after-first-frame {}",
        bin().display(),
        home.join("state").display(),
        dir.display()
    );
    let mut pty = Pty::spawn(home, &inner);
    wait_exit(&mut pty);
}

#[test]
fn is_new_keeps_what_arrived_since_the_previous_start() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("news");
    std::fs::create_dir_all(&dir).unwrap();
    let article = |name: &str, title: &str, date: &str| {
        std::fs::write(
            dir.join(name),
            format!("Posted: {date}\n\n{title}\n\nBody of {title}.\n"),
        )
        .unwrap();
    };
    article("a.txt", "Old news", "2026-11-01T10:00:00Z");
    let state = home.path().join("state");
    let new_titles = || {
        export(
            home.path(),
            &[
                "--state-dir",
                state.to_str().unwrap(),
                "--filter",
                "is:new",
                dir.to_str().unwrap(),
            ],
        )
        .0
    };
    // Before any start, everything is new.
    assert_eq!(new_titles(), ["Old news"]);
    start_reader(home.path(), &dir);
    // During the first session, what it found is new.
    assert_eq!(new_titles(), ["Old news"]);
    article("b.txt", "Fresh news", "2026-11-02T10:00:00Z");
    assert_eq!(new_titles(), ["Fresh news", "Old news"]);
    start_reader(home.path(), &dir);
    // The second start: only what came after the first.
    assert_eq!(new_titles(), ["Fresh news"]);
    start_reader(home.path(), &dir);
    assert!(new_titles().is_empty());
}

#[test]
fn a_view_saved_in_the_reader_lands_in_the_config_file() {
    let home = tempfile::tempdir().unwrap();
    let before = "# my reader\n[general]\n# dates in UTC\ntimezone = \"UTC\"\n";
    let config = write_config(home.path(), before);
    let inner = format!(
        "stty cols 120 rows 40; {} --config {} --state-dir {} {}",
        bin().display(),
        config.display(),
        home.path().join("state").display(),
        support::fixtures().join("filter").display()
    );
    let mut pty = Pty::spawn(home.path(), &inner);
    pty.wait_for("Articles", 1);
    pty.keys(b"/+grid\r");
    pty.wait_for("3 of 8", 1);
    pty.keys(b"V");
    pty.wait_for("view named", 1);
    pty.keys(b"Grid watch\r");
    pty.wait_for("saved in", 1);
    pty.keys(b"q");
    wait_exit(&mut pty);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with(before), "comments kept:\n{text}");
    let c = tidings::config::Config::load(&config).unwrap();
    assert!(
        c.views
            .iter()
            .any(|v| v.name == "Grid watch" && v.filter == "+grid"),
        "{text}"
    );
    // And the command line has it.
    let (titles, _, code) = export(
        home.path(),
        &[
            "--config",
            config.to_str().unwrap(),
            "--view",
            "grid watch",
            support::fixtures().join("filter").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(titles.len(), 3);
}
