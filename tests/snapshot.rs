//! Folder snapshots: a folder's unchanged files are taken from what the last run
//! remembered (keyed by path, size and modification time), changed, new and removed
//! files are noticed, and a damaged snapshot is never trusted.

mod support;

use std::fs::{self, File};
use std::path::Path;
use std::time::{Duration, SystemTime};

use support::utc;
use tidings::ingest::{self, SourceSpec};
use tidings::model::{Article, Library};

const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quay Notes</title><link>https://quay.example/</link>
<item><title>Pontoon reopens after repairs</title><link>https://quay.example/pontoon</link>
<pubDate>Tue, 10 Nov 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The &lt;b&gt;east pontoon&lt;/b&gt; takes boats again from Monday.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;new cleats&lt;/li&gt;&lt;/ul&gt;</description></item>
<item><title>Fuel berth hours change</title><link>https://quay.example/fuel</link>
<pubDate>Wed, 11 Nov 2026 08:00:00 GMT</pubDate>
<description>Open from seven until dusk.</description></item>
</channel></rss>"#;

fn article(title: &str) -> String {
    format!(
        "Posted: 2026-11-12 09:30\nTags: harbour\n\n{title}\n\nA body of a few words about {title}.\n"
    )
}

fn load(root: &Path, snaps: &Path) -> Library {
    ingest::load(&[SourceSpec::path(root)], utc(), Some(snaps))
}

fn titles(lib: &Library) -> Vec<String> {
    let mut t: Vec<String> = lib.articles.iter().map(|a| a.title.clone()).collect();
    t.sort();
    t
}

/// Rewrites `path` with `text` of the same length and puts its modification time back,
/// so that only a reader that parses the file again can see the change.
fn rewrite_unnoticed(path: &Path, text: &str) {
    let before = fs::metadata(path).unwrap();
    assert_eq!(before.len(), text.len() as u64, "the test keeps the size");
    fs::write(path, text).unwrap();
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("news");
    fs::create_dir_all(root.join("local")).unwrap();
    fs::write(root.join("quay.rss"), RSS).unwrap();
    fs::write(root.join("local/lifeboat.txt"), article("Lifeboat day")).unwrap();
    fs::write(root.join("local/regatta.txt"), article("Regatta plans")).unwrap();
    let snaps = tmp.path().join("state/snapshots");
    (tmp, root, snaps)
}

#[test]
fn unchanged_files_come_from_the_snapshot() {
    let (_tmp, root, snaps) = setup();
    let first = load(&root, &snaps);
    assert_eq!(first.articles.len(), 4);
    assert_eq!(
        fs::read_dir(&snaps).unwrap().count(),
        1,
        "one snapshot file"
    );

    // Same size and time: the snapshot answers, so the old title is still shown.
    rewrite_unnoticed(&root.join("local/regatta.txt"), &article("Regatta PLANS"));
    let second = load(&root, &snaps);
    assert_eq!(titles(&first), titles(&second));
    assert_eq!(first.sources, second.sources);
    // Stored HTML and bodies compare by where they are kept (each load opens the
    // snapshot anew): the texts are compared by reading them, the rest as it is.
    let bare = |a: &Article| Article {
        html: None,
        body: a.plain().into_owned().into(),
        ..a.clone()
    };
    for (a, b) in first.articles.iter().zip(&second.articles) {
        assert_eq!(bare(a), bare(b), "the remembered article is the parsed one");
        assert_eq!(a.html_text(), b.html_text(), "the remembered HTML");
    }
}

#[test]
fn a_stored_body_is_read_by_the_loop_not_by_update() {
    use tidings::app::{Action, Background, Msg, update};
    let (_tmp, root, snaps) = setup();
    load(&root, &snaps);
    let lib = load(&root, &snaps);
    let mut s = support::reader(lib, 100, 30);
    while !support::selected_title(&s).starts_with("Pontoon") {
        update(&mut s, Msg::Action(Action::Next));
    }
    let pane = support::pane_text;
    // Selecting it read nothing: the header, a placeholder, and a job for the loop.
    assert!(pane(&s).contains("Rendering the article"), "{}", pane(&s));
    let job = s.take_render_job().expect("a job that reads the body");
    assert!(
        !job.in_background(),
        "small: the loop runs it before drawing"
    );
    update(
        &mut s,
        Msg::Background(Background::Rendered(Box::new(job.run()))),
    );
    // The HTML rendered (a list item), not the plain body.
    assert!(pane(&s).contains("• new cleats"), "{}", pane(&s));
    assert!(s.take_render_job().is_none());
}

#[test]
fn html_is_read_back_from_the_snapshot() {
    let (_tmp, root, snaps) = setup();
    let first = load(&root, &snaps);
    let second = load(&root, &snaps);
    let pontoon = |lib: &Library| {
        lib.articles
            .iter()
            .find(|a| a.title.starts_with("Pontoon"))
            .unwrap()
            .clone()
    };
    let (a, b) = (pontoon(&first), pontoon(&second));
    let html = b.html.as_ref().expect("the HTML body is kept");
    assert!(!html.is_owned(), "the second run leaves HTML on disk");
    assert_eq!(b.html_text().unwrap(), a.html_text().unwrap());
    assert!(b.html_text().unwrap().contains("<b>east pontoon</b>"));
    assert!(
        b.plain().contains("east pontoon"),
        "the plain body is in memory"
    );
}

#[test]
fn changed_new_and_removed_files_are_noticed() {
    let (_tmp, root, snaps) = setup();
    load(&root, &snaps);
    fs::write(
        root.join("local/regatta.txt"),
        article("Regatta moved to June"),
    )
    .unwrap();
    fs::write(root.join("local/ferry.txt"), article("Ferry timetable")).unwrap();
    fs::remove_file(root.join("local/lifeboat.txt")).unwrap();
    let lib = load(&root, &snaps);
    assert_eq!(
        titles(&lib),
        [
            "Ferry timetable",
            "Fuel berth hours change",
            "Pontoon reopens after repairs",
            "Regatta moved to June"
        ]
    );
    // A file touched with a new time but the same size is parsed again too.
    let path = root.join("local/ferry.txt");
    fs::write(&path, article("Ferry TIMETABLE")).unwrap();
    let later = SystemTime::now() + Duration::from_secs(5);
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert!(titles(&load(&root, &snaps)).contains(&"Ferry TIMETABLE".to_string()));
}

#[test]
fn a_damaged_snapshot_is_ignored_and_replaced() {
    let (_tmp, root, snaps) = setup();
    let first = load(&root, &snaps);
    let snap = fs::read_dir(&snaps)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let len = fs::metadata(&snap).unwrap().len();
    for damage in [
        b"not a snapshot".to_vec(),
        Vec::new(),
        fs::read(&snap).unwrap()[..(len / 2) as usize].to_vec(),
    ] {
        fs::write(&snap, &damage).unwrap();
        // Nothing remembered: a changed file is read afresh, nothing is lost.
        rewrite_unnoticed(&root.join("local/regatta.txt"), &article("Regatta PLANS"));
        let lib = load(&root, &snaps);
        assert_eq!(lib.articles.len(), first.articles.len());
        assert!(titles(&lib).contains(&"Regatta PLANS".to_string()));
        assert!(lib.sources.iter().all(|s| s.error.is_none()));
        fs::write(root.join("local/regatta.txt"), article("Regatta plans")).unwrap();
        load(&root, &snaps);
    }
    // The snapshot was written again and is trusted again.
    let again = load(&root, &snaps);
    assert!(
        again
            .articles
            .iter()
            .filter(|a| a.html.is_some())
            .all(|a| !a.html.as_ref().unwrap().is_owned())
    );
}

#[test]
fn a_snapshot_from_another_zone_is_not_used() {
    let (_tmp, root, snaps) = setup();
    let utc_lib = load(&root, &snaps);
    let minsk: tidings::zone::Zone = "Europe/Minsk".parse().unwrap();
    let lib = ingest::load(&[SourceSpec::path(&root)], minsk, Some(&snaps));
    let date = |lib: &Library| {
        lib.articles
            .iter()
            .find(|a| a.title == "Lifeboat day")
            .unwrap()
            .date()
    };
    // 09:30 without an offset is three hours earlier in UTC when read in Minsk.
    assert_eq!(
        date(&utc_lib).unwrap() - date(&lib).unwrap(),
        chrono::Duration::hours(3)
    );
}

#[test]
fn an_unwritable_snapshot_folder_is_a_warning_and_nothing_else() {
    let (tmp, root, _) = setup();
    let blocked = tmp.path().join("a-file");
    fs::write(&blocked, "not a folder").unwrap();
    let lib = load(&root, &blocked.join("snapshots"));
    assert_eq!(lib.articles.len(), 4);
    let warned: Vec<&String> = lib.sources.iter().flat_map(|s| &s.warnings).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("cannot remember this folder")),
        "{warned:?}"
    );
    assert!(
        lib.articles
            .iter()
            .any(|a| a.html.as_ref().is_some_and(tidings::model::Html::is_owned))
    );
}

#[test]
fn snapshots_not_read_for_a_month_are_removed() {
    let (_tmp, root, snaps) = setup();
    load(&root, &snaps);
    let ours = fs::read_dir(&snaps)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let long_ago = SystemTime::now() - Duration::from_secs(40 * 24 * 3600);
    let age = |path: &Path| {
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    };
    // A snapshot of a folder named once, long ago, and a half-written one.
    let other = snaps.join("0123456789abcdef.snap");
    let half = snaps.join("0123456789abcdef.tmp4242");
    fs::write(&other, b"an old snapshot").unwrap();
    fs::write(&half, b"half").unwrap();
    age(&other);
    age(&half);
    // Ours is old too, but this run reads it: it stays.
    age(&ours);
    load(&root, &snaps);
    assert!(ours.exists(), "a snapshot in use stays");
    assert!(!other.exists(), "an unused one goes");
    assert!(!half.exists(), "a stale temporary file goes");
    let used = fs::metadata(&ours).unwrap().modified().unwrap();
    assert!(used > SystemTime::now() - Duration::from_secs(3600));
}

/// The article titled `prefix…` of `lib`.
fn find(lib: &Library, prefix: &str) -> Article {
    lib.articles
        .iter()
        .find(|a| a.title.starts_with(prefix))
        .map_or_else(|| panic!("no article {prefix}"), |a| (**a).clone())
}

/// The article pane for the article titled `prefix…` of `lib`, after the loop ran
/// the job that reads its stored body.
fn shown(lib: Library, prefix: &str) -> String {
    use tidings::app::{Action, Background, Msg, update};
    let mut s = support::reader(lib, 100, 30);
    while !support::selected_title(&s).starts_with(prefix) {
        update(&mut s, Msg::Action(Action::Next));
    }
    if let Some(job) = s.take_render_job() {
        update(
            &mut s,
            Msg::Background(Background::Rendered(Box::new(job.run()))),
        );
    }
    support::pane_text(&s)
}

fn snapshot_bytes(snaps: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for e in fs::read_dir(snaps).unwrap() {
        all.extend(fs::read(e.unwrap().path()).unwrap());
    }
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Sets `path`'s modification time `secs` later than it is.
fn touch_later(path: &Path, secs: u64) {
    let m = fs::metadata(path).unwrap().modified().unwrap();
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(m + Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn a_snapshot_without_html_copies_renders_from_the_feed_file_until_it_changes() {
    let (_tmp, root, snaps) = setup();
    let feed = root.join("quay.rss");
    load(&root, &snaps);
    // The snapshot holds no copy of the HTML: it says where it lies in quay.rss.
    let snap = snapshot_bytes(&snaps);
    assert!(!contains(&snap, "<b>east pontoon</b>"), "no HTML copy");
    assert!(
        contains(&snap, &feed.display().to_string()),
        "the file is named"
    );

    // A second start reads the snapshot: the HTML comes from the feed file.
    let second = load(&root, &snaps);
    let html = find(&second, "Pontoon")
        .html
        .expect("the HTML body is kept");
    assert!(!html.is_owned());
    assert!(
        html.text()
            .unwrap()
            .starts_with("<p>The <b>east pontoon</b>")
    );
    let pane = shown(second.clone(), "Pontoon");
    assert!(pane.contains("• new cleats"), "{pane}");
    // Its plain body, for search and export, is read from the snapshot.
    let pontoon = find(&second, "Pontoon");
    assert!(!pontoon.body.is_owned());
    assert_eq!(
        pontoon.plain(),
        "The east pontoon takes boats again from Monday.\n\nnew cleats"
    );
    // A text article's body is read from the snapshot.
    let regatta = find(&second, "Regatta");
    assert!(!regatta.body.is_owned());
    assert!(
        regatta
            .plain()
            .contains("A body of a few words about Regatta plans.")
    );

    // The file is edited: the articles read before cannot read the new bytes as
    // theirs; they say so and show the plain text they had, never other bytes (the
    // watcher, or the next start, reads the file again).
    fs::write(&feed, RSS.replace("new cleats", "NEW CLEATS, and fenders")).unwrap();
    touch_later(&feed, 5);
    assert!(html.try_text().is_err());
    let pane = shown(second.clone(), "Pontoon");
    assert!(
        pane.contains("The formatted body could not be read"),
        "{pane}"
    );
    assert!(
        pane.contains("new cleats") && !pane.contains("NEW CLEATS"),
        "{pane}"
    );
    // The text articles beside it are as they were.
    let pane = shown(second.clone(), "Regatta");
    assert!(
        pane.contains("A body of a few words about Regatta"),
        "{pane}"
    );
    // The next start (or the watcher) parses it again and shows the new content,
    // and so does the start after that, from the new snapshot.
    for _ in 0..2 {
        let lib = load(&root, &snaps);
        let pane = shown(lib, "Pontoon");
        assert!(pane.contains("• NEW CLEATS, and fenders"), "{pane}");
    }

    // Removed: a clear message again, never other bytes; then the article is gone.
    let third = load(&root, &snaps);
    fs::remove_file(&feed).unwrap();
    let pane = shown(third, "Pontoon");
    assert!(
        pane.contains("The formatted body could not be read"),
        "{pane}"
    );
    let fourth = load(&root, &snaps);
    assert!(
        fourth
            .articles
            .iter()
            .all(|a| !a.title.starts_with("Pontoon"))
    );
}

#[test]
fn html_that_cannot_be_placed_in_the_file_is_copied_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("news");
    fs::create_dir_all(&root).unwrap();
    let snaps = tmp.path().join("state/snapshots");
    // CDATA and references read back from the file; a comment inside the text, a
    // declared entity, markup kept whole and base64 are copied.
    fs::write(
        root.join("placed.rss"),
        r#"<rss version="2.0"><channel><title>P</title>
<item><title>Cdata mix</title><guid>a</guid><description>&lt;p&gt;one &amp;amp; <![CDATA[<i>two</i> & three]]> &eacute;&#233;&lt;/p&gt;</description></item>
<item><title>Commented</title><guid>b</guid><description>&lt;p&gt;keep<!-- note -->&lt;/p&gt;</description></item>
<item><title>Inline markup</title><guid>c</guid><description><p>inline <b>bold</b></p></description></item>
</channel></rss>"#,
    )
    .unwrap();
    fs::write(
        root.join("declared.rss"),
        r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY who "the &lt;b&gt;harbour&lt;/b&gt; master">]>
<rss version="2.0"><channel><title>D</title>
<item><title>Declared</title><guid>d</guid><description>&lt;p&gt;by &who;&lt;/p&gt;</description></item>
</channel></rss>"#,
    )
    .unwrap();
    fs::write(
        root.join("b64.atom"),
        r#"<feed xmlns="http://www.w3.org/2005/atom"><title>B</title>
<entry><id>e</id><title>Base64</title><content type="html" mode="base64">PHA+PGI+YmFzZTwvYj4gc2l4dHktZm91cjwvcD4=</content></entry>
<entry><id>f</id><title>Xhtml</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x <b>html</b></p></div></content></entry>
</feed>"#,
    )
    .unwrap();
    let first = load(&root, &snaps);
    let second = load(&root, &snaps);
    let expect = [
        ("Cdata mix", "<i>two</i> & three", true),
        ("Commented", "keep", false),
        ("Inline markup", "<b>bold</b>", false),
        ("Declared", "<b>harbour</b>", false),
        ("Base64", "<b>base</b>", false),
        ("Xhtml", "<b>html</b>", false),
    ];
    for (title, part, in_file) in expect {
        let (a, b) = (find(&first, title), find(&second, title));
        let (a, b) = (a.html.unwrap(), b.html.unwrap());
        assert_eq!(a.text(), b.text(), "{title}");
        assert!(b.text().unwrap().contains(part), "{title}: {:?}", b.text());
        let snap = snapshot_bytes(&snaps);
        assert_eq!(!contains(&snap, part), in_file, "{title}");
    }
}

#[test]
fn the_snapshot_of_a_big_feed_is_a_small_part_of_it() {
    use std::fmt::Write;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("news");
    fs::create_dir_all(&root).unwrap();
    let snaps = tmp.path().join("state/snapshots");
    let mut rss = String::from(
        r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title>"#,
    );
    for i in 0..400 {
        let para = format!(
            "<p class=\"lead\">Paragraph about the harbour, item {i}, with <a href=\"https://quay.example/news/{i}?from=feed\">a link</a> and <em>more</em> words.</p>"
        );
        writeln!(
            rss,
            "<item><title>Item {i}</title><guid>g{i}</guid><pubDate>Tue, 10 Nov 2026 08:00:00 GMT</pubDate><description>Item {i} in short.</description><content:encoded><![CDATA[{}]]></content:encoded></item>",
            para.repeat(20)
        )
        .unwrap();
    }
    rss.push_str("</channel></rss>");
    fs::write(root.join("big.rss"), &rss).unwrap();
    let first = load(&root, &snaps);
    assert_eq!(first.articles.len(), 400);
    let bytes = snapshot_bytes(&snaps);
    assert!(!contains(&bytes, "item 5, with <a href"), "no HTML copy");
    // What is left is mostly the plain bodies (for search and the list); a copy of
    // the HTML would make the snapshot larger than the feed.
    let snap = bytes.len();
    assert!(
        snap * 2 < rss.len(),
        "snapshot {snap} bytes for a feed of {}",
        rss.len()
    );
    let second = load(&root, &snaps);
    for (a, b) in first.articles.iter().zip(&second.articles) {
        assert_eq!(a.html_text(), b.html_text());
    }
}
