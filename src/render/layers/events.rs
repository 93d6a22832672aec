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
/// Events whose points fall within a marker radius of one another are
/// spread round the first one's point (a ring for a few, a sunflower
/// spiral for many, never wider than about eight marker radii), grouped by
/// type. When that point lies on a place's disc (`discs`: x, y, radius of
/// the place markers, most important first), the events go round the
/// disc's rim instead, touching it, so the place (the story's focus, most
/// often) stays the bigger, visible symbol. The layout depends only on the
/// input, not on anything random, so the same input gives the same
/// picture. Events outside the frame are left out.
pub(crate) fn event_positions(
    evs: &[Event],
    proj: &Projection,
    frame: &PixelRect,
    r: f64,
    discs: &[(f64, f64, f64)],
) -> Vec<(EventType, f64, f64)> {
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
    // Groups of events within a marker radius of their first one's point;
    // found on a grid of r-sized cells, so the cost stays linear.
    let mut groups: Vec<Vec<Located>> = Vec::new();
    let mut cells: std::collections::HashMap<(i64, i64), Vec<usize>> = Default::default();
    let cell = |x: f64, y: f64| ((x / r).floor() as i64, (y / r).floor() as i64);
    for m in located {
        let (cx, cy) = cell(m.1, m.2);
        let near = (cx - 1..=cx + 1)
            .flat_map(|gx| (cy - 1..=cy + 1).map(move |gy| (gx, gy)))
            .filter_map(|c| cells.get(&c))
            .flatten()
            .copied()
            .filter(|&g| (groups[g][0].1 - m.1).hypot(groups[g][0].2 - m.2) < r)
            .min();
        match near {
            Some(g) => groups[g].push(m),
            None => {
                cells.entry((cx, cy)).or_default().push(groups.len());
                groups.push(vec![m]);
            }
        }
    }
    // Top to bottom, then left to right: lower markers overlap upper ones.
    groups.sort_by(|a, b| {
        (a[0].2.round() as i64, a[0].1.round() as i64)
            .cmp(&(b[0].2.round() as i64, b[0].1.round() as i64))
            .then(a[0].0.cmp(&b[0].0))
    });
    let mut out = Vec::new();
    for group in &groups {
        let n = group.len();
        let (cx, cy) = (group[0].1, group[0].2);
        // The rim of a place disc the group sits on, if any.
        let rim = discs
            .iter()
            .find(|&&(x, y, dr)| (x - cx).hypot(y - cy) < dr)
            .map(|&(x, y, dr)| (x, y, dr + 0.9 * r));
        let (ox, oy) = rim.map_or((cx, cy), |(x, y, _)| (x, y));
        let rim_r = rim.map_or(0.0, |(_, _, d)| d);
        for (k, &(i, _, _)) in group.iter().enumerate() {
            let (dx, dy) = if n == 1 && rim.is_none() {
                (0.0, 0.0)
            } else if n <= 6 || rim.is_some() {
                // Neighbours on the ring 1.6 r apart, centre to centre; on
                // a disc's rim, starting at its upper right.
                let ring = (0.8 * r / (PI / n as f64).sin().max(1e-9)).max(rim_r);
                let ring = if n == 1 { rim_r } else { ring };
                let first = if rim.is_some() { -PI / 4.0 } else { -PI / 2.0 };
                let step = if rim.is_some() && n > 1 {
                    // Side by side along the rim, as far round as needed.
                    (1.6 * r / ring).min(2.0 * PI / n as f64)
                } else {
                    2.0 * PI / n as f64
                };
                let a = first + step * k as f64;
                (ring * a.cos(), ring * a.sin())
            } else {
                let golden = PI * (3.0 - 5f64.sqrt());
                let step = (1.5 * r).min(8.0 * r / (n as f64).sqrt());
                let d = step * (k as f64 + 0.5).sqrt();
                let a = -PI / 2.0 + golden * k as f64;
                (d * a.cos(), d * a.sin())
            };
            out.push((evs[i].kind, ox + dx, oy + dy));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::projection::Extent;

    #[test]
    fn nearby_events_are_spread_and_keep_off_the_place_disc() {
        // Four events at El Fasher, a few pixels apart (13.63N 25.35E and
        // points 0.01° away), on a Darfur map where El Fasher's own disc
        // (radius 20 px) is the focus.
        let frame = PixelRect {
            x: 0.0,
            y: 0.0,
            w: 1000.0,
            h: 600.0,
        };
        let (proj, frame, _) = Projection::fit(&Extent::around(&[(25.35, 13.63)]), frame);
        let (cx, cy) = proj.project(25.35, 13.63);
        let r = 7.0;
        let evs: Vec<Event> = [
            (13.63, 25.35),
            (13.64, 25.35),
            (13.63, 25.36),
            (13.62, 25.34),
        ]
        .iter()
        .enumerate()
        .map(|(i, &p)| events::test_event(EventType::ALL[i], None, Some(p)))
        .collect();
        let alone = event_positions(&evs, &proj, &frame, r, &[]);
        for (i, a) in alone.iter().enumerate() {
            for b in &alone[i + 1..] {
                assert!((a.1 - b.1).hypot(a.2 - b.2) >= 1.5 * r, "{a:?} {b:?}");
            }
        }
        let disc = (cx, cy, 20.0);
        let pos = event_positions(&evs, &proj, &frame, r, &[disc]);
        for (i, a) in pos.iter().enumerate() {
            let d = (a.1 - cx).hypot(a.2 - cy);
            assert!(d >= 20.0 + 0.8 * r, "on the disc: {d}");
            assert!(d <= 20.0 + 2.0 * r, "far from its place: {d}");
            for b in &pos[i + 1..] {
                assert!((a.1 - b.1).hypot(a.2 - b.2) >= 1.5 * r, "{a:?} {b:?}");
            }
        }
    }

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
            let pos = event_positions(&evs, &proj, &frame, r, &[]);
            assert_eq!(pos.len(), n);
            assert_eq!(pos, event_positions(&evs, &proj, &frame, r, &[]));
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
