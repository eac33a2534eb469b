//! The reader's log: plain lines appended to `tidings.log` in the state dir, never
//! to the screen. Logging must never stop the reader, so every failure here is
//! swallowed after the file could not be opened once (the caller is told then).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;

/// An open log file, or nothing when it could not be opened.
#[derive(Debug, Default)]
pub struct Log {
    file: Option<File>,
}

/// `--state-dir`, else `$XDG_DATA_HOME/tidings` (`~/.local/share/tidings`).
pub fn state_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    explicit.map(Path::to_path_buf).or_else(|| {
        etcetera::choose_base_strategy()
            .ok()
            .map(|s| s.data_dir().join("tidings"))
    })
}

impl Log {
    /// Opens (creating the folder) `<dir>/tidings.log` for appending.
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("tidings.log"))?;
        Ok(Self { file: Some(file) })
    }

    /// Appends one line with a timestamp and a level. The text is sanitized (it quotes
    /// file names, feed and server errors): a `cat` or `tail -f` of the log must not
    /// run escape sequences.
    pub fn line(&mut self, level: &str, text: &str) {
        if let Some(f) = self.file.as_mut() {
            let _ = writeln!(
                f,
                "{} {level:<5} {}",
                Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
                crate::ingest::html::clean(text).replace('\n', " ")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(&dir.path().join("state")).unwrap();
        log.line("info", "started");
        log.line("error", "two\nlines");
        let text = std::fs::read_to_string(dir.path().join("state/tidings.log")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("info  started"));
        assert!(lines[1].ends_with("error two lines"));
    }

    #[test]
    fn escape_sequences_never_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path()).unwrap();
        log.line(
            "error",
            "/feeds/a\u{1b}]0;pwned\u{7}.xml: <b\u{1b}[2Jx> \u{9b}31m\u{202e}ok",
        );
        let text = std::fs::read_to_string(dir.path().join("tidings.log")).unwrap();
        assert!(text.ends_with("error /feeds/a.xml: <bx> ok\n"), "{text:?}");
    }

    #[test]
    fn an_unwritable_dir_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, "x").unwrap();
        assert!(Log::open(&blocker.join("sub")).is_err());
    }
}
