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

/// A drawn marker: which place, where it is drawn, where the place is, how
/// big.
pub(crate) struct Marker {
    pub(crate) place: usize,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) r_px: f64,
    /// The place's own position, px: where (x, y) was before
    /// [`spread_stacked`] moved the marker off a bigger one.
    pub(crate) ax: f64,
    pub(crate) ay: f64,
    /// The story's focus: the place with more mentions than any other
    /// (none when the top places tie), drawn as the most prominent symbol.
    pub(crate) focus: bool,
}

impl Marker {
    /// Whether the marker was moved off its place (and gets a leader).
    pub(crate) fn moved(&self) -> bool {
        (self.x - self.ax).abs() > 0.5 || (self.y - self.ay).abs() > 0.5
    }
}

/// Markers (in importance order) that sit on one another are spread out:
/// each marker whose centre is within 0.6 × the sum of the radii of a more
/// important one that stays put is moved onto a ring round it, in the
/// direction it lies in where it can, evenly spaced otherwise, with a
/// leader back to its place (drawn by [`draw_symbols`]). The most important
/// place never moves. Returns how many markers were moved.
pub(crate) fn spread_stacked(markers: &mut [Marker], gap: f64) -> usize {
    use std::f64::consts::PI;
    let n = markers.len();
    // head[j] = the marker j is spread round.
    let mut head: Vec<Option<usize>> = vec![None; n];
    for j in 0..n {
        for i in 0..j {
            if head[i].is_some() {
                continue;
            }
            let (a, b) = (&markers[i], &markers[j]);
            let d = (a.ax - b.ax).hypot(a.ay - b.ay);
            if d < 0.6 * (a.r_px + b.r_px) {
                head[j] = Some(i);
                break;
            }
        }
    }
    let mut moved = 0;
    for i in 0..n {
        let members: Vec<usize> = (0..n).filter(|&j| head[j] == Some(i)).collect();
        if members.is_empty() {
            continue;
        }
        let (hx, hy, hr) = (markers[i].ax, markers[i].ay, markers[i].r_px);
        let r_big = members.iter().map(|&j| markers[j].r_px).fold(0.0, f64::max);
        let k = members.len() as f64;
        // Far enough out to clear the head, and round enough to hold them
        // all side by side.
        let ring = (hr + r_big + gap).max(k * (2.0 * r_big + gap) / (2.0 * PI));
        // Members by the bearing they have from the head (those on its
        // centre last, as if straight up), evenly spaced from the first
        // one's: one member keeps its direction exactly, more their order.
        // (sits on the head's centre, bearing from the head)
        let bearing = |j: usize| {
            let (dx, dy) = (markers[j].ax - hx, markers[j].ay - hy);
            if dx.hypot(dy) < 0.5 {
                (true, -PI / 2.0)
            } else {
                (false, dy.atan2(dx))
            }
        };
        let mut by_bearing: Vec<((bool, f64), usize)> =
            members.iter().map(|&j| (bearing(j), j)).collect();
        by_bearing.sort_by(|a, b| {
            (a.0 .0.cmp(&b.0 .0))
                .then(a.0 .1.total_cmp(&b.0 .1))
                .then(a.1.cmp(&b.1))
        });
        let start = by_bearing[0].0 .1;
        for (t, &(_, j)) in by_bearing.iter().enumerate() {
            let angle = start + 2.0 * PI * t as f64 / k;
            markers[j].x = hx + ring * angle.cos();
            markers[j].y = hy + ring * angle.sin();
            moved += 1;
        }
    }
    moved
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
    let mut markers = order
        .iter()
        .filter(|&&i| places[i].lat.is_finite() && places[i].lon.is_finite())
        .map(|&i| {
            let (x, y) = proj.project_wrapped(places[i].lon, places[i].lat);
            Marker {
                place: i,
                x,
                y,
                r_px: radius_px(places[i].mentions, max_mentions, layout),
                ax: x,
                ay: y,
                focus: false,
            }
        })
        .filter(|m| {
            m.x >= frame.x && m.x <= frame.right() && m.y >= frame.y && m.y <= frame.bottom()
        })
        .collect::<Vec<Marker>>();
    // The first is the focus when its place has more mentions than the
    // next one's.
    if let [a, b, ..] = &markers[..] {
        if places[a.place].mentions > places[b.place].mentions {
            markers[0].focus = true;
        }
    }
    markers
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
/// stay on top. A marker moved off its place ([`spread_stacked`]) gets a
/// thin leader to a dot where the place is. The story's focus (see
/// [`Marker::focus`]) is drawn last, on top of everything, with a dark
/// ring round it: the most prominent symbol on the map.
pub(crate) fn draw_symbols<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    markers: &[Marker],
    layout: &Layout,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let leader = pal
        .muted
        .stroke_width(layout.px(1.0).round().max(1.0) as u32);
    let dot = layout.px(2.0).round().max(1.0) as i32;
    let mut paint: Vec<&Marker> = markers.iter().collect();
    paint.sort_by_key(|m| (m.focus, Symbol::of(places[m.place].kind)));
    for m in paint {
        let symbol = Symbol::of(places[m.place].kind);
        start_item(root, m.place)?;
        if m.moved() {
            let (dx, dy) = (m.ax - m.x, m.ay - m.y);
            let d = dx.hypot(dy).max(1e-9);
            let edge = (m.x + dx / d * m.r_px, m.y + dy / d * m.r_px);
            root.draw(&PathElement::new(
                vec![pt(edge.0, edge.1), pt(m.ax, m.ay)],
                leader,
            ))?;
            root.draw(&Circle::new(pt(m.ax, m.ay), dot, pal.ink.filled()))?;
        }
        let r = m.r_px.round() as i32;
        if m.focus {
            let ring = layout.px(2.5).round().max(2.0) as u32;
            let halo = r + ring as i32 + layout.px(1.0).round() as i32;
            root.draw(&Circle::new(pt(m.x, m.y), halo, pal.halo.filled()))?;
            root.draw(&Circle::new(pt(m.x, m.y), halo, pal.ink.stroke_width(ring)))?;
        }
        draw_place_symbol(root, symbol, pt(m.x, m.y), r, layout)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text::TextMode;
    use crate::render::MapOptions;

    fn marker(place: usize, x: f64, y: f64, r: f64) -> Marker {
        Marker {
            place,
            x,
            y,
            r_px: r,
            ax: x,
            ay: y,
            focus: false,
        }
    }

    #[test]
    fn stacked_markers_are_spread_round_the_most_important() {
        // Kabul (big), Panjshir 6 px away and Afghanistan on Kabul's centre,
        // and Herat far off.
        let mut ms = vec![
            marker(0, 500.0, 300.0, 20.0),
            marker(1, 504.0, 296.0, 8.0),
            marker(2, 500.0, 300.0, 12.0),
            marker(3, 200.0, 300.0, 8.0),
        ];
        let moved = spread_stacked(&mut ms, 3.0);
        assert_eq!(moved, 2);
        assert!(!ms[0].moved() && !ms[3].moved(), "the head and Herat stay");
        // No two discs overlap any more.
        for i in 0..ms.len() {
            for j in i + 1..ms.len() {
                let d = (ms[i].x - ms[j].x).hypot(ms[i].y - ms[j].y);
                assert!(d >= ms[i].r_px + ms[j].r_px, "{i} and {j} overlap: {d}");
            }
        }
        // Panjshir keeps its direction (north-east of Kabul).
        assert!(ms[1].x > 500.0 && ms[1].y < 300.0);
        // Anchors are the true positions.
        assert_eq!((ms[2].ax, ms[2].ay), (500.0, 300.0));
    }

    #[test]
    fn many_stacked_markers_get_a_ring_wide_enough() {
        let mut ms = vec![marker(0, 500.0, 300.0, 10.0)];
        ms.extend((1..12).map(|i| marker(i, 500.0 + i as f64 * 0.1, 300.0, 6.0)));
        spread_stacked(&mut ms, 2.0);
        for i in 0..ms.len() {
            for j in i + 1..ms.len() {
                let d = (ms[i].x - ms[j].x).hypot(ms[i].y - ms[j].y);
                assert!(d >= ms[i].r_px + ms[j].r_px - 1e-6, "{i} and {j}: {d}");
            }
        }
    }

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
