//! What covers the panes (help, messages, the tag picker) and how far it scrolled.

/// What covers the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    Messages,
    /// Pick one of an article's tags to remove (index into `lib.articles`); the
    /// highlighted row is the overlays' `scroll`.
    TagPicker(usize),
}

/// The overlay shown, if any, and its scroll (or the picker's highlighted row).
#[derive(Debug, Clone)]
pub struct Overlays {
    pub(in crate::app) current: Overlay,
    pub(in crate::app) scroll: usize,
}

impl Default for Overlays {
    fn default() -> Self {
        Self {
            current: Overlay::None,
            scroll: 0,
        }
    }
}

impl Overlays {
    /// The overlay shown (`Overlay::None`: none).
    pub fn current(&self) -> Overlay {
        self.current
    }

    /// Whether an overlay covers the panes.
    pub fn is_open(&self) -> bool {
        self.current != Overlay::None
    }

    /// The first line shown, or the highlighted row of the tag picker.
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    /// Shows `o` from its top.
    pub(in crate::app) fn open(&mut self, o: Overlay) {
        self.current = o;
        self.scroll = 0;
    }

    pub(in crate::app) fn close(&mut self) {
        self.current = Overlay::None;
    }
}
