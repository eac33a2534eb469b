//! An index over a library that answers tag and word terms without walking 100k
//! articles: each tag and each word (lower-cased runs of letters and digits in titles,
//! summaries and bodies) maps to the set of articles that carry it. A word term is a
//! substring search, so the words *containing* the term are found in the vocabulary and
//! their sets joined. The reader builds it on a second core after start-up; until it is
//! there, filters walk the articles as before, with the same results.

use std::collections::HashMap;

use foldhash::fast::RandomState;

use crate::model::{Article, ArticleId, Library};

/// A set of article indices: a sorted list while small, a bitmap once large.
#[derive(Debug, Clone)]
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
#[derive(Debug, Default)]
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
    /// Where each article is, by id.
    ids: HashMap<ArticleId, u32, RandomState>,
}

/// How an index answers a word term.
#[derive(Debug)]
pub enum WordHits {
    /// Exactly the articles that match.
    Exact(Bits),
    /// A superset: each article in it must still be checked.
    Candidates(Bits),
}

/// Lower-cased runs of letters and digits, the unit of the word index.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
}

/// [`tokens`], a byte at a time when the text is ASCII (most of it, and the same
/// tokens).
fn tokens_fast(text: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if !text.is_ascii() {
        return Box::new(tokens(text));
    }
    let b = text.as_bytes();
    let mut i = 0;
    Box::new(std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // ASCII: every byte position is a character boundary.
        (start < i).then(|| &text[start..i])
    }))
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
            buf.extend(token.chars().flat_map(char::to_lowercase));
        }
        buf
    } else {
        token
    }
}

impl SearchIndex {
    /// Indexes every article of `lib`.
    pub fn build(lib: &Library) -> Self {
        let len = lib.articles.len();
        let mut tag_ids: HashMap<String, u32, RandomState> = HashMap::default();
        let mut tags = Sets::default();
        let mut word_ids: HashMap<Box<str>, u32, RandomState> = HashMap::default();
        let mut words = Sets::default();
        let mut buf = String::new();
        for (i, a) in lib.articles.iter().enumerate() {
            let i = i as u32;
            for t in &a.tags {
                let key = t.0.to_lowercase();
                let id = if let Some(&id) = tag_ids.get(&key) {
                    id
                } else {
                    let id = tags.new_id();
                    tag_ids.insert(key, id);
                    id
                };
                tags.add(id, i, len);
            }
            for text in texts(a) {
                for token in tokens_fast(text) {
                    let word = lower_into(token, &mut buf);
                    let id = if let Some(&id) = word_ids.get(word) {
                        id
                    } else {
                        let id = words.new_id();
                        word_ids.insert(word.into(), id);
                        id
                    };
                    words.add(id, i, len);
                }
            }
        }
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
        let ids = lib
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i as u32))
            .collect();
        Self {
            len,
            tag_ids,
            tags,
            vocab,
            word_at,
            words,
            ids,
        }
    }

    /// The position of the article `id`.
    pub fn position(&self, id: &ArticleId) -> Option<usize> {
        self.ids.get(id).map(|&i| i as usize)
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
    /// `None` when so many words contain it that walking the articles is cheaper.
    fn containing(&self, token: &str) -> Option<Bits> {
        let mut out = Bits::empty(self.len);
        let mut budget = self.len * 4;
        let mut last = None;
        for at in memchr::memmem::find_iter(self.vocab.as_bytes(), token.as_bytes()) {
            let id = self.word_at.partition_point(|&w| w as usize <= at) - 1;
            if last == Some(id) {
                continue;
            }
            last = Some(id);
            let set = &self.words.sets[id];
            budget = budget.checked_sub(set.cost())?;
            set.add_to(&mut out);
        }
        Some(out)
    }

    /// The articles a word term (a literal, any case, in title, summary or body) may
    /// match; `None` when the index cannot help.
    pub fn word(&self, term: &str) -> Option<WordHits> {
        let lower = term.to_lowercase();
        let parts: Vec<&str> = tokens(&lower).collect();
        if parts.is_empty() {
            return None;
        }
        let exact = parts.len() == 1 && parts[0] == lower;
        let mut hits = self.containing(parts[0])?;
        for p in &parts[1..] {
            hits.and(&self.containing(p)?);
        }
        Some(if exact {
            WordHits::Exact(hits)
        } else {
            WordHits::Candidates(hits)
        })
    }
}

/// The texts a word term looks in.
fn texts(a: &Article) -> impl Iterator<Item = &str> {
    [
        Some(a.title.as_str()),
        a.summary.as_deref(),
        Some(a.body.as_str()),
    ]
    .into_iter()
    .flatten()
}
