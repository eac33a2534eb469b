//! Where each pane goes for a given terminal size. Pure, shared by the view (to draw)
//! and the update (to know page sizes, wrap widths and what a mouse click hit).

use ratatui::layout::Rect;

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
