//! `tidings export`: the articles a filter picked, as JSON (a contract other tools
//! read: the keys are fixed), JSON Lines, CSV or a Markdown digest.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

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
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    location: &'a str,
    link: Option<&'a str>,
    description: Option<&'a str>,
    error: Option<&'a str>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    source: &'a str,
    source_title: &'a str,
    title: &'a str,
    link: Option<&'a str>,
    published: Option<String>,
    updated: Option<String>,
    date_guessed: bool,
    authors: &'a [Author],
    tags: Vec<String>,
    summary: Option<&'a str>,
    content: &'a str,
    content_html: Option<std::borrow::Cow<'a, str>>,
    credits: &'a [String],
    location: &'a str,
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
        id: &s.id.0,
        title: &s.title,
        kind: s.kind.as_str(),
        location: &s.location,
        link: s.link.as_deref(),
        description: s.description.as_deref(),
        error: s.error.as_deref(),
        warnings: &s.warnings,
    }
}

fn article_out<'a>(lib: &'a Library, marks: &Marks, a: &'a Article) -> ArticleOut<'a> {
    ArticleOut {
        id: &a.id.0,
        source: &a.source.0,
        source_title: lib.source_of(a).map_or("", |s| s.title.as_str()),
        title: &a.title,
        link: a.link.as_deref(),
        published: rfc3339(a.published),
        updated: rfc3339(a.updated),
        date_guessed: a.date_guessed,
        authors: &a.authors,
        tags: marks
            .effective_tags(a)
            .into_iter()
            .map(|t: Tag| t.0)
            .collect(),
        summary: a.summary.as_deref(),
        content: &a.body,
        content_html: a.html_text(),
        credits: &a.credits,
        location: &a.location,
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
    let articles = picked.iter().map(|&i| &lib.articles[i]);
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
    }
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
        let authors = a
            .authors
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        w.write_record([
            o.id,
            o.published.as_deref().unwrap_or(""),
            o.updated.as_deref().unwrap_or(""),
            o.source,
            o.source_title,
            o.title,
            o.link.unwrap_or(""),
            &authors,
            &o.tags.join("; "),
            o.summary.unwrap_or(""),
            if o.bookmarked { "true" } else { "false" },
            if o.read { "true" } else { "false" },
            o.location,
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
    writeln!(out, "# tidings digest: {} articles\n", articles.len())?;
    for a in articles {
        match &a.link {
            Some(l) => writeln!(out, "## [{}]({l})\n", md_escape(&a.title))?,
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
            let tags: Vec<String> = effective.iter().map(|t| format!("`{}`", t.0)).collect();
            writeln!(out, "\nTags: {}", tags.join(" "))?;
        }
        let lead = a
            .summary
            .as_deref()
            .unwrap_or_else(|| a.body.split("\n\n").next().unwrap_or(""));
        if !lead.is_empty() {
            writeln!(out, "\n{}", md_escape(lead))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Escapes what Markdown would read as markup at the start of text or inside links.
fn md_escape(s: &str) -> String {
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
