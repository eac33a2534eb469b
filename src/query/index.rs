//! An index over a library that answers tag and word terms without walking 100k
//! articles: each tag and each word (lower-cased runs of letters and digits in titles,
//! summaries and bodies) maps to the set of articles that carry it. A word term is a
//! substring search, so the words *containing* the term are found in the vocabulary and
//! their sets joined. The reader gets it in the background after the first frame
//! (built on two threads, or read back from the last run when the library's
//! fingerprint is the same); until it is there, filters walk the articles, with the
//! same results.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use crate::model::{Article, Library};

/// A set of article indices: a sorted list while small, a bitmap once large.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
enum Set {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

/// Articles as a bitmap, one bit per index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    pub fn empty(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)])
    }

    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    pub fn set(&mut self, i: usize, on: bool) {
        if let Some(w) = self.0.get_mut(i / 64) {
            if on {
                *w |= 1 << (i % 64);
            } else {
                *w &= !(1 << (i % 64));
            }
        }
    }

    /// The set positions, in order.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros() as usize;
                    w &= w - 1;
                    k * 64 + bit
                })
            })
        })
    }

    fn and(&mut self, other: &Self) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }
}

impl Set {
    /// What joining this set into a bitmap costs, in steps.
    fn cost(&self) -> usize {
        match self {
            Self::List(l) => l.len(),
            Self::Bits(b) => b.len(),
        }
    }

    fn add_to(&self, out: &mut Bits) {
        match self {
            Self::List(l) => {
                for &i in l {
                    out.0[i as usize / 64] |= 1 << (i % 64);
                }
            }
            Self::Bits(b) => {
                for (o, w) in out.0.iter_mut().zip(b) {
                    *o |= w;
                }
            }
        }
    }
}

/// Sets of articles keyed by small ids, built article by article in index order.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Sets {
    sets: Vec<Set>,
    /// The last article added to each set (adding it twice is a no-op).
    last: Vec<u32>,
}

impl Sets {
    fn new_id(&mut self) -> u32 {
        self.sets.push(Set::List(Vec::new()));
        self.last.push(u32::MAX);
        (self.sets.len() - 1) as u32
    }

    fn add(&mut self, id: u32, article: u32, articles: usize) {
        let id = id as usize;
        if self.last[id] == article {
            return;
        }
        self.last[id] = article;
        match &mut self.sets[id] {
            Set::List(l) => {
                l.push(article);
                // Past one article in 32 a bitmap is smaller than the list.
                if l.len() > articles / 32 + 1 {
                    let mut bits = Bits::empty(articles);
                    for &i in l.iter() {
                        bits.set(i as usize, true);
                    }
                    self.sets[id] = Set::Bits(bits.0);
                }
            }
            Set::Bits(b) => b[article as usize / 64] |= 1 << (article % 64),
        }
    }

    fn finish(&mut self) {
        self.last = Vec::new();
        for s in &mut self.sets {
            if let Set::List(l) = s {
                l.shrink_to_fit();
            }
        }
    }
}

/// The index of one library (positions are indices into `lib.articles`).
#[derive(Debug)]
pub struct SearchIndex {
    len: usize,
    tag_ids: HashMap<String, u32, RandomState>,
    tags: Sets,
    /// Every word, each followed by `\n`, so that a substring search finds the words
    /// containing a term.
    vocab: String,
    /// Where each word starts in `vocab`; the word's id is its position here.
    word_at: Vec<u32>,
    words: Sets,
}

/// How an index answers a word term.
#[derive(Debug)]
pub enum WordHits {
    /// Exactly the articles that match.
    Exact(Bits),
    /// A superset: each article in it must still be checked.
    Candidates(Bits),
}

/// Runs of letters and digits, the unit of the word index (lower-cased as they go in).
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

fn lower_into<'a>(token: &'a str, buf: &'a mut String) -> &'a str {
    if token
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        buf.clear();
        if token.is_ascii() {
            buf.push_str(token);
            buf.make_ascii_lowercase();
        } else {
            // The matcher takes long s for s: so does the index.
            buf.extend(
                token
                    .chars()
                    .flat_map(char::to_lowercase)
                    .map(|c| if c == 'ſ' { 's' } else { c }),
            );
        }
        buf
    } else {
        token
    }
}

/// The tags and words of a run of articles, with article positions in the library.
struct Part {
    tag_ids: HashMap<String, u32, RandomState>,
    tags: Sets,
    word_ids: HashMap<Box<str>, u32, RandomState>,
    words: Sets,
}

impl Part {
    fn build(lib: &Library, range: std::ops::Range<usize>) -> Self {
        let len = lib.articles.len();
        let mut part = Self {
            tag_ids: HashMap::default(),
            tags: Sets::default(),
            word_ids: HashMap::default(),
            words: Sets::default(),
        };
        let mut buf = String::new();
        for i in range {
            let a = &lib.articles[i];
            let i = i as u32;
            for t in &a.tags {
                let id = part.tag_id(&t.0.to_lowercase());
                part.tags.add(id, i, len);
            }
            let body = a.plain();
            for text in texts(a, &body) {
                for token in tokens(text) {
                    let id = part.word_id(lower_into(token, &mut buf));
                    part.words.add(id, i, len);
                }
            }
        }
        part
    }

    fn tag_id(&mut self, tag: &str) -> u32 {
        if let Some(&id) = self.tag_ids.get(tag) {
            return id;
        }
        let id = self.tags.new_id();
        self.tag_ids.insert(tag.to_string(), id);
        id
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.words.new_id();
        self.word_ids.insert(word.into(), id);
        id
    }

    /// Adds `later`, built over articles that all come after this part's.
    fn append(&mut self, later: Part, len: usize) {
        for (tag, their) in later.tag_ids {
            let ours = self.tag_id(&tag);
            self.tags.join(ours, &later.tags.sets[their as usize], len);
        }
        for (word, their) in later.word_ids {
            let ours = self.word_id(&word);
            self.words
                .join(ours, &later.words.sets[their as usize], len);
        }
    }
}

impl Sets {
    /// Adds the articles of `set` (all after those of set `id`) to set `id`.
    fn join(&mut self, id: u32, set: &Set, articles: usize) {
        let id = id as usize;
        match (&mut self.sets[id], set) {
            (Set::List(l), Set::List(more)) if l.len() + more.len() <= articles / 32 + 1 => {
                l.extend_from_slice(more);
            }
            (mine, theirs) => {
                let mut bits = Bits::empty(articles);
                mine.add_to(&mut bits);
                theirs.add_to(&mut bits);
                *mine = Set::Bits(bits.0);
            }
        }
    }
}

impl SearchIndex {
    /// Indexes every article of `lib`, on two cores: each half of the articles on its
    /// own, then joined.
    pub fn build(lib: &Library) -> Self {
        let len = lib.articles.len();
        // A word-aligned split, so that neither half's bitmaps share a word.
        let mid = (len / 2) & !63;
        let first = if mid == 0 {
            Part::build(lib, 0..len)
        } else {
            std::thread::scope(|scope| {
                let later = scope.spawn(|| Part::build(lib, mid..len));
                let mut first = Part::build(lib, 0..mid);
                let later = later
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p));
                first.append(later, len);
                first
            })
        };
        let Part {
            tag_ids,
            mut tags,
            word_ids,
            mut words,
        } = first;
        tags.finish();
        words.finish();
        let mut by_id: Vec<(u32, Box<str>)> = word_ids.into_iter().map(|(w, id)| (id, w)).collect();
        by_id.sort_unstable_by_key(|(id, _)| *id);
        let mut vocab = String::new();
        let mut word_at = Vec::with_capacity(by_id.len());
        for (_, w) in by_id {
            word_at.push(vocab.len() as u32);
            vocab.push_str(&w);
            vocab.push('\n');
        }
        Self {
            len,
            tag_ids,
            tags,
            vocab,
            word_at,
            words,
        }
    }

    /// The index as bytes, marked with the `fingerprint` of its library.
    pub fn to_bytes(&self, fingerprint: u64) -> Vec<u8> {
        let saved = Saved {
            format: SAVED_FORMAT,
            fingerprint,
            len: self.len as u64,
            tag_ids: &self.tag_ids,
            tags: &self.tags.sets,
            vocab: &self.vocab,
            word_at: &self.word_at,
            words: &self.words.sets,
        };
        postcard::to_stdvec(&saved).unwrap_or_default()
    }

    /// An index read back with [`SearchIndex::to_bytes`], if it was made for `lib`
    /// (same fingerprint) by this format.
    pub fn from_bytes(bytes: &[u8], lib: &Library, fingerprint: u64) -> Option<Self> {
        let s: Loaded = postcard::from_bytes(bytes).ok()?;
        let len = lib.articles.len();
        let words = s.words.len();
        if s.format != SAVED_FORMAT
            || s.fingerprint != fingerprint
            || s.len != len as u64
            || s.word_at.len() != words
            || s.word_at.iter().any(|&w| w as usize >= s.vocab.len())
            || s.tag_ids.values().any(|&t| t as usize >= s.tags.len())
            || s.tags.iter().chain(&s.words).any(|set| !set.fits(len))
        {
            return None;
        }
        Some(Self {
            len,
            tag_ids: s.tag_ids,
            tags: Sets {
                sets: s.tags,
                last: Vec::new(),
            },
            vocab: s.vocab,
            word_at: s.word_at,
            words: Sets {
                sets: s.words,
                last: Vec::new(),
            },
        })
    }

    /// How many articles the index covers.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The articles whose own tags include `tag` (any case).
    pub fn tagged(&self, tag: &str) -> Bits {
        let mut out = Bits::empty(self.len);
        if let Some(&id) = self.tag_ids.get(&tag.to_lowercase()) {
            self.tags.sets[id as usize].add_to(&mut out);
        }
        out
    }

    /// The articles whose words contain `token` (lower case, letters and digits).
    /// `None` when so many words contain it that walking the articles is cheaper, which
    /// it is only when `walk_is_cheap` (the bodies are in memory).
    fn containing(&self, token: &str, walk_is_cheap: bool) -> Option<(Bits, bool)> {
        let mut out = Bits::empty(self.len);
        let mut budget = if walk_is_cheap {
            self.len * 4
        } else {
            usize::MAX
        };
        let mut last = None;
        let mut all_ascii = true;
        for at in memchr::memmem::find_iter(self.vocab.as_bytes(), token.as_bytes()) {
            let id = self.word_at.partition_point(|&w| w as usize <= at) - 1;
            if last == Some(id) {
                continue;
            }
            last = Some(id);
            let start = self.word_at[id] as usize;
            let end = self.vocab[start..]
                .find('\n')
                .map_or(self.vocab.len(), |n| start + n);
            all_ascii &= self.vocab[start..end].is_ascii();
            let set = &self.words.sets[id];
            budget = budget.checked_sub(set.cost())?;
            set.add_to(&mut out);
        }
        Some((out, all_ascii))
    }

    /// The articles a word term (a literal, any case, in title, summary or body) may
    /// match; `None` when the index cannot help.
    ///
    /// The matcher folds case the Unicode way, which lower-casing does not always
    /// agree with (final sigma, dotted capital I): only ASCII runs of the term are
    /// looked up, and the answer is exact only when the term and every word found are
    /// ASCII; otherwise each candidate is checked. `walk_is_cheap` says the bodies are
    /// in memory: with bodies read from a snapshot, the index answers whatever it costs.
    pub fn word(&self, term: &str, walk_is_cheap: bool) -> Option<WordHits> {
        let lower = term.to_ascii_lowercase();
        let parts: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        if parts.is_empty() {
            return None;
        }
        let (mut hits, mut exact) = self.containing(parts[0], walk_is_cheap)?;
        exact &= parts.len() == 1 && parts[0] == lower;
        for p in &parts[1..] {
            hits.and(&self.containing(p, walk_is_cheap)?.0);
        }
        Some(if exact {
            WordHits::Exact(hits)
        } else {
            WordHits::Candidates(hits)
        })
    }
}

/// Bumped when the saved form or what is indexed changes.
const SAVED_FORMAT: u32 = 2;

#[derive(serde::Serialize)]
struct Saved<'a> {
    format: u32,
    fingerprint: u64,
    len: u64,
    tag_ids: &'a HashMap<String, u32, RandomState>,
    tags: &'a [Set],
    vocab: &'a str,
    word_at: &'a [u32],
    words: &'a [Set],
}

#[derive(serde::Deserialize)]
struct Loaded {
    format: u32,
    fingerprint: u64,
    len: u64,
    tag_ids: HashMap<String, u32, RandomState>,
    tags: Vec<Set>,
    vocab: String,
    word_at: Vec<u32>,
    words: Vec<Set>,
}

impl Set {
    /// Whether every article in the set is one of `len`.
    fn fits(&self, len: usize) -> bool {
        match self {
            Self::List(l) => l.iter().all(|&i| (i as usize) < len),
            Self::Bits(b) => b.len() == len.div_ceil(64),
        }
    }
}

/// What the index is built from, hashed: the articles in order, with their ids,
/// titles, summaries, bodies and tags. A saved index is used only for the same.
pub fn fingerprint(lib: &Library) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::with_seed(0x7469_6469_6e67_7331).build_hasher();
    SAVED_FORMAT.hash(&mut h);
    lib.articles.len().hash(&mut h);
    for a in &lib.articles {
        a.id.0.hash(&mut h);
        a.title.hash(&mut h);
        a.summary.hash(&mut h);
        a.body.sum().hash(&mut h);
        a.tags.len().hash(&mut h);
        for t in &a.tags {
            t.0.hash(&mut h);
        }
    }
    h.finish()
}

/// The texts a word term looks in (`body` being the article's plain body).
fn texts<'a>(a: &'a Article, body: &'a str) -> impl Iterator<Item = &'a str> {
    [Some(a.title.as_str()), a.summary.as_deref(), Some(body)]
        .into_iter()
        .flatten()
}

#[cfg(test)]
mod bits_tests {
    use super::Bits;

    #[test]
    fn ones_are_the_set_positions_in_order() {
        let mut b = Bits::empty(200);
        for i in [0, 1, 63, 64, 65, 127, 128, 199] {
            b.set(i, true);
        }
        b.set(1, false);
        assert_eq!(b.ones().collect::<Vec<_>>(), [0, 63, 64, 65, 127, 128, 199]);
        assert_eq!(Bits::empty(70).ones().count(), 0);
    }
}
