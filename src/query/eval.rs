//! A query compiled against "now" and a zone: date intervals resolved, regexes built,
//! words turned into case-insensitive matchers. Matching allocates nothing per article.

use chrono::{DateTime, Utc};
use regex::{Regex, RegexBuilder};

use super::date::Interval;
use super::index::{Bits, SearchIndex, WordHits};
use super::{IsKind, Query, Term};
use crate::model::{Article, ArticleId, Library, Source};
use crate::zone::Zone;

/// What the persistent state knows about an article. The defaults are the behaviour
/// without state: everything unread, nothing bookmarked or user-tagged.
pub trait StateView {
    fn is_read(&self, _a: &Article) -> bool {
        false
    }
    fn is_bookmarked(&self, _a: &Article) -> bool {
        false
    }
    /// Whether the article arrived since the reader's previous start.
    fn is_new(&self, _a: &Article) -> bool {
        true
    }
    /// Whether the user added tags of their own.
    fn is_tagged(&self, _a: &Article) -> bool {
        false
    }
    /// The articles whose tags the user changed (added or hid some).
    fn retagged(&self) -> Vec<&ArticleId> {
        Vec::new()
    }
    /// Whether the article's effective tags include `tag` (any case).
    fn has_tag(&self, a: &Article, tag: &str) -> bool {
        a.has_tag(tag)
    }
}

/// No state: the defaults.
pub struct NoState;

impl StateView for NoState {}

#[derive(Debug)]
enum Test {
    Tag(String),
    Date(Interval),
    Source(String),
    Is(IsKind),
    /// A regex over title and body.
    Regex(Regex),
    /// A literal (case-insensitive) over title, summary and body.
    Word(Regex, String),
    Not(Box<Test>),
}

/// A compiled query.
#[derive(Debug)]
pub struct Filter {
    tests: Vec<Test>,
    /// Positive `=` terms, OR'ed: lower-cased.
    any_source: Vec<String>,
    limit: Option<usize>,
}

fn ci(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
        .unwrap_or_else(|_| Regex::new("$^").expect("a regex that never matches"))
}

fn compile(t: &Term, now: DateTime<Utc>, zone: Zone) -> Option<Test> {
    Some(match t {
        Term::Tag(x) => Test::Tag(x.clone()),
        Term::NoTag(x) => Test::Not(Box::new(Test::Tag(x.clone()))),
        Term::Date(d) => Test::Date(d.interval(now, zone)),
        Term::Source(s) => Test::Source(s.to_lowercase()),
        Term::Is(k) => Test::Is(*k),
        Term::Regex(r) => Test::Regex(ci(r)),
        Term::Word(w) => Test::Word(ci(&regex::escape(w)), w.clone()),
        Term::Limit(_) => return None,
        Term::Not(inner) => Test::Not(Box::new(compile(inner, now, zone)?)),
    })
}

fn source_matches(needle: &str, source: Option<&Source>) -> bool {
    source.is_some_and(|s| {
        s.title.to_lowercase().contains(needle) || s.location.to_lowercase().contains(needle)
    })
}

fn test(t: &Test, a: &Article, source: Option<&Source>, state: &dyn StateView) -> bool {
    match t {
        Test::Tag(x) => state.has_tag(a, x),
        Test::Date((start, end)) => a
            .date()
            .is_some_and(|d| start.is_none_or(|s| d >= s) && end.is_none_or(|e| d < e)),
        Test::Source(s) => source_matches(s, source),
        Test::Is(IsKind::Read) => state.is_read(a),
        Test::Is(IsKind::Unread) => !state.is_read(a),
        Test::Is(IsKind::Bookmarked) => state.is_bookmarked(a),
        Test::Is(IsKind::Tagged) => state.is_tagged(a),
        Test::Is(IsKind::New) => state.is_new(a),
        Test::Regex(r) => r.is_match(&a.title) || r.is_match(&a.plain()),
        Test::Word(r, _) => {
            r.is_match(&a.title)
                || a.summary.as_deref().is_some_and(|s| r.is_match(s))
                || r.is_match(&a.plain())
        }
        Test::Not(inner) => !test(inner, a, source, state),
    }
}

fn uses_source(t: &Test) -> bool {
    match t {
        Test::Source(_) => true,
        Test::Not(inner) => uses_source(inner),
        _ => false,
    }
}

/// Cheap tests first: tags, dates and states before text searches.
fn cost(t: &Test) -> u8 {
    match t {
        Test::Tag(_) | Test::Date(_) | Test::Is(_) => 0,
        Test::Source(_) => 1,
        Test::Regex(_) | Test::Word(..) => 2,
        Test::Not(inner) => cost(inner),
    }
}

impl Query {
    /// Resolves the query against `now` and the display `zone`.
    pub fn compile(&self, now: DateTime<Utc>, zone: Zone) -> Filter {
        let mut tests = Vec::new();
        let mut any_source = Vec::new();
        let mut limit: Option<usize> = None;
        for t in &self.terms {
            match t {
                Term::Source(s) => any_source.push(s.to_lowercase()),
                Term::Limit(n) => limit = Some(limit.map_or(*n, |l| l.min(*n))),
                _ => tests.extend(compile(t, now, zone)),
            }
        }
        tests.sort_by_key(cost);
        Filter {
            tests,
            any_source,
            limit,
        }
    }
}

impl Filter {
    /// Whether article `i` passes every term (`#N` aside), with the terms in `pre`
    /// answered ahead.
    fn passes(
        &self,
        i: usize,
        a: &Article,
        source: Option<&Source>,
        state: &dyn StateView,
        pre: &[Option<Pre>],
    ) -> bool {
        (self.any_source.is_empty() || self.any_source.iter().any(|s| source_matches(s, source)))
            && self.tests.iter().zip(pre).all(|(t, p)| match p {
                None => test(t, a, source, state),
                Some(p) => p.test(i, || test(p.inner(t), a, source, state)),
            })
    }

    /// Whether one article passes every term (`#N` aside), without the index: for
    /// counting a few articles again after their marks changed.
    pub fn matches(&self, lib: &Library, a: &Article, state: &dyn StateView) -> bool {
        let source = lib.source_of(a);
        let pre: Vec<Option<Pre>> = self.tests.iter().map(|_| None).collect();
        self.passes(0, a, source, state, &pre)
    }

    /// The `#N` limit, if any.
    pub fn limit(&self) -> Option<usize> {
        self.limit
    }

    /// Indices of the matching articles in `lib.articles` order (newest first, as the
    /// library keeps them), cut to `#N`.
    pub fn select(&self, lib: &Library, state: &dyn StateView) -> Vec<usize> {
        self.select_with(lib, state, None)
    }

    /// As [`Filter::select`], with tag and word terms answered by `index` (built over
    /// this same library) where it can: the same result, without walking every text.
    pub fn select_with(
        &self,
        lib: &Library,
        state: &dyn StateView,
        index: Option<&SearchIndex>,
    ) -> Vec<usize> {
        let limit = self.limit.unwrap_or(usize::MAX);
        let index = index.filter(|ix| ix.len() == lib.articles.len());
        // Bodies read from a snapshot make walking the articles for a word dear.
        let walk_is_cheap = !lib.bodies_stored();
        let pre: Vec<Option<Pre>> = self
            .tests
            .iter()
            .map(|t| {
                index
                    .and_then(|ix| precompute(t, ix, lib, state, walk_is_cheap))
                    .or_else(|| by_date(t, lib))
            })
            .collect();
        // Looking up the source costs a hash per article: only `=` terms need it.
        let needs_source = !self.any_source.is_empty() || self.tests.iter().any(uses_source);
        let keep = |i: usize, a: &Article| {
            let source = if needs_source { lib.source_of(a) } else { None };
            self.passes(i, a, source, state, &pre)
        };
        // Whether a test reads the articles (the others are answered by bits).
        let reads = needs_source || pre.iter().any(|p| p.as_ref().is_none_or(|p| p.verify));
        if self.limit.is_some() || !reads {
            // In the library's order: `#N` stops at the Nth, and bits alone read no
            // article.
            return lib
                .articles
                .iter()
                .enumerate()
                .filter(|&(i, a)| keep(i, a))
                .map(|(i, _)| i)
                .take(limit)
                .collect();
        }
        // In the order the articles lie in memory, then read back in the library's.
        let mut hits = Bits::empty(lib.articles.len());
        for &i in lib.walk_order().iter() {
            let i = i as usize;
            if keep(i, &lib.articles[i]) {
                hits.set(i, true);
            }
        }
        hits.ones().collect()
    }
}

/// A term answered ahead of the walk over the articles.
struct Pre {
    bits: Bits,
    /// `bits` is a superset: a set bit still needs the real test.
    verify: bool,
    /// The term was `-x` / `!x`: the answer is negated.
    negated: bool,
}

impl Pre {
    fn test(&self, i: usize, real: impl FnOnce() -> bool) -> bool {
        let inner = self.bits.get(i) && (!self.verify || real());
        inner != self.negated
    }

    /// The test the bits stand for (the inner one of a negation).
    fn inner<'t>(&self, t: &'t Test) -> &'t Test {
        match (self.negated, t) {
            (true, Test::Not(inner)) => inner,
            _ => t,
        }
    }
}

/// A date term answered from the library's dates in a row (no article visited).
fn by_date(t: &Test, lib: &Library) -> Option<Pre> {
    match t {
        Test::Date((start, end)) => {
            let dates = lib.dates();
            let mut bits = Bits::empty(dates.len());
            for (i, d) in dates.iter().enumerate() {
                let hit =
                    d.is_some_and(|d| start.is_none_or(|s| d >= s) && end.is_none_or(|e| d < e));
                if hit {
                    bits.set(i, true);
                }
            }
            Some(Pre {
                bits,
                verify: false,
                negated: false,
            })
        }
        Test::Not(inner) => by_date(inner, lib).map(|p| Pre {
            negated: !p.negated,
            ..p
        }),
        _ => None,
    }
}

fn precompute(
    t: &Test,
    ix: &SearchIndex,
    lib: &Library,
    state: &dyn StateView,
    walk_is_cheap: bool,
) -> Option<Pre> {
    match t {
        Test::Tag(tag) => {
            let mut bits = ix.tagged(tag);
            // Articles whose tags the user changed answer for themselves.
            for id in state.retagged() {
                if let Some(i) = lib.position(id) {
                    bits.set(i, state.has_tag(&lib.articles[i], tag));
                }
            }
            Some(Pre {
                bits,
                verify: false,
                negated: false,
            })
        }
        Test::Word(_, w) => {
            let (bits, verify) = match ix.word(w, walk_is_cheap)? {
                WordHits::Exact(b) => (b, false),
                WordHits::Candidates(b) => (b, true),
            };
            Some(Pre {
                bits,
                verify,
                negated: false,
            })
        }
        Test::Not(inner) => {
            let p = precompute(inner, ix, lib, state, walk_is_cheap)?;
            Some(Pre {
                negated: !p.negated,
                ..p
            })
        }
        _ => None,
    }
}
