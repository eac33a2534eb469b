//! Generated test data for benchmarks and `examples/gen-corpus.rs`: realistic feeds in
//! every format (RSS 2.0, Atom, JSON Feed, plain-text folders), HTML bodies of 100–400
//! words, 1–4 tags from 50, dates over two years before 2026-11-28 — the same bytes
//! for the same seed.
#![allow(dead_code)]

use std::fmt::Write as _;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const WORDS: &[&str] = &[
    "harbour",
    "council",
    "tram",
    "ferry",
    "storm",
    "energy",
    "solar",
    "grid",
    "housing",
    "market",
    "music",
    "river",
    "school",
    "budget",
    "science",
    "comet",
    "coral",
    "porpoise",
    "museum",
    "festival",
    "lantern",
    "bridge",
    "island",
    "rope",
    "works",
    "kiln",
    "glaze",
    "winter",
    "summer",
    "report",
    "vote",
    "plan",
    "street",
    "night",
    "bus",
    "line",
    "station",
    "rail",
    "tide",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "after",
    "before",
    "new",
    "old",
    "city",
    "residents",
    "engineers",
    "said",
    "will",
    "open",
    "close",
    "data",
    "survey",
    "year",
    "month",
    "week",
    "morning",
    "evening",
    "record",
    "crowd",
    "plan",
];

/// One generated file: a path relative to the output folder, and its bytes.
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

fn words(rng: &mut ChaCha8Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.random_range(0..WORDS.len())]);
    }
    s
}

fn title(rng: &mut ChaCha8Rng) -> String {
    let n = rng.random_range(4..10);
    let mut t = words(rng, n);
    if let Some(first) = t.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    t
}

fn html_body(rng: &mut ChaCha8Rng) -> String {
    let total = rng.random_range(100..=400);
    let mut left = total;
    let mut out = String::new();
    while left > 0 {
        let n = left.min(rng.random_range(30..90));
        left -= n;
        if rng.random_range(0..6) == 0 {
            out.push_str("<ul>");
            for _ in 0..3 {
                let _ = write!(out, "<li>{}</li>", words(rng, n / 3 + 1));
            }
            out.push_str("</ul>");
        } else {
            let _ = write!(
                out,
                "<p>{} <a href=\"https://example.org/{}\">{}</a>.</p>",
                words(rng, n),
                rng.random::<u32>(),
                words(rng, 2)
            );
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Minutes before 2026-11-28T00:00Z, spread over two years.
fn date(rng: &mut ChaCha8Rng) -> chrono::DateTime<chrono::Utc> {
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-28T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    end - chrono::Duration::minutes(rng.random_range(0..2 * 365 * 24 * 60))
}

fn tags(rng: &mut ChaCha8Rng) -> Vec<String> {
    let n = rng.random_range(1..=4);
    let mut t: Vec<String> = (0..n)
        .map(|_| format!("topic{:02}", rng.random_range(0..50)))
        .collect();
    t.dedup();
    t
}

/// `articles` articles spread over `feeds` feeds, cycling through the formats.
pub fn generate(articles: usize, feeds: usize, seed: u64) -> Vec<File> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let feeds = feeds.max(1);
    let mut files = Vec::new();
    for f in 0..feeds {
        let count = articles / feeds + usize::from(f < articles % feeds);
        files.extend(generate_kind(&mut rng, f, count, f % 4));
    }
    files
}

/// Feed `f` with `count` articles: RSS 2.0 (`kind` 0), Atom (1), JSON Feed (2) or a
/// folder of text articles (3).
fn generate_kind(rng: &mut ChaCha8Rng, f: usize, count: usize, kind: usize) -> Vec<File> {
    let mut files = Vec::new();
    {
        match kind {
            0 => {
                let mut s = format!(
                    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Generated RSS {f}</title><link>https://example.org/{f}</link><description>generated</description>\n"
                );
                for i in 0..count {
                    let (t, d, tg, body) = (title(rng), date(rng), tags(rng), html_body(rng));
                    let cats = tg.iter().fold(String::new(), |mut acc, c| {
                        let _ = write!(acc, "<category>{c}</category>");
                        acc
                    });
                    let _ = writeln!(
                        s,
                        "<item><title>{}</title><link>https://example.org/{f}/{i}</link><guid>g{f}-{i}</guid><pubDate>{}</pubDate>{cats}<content:encoded><![CDATA[{body}]]></content:encoded></item>",
                        xml_escape(&t),
                        d.to_rfc2822()
                    );
                }
                s.push_str("</channel></rss>\n");
                files.push(File {
                    path: format!("feed-{f:04}.rss"),
                    bytes: s.into_bytes(),
                });
            }
            1 => {
                let mut s = format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Generated Atom {f}</title><id>urn:gen:{f}</id><updated>2026-11-28T00:00:00Z</updated>\n"
                );
                for i in 0..count {
                    let (t, d, tg, body) = (title(rng), date(rng), tags(rng), html_body(rng));
                    let cats = tg.iter().fold(String::new(), |mut acc, c| {
                        let _ = write!(acc, "<category term=\"{c}\"/>");
                        acc
                    });
                    let _ = writeln!(
                        s,
                        "<entry><title>{}</title><id>urn:gen:{f}:{i}</id><link href=\"https://example.org/{f}/{i}\"/><published>{}</published><author><name>Writer {}</name></author>{cats}<content type=\"html\">{}</content></entry>",
                        xml_escape(&t),
                        d.to_rfc3339(),
                        i % 7,
                        xml_escape(&body)
                    );
                }
                s.push_str("</feed>\n");
                files.push(File {
                    path: format!("feed-{f:04}.atom"),
                    bytes: s.into_bytes(),
                });
            }
            2 => {
                let items: Vec<serde_json::Value> = (0..count)
                    .map(|i| {
                        let (t, d, tg, body) = (title(rng), date(rng), tags(rng), html_body(rng));
                        serde_json::json!({"id": format!("j{f}-{i}"), "url": format!("https://example.org/{f}/{i}"), "title": t,
                            "content_html": body, "date_published": d.to_rfc3339(), "tags": tg})
                    })
                    .collect();
                let doc = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": format!("Generated JSON {f}"), "items": items});
                files.push(File {
                    path: format!("feed-{f:04}.json"),
                    bytes: doc.to_string().into_bytes(),
                });
            }
            _ => {
                for i in 0..count {
                    let (t, d, tg) = (title(rng), date(rng), tags(rng));
                    let mut s = format!(
                        "Posted: {}\nTags: {}\n\n{t}\n\n",
                        d.format("%d.%m.%Y %H:%M:%S"),
                        tg.join(", ")
                    );
                    let paras = rng.random_range(2..6);
                    for _ in 0..paras {
                        let n = rng.random_range(30..90);
                        let _ = write!(s, "{}.\n\n", words(rng, n));
                    }
                    s.push_str("photos: generated\n");
                    files.push(File {
                        path: format!("text-{f:04}/topic{:02}/{i:06}.txt", i % 5),
                        bytes: s.into_bytes(),
                    });
                }
            }
        }
    }
    files
}

/// The big-feed layout: `articles` articles in `feeds` large feed files, RSS 2.0 and
/// Atom in turn, each holding from about 200 to a few thousand items (sizes spread
/// unevenly, as real archives are) — the shape of a reader that keeps long feeds.
pub fn generate_big(articles: usize, feeds: usize, seed: u64) -> Vec<File> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xb16);
    let feeds = feeds.max(1);
    // Uneven weights 1..=26: the largest feeds hold about 25 times the smallest.
    let weights: Vec<usize> = (0..feeds).map(|_| rng.random_range(1..=26)).collect();
    let sum: usize = weights.iter().sum();
    let mut counts: Vec<usize> = weights.iter().map(|w| articles * w / sum).collect();
    let short = articles - counts.iter().sum::<usize>();
    for c in counts.iter_mut().take(short) {
        *c += 1;
    }
    let mut files = Vec::new();
    for (f, &count) in counts.iter().enumerate() {
        // The same writers as the small layout's feeds 0 (RSS) and 1 (Atom).
        let one = generate_kind(&mut rng, f, count, f % 2);
        files.extend(one);
    }
    files
}

/// Writes the files under `out`.
pub fn write(out: &std::path::Path, files: &[File]) -> std::io::Result<u64> {
    let mut bytes = 0;
    for f in files {
        let p = out.join(&f.path);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&p, &f.bytes)?;
        bytes += f.bytes.len() as u64;
    }
    Ok(bytes)
}
