//! The events layer: where each located event's marker goes (events on
//! one point spread round it) and how big markers are.
//!
//! Not here: how each type looks, the marker shapes and drawing one
//! (`render/events.rs`, shared with the timeline).

use crate::events::{Event, EventType};
use crate::render::events;
use crate::render::layout::Layout;
use crate::render::projection::{PixelRect, Projection};

/// Nominal radius of an event marker, px (see [`events::shape_points`]):
/// never below 5 px, so that shapes stay tellable apart on a small map.
pub(crate) fn event_radius(layout: &Layout) -> f64 {
    layout.px(7.0).max(5.0)
}

/// Where each located event's marker goes, in drawing order: (type, x, y).
///
/// Events whose points fall on the same pixel are spread round it (a ring
/// for a few, a sunflower spiral for many, never wider than about eight
/// marker radii), grouped by type; the layout depends only on the events,
/// not on anything random, so the same input gives the same picture.
/// Events outside the frame are left out.
pub(crate) fn event_positions(
    evs: &[Event],
    proj: &Projection,
    frame: &PixelRect,
    r: f64,
) -> Vec<(EventType, f64, f64)> {
    use std::collections::BTreeMap;
    use std::f64::consts::PI;
    /// Index into `evs`, pixel position.
    type Located = (usize, f64, f64);
    let mut located: Vec<Located> = evs
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let (lon, lat) = events::located(e)?;
            let (x, y) = proj.project_wrapped(lon, lat);
            Some((i, x, y))
        })
        .filter(|&(_, x, y)| {
            x >= frame.x && x <= frame.right() && y >= frame.y && y <= frame.bottom()
        })
        .collect();
    located.sort_by(|a, b| {
        let (ea, eb) = (&evs[a.0], &evs[b.0]);
        events::type_index(ea.kind)
            .cmp(&events::type_index(eb.kind))
            .then_with(|| ea.date.cmp(&eb.date))
            .then_with(|| a.0.cmp(&b.0))
    });
    // Top to bottom, then left to right: lower markers overlap upper ones.
    let mut groups: BTreeMap<(i64, i64), Vec<Located>> = BTreeMap::new();
    for m in located {
        groups
            .entry((m.2.round() as i64, m.1.round() as i64))
            .or_default()
            .push(m);
    }
    let mut out = Vec::new();
    for group in groups.values() {
        let n = group.len();
        let (cx, cy) = (group[0].1, group[0].2);
        for (k, &(i, _, _)) in group.iter().enumerate() {
            let (dx, dy) = if n == 1 {
                (0.0, 0.0)
            } else if n <= 6 {
                // Neighbours on the ring 1.6 r apart, centre to centre.
                let ring = 0.8 * r / (PI / n as f64).sin();
                let a = -PI / 2.0 + 2.0 * PI * k as f64 / n as f64;
                (ring * a.cos(), ring * a.sin())
            } else {
                let golden = PI * (3.0 - 5f64.sqrt());
                let step = (1.5 * r).min(8.0 * r / (n as f64).sqrt());
                let d = step * (k as f64 + 0.5).sqrt();
                let a = -PI / 2.0 + golden * k as f64;
                (d * a.cos(), d * a.sin())
            };
            out.push((evs[i].kind, cx + dx, cy + dy));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::projection::Extent;

    #[test]
    fn shared_points_are_spread_deterministically() {
        let frame = PixelRect {
            x: 0.0,
            y: 0.0,
            w: 1000.0,
            h: 600.0,
        };
        let (proj, frame, _) = Projection::fit(&Extent::around(&[(69.17, 34.53)]), frame);
        let (cx, cy) = proj.project(69.17, 34.53);
        let r = 7.0;
        for n in [1usize, 2, 5, 40] {
            let evs: Vec<Event> = (0..n)
                .map(|i| {
                    events::test_event(
                        EventType::ALL[i % EventType::ALL.len()],
                        None,
                        Some((34.53, 69.17)),
                    )
                })
                .collect();
            let pos = event_positions(&evs, &proj, &frame, r);
            assert_eq!(pos.len(), n);
            assert_eq!(pos, event_positions(&evs, &proj, &frame, r));
            let reach = pos
                .iter()
                .map(|&(_, x, y)| (x - cx).hypot(y - cy))
                .fold(0.0, f64::max);
            assert!(reach <= 9.0 * r, "{n}: {reach}");
            for (i, a) in pos.iter().enumerate() {
                for b in &pos[i + 1..] {
                    let d = (a.1 - b.1).hypot(a.2 - b.2);
                    assert!(d > 0.5, "{n}: markers on top of each other");
                    if n <= 6 {
                        assert!(d >= 1.5 * r, "{n}: {d}");
                    }
                }
            }
        }
    }
}
