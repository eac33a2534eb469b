//! Writes a generated corpus for measurements:
//! `cargo run --release --example gen-corpus -- --articles 100000 --feeds 200 --out DIR [--seed N] [--layout small|big]`
//!
//! `small` (the default): many feeds of every format and folders of text articles;
//! `big`: few large RSS and Atom files (`--feeds` defaults to 40 there), hundreds to
//! thousands of items each.

#[path = "support/args.rs"]
mod args;
#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| args::value(&args, name);
    let number = |name: &str, default: u64| {
        get(name).map_or(Ok(default), |v| {
            v.parse::<u64>().map_err(|e| format!("{name} {v}: {e}"))
        })
    };
    let run = || -> Result<(), String> {
        let articles = usize::try_from(number("--articles", 10_000)?).map_err(|e| e.to_string())?;
        let big = match get("--layout").as_deref() {
            None | Some("small") => false,
            Some("big") => true,
            Some(other) => return Err(format!("--layout {other}: expected small or big")),
        };
        let feeds = usize::try_from(number("--feeds", if big { 40 } else { 200 })?)
            .map_err(|e| e.to_string())?;
        let seed = number("--seed", 1)?;
        let out = std::path::PathBuf::from(get("--out").ok_or("--out DIR is required")?);
        let files = if big {
            corpus::generate_big(articles, feeds, seed)
        } else {
            corpus::generate(articles, feeds, seed)
        };
        let bytes = corpus::write(&out, &files).map_err(|e| format!("{}: {e}", out.display()))?;
        println!(
            "wrote {articles} articles in {} files ({:.1} MB) to {}",
            files.len(),
            bytes as f64 / 1e6,
            out.display()
        );
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("gen-corpus: {e}");
        std::process::exit(2);
    }
}
