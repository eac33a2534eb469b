//! Fetching against servers the tests start on 127.0.0.1: conditional GET, gzip,
//! redirects, errors, timeouts, size limits, and the concurrency limits.

#[path = "support/http.rs"]
mod http;

use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use http::{Response, Server, rss};
use tidings::fetch::{FetchError, Job, Limits, Outcome, Validators, agent, fetch_all, fetch_one};

fn limits() -> Limits {
    Limits {
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        ..Limits::default()
    }
}

fn get(url: &str, v: &Validators, l: &Limits) -> tidings::fetch::Fetched {
    fetch_one(&agent(l), url, v, l)
}

#[test]
fn ok_then_304_by_etag() {
    let body = rss("E", &[("a", "A", "x")]);
    let s = Server::start(move |r| {
        if r.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Response::status(304)
        } else {
            Response::ok(body.clone())
                .header("ETag", "\"v1\"")
                .header("Content-Type", "application/rss+xml; charset=windows-1251")
        }
    });
    let f = get(&s.url("/feed"), &Validators::default(), &limits());
    let Ok(Outcome::Fetched {
        body,
        validators,
        content_type,
    }) = f.result
    else {
        panic!("{:?}", f.result)
    };
    assert!(String::from_utf8(body).unwrap().contains("<rss"));
    assert_eq!(
        content_type.as_deref(),
        Some("application/rss+xml; charset=windows-1251")
    );
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
    let again = get(&s.url("/feed"), &validators, &limits());
    assert_eq!(again.result, Ok(Outcome::NotModified));
    let ua = &s.requests.lock().unwrap()[0].headers["user-agent"];
    assert!(ua.starts_with("tidings/"), "{ua}");
}

#[test]
fn ok_then_304_by_last_modified() {
    let s = Server::start(|r| {
        if r.headers.contains_key("if-modified-since") {
            Response::status(304)
        } else {
            Response::ok("<rss/>").header("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
        }
    });
    let f = get(&s.url("/f"), &Validators::default(), &limits());
    let Ok(Outcome::Fetched {
        validators,
        content_type,
        ..
    }) = f.result
    else {
        panic!()
    };
    assert_eq!(content_type, None);
    assert_eq!(
        validators.last_modified.as_deref(),
        Some("Wed, 25 Nov 2026 10:00:00 GMT")
    );
    assert_eq!(
        get(&s.url("/f"), &validators, &limits()).result,
        Ok(Outcome::NotModified)
    );
}

#[test]
fn gzip_bodies_are_decoded() {
    let text = rss("G", &[("g", "Zipped", "small")]);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    let zipped = enc.finish().unwrap();
    let s = Server::start(move |r| {
        assert!(
            r.headers
                .get("accept-encoding")
                .is_some_and(|a| a.contains("gzip"))
        );
        Response::ok(zipped.clone()).header("Content-Encoding", "gzip")
    });
    let f = get(&s.url("/z"), &Validators::default(), &limits());
    let Ok(Outcome::Fetched { body, .. }) = f.result else {
        panic!("{:?}", f.result)
    };
    assert_eq!(String::from_utf8(body).unwrap(), text);
}

#[test]
fn redirects_are_followed_and_permanent_ones_reported() {
    let s = Server::start(|r| match r.path.as_str() {
        "/old" => Response::status(301).header("Location", "/newer"),
        "/newer" => Response::status(308).header("Location", "/feed"),
        "/temp" => Response::status(302).header("Location", "/feed"),
        "/feed" => Response::ok("<rss/>"),
        "/loop-a" => Response::status(302).header("Location", "/loop-b"),
        "/loop-b" => Response::status(302).header("Location", "/loop-a"),
        p if p.starts_with("/chain") => {
            let n: u32 = p[6..].parse().unwrap();
            Response::status(302).header("Location", &format!("/chain{}", n + 1))
        }
        _ => Response::status(404),
    });
    let f = get(&s.url("/old"), &Validators::default(), &limits());
    assert!(matches!(f.result, Ok(Outcome::Fetched { .. })));
    assert_eq!(f.moved_to.as_deref(), Some(s.url("/feed").as_str()));
    let t = get(&s.url("/temp"), &Validators::default(), &limits());
    assert!(
        t.result.is_ok() && t.moved_to.is_none(),
        "a temporary redirect is not reported"
    );
    let l = get(&s.url("/loop-a"), &Validators::default(), &limits());
    assert!(
        matches!(l.result, Err(FetchError::RedirectLoop(_))),
        "{:?}",
        l.result
    );
    let c = get(&s.url("/chain0"), &Validators::default(), &limits());
    assert_eq!(c.result, Err(FetchError::TooManyRedirects));
    assert!(s.hits("/chain6") == 0 || s.hits("/chain7") == 0);
}

#[test]
fn http_errors_timeouts_limits_and_refused_connections() {
    let s = Server::start(|r| match r.path.as_str() {
        "/500" => Response::status(500),
        "/slow" => Response::ok("<rss/>").delay(Duration::from_secs(4)),
        "/big" => Response::ok(vec![b'x'; 50_000]),
        _ => Response::status(404),
    });
    let l = Limits {
        timeout: Duration::from_millis(800),
        max_bytes: 10_000,
        ..limits()
    };
    assert_eq!(
        get(&s.url("/404"), &Validators::default(), &l).result,
        Err(FetchError::Status(404, "Not Found".into()))
    );
    assert_eq!(
        get(&s.url("/500"), &Validators::default(), &l).result,
        Err(FetchError::Status(500, "Internal Server Error".into()))
    );
    assert_eq!(
        get(&s.url("/slow"), &Validators::default(), &l).result,
        Err(FetchError::Timeout)
    );
    assert_eq!(
        get(&s.url("/big"), &Validators::default(), &l).result,
        Err(FetchError::TooLarge(10_000))
    );
    let port = s.port;
    drop(s);
    let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!(
        "http://127.0.0.1:{}/feed",
        gone.local_addr().unwrap().port()
    );
    drop(gone);
    assert!(matches!(
        get(&dead, &Validators::default(), &l).result,
        Err(FetchError::Connect(_))
    ));
    let _ = port;
}

#[test]
fn fifty_feeds_respect_the_limits() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // One counter across every server: how many fetches are being answered at once.
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let servers: Vec<Server> = (0..10)
        .map(|_| {
            let (now, most) = (Arc::clone(&now), Arc::clone(&most));
            Server::start(move |_| {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(n, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(150));
                now.fetch_sub(1, Ordering::SeqCst);
                Response::ok("<rss/>")
            })
        })
        .collect();
    let jobs: Vec<Job> = servers
        .iter()
        .flat_map(|s| {
            (0..5).map(move |i| Job {
                url: s.url(&format!("/f{i}")),
                validators: Validators::default(),
            })
        })
        .collect();
    let done = Mutex::new(Vec::new());
    let l = Limits {
        parallel: 8,
        per_host: 2,
        ..limits()
    };
    fetch_all(jobs, &l, |f| done.lock().unwrap().push(f));
    let done = done.into_inner().unwrap();
    assert_eq!(done.len(), 50);
    assert!(done.iter().all(|f| f.result.is_ok()));
    for s in &servers {
        assert!(
            s.max_in_flight.load(Ordering::SeqCst) <= 2,
            "at most 2 per host"
        );
        assert_eq!(s.requests.lock().unwrap().len(), 5);
    }
    let most = most.load(Ordering::SeqCst);
    assert!(most <= 8, "at most 8 at once, saw {most}");
    assert!(most >= 4, "fetches ran in parallel, saw {most}");
}

#[test]
fn a_redirect_to_a_file_url_is_refused() {
    let s = Server::start(|r| match r.path.as_str() {
        "/feed" => Response::status(302).header("Location", "file:///etc/passwd"),
        "/moved" => Response::status(301).header("Location", "FILE:/etc/passwd"),
        _ => Response::ok("<rss/>"),
    });
    for path in ["/feed", "/moved"] {
        let f = get(&s.url(path), &Validators::default(), &limits());
        assert!(
            matches!(&f.result, Err(FetchError::RedirectScheme(s)) if s == "file"),
            "{:?}",
            f.result
        );
        let msg = f.result.unwrap_err().to_string();
        assert!(msg.contains("redirect to a file: URL refused"), "{msg}");
        assert_eq!(
            f.moved_to, None,
            "a refused redirect is not reported as a move"
        );
    }
    assert_eq!(
        s.requests.lock().unwrap().len(),
        2,
        "nothing else was requested"
    );
}

#[test]
fn a_scheme_relative_redirect_keeps_the_scheme_and_changes_the_host() {
    let target = Server::start(|r| match r.path.as_str() {
        "/p" => Response::ok("<rss/>"),
        _ => Response::status(404),
    });
    let to = format!("//127.0.0.1:{}/p", target.port);
    let s = Server::start(move |_| Response::status(301).header("Location", &to));
    let f = get(&s.url("/old"), &Validators::default(), &limits());
    assert!(
        matches!(f.result, Ok(Outcome::Fetched { .. })),
        "{:?}",
        f.result
    );
    assert_eq!(f.moved_to.as_deref(), Some(target.url("/p").as_str()));
    assert_eq!(target.hits("/p"), 1);
    assert_eq!(s.requests.lock().unwrap().len(), 1);
}

#[test]
fn relative_redirects_resolve_against_the_current_url() {
    let s = Server::start(|r| match r.path.as_str() {
        "/a/b/feed" => Response::status(302).header("Location", "../c/next?x=1"),
        "/a/c/next?x=1" => Response::status(302).header("Location", "last"),
        "/a/c/last" => Response::ok("<rss/>"),
        _ => Response::status(404),
    });
    let f = get(&s.url("/a/b/feed"), &Validators::default(), &limits());
    assert!(
        matches!(f.result, Ok(Outcome::Fetched { .. })),
        "{:?}",
        f.result
    );
    assert_eq!(s.hits("/a/c/last"), 1);
}

#[test]
fn validators_with_control_bytes_are_ignored() {
    let s = Server::start(|r| match r.path.as_str() {
        "/etag" => Response::ok("<rss/>").header("ETag", "\"v\u{1}1\""),
        "/del" => Response::ok("<rss/>").header("ETag", "\"v\u{7f}1\""),
        "/lm" => Response::ok("<rss/>")
            .header("Last-Modified", "Wed, 25 Nov\u{7} 2026 10:00:00 GMT")
            .header("ETag", "\"ok\""),
        _ => Response::status(404),
    });
    for path in ["/etag", "/del"] {
        let f = get(&s.url(path), &Validators::default(), &limits());
        let Ok(Outcome::Fetched {
            body, validators, ..
        }) = f.result
        else {
            panic!("{path}: {:?}", f.result)
        };
        assert_eq!(body, b"<rss/>");
        assert_eq!(validators, Validators::default(), "{path}");
    }
    let f = get(&s.url("/lm"), &Validators::default(), &limits());
    let Ok(Outcome::Fetched { validators, .. }) = f.result else {
        panic!("{:?}", f.result)
    };
    assert_eq!(validators.last_modified, None);
    assert_eq!(validators.etag.as_deref(), Some("\"ok\""));
    // A stored validator that is not a valid header value is not sent, and the fetch
    // goes on.
    let bad = Validators {
        etag: Some("\"v\u{1}1\"".into()),
        last_modified: Some("Wed\n, 25 Nov 2026".into()),
    };
    let f = get(&s.url("/lm"), &bad, &limits());
    assert!(
        matches!(f.result, Ok(Outcome::Fetched { .. })),
        "{:?}",
        f.result
    );
    let req = s.requests.lock().unwrap().last().cloned().unwrap();
    assert!(!req.headers.contains_key("if-none-match"), "{req:?}");
    assert!(!req.headers.contains_key("if-modified-since"), "{req:?}");
}
