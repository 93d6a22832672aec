//! Named areas drawn as areas: on a regional or local map, a country the
//! articles name is tinted and outlined in the area colour, so "Kenya" on
//! a map of Kenya is the country, not a dot at its middle. (Its marker
//! stays, smaller than the area, as the anchor of its name and mentions.)
//! The world view leaves areas as dots: there the choropleth is the way to
//! show countries.
//!
//! Not here: the choropleth (`layers/basemap.rs`), the polygons
//! (`render/basemap.rs`).

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::export::PlaceSummary;
use crate::gazetteer::Kind;
use crate::render::basemap::{self, Layer};
use crate::render::layers::basemap::{shifts, to_pixels};
use crate::render::layout::Layout;
use crate::render::projection::{Extent, PixelRect, Projection};
use crate::render::DrawResult;

/// Tints and outlines the named countries of `places` that `layer` has.
pub(crate) fn draw_areas<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    layer: &Layer,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    layout: &Layout,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let tint = pal.area.mix(0.10);
    let edge = pal
        .area
        .mix(0.75)
        .stroke_width(layout.px(1.5).round().max(1.0) as u32);
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
        for polygon in &country.polygons {
            for shift in shifts(&polygon.rings[0].bbox, visible) {
                let projected = basemap::project_ring(proj, &polygon.rings[0], shift, 0.75);
                let clipped = to_pixels(&basemap::clip_polygon(&projected, frame));
                if clipped.len() >= 3 {
                    root.draw(&Polygon::new(clipped, tint.filled()))?;
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
    }
    Ok(())
}
