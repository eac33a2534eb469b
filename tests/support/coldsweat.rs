//! A real Fever API server for tests: coldsweat 0.10.2 (Python, from `PyPI`) in a
//! virtual environment under the target folder, created on first use (serialised by
//! a lock file, so parallel tests install it once; `.ci/run` installs it before the
//! tests). Each test gets its own database in its temp folder and its own port on
//! 127.0.0.1. coldsweat reaches nothing but loopback: its HTTP goes through a proxy
//! address that refuses connections, except for 127.0.0.1 (`NO_PROXY`).
//!
//! The Fever API is at `http://127.0.0.1:PORT/fever/` (`?api&…`, `api_key` =
//! `md5("email:password")`, sent as a form field).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The version the tests run against.
pub const VERSION: &str = "0.10.2";

/// Where the virtual environment lives: `$TIDINGS_COLDSWEAT_VENV`, else
/// `coldsweat-venv` in the target folder.
pub fn venv_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("TIDINGS_COLDSWEAT_VENV") {
        return PathBuf::from(p);
    }
    // CARGO_TARGET_TMPDIR is `<target>/tmp`.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("coldsweat-venv")
}

/// The venv's `flask`, installing coldsweat first if it is not there.
pub fn flask() -> PathBuf {
    let venv = venv_dir();
    let flask = venv.join("bin/flask");
    let stamp = venv.join(format!("coldsweat-{VERSION}.ok"));
    if stamp.is_file() {
        return flask;
    }
    std::fs::create_dir_all(venv.parent().unwrap()).unwrap();
    let lock_path = venv.with_extension("lock");
    let lock = std::fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();
    if !stamp.is_file() {
        let run = |cmd: &mut Command| {
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{cmd:?} failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv));
        run(Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("coldsweat=={VERSION}"),
        ]));
        std::fs::write(&stamp, "").unwrap();
    }
    lock.unlock().unwrap();
    flask
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One coldsweat installation: its database (in `dir`) and one user.
pub struct Coldsweat {
    pub dir: PathBuf,
    pub email: String,
    pub password: String,
    pub port: u16,
    server: Option<Child>,
}

impl Coldsweat {
    /// A new database in `dir` with one user, subscribed to the feeds of `opml`.
    pub fn setup(dir: &Path, opml: &str) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let cs = Self {
            dir: dir.to_path_buf(),
            email: "reader@example.org".into(),
            password: "correct-horse-battery".into(),
            port: free_port(),
            server: None,
        };
        cs.flask(&["setup", &cs.email, "-p", &cs.password]);
        let file = dir.join("subscriptions.opml");
        std::fs::write(&file, opml).unwrap();
        cs.flask(&["import", file.to_str().unwrap(), &cs.email]);
        cs
    }

    fn command(&self) -> Command {
        let mut c = Command::new(flask());
        c.env_clear()
            .env("HOME", &self.dir)
            .env("PATH", "/usr/bin:/bin")
            .env("LANG", "C.UTF-8")
            .env(
                "FLASK_DATABASE_URL",
                format!("sqlite:///{}", self.dir.join("coldsweat.db").display()),
            )
            .env("FLASK_SECRET_KEY", "tests-only")
            // Nothing but loopback: every other address goes to a closed port.
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .args(["--app", "coldsweat"])
            .current_dir(&self.dir);
        c
    }

    /// Runs `flask --app coldsweat ARGS…`; panics with its output when it fails.
    pub fn flask(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "coldsweat {args:?} failed:\n{text}");
        text
    }

    /// Fetches every subscribed feed now.
    pub fn fetch(&self) {
        self.flask(&["fetch"]);
    }

    /// Starts the server on its port and waits until the Fever API answers.
    pub fn start(&mut self) {
        assert!(self.server.is_none(), "already running");
        let log = std::fs::File::create(self.dir.join("server.log")).unwrap();
        let child = self
            .command()
            .args([
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                &self.port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.server = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if self.api("").is_ok() {
                return;
            }
            if let Some(status) = self.server.as_mut().unwrap().try_wait().unwrap() {
                let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap();
                panic!("coldsweat exited ({status}):\n{log}");
            }
            assert!(Instant::now() < deadline, "coldsweat did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Stops the server (its database stays).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.server.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// The Fever API's address, as a user would configure it.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/fever/", self.port)
    }

    /// The Fever API key: md5 of "email:password", lowercase hex.
    pub fn api_key(&self) -> String {
        use md5::{Digest, Md5};
        let d = Md5::digest(format!("{}:{}", self.email, self.password).as_bytes());
        d.iter().fold(String::new(), |mut s, b| {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        })
    }

    /// Asks the Fever API `?api&QUERY` (with the key) and returns its JSON.
    pub fn api(&self, query: &str) -> Result<serde_json::Value, String> {
        self.post(query, &[])
    }

    /// As [`Self::api`], with more form fields (a `mark`).
    pub fn post(&self, query: &str, form: &[(&str, &str)]) -> Result<serde_json::Value, String> {
        let url = if query.is_empty() {
            format!("{}?api", self.url())
        } else {
            format!("{}?api&{query}", self.url())
        };
        let key = self.api_key();
        let mut fields = vec![("api_key", key.as_str())];
        fields.extend_from_slice(form);
        let mut resp = ureq::post(&url)
            .send_form(fields)
            .map_err(|e| e.to_string())?;
        let body = resp
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?;
        serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))
    }

    /// The ids in a comma-separated id list the server answers (`unread_item_ids`).
    pub fn ids(&self, what: &str) -> Vec<u64> {
        let v = self.api(what).unwrap();
        let mut ids: Vec<u64> = v[what]
            .as_str()
            .unwrap_or_default()
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Every item the server has, by paging `since_id`.
    pub fn items(&self) -> Vec<serde_json::Value> {
        let mut out: Vec<serde_json::Value> = Vec::new();
        let mut since = 0;
        loop {
            let v = self.api(&format!("items&since_id={since}")).unwrap();
            let items = v["items"].as_array().cloned().unwrap_or_default();
            if items.is_empty() {
                return out;
            }
            since = items.iter().filter_map(|i| i["id"].as_u64()).max().unwrap();
            out.extend(items);
        }
    }
}

impl Drop for Coldsweat {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An OPML file subscribing to `feeds` (title, URL) in group `group`.
pub fn opml(group: &str, feeds: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<opml version=\"1.0\"><head><title>tests</title></head><body>\n",
    );
    s.push_str(&["<outline text=\"", group, "\" title=\"", group, "\">\n"].concat());
    for (title, url) in feeds {
        s.push_str(
            &[
                "<outline type=\"rss\" text=\"",
                title,
                "\" title=\"",
                title,
                "\" xmlUrl=\"",
                url,
                "\"/>\n",
            ]
            .concat(),
        );
    }
    s += "</outline></body></opml>\n";
    s
}
