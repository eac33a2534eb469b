//! Opening links as message sequences: `o` on an article whose body has numbered
//! links asks which one (Enter the article's own link, a number one of the body's,
//! Esc cancels); on an article without them it opens the article's link at once.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::*;
use tidings::app::state::PromptKind;
use tidings::app::{Action, AppState, Effect, Msg, update};
use tidings::ingest::{self, SourceSpec};

fn status(s: &AppState) -> String {
    s.notices
        .status()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// A key typed into the prompt, and what `update` returns for it.
fn press(s: &mut AppState, code: KeyCode) -> Effect {
    update(s, Msg::PromptKey(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn asking(s: &AppState) -> bool {
    matches!(
        s.prompt.current().map(|p| &p.kind),
        Some(PromptKind::OpenLink { .. })
    )
}

/// The reader over tests/fixtures/rich (one article: its own link and two numbered
/// links in its body), the article open.
fn field_notes() -> AppState {
    let specs = [SourceSpec::path(fixtures().join("rich"))];
    let mut s = reader(ingest::load(&specs, utc(), None), 120, 40);
    act(&mut s, &[Action::Open]);
    s
}

const ARTICLE_LINK: &str = "https://notes.example.org/2025/tide-gauge-recorded-during-the-long-storm-of-the-northern-winter-season";

#[test]
fn o_then_a_digit_opens_that_numbered_link() {
    let mut s = field_notes();
    assert_eq!(s.article.links.len(), 2);
    assert_eq!(update(&mut s, Msg::Action(Action::OpenLink)), Effect::None);
    assert!(asking(&s));
    // The prompt says what it takes.
    let screen = format!("{:?}", draw(&s).backend());
    assert!(
        screen
            .contains("open link: Enter = the article's link, 1–2 = a numbered link, Esc cancels:"),
        "{screen}"
    );
    // Fewer than ten links: one digit is enough.
    let e = press(&mut s, KeyCode::Char('2'));
    assert_eq!(
        e,
        Effect::OpenLink("https://harbour.example.net/notices".into())
    );
    assert!(!s.prompt.is_open());
}

#[test]
fn o_then_enter_opens_the_articles_own_link() {
    let mut s = field_notes();
    update(&mut s, Msg::Action(Action::OpenLink));
    let e = press(&mut s, KeyCode::Enter);
    assert_eq!(e, Effect::OpenLink(ARTICLE_LINK.into()));
    assert!(!s.prompt.is_open());
}

#[test]
fn a_number_out_of_range_is_said_and_the_prompt_stays() {
    let mut s = field_notes();
    update(&mut s, Msg::Action(Action::OpenLink));
    for c in ['3', '0'] {
        assert_eq!(press(&mut s, KeyCode::Char(c)), Effect::None);
        assert!(asking(&s), "{c}: the prompt stays");
        assert!(
            status(&s).contains(&format!("no link {c}")),
            "{}",
            status(&s)
        );
        assert!(status(&s).contains("1–2"), "{}", status(&s));
    }
    // Letters are no number either.
    assert_eq!(press(&mut s, KeyCode::Char('x')), Effect::None);
    assert!(asking(&s));
    assert_eq!(s.prompt.current().unwrap().input.value(), "");
    // And a good number after all that opens.
    let e = press(&mut s, KeyCode::Char('1'));
    assert_eq!(
        e,
        Effect::OpenLink("https://notes.example.org/data/gauge-2025.csv".into())
    );
}

#[test]
fn esc_cancels_and_opens_nothing() {
    let mut s = field_notes();
    update(&mut s, Msg::Action(Action::OpenLink));
    assert_eq!(press(&mut s, KeyCode::Esc), Effect::None);
    assert!(!s.prompt.is_open());
    assert_eq!(status(&s), "cancelled");
}

#[test]
fn an_article_without_numbered_links_opens_its_link_at_once() {
    let mut s = state(120, 40);
    while selected_title(&s) != "Probe reaches the outer belt" {
        act(&mut s, &[Action::Next]);
    }
    act(&mut s, &[Action::Open]);
    assert!(s.article.links.is_empty());
    let e = update(&mut s, Msg::Action(Action::OpenLink));
    assert_eq!(
        e,
        Effect::OpenLink("https://example.org/science/probe".into())
    );
    assert!(!s.prompt.is_open());
}

/// A feed of one article whose body has `n` links, the third a mail address.
fn many_links(dir: &std::path::Path, n: usize) -> AppState {
    let links: String = (1..=n)
        .map(|i| {
            if i == 3 {
                "<a href=\"mailto:desk@example.org\">mail</a> ".to_string()
            } else {
                format!("<a href=\"https://many.example/{i}\">link {i}</a> ")
            }
        })
        .collect();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>\
         <item><title>Many links</title><guid>many-1</guid>\
         <pubDate>Mon, 02 Jun 2025 10:00:00 +0000</pubDate>\
         <description><![CDATA[<p>{links}</p>]]></description></item></channel></rss>"
    );
    std::fs::write(dir.join("many.rss"), feed).unwrap();
    let specs = [SourceSpec::path(dir.to_path_buf())];
    let mut s = reader(ingest::load(&specs, utc(), None), 120, 40);
    act(&mut s, &[Action::Open]);
    assert_eq!(s.article.links.len(), n);
    s
}

#[test]
fn with_ten_links_or_more_a_number_is_typed_then_entered() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = many_links(dir.path(), 12);
    update(&mut s, Msg::Action(Action::OpenLink));
    // One digit waits for more.
    assert_eq!(press(&mut s, KeyCode::Char('1')), Effect::None);
    assert!(asking(&s));
    assert_eq!(press(&mut s, KeyCode::Char('3')), Effect::None);
    assert_eq!(press(&mut s, KeyCode::Enter), Effect::None);
    assert!(asking(&s), "13 is out of range");
    assert!(status(&s).contains("no link 13"), "{}", status(&s));
    assert_eq!(s.prompt.current().unwrap().input.value(), "");
    type_text(&mut s, "129");
    press(&mut s, KeyCode::Backspace);
    assert_eq!(
        press(&mut s, KeyCode::Enter),
        Effect::OpenLink("https://many.example/12".into())
    );
    assert!(!s.prompt.is_open());
}

#[test]
fn a_numbered_link_that_is_not_http_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = many_links(dir.path(), 4);
    update(&mut s, Msg::Action(Action::OpenLink));
    assert_eq!(press(&mut s, KeyCode::Char('3')), Effect::None);
    assert!(!s.prompt.is_open());
    assert!(
        status(&s).contains("not an http(s) link, not opened: mailto:desk@example.org"),
        "{}",
        status(&s)
    );
    // This article has no link of its own: Enter says so and keeps asking.
    update(&mut s, Msg::Action(Action::OpenLink));
    assert_eq!(press(&mut s, KeyCode::Enter), Effect::None);
    assert!(asking(&s));
    assert!(status(&s).contains("no link of its own"), "{}", status(&s));
}

#[test]
fn from_the_list_o_opens_the_articles_link_at_once() {
    let specs = [SourceSpec::path(fixtures().join("rich"))];
    let mut s = reader(ingest::load(&specs, utc(), None), 120, 40);
    assert_eq!(s.focus, tidings::app::Focus::List);
    let e = update(&mut s, Msg::Action(Action::OpenLink));
    assert_eq!(e, Effect::OpenLink(ARTICLE_LINK.into()));
    assert!(!s.prompt.is_open());
}

/// `[general] browser`: a string split on white space, or a list of words (for a
/// word with spaces in it); anything else names the file and line.
#[test]
fn the_browser_setting_is_a_command_line_or_a_list_of_words() {
    use tidings::config::Config;
    let words = |text: &str| Config::parse(text, "my.toml", None).unwrap().browser;
    assert_eq!(words(""), None);
    assert_eq!(
        words("[general]\nbrowser = \"firefox  --new-tab %u\"\n"),
        Some(vec!["firefox".into(), "--new-tab".into(), "%u".into()])
    );
    assert_eq!(
        words("[general]\nbrowser = [\"/opt/My Browser/run\", \"%u\"]\n"),
        Some(vec!["/opt/My Browser/run".into(), "%u".into()])
    );
    assert_eq!(words("[general]\nbrowser = \"  \"\n"), None);
    let e = Config::parse("[general]\nbrowser = 3\n", "my.toml", None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("my.toml:2") && e.contains("browser"), "{e}");
    // And the command it makes: the URL one argument of the program itself.
    let url = "https://e.example/?a=1;b=$(id)";
    let cmd = tidings::tui::browser::command(
        &words("[general]\nbrowser = \"w3m -o %u\"\n").unwrap(),
        url,
    )
    .unwrap();
    assert_eq!(cmd.get_program(), "w3m");
    let args: Vec<_> = cmd.get_args().collect();
    assert_eq!(args, ["-o", url]);
}
