//! Where a feed item's HTML body lies in its file (`FeedDoc::html_spans`): reading
//! those bytes back gives exactly the HTML the parser made, for every fixture feed.

use std::path::{Path, PathBuf};

use tidings::ingest::feed;
use tidings::model::SourceId;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn html_read_back_from_the_file_is_the_html_the_parser_made() {
    let mut all = Vec::new();
    for dir in ["tests/fixtures", "sample-data"] {
        files(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).as_path(),
            &mut all,
        );
    }
    let (mut placed, mut copied, mut docs) = (0, 0, 0);
    for path in all {
        let bytes = std::fs::read(&path).unwrap();
        if feed::sniff(&bytes).is_none() {
            continue;
        }
        let location = path.display().to_string();
        let Ok(doc) = feed::parse(
            &bytes,
            &SourceId::derive(&location),
            &location,
            "UTC".parse().unwrap(),
        ) else {
            continue;
        };
        docs += 1;
        assert!(
            doc.html_spans.is_empty() || doc.html_spans.len() == doc.articles.len(),
            "{location}"
        );
        for (n, a) in doc.articles.iter().enumerate() {
            let Some(html) = a.html.as_ref() else {
                continue;
            };
            let made = html.in_memory().expect("parsed HTML is in memory");
            match doc.html_spans.get(n).copied().flatten() {
                Some((at, len)) => {
                    let raw = &bytes[at as usize..at as usize + len as usize];
                    assert_eq!(
                        feed::html_at(raw).as_deref(),
                        Some(made),
                        "{location}, item {n}"
                    );
                    placed += 1;
                }
                None => copied += 1,
            }
        }
    }
    assert!(docs > 20, "{docs} feed documents");
    assert!(placed > 20, "{placed} placed, {copied} copied");
    eprintln!("{docs} documents: {placed} HTML bodies placed in their file, {copied} copied");
}
