//! The pieces of a sync that need no server: passwords, items as articles, quotes.

use super::sources::article;
use super::*;
use crate::model::SourceId;

#[test]
fn the_password_is_the_first_line_of_the_command_run_without_a_shell() {
    let cmd =
        |argv: &[&str]| PasswordSource::Command(argv.iter().map(|s| (*s).to_string()).collect());
    assert_eq!(
        password(&cmd(&["printf", "s3cret\\nsecond\\n"])).unwrap(),
        "s3cret"
    );
    // No shell: `;` and `$(...)` are plain arguments.
    assert_eq!(
        password(&cmd(&["echo", "a;b", "$(x)"])).unwrap(),
        "a;b $(x)"
    );
    let e = password(&cmd(&["false"])).unwrap_err().to_string();
    assert!(
        e.starts_with("password: false failed (exit status: 1)"),
        "{e}"
    );
    let e = password(&cmd(&["/nonexistent/pass"]))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("password: cannot run /nonexistent/pass"),
        "{e}"
    );
    let e = password(&cmd(&["printf", ""])).unwrap_err().to_string();
    assert_eq!(e, "password: it is empty");
    let e = password(&PasswordSource::Env("TIDINGS_SURELY_UNSET_VAR".into()))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "password: the environment variable TIDINGS_SURELY_UNSET_VAR is not set"
    );
}

#[test]
fn an_item_becomes_a_clean_article() {
    let item = RemoteItem {
        id: "7".into(),
        feed: "3".into(),
        title: "  Big\u{1b}[2J\n news\u{7} ".into(),
        link: Some("javascript:alert(1)".into()),
        author: Some("Ann\u{9b}31m".into()),
        html: Some("<p>One &#27;[31mtwo</p><p>three</p>".into()),
        published: DateTime::<Utc>::from_timestamp(1_796_000_000, 0),
    };
    let a = article("https://s/fever/", "fever:https://s/fever/#feed/3", &item);
    assert_eq!(a.title, "Big news");
    assert_eq!(a.link, None);
    assert_eq!(a.authors[0].name, "Ann");
    assert_eq!(a.body, "One two\n\nthree");
    assert!(!a.html_text().unwrap().contains("&#27;"));
    assert_eq!(a.id, article_id("https://s/fever/", "7"));
    assert_ne!(a.id, article_id("https://other/fever/", "7"));
    assert_eq!(a.source, SourceId::derive("fever:https://s/fever/#feed/3"));
    let mut untitled = item.clone();
    untitled.title = String::new();
    untitled.link = Some("https://example.org/x".into());
    let a = article("https://s/fever/", "L", &untitled);
    assert_eq!(a.title, "One two three");
    assert_eq!(a.link.as_deref(), Some("https://example.org/x"));
}

#[test]
fn quotes_are_clean_short_and_on_one_line() {
    assert_eq!(quote("<html>\n\u{1b}[2J <b>hi</b>"), "\"<html> <b>hi</b>\"");
    let long = "x".repeat(100);
    assert_eq!(quote(&long), format!("\"{}…\"", "x".repeat(60)));
}
