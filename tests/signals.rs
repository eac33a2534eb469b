//! Signals and Ctrl-z with the real binary: SIGTERM, SIGHUP, SIGINT, SIGQUIT and
//! SIGUSR1 leave the terminal exactly as `q` does and exit with 128 + the signal's
//! number; Ctrl-z and SIGTSTP give the terminal back and stop the reader, SIGCONT
//! brings it back on a redrawn screen.
//!
//! The reader runs in a pseudo-terminal made by `script` (util-linux), under a shell
//! that prints its exit status and the terminal's modes (`stty -a`) after it. The
//! last test is about the loop's timer, which the same set-up shows best: a reader
//! kept busy with keys still picks up another reader's bookmarks.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod support;

use support::pty::{Pty, children};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

/// The reader in a pseudo-terminal of 120x40, and everything it wrote there.
struct Reader {
    pty: Pty,
}

impl Reader {
    fn start(home: &Path) -> Self {
        let inner = format!(
            "stty cols 120 rows 40; {} --state-dir {} --now=2026-11-28T12:00:00Z; echo tidings-exit=$?; stty -a",
            bin().display(),
            home.join("state").display()
        );
        let r = Self {
            pty: Pty::spawn(home, &inner),
        };
        r.wait_for("Articles", 1);
        r
    }

    fn bytes(&self) -> Vec<u8> {
        self.pty.bytes()
    }

    fn count(&self, needle: &str) -> usize {
        self.pty.count(needle)
    }

    fn wait_until(&self, what: &str, done: impl FnMut() -> bool) {
        self.pty.wait_until(what, done);
    }

    fn wait_for(&self, needle: &str, times: usize) {
        self.pty.wait_for(needle, times);
    }

    fn keys(&mut self, keys: &[u8]) {
        self.pty.keys(keys);
    }

    /// The pid of tidings: the child of script's shell named `tidings`.
    fn tidings_pid(&self) -> u32 {
        let mut found = None;
        self.wait_until("tidings under script's shell", || {
            found = self.find_tidings();
            found.is_some()
        });
        found.unwrap()
    }

    fn find_tidings(&self) -> Option<u32> {
        children(self.pty.script.id())
            .into_iter()
            .flat_map(children)
            .find(|p| {
                std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .is_ok_and(|c| c.trim() == "tidings")
            })
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.tidings_pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name}");
    }

    /// Waits for the reader to exit: its exit status, the terminal modes after it,
    /// and the private modes it set after its last frame.
    fn finish(mut self) -> (i32, String, Vec<String>) {
        self.wait_for("tidings-exit=", 1);
        self.wait_for("speed", 1);
        let _ = self.pty.script.wait();
        let out = self.bytes();
        let text = String::from_utf8_lossy(&out).into_owned();
        let at = text.find("tidings-exit=").unwrap();
        let code: i32 = text[at + "tidings-exit=".len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let modes = modes_after_last_frame(&text[..at]);
        (code, text[at..].to_string(), modes)
    }
}

/// The process state letter of tidings (`T`: stopped).
fn state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')')
        .next()
        .and_then(|rest| rest.trim_start().chars().next())
        .unwrap_or('?')
}

/// The modes of the reader's terminal, as `stty -a` prints them.
fn stty(pid: u32) -> String {
    let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap();
    let out = Command::new("stty")
        .arg("-a")
        .arg("-F")
        .arg(&tty)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Drop for Reader {
    /// A test that failed midway leaves no reader behind (it may be stopped).
    fn drop(&mut self) {
        if let Ok(None) = self.pty.script.try_wait() {
            if let Some(pid) = self.find_tidings() {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
            let _ = self.pty.script.kill();
            let _ = self.pty.script.wait();
        }
    }
}

/// The private modes (`?1049l`, `?25h`…) set after the last frame (which ends by
/// hiding the cursor).
fn modes_after_last_frame(text: &str) -> Vec<String> {
    let last_frame = text.rfind("\x1b[?25l").map_or(0, |i| i + "\x1b[?25l".len());
    private_modes(&text[last_frame..])
}

fn private_modes(text: &str) -> Vec<String> {
    text.split("\x1b[?")
        .skip(1)
        .filter_map(|s| {
            let end = s.find(['h', 'l'])?;
            s[..end]
                .chars()
                .all(|c| c.is_ascii_digit())
                .then(|| s[..=end].to_string())
        })
        .collect()
}

/// The modes a quit leaves the terminal in are those it found: echo, line editing,
/// signals from the keyboard.
fn assert_cooked(stty: &str, what: &str) {
    let words: Vec<&str> = stty.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            words.contains(&mode),
            "{what}: the terminal is not back to normal ({mode} is off): {stty}"
        );
    }
}

fn assert_restores(modes: &[String], what: &str) {
    for m in ["1000l", "1006l", "1049l", "25h"] {
        assert!(
            modes.iter().any(|x| x == m),
            "{what}: ?{m} missing from {modes:?}"
        );
    }
}

#[test]
fn ending_signals_restore_the_terminal_as_q_does_and_exit_128_plus_the_signal() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start(home.path());
    r.keys(b"q");
    let (code, after, quit_modes) = r.finish();
    assert_eq!(code, 0);
    assert_cooked(&after, "q");
    assert_restores(&quit_modes, "q");

    for (name, code) in [
        ("TERM", 143),
        ("HUP", 129),
        ("INT", 130),
        ("QUIT", 131),
        ("USR1", 138),
    ] {
        let r = Reader::start(home.path());
        r.signal(name);
        let (got, after, modes) = r.finish();
        assert_eq!(got, code, "SIG{name}");
        assert_cooked(&after, &format!("SIG{name}"));
        assert_eq!(modes, quit_modes, "SIG{name} leaves the terminal as q does");
    }
    let log = std::fs::read_to_string(home.path().join("state/tidings.log")).unwrap();
    assert!(log.contains("exit: SIGTERM"), "{log}");
}

#[test]
fn ctrl_c_quits() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start(home.path());
    r.keys(b"\x03");
    let (code, after, modes) = r.finish();
    assert_eq!(code, 0);
    assert_cooked(&after, "Ctrl-c");
    assert_restores(&modes, "Ctrl-c");
}

#[test]
fn ctrl_z_and_sigtstp_suspend_and_sigcont_brings_the_reader_back() {
    let home = tempfile::tempdir().unwrap();
    let mut r = Reader::start(home.path());
    let pid = r.tidings_pid();
    for (how, stop) in [("Ctrl-z", None), ("SIGTSTP", Some("TSTP"))] {
        let before = r.bytes().len();
        let frames = r.count("Articles");
        match stop {
            None => r.keys(b"\x1a"),
            Some(sig) => r.signal(sig),
        }
        r.wait_until(&format!("{how}: stopped"), || state(pid) == 'T');
        // Stopped with the terminal given back: main screen, mouse off, cursor on,
        // normal modes.
        // (What it wrote before stopping may still be on its way through `script`.)
        r.wait_until(&format!("{how}: the terminal given back"), || {
            let given_back = private_modes(&String::from_utf8_lossy(&r.bytes()[before..]));
            ["1000l", "1006l", "1049l", "25h"]
                .iter()
                .all(|m| given_back.iter().any(|x| x == m))
        });
        assert_cooked(&stty(pid), how);

        let before = r.bytes().len();
        r.signal("CONT");
        // Back: the alternate screen, mouse reporting, raw mode, a full redraw.
        r.wait_for("Articles", frames + 1);
        r.wait_until(&format!("{how}: running"), || state(pid) != 'T');
        let taken = private_modes(&String::from_utf8_lossy(&r.bytes()[before..]));
        assert!(
            taken.iter().any(|m| m == "1049h") && taken.iter().any(|m| m == "1000h"),
            "{how}: {taken:?}"
        );
        assert!(
            stty(pid).split_whitespace().any(|w| w == "-icanon"),
            "{how}: raw mode again"
        );
    }
    // Keys work as before.
    r.keys(b"q");
    let (code, after, modes) = r.finish();
    assert_eq!(code, 0);
    assert_cooked(&after, "q after resuming");
    assert_restores(&modes, "q after resuming");
}

#[test]
fn a_busy_reader_still_picks_up_another_readers_bookmarks() {
    let home = tempfile::tempdir().unwrap();
    let mut a = Reader::start(home.path());
    let mut b = Reader::start(home.path());
    // A bookmarks the ten newest articles.
    a.keys("bj".repeat(10).as_bytes());
    a.wait_for("bookmarked", 10);
    // B gets a key every 100 ms: the timeline's bucket size, which leaves the list's
    // rows alone, so each star B shows is drawn once.
    let start = Instant::now();
    while b.count("★") < 10 {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "B never showed A's ten bookmarks while busy: {} stars",
            b.count("★")
        );
        b.keys(b"z");
        std::thread::sleep(Duration::from_millis(100));
    }
    a.keys(b"q");
    b.keys(b"q");
    assert_eq!(a.finish().0, 0);
    assert_eq!(b.finish().0, 0);
}
