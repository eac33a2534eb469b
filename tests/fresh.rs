//! Keeping the reader current (issue 13, points 6 and 7): feeds with nothing cached or
//! not fetched for `refresh_on_start` minutes are fetched when the reader starts, with
//! the gauge and a list pane that says so; local files and folders are read again when
//! they change on disk (and on `R`), the selection staying on its article.
//!
//! The last two tests run the real binary in a pseudo-terminal (`support::pty`) and
//! read its screen through a terminal emulator (`vt100`): ratatui writes only the
//! cells that change, so a text on screen is not always a run of bytes in the output.

#[path = "support/http.rs"]
mod http;
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use http::{Response, Server, rss};
use support::pty::Pty;
use support::*;
use tidings::app::update::background::Reread;
use tidings::app::{Action, AppState, Background, Effect, FeedDone, Msg, update};
use tidings::config::Config;
use tidings::model::{Article, Library, SourceId};
use tidings::store::{FeedMeta, Store};

const HOUR: Duration = Duration::from_secs(3600);

fn minutes(n: i64) -> chrono::Duration {
    chrono::Duration::minutes(n)
}

/// Caches `url` as fetched at `when` with one article.
fn cache(store: &mut Store, url: &str, when: chrono::DateTime<chrono::Utc>) {
    let doc = rss("Wire", &[("g1", "One", "b")]);
    let articles = tidings::ingest::feed::parse(
        doc.as_bytes(),
        &SourceId::derive(url),
        url,
        tidings::zone::Zone::Local,
    )
    .unwrap()
    .articles;
    let meta = FeedMeta {
        title: Some("Wire".into()),
        kind: None,
        link: None,
        description: None,
    };
    store
        .save_feed(
            url,
            &meta,
            &articles,
            &tidings::fetch::Validators::default(),
            None,
            when,
        )
        .unwrap();
}

#[test]
fn stale_feeds_are_the_ones_never_fetched_empty_or_fetched_too_long_ago() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = now();
    let url = |name: &str| format!("https://feeds.example.org/{name}.xml");
    cache(&mut store, &url("old"), now - minutes(120));
    cache(&mut store, &url("fresh"), now - minutes(10));
    cache(&mut store, &url("hour"), now - minutes(60));
    // Fetched a moment ago, but it failed and nothing is cached.
    store
        .record_fetch(&url("failed"), Some("HTTP 500"), None, now - minutes(5))
        .unwrap();
    let urls: Vec<String> = ["old", "fresh", "hour", "failed", "never"]
        .iter()
        .map(|n| url(n))
        .collect();
    let stale = tidings::refresh::stale(&store, &urls, now, Some(HOUR));
    assert_eq!(
        stale,
        [url("old"), url("hour"), url("failed"), url("never")],
        "older than the limit (or just at it), nothing cached, never fetched"
    );
    let day = Some(24 * HOUR);
    assert_eq!(
        tidings::refresh::stale(&store, &urls, now, day),
        [url("failed"), url("never")]
    );
    // refresh_on_start = 0: nothing, not even what was never fetched.
    assert!(tidings::refresh::stale(&store, &urls, now, None).is_empty());
}

/// A reader over one URL source with nothing cached, as after `tidings add URL`.
fn new_feed_reader(urls: &[&str]) -> AppState {
    let mut sources = Vec::new();
    for u in urls {
        sources.push(tidings::refresh::source_of_cached(None, u, None, &[], Vec::new()).0);
    }
    reader(Library::new(sources, Vec::<Article>::new()), 120, 40)
}

fn screen(s: &AppState) -> String {
    format!("{:?}", draw(s).backend())
}

#[test]
fn a_start_with_a_stale_feed_fetches_it_and_the_empty_list_says_so() {
    let url = "https://feeds.example.org/new.xml";
    let mut s = new_feed_reader(&[url]);
    assert!(screen(&s).contains("no articles loaded"));
    let effect = update(
        &mut s,
        Msg::Background(Background::Stale(vec![url.to_string()])),
    );
    assert_eq!(effect, Effect::Fetch(vec![url.to_string()]));
    assert_eq!(s.notices.fetching().map(|p| p.total), Some(1));
    let frame = screen(&s);
    assert!(frame.contains("fetching 1 feed…"), "{frame}");
    assert!(
        frame.contains("fetching ▱▱▱▱▱▱▱▱▱▱ 0/1"),
        "the gauge: {frame}"
    );
    assert!(!frame.contains("no articles loaded"), "{frame}");
    assert!(frame.contains("all articles · no articles yet"), "{frame}");
    assert!(!frame.contains("all articles · 0 of 0"), "{frame}");
    assert!(!frame.contains(" 0/0 "), "{frame}");

    // The feed arrives: its articles are listed, and the message is gone.
    let src = s.lib.sources[0].clone();
    let mut articles = tidings::ingest::feed::parse(
        rss("New", &[("a", "Tram line approved", "b")]).as_bytes(),
        &src.id,
        url,
        tidings::zone::Zone::Local,
    )
    .unwrap()
    .articles;
    for a in &mut articles {
        a.source = src.id.clone();
    }
    let done = FeedDone {
        url: url.to_string(),
        failed: None,
        moved_to: None,
        merged: Some((src, articles.into_iter().map(|a| *a).collect())),
    };
    update(&mut s, Msg::Background(Background::Fetched(Box::new(done))));
    update(&mut s, Msg::Background(Background::FetchDone));
    let frame = screen(&s);
    assert!(frame.contains("Tram line approved"), "{frame}");
    assert!(!frame.contains("fetching 1 feed"), "{frame}");
    assert!(
        frame.contains("fetched 1 feed") && !frame.contains("fetched 1 feeds"),
        "{frame}"
    );
}

#[test]
fn the_empty_list_counts_the_feeds_being_fetched() {
    let urls = ["https://a.example.org/f.xml", "https://b.example.org/f.xml"];
    let mut s = new_feed_reader(&urls);
    let stale = urls.iter().map(ToString::to_string).collect();
    assert!(matches!(
        update(&mut s, Msg::Background(Background::Stale(stale))),
        Effect::Fetch(u) if u.len() == 2
    ));
    let frame = screen(&s);
    assert!(frame.contains("fetching 2 feeds…"), "{frame}");
    // A second start-up list while fetching, or an empty one: nothing more to do.
    let again = vec![urls[0].to_string()];
    assert_eq!(
        update(&mut s, Msg::Background(Background::Stale(again))),
        Effect::None
    );
    let mut quiet = new_feed_reader(&urls);
    assert_eq!(
        update(&mut quiet, Msg::Background(Background::Stale(Vec::new()))),
        Effect::None
    );
    assert!(quiet.notices.fetching().is_none());
}

#[test]
fn shift_r_reads_local_sources_again_even_with_no_feed() {
    // The fixtures are files and folders: nothing to fetch, but R reads them again.
    let mut s = state(120, 40);
    assert_eq!(
        update(&mut s, Msg::Action(Action::RefreshAll)),
        Effect::RefreshAll(Vec::new())
    );
    assert!(s.notices.fetching().is_none());
    assert!(screen(&s).contains("reading local files and folders again…"));
    update(&mut s, Msg::Background(Background::RereadDone(2)));
    assert!(screen(&s).contains("read 2 local sources again"));
    update(&mut s, Msg::Background(Background::RereadDone(0)));
    assert!(screen(&s).contains("nothing to refresh"));
    // `r` on an article from a file still has nothing to fetch.
    assert_eq!(update(&mut s, Msg::Action(Action::Refresh)), Effect::None);
}

const ONE: &str = "Posted: 20.11.2026 10:00\n\nHarbour report one\n\nThe harbour opened.\n";
const TWO: &str = "Posted: 22.11.2026 10:00\n\nHarbour report two\n\nThe ferry ran.\n";
const THREE: &str = "Posted: 26.11.2026 10:00\n\nQuayside fair\n\nLanterns.\n";

/// What `dir` holds now, read as the reader does, for `update`.
fn reread(root: &Path, snapshots: &Path) -> Reread {
    let roots = tidings::library::local_roots(&Config::defaults(), &[root.to_path_buf()]);
    assert_eq!(roots.len(), 1);
    let refs: Vec<_> = roots.iter().collect();
    let lib = tidings::library::reread(&refs, utc(), Some(snapshots));
    Reread {
        roots: vec![roots[0].location()],
        sources: lib.sources,
        articles: lib.articles,
    }
}

fn titles(s: &AppState) -> Vec<String> {
    let mut t: Vec<String> = s.lib.articles.iter().map(|a| a.title.clone()).collect();
    t.sort();
    t
}

#[test]
fn a_folder_read_again_replaces_its_sources_and_keeps_the_selection() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    let snaps = tmp.path().join("state/snapshots");
    std::fs::create_dir_all(news.join("sport")).unwrap();
    std::fs::write(news.join("one.txt"), ONE).unwrap();
    std::fs::write(news.join("sport/two.txt"), TWO).unwrap();
    std::fs::write(
        news.join("wire.xml"),
        rss("Wire", &[("w1", "Wire item", "b")]),
    )
    .unwrap();
    // Another source beside it stays as it is.
    let other = tmp.path().join("other.txt");
    std::fs::write(&other, THREE.replace("Quayside", "Other")).unwrap();
    let specs = [
        tidings::ingest::SourceSpec::path(&news),
        tidings::ingest::SourceSpec::path(&other),
    ];
    let mut s = reader(tidings::ingest::load(&specs, utc(), Some(&snaps)), 120, 40);
    assert_eq!(
        s.lib.sources.len(),
        3,
        "the text source, the feed, the file"
    );
    // An article in the middle of the list selected.
    while selected_title(&s) != "Harbour report one" {
        act(&mut s, &[Action::Next]);
    }
    assert!(s.list.cursor() > 0);

    // A file added, the feed document removed, a file changed.
    std::fs::write(news.join("three.txt"), THREE).unwrap();
    std::fs::remove_file(news.join("wire.xml")).unwrap();
    std::fs::write(
        news.join("sport/two.txt"),
        TWO.replace("report two", "report two, updated"),
    )
    .unwrap();
    let r = reread(&news, &snaps);
    update(&mut s, Msg::Background(Background::Reread(Box::new(r))));
    assert_eq!(
        titles(&s),
        [
            "Harbour report one",
            "Harbour report two, updated",
            "Other fair",
            "Quayside fair"
        ]
    );
    assert_eq!(s.lib.sources.len(), 2, "the feed's source is gone with it");
    assert_eq!(selected_title(&s), "Harbour report one");
    // The new article is tagged by its folder as at start, and reads its body.
    let two = s
        .lib
        .articles
        .iter()
        .find(|a| a.title.starts_with("Harbour report two"))
        .unwrap();
    assert!(two.tags.iter().any(|t| t.is("sport")));

    // The snapshot was renewed: a fresh start reads what the reread read.
    let again = tidings::ingest::load(&specs[..1], utc(), Some(&snaps));
    let mut fresh: Vec<String> = again.articles.iter().map(|a| a.title.clone()).collect();
    fresh.sort();
    assert_eq!(
        fresh,
        [
            "Harbour report one",
            "Harbour report two, updated",
            "Quayside fair"
        ]
    );

    // The selected article's file removed: the selection moves on, nothing breaks.
    std::fs::remove_file(news.join("one.txt")).unwrap();
    let r = reread(&news, &snaps);
    update(&mut s, Msg::Background(Background::Reread(Box::new(r))));
    assert_eq!(s.lib.articles.len(), 3);
    assert!(s.selected().is_some());
}

#[test]
fn folders_inside_each_other_are_read_together() {
    let tmp = tempfile::tempdir().unwrap();
    for d in ["news/press", "news/sport", "other"] {
        std::fs::create_dir_all(tmp.path().join(d)).unwrap();
    }
    let named: Vec<PathBuf> = ["news", "news/press", "other", "missing"]
        .iter()
        .map(|d| tmp.path().join(d))
        .collect();
    let roots = tidings::library::local_roots(&Config::defaults(), &named);
    assert_eq!(
        roots.len(),
        3,
        "a root that is not there is not kept current"
    );
    assert!(roots.iter().all(|r| r.folder && r.path.is_absolute()));
    assert_eq!(tidings::library::read_together(&roots, 0), [0, 1]);
    assert_eq!(tidings::library::read_together(&roots, 1), [0, 1]);
    assert_eq!(tidings::library::read_together(&roots, 2), [2]);
}

// ---- The real binary in a pseudo-terminal. ----

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tidings"))
}

/// The reader at 120x40; killed when dropped.
struct Reader {
    pty: Pty,
}

impl Reader {
    fn start(home: &Path, args: &str) -> Self {
        let inner = format!(
            "stty cols 120 rows 40; exec {} --state-dir {} --now=2026-11-28T12:00:00Z {args}",
            bin().display(),
            home.join("state").display()
        );
        Self {
            pty: Pty::spawn(home, &inner),
        }
    }

    /// The screen as a terminal shows it now.
    fn screen(&self) -> String {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut term = vt100::Parser::new(size(40), size(120), 0);
        term.process(&self.pty.bytes());
        term.screen().contents()
    }

    /// Waits up to `secs` seconds until the screen passes `test`.
    fn wait_screen(&self, secs: u64, what: &str, test: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if test(&screen) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "{what} not on screen within {secs} s; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Ok(None) = self.pty.script.try_wait() {
            self.pty.keys(b"\x03");
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(3) {
                if let Ok(Some(_)) = self.pty.script.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.pty.script.kill();
            let _ = self.pty.script.wait();
        }
    }
}

#[test]
fn a_new_feed_is_fetched_at_start_without_a_key() {
    let server = Server::start(|req| {
        if req.path == "/wire.xml" {
            let body = rss(
                "Loopback Wire",
                &[
                    ("k1", "Kettle drums at dawn", "b"),
                    ("k2", "Ferry timetable changes", "b"),
                ],
            );
            // Slow enough for the waiting screen to be seen.
            Response::ok(body).delay(Duration::from_millis(1500))
        } else {
            Response::status(404)
        }
    });
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/tidings");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[[sources]]\nurl = \"{}\"\n", server.url("/wire.xml")),
    )
    .unwrap();
    let r = Reader::start(home.path(), "");
    r.wait_screen(10, "the fetch under way", |s| {
        s.contains("fetching 1 feed…") || s.contains("fetching ▱")
    });
    r.wait_screen(15, "the feed's articles", |s| {
        s.contains("Kettle drums at dawn") && s.contains("Ferry timetable changes")
    });
    assert_eq!(server.hits("/wire.xml"), 1);
}

#[test]
fn a_file_written_into_a_watched_folder_appears_and_goes() {
    let home = tempfile::tempdir().unwrap();
    let news = home.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(news.join("one.txt"), ONE).unwrap();
    let r = Reader::start(home.path(), &news.display().to_string());
    r.wait_screen(10, "the first article", |s| {
        s.contains("Harbour report one") && s.contains(" 1/1 ")
    });
    // Written under another name and renamed, as editors and downloads do; then a
    // second file written in place.
    let tmp = news.join(".three.txt.part");
    std::fs::write(&tmp, THREE).unwrap();
    std::fs::rename(&tmp, news.join("three.txt")).unwrap();
    r.wait_screen(5, "the added article", |s| s.contains("Quayside fair"));
    // Newer, so listed first: the selection stayed on the first article, now second.
    r.wait_screen(5, "the selection on the same article", |s| {
        s.contains(" 2/2 ")
    });
    std::fs::remove_file(news.join("three.txt")).unwrap();
    r.wait_screen(5, "the removed article gone", |s| {
        !s.contains("Quayside fair") && s.contains(" 1/1 ")
    });
}
