//! tidings: a terminal news reader. The library holds everything but argument parsing:
//! the article model, the input readers, the filter language, the timeline, the
//! app-state core, the view, the terminal loop and the non-interactive commands.

pub mod action;
pub mod app;
pub mod cli;
pub mod config;
pub mod fetch;
pub mod ingest;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod logfile;
pub mod marks;
pub mod model;
pub mod overview;
pub mod query;
pub mod refresh;
pub mod store;
pub mod sync;
pub mod timeline;
pub mod tui;
pub mod ui;
pub mod watch;
pub mod zone;
