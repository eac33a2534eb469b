//! Fills a state folder's feed cache from a generated corpus, as if every source of it
//! had been fetched from a URL, and writes a config subscribing to those URLs; for
//! measuring a start-up over 100k cached articles:
//! `cargo run --release --example gen-cache -- --from DIR --state-dir STATE --config FILE`
//! then `tidings --config FILE --state-dir STATE --exit-after-first-frame`.
//! The URLs are on 127.0.0.1 port 9 (discard), where nothing answers.

#[path = "support/args.rs"]
mod args;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use tidings::fetch::Validators;
use tidings::ingest::{self, SourceSpec};
use tidings::store::{FeedMeta, Store};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| {
        args::value(&args, name).unwrap_or_else(|| {
            eprintln!("gen-cache: {name} is required");
            std::process::exit(2)
        })
    };
    let (from, state, config) = (get("--from"), get("--state-dir"), get("--config"));
    let zone = "UTC".parse().expect("UTC is a zone");
    let lib = ingest::load(&[SourceSpec::path(&from)], zone, None);
    let mut by_source: BTreeMap<String, Vec<tidings::model::Article>> = BTreeMap::new();
    for a in &lib.articles {
        by_source
            .entry(a.source.0.to_string())
            .or_default()
            .push((**a).clone());
    }
    let mut store = Store::open(std::path::Path::new(&state)).unwrap_or_else(|e| {
        eprintln!("gen-cache: {e}");
        std::process::exit(1)
    });
    let mut toml = String::from("[general]\ntimezone = \"UTC\"\n");
    let now = chrono::Utc::now();
    let mut total = 0;
    for (i, (source, articles)) in by_source.iter().enumerate() {
        let url = format!("http://127.0.0.1:9/feed-{i}");
        let title = lib
            .sources
            .iter()
            .find(|s| s.id.0 == *source)
            .map(|s| s.title.clone());
        let meta = FeedMeta {
            title,
            ..FeedMeta::default()
        };
        if let Err(e) = store.save_feed(&url, &meta, articles, &Validators::default(), None, now) {
            eprintln!("gen-cache: {url}: {e}");
            std::process::exit(1);
        }
        total += articles.len();
        let _ = write!(toml, "\n[[sources]]\nurl = \"{url}\"\n");
    }
    if let Err(e) = std::fs::write(&config, toml) {
        eprintln!("gen-cache: {config}: {e}");
        std::process::exit(1);
    }
    println!(
        "cached {total} articles of {} feeds in {state}; config: {config}",
        by_source.len()
    );
}
