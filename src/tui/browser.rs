//! Opening a link in the browser. With `[general] browser` set, its command is run
//! directly (never through a shell, so nothing in a link is ever read as shell
//! syntax) and waited for; without it, the system's way (`webbrowser`, which honours
//! `$BROWSER`). Only http(s) links are opened either way. The terminal is handed over
//! around the call by the loop, for terminal browsers.

use std::process::Command;

use crate::model::is_web_link;

/// How links are opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Browser {
    /// The configured command's words (`Config::browser`); `None`: the system's
    /// browser.
    pub command: Option<Vec<String>>,
}

/// The command that opens `url` with the configured `words`: the first word is the
/// program, the others its arguments, with `%u` in any of them replaced by the URL;
/// when no word has `%u`, the URL is the last argument. Each word stays one argument
/// whatever the URL holds. `None` when there is no word.
pub fn command(words: &[String], url: &str) -> Option<Command> {
    let (program, rest) = words.split_first()?;
    let placed = words.iter().any(|w| w.contains("%u"));
    let mut cmd = Command::new(program.replace("%u", url));
    cmd.args(rest.iter().map(|w| w.replace("%u", url)));
    if !placed {
        cmd.arg(url);
    }
    Some(cmd)
}

impl Browser {
    /// Opens `url` and, for a configured command, waits until it exits. The error
    /// says why in a sentence for the status bar.
    pub fn open(&self, url: &str) -> Result<(), String> {
        if !is_web_link(url) {
            return Err("only http(s) links are opened".to_string());
        }
        let url = url.trim();
        let Some(words) = &self.command else {
            return webbrowser::open(url).map_err(|e| e.to_string());
        };
        let mut cmd = command(words, url).ok_or("[general] browser is empty")?;
        let program = cmd.get_program().to_string_lossy().into_owned();
        match cmd.status() {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(format!("{program} ended with {status}")),
            Err(e) => Err(format!("cannot run {program} ([general] browser): {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(ToString::to_string).collect()
    }

    /// The program and arguments of `cmd`, as strings.
    fn argv(cmd: &Command) -> (String, Vec<String>) {
        (
            cmd.get_program().to_string_lossy().into_owned(),
            cmd.get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
        )
    }

    const URL: &str = "https://e.example/a?b=1";

    #[test]
    fn percent_u_is_replaced_by_the_url_in_any_word() {
        let cmd = command(&words(&["firefox", "--new-tab", "%u"]), URL).unwrap();
        assert_eq!(
            argv(&cmd),
            ("firefox".into(), vec!["--new-tab".into(), URL.into()])
        );
        let cmd = command(&words(&["open-in", "--url=%u", "-v"]), URL).unwrap();
        assert_eq!(argv(&cmd).1, vec![format!("--url={URL}"), "-v".to_string()]);
    }

    #[test]
    fn without_percent_u_the_url_comes_last() {
        let cmd = command(&words(&["w3m"]), URL).unwrap();
        assert_eq!(argv(&cmd), ("w3m".into(), vec![URL.into()]));
        let cmd = command(&words(&["lynx", "-accept_all_cookies"]), URL).unwrap();
        assert_eq!(argv(&cmd).1, vec!["-accept_all_cookies", URL]);
    }

    #[test]
    fn a_url_with_shell_syntax_is_one_argument_to_the_program_itself() {
        let url = "https://e.example/?q=a;rm -rf ~&x=$(id)|`id` 'y' \"z\" > /tmp/o %u";
        for (w, count) in [
            (&["w3m"][..], 1),
            (&["w3m", "%u"], 1),
            (&["w3m", "-o", "%u"], 2),
        ] {
            let (program, args) = argv(&command(&words(w), url).unwrap());
            assert_eq!(program, "w3m", "no shell in between");
            assert_eq!(args.len(), count, "{w:?}: one argument for the URL");
            // Whole, and its own `%u` left as it is.
            assert_eq!(args.last().map(String::as_str), Some(url), "{w:?}");
        }
    }

    #[test]
    fn no_words_no_command() {
        assert!(command(&[], URL).is_none());
    }

    #[test]
    fn the_configured_command_runs_and_is_waited_for() {
        let ok = Browser {
            command: Some(words(&["true"])),
        };
        assert_eq!(ok.open(URL), Ok(()));
        let failing = Browser {
            command: Some(words(&["false"])),
        };
        assert!(failing.open(URL).unwrap_err().contains("false ended with"));
        let missing = Browser {
            command: Some(words(&["/nonexistent/tidings-browser"])),
        };
        assert!(missing.open(URL).unwrap_err().starts_with("cannot run"));
    }

    #[test]
    fn only_web_links_reach_the_command() {
        // `false` would fail if it ran: the refusal comes first.
        let b = Browser {
            command: Some(words(&["false"])),
        };
        for url in ["file:///etc/passwd", "javascript:alert(1)", "-e", ""] {
            assert_eq!(
                b.open(url),
                Err("only http(s) links are opened".to_string()),
                "{url}"
            );
        }
    }
}
