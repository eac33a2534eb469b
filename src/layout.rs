//! Where each pane goes for a given terminal size, and where the timeline's buckets
//! go inside its pane. Pure geometry, below both the app (page sizes, wrap widths, what
//! a mouse click hit) and the view (where to draw).

use ratatui::layout::Rect;

use crate::config::{LIST_SHARE_MAX, LIST_SHARE_MIN, Split, TimelineMode};
use crate::timeline::Histogram;

/// Below this the reader shows a "terminal too small" notice instead of panes.
pub const MIN_WIDTH: u16 = 50;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 14;
/// From this width the list and the article sit side by side; below, they take turns.
pub const WIDE: u16 = 100;

/// From this width the sidebar sits beside the panes (when shown); below, it covers
/// the list as an overlay.
pub const SIDEBAR_WIDE: u16 = 160;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// The sidebar of views, sources and tags, when shown (beside the panes, or over
    /// the list on a terminal narrower than `SIDEBAR_WIDE`).
    pub sidebar: Option<Rect>,
    /// Whether the sidebar covers the list (an overlay) rather than sitting beside it.
    pub sidebar_over: bool,
    /// `None` when the article has the main area on a narrow terminal.
    pub list: Option<Rect>,
    /// `None` when the list has the main area on a narrow terminal.
    pub article: Option<Rect>,
    /// Zero height when the timeline is hidden.
    pub timeline: Rect,
    /// The timeline is two rows without a border.
    pub timeline_compact: bool,
    /// The filter prompt line (shown while editing, or with an error under it).
    pub prompt: Rect,
    pub status: Rect,
    pub too_small: bool,
}

/// What decides the layout besides the terminal's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrange {
    /// On a terminal too narrow for both, show the article rather than the list.
    pub article_first: bool,
    /// Lines of the prompt (0 to 2).
    pub prompt_lines: u16,
    pub split: Split,
    /// The list's share of the width (side) or height (stacked), in percent.
    pub list_share: u16,
    pub timeline: TimelineMode,
    /// Whether the sidebar is shown.
    pub sidebar: bool,
    /// Below this width a shown sidebar covers the list instead of sitting beside it
    /// (`SIDEBAR_WIDE`, or `WIDE` when the sidebar is configured as always shown).
    pub sidebar_beside_from: u16,
}

impl Default for Arrange {
    fn default() -> Self {
        Self {
            article_first: false,
            prompt_lines: 0,
            split: Split::Side,
            list_share: crate::config::LayoutConfig::default().list_share,
            timeline: TimelineMode::Full,
            sidebar: false,
            sidebar_beside_from: SIDEBAR_WIDE,
        }
    }
}

/// The sidebar's width beside the panes at a terminal `width` columns wide.
fn sidebar_width(width: u16) -> u16 {
    (width / 6).clamp(26, 36)
}

/// Lays out a terminal of `area`.
pub fn panes(area: Rect, how: &Arrange) -> Panes {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Panes {
            too_small: true,
            ..Panes::default()
        };
    }
    let status_h = 1;
    let timeline_h = match how.timeline {
        TimelineMode::Hidden => 0,
        TimelineMode::Compact => 2,
        TimelineMode::Full => match area.height {
            0..=23 => 6,
            24..=35 => 7,
            36..=47 => 8,
            _ => 9,
        },
    };
    let prompt_h = how.prompt_lines.min(2);
    let main_h = area.height - status_h - timeline_h - prompt_h;
    let mut main = Rect::new(area.x, area.y, area.width, main_h);
    let timeline = Rect::new(area.x, area.y + main_h, area.width, timeline_h);
    let prompt = Rect::new(area.x, timeline.bottom(), area.width, prompt_h);
    let status = Rect::new(area.x, prompt.bottom(), area.width, status_h);
    let mut sidebar = None;
    let sidebar_over = how.sidebar && area.width < how.sidebar_beside_from;
    if how.sidebar {
        if sidebar_over {
            let w = (area.width * 3 / 5).clamp(30.min(area.width), 48.min(area.width));
            sidebar = Some(Rect::new(main.x, main.y, w, main.height));
        } else {
            let w = sidebar_width(area.width);
            sidebar = Some(Rect::new(main.x, main.y, w, main.height));
            main.x += w;
            main.width -= w;
        }
    }
    let share = u32::from(how.list_share.clamp(LIST_SHARE_MIN, LIST_SHARE_MAX));
    let (list, article) = match how.split {
        Split::Stacked => {
            let list_h = ((u32::from(main.height) * share / 100) as u16)
                .clamp(3.min(main.height), main.height.saturating_sub(3));
            (
                Some(Rect::new(main.x, main.y, main.width, list_h)),
                Some(Rect::new(
                    main.x,
                    main.y + list_h,
                    main.width,
                    main.height - list_h,
                )),
            )
        }
        Split::Side if main.width >= WIDE => {
            let list_w = (u32::from(main.width) * share / 100) as u16;
            (
                Some(Rect::new(main.x, main.y, list_w, main.height)),
                Some(Rect::new(
                    main.x + list_w,
                    main.y,
                    main.width - list_w,
                    main.height,
                )),
            )
        }
        Split::Side if how.article_first => (None, Some(main)),
        Split::Side => (Some(main), None),
    };
    Panes {
        sidebar,
        sidebar_over,
        list,
        article,
        timeline,
        timeline_compact: how.timeline == TimelineMode::Compact,
        prompt,
        status,
        too_small: false,
    }
}

/// How many buckets fit in a pane `width` columns wide (one column each at least).
pub fn slots_for_width(width: u16) -> usize {
    usize::from(width.saturating_sub(2)).max(1)
}

/// The first visible bucket and the columns per bucket for an inner width: buckets
/// widen to fill the pane; when there are more buckets than columns, the newest that
/// fit are shown, scrolled so that `cursor` stays visible.
pub fn columns(hist: &Histogram, inner_w: usize, cursor: Option<usize>) -> (usize, usize) {
    let n = hist.len().max(1);
    let cw = (inner_w / n).clamp(1, 8);
    let fit = (inner_w / cw).max(1);
    let mut offset = n.saturating_sub(fit);
    if let Some(c) = cursor
        && c < offset
    {
        offset = c;
    }
    (offset, cw)
}

/// The bucket under column `inner_x` of the pane's inside, if any.
pub fn bucket_at(
    hist: &Histogram,
    area: Rect,
    inner_x: u16,
    cursor: Option<usize>,
) -> Option<usize> {
    let (offset, cw) = columns(hist, usize::from(area.width.saturating_sub(2)), cursor);
    let b = offset + usize::from(inner_x) / cw;
    (b < hist.len()).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: u16, h: u16, how: Arrange) -> Panes {
        panes(Rect::new(0, 0, w, h), &how)
    }

    #[test]
    fn wide_puts_list_and_article_side_by_side_list_first() {
        let p = at(120, 40, Arrange::default());
        let (l, a) = (p.list.unwrap(), p.article.unwrap());
        assert_eq!(l.width, 66, "the list takes its share, 55%");
        assert_eq!(l.width + a.width, 120);
        assert_eq!(p.timeline.height, 8);
        assert_eq!(p.status.bottom(), 40);
        assert!(p.sidebar.is_none());
    }

    #[test]
    fn narrow_takes_turns_and_tiny_is_too_small() {
        let how = Arrange {
            prompt_lines: 1,
            ..Arrange::default()
        };
        let p = at(80, 24, how);
        assert!(p.list.is_some() && p.article.is_none());
        assert_eq!(p.prompt.height, 1);
        let how = Arrange {
            article_first: true,
            ..Arrange::default()
        };
        let p = at(80, 24, how);
        assert!(p.list.is_none() && p.article.is_some());
        assert!(at(40, 10, Arrange::default()).too_small);
    }

    #[test]
    fn stacked_puts_the_list_above_the_article_at_any_width() {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let how = Arrange {
                split: Split::Stacked,
                list_share: 40,
                ..Arrange::default()
            };
            let p = at(w, h, how);
            let (l, a) = (p.list.unwrap(), p.article.unwrap());
            assert_eq!((l.width, a.width), (w, w));
            assert_eq!(l.bottom(), a.y);
            assert_eq!(a.bottom(), p.timeline.y);
            assert!(l.height >= 3 && a.height >= 3, "{w}x{h}: {l:?} {a:?}");
        }
    }

    #[test]
    fn the_timeline_can_be_compact_or_hidden() {
        let full = at(80, 24, Arrange::default());
        let compact = at(
            80,
            24,
            Arrange {
                timeline: TimelineMode::Compact,
                ..Arrange::default()
            },
        );
        let hidden = at(
            80,
            24,
            Arrange {
                timeline: TimelineMode::Hidden,
                ..Arrange::default()
            },
        );
        assert_eq!(compact.timeline.height, 2);
        assert_eq!(hidden.timeline.height, 0);
        let rows = |p: &Panes| p.list.unwrap().height;
        assert_eq!(rows(&compact), rows(&full) + full.timeline.height - 2);
        assert_eq!(rows(&hidden), rows(&full) + full.timeline.height);
    }

    #[test]
    fn the_sidebar_sits_beside_when_wide_and_over_the_list_below() {
        let how = Arrange {
            sidebar: true,
            ..Arrange::default()
        };
        let p = at(200, 60, how);
        let s = p.sidebar.unwrap();
        assert!(!p.sidebar_over);
        assert_eq!(p.list.unwrap().x, s.right());
        assert_eq!(
            s.width + p.list.unwrap().width + p.article.unwrap().width,
            200
        );
        let p = at(120, 40, how);
        assert!(p.sidebar_over);
        assert_eq!(
            p.list.unwrap().x,
            0,
            "the list keeps its place under the overlay"
        );
        let p = at(80, 24, how);
        assert!(p.sidebar_over && p.sidebar.unwrap().width <= 80);
    }

    #[test]
    fn the_share_is_clamped() {
        let how = Arrange {
            list_share: 99,
            ..Arrange::default()
        };
        assert_eq!(at(200, 60, how).list.unwrap().width, 160);
    }
}
