//! Sync with a real Fever API server: coldsweat 0.10.2 on 127.0.0.1 (installed from
//! `PyPI` into the target folder on first use, see `support/coldsweat.rs`), reading
//! feeds from a loopback HTTP server.

#[path = "support/coldsweat.rs"]
mod coldsweat;
#[path = "support/http.rs"]
mod http;

use coldsweat::Coldsweat;
use http::{Response, Server, rss};

/// A feed server with `/tech` (3 items) and `/life` (2 items).
fn feeds() -> Server {
    Server::start(|r| match r.path.as_str() {
        "/tech" => Response::ok(rss(
            "Tech News",
            &[
                (
                    "t1",
                    "Rust 2027",
                    "&lt;p&gt;Editions &lt;b&gt;again&lt;/b&gt;&lt;/p&gt;",
                ),
                ("t2", "SQLite tricks", "WAL and more"),
                ("t3", "Terminal colours", "ANSI"),
            ],
        )),
        "/life" => Response::ok(rss(
            "Life",
            &[("l1", "Bread", "Flour"), ("l2", "Walks", "Parks")],
        )),
        _ => Response::status(404),
    })
}

/// coldsweat subscribed to both feeds (group "Reading"), fetched and running.
fn server(dir: &std::path::Path, feeds: &Server) -> Coldsweat {
    let mut cs = Coldsweat::setup(
        &dir.join("coldsweat"),
        &coldsweat::opml(
            "Reading",
            &[
                ("Tech News", &feeds.url("/tech")),
                ("Life", &feeds.url("/life")),
            ],
        ),
    );
    cs.fetch();
    cs.start();
    cs
}

#[test]
fn the_harness_serves_the_fever_api() {
    let tmp = tempfile::tempdir().unwrap();
    let f = feeds();
    let cs = server(tmp.path(), &f);
    let v = cs.api("groups&feeds").unwrap();
    assert_eq!(v["auth"], 1);
    assert_eq!(v["groups"][0]["title"], "Reading");
    assert_eq!(v["feeds"].as_array().unwrap().len(), 2);
    let items = cs.items();
    assert_eq!(items.len(), 5);
    assert_eq!(cs.ids("unread_item_ids").len(), 5);
    let id = items[0]["id"].as_u64().unwrap().to_string();
    cs.post("", &[("mark", "item"), ("as", "read"), ("id", &id)])
        .unwrap();
    assert_eq!(cs.ids("unread_item_ids").len(), 4);
}
