//! Areas drawn as areas, on regional and local maps (the world view leaves
//! areas as dots: there the choropleth shows countries):
//!
//! - first-level borders (states, provinces) inside every country, thin
//!   and dashed-looking light lines under everything else, on maps less
//!   than [`ADMIN1_BELOW_DEGREES`] wide;
//! - a country or first-level area the articles name is tinted and
//!   outlined, so "Kenya" on a map of Kenya or "Vermont" on a map of New
//!   England is the area, not a dot at its middle. Its marker stays, as
//!   the anchor of its name and mention count.
//!
//! Not here: the choropleth (`layers/basemap.rs`), the polygons
//! (`render/basemap.rs`).

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::export::PlaceSummary;
use crate::gazetteer::Kind;
use plotters::style::RGBAColor;

use crate::render::basemap::{self, Admin1Layer, Layer};
use crate::render::layers::basemap::{line_runs, shifts, to_pixels};
use crate::render::layout::Layout;
use crate::render::projection::{Extent, PixelRect, Projection};
use crate::render::DrawResult;

/// First-level borders are drawn on maps narrower than this (degrees of
/// longitude); wider ones would be a mesh of lines.
pub(crate) const ADMIN1_BELOW_DEGREES: f64 = 40.0;

/// The result of drawing: a value, or plotters' error.
type Drawn<B, T> = std::result::Result<T, DrawingAreaErrorKind<<B as DrawingBackend>::ErrorType>>;

/// Tints and outlines one area's polygons; returns how big it is on the
/// map (the larger side of its pixel box, before clipping to the frame).
fn draw_area<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    polygons: &[basemap::Polygon],
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    (tint, edge): (RGBAColor, ShapeStyle),
) -> Drawn<B, f64> {
    let mut size: f64 = 0.0;
    for polygon in polygons {
        for shift in shifts(&polygon.rings[0].bbox, visible) {
            let projected = basemap::project_ring(proj, &polygon.rings[0], shift, 0.75);
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in &projected {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            size = size.max((x1 - x0).max(y1 - y0));
            let clipped = to_pixels(&basemap::clip_polygon(&projected, frame));
            if clipped.len() >= 3 {
                root.draw(&Polygon::new(clipped, tint.filled()))?;
            }
            if edge.stroke_width == 0 {
                continue;
            }
            let mut closed = projected;
            closed.extend(closed.first().copied());
            for line in basemap::clip_line(&closed, frame) {
                let px = to_pixels(&line);
                if px.len() >= 2 {
                    root.draw(&PathElement::new(px, edge))?;
                }
            }
        }
    }
    Ok(size)
}

/// The part of `polygons` on the basemap's land. First-level areas come
/// from 1:10m data whose coasts and islands differ from the 1:50m land
/// the map draws; clipped to it, their tint stays off the sea. (Lakes are
/// painted over the tint afterwards.) Only outer rings are tinted, so an
/// enclave inside a named area (Berlin in Brandenburg) is tinted with it.
fn clip_to_land(polygons: &[basemap::Polygon], layer: &Layer) -> Vec<basemap::Polygon> {
    use geo::BooleanOps;
    let to_geo = |p: &basemap::Polygon| {
        let ring = |r: &basemap::Ring| {
            geo::LineString::from(
                r.points
                    .iter()
                    .map(|q| (f64::from(q[0]), f64::from(q[1])))
                    .collect::<Vec<_>>(),
            )
        };
        geo::Polygon::new(ring(&p.rings[0]), p.rings[1..].iter().map(ring).collect())
    };
    let bbox = polygons.iter().fold(basemap::EMPTY_BBOX, |b, p| {
        basemap::union_bbox(b, p.rings[0].bbox)
    });
    let overlaps =
        |r: &[f32; 4]| r[0] <= bbox[2] && r[2] >= bbox[0] && r[1] <= bbox[3] && r[3] >= bbox[1];
    let area = geo::MultiPolygon::new(polygons.iter().map(to_geo).collect());
    let land = geo::MultiPolygon::new(
        layer
            .land
            .iter()
            .filter(|p| overlaps(&p.rings[0].bbox))
            .map(to_geo)
            .collect(),
    );
    let clipped = area.intersection(&land);
    clipped
        .0
        .iter()
        .map(|p| {
            let ring = |ls: &geo::LineString<f64>| {
                basemap::Ring::new(ls.0.iter().map(|c| [c.x as f32, c.y as f32]).collect())
            };
            basemap::Polygon {
                rings: std::iter::once(ring(p.exterior()))
                    .chain(p.interiors().iter().map(ring))
                    .collect(),
            }
        })
        .collect()
}

/// Draws first-level borders inside the countries in view.
pub(crate) fn draw_admin1_borders<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    admin1: &Admin1Layer,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    layout: &Layout,
) -> DrawResult<B> {
    if visible.lon_span() >= ADMIN1_BELOW_DEGREES {
        return Ok(());
    }
    let pal = &layout.pal;
    let style = pal
        .border
        .mix(0.55)
        .stroke_width(layout.px(0.8).round().max(1.0) as u32);
    for piece in line_runs(&admin1.lines, proj, frame, visible) {
        let px = to_pixels(&piece);
        if px.len() >= 2 {
            root.draw(&PathElement::new(px, style))?;
        }
    }
    Ok(())
}

/// Tints and outlines the named countries and first-level areas of
/// `places` (an area in the admin-1 layer is found by the place's point
/// and country). Returns, per place index, how big its area came out on
/// the map, px (see [`draw_area`]): the caller shrinks the markers of big
/// ones to a dot.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_areas<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    layer: &Layer,
    admin1: Option<&Admin1Layer>,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    layout: &Layout,
) -> Drawn<B, Vec<(usize, f64)>> {
    let mut sizes: Vec<(usize, f64)> = Vec::new();
    let pal = &layout.pal;
    let width = layout.px(1.5).round().max(1.0) as u32;
    let country_style = (pal.area.mix(0.10), pal.area.mix(0.75).stroke_width(width));
    // Admin-1 polygons come from 1:10m data, whose coasts differ from the
    // 1:50m land's: tinted only (their borders are the admin-1 lines).
    let admin_style = (pal.admin.mix(0.10), pal.admin.mix(0.0).stroke_width(0));
    if let Some(admin1) = admin1 {
        let mut drawn: Vec<(&str, f64)> = Vec::new();
        for (i, p) in places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == Kind::Admin1)
        {
            let Some(cc) = p.country_code.as_deref() else {
                continue;
            };
            let Some(area) = admin1.containing(cc, p.lon, p.lat) else {
                continue;
            };
            if let Some(&(_, size)) = drawn.iter().find(|(c, _)| *c == area.code) {
                sizes.push((i, size));
                continue;
            }
            let on_land = clip_to_land(&area.polygons, layer);
            let size = draw_area(root, &on_land, proj, frame, visible, admin_style)?;
            drawn.push((&area.code, size));
            sizes.push((i, size));
        }
    }
    let mut codes: Vec<&str> = places
        .iter()
        .filter(|p| p.kind == Kind::Country)
        .filter_map(|p| p.country_code.as_deref())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let Some(country) = layer.country(code) else {
            continue;
        };
        let size = draw_area(root, &country.polygons, proj, frame, visible, country_style)?;
        for (i, p) in places.iter().enumerate() {
            if p.kind == Kind::Country && p.country_code.as_deref() == Some(code) {
                sizes.push((i, size));
            }
        }
    }
    Ok(sizes)
}
