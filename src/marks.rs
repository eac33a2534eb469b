//! What the user has marked: bookmarks, read marks, tags added and tags hidden, per
//! article id, in memory. A `Change` is one user step (possibly over many articles);
//! applying it here and in the store keeps both in step, and its inverse undoes it.
//! Pure: no IO.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::model::{Article, ArticleId, Tag, push_tag};
use crate::query::StateView;

/// Enough of an article to find it again if its id changes (state import).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleKey {
    pub id: ArticleId,
    pub link: Option<String>,
    pub title: String,
    pub published: Option<DateTime<Utc>>,
}

impl ArticleKey {
    pub fn of(a: &Article) -> Self {
        Self {
            id: a.id.clone(),
            link: a.link.clone(),
            title: a.title.clone(),
            published: a.published,
        }
    }
}

/// What happens to one tag of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagOp {
    /// The user adds a tag of their own.
    Add,
    /// The user removes a tag they added.
    Remove,
    /// The user hides a tag that came from the feed or folder (kept, not lost).
    Hide,
    /// A hidden tag shows again.
    Unhide,
}

/// One user step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Bookmark {
        articles: Vec<ArticleKey>,
        on: bool,
        at: DateTime<Utc>,
    },
    Read {
        articles: Vec<ArticleKey>,
        on: bool,
        at: DateTime<Utc>,
    },
    Tag {
        article: ArticleKey,
        tag: String,
        op: TagOp,
    },
}

impl Change {
    /// The change that undoes this one (given it changed every article it names).
    #[must_use]
    pub fn inverse(&self) -> Self {
        match self {
            Self::Bookmark { articles, on, at } => Self::Bookmark {
                articles: articles.clone(),
                on: !on,
                at: *at,
            },
            Self::Read { articles, on, at } => Self::Read {
                articles: articles.clone(),
                on: !on,
                at: *at,
            },
            Self::Tag { article, tag, op } => Self::Tag {
                article: article.clone(),
                tag: tag.clone(),
                op: match op {
                    TagOp::Add => TagOp::Remove,
                    TagOp::Remove => TagOp::Add,
                    TagOp::Hide => TagOp::Unhide,
                    TagOp::Unhide => TagOp::Hide,
                },
            },
        }
    }

    /// A short description for the status bar.
    pub fn describe(&self) -> String {
        let n = |v: &[ArticleKey]| {
            if v.len() == 1 {
                format!("“{}”", v[0].title)
            } else {
                format!("{} articles", v.len())
            }
        };
        match self {
            Self::Bookmark {
                articles, on: true, ..
            } => format!("bookmarked {}", n(articles)),
            Self::Bookmark {
                articles,
                on: false,
                ..
            } => format!("removed the bookmark of {}", n(articles)),
            Self::Read {
                articles, on: true, ..
            } => format!("marked {} read", n(articles)),
            Self::Read {
                articles,
                on: false,
                ..
            } => format!("marked {} unread", n(articles)),
            Self::Tag {
                tag,
                op: TagOp::Add,
                ..
            } => format!("tagged {}", tag_term(tag)),
            Self::Tag {
                tag,
                op: TagOp::Unhide,
                ..
            } => format!("showing {} again", tag_term(tag)),
            Self::Tag {
                tag,
                op: TagOp::Remove,
                ..
            } => format!("removed the tag {}", tag_term(tag)),
            Self::Tag {
                tag,
                op: TagOp::Hide,
                ..
            } => format!(
                "hid the tag {} (it comes from the source; t shows it again)",
                tag_term(tag)
            ),
        }
    }
}

/// A tag as the filter spells it: `+news`, `+"long read"`.
fn tag_term(tag: &str) -> String {
    crate::query::Term::Tag(tag.to_string()).to_string()
}

/// A step the store did not commit (wholly): the changes before `committed` were,
/// the rest were not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSaved {
    pub committed: usize,
    pub error: String,
}

/// The marks of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub bookmarked: Option<DateTime<Utc>>,
    pub read: Option<DateTime<Utc>>,
    pub added: Vec<Tag>,
    pub hidden: Vec<Tag>,
}

impl Mark {
    fn is_empty(&self) -> bool {
        self.bookmarked.is_none()
            && self.read.is_none()
            && self.added.is_empty()
            && self.hidden.is_empty()
    }
}

/// Marks by article id, hashed with foldhash: counting the unread of 100k articles
/// looks up every one (`SipHash` was a third of a mark's keystroke at 100k). Ids are
/// themselves hashes of what a feed says, and foldhash's seed is random per run.
pub type MarkMap = HashMap<ArticleId, Mark, foldhash::fast::RandomState>;

/// Every article's marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    map: MarkMap,
    /// When each article arrived, for `is:new` (`None`: not known, every article is
    /// new).
    pub arrivals: Option<std::sync::Arc<Arrivals>>,
}

/// When articles first arrived, counted in reader starts: `is:new` keeps the articles
/// that arrived since the previous start (at this start, or during this session,
/// which the next start records). Kept by hash of the article id, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrivals {
    /// This start's number (the first start is 1).
    pub start: u32,
    /// (hash of the id, the start it was first seen at), sorted by hash.
    seen: Vec<(u64, u32)>,
}

/// A hash of an article id that stays the same from run to run (FNV-1a).
pub fn id_hash(id: &ArticleId) -> u64 {
    id.0.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Arrivals {
    /// Arrivals as stored: `start` the last start's number, `seen` in any order.
    pub fn from_parts(start: u32, mut seen: Vec<(u64, u32)>) -> Self {
        seen.sort_unstable();
        seen.dedup_by_key(|e| e.0);
        Self { start, seen }
    }

    pub fn entries(&self) -> &[(u64, u32)] {
        &self.seen
    }

    /// The start an article was first seen at, if it was.
    fn first_seen(&self, id: &ArticleId) -> Option<u32> {
        let h = id_hash(id);
        self.seen
            .binary_search_by_key(&h, |e| e.0)
            .ok()
            .map(|i| self.seen[i].1)
    }

    /// Whether the article arrived since the previous start: first seen at this one,
    /// or not seen yet (it came during this session).
    pub fn is_new(&self, id: &ArticleId) -> bool {
        self.first_seen(id).is_none_or(|s| s >= self.start)
    }

    /// A new start: its number is one more, and the ids (by their [`id_hash`]es) not
    /// seen before are recorded as arriving at it.
    #[must_use]
    pub fn begin(self, mut hashes: Vec<u64>) -> Self {
        let start = self.start + 1;
        // Sorted, then walked beside the sorted record: 100k binary searches into
        // 100k entries were a tenth of a later start.
        hashes.sort_unstable();
        hashes.dedup();
        let mut old = self.seen.iter().map(|e| e.0).peekable();
        let mut arrived = Vec::new();
        for h in hashes {
            while old.next_if(|&o| o < h).is_some() {}
            if old.peek() != Some(&h) {
                arrived.push((h, start));
            }
        }
        let mut seen = self.seen;
        if !arrived.is_empty() {
            seen.append(&mut arrived);
            seen.sort_unstable();
            seen.dedup_by_key(|e| e.0);
        }
        Self { start, seen }
    }
}

impl Marks {
    /// Marks from stored rows.
    pub fn from_map(map: MarkMap) -> Self {
        Self {
            map,
            arrivals: None,
        }
    }

    /// Whether the article arrived since the previous start (`is:new`); every article
    /// is when arrivals are not known.
    pub fn is_new(&self, id: &ArticleId) -> bool {
        self.arrivals.as_ref().is_none_or(|a| a.is_new(id))
    }

    pub fn get(&self, id: &ArticleId) -> Option<&Mark> {
        self.map.get(id)
    }

    /// Every (id, mark), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&ArticleId, &Mark)> {
        self.map.iter()
    }

    pub fn bookmarked(&self, id: &ArticleId) -> bool {
        self.get(id).is_some_and(|m| m.bookmarked.is_some())
    }

    pub fn read(&self, id: &ArticleId) -> bool {
        self.get(id).is_some_and(|m| m.read.is_some())
    }

    /// The tags shown for an article: its own, minus hidden ones, plus the user's.
    pub fn effective_tags(&self, a: &Article) -> Vec<Tag> {
        let Some(m) = self.get(&a.id) else {
            return a.tags.clone();
        };
        let mut tags: Vec<Tag> = a
            .tags
            .iter()
            .filter(|t| !m.hidden.contains(t))
            .cloned()
            .collect();
        for t in &m.added {
            push_tag(&mut tags, t.clone());
        }
        tags
    }

    /// What adding `tag` to `a` does: shows it again if the user hid it, nothing
    /// (`None`) if the article shows it already (its own or the user's), else adds it
    /// as the user's.
    pub fn add_tag_op(&self, a: &Article, tag: &Tag) -> Option<TagOp> {
        let mark = self.get(&a.id);
        if mark.is_some_and(|m| m.hidden.contains(tag)) {
            Some(TagOp::Unhide)
        } else if a.tags.contains(tag) || mark.is_some_and(|m| m.added.contains(tag)) {
            None
        } else {
            Some(TagOp::Add)
        }
    }

    /// What removing `tag` from `a` does: deletes it if the user added it, hides it if
    /// it is the article's own and shown, nothing (`None`) if the article does not show
    /// it.
    pub fn remove_tag_op(&self, a: &Article, tag: &Tag) -> Option<TagOp> {
        let mark = self.get(&a.id);
        if mark.is_some_and(|m| m.added.contains(tag)) {
            Some(TagOp::Remove)
        } else if a.tags.contains(tag) && !mark.is_some_and(|m| m.hidden.contains(tag)) {
            Some(TagOp::Hide)
        } else {
            None
        }
    }

    /// Applies a change.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Bookmark { articles, on, at } => {
                for k in articles {
                    self.map.entry(k.id.clone()).or_default().bookmarked = on.then_some(*at);
                }
            }
            Change::Read { articles, on, at } => {
                for k in articles {
                    self.map.entry(k.id.clone()).or_default().read = on.then_some(*at);
                }
            }
            Change::Tag { article, tag, op } => {
                let Some(tag) = Tag::new(tag) else { return };
                let m = self.map.entry(article.id.clone()).or_default();
                match op {
                    TagOp::Add => push_tag(&mut m.added, tag),
                    TagOp::Remove => m.added.retain(|t| *t != tag),
                    TagOp::Hide => push_tag(&mut m.hidden, tag),
                    TagOp::Unhide => m.hidden.retain(|t| *t != tag),
                }
            }
        }
        let ids: Vec<ArticleId> = match change {
            Change::Bookmark { articles, .. } | Change::Read { articles, .. } => {
                articles.iter().map(|k| k.id.clone()).collect()
            }
            Change::Tag { article, .. } => vec![article.id.clone()],
        };
        for id in ids {
            if self.map.get(&id).is_some_and(Mark::is_empty) {
                self.map.remove(&id);
            }
        }
    }

    /// Every tag known: the articles' own and the user's, sorted, for completion.
    pub fn known_tags<'a>(&self, articles: impl Iterator<Item = &'a Article>) -> Vec<String> {
        let mut all: Vec<&str> = articles
            .flat_map(|a| a.tags.iter().map(|t| t.0.as_str()))
            .chain(
                self.map
                    .values()
                    .flat_map(|m| m.added.iter().map(|t| t.0.as_str())),
            )
            .collect();
        all.sort_by_cached_key(|t| t.to_lowercase());
        all.dedup_by(|a, b| a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase());
        all.into_iter().map(str::to_string).collect()
    }
}

impl StateView for Marks {
    fn is_read(&self, a: &Article) -> bool {
        self.read(&a.id)
    }
    fn is_new(&self, a: &Article) -> bool {
        Marks::is_new(self, &a.id)
    }
    fn is_bookmarked(&self, a: &Article) -> bool {
        self.bookmarked(&a.id)
    }
    fn is_tagged(&self, a: &Article) -> bool {
        self.get(&a.id).is_some_and(|m| !m.added.is_empty())
    }
    fn retagged(&self) -> Vec<&ArticleId> {
        self.map
            .iter()
            .filter(|(_, m)| !m.added.is_empty() || !m.hidden.is_empty())
            .map(|(id, _)| id)
            .collect()
    }
    fn has_tag(&self, a: &Article, tag: &str) -> bool {
        match self.get(&a.id) {
            None => a.has_tag(tag),
            Some(m) => {
                (a.has_tag(tag) && !m.hidden.iter().any(|t| t.is(tag)))
                    || m.added.iter().any(|t| t.is(tag))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stable_id;

    fn article(tags: &[&str]) -> Article {
        Article {
            link: Some("https://example.org/t".into()),
            tags: tags.iter().map(|t| Tag((*t).into())).collect(),
            ..Article::sample(&stable_id(&["a"]), "T")
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_tag_rule_unhides_adds_removes_or_hides() {
        let a = article(&["Politics"]);
        let t = |s: &str| Tag(s.into());
        let mut m = Marks::default();
        assert_eq!(m.add_tag_op(&a, &t("politics")), None);
        assert_eq!(m.add_tag_op(&a, &t("mine")), Some(TagOp::Add));
        assert_eq!(m.remove_tag_op(&a, &t("POLITICS")), Some(TagOp::Hide));
        assert_eq!(m.remove_tag_op(&a, &t("mine")), None);
        for (tag, op) in [("Politics", TagOp::Hide), ("Mine", TagOp::Add)] {
            m.apply(&Change::Tag {
                article: ArticleKey::of(&a),
                tag: tag.into(),
                op,
            });
        }
        assert_eq!(m.add_tag_op(&a, &t("politics")), Some(TagOp::Unhide));
        assert_eq!(m.add_tag_op(&a, &t("MINE")), None);
        assert_eq!(m.remove_tag_op(&a, &t("mine")), Some(TagOp::Remove));
        assert_eq!(m.remove_tag_op(&a, &t("politics")), None);
    }

    #[test]
    fn changes_apply_and_undo() {
        let a = article(&["Politics", "transport"]);
        let k = ArticleKey::of(&a);
        let mut m = Marks::default();
        let steps = [
            Change::Bookmark {
                articles: vec![k.clone()],
                on: true,
                at: now(),
            },
            Change::Read {
                articles: vec![k.clone()],
                on: true,
                at: now(),
            },
            Change::Tag {
                article: k.clone(),
                tag: "Mine".into(),
                op: TagOp::Add,
            },
            Change::Tag {
                article: k.clone(),
                tag: "politics".into(),
                op: TagOp::Hide,
            },
        ];
        for s in &steps {
            m.apply(s);
        }
        assert!(m.is_bookmarked(&a) && m.is_read(&a) && m.is_tagged(&a));
        let tags: Vec<String> = m
            .effective_tags(&a)
            .into_iter()
            .map(|t| t.0.to_string())
            .collect();
        assert_eq!(tags, ["transport", "Mine"]);
        assert!(m.has_tag(&a, "MINE") && !m.has_tag(&a, "politics") && m.has_tag(&a, "transport"));
        for s in steps.iter().rev() {
            m.apply(&s.inverse());
        }
        assert_eq!(
            m,
            Marks::default(),
            "undoing everything leaves nothing behind"
        );
    }
}
