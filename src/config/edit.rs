//! Editing the user's config file with `toml_edit`, comments and layout kept: the
//! subscription commands (`tidings add`, `remove`, `import-opml`) and the reader's
//! save-view key. A change is checked (the result must load) before it replaces the
//! file, and the file is replaced whole (written beside it, then renamed).

use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::{Config, View};

/// Reads the config file as an editable document (an empty one when it is missing).
pub fn read_doc(path: &Path) -> Result<DocumentMut, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    text.parse::<DocumentMut>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Checks `doc` loads as a config and puts it in place of the file.
pub fn write_doc(path: &Path, doc: &DocumentMut) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // Check the result is a config tidings accepts before replacing the file.
    let text = doc.to_string();
    Config::parse(&text, &path.display().to_string(), path.parent()).map_err(|e| e.to_string())?;
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, &text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {}: {e}", path.display()))
}

/// Writes `view` as a `[[views]]` table of the file at `path` (created if missing),
/// in place of a view of the same name.
pub fn save_view(path: &Path, view: &View) -> Result<(), String> {
    let mut doc = read_doc(path)?;
    // A file of comments alone keeps them as trailing text, which would come after a
    // new table: they stay at the top.
    let lead = if doc.as_table().is_empty() {
        let t = doc.trailing().as_str().unwrap_or("").to_string();
        doc.set_trailing("");
        t
    } else {
        String::new()
    };
    if !doc.contains_key("views") {
        doc.insert("views", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let views = doc["views"].as_array_of_tables_mut().ok_or_else(|| {
        format!(
            "{}: `views` is not a list of [[views]] tables",
            path.display()
        )
    })?;
    let same = |t: &Table| {
        t.get("name")
            .and_then(Item::as_str)
            .is_some_and(|n| n.trim().eq_ignore_ascii_case(&view.name))
    };
    let mut table = Table::new();
    if !lead.is_empty() {
        table.decor_mut().set_prefix(lead);
    }
    table["name"] = value(view.name.as_str());
    table["filter"] = value(view.filter.as_str());
    if let Some(t) = views.iter_mut().find(|t| same(t)) {
        t["filter"] = value(view.filter.as_str());
    } else {
        views.push(table);
    }
    write_doc(path, &doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_view_keeps_the_file_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let before = "# my reader\n[general]\n# where I live\ntimezone = \"+02:00\"\n\n[[views]]\nname = \"Work\"\nfilter = \"+work\"\n";
        std::fs::write(&path, before).unwrap();
        let morning = View {
            name: "Morning".into(),
            filter: "is:unread @2d -sport".into(),
        };
        save_view(&path, &morning).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(before),
            "comments and layout kept:\n{text}"
        );
        let c = Config::load(&path).unwrap();
        assert!(c.views.contains(&morning));
        assert!(
            c.views
                .iter()
                .any(|v| v.name == "Work" && v.filter == "+work")
        );
        // The same name again replaces its filter.
        let again = View {
            name: "morning".into(),
            filter: "is:unread".into(),
        };
        save_view(&path, &again).unwrap();
        let c = Config::load(&path).unwrap();
        let found: Vec<_> = c.views.iter().filter(|v| v.name == "Morning").collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].filter, "is:unread");
    }

    #[test]
    fn a_file_of_comments_keeps_them_on_top() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\n# more\n").unwrap();
        let v = View {
            name: "Sport".into(),
            filter: "+sport".into(),
        };
        save_view(&path, &v).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# mine\n# more\n"), "{text}");
        assert!(Config::load(&path).unwrap().views.contains(&v));
    }

    #[test]
    fn a_missing_file_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        let v = View {
            name: "Sport".into(),
            filter: "+sport".into(),
        };
        save_view(&path, &v).unwrap();
        assert!(Config::load(&path).unwrap().views.contains(&v));
    }
}
