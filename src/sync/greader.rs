//! The Google Reader API, as `FreshRSS` (`https://HOST/api/greader.php`), Miniflux
//! (`https://HOST`), Inoreader and The Old Reader serve it:
//!
//! - `POST accounts/ClientLogin` (`Email`, `Passwd`) answers `Auth=TOKEN`, sent after
//!   as `Authorization: GoogleLogin auth=TOKEN`; `reader/api/0/token` gives the `T`
//!   token that edits carry.
//! - `subscription/list`: feeds, with their categories (labels) as groups.
//! - `stream/contents/user/-/state/com.google/reading-list`: items, `n` at a time,
//!   the next page by `c` (continuation); a later sync asks only for items crawled
//!   since the newest seen (`ot`). The cursor is `SECONDS|CONTINUATION`.
//! - `stream/items/ids` with `xt=…/read` (unread) and `s=…/starred` (saved).
//! - `edit-tag` with `a` (add) or `r` (remove) of `user/-/state/com.google/read` or
//!   `…/starred`.
//!
//! Item ids come long (`tag:google.com,2005:reader/item/` and 16 hex digits) or short
//! (decimal, possibly negative); both are kept as the unsigned decimal number.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Client, RemoteFeed, RemoteItem, SyncError, is_read};
use crate::config::Limits;
use crate::store::Queued;

const READ: &str = "user/-/state/com.google/read";
const STARRED: &str = "user/-/state/com.google/starred";
const READING_LIST: &str = "user/-/state/com.google/reading-list";
/// Items per page.
const PAGE: usize = 500;

pub(crate) struct GReader {
    base: String,
    user: String,
    password: String,
    agent: ureq::Agent,
    limits: Limits,
    auth: Option<String>,
    token: Option<String>,
}

impl GReader {
    pub fn new(url: &str, user: &str, password: &str, limits: &Limits) -> Self {
        Self {
            base: url.trim_end_matches('/').to_string(),
            user: user.to_string(),
            password: password.to_string(),
            agent: crate::fetch::agent(limits),
            limits: limits.clone(),
            auth: None,
            token: None,
        }
    }

    fn auth_header(&self) -> String {
        format!("GoogleLogin auth={}", self.auth.as_deref().unwrap_or(""))
    }

    /// The body of a 2xx answer; 401/403 is [`SyncError::Auth`].
    fn read(
        resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        limit: u64,
    ) -> Result<Vec<u8>, SyncError> {
        let mut resp = resp.map_err(|e| SyncError::Http(super::fever::fetch_error(e)))?;
        let status = resp.status().as_u16();
        if status == 401 || status == 403 {
            return Err(SyncError::Auth);
        }
        if !(200..300).contains(&status) {
            let reason = resp.status().canonical_reason().unwrap_or("");
            return Err(SyncError::Http(format!("HTTP {status} {reason}")));
        }
        resp.body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| SyncError::Http(super::fever::fetch_error(e)))
    }

    /// GETs `reader/api/0/PATH` (with `query`) and returns its JSON.
    fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, SyncError> {
        let mut req = self
            .agent
            .get(format!("{}/reader/api/0/{path}", self.base))
            .header("Authorization", &self.auth_header())
            .query("output", "json");
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        let body = Self::read(req.call(), self.limits.max_bytes)?;
        serde_json::from_slice(&body).map_err(|_| {
            let start = super::quote(&String::from_utf8_lossy(&body));
            SyncError::NotApi("Google Reader", format!("the answer is not JSON ({start})"))
        })
    }

    /// Every id of a stream (`stream/items/ids`), following continuations.
    fn ids(&self, query: &[(&str, &str)]) -> Result<HashSet<String>, SyncError> {
        let mut out = HashSet::new();
        let mut cont: Option<String> = None;
        loop {
            let mut q: Vec<(&str, &str)> = query.to_vec();
            q.push(("n", "10000"));
            if let Some(c) = &cont {
                q.push(("c", c));
            }
            let v = self.get("stream/items/ids", &q)?;
            for r in v["itemRefs"].as_array().into_iter().flatten() {
                if let Some(id) = item_id(&r["id"]) {
                    out.insert(id);
                }
            }
            match v["continuation"].as_str().filter(|c| !c.is_empty()) {
                Some(c) if cont.as_deref() != Some(c) => cont = Some(c.to_string()),
                _ => return Ok(out),
            }
        }
    }
}

/// An item id, long or short, as an unsigned decimal number.
fn item_id(v: &Value) -> Option<String> {
    if let Some(n) = v.as_i64() {
        return Some((n as u64).to_string());
    }
    let s = v.as_str()?.trim();
    if let Some(hex) = s.rsplit_once("/item/").map(|(_, h)| h) {
        return u64::from_str_radix(hex, 16).ok().map(|n| n.to_string());
    }
    s.parse::<i64>().ok().map(|n| (n as u64).to_string())
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string).filter(|s| !s.is_empty())
}

/// A number or a string of digits.
fn number(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

impl Client for GReader {
    fn login(&mut self) -> Result<(), SyncError> {
        let resp = self
            .agent
            .post(format!("{}/accounts/ClientLogin", self.base))
            .send_form([
                ("Email", self.user.as_str()),
                ("Passwd", self.password.as_str()),
            ]);
        let body = Self::read(resp, 64 * 1024)?;
        let body = String::from_utf8_lossy(&body);
        let auth = body
            .lines()
            .find_map(|l| l.trim().strip_prefix("Auth="))
            .map(str::to_string)
            .filter(|a| !a.is_empty());
        let Some(auth) = auth else {
            let start = super::quote(&body);
            return Err(SyncError::NotApi(
                "Google Reader",
                format!("ClientLogin gave no Auth= line ({start})"),
            ));
        };
        self.auth = Some(auth);
        Ok(())
    }

    fn send(&mut self, q: &Queued) -> Result<bool, SyncError> {
        if self.token.is_none() {
            let req = self
                .agent
                .get(format!("{}/reader/api/0/token", self.base))
                .header("Authorization", &self.auth_header());
            let body = Self::read(req.call(), 64 * 1024)?;
            self.token = Some(String::from_utf8_lossy(&body).trim().to_string());
        }
        let tag = if is_read(q) { READ } else { STARRED };
        let op = if q.on { "a" } else { "r" };
        let item = format!(
            "tag:google.com,2005:reader/item/{:016x}",
            q.remote.parse::<u64>().unwrap_or(0)
        );
        let resp = self
            .agent
            .post(format!("{}/reader/api/0/edit-tag", self.base))
            .header("Authorization", &self.auth_header())
            .send_form([
                ("i", item.as_str()),
                (op, tag),
                ("T", self.token.as_deref().unwrap_or("")),
            ]);
        match Self::read(resp, 64 * 1024) {
            Ok(_) => Ok(true),
            Err(SyncError::Http(e)) if e.starts_with("HTTP 404") => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let v = self.get("subscription/list", &[])?;
        Ok(v["subscriptions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                let id = text(&s["id"])?;
                Some(RemoteFeed {
                    title: text(&s["title"])
                        .or_else(|| text(&s["url"]))
                        .unwrap_or_default(),
                    site: text(&s["htmlUrl"]),
                    groups: s["categories"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|c| {
                            text(&c["label"]).or_else(|| {
                                text(&c["id"]).and_then(|i| {
                                    i.rsplit_once("/label/").map(|(_, l)| l.to_string())
                                })
                            })
                        })
                        .collect(),
                    id,
                })
            })
            .collect())
    }

    fn items(
        &mut self,
        cursor: Option<&str>,
    ) -> Result<(Vec<RemoteItem>, Option<String>), SyncError> {
        let (since, cont) = cursor.and_then(|c| c.split_once('|')).unwrap_or(("0", ""));
        let since: i64 = since.parse().unwrap_or(0);
        let n = PAGE.to_string();
        let ot = since.to_string();
        let mut q = vec![("n", n.as_str()), ("r", "o")];
        if since > 0 {
            q.push(("ot", &ot));
        }
        if !cont.is_empty() {
            q.push(("c", cont));
        }
        let v = self.get(&format!("stream/contents/{READING_LIST}"), &q)?;
        let mut newest = since;
        let items: Vec<RemoteItem> = v["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| {
                let id = item_id(&i["id"])?;
                let crawled = number(&i["crawlTimeMsec"])
                    .map(|ms| ms / 1000)
                    .or_else(|| number(&i["timestampUsec"]).map(|us| us / 1_000_000))
                    .or_else(|| number(&i["published"]));
                newest = newest.max(crawled.unwrap_or(0));
                let link = ["canonical", "alternate"].iter().find_map(|k| {
                    i[*k]
                        .as_array()
                        .and_then(|a| a.iter().find_map(|l| text(&l["href"])))
                });
                Some(RemoteItem {
                    id,
                    feed: text(&i["origin"]["streamId"]).unwrap_or_default(),
                    title: text(&i["title"]).unwrap_or_default(),
                    link,
                    author: text(&i["author"]),
                    html: text(&i["content"]["content"]).or_else(|| text(&i["summary"]["content"])),
                    published: number(&i["published"])
                        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)),
                })
            })
            .collect();
        let next = match v["continuation"].as_str().filter(|c| !c.is_empty()) {
            // More pages of this download: the same start, the next page.
            Some(c) => format!("{since}|{c}"),
            // The last page: the next sync starts at the newest crawl time seen.
            None => format!("{newest}|"),
        };
        Ok((items, Some(next)))
    }

    fn states(&mut self) -> Result<(HashSet<String>, HashSet<String>), SyncError> {
        let unread = self.ids(&[("s", READING_LIST), ("xt", READ)])?;
        let saved = self.ids(&[("s", STARRED)])?;
        Ok((unread, saved))
    }
}
