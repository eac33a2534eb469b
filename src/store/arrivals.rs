//! `arrivals.bin` in the state folder: when each article first arrived, counted in
//! reader starts (`marks::Arrivals`, for `is:new`). The reader records a start
//! (`begin`); the commands only read it, so `tidings export --filter is:new` answers as
//! the running reader does.
//!
//! The file: the magic line, the last start's number (u32), then (id hash u64, start
//! u32) entries, little-endian. Written to a temporary file and renamed, so a reader
//! killed while writing leaves the previous file. A file that cannot be read counts as
//! none: every article is then new once.

use std::io::Write;
use std::path::Path;

use crate::marks::Arrivals;

const FILE: &str = "arrivals.bin";
const MAGIC: &[u8] = b"tidings arrivals 1\n";

/// The arrivals as the last start left them; empty when there is no readable file.
pub fn load(dir: &Path) -> Arrivals {
    let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
        return Arrivals::default();
    };
    parse(&bytes).unwrap_or_default()
}

fn parse(bytes: &[u8]) -> Option<Arrivals> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (start, rest) = rest.split_first_chunk::<4>()?;
    if rest.len() % 12 != 0 {
        return None;
    }
    let seen = rest
        .chunks_exact(12)
        .map(|c| {
            let (h, s) = c.split_at(8);
            (
                u64::from_le_bytes(h.try_into().unwrap_or_default()),
                u32::from_le_bytes(s.try_into().unwrap_or_default()),
            )
        })
        .collect();
    Some(Arrivals::from_parts(u32::from_le_bytes(*start), seen))
}

/// Records a reader start over the articles it loaded (their ids' `id_hash`es) and
/// returns the arrivals for this session. The file is written on a best-effort basis:
/// when it cannot be, this session still knows what is new, and the error is returned
/// beside.
pub fn begin(dir: &Path, hashes: Vec<u64>) -> (Arrivals, Option<std::io::Error>) {
    let now = load(dir).begin(hashes);
    let err = save(dir, &now).err();
    (now, err)
}

fn save(dir: &Path, a: &Arrivals) -> std::io::Result<()> {
    let tmp = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::fs::File::create(&tmp)?);
    out.write_all(MAGIC)?;
    out.write_all(&a.start.to_le_bytes())?;
    for (h, s) in a.entries() {
        out.write_all(&h.to_le_bytes())?;
        out.write_all(&s.to_le_bytes())?;
    }
    let f = out
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, dir.join(FILE)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleId;

    fn id(s: &str) -> ArticleId {
        ArticleId(s.into())
    }

    fn hashes(ids: &[&ArticleId]) -> Vec<u64> {
        ids.iter().map(|i| crate::marks::id_hash(i)).collect()
    }

    #[test]
    fn new_means_arrived_since_the_previous_start() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (id("a"), id("b"), id("c"));
        // First start: everything arrived now.
        let (first, err) = begin(dir.path(), hashes(&[&a, &b]));
        assert!(err.is_none());
        assert!(first.is_new(&a) && first.is_new(&b));
        // c comes during the session: new too.
        assert!(first.is_new(&c));
        // Second start: a and b were there at start 1, before this one: old. c came
        // after start 1 (during session 1): still new, until start 3.
        let (second, _) = begin(dir.path(), hashes(&[&a, &b, &c]));
        assert_eq!(second.start, 2);
        assert!(!second.is_new(&a) && !second.is_new(&b));
        assert!(second.is_new(&c));
        // What a command reads is what the reader has.
        assert_eq!(load(dir.path()), second);
        // Third start: nothing new.
        let (third, _) = begin(dir.path(), hashes(&[&a, &b, &c]));
        assert!(!third.is_new(&c));
    }

    #[test]
    fn a_damaged_file_counts_as_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            b"tidings arrivals 1\n\x01\x00\x00\x00abc",
        )
        .unwrap();
        assert_eq!(load(dir.path()), Arrivals::default());
        std::fs::write(dir.path().join(FILE), b"junk").unwrap();
        assert_eq!(load(dir.path()), Arrivals::default());
    }
}
