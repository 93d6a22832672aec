//! The inset locator: a small world map in a corner of a small-area map,
//! with the area shown marked on it.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::render::basemap::{self, Basemap};
use crate::render::layers::basemap::{shifts, to_pixels};
use crate::render::layout::Layout;
use crate::render::projection::{Extent, PixelRect, Projection, ProjectionKind};
use crate::render::text::pt;

/// Below this longitude span (degrees) a map gets an inset locator.
pub(crate) const INSET_BELOW_DEGREES: f64 = 40.0;

/// The small world map in a corner of a small-area map, with the area
/// shown marked on it: in the upper right, upper left or lower right
/// corner, whichever covers fewest `avoid` points and no `taken` box.
/// Returns its box.
pub(crate) fn draw_inset<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    basemap: &Basemap,
    visible: &Extent,
    frame: &PixelRect,
    taken: &[PixelRect],
    avoid: &[(f64, f64)],
    layout: &Layout,
) -> std::result::Result<Option<PixelRect>, DrawingAreaErrorKind<B::ErrorType>> {
    let pal = &layout.pal;
    let w = (0.2 * frame.w).clamp(layout.px(150.0).min(0.35 * frame.w), layout.px(320.0));
    // The rectangular world view is 360° × 145°.
    let h = w * 145.0 / 360.0;
    if h > 0.3 * frame.h || w < 90.0 {
        return Ok(None);
    }
    let inset = layout.px(10.0);
    let at = |x: f64, y: f64| PixelRect { x, y, w, h };
    let candidates = [
        at(frame.right() - inset - w, frame.y + inset),
        at(frame.x + inset, frame.y + inset),
        at(frame.right() - inset - w, frame.bottom() - inset - h),
    ];
    let covered = |r: &PixelRect| {
        avoid
            .iter()
            .filter(|&&(x, y)| x >= r.x && x <= r.right() && y >= r.y && y <= r.bottom())
            .count()
    };
    let Some(rect) = candidates
        .iter()
        .filter(|r| !taken.iter().any(|t| t.overlaps(r)))
        .min_by_key(|r| covered(r))
        .copied()
    else {
        return Ok(None);
    };
    let (proj, drawn, world) = Projection::fit_with(
        ProjectionKind::Equirectangular,
        &Extent {
            lon_min: visible.lon_mid() - 180.0,
            lon_max: visible.lon_mid() + 180.0,
            ..Extent::WORLD
        },
        rect,
    );
    let corners = [pt(drawn.x, drawn.y), pt(drawn.right(), drawn.bottom())];
    root.draw(&Rectangle::new(corners, pal.sea.filled()))?;
    for polygon in &basemap.coarse.land {
        for shift in shifts(&polygon.rings[0].bbox, &world) {
            let projected = basemap::project_ring(&proj, &polygon.rings[0], shift, 1.0);
            let clipped = to_pixels(&basemap::clip_polygon(&projected, &drawn));
            if clipped.len() >= 3 {
                root.draw(&Polygon::new(clipped, pal.land.filled()))?;
            }
        }
    }
    // The area the main map shows, at least a few pixels across.
    let (x0, y0) = proj.project(visible.lon_min, visible.lat_max);
    let (x1, y1) = proj.project(visible.lon_max, visible.lat_min);
    let min = layout.px(6.0);
    let (cx, cy) = (0.5 * (x0 + x1), 0.5 * (y0 + y1));
    let (hw, hh) = (0.5 * (x1 - x0).max(min), 0.5 * (y1 - y0).max(min));
    let stroke = layout.px(2.0).round().max(1.0) as u32;
    root.draw(&Rectangle::new(
        [pt(cx - hw, cy - hh), pt(cx + hw, cy + hh)],
        pal.locator.stroke_width(stroke),
    ))?;
    root.draw(&Rectangle::new(corners, pal.frame.stroke_width(1)))?;
    Ok(Some(drawn))
}
