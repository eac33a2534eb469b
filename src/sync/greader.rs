//! The Google Reader API (`FreshRSS`, Miniflux, Inoreader, The Old Reader): not
//! implemented yet; a `kind = "greader"` server fails its sync with a clear error.

use std::collections::HashSet;

use super::{Client, RemoteFeed, RemoteItem, SyncError};
use crate::config::Limits;
use crate::store::Queued;

pub(crate) struct GReader;

impl GReader {
    pub fn new(_url: &str, _user: &str, _password: &str, _limits: &Limits) -> Self {
        Self
    }
}

fn unsupported() -> SyncError {
    SyncError::NotApi(
        "supported",
        "this build of tidings does not speak the Google Reader API yet".into(),
    )
}

impl Client for GReader {
    fn login(&mut self) -> Result<(), SyncError> {
        Err(unsupported())
    }

    fn send(&mut self, _: &Queued) -> Result<bool, SyncError> {
        Err(unsupported())
    }

    fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        Err(unsupported())
    }

    fn items(&mut self, _: Option<&str>) -> Result<(Vec<RemoteItem>, Option<String>), SyncError> {
        Err(unsupported())
    }

    fn states(&mut self) -> Result<(HashSet<String>, HashSet<String>), SyncError> {
        Err(unsupported())
    }
}
