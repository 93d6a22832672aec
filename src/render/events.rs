//! How event types look: one colour and one marker shape per
//! [`EventType`], shared by the map's event layer and the timeline, so an
//! attack is the same red on both.
//!
//! Shapes are never circles (circles are places on the map); colours are a
//! nine-colour qualitative palette (ColorBrewer Set1, the yellow darkened and
//! the grey deepened so that both stand out on white paper and pale land).
//!
//! Not here: where markers go or how they are laid out (`layers/events.rs`,
//! `timeline.rs`).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::DrawResult;
use crate::events::{Event, EventType};

/// Marker outlines: thin and dark, so light fills (yellow, pink) still read
/// on pale land and markers that touch stay apart.
pub const OUTLINE: RGBColor = RGBColor(40, 40, 40);

/// Marker shapes, all filled polygons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerShape {
    /// Point-up triangle.
    TriangleUp,
    /// Point-down triangle.
    TriangleDown,
    /// Axis-aligned square.
    Square,
    /// Square on its corner.
    Diamond,
    /// Diagonal cross (×).
    Saltire,
    /// Upright cross (+).
    Plus,
    /// Regular pentagon, point up.
    Pentagon,
    /// Regular hexagon, flat top.
    Hexagon,
    /// Five-pointed star.
    Star,
    /// Regular octagon, flat top (close to a circle, which no other type
    /// uses).
    Octagon,
}

/// Colour and shape of one event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventStyle {
    /// Fill colour (map marker, timeline bar, legend swatch).
    pub colour: RGBColor,
    /// Map marker and map legend shape.
    pub shape: MarkerShape,
}

/// The one table of event styles.
pub fn event_style(kind: EventType) -> EventStyle {
    use MarkerShape as S;
    let (colour, shape) = match kind {
        EventType::Attack => (RGBColor(228, 26, 28), S::TriangleUp),
        EventType::ArmedClash => (RGBColor(255, 127, 0), S::Saltire),
        EventType::Protest => (RGBColor(230, 190, 20), S::Square),
        EventType::NaturalDisaster => (RGBColor(55, 126, 184), S::Diamond),
        EventType::Accident => (RGBColor(166, 86, 40), S::TriangleDown),
        EventType::MilitaryMovement => (RGBColor(77, 175, 74), S::Plus),
        EventType::Political => (RGBColor(152, 78, 163), S::Pentagon),
        EventType::Displacement => (RGBColor(247, 129, 191), S::Hexagon),
        EventType::TerritorialControl => (RGBColor(102, 102, 102), S::Star),
        EventType::SecurityOperation => (RGBColor(31, 78, 121), S::Octagon),
    };
    EventStyle { colour, shape }
}

/// Index of `kind` in [`EventType::ALL`] (legend and stacking order).
pub fn type_index(kind: EventType) -> usize {
    EventType::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(EventType::ALL.len() - 1)
}

/// Events per type, indexed like [`EventType::ALL`].
pub fn count_by_type<'a>(
    events: impl IntoIterator<Item = &'a Event>,
) -> [usize; EventType::ALL.len()] {
    let mut counts = [0usize; EventType::ALL.len()];
    for e in events {
        counts[type_index(e.kind)] += 1;
    }
    counts
}

/// The event's position when it has a usable one: (lon, lat).
pub fn located(e: &Event) -> Option<(f64, f64)> {
    match (e.lon, e.lat) {
        (Some(lon), Some(lat))
            if lon.is_finite() && lat.is_finite() && (-90.0..=90.0).contains(&lat) =>
        {
            Some((lon, lat))
        }
        _ => None,
    }
}

/// Vertices of `shape` centred on (`x`, `y`), clockwise on screen. `r` is
/// the nominal radius: each shape is scaled so that all cover about the
/// same area (a disc of radius 0.8 `r`), so no type looks heavier.
pub fn shape_points(shape: MarkerShape, x: f64, y: f64, r: f64) -> Vec<(f64, f64)> {
    use std::f64::consts::PI;
    // Regular polygon with `n` corners at radius `rr`, first corner at
    // `start` (radians, screen coordinates: -PI/2 is up).
    let regular = |n: usize, rr: f64, start: f64| -> Vec<(f64, f64)> {
        (0..n)
            .map(|k| {
                let a = start + 2.0 * PI * k as f64 / n as f64;
                (x + rr * a.cos(), y + rr * a.sin())
            })
            .collect()
    };
    // A cross of two bars, half-length `a`, half-thickness `t`, turned by
    // `turn` radians.
    let cross = |a: f64, t: f64, turn: f64| -> Vec<(f64, f64)> {
        let base = [
            (t, -a),
            (t, -t),
            (a, -t),
            (a, t),
            (t, t),
            (t, a),
            (-t, a),
            (-t, t),
            (-a, t),
            (-a, -t),
            (-t, -t),
            (-t, -a),
        ];
        let (s, c) = turn.sin_cos();
        base.iter()
            .map(|&(px, py)| (x + px * c - py * s, y + px * s + py * c))
            .collect()
    };
    match shape {
        MarkerShape::TriangleUp => regular(3, 1.25 * r, -PI / 2.0),
        MarkerShape::TriangleDown => regular(3, 1.25 * r, PI / 2.0),
        MarkerShape::Square => regular(4, 1.0 * r, -PI / 4.0),
        MarkerShape::Diamond => regular(4, 1.05 * r, -PI / 2.0),
        MarkerShape::Saltire => cross(1.05 * r, 0.3 * r, PI / 4.0),
        MarkerShape::Plus => cross(1.0 * r, 0.3 * r, 0.0),
        MarkerShape::Pentagon => regular(5, 0.93 * r, -PI / 2.0),
        MarkerShape::Hexagon => regular(6, 0.9 * r, 0.0),
        MarkerShape::Octagon => regular(8, 0.92 * r, PI / 8.0),
        MarkerShape::Star => {
            let outer = 1.25 * r;
            let inner = 0.5 * outer;
            (0..10)
                .map(|k| {
                    let a = -PI / 2.0 + PI * k as f64 / 5.0;
                    let rr = if k % 2 == 0 { outer } else { inner };
                    (x + rr * a.cos(), y + rr * a.sin())
                })
                .collect()
        }
    }
}

/// Draws one marker for `kind`: filled, with a thin dark outline.
pub(super) fn draw_marker<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    kind: EventType,
    (x, y): (f64, f64),
    r: f64,
    outline_px: u32,
) -> DrawResult<B> {
    let style = event_style(kind);
    let mut pts: Vec<(i32, i32)> = shape_points(style.shape, x, y, r)
        .into_iter()
        .map(|(px, py)| super::pt(px, py))
        .collect();
    root.draw(&Polygon::new(pts.clone(), style.colour.filled()))?;
    pts.push(pts[0]);
    root.draw(&PathElement::new(pts, OUTLINE.stroke_width(outline_px)))
}

/// A hand-made event for tests: `kind` on `date` at (`lat`, `lon`).
#[cfg(test)]
pub(crate) fn test_event(kind: EventType, date: Option<&str>, at: Option<(f64, f64)>) -> Event {
    Event {
        trigger: kind.as_str().into(),
        date: date.map(str::to_string),
        date_source: date.map(|_| crate::events::DateSource::Text),
        place: at.map(|_| "Somewhere".to_string()),
        place_source: at.map(|_| crate::events::PlaceSource::Sentence),
        lat: at.map(|p| p.0),
        lon: at.map(|p| p.1),
        sentence: "Something happened.".into(),
        end: 9,
        confidence: 0.8,
        ..Event::bare(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_its_own_colour_and_shape() {
        let styles: Vec<EventStyle> = EventType::ALL.iter().map(|&k| event_style(k)).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a.colour, b.colour);
                assert_ne!(a.shape, b.shape);
            }
        }
        for (i, &k) in EventType::ALL.iter().enumerate() {
            assert_eq!(type_index(k), i);
        }
    }

    /// Shoelace area.
    fn area(pts: &[(f64, f64)]) -> f64 {
        let n = pts.len();
        (0..n)
            .map(|i| {
                let (a, b) = (pts[i], pts[(i + 1) % n]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum::<f64>()
            .abs()
            / 2.0
    }

    #[test]
    fn shapes_have_similar_areas_and_are_centred() {
        let disc = std::f64::consts::PI * 0.8f64.powi(2) * 100.0;
        for &k in &EventType::ALL {
            let pts = shape_points(event_style(k).shape, 50.0, 50.0, 10.0);
            let a = area(&pts);
            assert!((a / disc - 1.0).abs() < 0.25, "{k:?}: {a} vs {disc}");
            for (x, y) in pts {
                assert!(
                    (x - 50.0).abs() <= 13.0 && (y - 50.0).abs() <= 13.0,
                    "{k:?}"
                );
            }
        }
    }
}
