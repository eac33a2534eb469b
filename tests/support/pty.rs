//! The real reader in a pseudo-terminal made by `script` (util-linux): keys in,
//! everything written to the terminal out, with waits for what should appear.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `script` running `inner` (a shell command line) in a pseudo-terminal, and all it
/// has written so far.
pub struct Pty {
    pub script: Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    /// Starts `inner` with a clean environment whose home is `home`.
    pub fn spawn(home: &Path, inner: &str) -> Self {
        let mut script = Command::new("script")
            .args(["-qfec", inner, "/dev/null"])
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("TERM", "xterm-256color")
            .env("TZ", "UTC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script(1) from util-linux runs the reader in a pseudo-terminal");
        let out = Arc::new(Mutex::new(Vec::new()));
        let mut pipe = script.stdout.take().unwrap();
        let sink = Arc::clone(&out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Self { script, out }
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.out.lock().unwrap().clone()
    }

    pub fn count(&self, needle: &str) -> usize {
        String::from_utf8_lossy(&self.bytes())
            .matches(needle)
            .count()
    }

    /// Waits (up to 15 s) until `done`; fails naming `what` and showing the output.
    pub fn wait_until(&self, what: &str, mut done: impl FnMut() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "{what} never happened; the terminal got {:?}",
                String::from_utf8_lossy(&self.bytes())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until `needle` has been written `times` times.
    pub fn wait_for(&self, needle: &str, times: usize) {
        self.wait_until(&format!("{needle:?} x{times}"), || {
            self.count(needle) >= times
        });
    }

    pub fn keys(&mut self, keys: &[u8]) {
        let stdin = self.script.stdin.as_mut().unwrap();
        stdin.write_all(keys).unwrap();
        stdin.flush().unwrap();
    }
}

/// The processes whose parent is `pid` (to reach the reader under `script`'s shell).
pub fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}
