//! The state guarantees, with the real binary: marks survive a SIGKILL right after
//! they show, two readers at once see and keep each other's changes, a corrupt
//! database is never overwritten, and the CLI state commands round-trip.
//!
//! The reader runs inside a pseudo-terminal made by `script` (util-linux), so these
//! tests drive exactly what a person would, keystrokes in and screen bytes out.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::pty::Pty;

mod support;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

fn cli(home: &Path, state: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(bin());
    c.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TZ", "UTC")
        .arg("--state-dir")
        .arg(state)
        .arg("--now=2026-11-28T12:00:00Z");
    c
}

/// The reader in a pseudo-terminal of 120x40.
struct Reader {
    pty: Pty,
}

impl Reader {
    fn start(home: &Path, state: &Path) -> Self {
        let inner = format!(
            "stty cols 120 rows 40; exec {} --state-dir {} --now=2026-11-28T12:00:00Z",
            bin().display(),
            state.display()
        );
        let r = Self {
            pty: Pty::spawn(home, &inner),
        };
        r.wait_for("Articles", 1);
        r
    }

    fn count(&self, needle: &str) -> usize {
        self.pty.count(needle)
    }

    fn wait_for(&self, needle: &str, times: usize) {
        self.pty.wait_for(needle, times);
    }

    fn keys(&mut self, keys: &str) {
        self.pty.keys(keys.as_bytes());
    }

    /// The pid of tidings itself (script's child, exec'd from the shell).
    fn tidings_pid(&self) -> i32 {
        let pid = self.pty.script.id();
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap();
        children.split_whitespace().next().unwrap().parse().unwrap()
    }

    fn kill9(mut self) {
        let pid = self.tidings_pid();
        let status = Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let _ = self.pty.script.kill();
        let _ = self.pty.script.wait();
    }
}

fn bookmarked_titles(home: &Path, state: &Path) -> Vec<String> {
    let out = cli(home, state)
        .args(["bookmarks", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut t: Vec<String> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    t.sort();
    t
}

#[test]
fn a_bookmark_survives_sigkill_right_after_it_shows() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let mut r = Reader::start(home.path(), &state);
    assert_eq!(r.count("★"), 0);
    r.keys("b");
    r.wait_for("★", 1);
    r.kill9();
    assert_eq!(
        bookmarked_titles(home.path(), &state),
        ["Harbour Rovers go top of the winter league"]
    );
}

#[test]
fn two_readers_see_and_keep_each_others_changes() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let mut a = Reader::start(home.path(), &state);
    let mut b = Reader::start(home.path(), &state);
    a.keys("b");
    a.wait_for("★", 1);
    // B picks up A's bookmark without a key press.
    b.wait_for("★", 1);
    b.keys("jb");
    b.wait_for("★", 2);
    a.keys("jjt");
    a.keys("from-a\r");
    a.wait_for("tagged +from-a", 1);
    std::thread::sleep(Duration::from_millis(200));
    let screens = format!(
        "{}{}",
        String::from_utf8_lossy(&a.pty.bytes()),
        String::from_utf8_lossy(&b.pty.bytes())
    );
    assert!(
        !screens.contains("locked"),
        "no 'database is locked' reaches the user"
    );
    a.kill9();
    b.kill9();
    assert_eq!(
        bookmarked_titles(home.path(), &state),
        [
            "Harbour Rovers go top of the winter league",
            "Spring tides this weekend: 5.9 m on Sunday morning"
        ]
    );
    let out = cli(home.path(), &state)
        .args(["export", "--filter", "+from-a", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// A temporary home whose state folder holds a file that is not a database: the
/// home, the state folder, the file and its bytes.
fn damaged_state() -> (tempfile::TempDir, PathBuf, PathBuf, Vec<u8>) {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    std::fs::create_dir_all(&state).unwrap();
    let db = state.join("tidings.db");
    let garbage = b"not a database at all\n".repeat(200);
    std::fs::write(&db, &garbage).unwrap();
    (home, state, db, garbage)
}

#[test]
fn a_corrupt_database_is_reported_and_left_alone() {
    let (home, state, db, garbage) = damaged_state();
    // The CLI exits non-zero and names the file.
    let out = cli(home.path(), &state)
        .args(["bookmarks"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&db.display().to_string()) && err.contains("move it aside"),
        "{err}"
    );
    // The reader starts without state and says so.
    let mut r = Reader::start(home.path(), &state);
    r.wait_for("damaged", 1);
    r.keys("b");
    r.wait_for("not saved", 1);
    r.kill9();
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "never overwritten");
}

#[test]
fn a_state_dir_that_cannot_be_created_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = cli(home.path(), &file.join("state"))
        .args(["bookmarks"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot create the state folder"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn cli_marks_and_state_export_import_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let out = cli(home.path(), &state)
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    let first: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .take(3)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<String> = first
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    for id in &ids {
        cli(home.path(), &state)
            .args(["bookmark", id])
            .assert()
            .success();
    }
    cli(home.path(), &state)
        .args(["unbookmark", &ids[2]])
        .assert()
        .success();
    // A unique prefix is enough.
    cli(home.path(), &state)
        .args(["tag", &ids[0][..8], "Keep", "later"])
        .assert()
        .success();
    cli(home.path(), &state)
        .args(["untag", &ids[0], "sport"])
        .assert()
        .success();
    cli(home.path(), &state)
        .args(["bookmark", "nosuchid"])
        .assert()
        .code(1);

    let out = cli(home.path(), &state)
        .args(["export", "--filter", "is:bookmarked", "--format", "jsonl"])
        .output()
        .unwrap();
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["bookmarked"], true);
    assert_eq!(
        rows[0]["tags"],
        serde_json::json!(["football", "local", "Keep", "later"]),
        "sport hidden, user tags added"
    );

    let file = home.path().join("marks.json");
    cli(home.path(), &state)
        .args(["state", "export"])
        .arg(&file)
        .assert()
        .success();
    let fresh = home.path().join("fresh-state");
    cli(home.path(), &fresh)
        .args(["state", "import"])
        .arg(&file)
        .assert()
        .success();
    let a = cli(home.path(), &state).args(["export"]).output().unwrap();
    let b = cli(home.path(), &fresh).args(["export"]).output().unwrap();
    assert_eq!(
        a.stdout, b.stdout,
        "the fresh state dir exports exactly the same"
    );
}

#[test]
fn concurrent_cli_writers_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let out = cli(home.path(), &state)
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .take(12)
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let workers: Vec<_> = ids
        .chunks(6)
        .map(|chunk| {
            let (home, state, chunk) = (home.path().to_path_buf(), state.clone(), chunk.to_vec());
            std::thread::spawn(move || {
                for id in chunk {
                    let out = cli(&home, &state).args(["bookmark", &id]).output().unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(bookmarked_titles(home.path(), &state).len(), 12);
}

#[test]
fn a_damaged_database_does_not_stop_folders_being_remembered() {
    let (home, state, db, garbage) = damaged_state();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed");
    let inner = format!(
        "stty cols 100 rows 30; exec {} --state-dir {} --now=2026-11-28T12:00:00Z --exit-after-first-frame {}",
        bin().display(),
        state.display(),
        folder.display()
    );
    let status = Command::new("script")
        .args(["-qec", &inner, "/dev/null"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("TERM", "xterm-256color")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let snapshots: Vec<_> = std::fs::read_dir(state.join("snapshots"))
        .expect("the snapshot folder is written")
        .collect();
    assert_eq!(snapshots.len(), 1);
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "never overwritten");
}
