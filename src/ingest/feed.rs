//! Placeholder replaced by the feed module.
use crate::model::{Article, SourceId, SourceKind};
use crate::zone::Zone;
pub enum FeedFormat { Xml, Json }
pub struct FeedDoc { pub kind: SourceKind, pub title: Option<String>, pub link: Option<String>, pub description: Option<String>, pub articles: Vec<Article>, pub warnings: Vec<String> }
#[derive(Debug, thiserror::Error)]
#[error("x")]
pub struct FeedError;
pub fn sniff(_b: &[u8]) -> Option<FeedFormat> { None }
pub fn parse(_b: &[u8], _s: &SourceId, _l: &str, _z: Zone) -> Result<FeedDoc, FeedError> { Err(FeedError) }
