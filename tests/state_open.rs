//! Opening the state database, with the real binary: many processes starting at once
//! on an empty state folder, a state folder that cannot be written, and another
//! program's `SQLite` file where `tidings.db` should be.

use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

/// `tidings --state-dir STATE ARGS...` with a clean environment (no config file: the
/// bundled sample data).
fn cmd(home: &Path, state: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin());
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TZ", "UTC")
        .arg("--state-dir")
        .arg(state)
        .arg("--now=2026-11-28T12:00:00Z")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn run(mut c: Command) -> Output {
    c.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn jsonl(out: &Output) -> Vec<Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn pragma(db: &Path, name: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| {
        r.get::<_, rusqlite::types::Value>(0)
    })
    .map(|v| match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t,
        other => format!("{other:?}"),
    })
    .unwrap()
}

#[test]
fn eight_processes_starting_at_once_on_an_empty_state_folder_all_succeed() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed");
    let folder = folder.to_str().unwrap();
    // A few rounds, each on a fresh folder: the race is over in milliseconds.
    for round in 0..4 {
        let home = tempfile::tempdir().unwrap();
        let state = home.path().join("state");
        // Every one spawned before any is waited for; half read marks, half export a
        // folder (and write its snapshot).
        let children: Vec<_> = (0..8)
            .map(|i| {
                let args: &[&str] = if i % 2 == 0 {
                    &["bookmarks", "--format", "jsonl"]
                } else {
                    &["export", "--format", "jsonl", folder]
                };
                cmd(home.path(), &state, args).spawn().unwrap()
            })
            .collect();
        for (i, child) in children.into_iter().enumerate() {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}, process {i}: {:?}\n{}",
                out.status,
                text(&out.stderr)
            );
            assert!(
                !text(&out.stderr).contains("tidings.db"),
                "round {round}, process {i}: {}",
                text(&out.stderr)
            );
        }
        // The database is whole and usable.
        let db = state.join("tidings.db");
        assert_eq!(pragma(&db, "user_version"), "4");
        assert_eq!(pragma(&db, "journal_mode"), "wal");
        assert_eq!(pragma(&db, "page_size"), "65536");
        assert_eq!(pragma(&db, "quick_check"), "ok");
        // Marks can be set and read back (on the bundled sample data).
        let all = jsonl(&run(cmd(
            home.path(),
            &state,
            &["export", "--format", "jsonl"],
        )));
        let id = all[0]["id"].as_str().unwrap();
        let out = run(cmd(home.path(), &state, &["bookmark", id]));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let rows = jsonl(&run(cmd(
            home.path(),
            &state,
            &["bookmarks", "--format", "jsonl"],
        )));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["id"], all[0]["id"]);
    }
}

/// Whether this process writes through permission bits (root does): then a read-only
/// folder is only read-only to another user.
fn bypasses_permissions(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let wrote = std::fs::write(probe.join("x"), "x").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    wrote
}

/// Sets the mode of `path` and everything under it: `file` for files, `dir` for folders.
fn chmod_tree(path: &Path, file: u32, dir: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            chmod_tree(&e.unwrap().path(), file, dir);
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(dir)).unwrap();
    } else {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(file)).unwrap();
    }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.push((p.clone(), Vec::new()));
            out.extend(tree(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn reading_commands_work_from_a_read_only_state_folder() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // Root writes whatever the mode bits say: the commands then run as `nobody`.
    let as_other_user = bypasses_permissions(home.path());
    let state = home.path().join("state");
    let all = jsonl(&run(cmd(
        home.path(),
        &state,
        &["export", "--format", "jsonl"],
    )));
    let (id, other) = (
        all[0]["id"].as_str().unwrap(),
        all[1]["id"].as_str().unwrap(),
    );
    for args in [["bookmark", id, ""], ["tag", id, "Keep"]] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let out = run(cmd(home.path(), &state, &args));
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    chmod_tree(&state, 0o444, 0o555);
    let before = tree(&state);
    let db = state.join("tidings.db").display().to_string();
    let reader = |args: &[&str]| {
        let mut c = cmd(home.path(), &state, args);
        if as_other_user {
            c.uid(65534).gid(65534);
        }
        run(c)
    };

    let out = reader(&["bookmarks", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], id);
    let err = text(&out.stderr);
    assert!(
        err.contains("warning") && err.contains(&db) && err.contains("read-only"),
        "{err}"
    );

    let out = reader(&["export", "--format", "jsonl", "--filter", "is:bookmarked"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["tags"].as_array().unwrap().contains(&"Keep".into()));

    let out = reader(&["state", "export", "-"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(file["articles"][0]["id"], id);
    assert!(file["articles"][0]["bookmarked"].is_string());

    let out = reader(&["sources"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A folder's snapshot cannot be written either: a warning, not a failure.
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed");
    let out = reader(&["export", "--format", "jsonl", folder.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!jsonl(&out).is_empty());
    assert!(
        text(&out.stderr).contains("cannot remember this folder"),
        "{}",
        text(&out.stderr)
    );

    // Changing a mark needs a writable state: exit 1, naming the database.
    let out = reader(&["bookmark", other]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(&db), "{}", text(&out.stderr));

    assert_eq!(tree(&state), before, "nothing in the state folder changed");
    chmod_tree(&state, 0o644, 0o755);
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    for (sql, detail) in [
        (
            "CREATE TABLE people (name TEXT); CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('milk');",
            "(it has tables notes, people)",
        ),
        (
            "PRAGMA journal_mode = WAL; CREATE TABLE photos (x); PRAGMA user_version = 42;",
            "(it has tables photos, and schema version 42)",
        ),
    ] {
        let home = tempfile::tempdir().unwrap();
        let state = home.path().join("state");
        std::fs::create_dir(&state).unwrap();
        let db = state.join("tidings.db");
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let before = tree(&state);
        for args in [
            &["bookmarks"][..],
            &["export", "--format", "jsonl"],
            &["state", "export", "-"],
            &["bookmark", "0123"],
            &["sources"],
        ] {
            let out = run(cmd(home.path(), &state, args));
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let err = text(&out.stderr);
            assert!(
                err.contains(&format!(
                    "{} is not a tidings database {detail}",
                    db.display()
                )) && err.contains("move it away or choose another --state-dir"),
                "{args:?}: {err}"
            );
            assert!(out.stdout.is_empty(), "{args:?}");
        }
        assert_eq!(tree(&state), before, "never modified");
    }
}
