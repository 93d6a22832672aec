//! The scale bar, in the footer's right-hand end of every map that is not
//! the world.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::render::layout::Layout;
use crate::render::projection::Projection;
use crate::render::text::{font, pt, put_text, text_width};
use crate::render::{theme, DrawResult};

/// A scale bar in the footer's right-hand end: a round distance (1, 2 or 5
/// × 10ⁿ km) about a tenth of the frame wide, measured at the map's centre,
/// in two halves.
pub(crate) fn draw_scale_bar<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    proj: &Projection,
    layout: &Layout,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let frame = &layout.frame;
    let km_per_px = proj.km_per_px(frame.x + frame.w / 2.0, frame.y + frame.h / 2.0);
    let target = (0.12 * frame.w).clamp(layout.px(60.0), layout.px(220.0));
    let Some(km) = theme::nice_distance(km_per_px * target) else {
        return Ok(());
    };
    let len = km / km_per_px;
    let size = layout.px(13.0);
    let style = font(size, FontStyle::Normal)
        .pos(Pos::new(HPos::Left, VPos::Top))
        .color(&pal.muted);
    let label = theme::distance_label(km);
    let label_w = text_width(&label, &style);
    let right = frame.right() - label_w - layout.px(8.0);
    let left = right - len;
    let bar_h = layout.px(5.0).max(3.0);
    let y = layout.footer_y + 0.5 * size - 0.5 * bar_h;
    let mid = left + len / 2.0;
    root.draw(&Rectangle::new(
        [pt(left, y), pt(mid, y + bar_h)],
        pal.ink.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [pt(mid, y), pt(right, y + bar_h)],
        pal.paper.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [pt(left, y), pt(right, y + bar_h)],
        pal.ink.stroke_width(1),
    ))?;
    put_text(
        root,
        &label,
        &style,
        pt(right + layout.px(6.0), layout.footer_y),
        layout.text_mode,
    )
}
