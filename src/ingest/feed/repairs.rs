//! What the feed readers had to repair in a document, counted by kind, for the
//! source's warnings. Shared by the XML reader and the entity decoder, below both.

/// What the reader had to repair, by kind: how often, and the first case.
#[derive(Debug, Default)]
pub struct Repairs {
    kinds: Vec<(&'static str, usize, String)>,
}

impl Repairs {
    /// Counts one repair; `example` is only made for the first of its kind.
    pub fn note(&mut self, kind: &'static str, example: impl FnOnce() -> String) {
        match self.kinds.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, n, _)) => *n += 1,
            None => self.kinds.push((kind, 1, example())),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// One line per kind: `repaired: bare `&` read as text (3×, first "&b=2")`.
    pub fn summary(&self) -> Vec<String> {
        self.kinds
            .iter()
            .map(|(kind, n, ex)| {
                if *n == 1 {
                    format!("repaired: {kind} ({ex})")
                } else {
                    format!("repaired: {kind} ({n}×, first {ex})")
                }
            })
            .collect()
    }
}
