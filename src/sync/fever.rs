//! The Fever API: every call is a POST of `api_key` (md5 of "user:password") to
//! `URL?api&COMMAND`, answered with JSON that carries `auth` (1: the key was right).
//! Items are paged by `since_id` (the highest id cached): 50 at a time; the cursor is
//! that id. Unread and saved state comes as id lists (`unread_item_ids`,
//! `saved_item_ids`); marks go up as `mark=item&as=read|unread|saved|unsaved&id=`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use md5::{Digest, Md5};
use serde_json::Value;

use super::{Client, RemoteFeed, RemoteItem, SyncError, is_read};
use crate::config::Limits;
use crate::store::Queued;

pub(crate) struct Fever {
    url: String,
    key: String,
    agent: ureq::Agent,
    limits: Limits,
}

impl Fever {
    pub fn new(url: &str, user: &str, password: &str, limits: &Limits) -> Self {
        let digest = Md5::digest(format!("{user}:{password}").as_bytes());
        let key = digest.iter().fold(String::new(), |mut s, b| {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        });
        Self {
            url: url.to_string(),
            key,
            agent: crate::fetch::agent(limits),
            limits: limits.clone(),
        }
    }

    /// POSTs `?api&query` with the key and `form`, and returns the JSON answer once
    /// it is authorised. HTTP 404 on a mark is `Ok(None)` (no such item).
    fn call(&self, query: &str, form: &[(&str, &str)]) -> Result<Option<Value>, SyncError> {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        let url = if query.is_empty() {
            format!("{}{sep}api", self.url)
        } else {
            format!("{}{sep}api&{query}", self.url)
        };
        let mut fields = vec![("api_key", self.key.as_str())];
        fields.extend_from_slice(form);
        let mut resp = self
            .agent
            .post(&url)
            .send_form(fields)
            .map_err(|e| SyncError::Http(fetch_error(e)))?;
        let status = resp.status().as_u16();
        if status == 404 && !form.is_empty() {
            return Ok(None);
        }
        if status == 401 || status == 403 {
            return Err(SyncError::Auth);
        }
        if !(200..300).contains(&status) {
            let reason = resp.status().canonical_reason().unwrap_or("");
            return Err(SyncError::Http(format!("HTTP {status} {reason}")));
        }
        let body = resp
            .body_mut()
            .with_config()
            .limit(self.limits.max_bytes)
            .read_to_vec()
            .map_err(|e| SyncError::Http(fetch_error(e)))?;
        let value: Value = serde_json::from_slice(&body).map_err(|_| {
            let start = super::quote(&String::from_utf8_lossy(&body));
            SyncError::NotApi("Fever", format!("the answer is not JSON ({start})"))
        })?;
        if value.get("api_version").is_none() {
            return Err(SyncError::NotApi(
                "Fever",
                "the answer has no api_version".into(),
            ));
        }
        if value.get("auth").and_then(number) != Some(1) {
            return Err(SyncError::Auth);
        }
        Ok(Some(value))
    }

    fn get(&self, query: &str) -> Result<Value, SyncError> {
        self.call(query, &[])?
            .ok_or_else(|| SyncError::Http("HTTP 404 Not Found".into()))
    }
}

/// A transport error in words a user can act on.
pub(super) fn fetch_error(e: ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::HostNotFound => "DNS: host not found".into(),
        ureq::Error::ConnectionFailed => "cannot connect: connection refused or unreachable".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => "timed out".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "cannot connect: connection refused".into()
        }
        ureq::Error::Io(e) => format!("cannot connect: {e}"),
        ureq::Error::BodyExceedsLimit(n) => {
            format!("the answer is larger than the limit of {n} bytes")
        }
        other => other.to_string(),
    }
}

/// A JSON number or a string of digits (servers differ).
fn number(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A JSON id (number or string) as text.
fn id(v: &Value) -> Option<String> {
    number(v).map(|n| n.to_string())
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string).filter(|s| !s.is_empty())
}

/// A comma-separated id list.
fn id_list(v: &Value) -> HashSet<String> {
    v.as_str()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

impl Client for Fever {
    fn login(&mut self) -> Result<(), SyncError> {
        self.get("").map(drop)
    }

    fn send(&mut self, q: &Queued) -> Result<bool, SyncError> {
        let how = match (is_read(q), q.on) {
            (true, true) => "read",
            (true, false) => "unread",
            (false, true) => "saved",
            (false, false) => "unsaved",
        };
        Ok(self
            .call("", &[("mark", "item"), ("as", how), ("id", &q.remote)])?
            .is_some())
    }

    fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        let v = self.get("groups&feeds")?;
        let titles: HashMap<String, String> = v["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| Some((id(&g["id"])?, text(&g["title"])?)))
            .collect();
        let mut groups: HashMap<String, Vec<String>> = HashMap::new();
        for fg in v["feeds_groups"].as_array().into_iter().flatten() {
            let Some(title) = id(&fg["group_id"]).and_then(|g| titles.get(&g)) else {
                continue;
            };
            for f in id_list(&fg["feed_ids"]) {
                groups.entry(f).or_default().push(title.clone());
            }
        }
        Ok(v["feeds"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                let fid = id(&f["id"])?;
                Some(RemoteFeed {
                    title: text(&f["title"])
                        .or_else(|| text(&f["url"]))
                        .unwrap_or_default(),
                    site: text(&f["site_url"]),
                    groups: groups.remove(&fid).unwrap_or_default(),
                    id: fid,
                })
            })
            .collect())
    }

    fn items(
        &mut self,
        cursor: Option<&str>,
    ) -> Result<(Vec<RemoteItem>, Option<String>), SyncError> {
        let since: i64 = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let v = self.get(&format!("items&since_id={since}"))?;
        let mut max = since;
        let items: Vec<RemoteItem> = v["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| {
                let n = number(&i["id"])?;
                // A server that ignores since_id would page for ever.
                if n <= since {
                    return None;
                }
                max = max.max(n);
                Some(RemoteItem {
                    id: n.to_string(),
                    feed: id(&i["feed_id"]).unwrap_or_default(),
                    title: text(&i["title"]).unwrap_or_default(),
                    link: text(&i["url"]),
                    author: text(&i["author"]),
                    html: text(&i["html"]),
                    published: number(&i["created_on_time"])
                        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)),
                })
            })
            .collect();
        Ok((items, Some(max.to_string())))
    }

    fn states(&mut self) -> Result<(HashSet<String>, HashSet<String>), SyncError> {
        let v = self.get("unread_item_ids&saved_item_ids")?;
        Ok((
            id_list(&v["unread_item_ids"]),
            id_list(&v["saved_item_ids"]),
        ))
    }
}
