//! The app-state core of the reader: `AppState` (everything on screen is derived from
//! it), `Msg` (what happened) and `update` (how state changes). Pure: no IO, no
//! terminal; the event loop in `tui.rs` turns effects into IO.

pub mod article;
pub mod state;
pub mod update;

pub use crate::action::Action;
pub use state::{AppState, Focus, Overlay, Sort};
pub use update::background::{Background, FeedDone};
pub use update::{Effect, Msg, update};
