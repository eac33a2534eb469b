//! Any bytes through the feed reader: sniffing, the not-a-feed check, and a full parse
//! with and without an HTTP charset. A panic anywhere (even one the reader would catch)
//! aborts the run, because libfuzzer-sys's hook aborts on every panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::ingest::feed;
use tidings::model::SourceId;
use tidings::zone::Zone;

fuzz_target!(|data: &[u8]| {
    let _ = feed::sniff(data);
    let _ = feed::not_a_feed(data);
    let sid = SourceId::derive("fuzz");
    let zone: Zone = "+03:00".parse().expect("a zone");
    if let Ok(doc) = feed::parse(data, &sid, "https://fuzz.example/feed.xml", zone) {
        for a in &doc.articles {
            assert!(!a.title.contains('\u{1b}'), "an escape reached a title");
        }
    }
    let _ = feed::parse_http(data, Some("windows-1251"), &sid, "/tmp/x.xml", zone);
});
