//! A fake Google Reader API server on 127.0.0.1, following the published API as
//! `FreshRSS` and Inoreader document it (there is no server to install for it):
//! `accounts/ClientLogin` (`Email`, `Passwd` → `Auth=`), `GoogleLogin auth=` on every
//! call (401 otherwise), `reader/api/0/token`, `subscription/list`, `tag/list`,
//! `stream/contents/user/-/state/com.google/reading-list` (`n`, `c` continuation,
//! `ot`, `r=o`), `stream/items/ids` (`s`, `xt`, `n`, `c`) and `edit-tag` (`i` long or
//! short, `a`/`r` of `…/read` and `…/starred`, `T` required). Item ids go out long
//! (`tag:google.com,2005:reader/item/` + 16 hex digits) in contents and short
//! (decimal) in id lists, as real servers do.
//!
//! Requests are read with `http::read_head`: a test that uses this file also has
//! `support/http.rs` as `mod http`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

pub const READ: &str = "user/-/state/com.google/read";
pub const STARRED: &str = "user/-/state/com.google/starred";
const AUTH: &str = "fake-auth-token";
const TOKEN: &str = "fake-edit-token";

/// One item the server holds.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: u64,
    pub feed: String,
    pub title: String,
    pub link: String,
    pub html: String,
    pub published: i64,
    /// When the server took it in (seconds).
    pub crawled: i64,
    pub read: bool,
    pub starred: bool,
}

/// One subscription: id (`feed/…`), title, site, label.
#[derive(Debug, Clone)]
pub struct Feed {
    pub id: String,
    pub title: String,
    pub site: String,
    pub label: String,
}

/// What the server holds; tests change it between syncs.
#[derive(Debug, Default)]
pub struct Data {
    pub feeds: Vec<Feed>,
    pub items: BTreeMap<u64, Item>,
    /// Every request's path and query, in order.
    pub log: Vec<String>,
}

/// The running server; it stops when dropped.
pub struct GReader {
    pub port: u16,
    pub user: String,
    pub password: String,
    pub data: Arc<Mutex<Data>>,
    stop: Arc<AtomicBool>,
}

impl GReader {
    pub fn start(user: &str, password: &str, data: Data) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let data = Arc::new(Mutex::new(data));
        let stop = Arc::new(AtomicBool::new(false));
        let (d, s, u, p) = (
            Arc::clone(&data),
            Arc::clone(&stop),
            user.to_string(),
            password.to_string(),
        );
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (d, u, p) = (Arc::clone(&d), u.clone(), p.clone());
                        std::thread::spawn(move || serve(stream, &d, &u, &p));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self {
            port,
            user: user.into(),
            password: password.into(),
            data,
            stop,
        }
    }

    /// The API's address, as a user configures it (`FreshRSS` style).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/api/greader.php", self.port)
    }

    pub fn item(&self, title: &str) -> Item {
        let d = self.data.lock().unwrap();
        d.items
            .values()
            .find(|i| i.title == title)
            .cloned()
            .unwrap()
    }

    pub fn set(&self, title: &str, f: impl FnOnce(&mut Item)) {
        let mut d = self.data.lock().unwrap();
        let item = d.items.values_mut().find(|i| i.title == title).unwrap();
        f(item);
    }
}

impl Drop for GReader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// `a=1&b=2` decoded.
fn form(s: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn long_id(id: u64) -> String {
    format!("tag:google.com,2005:reader/item/{id:016x}")
}

/// An item id as clients send it: long, or short decimal (possibly negative).
fn parse_id(s: &str) -> Option<u64> {
    if let Some((_, hex)) = s.rsplit_once("/item/") {
        return u64::from_str_radix(hex, 16).ok();
    }
    s.parse::<i64>().ok().map(|n| n as u64)
}

fn serve(stream: TcpStream, data: &Mutex<Data>, user: &str, password: &str) {
    stream.set_nonblocking(false).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let Some((method, target, headers)) = crate::http::read_head(&mut reader) else {
        return;
    };
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut params = form(query);
    params.extend(form(&String::from_utf8_lossy(&body)));
    let (status, ctype, out) = answer(
        &method,
        path,
        &params,
        headers.get("authorization").map(String::as_str),
        data,
        user,
        password,
    );
    data.lock().unwrap().log.push(target.clone());
    let mut s = stream;
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        out.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(out.as_bytes());
    let _ = s.flush();
}

fn answer(
    method: &str,
    path: &str,
    params: &[(String, String)],
    auth: Option<&str>,
    data: &Mutex<Data>,
    user: &str,
    password: &str,
) -> (u16, &'static str, String) {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let all = |k: &str| {
        params
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    let Some(rest) = path.strip_prefix("/api/greader.php") else {
        return (404, "text/plain", "not found".into());
    };
    if rest == "/accounts/ClientLogin" {
        return if get("Email") == Some(user) && get("Passwd") == Some(password) {
            (
                200,
                "text/plain",
                format!("SID={AUTH}\nLSID=null\nAuth={AUTH}\n"),
            )
        } else {
            (401, "text/plain", "Error=BadAuthentication\n".into())
        };
    }
    if auth != Some(&format!("GoogleLogin auth={AUTH}")) {
        return (401, "text/plain", "Unauthorized".into());
    }
    let json = |v: Value| (200, "application/json", v.to_string());
    let Some(call) = rest.strip_prefix("/reader/api/0/") else {
        return (404, "text/plain", "not found".into());
    };
    let mut d = data.lock().unwrap();
    match call {
        "token" => (200, "text/plain", format!("{TOKEN}\n")),
        "subscription/list" => json(json!({
            "subscriptions": d.feeds.iter().map(|f| json!({
                "id": f.id, "title": f.title, "url": format!("{}/feed", f.site),
                "htmlUrl": f.site, "iconUrl": "",
                "categories": [{"id": format!("user/-/label/{}", f.label), "label": f.label}],
            })).collect::<Vec<_>>()
        })),
        "tag/list" => {
            let mut labels: Vec<&str> = d.feeds.iter().map(|f| f.label.as_str()).collect();
            labels.dedup();
            let mut tags = vec![json!({"id": STARRED}), json!({"id": READ})];
            tags.extend(
                labels
                    .iter()
                    .map(|l| json!({"id": format!("user/-/label/{l}"), "type": "folder"})),
            );
            json(json!({ "tags": tags }))
        }
        "stream/contents/user/-/state/com.google/reading-list" => {
            let n: usize = get("n").and_then(|n| n.parse().ok()).unwrap_or(20);
            let start: usize = get("c").and_then(|c| c.parse().ok()).unwrap_or(0);
            let ot: i64 = get("ot").and_then(|t| t.parse().ok()).unwrap_or(0);
            let mut picked: Vec<&Item> = d.items.values().filter(|i| i.crawled >= ot).collect();
            if get("r") != Some("o") {
                picked.reverse();
            }
            let page: Vec<Value> = picked
                .iter()
                .skip(start)
                .take(n)
                .map(|i| {
                    let mut cats = vec![
                        "user/-/state/com.google/reading-list".to_string(),
                        format!(
                            "user/-/label/{}",
                            d.feeds
                                .iter()
                                .find(|f| f.id == i.feed)
                                .map_or("", |f| f.label.as_str())
                        ),
                    ];
                    if i.read {
                        cats.push(READ.into());
                    }
                    if i.starred {
                        cats.push(STARRED.into());
                    }
                    json!({
                        "id": long_id(i.id),
                        "crawlTimeMsec": (i.crawled * 1000).to_string(),
                        "timestampUsec": (i.crawled * 1_000_000).to_string(),
                        "published": i.published,
                        "title": i.title,
                        "canonical": [{"href": i.link}],
                        "alternate": [{"href": i.link, "type": "text/html"}],
                        "categories": cats,
                        "origin": {"streamId": i.feed, "title": "", "htmlUrl": ""},
                        "summary": {"content": i.html},
                        "author": "Fake Author",
                    })
                })
                .collect();
            let mut v = json!({ "id": "user/-/state/com.google/reading-list", "items": page });
            if start + n < picked.len() {
                v["continuation"] = json!((start + n).to_string());
            }
            json(v)
        }
        "stream/items/ids" => {
            let n: usize = get("n").and_then(|n| n.parse().ok()).unwrap_or(20);
            let start: usize = get("c").and_then(|c| c.parse().ok()).unwrap_or(0);
            let s = get("s").unwrap_or("");
            let xt = get("xt");
            let picked: Vec<&Item> = d
                .items
                .values()
                .filter(|i| s != STARRED || i.starred)
                .filter(|i| !(xt == Some(READ) && i.read))
                .collect();
            let refs: Vec<Value> = picked
                .iter()
                .skip(start)
                .take(n)
                .map(|i| json!({"id": (i.id as i64).to_string(), "directStreamIds": [], "timestampUsec": (i.crawled * 1_000_000).to_string()}))
                .collect();
            let mut v = json!({ "itemRefs": refs });
            if start + n < picked.len() {
                v["continuation"] = json!((start + n).to_string());
            }
            json(v)
        }
        "edit-tag" if method == "POST" => {
            if get("T") != Some(TOKEN) {
                return (400, "text/plain", "bad token".into());
            }
            let ids: Vec<u64> = all("i").iter().filter_map(|i| parse_id(i)).collect();
            if ids.iter().any(|id| !d.items.contains_key(id)) {
                return (404, "text/plain", "no such item".into());
            }
            for id in ids {
                let item = d.items.get_mut(&id).unwrap();
                for a in all("a") {
                    match a {
                        READ => item.read = true,
                        STARRED => item.starred = true,
                        _ => {}
                    }
                }
                for r in all("r") {
                    match r {
                        READ => item.read = false,
                        STARRED => item.starred = false,
                        _ => {}
                    }
                }
            }
            (200, "text/plain", "OK".into())
        }
        _ => (404, "text/plain", "not found".into()),
    }
}

/// A server with `n` items over two feeds (Tech News: even ids, Life: odd), the
/// first ones read, crawled one a second from `crawled`.
pub fn data(n: u64, crawled: i64) -> Data {
    let feeds = vec![
        Feed {
            id: "feed/1".into(),
            title: "Tech News".into(),
            site: "https://tech.example.org".into(),
            label: "Reading".into(),
        },
        Feed {
            id: "feed/2".into(),
            title: "Life".into(),
            site: "https://life.example.org".into(),
            label: "Home".into(),
        },
    ];
    // Ids as big as real servers' (FreshRSS uses microsecond times): long ids are hex.
    let items = (0..n)
        .map(|k| {
            let id = 1_700_000_000_000_000 + k;
            (
                id,
                Item {
                    id,
                    feed: if k % 2 == 0 { "feed/1" } else { "feed/2" }.into(),
                    title: format!("Item {k}"),
                    link: format!("https://example.org/{k}"),
                    html: format!("<p>Body of item {k}</p>"),
                    published: 1_795_000_000 + k as i64 * 60,
                    crawled: crawled + k as i64,
                    read: false,
                    starred: false,
                },
            )
        })
        .collect();
    Data {
        feeds,
        items,
        log: Vec::new(),
    }
}
