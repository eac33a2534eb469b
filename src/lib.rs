//! tidings: a terminal news reader. The library holds everything but argument parsing:
//! the article model, the input readers, the filter language, configuration and the
//! non-interactive commands.

pub mod model;
pub mod zone;
pub mod config;
pub mod ingest;
pub mod cli;
