//! The labels layer: place names beside their markers, or further out with
//! a leader line, most important first, each with a halo in the paper
//! colour.
//!
//! Not here: choosing where a label fits (`placer.rs`).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::placer::Placer;
use super::places::{Marker, Symbol};
use crate::export::PlaceSummary;
use crate::render::layout::Layout;
use crate::render::text::{font, pt, put_text, text_width, TextMode};
use crate::render::DrawResult;

/// Text with a halo in the paper colour, so names stay legible over
/// borders and circles: the text is drawn in the halo colour at small
/// offsets first, then in ink.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_halo_text<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    text: &str,
    style: &TextStyle,
    ink: &RGBColor,
    halo: &RGBColor,
    (x, y): (i32, i32),
    halo_px: i32,
    mode: TextMode,
) -> DrawResult<B> {
    let halo_colour = halo.mix(HALO_ALPHA);
    let halo = style.color(&halo_colour);
    for (dx, dy) in [
        (-1, -1),
        (0, -1),
        (1, -1),
        (-1, 0),
        (1, 0),
        (-1, 1),
        (0, 1),
        (1, 1),
    ] {
        put_text(
            root,
            text,
            &halo,
            (x + dx * halo_px, y + dy * halo_px),
            mode,
        )?;
    }
    put_text(root, text, &style.color(ink), (x, y), mode)
}

/// Opacity of label halos; also how the SVG writer recognises them (see
/// [`svg_halos`](crate::render::formats::svg::svg_halos)).
pub(crate) const HALO_ALPHA: f64 = 0.85;

/// Place names, most important first: next to the marker where there is
/// room, else further out with a leader line, else left out.
/// Draws the places' labels where they fit; returns how many found no
/// room (the footer says so: no label is hidden silently).
pub(crate) fn draw_labels<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    markers: &[Marker],
    placer: &mut Placer,
    layout: &Layout,
) -> std::result::Result<usize, DrawingAreaErrorKind<<B as DrawingBackend>::ErrorType>> {
    let mut unlabelled = 0;
    let pal = &layout.pal;
    let size = layout.px(17.0);
    let halo_px = layout.px(1.5).round().max(1.0) as i32;
    let leader = pal
        .muted
        .stroke_width(layout.px(1.0).round().max(1.0) as u32);
    for m in markers {
        let place = &places[m.place];
        // The focus's ring (see draw_symbols) makes its symbol bigger.
        let r_px = if m.focus {
            m.r_px + layout.px(4.0)
        } else {
            m.r_px
        };
        let symbol = Symbol::of(place.kind);
        let (_, _, ink) = symbol.colours(pal);
        let weight = if symbol == Symbol::City {
            FontStyle::Normal
        } else {
            FontStyle::Bold
        };
        let style = font(size, weight).pos(Pos::new(HPos::Left, VPos::Top));
        let w = text_width(place.label(), &style);
        // Box height: cap height plus descenders, not the font's line
        // height, so that labels can sit close together.
        let h = size * 0.95;
        let spot = match placer.place(m.x, m.y, r_px, w, h, layout.px(4.0)) {
            Some(rect) => Some(rect),
            None => placer
                .place_with_leader(m.x, m.y, r_px, w, h, layout.px(26.0))
                .map(|(rect, [a, b])| {
                    let line = PathElement::new(vec![pt(a.0, a.1), pt(b.0, b.1)], leader);
                    root.draw(&line).map(|()| rect)
                })
                .transpose()?,
        };
        if let Some(rect) = spot {
            draw_halo_text(
                root,
                place.label(),
                &style,
                &ink,
                &pal.halo,
                pt(rect.x, rect.y),
                halo_px,
                layout.text_mode,
            )?;
        } else {
            unlabelled += 1;
        }
    }
    Ok(unlabelled)
}
