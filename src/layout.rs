//! Where each pane goes for a given terminal size, and where the timeline's buckets
//! go inside its pane. Pure geometry, below both the app (page sizes, wrap widths, what
//! a mouse click hit) and the view (where to draw).

use ratatui::layout::Rect;

use crate::timeline::Histogram;

/// Below this the reader shows a "terminal too small" notice instead of panes.
pub const MIN_WIDTH: u16 = 50;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 14;
/// From this width the list and the article sit side by side; below, they take turns.
pub const WIDE: u16 = 100;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// `None` when the article has the main area on a narrow terminal.
    pub list: Option<Rect>,
    /// `None` when the list has the main area on a narrow terminal.
    pub article: Option<Rect>,
    pub timeline: Rect,
    /// The filter prompt line (shown while editing, or with an error under it).
    pub prompt: Rect,
    pub status: Rect,
    pub too_small: bool,
}

/// Lays out a terminal of `area`; `article_first` decides which of list and article a
/// narrow terminal shows.
pub fn panes(area: Rect, article_first: bool, prompt_lines: u16) -> Panes {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Panes {
            too_small: true,
            ..Panes::default()
        };
    }
    let status_h = 1;
    let timeline_h = match area.height {
        0..=23 => 6,
        24..=35 => 7,
        36..=47 => 8,
        _ => 9,
    };
    let prompt_h = prompt_lines.min(2);
    let main_h = area.height - status_h - timeline_h - prompt_h;
    let main = Rect::new(area.x, area.y, area.width, main_h);
    let timeline = Rect::new(area.x, area.y + main_h, area.width, timeline_h);
    let prompt = Rect::new(area.x, timeline.bottom(), area.width, prompt_h);
    let status = Rect::new(area.x, prompt.bottom(), area.width, status_h);
    let (list, article) = if area.width >= WIDE {
        let list_w = (u32::from(area.width) * 2 / 5) as u16;
        (
            Some(Rect::new(main.x, main.y, list_w, main.height)),
            Some(Rect::new(
                main.x + list_w,
                main.y,
                main.width - list_w,
                main.height,
            )),
        )
    } else if article_first {
        (None, Some(main))
    } else {
        (Some(main), None)
    };
    Panes {
        list,
        article,
        timeline,
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

    #[test]
    fn wide_puts_list_and_article_side_by_side() {
        let p = panes(Rect::new(0, 0, 120, 40), false, 0);
        let (l, a) = (p.list.unwrap(), p.article.unwrap());
        assert_eq!(l.width, 48);
        assert_eq!(l.width + a.width, 120);
        assert_eq!(p.timeline.height, 8);
        assert_eq!(p.status.bottom(), 40);
    }

    #[test]
    fn narrow_takes_turns_and_tiny_is_too_small() {
        let p = panes(Rect::new(0, 0, 80, 24), false, 1);
        assert!(p.list.is_some() && p.article.is_none());
        assert_eq!(p.prompt.height, 1);
        let p = panes(Rect::new(0, 0, 80, 24), true, 0);
        assert!(p.list.is_none() && p.article.is_some());
        assert!(panes(Rect::new(0, 0, 40, 10), false, 0).too_small);
    }
}
