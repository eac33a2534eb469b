//! Speed on generated data: `cargo bench` (results in the README).
//! Parse throughput per format, ingest of 10k and 100k-article folders, loading 100k
//! cached articles from the database, filtering 100k, building the timeline, and
//! rendering one 200x60 frame.

#[path = "support/corpus.rs"]
mod corpus;

// The binary's allocator, so that the numbers are the binary's (src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use tidings::app::AppState;
use tidings::config::DEFAULT_TOML;
use tidings::ingest::{self, SourceSpec, feed, text};
use tidings::keymap::Keymap;
use tidings::model::{Library, SourceId};
use tidings::query::{NoState, Query, SearchIndex};
use tidings::timeline::Histogram;
use tidings::zone::Zone;

fn main() {
    divan::main();
}

fn utc() -> Zone {
    "UTC".parse().unwrap()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// One document of each feed format with 1,000 articles, and 1,000 text files.
static SAMPLES: LazyLock<Vec<corpus::File>> = LazyLock::new(|| corpus::generate(4_000, 4, 7));

/// A corpus written to a temporary folder (kept for the whole run).
fn folder(articles: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tidings-bench-{articles}"));
    if !dir.exists() {
        let files = corpus::generate(articles, 200, 1);
        corpus::write(&dir, &files).unwrap();
    }
    dir
}

static LIB_100K: LazyLock<Library> =
    LazyLock::new(|| ingest::load(&[SourceSpec::path(folder(100_000))], utc(), None));

fn parse_feed(bencher: Bencher, index: usize) {
    let doc = &SAMPLES[index];
    let sid = SourceId::derive("bench");
    bencher.counter(BytesCount::new(doc.bytes.len())).bench(|| {
        feed::parse(black_box(&doc.bytes), &sid, "bench", utc())
            .unwrap()
            .articles
            .len()
    });
}

#[divan::bench]
fn parse_rss(bencher: Bencher) {
    parse_feed(bencher, 0);
}

#[divan::bench]
fn parse_atom(bencher: Bencher) {
    parse_feed(bencher, 1);
}

#[divan::bench]
fn parse_json_feed(bencher: Bencher) {
    parse_feed(bencher, 2);
}

#[divan::bench]
fn parse_text_articles(bencher: Bencher) {
    let files = &SAMPLES[3..];
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let sid = SourceId::derive("bench");
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        files
            .iter()
            .filter_map(|f| {
                let file = text::TextFile {
                    rel_path: &f.path,
                    location: &f.path,
                    bytes: &f.bytes,
                    modified: None,
                    encoding: None,
                };
                text::parse(file, &sid, utc()).ok()
            })
            .count()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_folder_10k(bencher: Bencher) {
    let dir = folder(10_000);
    // The library is returned, so that dropping it is not timed (the reader never
    // drops its library: it exits).
    bencher
        .counter(ItemsCount::new(10_000usize))
        .bench(|| ingest::load(&[SourceSpec::path(&dir)], utc(), None));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn ingest_folder_100k(bencher: Bencher) {
    let dir = folder(100_000);
    // The library is returned, so that dropping it is not timed (the reader never
    // drops its library: it exits).
    bencher
        .counter(ItemsCount::new(100_000usize))
        .bench(|| ingest::load(&[SourceSpec::path(&dir)], utc(), None));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn load_100k_cached_articles(bencher: Bencher) {
    let dir = std::env::temp_dir().join("tidings-bench-db");
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = tidings::store::Store::open(&dir).unwrap();
    let meta = tidings::store::FeedMeta::default();
    store
        .save_feed(
            "https://bench.example/feed",
            &meta,
            &LIB_100K.articles,
            &tidings::fetch::Validators::default(),
            None,
            now(),
        )
        .unwrap();
    bencher
        .counter(ItemsCount::new(LIB_100K.articles.len()))
        .bench_local(|| store.cached("https://bench.example/feed").unwrap().len());
}

static INDEX_100K: LazyLock<SearchIndex> = LazyLock::new(|| SearchIndex::build(&LIB_100K));

/// A filter as the reader applies it: with the search index (built after start-up).
fn filter(bencher: Bencher, query: &str) {
    let lib = &*LIB_100K;
    let index = &*INDEX_100K;
    let q = Query::parse(query).unwrap();
    bencher
        .counter(ItemsCount::new(lib.articles.len()))
        .bench(|| {
            q.compile(now(), utc())
                .select_with(lib, &NoState, Some(index))
                .len()
        });
}

/// The same filter walking every article (before the index is built).
fn filter_walk(bencher: Bencher, query: &str) {
    let lib = &*LIB_100K;
    let q = Query::parse(query).unwrap();
    bencher
        .counter(ItemsCount::new(lib.articles.len()))
        .bench(|| q.compile(now(), utc()).select(lib, &NoState).len());
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn search_index_100k(bencher: Bencher) {
    bencher.bench(|| SearchIndex::build(&LIB_100K).len());
}

/// Reading back the index saved by an earlier run over the same library: checking
/// the library's fingerprint, then decoding.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn saved_index_100k(bencher: Bencher) {
    let print = tidings::query::fingerprint(&LIB_100K);
    let bytes = INDEX_100K.to_bytes(print);
    bencher.bench(|| {
        let print = tidings::query::fingerprint(&LIB_100K);
        SearchIndex::from_bytes(&bytes, &LIB_100K, print).map(|ix| ix.len())
    });
}

/// The filters measured: a tag, a date range, a word, all three.
const FILTERS: [&str; 4] = [
    "+topic07",
    "@2025-03..2025-09",
    "porpoise",
    "+topic07 @2025-03..2025-09 porpoise",
];

#[divan::bench(args = FILTERS)]
fn filter_100k(bencher: Bencher, query: &str) {
    filter(bencher, query);
}

#[divan::bench(args = ["+topic07", "porpoise"])]
fn filter_walk_100k(bencher: Bencher, query: &str) {
    filter_walk(bencher, query);
}

/// The reader over the 100k library at 200x60, after its first frame (the sidebar,
/// shown at this width, counted).
fn reader_100k() -> AppState {
    use tidings::app::{Background, Msg, update};
    let keymap = Keymap::load(DEFAULT_TOML, None).unwrap();
    let mut state = AppState::new(
        LIB_100K.clone(),
        keymap,
        Query::default(),
        now(),
        utc(),
        Rect::new(0, 0, 200, 60),
    );
    update(&mut state, Msg::Background(Background::FirstFrame));
    state
}

/// Marking an article read and unread again (`m` twice, each committed) at 100k with
/// the sidebar shown: the list's counts and every sidebar line's counted again.
#[divan::bench]
fn mark_read_with_sidebar_100k(bencher: Bencher) {
    use tidings::app::{Action, Background, Msg, update};
    let mut state = reader_100k();
    state.wait_for_index();
    assert!(state.sidebar_shown() && !state.sidebar.lines().is_empty());
    bencher.bench_local(|| {
        for _ in 0..2 {
            update(&mut state, Msg::Action(Action::ToggleRead));
            update(&mut state, Msg::Background(Background::Saved(Ok(()))));
        }
        state.sidebar.lines().len()
    });
}

/// One keystroke in the filter prompt at 100k, everything the reader does for it
/// (filter, counts, order, timeline, the article pane): typing the last letter of
/// `typed` and taking it back, two keystrokes per iteration.
fn keystroke(bencher: Bencher, typed: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tidings::app::{Action, Msg, update};
    let mut state = reader_100k();
    state.wait_for_index();
    update(&mut state, Msg::Action(Action::EditFilter));
    let press = |s: &mut AppState, code: KeyCode| {
        update(s, Msg::PromptKey(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    let (head, last) = typed.split_at(typed.len() - 1);
    for c in head.chars() {
        press(&mut state, KeyCode::Char(c));
    }
    let last = last.chars().next().unwrap();
    bencher.bench_local(|| {
        press(&mut state, KeyCode::Char(last));
        press(&mut state, KeyCode::Backspace);
        state.list.visible().len()
    });
}

#[divan::bench(args = ["+topic07", "porpoise", "+topic07 @2025-03..2025-09 porpoise"])]
fn keystroke_100k(bencher: Bencher, typed: &str) {
    keystroke(bencher, typed);
}

#[divan::bench]
fn timeline_100k(bencher: Bencher) {
    let lib = &*LIB_100K;
    let dates: Vec<_> = lib.articles.iter().map(|a| a.date()).collect();
    let days = tidings::timeline::local_days(&dates, utc());
    let all: Vec<usize> = (0..lib.articles.len()).collect();
    bencher.bench(|| Histogram::build_days(black_box(&days), &all, None, 198).len());
}

/// Typing a word into the filter prompt at 100k before the search index is built
/// (the first second after start): opening the prompt, eight letters, closing it.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn typing_porpoise_before_the_index_100k(bencher: Bencher) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tidings::app::{Action, Msg, update};
    let mut state = reader_100k();
    state.stop_indexing();
    bencher.bench_local(|| {
        update(&mut state, Msg::Action(Action::EditFilter));
        for c in "porpoise".chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            update(&mut state, Msg::PromptKey(key));
        }
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        update(&mut state, Msg::PromptKey(esc));
        state.list.visible().len()
    });
}

#[divan::bench]
fn render_frame_200x60(bencher: Bencher) {
    let state = reader_100k();
    let theme = tidings::ui::theme::Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| tidings::ui::render(f, &state, &theme))
            .unwrap();
    });
}
