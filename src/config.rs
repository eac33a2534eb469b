//! Configuration: the embedded `config/default.toml` with the user's file read over it.
//! Every value the user writes is checked here, and a bad one is an error naming the
//! file, the line and what was expected. No other module reads config files.

pub mod edit;
pub mod theme;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::model::is_http_url;
use crate::zone::Zone;

/// The shipped defaults, the file the tests load.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// A config file that could not be used: where and why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// The file as written: every key optional, positions kept for error messages.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    general: Option<FileGeneral>,
    sources: Option<Vec<Spanned<FileSource>>>,
    sync: Option<Vec<Spanned<FileSync>>>,
    fetch: Option<FileFetch>,
    layout: Option<FileLayout>,
    views: Option<Vec<Spanned<FileView>>>,
    theme: Option<toml::Table>,
    /// Checked by the keymap, which reports its own errors with lines.
    #[allow(dead_code)]
    keys: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileGeneral {
    timezone: Option<Spanned<String>>,
    mouse: Option<bool>,
    reading_width: Option<Spanned<i64>>,
    mark_read: Option<Spanned<String>>,
    start_view: Option<Spanned<String>>,
    browser: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayout {
    split: Option<Spanned<String>>,
    list_share: Option<Spanned<i64>>,
    timeline: Option<Spanned<String>>,
    sidebar: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileView {
    name: Spanned<String>,
    filter: Spanned<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFetch {
    parallel: Option<Spanned<i64>>,
    per_host: Option<Spanned<i64>>,
    timeout: Option<Spanned<i64>>,
    connect_timeout: Option<Spanned<i64>>,
    max_mb: Option<Spanned<i64>>,
    auto_refresh: Option<Spanned<i64>>,
    refresh_on_start: Option<Spanned<i64>>,
    keep_days: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSource {
    path: Option<String>,
    url: Option<Spanned<String>>,
    title: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    timezone: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSync {
    kind: Option<Spanned<String>>,
    url: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    password_command: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    /// Refused with a message: the password is never kept in the file.
    password: Option<Spanned<toml::Value>>,
    #[serde(default = "yes")]
    enabled: bool,
}

/// The API a sync server speaks (`[[sync]] kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    /// The Fever API (`FreshRSS`, Miniflux, Tiny Tiny RSS, coldsweat).
    Fever,
    /// The Google Reader API (`FreshRSS`, Miniflux, Inoreader, The Old Reader).
    GReader,
}

impl SyncKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fever => "fever",
            Self::GReader => "greader",
        }
    }

    /// Whether a source at `location` is a sync server's (`fever:URL#feed/ID`, as
    /// `sync` names them).
    pub fn is_sync_location(location: &str) -> bool {
        [Self::Fever, Self::GReader].iter().any(|k| {
            location
                .strip_prefix(k.as_str())
                .is_some_and(|rest| rest.starts_with(':'))
        })
    }
}

/// Where a sync server's password comes from; never the config file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// A command (split into words like a shell would, run without one); the first
    /// line of what it prints.
    Command(Vec<String>),
    /// An environment variable.
    Env(String),
}

/// One `[[sync]]` entry, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    pub kind: SyncKind,
    /// The API's address (`https://host/api/fever.php`, `https://host/api/greader.php`).
    pub url: String,
    pub user: String,
    pub password: PasswordSource,
    pub enabled: bool,
}

/// Where a configured source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceLocation {
    Path(PathBuf),
    Url(String),
}

/// One `[[sources]]` entry, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceConfig {
    pub location: SourceLocation,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub timezone: Option<Zone>,
    /// How text that is not valid UTF-8 is read (`encoding = "windows-1251"`); `None`:
    /// detected, with a warning.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub enabled: bool,
}

/// When an article counts as read (`[general] mark_read`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MarkRead {
    /// When opened (Enter, or a reading key from the article pane).
    #[default]
    Open,
    /// Once it has been in the article pane for a second.
    Shown,
    /// Only by the read keys.
    Manual,
}

/// Where the article goes beside the list (`[layout] split`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    /// The list left, the article right (on terminals wide enough; they take turns
    /// below).
    #[default]
    Side,
    /// The list above the article, as in mutt.
    Stacked,
}

/// How much room the timeline takes (`[layout] timeline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimelineMode {
    /// Bars and the axis.
    #[default]
    Full,
    /// Two rows: one row of bars and the axis.
    Compact,
    Hidden,
}

impl TimelineMode {
    /// The next mode of the cycle key.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Full => Self::Compact,
            Self::Compact => Self::Hidden,
            Self::Hidden => Self::Full,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Compact => "compact",
            Self::Hidden => "hidden",
        }
    }
}

/// Whether the sidebar shows at start (`[layout] sidebar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SidebarMode {
    /// Beside the panes from `SIDEBAR_WIDE` columns; an overlay (by its key) below.
    #[default]
    Auto,
    Shown,
    Hidden,
}

/// The panes' arrangement (`[layout]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutConfig {
    pub split: Split,
    /// The list's share of the width (side) or height (stacked), in percent.
    pub list_share: u16,
    pub timeline: TimelineMode,
    pub sidebar: SidebarMode,
}

impl Default for LayoutConfig {
    fn default() -> Self {
        Self {
            split: Split::Side,
            list_share: 55,
            timeline: TimelineMode::Full,
            sidebar: SidebarMode::Auto,
        }
    }
}

/// A saved view: a name and a filter (`[[views]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub name: String,
    pub filter: String,
}

/// The views every reader has, before the configured ones.
pub const BUILT_IN_VIEWS: [(&str, &str); 4] = [
    ("All", ""),
    ("Unread", "is:unread"),
    ("Bookmarked", "is:bookmarked"),
    ("New", "is:new"),
];

/// The narrowest and widest `list_share`, in percent.
pub const LIST_SHARE_MIN: u16 = 20;
/// See [`LIST_SHARE_MIN`].
pub const LIST_SHARE_MAX: u16 = 80;

/// The default of `max_mb`: the largest feed fetched, and the largest local file read.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Limits for fetching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Fetches at once.
    pub parallel: usize,
    /// Fetches at once to one host.
    pub per_host: usize,
    pub connect_timeout: Duration,
    /// The whole request, body included.
    pub timeout: Duration,
    /// Bodies larger than this are cut off with an error.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            parallel: 8,
            per_host: 2,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The effective configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The display zone, and the default zone for dates without an offset.
    pub timezone: Zone,
    pub sources: Vec<SourceConfig>,
    /// The aggregators read marks and bookmarks are synced with (`[[sync]]`).
    pub sync: Vec<SyncConfig>,
    /// Whether the reader takes mouse clicks and the wheel.
    pub mouse: bool,
    /// The widest the article text is wrapped, in columns.
    pub reading_width: u16,
    /// How feeds are fetched.
    pub fetch: Limits,
    /// Refresh every feed this often while the reader runs (`None`: never).
    pub auto_refresh: Option<std::time::Duration>,
    /// When the reader starts, feeds whose last fetch is older than this (or that have
    /// nothing cached) are fetched in the background (`None`: never).
    pub refresh_on_start: Option<std::time::Duration>,
    /// Drop cached articles that left their feed this many days ago (`None`: keep all;
    /// bookmarked articles are always kept).
    pub keep_days: Option<u32>,
    /// When an article counts as read.
    pub mark_read: MarkRead,
    /// The panes' arrangement.
    pub layout: LayoutConfig,
    /// The saved views: the built-in ones, then the configured ones (a configured
    /// view with a built-in name replaces it).
    pub views: Vec<View>,
    /// The view the reader opens with (its name, checked against `views`).
    pub start_view: Option<String>,
    /// The colours and styles (`[theme]`).
    pub theme: theme::ThemeConfig,
    /// The browser links open in (`[general] browser`): a program, or a command
    /// line with `%u` for the link; `None`: `$BROWSER`, else the system's.
    pub browser: Option<Vec<String>>,
    /// The file the user's part came from, if any.
    pub file: Option<PathBuf>,
    /// The user's text, for the keymap to read its `[keys]` patch from.
    pub user_text: Option<String>,
}

/// The largest config file read: more is surely not a config file.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a config file: a regular file (a named pipe or `/dev/zero` would be read
/// without end) of at most `MAX_CONFIG_BYTES`.
fn read_config(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let kind = special_kind(meta.file_type());
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("it is {kind}, not a file"),
        ));
    }
    let too_big = || {
        Error::new(
            ErrorKind::InvalidData,
            format!(
                "larger than {} MB, too large for a config file",
                MAX_CONFIG_BYTES / 1024 / 1024
            ),
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    Ok(text)
}

/// What a source's `encoding` may be, for its error.
const EXPECTED_ENCODING: &str =
    "expected a name such as \"windows-1251\", \"koi8-r\", \"iso-8859-2\" or \"shift_jis\"";

/// 1-based line of a byte offset (also the keymap's, for `[keys]` errors).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// Expands a leading `~` to the home directory.
fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => etcetera::home_dir().map_or_else(|_| PathBuf::from(path), |h| h.join(rest)),
        None => PathBuf::from(path),
    }
}

/// `[general] mark_read`, `[layout]`: one of a few words, else an error at its line.
fn choice<T: Copy>(
    v: Option<&Spanned<String>>,
    name: &str,
    options: &[(&str, T)],
    fallback: T,
    invalid: &dyn Fn(usize, String) -> ConfigError,
) -> Result<T, ConfigError> {
    let Some(v) = v else { return Ok(fallback) };
    let word = v.get_ref().trim();
    options
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            let words: Vec<String> = options.iter().map(|(w, _)| format!("\"{w}\"")).collect();
            invalid(
                v.span().start,
                format!(
                    "{name} = {word:?}: expected {}",
                    words
                        .join(" or ")
                        .replacen(" or ", ", ", words.len().saturating_sub(2))
                ),
            )
        })
}

/// `[theme]`: `name` and element styles, each checked (errors at their line: the
/// table is read as plain TOML, so lines are found by the key's text).
fn read_theme(
    table: Option<&toml::Table>,
    text: &str,
    invalid: &dyn Fn(usize, String) -> ConfigError,
) -> Result<theme::ThemeConfig, ConfigError> {
    let mut out = theme::ThemeConfig::default();
    let Some(table) = table else {
        return Ok(out);
    };
    // Where `key =` first appears after `[theme]`, for the error's line.
    let at = |key: &str| {
        let start = text.find("[theme]").unwrap_or(0);
        text[start..]
            .lines()
            .scan(start, |pos, line| {
                let here = *pos;
                *pos += line.len() + 1;
                Some((here, line))
            })
            .find(|(_, l)| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map_or(start, |(p, _)| p)
    };
    for (key, value) in table {
        let Some(v) = value.as_str() else {
            return Err(invalid(
                at(key),
                format!("{key}: expected a string such as \"bold yellow\""),
            ));
        };
        if key == "name" {
            out.name = match v.trim().to_ascii_lowercase().as_str() {
                "dark" => theme::ThemeName::Dark,
                "light" => theme::ThemeName::Light,
                other => {
                    return Err(invalid(
                        at(key),
                        format!("name = {other:?}: expected \"dark\" or \"light\""),
                    ));
                }
            };
            continue;
        }
        if !theme::ELEMENTS.contains(&key.as_str()) {
            return Err(invalid(
                at(key),
                format!(
                    "unknown theme element {key:?}: expected one of {}",
                    theme::ELEMENTS.join(", ")
                ),
            ));
        }
        let style = theme::parse_style(v).map_err(|e| invalid(at(key), format!("{key}: {e}")))?;
        out.styles.push((key.clone(), style));
    }
    Ok(out)
}

impl Config {
    /// The defaults alone.
    pub fn defaults() -> Self {
        Self::parse(DEFAULT_TOML, "<built-in default.toml>", None)
            .expect("the shipped default.toml is valid")
    }

    /// Reads `path` over the defaults; relative source paths resolve against the
    /// file's folder.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = read_config(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut cfg = Self::parse(&text, &path.display().to_string(), path.parent())?;
        cfg.file = Some(path.to_path_buf());
        cfg.user_text = Some(text);
        Ok(cfg)
    }

    /// The user's file given by `--config`, else the XDG one if it exists, else the
    /// defaults.
    pub fn discover(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        if let Some(p) = explicit {
            return Self::load(p);
        }
        match default_path() {
            Some(p) if p.exists() => Self::load(&p),
            _ => Ok(Self::defaults()),
        }
    }

    /// Parses the text of a user file (named `file` in errors) over the defaults.
    /// `base` resolves relative source paths (the file's folder).
    pub fn parse(text: &str, file: &str, base: Option<&Path>) -> Result<Self, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            file: file.to_string(),
            line: line_of(text, offset),
            message,
        };
        let user: FileConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            invalid(offset, e.message().trim().to_string())
        })?;
        let defaults: FileConfig = if std::ptr::eq(text, DEFAULT_TOML) {
            FileConfig::default()
        } else {
            toml::from_str(DEFAULT_TOML).expect("the shipped default.toml is valid")
        };

        let zone_of = |s: &Spanned<String>| {
            s.get_ref()
                .parse::<Zone>()
                .map_err(|e| invalid(s.span().start, e.to_string()))
        };
        let tz = user
            .general
            .as_ref()
            .and_then(|g| g.timezone.as_ref())
            .or(defaults.general.as_ref().and_then(|g| g.timezone.as_ref()));
        let timezone = tz.map(zone_of).transpose()?.unwrap_or(Zone::Local);
        let pick = |g: &Option<FileGeneral>| g.as_ref().and_then(|g| g.mouse);
        let mouse = pick(&user.general)
            .or(pick(&defaults.general))
            .unwrap_or(true);
        let width = user
            .general
            .as_ref()
            .and_then(|g| g.reading_width.as_ref())
            .or(defaults
                .general
                .as_ref()
                .and_then(|g| g.reading_width.as_ref()));
        let reading_width = match width {
            None => 90,
            Some(w) => u16::try_from(*w.get_ref())
                .ok()
                .filter(|w| (20..=1000).contains(w))
                .ok_or_else(|| {
                    invalid(
                        w.span().start,
                        format!(
                            "reading_width = {}: expected a number of columns from 20 to 1000",
                            w.get_ref()
                        ),
                    )
                })?,
        };

        // [fetch]: each number within its range, else an error at its line.
        let number = |pick: fn(&FileFetch) -> Option<&Spanned<i64>>,
                      name: &str,
                      lo: i64,
                      hi: i64,
                      fallback: i64| {
            let v = user
                .fetch
                .as_ref()
                .and_then(pick)
                .or(defaults.fetch.as_ref().and_then(pick));
            match v {
                None => Ok(fallback),
                Some(s) if (lo..=hi).contains(s.get_ref()) => Ok(*s.get_ref()),
                Some(s) => Err(invalid(
                    s.span().start,
                    format!(
                        "{name} = {}: expected a whole number from {lo} to {hi}",
                        s.get_ref()
                    ),
                )),
            }
        };
        let secs = |n: i64| std::time::Duration::from_secs(n.unsigned_abs());
        let fetch = Limits {
            parallel: usize::try_from(number(|f| f.parallel.as_ref(), "parallel", 1, 64, 8)?)
                .unwrap_or(8),
            per_host: usize::try_from(number(|f| f.per_host.as_ref(), "per_host", 1, 16, 2)?)
                .unwrap_or(2),
            timeout: secs(number(|f| f.timeout.as_ref(), "timeout", 1, 3600, 30)?),
            connect_timeout: secs(number(
                |f| f.connect_timeout.as_ref(),
                "connect_timeout",
                1,
                600,
                10,
            )?),
            max_bytes: number(|f| f.max_mb.as_ref(), "max_mb", 1, 1024, 20)?.unsigned_abs()
                * 1024
                * 1024,
        };
        let minutes = number(|f| f.auto_refresh.as_ref(), "auto_refresh", 0, 10_080, 0)?;
        let auto_refresh = (minutes > 0).then(|| secs(minutes * 60));
        let minutes = number(
            |f| f.refresh_on_start.as_ref(),
            "refresh_on_start",
            0,
            525_600,
            60,
        )?;
        let refresh_on_start = (minutes > 0).then(|| secs(minutes * 60));
        let keep = number(|f| f.keep_days.as_ref(), "keep_days", 0, 100_000, 0)?;
        let keep_days = u32::try_from(keep).ok().filter(|d| *d > 0);

        let general = |pick: fn(&FileGeneral) -> Option<&Spanned<String>>| {
            user.general
                .as_ref()
                .and_then(pick)
                .or(defaults.general.as_ref().and_then(pick))
        };
        let mark_read = choice(
            general(|g| g.mark_read.as_ref()),
            "mark_read",
            &[
                ("open", MarkRead::Open),
                ("shown", MarkRead::Shown),
                ("manual", MarkRead::Manual),
            ],
            MarkRead::Open,
            &invalid,
        )?;
        let lay = |pick: fn(&FileLayout) -> Option<&Spanned<String>>| {
            user.layout
                .as_ref()
                .and_then(pick)
                .or(defaults.layout.as_ref().and_then(pick))
        };
        let share = user
            .layout
            .as_ref()
            .and_then(|l| l.list_share.as_ref())
            .or(defaults.layout.as_ref().and_then(|l| l.list_share.as_ref()));
        let list_share = match share {
            None => LayoutConfig::default().list_share,
            Some(s) => u16::try_from(*s.get_ref())
                .ok()
                .filter(|p| (LIST_SHARE_MIN..=LIST_SHARE_MAX).contains(p))
                .ok_or_else(|| {
                    invalid(
                        s.span().start,
                        format!(
                            "list_share = {}: expected a percentage from {LIST_SHARE_MIN} to {LIST_SHARE_MAX}",
                            s.get_ref()
                        ),
                    )
                })?,
        };
        let layout = LayoutConfig {
            split: choice(
                lay(|l| l.split.as_ref()),
                "split",
                &[("side", Split::Side), ("stacked", Split::Stacked)],
                Split::Side,
                &invalid,
            )?,
            list_share,
            timeline: choice(
                lay(|l| l.timeline.as_ref()),
                "timeline",
                &[
                    ("full", TimelineMode::Full),
                    ("compact", TimelineMode::Compact),
                    ("hidden", TimelineMode::Hidden),
                ],
                TimelineMode::Full,
                &invalid,
            )?,
            sidebar: choice(
                lay(|l| l.sidebar.as_ref()),
                "sidebar",
                &[
                    ("auto", SidebarMode::Auto),
                    ("shown", SidebarMode::Shown),
                    ("hidden", SidebarMode::Hidden),
                ],
                SidebarMode::Auto,
                &invalid,
            )?,
        };

        // [[views]]: the built-in ones, then the user's, each filter checked.
        let mut views: Vec<View> = BUILT_IN_VIEWS
            .iter()
            .map(|(n, f)| View {
                name: (*n).to_string(),
                filter: (*f).to_string(),
            })
            .collect();
        for v in user.views.iter().flatten() {
            let at = v.span().start;
            let v = v.get_ref();
            let name = v.name.get_ref().trim();
            if name.is_empty() || name.chars().any(char::is_control) {
                return Err(invalid(
                    v.name.span().start,
                    "a view needs a name (printable text)".into(),
                ));
            }
            let filter = v.filter.get_ref().trim();
            if let Err(e) = crate::query::Query::parse(filter) {
                return Err(invalid(
                    v.filter.span().start,
                    format!("view {name:?}: filter {filter:?}: {e}"),
                ));
            }
            let view = View {
                name: name.to_string(),
                filter: filter.to_string(),
            };
            match views.iter().position(|w| w.name.eq_ignore_ascii_case(name)) {
                Some(i) if i < BUILT_IN_VIEWS.len() => views[i] = view,
                Some(_) => {
                    return Err(invalid(at, format!("two views are named {name:?}")));
                }
                None => views.push(view),
            }
        }
        let start_view = match general(|g| g.start_view.as_ref()) {
            None => None,
            Some(v) if v.get_ref().trim().is_empty() => None,
            Some(v) => {
                let name = v.get_ref().trim();
                let found = views
                    .iter()
                    .find(|w| w.name.eq_ignore_ascii_case(name))
                    .ok_or_else(|| {
                        let names: Vec<&str> = views.iter().map(|w| w.name.as_str()).collect();
                        invalid(
                            v.span().start,
                            format!(
                                "start_view = {name:?}: no such view (the views: {})",
                                names.join(", ")
                            ),
                        )
                    })?;
                Some(found.name.clone())
            }
        };

        let theme = read_theme(user.theme.as_ref(), text, &invalid)?;
        let browser = match user.general.as_ref().and_then(|g| g.browser.as_ref()) {
            None => None,
            Some(b) => {
                let words: Option<Vec<String>> = match b.get_ref() {
                    toml::Value::String(s) => {
                        Some(s.split_whitespace().map(str::to_string).collect())
                    }
                    toml::Value::Array(a) => {
                        a.iter().map(|v| v.as_str().map(str::to_string)).collect()
                    }
                    _ => None,
                };
                match words {
                    Some(w) if w.is_empty() => None,
                    Some(w) => Some(w),
                    None => {
                        return Err(invalid(
                            b.span().start,
                            "browser: expected a program (\"firefox\"), a command with %u \
                             (\"firefox --new-tab %u\") or a list of words"
                                .into(),
                        ));
                    }
                }
            }
        };

        let mut sources = Vec::new();
        for spanned in user.sources.unwrap_or_default() {
            let at = spanned.span().start;
            let s = spanned.into_inner();
            let location = match (s.path, s.url) {
                (Some(p), None) => {
                    let p = expand_home(&p);
                    SourceLocation::Path(match base {
                        Some(b) if p.is_relative() => b.join(p),
                        _ => p,
                    })
                }
                (None, Some(u)) => {
                    let url = u.get_ref().trim();
                    if !is_http_url(url) {
                        return Err(invalid(
                            u.span().start,
                            format!("url {url:?}: expected an http:// or https:// address"),
                        ));
                    }
                    SourceLocation::Url(url.to_string())
                }
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        at,
                        "a source has both `path` and `url`: keep one".into(),
                    ));
                }
                (None, None) => {
                    return Err(invalid(
                        at,
                        "a source needs `path = \"…\"` (a file or folder) or `url = \"https://…\"`"
                            .into(),
                    ));
                }
            };
            let timezone = s.timezone.as_ref().map(zone_of).transpose()?;
            let encoding = match &s.encoding {
                None => None,
                Some(e) => Some(
                    encoding_rs::Encoding::for_label(e.get_ref().trim().as_bytes())
                        .filter(|&enc| enc != encoding_rs::REPLACEMENT)
                        .ok_or_else(|| {
                            let label = e.get_ref();
                            invalid(
                                e.span().start,
                                format!("unknown encoding {label:?}: {EXPECTED_ENCODING}"),
                            )
                        })?,
                ),
            };
            sources.push(SourceConfig {
                location,
                title: s.title,
                tags: s.tags,
                timezone,
                encoding,
                enabled: s.enabled,
            });
        }
        let mut sync = Vec::new();
        for spanned in user.sync.unwrap_or_default() {
            let at = spanned.span().start;
            sync.push(sync_entry(spanned.into_inner(), at, &invalid)?);
        }
        Ok(Self {
            timezone,
            sources,
            sync,
            mouse,
            reading_width,
            fetch,
            auto_refresh,
            refresh_on_start,
            keep_days,
            mark_read,
            layout,
            views,
            start_view,
            theme,
            browser,
            file: None,
            user_text: None,
        })
    }
}

/// Checks one `[[sync]]` table (at byte `at`); errors at the line of the bad value.
fn sync_entry(
    s: FileSync,
    at: usize,
    invalid: &impl Fn(usize, String) -> ConfigError,
) -> Result<SyncConfig, ConfigError> {
    if let Some(p) = &s.password {
        return Err(invalid(
            p.span().start,
            "a [[sync]] password is never written in the config file: use \
             password_command = \"pass show rss\" or password_env = \"VARIABLE\""
                .into(),
        ));
    }
    let need = |v: Option<Spanned<String>>, key: &str, example: &str| {
        let v =
            v.ok_or_else(|| invalid(at, format!("a [[sync]] server needs `{key} = {example}`")))?;
        let text = v.get_ref().trim().to_string();
        if text.is_empty() {
            return Err(invalid(
                v.span().start,
                format!("{key} is empty: expected {example}"),
            ));
        }
        Ok((text, v.span().start))
    };
    let (kind, kind_at) = need(s.kind, "kind", "\"fever\" or \"greader\"")?;
    let kind = match kind.to_ascii_lowercase().as_str() {
        "fever" => SyncKind::Fever,
        "greader" | "google-reader" => SyncKind::GReader,
        _ => {
            return Err(invalid(
                kind_at,
                format!("kind = {kind:?}: expected \"fever\" or \"greader\""),
            ));
        }
    };
    let (url, url_at) = need(s.url, "url", "\"https://…\" (the API's address)")?;
    if !is_http_url(&url) || url::Url::parse(&url).is_err() {
        return Err(invalid(
            url_at,
            format!("url {url:?}: expected an http:// or https:// address"),
        ));
    }
    let (user, _) = need(s.user, "user", "\"name\"")?;
    let password = match (s.password_command, s.password_env) {
        (Some(c), None) => {
            let words = shlex::split(c.get_ref()).filter(|w| !w.is_empty());
            match words {
                Some(w) => PasswordSource::Command(w),
                None => {
                    return Err(invalid(
                        c.span().start,
                        format!(
                            "password_command = {:?}: expected a command such as \"pass show rss\" (quotes balanced)",
                            c.get_ref()
                        ),
                    ));
                }
            }
        }
        (None, Some(e)) => {
            let name = e.get_ref().trim();
            let ok = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                return Err(invalid(
                    e.span().start,
                    format!(
                        "password_env = {name:?}: expected the name of an environment variable"
                    ),
                ));
            }
            PasswordSource::Env(name.to_string())
        }
        (Some(_), Some(e)) => {
            return Err(invalid(
                e.span().start,
                "a [[sync]] server has both password_command and password_env: keep one".into(),
            ));
        }
        (None, None) => {
            return Err(invalid(
                at,
                "a [[sync]] server needs password_command = \"…\" or password_env = \"VARIABLE\""
                    .into(),
            ));
        }
    };
    Ok(SyncConfig {
        kind,
        url,
        user,
        password,
        enabled: s.enabled,
    })
}

impl Config {
    /// The user's config file as people should be told of it: the one loaded, else
    /// where it would be.
    pub fn user_file_name(&self) -> String {
        self.file.clone().or_else(default_path).map_or_else(
            || "your config file".to_string(),
            |p| p.display().to_string(),
        )
    }
}

/// `$XDG_CONFIG_HOME/tidings/config.toml` (or `~/.config/...`).
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.config_dir().join("tidings").join("config.toml"))
}

/// What a file that is neither a regular file nor a folder is, for its error.
pub(crate) fn special_kind(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe";
        } else if ft.is_socket() {
            return "a socket";
        } else if ft.is_char_device() {
            return "a character device";
        } else if ft.is_block_device() {
            return "a block device";
        }
    }
    #[cfg(not(unix))]
    let _ = ft;
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, "my.toml", Some(Path::new("/base")))
    }

    #[test]
    fn the_shipped_default_loads() {
        let c = Config::defaults();
        assert_eq!(c.timezone, Zone::Local);
        assert!(c.sources.is_empty());
    }

    #[test]
    fn sources_with_every_key() {
        let c = parse(
            "[general]\ntimezone = \"+02:00\"\n\n[[sources]]\npath = \"news\"\ntitle = \"N\"\n\
             tags = [\"press\"]\ntimezone = \"Europe/Minsk\"\n\n[[sources]]\nurl = \"https://example.org/f\"\nenabled = false\n",
        )
        .unwrap();
        assert_eq!(c.timezone, "+02:00".parse().unwrap());
        assert_eq!(
            c.sources[0].location,
            SourceLocation::Path("/base/news".into())
        );
        assert_eq!(c.sources[0].timezone, Some("Europe/Minsk".parse().unwrap()));
        assert_eq!(c.sources[0].tags, ["press"]);
        assert_eq!(c.sources[0].encoding, None);
        assert!(!c.sources[1].enabled);
        assert!(c.mouse);
        assert_eq!(c.reading_width, 90);
        let c = parse("[general]\nmouse = false\nreading_width = 72\n").unwrap();
        assert!(!c.mouse);
        assert_eq!(c.reading_width, 72);
    }

    #[test]
    fn a_source_encoding_is_any_label() {
        let c = parse("[[sources]]\npath = \"a\"\nencoding = \" KOI8-R \"\n").unwrap();
        assert_eq!(c.sources[0].encoding, Some(encoding_rs::KOI8_R));
        let c = parse("[[sources]]\npath = \"a\"\nencoding = \"cp1251\"\n").unwrap();
        assert_eq!(c.sources[0].encoding, Some(encoding_rs::WINDOWS_1251));
    }

    #[test]
    fn refresh_on_start_is_minutes_and_zero_is_never() {
        let hour = Some(std::time::Duration::from_secs(3600));
        assert_eq!(Config::defaults().refresh_on_start, hour);
        assert_eq!(parse("").unwrap().refresh_on_start, hour);
        let c = parse("[fetch]\nrefresh_on_start = 15\n").unwrap();
        assert_eq!(
            c.refresh_on_start,
            Some(std::time::Duration::from_secs(15 * 60))
        );
        assert_eq!(
            parse("[fetch]\nrefresh_on_start = 0\n")
                .unwrap()
                .refresh_on_start,
            None
        );
        for bad in ["-1", "525601", "\"soon\""] {
            let e = parse(&format!("[fetch]\n\nrefresh_on_start = {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("my.toml:3: "), "{bad} → {e}");
            assert!(
                bad.starts_with('"') || e.contains("refresh_on_start"),
                "{bad} → {e}"
            );
        }
    }

    #[test]
    fn sync_servers() {
        let c = parse(
            "[[sync]]\nkind = \"fever\"\nurl = \"https://rss.example.org/api/fever.php\"\nuser = \"me\"\n\
             password_command = \"pass show 'rss server'\"\n\n[[sync]]\nkind = \"greader\"\n\
             url = \"http://127.0.0.1:8080/api/greader.php\"\nuser = \"me\"\npassword_env = \"RSS_PASS\"\nenabled = false\n",
        )
        .unwrap();
        assert_eq!(c.sync.len(), 2);
        assert_eq!(c.sync[0].kind, SyncKind::Fever);
        assert_eq!(c.sync[0].url, "https://rss.example.org/api/fever.php");
        assert_eq!(
            c.sync[0].password,
            PasswordSource::Command(vec!["pass".into(), "show".into(), "rss server".into()])
        );
        assert!(c.sync[0].enabled);
        assert_eq!(c.sync[1].kind, SyncKind::GReader);
        assert_eq!(c.sync[1].password, PasswordSource::Env("RSS_PASS".into()));
        assert!(!c.sync[1].enabled);
    }

    #[test]
    fn bad_sync_values_name_the_line() {
        let head = "[[sync]]\nkind = \"fever\"\nurl = \"https://x.org/f\"\nuser = \"me\"\n";
        let cases = [
            (format!("{head}password = \"hunter2\"\n"), 5, "never written"),
            (head.to_string(), 1, "password_command"),
            (format!("{head}password_command = \"pass 'open\"\n"), 5, "quotes"),
            (format!("{head}password_command = \"  \"\n"), 5, "expected a command"),
            (format!("{head}password_env = \"NO SPACES\"\n"), 5, "environment variable"),
            (
                format!("{head}password_env = \"A\"\npassword_command = \"b\"\n"),
                5,
                "keep one",
            ),
            (
                "\n[[sync]]\nkind = \"rss\"\nurl = \"https://x.org/f\"\nuser = \"me\"\npassword_env = \"A\"\n".into(),
                3,
                "expected \"fever\" or \"greader\"",
            ),
            (
                "[[sync]]\nkind = \"fever\"\nurl = \"ftp://x.org/f\"\nuser = \"me\"\npassword_env = \"A\"\n".into(),
                3,
                "http",
            ),
            (
                "[[sync]]\nkind = \"fever\"\nurl = \"https://x.org/f\"\npassword_env = \"A\"\n".into(),
                1,
                "needs `user",
            ),
            (format!("{head}pasword_env = \"A\"\n"), 5, "pasword_env"),
        ];
        for (text, line, needle) in cases {
            let e = parse(&text).unwrap_err().to_string();
            assert!(
                e.starts_with(&format!("my.toml:{line}: ")),
                "{text:?} → {e}"
            );
            assert!(e.contains(needle), "{text:?} → {e}");
        }
    }

    #[test]
    fn bad_values_name_the_line() {
        let cases = [
            (
                "[general]\n\ntimezone = \"Mars/Base\"\n",
                3,
                "unknown time zone",
            ),
            ("[[sources]]\npath = \"a\"\ntimezone = 5\n", 3, "string"),
            ("[general]\ncolour = 1\n", 2, "colour"),
            ("\n[[sources]]\ntitle = \"x\"\n", 2, "needs `path"),
            ("[[sources]]\nurl = \"ftp://x\"\n", 2, "http"),
            ("[general\n", 1, ""),
            ("[general]\nreading_width = 5\n", 2, "from 20 to 1000"),
            ("[general]\nmouse = \"yes\"\n", 2, "bool"),
            (
                "[[sources]]\npath = \"a\"\nencoding = \"x-martian\"\n",
                3,
                "unknown encoding \"x-martian\"",
            ),
        ];
        for (text, line, needle) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(
                e.starts_with(&format!("my.toml:{line}: ")),
                "{text:?} → {e}"
            );
            assert!(e.contains(needle), "{text:?} → {e}");
        }
    }
}
