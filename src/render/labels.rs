//! Label placement: which place names fit on the map and where.
//!
//! Greedy and simple: callers offer labels most important first; each tries a
//! few positions round its marker and takes the first whose box stays inside
//! the frame and overlaps nothing already placed. A label that fits nowhere is
//! skipped: on a crowded Middle East map "Kabul" is kept, and a twelfth
//! suburb whose name would sit on top of it is dropped instead.
//!
//! Not here: measuring or drawing text (`mod.rs` does both).

use super::projection::PixelRect;

/// Boxes already taken on the map, and the frame labels must stay in.
pub struct Placer {
    bounds: PixelRect,
    taken: Vec<PixelRect>,
}

impl Placer {
    /// An empty map with labels kept inside `bounds`.
    pub fn new(bounds: PixelRect) -> Placer {
        Placer {
            bounds,
            taken: Vec::new(),
        }
    }

    /// Marks `rect` as taken (a legend, the dot of a marker).
    pub fn block(&mut self, rect: PixelRect) {
        self.taken.push(rect);
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
        Some(rect)
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
}
