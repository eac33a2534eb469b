//! The search index gives exactly what walking the articles gives: for tag and word
//! terms, negations, phrases, punctuation, other scripts and user-changed tags.

mod support;

use proptest::prelude::*;
use support::{fixtures, now, utc};
use tidings::ingest::{self, SourceSpec};
use tidings::marks::{ArticleKey, Change, Marks, TagOp};
use tidings::model::Library;
use tidings::query::{Query, SearchIndex};

fn library() -> Library {
    let mut specs = ingest::sample_specs();
    specs.push(SourceSpec::path(fixtures().join("mixed")));
    specs.push(SourceSpec::path(fixtures().join("filter")));
    ingest::load(&specs, utc(), None)
}

/// Marks that add a tag to one article and hide one from another.
fn marks(lib: &Library) -> Marks {
    let mut m = Marks::default();
    let tagged = lib.articles.iter().find(|a| !a.tags.is_empty()).unwrap();
    m.apply(&Change::Tag {
        article: ArticleKey::of(&lib.articles[0]),
        tag: "Keep-Later".into(),
        op: TagOp::Add,
    });
    m.apply(&Change::Tag {
        article: ArticleKey::of(tagged),
        tag: tagged.tags[0].0.to_string(),
        op: TagOp::Hide,
    });
    m
}

fn same(lib: &Library, index: &SearchIndex, marks: &Marks, query: &str) {
    let q = Query::parse(query).unwrap();
    let f = q.compile(now(), utc());
    let walked = f.select(lib, marks);
    let indexed = f.select_with(lib, marks, Some(index));
    assert_eq!(walked, indexed, "query {query:?}");
}

#[test]
fn the_index_agrees_with_the_walk() {
    let lib = library();
    let index = SearchIndex::build(&lib);
    let m = marks(&lib);
    let hidden = lib
        .articles
        .iter()
        .find(|a| !a.tags.is_empty())
        .unwrap()
        .tags[0]
        .0
        .clone();
    let queries = [
        "tide".to_string(),
        "TIDE".into(),
        "ide".into(),
        "\"spring tides\"".into(),
        "\"5.9 m\"".into(),
        "harbour -rovers".into(),
        "!league".into(),
        "zzzz-not-there".into(),
        "e".into(),
        "'".into(),
        "+keep-later".into(),
        format!("+{hidden}"),
        format!("-{hidden}"),
        "+climate tide".into(),
        "минск".into(),
        "Міnsk".into(),
    ];
    for q in &queries {
        same(&lib, &index, &m, q);
    }
    // The index does answer: a word that is there is found, one that is not is not.
    let q = Query::parse("tide").unwrap().compile(now(), utc());
    assert!(!q.select_with(&lib, &m, Some(&index)).is_empty());
}

#[test]
fn an_index_of_another_library_is_not_used() {
    let lib = library();
    let small = Library::new(Vec::new(), lib.articles[..3].to_vec());
    let index = SearchIndex::build(&small);
    let f = Query::parse("tide").unwrap().compile(now(), utc());
    assert_eq!(
        f.select(&lib, &Marks::default()),
        f.select_with(&lib, &Marks::default(), Some(&index))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any piece of any article's text, searched for, gives what the walk gives.
    #[test]
    fn any_piece_of_text_agrees(article in 0usize..200, start in 0usize..400, len in 1usize..12) {
        let lib = library();
        let index = SearchIndex::build(&lib);
        let a = &lib.articles[article % lib.articles.len()];
        let chars: Vec<char> = a.plain().chars().chain(a.title.chars()).collect();
        let s = start % chars.len().max(1);
        let piece: String = chars[s..(s + len).min(chars.len())].iter().collect();
        let piece = piece.replace(['"', '\\'], "");
        if !piece.trim().is_empty() {
            let q = format!("\"{piece}\"");
            if let Ok(query) = Query::parse(&q) {
                let f = query.compile(now(), utc());
                let m = Marks::default();
                prop_assert_eq!(f.select(&lib, &m), f.select_with(&lib, &m, Some(&index)), "{}", q);
            }
        }
    }
}

#[test]
fn the_reader_filters_with_its_index_once_built() {
    let mut s = support::state(120, 40);
    s.wait_for_index();
    assert!(s.has_index());
    support::act(&mut s, &[tidings::app::Action::EditFilter]);
    support::type_text(&mut s, "glaze");
    let walked = Query::parse("glaze")
        .unwrap()
        .compile(now(), utc())
        .select(&s.lib, &s.marks);
    assert!(!walked.is_empty());
    assert_eq!(s.list.matching(), walked);
}

#[test]
fn the_loop_builds_the_index_after_the_first_frame_and_only_the_latest_is_taken() {
    use tidings::app::{Background, Msg, update};
    let mut s = support::state(120, 40);
    assert!(
        s.take_index_job().is_none(),
        "nothing before the first frame"
    );
    update(&mut s, Msg::Background(Background::FirstFrame));
    let old = s.take_index_job().expect("a build after the first frame");
    update(&mut s, Msg::Background(Background::FirstFrame));
    assert!(s.take_index_job().is_none(), "one build at a time");
    // A refresh changes the library while the build runs: a new build, the old
    // one's index is of no use.
    let source = s.lib.sources[0].clone();
    let articles: Vec<_> = s
        .lib
        .articles
        .iter()
        .filter(|a| a.source == source.id)
        .cloned()
        .collect();
    s.merge_source(source, articles);
    let new = s.take_index_job().expect("a build of the new library");
    update(
        &mut s,
        Msg::Background(Background::IndexReady(Box::new(old.run()))),
    );
    assert!(!s.has_index(), "the old library's index is ignored");
    update(
        &mut s,
        Msg::Background(Background::IndexReady(Box::new(new.run()))),
    );
    assert!(s.has_index());
}

#[test]
fn an_index_built_in_two_halves_agrees_with_the_walk() {
    // Enough articles for the build to split them (at a multiple of 64).
    let base = library();
    let mut articles = Vec::new();
    for round in 0..4 {
        for a in &base.articles {
            let mut a = a.clone();
            a.id = tidings::model::ArticleId(format!("{}-{round}", a.id.0).into());
            if round % 2 == 1 {
                a.body = format!("{} quayside", a.body).into();
                a.tags.push(tidings::model::Tag("Odd".into()));
            }
            articles.push(a);
        }
    }
    let lib = Library::new(base.sources.clone(), articles);
    assert!(lib.articles.len() >= 128);
    let index = SearchIndex::build(&lib);
    let m = marks(&lib);
    for q in [
        "quayside",
        "tide",
        "e",
        "+odd",
        "-odd",
        "+odd tide",
        "!quayside",
    ] {
        same(&lib, &index, &m, q);
    }
}

#[test]
fn a_saved_index_comes_back_only_for_the_same_library() {
    let lib = library();
    let index = SearchIndex::build(&lib);
    let print = tidings::query::fingerprint(&lib);
    let bytes = index.to_bytes(print);
    let back = SearchIndex::from_bytes(&bytes, &lib, print).expect("the same library");
    let m = marks(&lib);
    for q in ["tide", "+climate", "harbour -rovers", "e"] {
        same(&lib, &back, &m, q);
    }
    // One word changed in one body: another library.
    let mut changed = lib.clone();
    changed.articles[5].body = changed.articles[5]
        .plain()
        .replacen(' ', " quay ", 1)
        .into();
    let other = tidings::query::fingerprint(&changed);
    assert_ne!(print, other);
    assert!(SearchIndex::from_bytes(&bytes, &changed, other).is_none());
    // Damaged bytes are refused, never trusted.
    assert!(SearchIndex::from_bytes(&bytes[..bytes.len() / 2], &lib, print).is_none());
    assert!(SearchIndex::from_bytes(b"not an index", &lib, print).is_none());
}

#[test]
fn the_reader_keeps_its_index_beside_the_database() {
    use tidings::store::index_file::load_or_build;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.bin");
    let lib = library();
    let first = load_or_build(&lib, &path);
    let saved = std::fs::read(&path).expect("saved");
    let print = tidings::query::fingerprint(&lib);
    assert!(SearchIndex::from_bytes(&saved, &lib, print).is_some());
    // The same library reads it back (the file is left as it was).
    let again = load_or_build(&lib, &path);
    assert_eq!(std::fs::read(&path).unwrap(), saved);
    let m = Marks::default();
    for q in ["tide", "+climate"] {
        same(&lib, &first, &m, q);
        same(&lib, &again, &m, q);
    }
    // Another library builds its own and replaces the file.
    let fewer = Library::new(lib.sources.clone(), lib.articles[..10].to_vec());
    load_or_build(&fewer, &path);
    assert_ne!(std::fs::read(&path).unwrap(), saved);
}

#[test]
fn case_folding_beyond_ascii_agrees_with_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        (
            "greek.txt",
            "Ο ΔΡΟΜΟΣ ΤΗΣ ΟΔΟΣ",
            "Η οδός και ο δρόμος της αγοράς.",
        ),
        (
            "turkish.txt",
            "İstanbul ferry times",
            "Ferries leave İskele at nine.",
        ),
        (
            "long-s.txt",
            "The ſun and the ſea",
            "A ſhort note on old type, with Kelvin: 300 K.",
        ),
        ("plain.txt", "Sun and sea", "Sea kayaks at the island."),
    ];
    for (name, title, body) in texts {
        std::fs::write(
            dir.path().join(name),
            format!("Posted: 2026-11-01\n\n{title}\n\n{body}\n"),
        )
        .unwrap();
    }
    let lib = ingest::load(&[SourceSpec::path(dir.path())], utc(), None);
    assert_eq!(lib.articles.len(), 4);
    let index = SearchIndex::build(&lib);
    let m = Marks::default();
    for q in [
        "οδος",
        "ΟΔΟΣ",
        "δρομος",
        "i",
        "is",
        "stanbul",
        "İstanbul",
        "sun",
        "ſun",
        "k",
        "kelvin",
        "sea",
        "\"the sun\"",
    ] {
        same(&lib, &index, &m, q);
    }
}
