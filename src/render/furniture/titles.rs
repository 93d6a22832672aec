//! The title and subtitle above the map, and the footer under it: the
//! attribution, after a count of the places left unlabelled.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::render::formats::svg::clean_label;
use crate::render::layout::Layout;
use crate::render::text::{font, pt, put_text};
use crate::render::{DrawResult, MapOptions};

/// Attribution printed at the bottom of every map.
pub const ATTRIBUTION: &str =
    "Places: GeoNames (CC BY 4.0) · Basemap: Natural Earth (public domain)";

pub(crate) fn draw_titles<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    opts: &MapOptions,
    layout: &Layout,
    unlabelled: usize,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let left = layout.frame.x;
    let top = Pos::new(HPos::Left, VPos::Top);
    let title = font(layout.px(30.0), FontStyle::Bold)
        .pos(top)
        .color(&pal.ink);
    put_text(
        root,
        &clean_label(&opts.title),
        &title,
        pt(left, layout.title_y),
        layout.text_mode,
    )?;
    if let Some(sub) = &opts.subtitle {
        let style = font(layout.px(19.0), FontStyle::Normal)
            .pos(top)
            .color(&pal.muted);
        put_text(
            root,
            &clean_label(sub),
            &style,
            pt(left, layout.subtitle_y),
            layout.text_mode,
        )?;
    }
    let footer = font(layout.px(13.0), FontStyle::Normal)
        .pos(top)
        .color(&pal.muted);
    // Labels with no room are told, not hidden.
    let text = match unlabelled {
        0 => std::borrow::Cow::Borrowed(ATTRIBUTION),
        1 => format!("+1 place not labelled · {ATTRIBUTION}").into(),
        n => format!("+{n} places not labelled · {ATTRIBUTION}").into(),
    };
    put_text(
        root,
        &text,
        &footer,
        pt(left, layout.footer_y),
        layout.text_mode,
    )
}
