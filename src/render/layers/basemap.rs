//! The basemap layer: land, country shading (the choropleth), lakes,
//! borders and coastlines from the bundled Natural Earth data, culled,
//! projected, thinned and clipped to the frame.
//!
//! Not here: reading the data (`render/basemap.rs`).

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::export::PlaceSummary;
use crate::render::basemap::{self, Layer};
use crate::render::layout::Layout;
use crate::render::projection::{Extent, PixelRect, Projection};
use crate::render::text::pt;
use crate::render::theme::{Classes, Palette};
use crate::render::DrawResult;

/// Above this longitude span (degrees) a map uses the 1:110m basemap, below
/// it the 1:50m one.
pub(crate) const COARSE_ABOVE_DEGREES: f64 = 120.0;

/// Longitude shifts at which a basemap ring is drawn: see
/// [`basemap::shifts`]; on a world view only the ring itself (the data lie
/// in -180..180), since a shifted copy would land outside the rounded
/// Equal Earth outline.
pub(crate) fn shifts(bbox: &[f32; 4], visible: &Extent) -> Vec<f64> {
    if visible.is_world() {
        vec![0.0]
    } else {
        basemap::shifts(bbox, visible).collect()
    }
}

/// The visible runs of open lines (borders, rivers), projected (copies
/// shifted by ±360° where the map needs them) and clipped to the frame, in
/// pixels.
pub(crate) fn line_runs(
    lines: &[basemap::Ring],
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    for line in lines {
        for shift in shifts(&line.bbox, visible) {
            let projected = basemap::project_ring(proj, line, shift, 0.75);
            runs.extend(basemap::clip_line(&projected, frame));
        }
    }
    runs
}

/// Pixel points, consecutive duplicates dropped.
pub(crate) fn to_pixels(pts: &[(f64, f64)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
    for &(x, y) in pts {
        let p = pt(x, y);
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

/// Mentions per country (ISO code): of the country itself and of every
/// place in it, with the classes and colours that shade them.
pub(crate) struct Choropleth {
    pub(crate) counts: std::collections::BTreeMap<[u8; 2], usize>,
    pub(crate) classes: Classes,
}

impl Choropleth {
    pub(crate) fn new(places: &[PlaceSummary]) -> Choropleth {
        let mut counts = std::collections::BTreeMap::new();
        for p in places {
            let Some(code) = p.country_code.as_deref() else {
                continue;
            };
            if let [a, b] = *code.as_bytes() {
                *counts
                    .entry([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
                    .or_insert(0) += p.mentions;
            }
        }
        let max = counts.values().copied().max().unwrap_or(1);
        Choropleth {
            counts,
            classes: Classes::for_max(max),
        }
    }

    fn count(&self, code: [u8; 2]) -> usize {
        self.counts.get(&code).copied().unwrap_or(0)
    }

    fn colour(&self, code: [u8; 2], pal: &Palette) -> Option<RGBColor> {
        let class = self.classes.class_of(self.count(code))?;
        Some(self.classes.colour(class, &pal.ramp))
    }
}

/// Land, country shading, lakes, borders, coastlines: culled to the visible
/// extent, thinned to the pixel grid and clipped to the frame, so a
/// regional 1:50m map draws only the few thousand points it shows.
///
/// `on_land` draws what goes on the land but under the water and the lines
/// (the named areas of `layers/areas.rs`): lakes, borders and coasts are
/// painted over it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_basemap<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    layer: &Layer,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    shading: Option<&Choropleth>,
    layout: &Layout,
    on_land: impl FnOnce() -> DrawResult<B>,
) -> DrawResult<B> {
    const STEP_PX: f64 = 0.75;
    let pal = &layout.pal;
    let fill = |polygon: &basemap::Polygon, outer: RGBColor, holes: Option<RGBColor>| {
        for shift in shifts(&polygon.rings[0].bbox, visible) {
            for (i, ring) in polygon.rings.iter().enumerate() {
                let colour = match (i, holes) {
                    (0, _) => outer,
                    (_, Some(c)) => c,
                    (_, None) => break,
                };
                let projected = basemap::project_ring(proj, ring, shift, STEP_PX);
                let clipped = to_pixels(&basemap::clip_polygon(&projected, frame));
                if clipped.len() >= 3 {
                    root.draw(&Polygon::new(clipped, colour.filled()))?;
                }
            }
        }
        Ok(())
    };

    for polygon in &layer.land {
        fill(polygon, pal.land, Some(pal.sea))?;
    }
    if let Some(shading) = shading {
        // Largest first, so an enclave (Lesotho in South Africa) is painted
        // after the country round it; an unnamed country is painted (in the
        // land colour) only when it may sit inside a shaded one.
        let shaded: Vec<[f32; 4]> = layer
            .countries
            .iter()
            .filter(|c| shading.count(c.code) > 0)
            .flat_map(|c| c.polygons.iter().map(|p| p.rings[0].bbox))
            .collect();
        let inside_shaded = |b: &[f32; 4]| {
            shaded
                .iter()
                .any(|s| s[0] <= b[0] && s[1] <= b[1] && s[2] >= b[2] && s[3] >= b[3])
        };
        let mut order: Vec<(&basemap::Country, f64)> = layer
            .countries
            .iter()
            .map(|c| {
                let area: f64 = c
                    .polygons
                    .iter()
                    .map(|p| {
                        let b = p.rings[0].bbox;
                        f64::from(b[2] - b[0]) * f64::from(b[3] - b[1])
                    })
                    .sum();
                (c, area)
            })
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.code.cmp(&b.0.code)));
        for (country, _) in order {
            let colour = shading.colour(country.code, pal);
            for polygon in &country.polygons {
                match colour {
                    Some(c) => fill(polygon, c, None)?,
                    None if inside_shaded(&polygon.rings[0].bbox) => fill(polygon, pal.land, None)?,
                    None => {}
                }
            }
        }
    }
    on_land()?;
    for lake in &layer.lakes {
        fill(lake, pal.sea, Some(pal.land))?;
    }

    let width = layout.px(1.0).round().max(1.0) as u32;
    let border_style = pal.border.stroke_width(width);
    for run in line_runs(&layer.borders, proj, frame, visible) {
        root.draw(&PathElement::new(to_pixels(&run), border_style))?;
    }

    let coast_style = pal.coast.stroke_width(width);
    let coasts = layer.land.iter().chain(&layer.lakes);
    for polygon in coasts {
        for ring in &polygon.rings {
            for shift in shifts(&ring.bbox, visible) {
                for piece in basemap::coast_pieces(ring) {
                    let piece = basemap::Ring {
                        points: piece.to_vec(),
                        bbox: ring.bbox,
                    };
                    let projected = basemap::project_ring(proj, &piece, shift, STEP_PX);
                    for run in basemap::clip_line(&projected, frame) {
                        root.draw(&PathElement::new(to_pixels(&run), coast_style))?;
                    }
                }
            }
        }
    }
    Ok(())
}
