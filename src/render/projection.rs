//! Map extents and the one projection the renderer uses.
//!
//! Equirectangular: x grows with longitude, y with latitude, both linearly.
//! For regional maps longitude is shrunk by cos(middle latitude), so that
//! shapes near the centre keep their proportions (Moscow is not twice as wide
//! as it should be); the world view is plain plate carrée. This is the only
//! place that turns lon/lat into pixels: drawing code calls [`Projection`]
//! and never does the arithmetic itself.
//!
//! Not here: what to draw (see `basemap` and `mod.rs`).

use plotters::coord::CoordTranslate;

/// Padding added on every side of the places' bounding box, as a fraction of
/// its span, so markers and labels do not sit on the frame.
const PADDING: f64 = 0.15;
/// Smallest longitude span of a regional map, degrees: one city alone must
/// not fill the map with a street-level blur of the 1:50m coastline.
pub const MIN_LON_SPAN: f64 = 8.0;
/// Smallest latitude span of a regional map, degrees.
const MIN_LAT_SPAN: f64 = 5.0;
/// Above this longitude span (degrees, before padding) the world view is used.
const WORLD_LON_SPAN: f64 = 200.0;
/// Latitudes a regional map never goes beyond (the poles are not useful).
const LAT_LIMIT: f64 = 85.0;

/// A lon/lat box, degrees. `lon_max` may exceed 180 when the box crosses the
/// antimeridian (Fiji to Samoa is 177..188).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extent {
    /// West edge.
    pub lon_min: f64,
    /// East edge (> `lon_min`; may be > 180).
    pub lon_max: f64,
    /// South edge.
    pub lat_min: f64,
    /// North edge.
    pub lat_max: f64,
}

impl Extent {
    /// The world view: all longitudes, Antarctica's coast to the Arctic.
    pub const WORLD: Extent = Extent {
        lon_min: -180.0,
        lon_max: 180.0,
        lat_min: -60.0,
        lat_max: 85.0,
    };

    /// Longitude span, degrees.
    pub fn lon_span(&self) -> f64 {
        self.lon_max - self.lon_min
    }

    /// Latitude span, degrees.
    pub fn lat_span(&self) -> f64 {
        self.lat_max - self.lat_min
    }

    /// Middle longitude.
    pub fn lon_mid(&self) -> f64 {
        0.5 * (self.lon_min + self.lon_max)
    }

    /// Middle latitude.
    pub fn lat_mid(&self) -> f64 {
        0.5 * (self.lat_min + self.lat_max)
    }

    /// Whether this is the world view.
    pub fn is_world(&self) -> bool {
        *self == Extent::WORLD
    }

    /// The extent that shows all `points` (lon, lat) with padding, at least
    /// [`MIN_LON_SPAN`] wide; the world view for no points or points spread
    /// over more than 200° of longitude.
    ///
    /// Longitudes are treated as a circle: Fiji (178) and Samoa (-172) give a
    /// 10° box across the antimeridian, not a 350° one.
    pub fn around(points: &[(f64, f64)]) -> Extent {
        let pts: Vec<(f64, f64)> = points
            .iter()
            .copied()
            .filter(|(lon, lat)| lon.is_finite() && lat.is_finite())
            .collect();
        if pts.is_empty() {
            return Extent::WORLD;
        }
        let (lon_min, lon_max) = lon_interval(pts.iter().map(|p| p.0));
        if lon_max - lon_min > WORLD_LON_SPAN {
            return Extent::WORLD;
        }
        let lat_min = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        let lat_max = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);

        let (lon_min, lon_max) = pad(lon_min, lon_max, MIN_LON_SPAN);
        let (lat_min, lat_max) = pad(lat_min, lat_max, MIN_LAT_SPAN);
        // Keep the box off the poles by sliding it, not by shrinking it.
        let (lat_min, lat_max) = slide_into(lat_min, lat_max, -LAT_LIMIT, LAT_LIMIT);
        if lon_max - lon_min >= 360.0 {
            return Extent::WORLD;
        }
        Extent {
            lon_min,
            lon_max,
            lat_min,
            lat_max,
        }
    }
}

/// The shortest interval of the longitude circle holding all `lons`, as
/// (min, max) with min in [-180, 180) and max possibly above 180.
fn lon_interval(lons: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut lons: Vec<f64> = lons.map(normalize_lon).collect();
    lons.sort_by(f64::total_cmp);
    let n = lons.len();
    // The largest gap between neighbours (the last one wraps round) is the
    // part of the circle the interval leaves out.
    let mut best_gap = lons[0] + 360.0 - lons[n - 1];
    let mut start = 0;
    for i in 1..n {
        let gap = lons[i] - lons[i - 1];
        if gap > best_gap {
            best_gap = gap;
            start = i;
        }
    }
    if start == 0 {
        (lons[0], lons[n - 1])
    } else {
        (lons[start], lons[start - 1] + 360.0)
    }
}

/// Grows [lo, hi] by [`PADDING`] on both sides, to at least `min_span`.
fn pad(lo: f64, hi: f64, min_span: f64) -> (f64, f64) {
    let span = ((hi - lo) * (1.0 + 2.0 * PADDING)).max(min_span);
    let mid = 0.5 * (lo + hi);
    (mid - 0.5 * span, mid + 0.5 * span)
}

/// Moves [lo, hi] inside [min, max] without changing its span where possible.
fn slide_into(lo: f64, hi: f64, min: f64, max: f64) -> (f64, f64) {
    let span = (hi - lo).min(max - min);
    if lo < min {
        (min, min + span)
    } else if hi > max {
        (max - span, max)
    } else {
        (lo, hi)
    }
}

/// `lon` in [-180, 180).
pub fn normalize_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// A rectangle of pixels: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelRect {
    /// Left edge, px.
    pub x: f64,
    /// Top edge, px.
    pub y: f64,
    /// Width, px.
    pub w: f64,
    /// Height, px.
    pub h: f64,
}

impl PixelRect {
    /// Right edge, px.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge, px.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two rectangles share any area.
    pub fn overlaps(&self, other: &PixelRect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether `other` lies wholly inside this rectangle.
    pub fn contains(&self, other: &PixelRect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

/// Equirectangular lon/lat → pixel mapping for one map frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    /// Longitude at the frame centre.
    lon0: f64,
    /// Latitude at the frame centre.
    lat0: f64,
    /// Pixels per degree of longitude (already times cos(lat0)).
    px_per_lon: f64,
    /// Pixels per degree of latitude.
    px_per_lat: f64,
    /// Pixel position of (lon0, lat0).
    cx: f64,
    cy: f64,
}

impl Projection {
    /// Fits `extent` into `frame`, as large as it goes while keeping shapes
    /// true. The shorter side of the extent is widened to the frame's
    /// aspect ratio, so a regional map fills the frame; the world view, and
    /// any map that would show past the poles or more than 360° round, is
    /// letterboxed instead. Returns the projection, the frame actually drawn
    /// on (inside `frame`) and the extent it shows.
    pub fn fit(extent: &Extent, frame: PixelRect) -> (Projection, PixelRect, Extent) {
        let cos = if extent.is_world() {
            1.0
        } else {
            extent.lat_mid().to_radians().cos().max(0.1)
        };
        let k = (frame.w / (extent.lon_span() * cos)).min(frame.h / extent.lat_span());
        let (px_per_lon, px_per_lat) = (k * cos, k);
        let (lon0, mut lat0) = (extent.lon_mid(), extent.lat_mid());

        let mut vis_lon = frame.w / px_per_lon;
        let mut vis_lat = frame.h / px_per_lat;
        if extent.is_world() {
            vis_lon = extent.lon_span();
            vis_lat = extent.lat_span();
        } else {
            vis_lon = vis_lon.min(360.0);
            vis_lat = vis_lat.min(2.0 * LAT_LIMIT);
            let (lo, hi) = slide_into(
                lat0 - vis_lat / 2.0,
                lat0 + vis_lat / 2.0,
                -LAT_LIMIT,
                LAT_LIMIT,
            );
            lat0 = 0.5 * (lo + hi);
        }
        let (w, h) = (vis_lon * px_per_lon, vis_lat * px_per_lat);
        let drawn = PixelRect {
            x: frame.x + 0.5 * (frame.w - w),
            y: frame.y + 0.5 * (frame.h - h),
            w,
            h,
        };
        let proj = Projection {
            lon0,
            lat0,
            px_per_lon,
            px_per_lat,
            cx: drawn.x + 0.5 * w,
            cy: drawn.y + 0.5 * h,
        };
        let visible = Extent {
            lon_min: lon0 - vis_lon / 2.0,
            lon_max: lon0 + vis_lon / 2.0,
            lat_min: lat0 - vis_lat / 2.0,
            lat_max: lat0 + vis_lat / 2.0,
        };
        (proj, drawn, visible)
    }

    /// Pixel position of (lon, lat), taking `lon` as given (no wrapping):
    /// basemap rings are drawn whole, shifted by ±360° when needed.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.cx + (lon - self.lon0) * self.px_per_lon,
            self.cy - (lat - self.lat0) * self.px_per_lat,
        )
    }

    /// Pixel position of a point, its longitude first brought within 180° of
    /// the map centre (so a place at -179 lands east of a map centred on 175).
    pub fn project_wrapped(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.project(self.lon0 + normalize_lon(lon - self.lon0), lat)
    }

    /// The (lon, lat) at a pixel position; inverse of [`Projection::project`].
    pub fn unproject(&self, x_px: f64, y_px: f64) -> (f64, f64) {
        (
            self.lon0 + (x_px - self.cx) / self.px_per_lon,
            self.lat0 - (y_px - self.cy) / self.px_per_lat,
        )
    }
}

impl CoordTranslate for Projection {
    /// (lon, lat), degrees.
    type From = (f64, f64);

    fn translate(&self, &(lon, lat): &(f64, f64)) -> (i32, i32) {
        let (x, y) = self.project_wrapped(lon, lat);
        (x.round() as i32, y.round() as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: PixelRect = PixelRect {
        x: 20.0,
        y: 80.0,
        w: 1560.0,
        h: 860.0,
    };

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn round_trip() {
        let ext = Extent::around(&[(69.17, 34.53), (37.62, 55.75)]);
        let (proj, _, _) = Projection::fit(&ext, FRAME);
        for &(lon, lat) in &[(69.17, 34.53), (37.62, 55.75), (0.0, 0.0), (-120.5, -33.3)] {
            let (x, y) = proj.project(lon, lat);
            let (lon2, lat2) = proj.unproject(x, y);
            assert!(
                close(lon, lon2, 1e-9) && close(lat, lat2, 1e-9),
                "{lon},{lat}"
            );
        }
    }

    #[test]
    fn world_known_points() {
        let (proj, drawn, vis) = Projection::fit(&Extent::WORLD, FRAME);
        assert_eq!(vis, Extent::WORLD);
        let (x, y) = proj.project(-180.0, 85.0);
        assert!(close(x, drawn.x, 1e-6) && close(y, drawn.y, 1e-6));
        let (x, y) = proj.project(180.0, -60.0);
        assert!(close(x, drawn.right(), 1e-6) && close(y, drawn.bottom(), 1e-6));
        let (x, _) = proj.project(0.0, 0.0);
        assert!(close(x, FRAME.x + FRAME.w / 2.0, 1e-6));
        // Plate carrée: a degree is the same size both ways.
        let (x1, y1) = proj.project(10.0, 10.0);
        let (x0, y0) = proj.project(0.0, 0.0);
        assert!(close(x1 - x0, y0 - y1, 1e-9));
        assert!(FRAME.contains(&drawn));
    }

    #[test]
    fn regional_keeps_shapes() {
        let ext = Extent::around(&[(37.62, 55.75), (69.17, 34.53)]);
        let (proj, drawn, vis) = Projection::fit(&ext, FRAME);
        assert_eq!(drawn, FRAME, "a regional map fills its frame");
        let (x0, y0) = proj.project(50.0, vis.lat_mid());
        let (x1, y1) = proj.project(51.0, vis.lat_mid() + 1.0);
        let ratio = (x1 - x0) / (y0 - y1);
        assert!(
            close(ratio, vis.lat_mid().to_radians().cos(), 0.02),
            "{ratio}"
        );
        // Everything asked for is visible.
        assert!(vis.lon_min <= ext.lon_min && vis.lon_max >= ext.lon_max);
        assert!(vis.lat_min <= ext.lat_min + 1e-9 && vis.lat_max >= ext.lat_max - 1e-9);
    }

    #[test]
    fn one_city_gets_the_minimum_span() {
        let ext = Extent::around(&[(69.17, 34.53)]);
        assert!(ext.lon_span() >= MIN_LON_SPAN, "{ext:?}");
        assert!(ext.lat_span() >= MIN_LAT_SPAN);
        assert!(ext.lon_min < 69.17 && ext.lon_max > 69.17);
        let (_, _, vis) = Projection::fit(&ext, FRAME);
        assert!(vis.lon_span() >= MIN_LON_SPAN);
    }

    #[test]
    fn places_round_the_globe_give_the_world() {
        let places = [(-74.0, 40.7), (151.2, -33.9), (69.17, 34.53)];
        assert!(Extent::around(&places).is_world());
        assert!(Extent::around(&[]).is_world());
        // Every gap between these is under 160°, so any box holding them
        // spans more than 200°.
        assert!(Extent::around(&[(-100.0, 40.0), (20.0, 45.0), (120.0, 30.0)]).is_world());
        // China and the US alone: 140° across the Pacific, not the world.
        let pacific = Extent::around(&[(-100.0, 40.0), (120.0, 30.0)]);
        assert!(!pacific.is_world() && pacific.lon_min < 120.0 && pacific.lon_max > 260.0);
    }

    #[test]
    fn antimeridian_box_is_short() {
        // Fiji and Samoa.
        let ext = Extent::around(&[(178.4, -18.1), (-171.8, -13.8)]);
        assert!(ext.lon_span() < 20.0, "{ext:?}");
        assert!(ext.lon_min < 178.4 && ext.lon_max > 188.2);
        let (proj, drawn, _) = Projection::fit(&ext, FRAME);
        let (x_fiji, _) = proj.project_wrapped(178.4, -18.1);
        let (x_samoa, _) = proj.project_wrapped(-171.8, -13.8);
        assert!(x_fiji < x_samoa);
        assert!(x_fiji > drawn.x && x_samoa < drawn.right());
    }

    #[test]
    fn polar_places_stay_off_the_pole() {
        let ext = Extent::around(&[(15.6, 78.2)]); // Longyearbyen
        assert!(ext.lat_max <= 85.0 && ext.lat_min < 78.2);
        let (_, _, vis) = Projection::fit(&ext, FRAME);
        assert!(vis.lat_max <= 85.0 + 1e-9);
    }

    #[test]
    fn coord_translate_rounds_to_pixels() {
        let (proj, _, _) = Projection::fit(&Extent::WORLD, FRAME);
        let (x, y) = proj.project(10.0, 20.0);
        assert_eq!(
            proj.translate(&(10.0, 20.0)),
            (x.round() as i32, y.round() as i32)
        );
        assert_eq!(
            proj.translate(&(370.0, 20.0)),
            proj.translate(&(10.0, 20.0))
        );
    }
}
