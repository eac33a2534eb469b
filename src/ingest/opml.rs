//! OPML, the subscription-list format: reading the feeds of an OPML 1.0/2.0 document
//! (folders become tags) and writing the configured URL sources as OPML 2.0. Pure text
//! in and out: the commands that read the file, edit the config and print the result
//! are in `cli`.

use std::fmt::Write as _;

use quick_xml::events::{BytesStart, Event};

use crate::config::{Config, SourceLocation};

/// One feed found in an OPML file, with the folders above it as tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref().to_ascii_lowercase();
        (key == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        })
    })
}

/// Reads the feeds of an OPML 1.0/2.0 document, leniently: a missing `version`, any
/// attribute case (`xmlurl`), nested folders.
pub fn parse_opml(text: &str) -> Result<Vec<OpmlFeed>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    let mut saw_opml = false;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("not valid OPML: {e} (at byte {})", reader.error_position()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref().eq_ignore_ascii_case("opml") => {
                saw_opml = true;
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if e.name().as_ref().eq_ignore_ascii_case("outline") =>
            {
                let is_start = matches!(ev, Event::Start(_));
                let name = attr(e, "title")
                    .or_else(|| attr(e, "text"))
                    .filter(|t| !t.is_empty());
                match attr(e, "xmlurl").filter(|u| !u.is_empty()) {
                    Some(url) => {
                        out.push(OpmlFeed {
                            url,
                            title: name,
                            tags: folders.iter().flatten().cloned().collect(),
                        });
                        if is_start {
                            folders.push(None);
                        }
                    }
                    None if is_start => folders.push(name),
                    None => {}
                }
            }
            Event::End(e) if e.name().as_ref().eq_ignore_ascii_case("outline") => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_opml {
        return Err("not an OPML document: no <opml> element".into());
    }
    Ok(out)
}

fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// The URL sources of `config` as OPML 2.0 (what `tidings export-opml` prints), feeds
/// grouped by their first tag; `titles` gives a feed's title for sources without one.
pub fn export_opml(config: &Config, titles: &dyn Fn(&str) -> Option<String>) -> String {
    let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for s in &config.sources {
        let SourceLocation::Url(url) = &s.location else {
            continue;
        };
        let title = s
            .title
            .clone()
            .or_else(|| titles(url))
            .unwrap_or_else(|| url.clone());
        let line = format!(
            "<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"/>",
            esc(&title),
            esc(url)
        );
        let group = s.tags.first().cloned();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, lines)) => lines.push(line),
            None => groups.push((group, vec![line])),
        }
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>tidings subscriptions</title>\n  </head>\n  <body>\n",
    );
    for (group, lines) in groups {
        match group {
            Some(g) => {
                let _ = writeln!(out, "    <outline text=\"{0}\" title=\"{0}\">", esc(&g));
                for l in lines {
                    let _ = writeln!(out, "      {l}");
                }
                out.push_str("    </outline>\n");
            }
            None => {
                for l in lines {
                    let _ = writeln!(out, "    {l}");
                }
            }
        }
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_is_read_leniently_with_folders_as_tags() {
        let text = r#"<?xml version="1.0"?>
<opml><head><title>x</title></head><body>
  <outline text="News"><outline text="Local"><outline type="rss" text="Gazette" xmlurl="https://a.example/feed"/></outline>
  <outline TEXT="Wire" XMLURL="https://b.example/rss" /></outline>
  <outline title="Solo" xmlUrl="https://c.example/atom"></outline>
  <outline text="empty folder"/>
</body></opml>"#;
        let feeds = parse_opml(text).unwrap();
        assert_eq!(feeds.len(), 3);
        assert_eq!(
            feeds[0],
            OpmlFeed {
                url: "https://a.example/feed".into(),
                title: Some("Gazette".into()),
                tags: vec!["News".into(), "Local".into()]
            }
        );
        assert_eq!(feeds[1].tags, vec!["News".to_string()]);
        assert_eq!(feeds[2].title.as_deref(), Some("Solo"));
        assert!(feeds[2].tags.is_empty());
        assert!(parse_opml("<rss/>").is_err());
        assert!(parse_opml("<opml><body><outline").is_err());
    }
}
