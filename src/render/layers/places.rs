//! The places layer: a circle per place, its area in proportion to the
//! place's mentions, its look by kind ([`Symbol`]); the order in which
//! places are labelled.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::RGBAColor;

use crate::export::PlaceSummary;
use crate::gazetteer::Kind;
use crate::render::formats::svg::start_item;
use crate::render::layout::Layout;
use crate::render::projection::{PixelRect, Projection};
use crate::render::text::pt;
use crate::render::theme::Palette;
use crate::render::DrawResult;

/// How a place is drawn, by kind: a solid circle for a settlement, a
/// translucent disc for an area (so that a city inside stays visible), in
/// one colour for states, provinces and districts and another for
/// countries, regions and continents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Symbol {
    Country,
    Admin,
    City,
}

impl Symbol {
    pub(crate) fn of(kind: Kind) -> Symbol {
        match kind {
            Kind::City => Symbol::City,
            Kind::Admin1 | Kind::Admin2 => Symbol::Admin,
            Kind::Continent | Kind::Region | Kind::Country | Kind::Demonym | Kind::Feature => {
                Symbol::Country
            }
        }
    }

    pub(crate) fn legend(self) -> &'static str {
        match self {
            Symbol::City => "City or town",
            Symbol::Admin => "State, province or district",
            Symbol::Country => "Country or region",
        }
    }

    /// Fill, outline and label colours.
    pub(crate) fn colours(self, pal: &Palette) -> (RGBAColor, RGBAColor, RGBColor) {
        match self {
            Symbol::City => (pal.city.mix(0.85), pal.city_edge.mix(1.0), pal.ink),
            Symbol::Admin => (pal.admin.mix(0.3), pal.admin.mix(0.9), pal.admin_ink),
            Symbol::Country => (pal.area.mix(0.3), pal.area.mix(0.9), pal.area_ink),
        }
    }
}

pub(crate) fn is_city(kind: Kind) -> bool {
    Symbol::of(kind) == Symbol::City
}

/// Indices of `places` in label priority: most mentioned first, then the
/// most populous; ties broken by name and position so the output never
/// depends on input order quirks.
pub(crate) fn importance_order(places: &[PlaceSummary]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&places[a], &places[b]);
        pb.mentions
            .cmp(&pa.mentions)
            .then_with(|| pb.population.cmp(&pa.population))
            .then_with(|| pa.name.cmp(&pb.name))
            .then_with(|| pa.lat.total_cmp(&pb.lat))
            .then_with(|| pa.lon.total_cmp(&pb.lon))
            .then_with(|| a.cmp(&b))
    });
    order
}

/// Circle radius for a place: area in proportion to mentions, so a place
/// named ten times looks ten times as big, not a hundred; clamped so a
/// single mention is still visible and the top place does not cover a
/// country. The largest circle is full size only when the top place has
/// eight mentions or more: six towns named once each get small dots, not
/// six overlapping discs.
pub(crate) fn radius_px(mentions: usize, max_mentions: usize, layout: &Layout) -> f64 {
    let (r_min, r_max) = (layout.px(5.0), layout.px(24.0));
    let max = max_mentions.max(1) as f64;
    let r_top = (r_max * (max / 8.0).min(1.0).sqrt()).max(layout.px(9.0));
    let share = mentions.max(1) as f64 / max;
    (r_top * share.sqrt()).clamp(r_min, r_max)
}

/// A drawn marker: which place, where, how big.
pub(crate) struct Marker {
    pub(crate) place: usize,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) r_px: f64,
}

/// Where each place's circle goes and how big it is, in importance order;
/// places outside the frame are left out.
pub(crate) fn place_markers(
    places: &[PlaceSummary],
    order: &[usize],
    proj: &Projection,
    frame: &PixelRect,
    max_mentions: usize,
    layout: &Layout,
) -> Vec<Marker> {
    order
        .iter()
        .filter(|&&i| places[i].lat.is_finite() && places[i].lon.is_finite())
        .map(|&i| {
            let (x, y) = proj.project_wrapped(places[i].lon, places[i].lat);
            Marker {
                place: i,
                x,
                y,
                r_px: radius_px(places[i].mentions, max_mentions, layout),
            }
        })
        .filter(|m| {
            m.x >= frame.x && m.x <= frame.right() && m.y >= frame.y && m.y <= frame.bottom()
        })
        .collect()
}

/// Draws one place symbol of radius `r` at `c`.
pub(crate) fn draw_place_symbol<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    symbol: Symbol,
    c: (i32, i32),
    r: i32,
    layout: &Layout,
) -> DrawResult<B> {
    let (fill, edge, _) = symbol.colours(&layout.pal);
    let outline = layout.px(1.5).round().max(1.0) as u32;
    root.draw(&Circle::new(c, r, fill.filled()))?;
    root.draw(&Circle::new(c, r, edge.stroke_width(outline)))?;
    if symbol != Symbol::City {
        let dot = layout.px(2.0).round().max(1.0) as i32;
        root.draw(&Circle::new(c, dot.min(r), edge.filled()))?;
    }
    Ok(())
}

/// Circles: countries under provinces under cities, so that a country disc
/// does not hide its capital; within a kind, largest first so small ones
/// stay on top.
pub(crate) fn draw_symbols<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    markers: &[Marker],
    layout: &Layout,
) -> DrawResult<B> {
    let mut paint: Vec<&Marker> = markers.iter().collect();
    paint.sort_by_key(|m| Symbol::of(places[m.place].kind));
    for m in paint {
        let symbol = Symbol::of(places[m.place].kind);
        start_item(root, m.place)?;
        draw_place_symbol(root, symbol, pt(m.x, m.y), m.r_px.round() as i32, layout)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::TextMode;
    use crate::render::MapOptions;

    #[test]
    fn bigger_counts_get_bigger_circles() {
        let layout = Layout::new(&MapOptions::default(), TextMode::Whole);
        let r1 = radius_px(1, 100, &layout);
        let r25 = radius_px(25, 100, &layout);
        let r100 = radius_px(100, 100, &layout);
        assert!(r1 < r25 && r25 < r100);
        assert!((r100 / r25 - 2.0).abs() < 1e-9, "area ∝ mentions");
        assert!(r1 >= layout.px(4.5));
    }
}
