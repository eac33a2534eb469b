//! Any bytes through the plain-text article reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::ingest::text::{TextFile, parse};
use tidings::model::SourceId;
use tidings::zone::Zone;

fuzz_target!(|data: &[u8]| {
    let file = TextFile {
        rel_path: "fuzz/article.txt",
        location: "/fuzz/article.txt",
        bytes: data,
        modified: None,
        encoding: None,
    };
    let zone: Zone = "Europe/Minsk".parse().expect("a zone");
    if let Ok(p) = parse(file, &SourceId::derive("fuzz"), zone) {
        assert!(!p.article.title.contains('\u{1b}'), "an escape reached a title");
    }
});
