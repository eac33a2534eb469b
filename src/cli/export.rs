//! `tidings export`: the articles a filter picked, as JSON (a contract other tools
//! read: the keys are fixed), JSON Lines, CSV or a Markdown digest.
//!
//! Every text field is sanitized before it is written (`clean`: no escape sequence,
//! control character or bidi override), in every format: feed text, file names and
//! error messages come from outside, and JSON escapes C0 controls but passes C1 raw.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ingest::html::{clean, sanitize_html};
use crate::marks::Marks;
use crate::model::{Article, Author, Library, Source, Tag};
use crate::zone::Zone;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Md,
    /// One article per line (date, source, title) with its link under it, for people.
    List,
}

/// A sanitized text field: borrowed when it was clean already.
type Text<'a> = Cow<'a, str>;

fn clean_opt(s: Option<&str>) -> Option<Text<'_>> {
    s.map(clean)
}

fn clean_all(list: &[String]) -> Vec<Text<'_>> {
    list.iter().map(|s| clean(s)).collect()
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: Text<'a>,
    title: Text<'a>,
    kind: &'a str,
    location: Text<'a>,
    link: Option<Text<'a>>,
    description: Option<Text<'a>>,
    error: Option<Text<'a>>,
    warnings: Vec<Text<'a>>,
}

/// An [`Author`] as exported (the same keys).
#[derive(Serialize)]
struct AuthorOut<'a> {
    name: Text<'a>,
    email: Option<Text<'a>>,
    uri: Option<Text<'a>>,
}

impl<'a> AuthorOut<'a> {
    fn of(a: &'a Author) -> Self {
        Self {
            name: clean(&a.name),
            email: clean_opt(a.email.as_deref()),
            uri: clean_opt(a.uri.as_deref()),
        }
    }
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: Text<'a>,
    source: Text<'a>,
    source_title: Text<'a>,
    title: Text<'a>,
    link: Option<Text<'a>>,
    published: Option<String>,
    updated: Option<String>,
    date_guessed: bool,
    authors: Vec<AuthorOut<'a>>,
    tags: Vec<String>,
    summary: Option<Text<'a>>,
    content: Text<'a>,
    content_html: Option<Text<'a>>,
    credits: Vec<Text<'a>>,
    location: Text<'a>,
    bookmarked: bool,
    read: bool,
}

#[derive(Serialize)]
struct ExportOut<'a> {
    sources: Vec<SourceOut<'a>>,
    articles: Vec<ArticleOut<'a>>,
}

fn rfc3339(d: Option<DateTime<Utc>>) -> Option<String> {
    d.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

fn source_out(s: &Source) -> SourceOut<'_> {
    SourceOut {
        id: clean(&s.id.0),
        title: clean(&s.title),
        kind: s.kind.as_str(),
        location: clean(&s.location),
        link: clean_opt(s.link.as_deref()),
        description: clean_opt(s.description.as_deref()),
        error: clean_opt(s.error.as_deref()),
        warnings: clean_all(&s.warnings),
    }
}

/// The HTML body with escape sequences removed, also those written as character
/// references (`&#27;[2J`), which whatever renders the HTML would decode.
fn html_out(html: Cow<'_, str>) -> Cow<'_, str> {
    match sanitize_html(&html) {
        Cow::Borrowed(_) => html,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

fn article_out<'a>(lib: &'a Library, marks: &Marks, a: &'a Article) -> ArticleOut<'a> {
    ArticleOut {
        id: clean(&a.id.0),
        source: clean(&a.source.0),
        source_title: clean(lib.source_of(a).map_or("", |s| s.title.as_str())),
        title: clean(&a.title),
        link: clean_opt(a.link.as_deref()),
        published: rfc3339(a.published),
        updated: rfc3339(a.updated),
        date_guessed: a.date_guessed,
        authors: a.authors.iter().map(AuthorOut::of).collect(),
        tags: marks
            .effective_tags(a)
            .into_iter()
            .map(|t: Tag| clean(&t.0).into_owned())
            .collect(),
        summary: clean_opt(a.summary.as_deref()),
        content: match a.plain() {
            Cow::Borrowed(b) => clean(b),
            Cow::Owned(s) => Cow::Owned(clean(&s).into_owned()),
        },
        content_html: a.html_text().map(html_out),
        credits: clean_all(&a.credits),
        location: clean(&a.location),
        bookmarked: marks.bookmarked(&a.id),
        read: marks.read(&a.id),
    }
}

/// Writes the articles at `picked` (indices into `lib.articles`, in output order).
pub fn write(
    out: &mut impl Write,
    format: Format,
    lib: &Library,
    marks: &Marks,
    picked: &[usize],
    zone: Zone,
) -> io::Result<()> {
    let articles = picked.iter().map(|&i| &*lib.articles[i]);
    match format {
        Format::Json => {
            let doc = ExportOut {
                sources: lib.sources.iter().map(source_out).collect(),
                articles: articles.map(|a| article_out(lib, marks, a)).collect(),
            };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for a in articles {
                serde_json::to_writer(&mut *out, &article_out(lib, marks, a))?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Csv => write_csv(out, lib, marks, articles),
        Format::Md => write_md(out, lib, marks, articles, zone),
        Format::List => write_list(out, lib, articles, zone),
    }
}

/// `--format list`: `2026-11-27 21:15  Source  Title`, the link indented under it.
fn write_list<'a>(
    out: &mut impl Write,
    lib: &'a Library,
    articles: impl Iterator<Item = &'a Article>,
    zone: Zone,
) -> io::Result<()> {
    let articles: Vec<&Article> = articles.collect();
    let source_w = articles
        .iter()
        .filter_map(|a| lib.source_of(a))
        .map(|s| crate::ui::text::width(&clean(&s.title)).min(24))
        .max()
        .unwrap_or(0);
    for a in &articles {
        let date = a.date().map_or_else(
            || " ".repeat(16),
            |d| zone.from_utc(d).format("%Y-%m-%d %H:%M").to_string(),
        );
        let source = lib
            .source_of(a)
            .map(|s| crate::ui::text::fit(&clean(&s.title), 24))
            .unwrap_or_default();
        let pad = source_w.saturating_sub(crate::ui::text::width(&source));
        writeln!(
            out,
            "{date}  {source}{}  {}",
            " ".repeat(pad),
            clean(&a.title)
        )?;
        if let Some(l) = &a.link {
            writeln!(out, "{}  {}", " ".repeat(16), clean(l))?;
        }
    }
    if articles.is_empty() {
        writeln!(out, "no articles")?;
    }
    Ok(())
}

fn write_csv<'a>(
    out: &mut impl Write,
    lib: &'a Library,
    marks: &Marks,
    articles: impl Iterator<Item = &'a Article>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "published",
        "updated",
        "source",
        "source_title",
        "title",
        "link",
        "authors",
        "tags",
        "summary",
        "bookmarked",
        "read",
        "location",
    ])?;
    for a in articles {
        let o = article_out(lib, marks, a);
        let authors = o
            .authors
            .iter()
            .map(|x| x.name.as_ref())
            .collect::<Vec<_>>()
            .join("; ");
        w.write_record([
            o.id.as_ref(),
            o.published.as_deref().unwrap_or(""),
            o.updated.as_deref().unwrap_or(""),
            &o.source,
            &o.source_title,
            &o.title,
            o.link.as_deref().unwrap_or(""),
            &authors,
            &o.tags.join("; "),
            o.summary.as_deref().unwrap_or(""),
            if o.bookmarked { "true" } else { "false" },
            if o.read { "true" } else { "false" },
            &o.location,
        ])?;
    }
    w.flush()
}

fn write_md<'a>(
    out: &mut impl Write,
    lib: &'a Library,
    marks: &Marks,
    articles: impl Iterator<Item = &'a Article>,
    zone: Zone,
) -> io::Result<()> {
    let articles: Vec<&Article> = articles.collect();
    writeln!(
        out,
        "# tidings digest: {}\n",
        crate::model::count(articles.len(), "article")
    )?;
    for a in articles {
        match &a.link {
            Some(l) => writeln!(out, "## [{}]({})\n", md_escape(&a.title), clean(l))?,
            None => writeln!(out, "## {}\n", md_escape(&a.title))?,
        }
        let mut meta = Vec::new();
        if let Some(d) = a.date() {
            let local = zone.from_utc(d);
            meta.push(format!(
                "{} {}",
                local.format("%Y-%m-%d %H:%M"),
                zone.abbreviation(d)
            ));
        }
        if let Some(s) = lib.source_of(a) {
            meta.push(md_escape(&s.title));
        }
        if !a.authors.is_empty() {
            meta.push(
                a.authors
                    .iter()
                    .map(|x| md_escape(&x.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        writeln!(out, "*{}*", meta.join(" · "))?;
        let effective = marks.effective_tags(a);
        if marks.bookmarked(&a.id) {
            writeln!(out, "\n★ bookmarked")?;
        }
        if !effective.is_empty() {
            let tags: Vec<String> = effective
                .iter()
                .map(|t| format!("`{}`", clean(&t.0)))
                .collect();
            writeln!(out, "\nTags: {}", tags.join(" "))?;
        }
        let body = a.summary.is_none().then(|| a.plain());
        let lead = a.summary.as_deref().unwrap_or_else(|| {
            body.as_deref()
                .and_then(|b| b.split("\n\n").next())
                .unwrap_or("")
        });
        if !lead.is_empty() {
            writeln!(out, "\n{}", md_escape(lead))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Escapes what Markdown would read as markup at the start of text or inside links;
/// sanitized first.
fn md_escape(s: &str) -> String {
    let s = clean(s);
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}
