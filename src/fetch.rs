//! HTTP for feeds, with ureq on plain threads: conditional GET (`ETag`, `Last-Modified`),
//! gzip, redirects followed by hand (at most 5; a permanent one is reported; loops
//! are caught; only to http and https), a size limit, timeouts, and a pool that runs
//! at most N fetches at once and at most 2 per host. Errors say what happened in words
//! a user can act on.

pub mod discover;
mod lenient;
mod pool;

use ureq::Agent;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, DefaultConnector};
use url::Url;

pub use pool::{Job, fetch_all};

// The limits are configuration, so they live in `config` (below `fetch` and `ingest`).
pub use crate::config::{DEFAULT_MAX_BYTES, Limits};

/// What the server said last time, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new body.
    Fetched {
        body: Vec<u8>,
        validators: Validators,
        /// The `Content-Type` header, for the body's charset.
        content_type: Option<String>,
    },
    /// 304: nothing changed since the validators.
    NotModified,
}

/// The result of one fetch, with what was learnt about the URL on the way.
#[derive(Debug)]
pub struct Fetched {
    pub url: String,
    pub result: Result<Outcome, FetchError>,
    /// Where a permanent redirect (301/308) points: the user should update the URL.
    pub moved_to: Option<String>,
}

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("DNS: host not found")]
    Dns,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("HTTP {0} {1}")]
    Status(u16, String),
    #[error("timed out")]
    Timeout,
    #[error("the body is larger than the limit of {0} bytes; cut off")]
    TooLarge(u64),
    #[error("too many redirects (more than 5)")]
    TooManyRedirects,
    #[error("redirect loop: {0}")]
    RedirectLoop(String),
    /// A redirect to another scheme than http or https (`file:`, `ftp:`…), not followed.
    #[error("redirect to a {0}: URL refused (only http and https are followed)")]
    RedirectScheme(String),
    #[error("{0}")]
    Other(String),
}

/// An agent for feeds: our user agent, timeouts, no automatic redirects; a header
/// value with a control byte does not fail the response (see `lenient`).
pub fn agent(limits: &Limits) -> Agent {
    let config = Agent::config_builder()
        .user_agent(concat!(
            "tidings/",
            env!("CARGO_PKG_VERSION"),
            " (terminal news reader)"
        ))
        .timeout_connect(Some(limits.connect_timeout))
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .build();
    Agent::with_parts(
        config,
        DefaultConnector::new().chain(lenient::Lenient),
        DefaultResolver::default(),
    )
}

/// Whether a header value is visible ASCII (tabs allowed): anything else is ignored
/// when received and not sent.
fn plain(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

fn classify(e: ureq::Error) -> FetchError {
    match e {
        ureq::Error::HostNotFound => FetchError::Dns,
        ureq::Error::ConnectionFailed => {
            FetchError::Connect("connection refused or unreachable".into())
        }
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::BodyExceedsLimit(n) => FetchError::TooLarge(n),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::Tls(m) => FetchError::Tls(m.to_string()),
        ureq::Error::Rustls(e) => FetchError::Tls(e.to_string()),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout,
        ureq::Error::Io(e) => FetchError::Connect(e.to_string()),
        other => FetchError::Other(other.to_string()),
    }
}

fn reason(status: u16) -> String {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
        .to_string()
}

/// Fetches `url`, following up to 5 redirects by hand.
pub fn fetch_one(agent: &Agent, url: &str, v: &Validators, limits: &Limits) -> Fetched {
    let mut current = Url::parse(url).map_or_else(|_| url.to_string(), String::from);
    let mut seen = vec![current.clone()];
    let mut moved_to = None;
    let mut permanent_so_far = true;
    let result = loop {
        let mut req = agent.get(&current);
        if let Some(e) = v.etag.as_ref().filter(|e| plain(e)) {
            req = req.header("If-None-Match", e);
        }
        if let Some(l) = v.last_modified.as_ref().filter(|l| plain(l)) {
            req = req.header("If-Modified-Since", l);
        }
        let mut resp = match req.call() {
            Ok(r) => r,
            Err(e) => break Err(classify(e)),
        };
        let status = resp.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            let Some(loc) = resp.headers().get("location") else {
                break Err(FetchError::Status(
                    status,
                    "redirect without a Location".into(),
                ));
            };
            // Absolute, scheme-relative (`//host/p`), absolute-path and relative.
            let next = match std::str::from_utf8(loc.as_bytes())
                .map_err(|e| e.to_string())
                .and_then(|l| {
                    Url::parse(&current)
                        .and_then(|base| base.join(l.trim()))
                        .map_err(|e| e.to_string())
                }) {
                Ok(next) if matches!(next.scheme(), "http" | "https") => String::from(next),
                Ok(next) => break Err(FetchError::RedirectScheme(next.scheme().to_string())),
                Err(e) => {
                    break Err(FetchError::Status(
                        status,
                        format!("redirect to an unusable Location: {e}"),
                    ));
                }
            };
            permanent_so_far &= matches!(status, 301 | 308);
            if permanent_so_far {
                moved_to = Some(next.clone());
            }
            if seen.contains(&next) {
                break Err(FetchError::RedirectLoop(format!("{current} → {next}")));
            }
            if seen.len() > 5 {
                break Err(FetchError::TooManyRedirects);
            }
            seen.push(next.clone());
            current = next;
            continue;
        }
        if status == 304 {
            break Ok(Outcome::NotModified);
        }
        if !(200..300).contains(&status) {
            break Err(FetchError::Status(status, reason(status)));
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        };
        // A validator that could not be sent back is not kept.
        let validators = Validators {
            etag: header("etag").filter(|e| plain(e)),
            last_modified: header("last-modified").filter(|l| plain(l)),
        };
        let content_type = header("content-type");
        match resp
            .body_mut()
            .with_config()
            .limit(limits.max_bytes)
            .read_to_vec()
        {
            Ok(body) => {
                break Ok(Outcome::Fetched {
                    body,
                    validators,
                    content_type,
                });
            }
            Err(e) => break Err(classify(e)),
        }
    };
    Fetched {
        url: url.to_string(),
        result,
        moved_to,
    }
}

/// The host part of a URL, for the per-host limit.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_ascii_lowercase()
}
