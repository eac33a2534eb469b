//! The search index, saved between runs beside the database (`index.bin`), so that a
//! start over an unchanged library has its index in a few tens of milliseconds
//! instead of building it. The file carries a fingerprint of the library it was
//! built for; any other library builds afresh and saves its own. Written to a
//! temporary file and renamed; a damaged or foreign file is simply rebuilt.

use std::path::Path;

use crate::model::Library;
use crate::query::{SearchIndex, fingerprint};

/// The saved index of `lib` at `path` if there is one for it, else a new one (saved).
pub fn load_or_build(lib: &Library, path: &Path) -> SearchIndex {
    let print = fingerprint(lib);
    if let Ok(bytes) = std::fs::read(path)
        && let Some(index) = SearchIndex::from_bytes(&bytes, lib, print)
    {
        return index;
    }
    let index = SearchIndex::build(lib);
    // Only a cache: a failed write costs the next start a rebuild, nothing else.
    let _ = save(path, &index.to_bytes(print));
    index
}

fn save(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
