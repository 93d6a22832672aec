//! Rivers on regional and local maps (narrower than
//! [`RIVERS_BELOW_DEGREES`]): the named rivers of Natural Earth 1:10m in a
//! water colour a little darker than the sea, the longer ones a little
//! wider; and the names of the longest, in italic, placed after the data's
//! own labels in the room those leave (like the other context names, a
//! river name that finds no room is simply not drawn).
//!
//! Which rivers a map shows depends on its scale: those at least
//! [`MIN_FRAME_FRACTION`] of the map's width long (all of them on a local
//! map, the big ones on a map of a subcontinent).
//!
//! Not here: the river data (`render/basemap.rs`, built by
//! `gazetteer/build_basemap.py`).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBColor};

use crate::export::PlaceSummary;
use crate::render::basemap::{self, River, Rivers};
use crate::render::layers::basemap::{line_runs, shifts, to_pixels};
use crate::render::layers::labels::draw_halo_text;
use crate::render::layers::placer::Placer;
use crate::render::layout::Layout;
use crate::render::projection::{Extent, PixelRect, Projection};
use crate::render::text::{font, pt, text_width};
use crate::render::DrawResult;

/// Rivers are drawn on maps narrower than this (degrees of longitude), as
/// first-level borders are (`areas::ADMIN1_BELOW_DEGREES`).
pub(crate) const RIVERS_BELOW_DEGREES: f64 = 40.0;

/// A river is drawn when it is at least this fraction of the map's width
/// (in km) long: on a map 1,000 km wide, rivers of 40 km and more.
const MIN_FRAME_FRACTION: f64 = 0.04;

/// At most this many river names on one map.
const MAX_NAMES: usize = 8;

/// Blends `a` towards `b` by `t` (0 = a, 1 = b).
fn blend(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// The colour of river lines: the coast's, a touch towards the sea.
pub(crate) fn river_colour(layout: &Layout) -> RGBColor {
    blend(layout.pal.sea, layout.pal.coast, 0.85)
}

/// The rivers this map shows, longest first (the order of the data), or
/// nothing on a map too wide for rivers.
fn shown<'a>(
    rivers: &'a Rivers,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
) -> Vec<&'a River> {
    if visible.lon_span() >= RIVERS_BELOW_DEGREES {
        return Vec::new();
    }
    let frame_km = proj.km_per_px(frame.x + frame.w / 2.0, frame.y + frame.h / 2.0) * frame.w;
    let min_km = MIN_FRAME_FRACTION * frame_km;
    rivers
        .rivers
        .iter()
        .take_while(|r| r.length_km >= min_km)
        .filter(|r| !shifts(&r.bbox, visible).is_empty())
        .collect()
}

/// The pieces of a river inside the frame, in pixels.
fn visible_runs(
    river: &River,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
) -> Vec<Vec<(f64, f64)>> {
    line_runs(&river.lines, proj, frame, visible)
}

/// Length of a polyline, px.
fn run_length(run: &[(f64, f64)]) -> f64 {
    run.windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .sum()
}

/// The point `t` (0..=1) of the way along a polyline.
fn point_along(run: &[(f64, f64)], t: f64) -> (f64, f64) {
    let mut left = t * run_length(run);
    for w in run.windows(2) {
        let d = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
        if d > 0.0 && left <= d {
            let f = left / d;
            return (
                w[0].0 + f * (w[1].0 - w[0].0),
                w[0].1 + f * (w[1].1 - w[0].1),
            );
        }
        left -= d;
    }
    run.last().copied().unwrap_or((0.0, 0.0))
}

/// Where a `w`×`h` name goes along `run`: beside the line (above or below
/// a stretch that runs across, right or left of one that runs down) clear
/// of it, `gap` px away, at the middle or as near it as the placer has
/// room; else centred on the line; `None` where nothing is free.
fn label_spot(run: &[(f64, f64)], w: f64, h: f64, gap: f64, placer: &Placer) -> Option<PixelRect> {
    let along = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
    let total = run_length(run);
    let beside = along.iter().flat_map(|&t| {
        let (x, y) = point_along(run, t);
        // The line's direction here, over about a name's length.
        let step = (w / total).min(0.1);
        let a = point_along(run, (t - step).max(0.0));
        let b = point_along(run, (t + step).min(1.0));
        let across = (b.0 - a.0).abs() >= (b.1 - a.1).abs();
        let spots = if across {
            [
                (x - w / 2.0, y - gap - h), // above
                (x - w / 2.0, y + gap),     // below
            ]
        } else {
            [
                (x + gap, y - h / 2.0),     // right
                (x - gap - w, y - h / 2.0), // left
            ]
        };
        spots.map(|(x, y)| PixelRect { x, y, w, h })
    });
    let clear = |rect: &PixelRect| basemap::clip_line(run, rect).is_empty();
    let mut candidates = beside.filter(|r| clear(r));
    if let Some(rect) = candidates.find(|r| placer.is_free(r)) {
        return Some(rect);
    }
    along
        .iter()
        .map(|&t| {
            let (x, y) = point_along(run, t);
            PixelRect {
                x: x - w / 2.0,
                y: y - h / 2.0,
                w,
                h,
            }
        })
        .find(|r| placer.is_free(r))
}

/// Draws the rivers of a regional or local map (nothing on a wider one),
/// over the land and areas, under everything else.
pub(crate) fn draw_rivers<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    layout: &Layout,
) -> DrawResult<B> {
    if visible.lon_span() >= RIVERS_BELOW_DEGREES {
        return Ok(()); // and the river data is never decoded
    }
    // Bundled data that a unit test decodes: it cannot fail short of a
    // broken build; then maps go without rivers.
    let Ok(rivers) = Rivers::bundled() else {
        return Ok(());
    };
    let shown = shown(rivers, proj, frame, visible);
    let colour = river_colour(layout);
    let n = shown.len().max(1) as f64;
    // Drawn shortest first, so a big river runs over its tributaries.
    for (rank, river) in shown.iter().enumerate().rev() {
        // 2 px for the longest third of the rivers in view, 1.5 for the
        // next, 1 for the rest (at 1600 px; scaled with the image).
        let w = match rank as f64 / n {
            f if f < 1.0 / 3.0 => 2.0,
            f if f < 2.0 / 3.0 => 1.5,
            _ => 1.0,
        };
        let style = colour.stroke_width(layout.px(w).round().max(1.0) as u32);
        for run in visible_runs(river, proj, frame, visible) {
            let px = to_pixels(&run);
            if px.len() >= 2 {
                root.draw(&PathElement::new(px, style))?;
            }
        }
    }
    Ok(())
}

/// Names the longest rivers in view, at most [`MAX_NAMES`], each once:
/// horizontal italic text at the middle of its longest visible stretch
/// (beside the line where that is clear, else on it; else further along),
/// where the placer has room. A river whose
/// name the articles use as a place keeps that label alone.
pub(crate) fn draw_river_names<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    placer: &mut Placer,
    layout: &Layout,
) -> DrawResult<B> {
    if visible.lon_span() >= RIVERS_BELOW_DEGREES {
        return Ok(());
    }
    let Ok(rivers) = Rivers::bundled() else {
        return Ok(());
    };
    let pal = &layout.pal;
    let ink = blend(pal.coast, pal.ink, 0.45);
    let halo_px = layout.px(1.0).round().max(1.0) as i32;
    let size = layout.px(13.0);
    let style = font(size, FontStyle::Italic).pos(Pos::new(HPos::Left, VPos::Top));
    let h = size * 0.95;
    let mut named: Vec<&str> = Vec::new();
    for river in shown(rivers, proj, frame, visible) {
        if named.len() >= MAX_NAMES {
            break;
        }
        let name = river.name.as_str();
        let is_place = places
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(name) || p.label().eq_ignore_ascii_case(name));
        if named.contains(&name) || is_place {
            continue;
        }
        let runs = visible_runs(river, proj, frame, visible);
        let Some(run) = runs
            .iter()
            .max_by(|a, b| run_length(a).total_cmp(&run_length(b)))
        else {
            continue;
        };
        let w = text_width(name, &style);
        // A name needs a stretch of its river to belong to.
        if run_length(run) < 1.5 * w {
            continue;
        }
        let spot = label_spot(run, w, h, layout.px(3.0), placer);
        let Some(rect) = spot else {
            continue;
        };
        placer.block(rect);
        named.push(name);
        draw_halo_text(
            root,
            name,
            &style,
            &ink,
            &pal.land,
            pt(rect.x, rect.y),
            halo_px,
            layout.text_mode,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_along_a_run() {
        let run = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)];
        assert_eq!(run_length(&run), 20.0);
        assert_eq!(point_along(&run, 0.5), (10.0, 0.0));
        assert_eq!(point_along(&run, 0.25), (5.0, 0.0));
        assert_eq!(point_along(&run, 0.75), (10.0, 5.0));
        assert_eq!(point_along(&run, 1.0), (10.0, 10.0));
    }
}
