//! Context labels: the names of countries, seas, oceans, gulfs, bays and
//! lakes, in a muted style that stays out of the data's way. They are
//! placed after the places' own labels, in the room those leave, and never
//! over a marker, a label, a legend or the inset; a name that finds no
//! room is simply not drawn (it is context, not data, so the footer's
//! "+N not labelled" does not count it).
//!
//! Which names a map gets depends on its scale: a country or lake is named
//! when its size on the map (the square root of its area, in pixels) is
//! at least a little wider than its name, and not so big that the map
//! shows only a corner of it; seas are named on regional maps, oceans on
//! maps wider than a sea.
//!
//! Not here: the label data (`render/basemap.rs`, built by
//! `gazetteer/build_basemap.py` from Natural Earth and features.tsv).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBColor};

use crate::export::PlaceSummary;
use crate::gazetteer::Kind;
use crate::render::basemap::{ContextLabel, LabelKind};
use crate::render::layers::labels::draw_halo_text;
use crate::render::layers::placer::Placer;
use crate::render::layout::Layout;
use crate::render::projection::{PixelRect, Projection};
use crate::render::text::{font, pt, text_width};
use crate::render::DrawResult;

/// Blends `a` towards `b` by `t` (0 = a, 1 = b).
fn blend(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The context labels a map of this scale shows, with their text and pixel
/// position, biggest first (so that, where two compete, the bigger wins).
pub(crate) fn pick<'a>(
    labels: &'a [ContextLabel],
    proj: &Projection,
    frame: &PixelRect,
    world: bool,
) -> Vec<(&'a ContextLabel, f64, f64)> {
    let km_per_px = proj.km_per_px(frame.x + frame.w / 2.0, frame.y + frame.h / 2.0);
    let frame_km = km_per_px * frame.w;
    let mut out: Vec<(&ContextLabel, f64, f64)> = labels
        .iter()
        .filter_map(|l| {
            let (x, y) = proj.project_wrapped(l.lon, l.lat);
            let inside = x > frame.x && x < frame.right() && y > frame.y && y < frame.bottom();
            if !inside || !x.is_finite() || !y.is_finite() {
                return None;
            }
            let size_px = l.size_km / km_per_px;
            let name_px = 9.0 * l.name.chars().count() as f64;
            let show = match l.kind {
                // Big enough to hold its name, and not so big that the map
                // is all inside it (then the name says nothing).
                LabelKind::Country => size_px >= 0.8 * name_px && l.size_km < 4.0 * frame_km,
                LabelKind::Lake => size_px >= 0.5 * name_px,
                LabelKind::Sea => !world && frame_km > 300.0,
                LabelKind::Ocean => frame_km > 3000.0,
            };
            show.then_some((l, x, y))
        })
        .collect();
    out.sort_by(|a, b| {
        b.0.size_km
            .total_cmp(&a.0.size_km)
            .then_with(|| a.0.name.cmp(&b.0.name))
    });
    out
}

/// Draws the context labels that fit, centred on their points.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_context_labels<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    labels: &[ContextLabel],
    places: &[PlaceSummary],
    proj: &Projection,
    frame: &PixelRect,
    world: bool,
    placer: &mut Placer,
    layout: &Layout,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let country_ink = blend(pal.muted, pal.land, 0.35);
    let water_ink = blend(pal.coast, pal.sea, 0.1);
    let halo_px = layout.px(1.0).round().max(1.0) as i32;
    // A country the articles name has its own (data) label already.
    let named = |code: &str| {
        places
            .iter()
            .any(|p| p.kind == Kind::Country && p.country_code.as_deref() == Some(code))
    };
    for (l, x, y) in pick(labels, proj, frame, world) {
        if l.kind == LabelKind::Country && named(&l.code) {
            continue;
        }
        let (text, size, style, ink, halo) = match l.kind {
            LabelKind::Country => (
                l.name.to_uppercase(),
                layout.px(13.0),
                FontStyle::Normal,
                country_ink,
                pal.land,
            ),
            LabelKind::Ocean => (
                l.name.to_uppercase(),
                layout.px(14.0),
                FontStyle::Italic,
                water_ink,
                pal.sea,
            ),
            LabelKind::Sea => (
                l.name.clone(),
                layout.px(13.0),
                FontStyle::Italic,
                water_ink,
                pal.sea,
            ),
            LabelKind::Lake => (
                l.name.clone(),
                layout.px(12.0),
                FontStyle::Italic,
                water_ink,
                pal.sea,
            ),
        };
        let style = font(size, style).pos(Pos::new(HPos::Left, VPos::Top));
        let w = text_width(&text, &style);
        let h = size * 0.95;
        let rect = PixelRect {
            x: x - w / 2.0,
            y: y - h / 2.0,
            w,
            h,
        };
        if !placer.is_free(&rect) {
            continue;
        }
        placer.block(rect);
        draw_halo_text(
            root,
            &text,
            &style,
            &ink,
            &halo,
            pt(rect.x, rect.y),
            halo_px,
            layout.text_mode,
        )?;
    }
    Ok(())
}
