//! Label placement: which place names fit on the map and where.
//!
//! Greedy and simple: callers offer labels most important first; each tries a
//! few positions round its marker and takes the first whose box stays inside
//! the frame and overlaps nothing already placed. A label that fits nowhere
//! next to its marker may be set further out with a leader line
//! ([`Placer::place_with_leader`]); one that fits nowhere at all is skipped:
//! on a crowded Middle East map "Kabul" is kept, and a twelfth suburb whose
//! name would sit on top of it is dropped instead.
//!
//! Not here: measuring text (`text.rs`) or drawing labels (`labels.rs`).

use crate::render::projection::PixelRect;

/// Boxes already taken on the map, and the frame labels must stay in.
pub struct Placer {
    bounds: PixelRect,
    taken: Vec<PixelRect>,
    /// The labels and blocks a leader line must not cross (not markers).
    labels: Vec<PixelRect>,
}

impl Placer {
    /// An empty map with labels kept inside `bounds`.
    pub fn new(bounds: PixelRect) -> Placer {
        Placer {
            bounds,
            taken: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Marks `rect` as taken (a legend, the dot of a marker).
    pub fn block(&mut self, rect: PixelRect) {
        self.taken.push(rect);
    }

    /// Marks `rect` as taken and as something leader lines must not cross
    /// (a legend, the inset map).
    pub fn block_panel(&mut self, rect: PixelRect) {
        self.taken.push(rect);
        self.labels.push(rect);
    }

    /// Whether `rect` is inside the bounds and free.
    pub fn is_free(&self, rect: &PixelRect) -> bool {
        self.bounds.contains(rect) && !self.taken.iter().any(|t| t.overlaps(rect))
    }

    /// Finds a spot for a `w`×`h` label next to a marker of radius `r_px` at
    /// (`x`, `y`): right, left, above, below, then the four diagonals; `gap`
    /// is the space between marker and text. Returns the label's box (and
    /// marks it taken), or `None` when every spot collides.
    pub fn place(
        &mut self,
        x: f64,
        y: f64,
        r_px: f64,
        w: f64,
        h: f64,
        gap: f64,
    ) -> Option<PixelRect> {
        let d = r_px + gap;
        // Diagonal spots sit a little closer: the circle curves away.
        let dd = r_px * std::f64::consts::FRAC_1_SQRT_2 + gap;
        let spots = [
            (x + d, y - h / 2.0),
            (x - d - w, y - h / 2.0),
            (x - w / 2.0, y - d - h),
            (x - w / 2.0, y + d),
            (x + dd, y - dd - h),
            (x + dd, y + dd),
            (x - dd - w, y - dd - h),
            (x - dd - w, y + dd),
        ];
        let rect = spots
            .iter()
            .map(|&(lx, ly)| PixelRect { x: lx, y: ly, w, h })
            .find(|r| self.is_free(r))?;
        self.taken.push(rect);
        self.labels.push(rect);
        Some(rect)
    }

    /// Like [`Placer::place`], but further out: tries spots `reach` and
    /// 1.7 × `reach` beyond the marker's edge in eight directions, and
    /// returns the label's box with the leader line to draw from the
    /// marker's edge to the label, which must not cross another label or
    /// legend. `None` when nothing fits.
    #[allow(clippy::too_many_arguments)]
    pub fn place_with_leader(
        &mut self,
        x: f64,
        y: f64,
        r_px: f64,
        w: f64,
        h: f64,
        reach: f64,
    ) -> Option<(PixelRect, [(f64, f64); 2])> {
        use std::f64::consts::FRAC_1_SQRT_2 as D;
        // (dx, dy) unit directions, screen y down: E, W, NE, NW, SE, SW, N, S.
        let dirs = [
            (1.0, 0.0),
            (-1.0, 0.0),
            (D, -D),
            (-D, -D),
            (D, D),
            (-D, D),
            (0.0, -1.0),
            (0.0, 1.0),
        ];
        for dist in [reach, 1.7 * reach] {
            for &(dx, dy) in &dirs {
                let (ax, ay) = (x + (r_px + dist) * dx, y + (r_px + dist) * dy);
                // The label touches the leader's end with its nearest side.
                let lx = if dx > 0.1 {
                    ax
                } else if dx < -0.1 {
                    ax - w
                } else {
                    ax - w / 2.0
                };
                let ly = if dy > 0.1 {
                    ay
                } else if dy < -0.1 {
                    ay - h
                } else {
                    ay - h / 2.0
                };
                let rect = PixelRect { x: lx, y: ly, w, h };
                if !self.is_free(&rect) {
                    continue;
                }
                let start = (x + r_px * dx, y + r_px * dy);
                let crosses = (1..8).any(|k| {
                    let t = k as f64 / 8.0;
                    let p = (start.0 + t * (ax - start.0), start.1 + t * (ay - start.1));
                    self.labels
                        .iter()
                        .any(|l| p.0 >= l.x && p.0 <= l.right() && p.1 >= l.y && p.1 <= l.bottom())
                });
                if crosses {
                    continue;
                }
                self.taken.push(rect);
                self.labels.push(rect);
                return Some((rect, [start, (ax, ay)]));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> PixelRect {
        PixelRect {
            x: 0.0,
            y: 0.0,
            w: 400.0,
            h: 300.0,
        }
    }

    #[test]
    fn first_choice_is_right_of_marker() {
        let mut p = Placer::new(frame());
        let r = p.place(100.0, 100.0, 5.0, 60.0, 14.0, 3.0).unwrap();
        assert_eq!((r.x, r.y), (108.0, 93.0));
    }

    #[test]
    fn colliding_label_moves_then_is_skipped() {
        let mut p = Placer::new(frame());
        let a = p.place(100.0, 100.0, 5.0, 60.0, 14.0, 3.0).unwrap();
        // Same spot again: the right is taken, so it goes left.
        let b = p.place(100.0, 100.0, 5.0, 60.0, 14.0, 3.0).unwrap();
        assert!(!a.overlaps(&b) && b.right() <= 100.0);
        for _ in 0..6 {
            p.place(100.0, 100.0, 5.0, 60.0, 14.0, 3.0);
        }
        assert!(p.place(100.0, 100.0, 5.0, 60.0, 14.0, 3.0).is_none());
    }

    #[test]
    fn labels_stay_inside_the_frame() {
        let mut p = Placer::new(frame());
        let r = p.place(395.0, 150.0, 4.0, 80.0, 14.0, 3.0).unwrap();
        assert!(r.right() <= 400.0 && r.x < 395.0);
        assert!(p.place(200.0, 150.0, 4.0, 500.0, 14.0, 3.0).is_none());
    }

    #[test]
    fn blocked_area_is_avoided() {
        let mut p = Placer::new(frame());
        p.block(PixelRect {
            x: 100.0,
            y: 0.0,
            w: 300.0,
            h: 300.0,
        });
        let r = p.place(95.0, 150.0, 4.0, 40.0, 14.0, 3.0);
        assert!(r.is_some_and(|r| r.right() <= 100.0));
    }

    #[test]
    fn crowded_label_goes_out_on_a_leader() {
        let mut p = Placer::new(frame());
        // Other markers crowd every spot next to this one.
        p.block(PixelRect {
            x: 110.0,
            y: 110.0,
            w: 180.0,
            h: 80.0,
        });
        assert!(p.place(200.0, 150.0, 5.0, 60.0, 14.0, 3.0).is_none());
        let (rect, [start, end]) = p
            .place_with_leader(200.0, 150.0, 5.0, 60.0, 14.0, 60.0)
            .unwrap();
        // The leader starts on the circle and ends on the label's edge.
        let d = ((start.0 - 200.0).powi(2) + (start.1 - 150.0).powi(2)).sqrt();
        assert!((d - 5.0).abs() < 1e-9);
        assert!(end.0 >= rect.x - 1e-9 && end.0 <= rect.right() + 1e-9);
        assert!(end.1 >= rect.y - 1e-9 && end.1 <= rect.bottom() + 1e-9);
        assert!(!p.is_free(&rect), "the label is now taken");
        // A second label cannot take the same spot, nor cross the first.
        if let Some((other, [a, b])) = p.place_with_leader(200.0, 150.0, 5.0, 60.0, 14.0, 60.0) {
            assert!(!other.overlaps(&rect));
            for k in 1..8 {
                let t = k as f64 / 8.0;
                let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
                assert!(!(x >= rect.x && x <= rect.right() && y >= rect.y && y <= rect.bottom()));
            }
        }
    }

    #[test]
    fn leaders_do_not_cross_panels() {
        let mut p = Placer::new(frame());
        // A legend wall right of the marker, and labels on every other side.
        p.block_panel(PixelRect {
            x: 230.0,
            y: 0.0,
            w: 20.0,
            h: 300.0,
        });
        let (rect, _) = p
            .place_with_leader(200.0, 150.0, 5.0, 60.0, 14.0, 40.0)
            .unwrap();
        assert!(rect.right() <= 230.0, "{rect:?}");
    }
}
