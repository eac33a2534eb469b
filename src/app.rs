//! The app-state core of the reader: `AppState` (everything on screen is derived from
//! it), `Msg` (what happened) and `update` (how state changes). Pure: no IO, no
//! terminal, no threads; the event loop in `tui.rs` turns effects into IO, and runs
//! the jobs the state queues (`AppState::take_render_job`, `take_index_job`).

pub mod article;
pub mod index;
pub mod state;
pub mod update;

pub use crate::action::Action;
pub use index::{IndexJob, IndexMaker, IndexReady};
pub use state::{AppState, Focus, Overlay, Sort};
pub use update::background::{Background, FeedDone, Reread, SyncDone};
pub use update::{Effect, Msg, update};
