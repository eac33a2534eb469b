//! Any text through the date reader: never a panic, never a date outside chrono's range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::zone::Zone;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let zone: Zone = "America/New_York".parse().expect("a zone");
    let _ = tidings::ingest::date::parse(&s, zone);
});
