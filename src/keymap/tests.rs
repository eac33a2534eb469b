//! Key names, terminal normalisation, the shipped default and the error cases.

use super::*;
use crossterm::event::{KeyCode, KeyModifiers};
use proptest::prelude::*;

const DEFAULT: &str = crate::config::DEFAULT_TOML;

fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn key_names_parse_and_print_back() {
    for s in [
        "j",
        "G",
        "?",
        "/",
        "!",
        "1",
        "ctrl-d",
        "alt-x",
        "ctrl-alt-x",
        "enter",
        "esc",
        "tab",
        "backtab",
        "space",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
        "delete",
        "backspace",
        "insert",
        "f1",
        "f12",
        "-",
    ] {
        let k: Key = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(k.to_string(), s);
    }
    assert_eq!("shift-tab".parse::<Key>().unwrap().to_string(), "backtab");
    assert_eq!("shift-g".parse::<Key>().unwrap().to_string(), "G");
    assert_eq!("CTRL-D".parse::<Key>().unwrap().to_string(), "ctrl-d");
    assert_eq!("PageDown".parse::<Key>().unwrap().to_string(), "pagedown");
    for bad in ["", "ctrl-", "foo", "f13", "jj"] {
        assert!(bad.parse::<Key>().is_err(), "{bad:?}");
    }
}

#[test]
fn terminal_events_are_normalised() {
    let km = Keymap::load(DEFAULT, None).unwrap();
    assert_eq!(
        km.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::Last)
    );
    assert_eq!(
        km.action(&ev(KeyCode::Char('G'), KeyModifiers::NONE)),
        Some(Action::Last)
    );
    assert_eq!(
        km.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Action::FocusPrev)
    );
    assert_eq!(
        km.action(&ev(KeyCode::Char('d'), KeyModifiers::CONTROL)),
        Some(Action::PageDown)
    );
    assert_eq!(
        km.action(&ev(
            KeyCode::Char('D'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT
        )),
        Some(Action::PageDown)
    );
    assert_eq!(
        km.action(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
        Some(Action::Help)
    );
    assert_eq!(
        km.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(
        km.action(&ev(KeyCode::Char('c'), KeyModifiers::NONE)),
        Some(Action::ClearFilter)
    );
    assert_eq!(km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)), None);
}

#[test]
fn the_shipped_default_binds_every_action_without_conflict() {
    let km = Keymap::load(DEFAULT, None).unwrap();
    for a in Action::ALL {
        assert!(!km.keys(a).is_empty(), "{a:?} has no key");
    }
    assert_eq!(km.help_rows().len(), Action::ALL.len());
    assert_eq!(km.hint(Action::Next), "j");
}

#[test]
fn a_user_patch_replaces_only_that_action() {
    let user = "[general]\ntimezone = \"UTC\"\n[keys]\nnext = [\"x\", \"down\", \"x\"]\n";
    let km = Keymap::load(DEFAULT, Some((user, "u.toml"))).unwrap();
    assert_eq!(km.keys(Action::Next).len(), 2);
    assert_eq!(
        km.action(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
        Some(Action::Next)
    );
    assert_eq!(km.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)), None);
    assert_eq!(
        km.action(&ev(KeyCode::Char('k'), KeyModifiers::NONE)),
        Some(Action::Prev)
    );
    assert!(Keymap::load(DEFAULT, Some(("[general]\n", "u.toml"))).is_ok());
}

#[test]
fn errors_name_the_line() {
    let cases = [
        (
            "[keys]\n\nnxt = [\"j\"]\n",
            3,
            "unknown action \"nxt\" in [keys] (did you mean \"next\"?)",
        ),
        (
            "[keys]\nnext = [\"ctrl-\"]\n",
            2,
            "next: cannot read the key \"ctrl-\"",
        ),
        ("[keys]\nnext = [\"foo\"]\n", 2, "unknown key \"foo\""),
        ("[keys]\nnext = \"j\"\n", 2, "expected a list of key names"),
        ("[keys]\nnext = [1]\n", 2, "key names are strings"),
        (
            "# c\n[keys]\nprev = [\"k\"]\nhelp = [\"j\"]\n",
            4,
            "key \"j\" is bound to both next and help",
        ),
        ("[keys\n", 1, ""),
    ];
    for (text, line, needle) in cases {
        let e = Keymap::load(DEFAULT, Some((text, "my.toml"))).unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line),
            ("my.toml", line),
            "{text:?}: {e}"
        );
        assert!(e.to_string().contains(needle), "{text:?}: {e}");
    }
}

fn key_strategy() -> impl Strategy<Value = Key> {
    let codes = prop_oneof![
        proptest::char::range('!', '~').prop_map(KeyCode::Char),
        (1u8..13).prop_map(KeyCode::F),
        proptest::sample::select(NAMED_CODES.to_vec()),
    ];
    (codes, any::<bool>(), any::<bool>()).prop_map(|(c, ctrl, alt)| {
        let mut m = KeyModifiers::NONE;
        if ctrl {
            m |= KeyModifiers::CONTROL;
        }
        if alt {
            m |= KeyModifiers::ALT;
        }
        Key::from_event(&KeyEvent::new(c, m))
    })
}

const NAMED_CODES: [KeyCode; 8] = [
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Up,
    KeyCode::PageDown,
    KeyCode::Home,
    KeyCode::Char(' '),
];

proptest! {
    #[test]
    fn display_then_parse_round_trips(k in key_strategy()) {
        prop_assert_eq!(k.to_string().parse::<Key>().unwrap(), k);
    }
}
