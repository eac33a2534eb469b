pub mod config;
pub mod ingest;
pub mod model;
pub mod query;
pub mod zone;
