//! Keys as written in the config (`"j"`, `"G"`, `"ctrl-d"`, `"pagedown"`) and the map
//! from keys to actions: the shipped `[keys]` table patched by the user's. A key bound
//! to two actions, an unknown action or a key that cannot be read is an error naming
//! the file and line. The reverse map feeds the help overlay and the key hints.

mod key;

use std::collections::{BTreeMap, HashMap};

use crossterm::event::KeyEvent;
use serde::Deserialize;
use toml::Spanned;

use crate::action::Action;
use crate::config::line_of;
pub use key::Key;

/// A `[keys]` table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Only the `[keys]` table of a config file; everything else is the config's business.
#[derive(Deserialize)]
struct KeysOnly {
    keys: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

/// Keys → actions, and actions → keys in config order.
#[derive(Debug, Clone)]
pub struct Keymap {
    by_key: HashMap<Key, Action>,
    by_action: HashMap<Action, Vec<Key>>,
}

/// The closest action name, for "did you mean".
fn closest(name: &str) -> Option<String> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let sub = prev[j] + usize::from(ca != *cb);
                cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    }
    Action::ALL
        .iter()
        .map(|a| a.name())
        .map(|n| (distance(name, &n), n))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, n)| n)
}

/// One file's `[keys]`: action → (keys, line).
type Table = Vec<(Action, Vec<Key>, usize)>;

fn read_table(text: &str, file: &str) -> Result<Table, KeymapError> {
    let err = |offset: usize, message: String| KeymapError {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    };
    let parsed: KeysOnly = toml::from_str(text).map_err(|e| {
        err(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })?;
    let mut out = Vec::new();
    for (name, value) in parsed.keys.unwrap_or_default() {
        let at = name.span().start;
        let action: Action = toml::Value::String(name.get_ref().clone())
            .try_into()
            .map_err(|_| {
                let hint = closest(name.get_ref())
                    .map(|c| format!(" (did you mean {c:?}?)"))
                    .unwrap_or_default();
                err(
                    at,
                    format!("unknown action {:?} in [keys]{hint}", name.get_ref()),
                )
            })?;
        let toml::Value::Array(list) = value.get_ref() else {
            return Err(err(
                at,
                format!(
                    "{}: expected a list of key names, such as [\"j\", \"down\"]",
                    name.get_ref()
                ),
            ));
        };
        let mut keys = Vec::new();
        for item in list {
            let Some(s) = item.as_str() else {
                return Err(err(
                    at,
                    format!("{}: key names are strings, found {item}", name.get_ref()),
                ));
            };
            let k: Key = s.parse().map_err(|e| {
                err(
                    at,
                    format!("{}: cannot read the key {s:?}: {e}", name.get_ref()),
                )
            })?;
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        out.push((action, keys, line_of(text, at)));
    }
    Ok(out)
}

impl Keymap {
    /// The `[keys]` of `default_text` patched by those of `user` (its text and file
    /// name): an action the user lists gets exactly the user's keys.
    pub fn load(default_text: &str, user: Option<(&str, &str)>) -> Result<Self, KeymapError> {
        let mut table: BTreeMap<Action, (Vec<Key>, String, usize)> = BTreeMap::new();
        for (a, keys, line) in read_table(default_text, "config/default.toml")? {
            table.insert(a, (keys, "config/default.toml".to_string(), line));
        }
        if let Some((text, file)) = user {
            for (a, keys, line) in read_table(text, file)? {
                table.insert(a, (keys, file.to_string(), line));
            }
        }
        let mut by_key: HashMap<Key, (Action, String, usize)> = HashMap::new();
        let mut by_action = HashMap::new();
        // User entries win the blame for a conflict: report at the later-defined line.
        for (action, (keys, file, line)) in &table {
            for k in keys {
                if let Some((other, ofile, oline)) = by_key.get(k) {
                    let (file, line) =
                        if ofile != "config/default.toml" && file == "config/default.toml" {
                            (ofile.clone(), *oline)
                        } else {
                            (file.clone(), *line)
                        };
                    return Err(KeymapError {
                        file,
                        line,
                        message: format!(
                            "key {:?} is bound to both {} and {}",
                            k.to_string(),
                            other.name(),
                            action.name()
                        ),
                    });
                }
                by_key.insert(*k, (*action, file.clone(), *line));
            }
            by_action.insert(*action, keys.clone());
        }
        Ok(Self {
            by_key: by_key.into_iter().map(|(k, (a, _, _))| (k, a)).collect(),
            by_action,
        })
    }

    /// The action bound to a key press.
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        self.by_key.get(&Key::from_event(ev)).copied()
    }

    /// The keys of an action, in config order.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.by_action.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The first key of an action, for short hints ("" when unbound).
    pub fn hint(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    /// (action, its keys, its description) for every action, in help order.
    pub fn help_rows(&self) -> Vec<(Action, String, &'static str)> {
        Action::ALL
            .iter()
            .map(|a| {
                let keys: Vec<String> = self.keys(*a).iter().map(ToString::to_string).collect();
                let keys = if keys.is_empty() {
                    "(unbound)".to_string()
                } else {
                    keys.join(", ")
                };
                (*a, keys, a.describe())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
