//! Map extents and the projections the renderer uses.
//!
//! Five projections, all in this one file; drawing code calls
//! [`Projection`] and never does the arithmetic itself. Which one a map
//! gets when the user names none depends on where it is
//! ([`ProjectionKind::auto_for`]):
//!
//! - **Lambert conformal conic** for regional maps outside the tropics,
//!   with standard parallels a sixth of the way in from the map's top and
//!   bottom: shapes are right everywhere and the scale changes by a few
//!   percent at most across a map, where an equirectangular Europe is
//!   stretched east-west by half.
//! - **Polar stereographic** for maps around 66° of latitude and beyond,
//!   centred on the pole, the map's middle meridian pointing down (north)
//!   or up (south); conformal too.
//! - **Equirectangular** for regional maps near the equator (where it is
//!   nearly true): x grows with longitude, y with latitude, both linearly,
//!   longitude shrunk by cos(middle latitude) so that shapes near the centre
//!   keep their proportions.
//! - **Web Mercator** on request (what web maps use; conformal, so shapes
//!   are right and areas grow towards the poles).
//! - **Equal Earth** (Šavrič, Patterson and Jenny 2018) for the world view:
//!   equal-area, so a choropleth does not make Greenland look as big as
//!   Africa, with the pleasant shape of a compromise projection. Also for
//!   regional maps wider than a conic serves ([`CONIC_MAX_LON_SPAN`]).
//!
//! [`Projection::fit`] puts an [`Extent`] into a pixel frame; a regional map
//! is widened to fill the frame, the world view is letterboxed.
//!
//! Not here: what to draw (see `basemap` and `mod.rs`).

use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};
use std::fmt;
use std::str::FromStr;

use plotters::coord::CoordTranslate;

/// Padding added on every side of the places' bounding box, as a fraction of
/// its span, so markers and labels do not sit on the frame.
const PADDING: f64 = 0.15;
/// Smallest longitude span of a regional map, degrees: one city alone must
/// not fill the map with a street-level blur of the 1:50m coastline.
pub const MIN_LON_SPAN: f64 = 4.0;
/// Smallest latitude span of a regional map, degrees.
const MIN_LAT_SPAN: f64 = 2.5;
/// Above this longitude span (degrees, before padding) the world view is used.
const WORLD_LON_SPAN: f64 = 200.0;
/// Latitudes a regional map never goes beyond (the poles are not useful).
const LAT_LIMIT: f64 = 85.0;
/// Latitudes of a rectangular (equirectangular or Mercator) world view: from
/// south of Cape Horn to north of Svalbard; Antarctica would take a third of
/// the map for nothing.
const RECT_WORLD_LATS: (f64, f64) = (-60.0, 85.0);
/// Web Mercator's latitude limit (the square world of web maps).
const MERCATOR_LAT: f64 = 85.051_128_78;

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
    /// The whole world.
    pub const WORLD: Extent = Extent {
        lon_min: -180.0,
        lon_max: 180.0,
        lat_min: -90.0,
        lat_max: 90.0,
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

    /// Whether this is a world view (all longitudes).
    pub fn is_world(&self) -> bool {
        self.lon_span() >= 360.0 - 1e-9
    }

    /// Whether (lon, lat) lies inside, longitude taken round the circle.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let lon = self.lon_min + (lon - self.lon_min).rem_euclid(360.0);
        lon <= self.lon_max && lat >= self.lat_min && lat <= self.lat_max
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

/// What part of the world a map shows, as the user asks for it
/// (`--extent world|auto|minlon,minlat,maxlon,maxlat`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum ExtentChoice {
    /// Fitted to the features, with padding and a minimum zoom.
    #[default]
    Auto,
    /// The whole world.
    World,
    /// This box, as given (widened only to the image's shape).
    Box(Extent),
}

impl FromStr for ExtentChoice {
    type Err = String;

    /// `auto`, `world` or `minlon,minlat,maxlon,maxlat` in degrees. A box
    /// with minlon > maxlon crosses the antimeridian (`170,-25,-170,-10`).
    ///
    /// ```
    /// use eventmap::render::projection::ExtentChoice;
    /// let e: ExtentChoice = "60,29,75,39".parse().unwrap();
    /// assert!(matches!(e, ExtentChoice::Box(b) if b.lon_span() == 15.0));
    /// assert!("60,29,75".parse::<ExtentChoice>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<ExtentChoice, String> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "auto" => return Ok(ExtentChoice::Auto),
            "world" => return Ok(ExtentChoice::World),
            _ => {}
        }
        let bad = |why: &str| {
            format!("bad extent {s:?}: {why} (use auto, world or minlon,minlat,maxlon,maxlat)")
        };
        let nums: Vec<f64> = t
            .split(',')
            .map(|x| x.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| bad("not four numbers"))?;
        let [w, s_, e, n] = nums[..] else {
            return Err(bad("not four numbers"));
        };
        if !nums.iter().all(|v| v.is_finite()) {
            return Err(bad("not four numbers"));
        }
        if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) {
            return Err(bad("longitudes must lie in -180..180"));
        }
        if !(-90.0..=90.0).contains(&s_) || !(-90.0..=90.0).contains(&n) || s_ >= n {
            return Err(bad("latitudes must lie in -90..90 with minlat < maxlat"));
        }
        if w == e {
            return Err(bad("minlon equals maxlon"));
        }
        let e = if e < w { e + 360.0 } else { e };
        Ok(ExtentChoice::Box(Extent {
            lon_min: w,
            lon_max: e,
            lat_min: s_,
            lat_max: n,
        }))
    }
}

impl ExtentChoice {
    /// The extent to draw for features at `points`.
    pub fn resolve(&self, points: &[(f64, f64)]) -> Extent {
        match *self {
            ExtentChoice::Auto => Extent::around(points),
            ExtentChoice::World => Extent::WORLD,
            ExtentChoice::Box(b) => b,
        }
    }
}

/// The projections the renderer knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProjectionKind {
    /// Plate carrée with a standard parallel at the map's middle latitude.
    Equirectangular,
    /// Spherical (Web) Mercator.
    WebMercator,
    /// Equal Earth, equal-area.
    EqualEarth,
    /// Lambert conformal conic, standard parallels from the map's extent.
    Conic,
    /// Polar stereographic on the nearer pole.
    Polar,
}

/// Regional maps whose middle latitude is at least this far from the
/// equator (degrees) get a conic projection: the tropics' edge, past which
/// an equirectangular map's east-west scale is off by a tenth or more at
/// its top or bottom.
pub const CONIC_FROM_LAT: f64 = 23.0;
/// Regional maps whose middle latitude is at least this far from the
/// equator (degrees, the polar circles) are drawn round the pole.
pub const POLAR_FROM_LAT: f64 = 66.0;
/// The widest regional map (degrees of longitude) drawn in a conic or
/// polar projection; wider ones get Equal Earth.
pub const CONIC_MAX_LON_SPAN: f64 = 120.0;

impl ProjectionKind {
    /// The projection a map of `extent` gets when the user names none:
    /// Equal Earth for the world and for regions wider than
    /// [`CONIC_MAX_LON_SPAN`]; polar stereographic from
    /// [`POLAR_FROM_LAT`] on; Lambert conformal conic from
    /// [`CONIC_FROM_LAT`] on; equirectangular near the equator.
    pub fn auto_for(extent: &Extent) -> ProjectionKind {
        let mid = extent.lat_mid().abs();
        if extent.is_world() || extent.lon_span() > CONIC_MAX_LON_SPAN {
            ProjectionKind::EqualEarth
        } else if mid >= POLAR_FROM_LAT {
            ProjectionKind::Polar
        } else if mid >= CONIC_FROM_LAT {
            ProjectionKind::Conic
        } else {
            ProjectionKind::Equirectangular
        }
    }

    /// All kinds, for help texts and tests.
    pub const ALL: [ProjectionKind; 5] = [
        ProjectionKind::Equirectangular,
        ProjectionKind::WebMercator,
        ProjectionKind::EqualEarth,
        ProjectionKind::Conic,
        ProjectionKind::Polar,
    ];

    /// Whether the projection keeps the world's north up along every
    /// meridian (the cylindrical and pseudo-cylindrical ones) rather than
    /// bending meridians towards a pole (the conic and polar ones).
    fn is_rectangular(self) -> bool {
        matches!(
            self,
            ProjectionKind::Equirectangular
                | ProjectionKind::WebMercator
                | ProjectionKind::EqualEarth
        )
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ProjectionKind::Equirectangular => "equirectangular",
            ProjectionKind::WebMercator => "mercator",
            ProjectionKind::EqualEarth => "equal-earth",
            ProjectionKind::Conic => "conic",
            ProjectionKind::Polar => "polar",
        }
    }
}

impl fmt::Display for ProjectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ProjectionKind {
    type Err = String;

    /// `equirectangular` (or `plate-carree`), `mercator` (or
    /// `web-mercator`), `equal-earth`, `conic` (or `lambert`, `lcc`),
    /// `polar` (or `polar-stereographic`); case-insensitive.
    fn from_str(s: &str) -> Result<ProjectionKind, String> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "equirectangular" | "plate-carree" | "platecarree" => {
                Ok(ProjectionKind::Equirectangular)
            }
            "mercator" | "web-mercator" | "webmercator" => Ok(ProjectionKind::WebMercator),
            "equal-earth" | "equalearth" => Ok(ProjectionKind::EqualEarth),
            "conic" | "lambert" | "lcc" | "lambert-conformal-conic" => Ok(ProjectionKind::Conic),
            "polar" | "polar-stereographic" | "stereographic" => Ok(ProjectionKind::Polar),
            _ => Err(format!(
                "unknown projection {s:?} (use equirectangular, mercator, equal-earth, conic or polar)"
            )),
        }
    }
}

// Equal Earth polynomial coefficients (Šavrič et al. 2018).
const EE_A1: f64 = 1.340264;
const EE_A2: f64 = -0.081106;
const EE_A3: f64 = 0.000893;
const EE_A4: f64 = 0.003796;
/// √3 / 2.
const EE_M: f64 = 0.866_025_403_784_438_6;

/// Equal Earth's y(θ) and its derivative.
fn ee_poly(theta: f64) -> (f64, f64) {
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let y = theta * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2));
    let dy = EE_A1 + 3.0 * EE_A2 * t2 + t6 * (7.0 * EE_A3 + 9.0 * EE_A4 * t2);
    (y, dy)
}

/// The constants one projection of one map needs besides its kind: the
/// equirectangular standard parallel's cosine, and the conic's cone
/// constant `n`, scale `f` and the radius `rho0` of its middle parallel
/// (Snyder 1987, Map Projections: A Working Manual, §15, on the sphere);
/// `south` puts a polar map on the south pole.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    cos0: f64,
    n: f64,
    f: f64,
    rho0: f64,
    south: bool,
}

impl Params {
    /// No parameters: what the world view and Web Mercator use.
    pub const UNIT: Params = Params {
        cos0: 1.0,
        n: 1.0,
        f: 1.0,
        rho0: 0.0,
        south: false,
    };

    /// The parameters `kind` takes for a map of `ext` (lat_min < lat_max).
    fn for_extent(kind: ProjectionKind, ext: &Extent, world: bool) -> Params {
        let mut p = Params::UNIT;
        match kind {
            ProjectionKind::Equirectangular if !world => {
                p.cos0 = ext.lat_mid().to_radians().cos().max(0.1);
            }
            ProjectionKind::Conic => {
                let span = ext.lat_span();
                let (mut p1, mut p2) = (ext.lat_min + span / 6.0, ext.lat_max - span / 6.0);
                // A cone needs both parallels on one side of the equator and
                // not too near it; else one tangent parallel, at least 10°
                // out, on the side of the map's middle.
                if p1 * p2 <= 0.0 || (p1 + p2).abs() < 20.0 {
                    let side = if ext.lat_mid() < 0.0 { -1.0 } else { 1.0 };
                    p1 = side * ext.lat_mid().abs().clamp(10.0, 80.0);
                    p2 = p1;
                }
                let (p1, p2) = (p1.to_radians(), p2.to_radians());
                let t = |phi: f64| (FRAC_PI_4 + phi / 2.0).tan();
                p.n = if (p1 - p2).abs() < 1e-9 {
                    p1.sin()
                } else {
                    (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
                };
                p.f = p1.cos() * t(p1).powf(p.n) / p.n;
                p.rho0 = p.f / t(ext.lat_mid().to_radians()).powf(p.n);
            }
            ProjectionKind::Polar => p.south = ext.lat_mid() < 0.0,
            _ => {}
        }
        p
    }
}

/// The latitude (radians) a conic or polar projection stops short of at
/// the pole opposite its own, where it goes to infinity.
const FAR_POLE_LIMIT: f64 = 89.0 * PI / 180.0;

impl ProjectionKind {
    /// Projects λ, φ (radians, λ relative to the central meridian) to
    /// unitless map coordinates, y up.
    pub fn forward(self, lambda: f64, phi: f64, p: &Params) -> (f64, f64) {
        match self {
            ProjectionKind::Equirectangular => (lambda * p.cos0, phi),
            ProjectionKind::WebMercator => {
                let phi = phi.clamp(-MERCATOR_LAT.to_radians(), MERCATOR_LAT.to_radians());
                (lambda, (FRAC_PI_4 + phi / 2.0).tan().ln())
            }
            ProjectionKind::EqualEarth => {
                let theta = (EE_M * phi.sin()).asin();
                let (y, dy) = ee_poly(theta);
                (lambda * theta.cos() / (EE_M * dy), y)
            }
            ProjectionKind::Conic => {
                let phi = if p.n > 0.0 {
                    phi.max(-FAR_POLE_LIMIT)
                } else {
                    phi.min(FAR_POLE_LIMIT)
                };
                let rho = p.f / (FRAC_PI_4 + phi / 2.0).tan().powf(p.n);
                let theta = p.n * lambda;
                (rho * theta.sin(), p.rho0 - rho * theta.cos())
            }
            ProjectionKind::Polar => {
                if p.south {
                    let rho = 2.0 * (FRAC_PI_4 + phi.min(FAR_POLE_LIMIT) / 2.0).tan();
                    (rho * lambda.sin(), rho * lambda.cos())
                } else {
                    let rho = 2.0 * (FRAC_PI_4 - phi.max(-FAR_POLE_LIMIT) / 2.0).tan();
                    (rho * lambda.sin(), -rho * lambda.cos())
                }
            }
        }
    }

    /// The inverse of [`ProjectionKind::forward`]: (λ, φ) in radians.
    pub fn inverse(self, x: f64, y: f64, p: &Params) -> (f64, f64) {
        match self {
            ProjectionKind::Equirectangular => (x / p.cos0, y),
            ProjectionKind::WebMercator => (x, 2.0 * y.exp().atan() - FRAC_PI_2),
            ProjectionKind::EqualEarth => {
                // Newton's method on y(θ); a handful of steps reach 1e-12.
                let (y_max, _) = ee_poly(PI / 3.0);
                let y = y.clamp(-y_max, y_max);
                let mut theta = y / EE_A1;
                for _ in 0..20 {
                    let (fy, dy) = ee_poly(theta);
                    let step = (fy - y) / dy;
                    theta -= step;
                    if step.abs() < 1e-13 {
                        break;
                    }
                }
                let (_, dy) = ee_poly(theta);
                let lambda = x * EE_M * dy / theta.cos();
                let phi = (theta.sin() / EE_M).clamp(-1.0, 1.0).asin();
                (lambda, phi)
            }
            ProjectionKind::Conic => {
                let s = p.n.signum();
                let (dx, dy) = (x, p.rho0 - y);
                let rho = s * dx.hypot(dy);
                let theta = (s * dx).atan2(s * dy);
                let phi = if rho == 0.0 {
                    s * FRAC_PI_2
                } else {
                    2.0 * (p.f / rho).powf(1.0 / p.n).atan() - FRAC_PI_2
                };
                (theta / p.n, phi)
            }
            ProjectionKind::Polar => {
                let rho = x.hypot(y);
                if p.south {
                    (x.atan2(y), 2.0 * (rho / 2.0).atan() - FRAC_PI_2)
                } else {
                    (x.atan2(-y), FRAC_PI_2 - 2.0 * (rho / 2.0).atan())
                }
            }
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

/// lon/lat → pixel mapping for one map frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    kind: ProjectionKind,
    /// Central meridian, degrees.
    lon0: f64,
    /// The projection's constants for this map.
    params: Params,
    /// Pixels per projected unit.
    k: f64,
    /// Projected coordinates shown at the pixel (cx, cy).
    xc: f64,
    yc: f64,
    /// Pixel position of (xc, yc).
    cx: f64,
    cy: f64,
}

/// Points per edge when tracing an extent's outline through a projection.
const EDGE_SAMPLES: usize = 64;

/// (lon, lat) points along the edges of `e`, corners included.
fn outline_points(e: &Extent) -> Vec<(f64, f64)> {
    let n = EDGE_SAMPLES;
    let mut pts = Vec::with_capacity(4 * n);
    let lerp = |a: f64, b: f64, i: usize| a + (b - a) * i as f64 / n as f64;
    for i in 0..n {
        pts.push((lerp(e.lon_min, e.lon_max, i), e.lat_min));
    }
    for i in 0..n {
        pts.push((e.lon_max, lerp(e.lat_min, e.lat_max, i)));
    }
    for i in 0..n {
        pts.push((lerp(e.lon_max, e.lon_min, i), e.lat_max));
    }
    for i in 0..n {
        pts.push((e.lon_min, lerp(e.lat_max, e.lat_min, i)));
    }
    pts
}

impl Projection {
    /// Fits `extent` into `frame` in the projection `auto_for` picks; see
    /// [`Projection::fit_with`].
    pub fn fit(extent: &Extent, frame: PixelRect) -> (Projection, PixelRect, Extent) {
        Projection::fit_with(ProjectionKind::auto_for(extent), extent, frame)
    }

    /// Fits `extent` into `frame` in projection `kind`, as large as it goes.
    /// A regional map is widened on its shorter side to the frame's aspect
    /// ratio, so it fills the frame; the world view, and any map that would
    /// show past the poles or more than once round the globe, is
    /// letterboxed instead. Returns the projection, the frame actually drawn
    /// on (inside `frame`) and the lon/lat box it shows.
    ///
    /// A world view in a rectangular projection (equirectangular, Mercator)
    /// shows latitudes -60..85; in Equal Earth it shows the whole globe.
    pub fn fit_with(
        kind: ProjectionKind,
        extent: &Extent,
        frame: PixelRect,
    ) -> (Projection, PixelRect, Extent) {
        let world = extent.is_world();
        let mut ext = *extent;
        if world {
            ext.lon_min = extent.lon_mid() - 180.0;
            ext.lon_max = extent.lon_mid() + 180.0;
            if kind != ProjectionKind::EqualEarth {
                (ext.lat_min, ext.lat_max) = RECT_WORLD_LATS;
            }
        }
        let lat_cap = match kind {
            ProjectionKind::EqualEarth if world => 90.0,
            ProjectionKind::WebMercator => LAT_LIMIT.min(MERCATOR_LAT),
            ProjectionKind::Polar => 90.0,
            _ => LAT_LIMIT,
        };
        ext.lat_min = ext.lat_min.max(-lat_cap);
        ext.lat_max = ext.lat_max.min(lat_cap);
        let params = Params::for_extent(kind, &ext, world);
        let lon0 = ext.lon_mid();
        let fwd =
            |lon: f64, lat: f64| kind.forward((lon - lon0).to_radians(), lat.to_radians(), &params);

        let (mut x_min, mut x_max, mut y_min, mut y_max) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for (lon, lat) in outline_points(&ext) {
            let (x, y) = fwd(lon, lat);
            x_min = x_min.min(x);
            x_max = x_max.max(x);
            y_min = y_min.min(y);
            y_max = y_max.max(y);
        }
        let (dx, dy) = ((x_max - x_min).max(1e-9), (y_max - y_min).max(1e-9));
        let k = (frame.w / dx).min(frame.h / dy);
        let (mut xc, mut yc) = (0.5 * (x_min + x_max), 0.5 * (y_min + y_max));
        let (mut vis_x, mut vis_y) = (dx, dy);
        if !world && kind.is_rectangular() {
            // Fill the frame, but never past the poles' limit or round the
            // globe more than once. (A conic or polar map is filled as it
            // comes: its extent is under CONIC_MAX_LON_SPAN wide, and the
            // polar one may show its pole.)
            let (_, y_lo) = fwd(lon0, -lat_cap);
            let (_, y_hi) = fwd(lon0, lat_cap);
            let (x_round, _) = fwd(lon0 + 180.0, 0.0);
            vis_x = (frame.w / k).min(2.0 * x_round);
            vis_y = (frame.h / k).min(y_hi - y_lo);
            let (lo, hi) = slide_into(yc - vis_y / 2.0, yc + vis_y / 2.0, y_lo, y_hi);
            yc = 0.5 * (lo + hi);
            xc = xc.max(-x_round + vis_x / 2.0).min(x_round - vis_x / 2.0);
        }
        let (w, h) = if !world && !kind.is_rectangular() {
            (frame.w, frame.h)
        } else {
            (vis_x * k, vis_y * k)
        };
        let drawn = PixelRect {
            x: frame.x + 0.5 * (frame.w - w),
            y: frame.y + 0.5 * (frame.h - h),
            w,
            h,
        };
        let proj = Projection {
            kind,
            lon0,
            params,
            k,
            xc,
            yc,
            cx: drawn.x + 0.5 * w,
            cy: drawn.y + 0.5 * h,
        };
        let visible = if world { ext } else { proj.visible_box(&drawn) };
        (proj, drawn, visible)
    }

    /// The lon/lat box of what `rect` shows, traced along its edges (exact
    /// where parallels are straight lines; on a conic or polar map the
    /// edges hold the extremes too, unless a pole is inside, handled here).
    fn visible_box(&self, rect: &PixelRect) -> Extent {
        let n = EDGE_SAMPLES;
        let mut e = Extent {
            lon_min: f64::INFINITY,
            lon_max: f64::NEG_INFINITY,
            lat_min: f64::INFINITY,
            lat_max: f64::NEG_INFINITY,
        };
        for i in 0..=n {
            let t = i as f64 / n as f64;
            for (x, y) in [
                (rect.x + t * rect.w, rect.y),
                (rect.x + t * rect.w, rect.bottom()),
                (rect.x, rect.y + t * rect.h),
                (rect.right(), rect.y + t * rect.h),
            ] {
                let (lon, lat) = self.unproject(x, y);
                let lon = lon.clamp(self.lon0 - 180.0, self.lon0 + 180.0);
                e.lon_min = e.lon_min.min(lon);
                e.lon_max = e.lon_max.max(lon);
                e.lat_min = e.lat_min.min(lat);
                e.lat_max = e.lat_max.max(lat);
            }
        }
        // A conic or polar map may show a pole inside its frame, which its
        // edges do not reach: then it shows every longitude up to the pole.
        if !self.kind.is_rectangular() {
            for pole in [90.0, -90.0] {
                let (x, y) = self.project(self.lon0, pole);
                if x > rect.x && x < rect.right() && y > rect.y && y < rect.bottom() {
                    e.lon_min = self.lon0 - 180.0;
                    e.lon_max = self.lon0 + 180.0;
                    if pole > 0.0 {
                        e.lat_max = 90.0;
                    } else {
                        e.lat_min = -90.0;
                    }
                }
            }
        }
        e.lat_min = e.lat_min.max(-90.0);
        e.lat_max = e.lat_max.min(90.0);
        e
    }

    /// Which projection this is.
    pub fn kind(&self) -> ProjectionKind {
        self.kind
    }

    /// Central meridian, degrees.
    pub fn central_meridian(&self) -> f64 {
        self.lon0
    }

    /// Pixel position of (lon, lat), taking `lon` as given (no wrapping):
    /// basemap rings are drawn whole, shifted by ±360° when needed.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.kind.forward(
            (lon - self.lon0).to_radians(),
            lat.to_radians(),
            &self.params,
        );
        (
            self.cx + (x - self.xc) * self.k,
            self.cy - (y - self.yc) * self.k,
        )
    }

    /// Pixel position of a point, its longitude first brought within 180° of
    /// the map centre (so a place at -179 lands east of a map centred on 175).
    pub fn project_wrapped(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.project(self.lon0 + normalize_lon(lon - self.lon0), lat)
    }

    /// The (lon, lat) at a pixel position; inverse of [`Projection::project`].
    /// Longitude is not normalised (it is within 180° of the centre for
    /// points on the globe).
    pub fn unproject(&self, x_px: f64, y_px: f64) -> (f64, f64) {
        let x = self.xc + (x_px - self.cx) / self.k;
        let y = self.yc - (y_px - self.cy) / self.k;
        let (lambda, phi) = self.kind.inverse(x, y, &self.params);
        (self.lon0 + lambda.to_degrees(), phi.to_degrees())
    }

    /// The outline of the globe's part inside `visible`, in pixels: the
    /// area to paint as sea. A rectangle for the rectangular projections;
    /// the rounded outline of the Equal Earth world.
    pub fn outline(&self, visible: &Extent) -> Vec<(f64, f64)> {
        outline_points(visible)
            .into_iter()
            .map(|(lon, lat)| self.project(lon, lat))
            .collect()
    }

    /// Ground distance per pixel near pixel (x, y), km, measured along the
    /// horizontal (for the scale bar).
    pub fn km_per_px(&self, x: f64, y: f64) -> f64 {
        let d = 50.0;
        let a = self.unproject(x - d, y);
        let b = self.unproject(x + d, y);
        haversine_km(a, b) / (2.0 * d)
    }

    /// The length in pixels of a horizontal bar starting at pixel (x, y)
    /// whose ends are `km` apart on the ground (great-circle distance
    /// between the points under them): a scale bar that is right where it
    /// is drawn, whatever the projection does elsewhere.
    pub fn bar_px(&self, x: f64, y: f64, km: f64) -> f64 {
        let start = self.unproject(x, y);
        let mut len = km / self.km_per_px(x, y).max(1e-12);
        // The ground distance grows smoothly and nearly linearly with the
        // length; a few proportional steps settle it to well under 0.1%.
        for _ in 0..8 {
            let got = haversine_km(start, self.unproject(x + len, y));
            if got <= 0.0 || !got.is_finite() {
                break;
            }
            let step = km / got;
            len *= step;
            if (step - 1.0).abs() < 1e-6 {
                break;
            }
        }
        len
    }
}

/// Great-circle distance between (lon, lat) points, km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6371.0088;
    let (p1, p2) = (a.1.to_radians(), b.1.to_radians());
    let dp = p2 - p1;
    let dl = (b.0 - a.0).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * h.clamp(0.0, 1.0).sqrt().asin()
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
    fn round_trip_every_projection() {
        let regional = Extent::around(&[(69.17, 34.53), (37.62, 55.75)]);
        for kind in ProjectionKind::ALL {
            for ext in [regional, Extent::WORLD] {
                let (proj, _, _) = Projection::fit_with(kind, &ext, FRAME);
                for &(lon, lat) in &[
                    (69.17, 34.53),
                    (37.62, 55.75),
                    (0.0, 0.0),
                    (-120.5, -33.3),
                    (179.0, 80.0),
                    (-179.9, -84.0),
                ] {
                    let (x, y) = proj.project(lon, lat);
                    let (lon2, lat2) = proj.unproject(x, y);
                    assert!(
                        close(normalize_lon(lon - lon2), 0.0, 1e-7) && close(lat, lat2, 1e-7),
                        "{kind}: {lon},{lat} -> {lon2},{lat2}"
                    );
                }
            }
        }
    }

    #[test]
    fn equal_earth_known_values() {
        // Unit-sphere values from the definition: the equator spans
        // ±2.7066 (2π/√3/A1), the pole line sits at y = 1.3174 and the map is
        // 2.05 times as wide as it is tall.
        let ee = ProjectionKind::EqualEarth;
        let (x, y) = ee.forward(PI, 0.0, &Params::UNIT);
        assert!(close(x, 2.0 * PI / 3f64.sqrt() / EE_A1, 1e-12) && y == 0.0);
        assert!(close(x, 2.706_629, 1e-5), "{x}");
        let (x, y) = ee.forward(0.0, FRAC_PI_2, &Params::UNIT);
        assert!(close(x, 0.0, 1e-12) && close(y, 1.317_363, 1e-5), "{y}");
        let (x_pole_edge, _) = ee.forward(PI, FRAC_PI_2, &Params::UNIT);
        // The pole is a line a bit over half as long as the equator.
        assert!(close(x_pole_edge / 2.706_629, 0.5, 0.1), "{x_pole_edge}");
        assert!(close(2.706_629 / 1.317_363, 2.05, 0.01));
    }

    /// Area of the projected lon/lat cell (polygon traced along its edges).
    fn cell_area(kind: ProjectionKind, lon: f64, lat: f64, d: f64) -> f64 {
        let cell = Extent {
            lon_min: lon,
            lon_max: lon + d,
            lat_min: lat,
            lat_max: lat + d,
        };
        let pts: Vec<(f64, f64)> = outline_points(&cell)
            .into_iter()
            .map(|(lo, la)| kind.forward(lo.to_radians(), la.to_radians(), &Params::UNIT))
            .collect();
        let mut a = 0.0;
        for i in 0..pts.len() {
            let (p, q) = (pts[i], pts[(i + 1) % pts.len()]);
            a += p.0 * q.1 - q.0 * p.1;
        }
        0.5 * a.abs()
    }

    #[test]
    fn equal_earth_is_equal_area_and_mercator_is_not() {
        // On the sphere a 10°×10° cell at 60-70°N has sin70-sin60 / sin10
        // of the area of one on the equator.
        let sphere =
            (70f64.to_radians().sin() - 60f64.to_radians().sin()) / 10f64.to_radians().sin();
        let ee = ProjectionKind::EqualEarth;
        let ratio = cell_area(ee, 30.0, 60.0, 10.0) / cell_area(ee, 30.0, 0.0, 10.0);
        assert!(close(ratio, sphere, 1e-3), "{ratio} vs {sphere}");
        // Whole globe: 4π on the unit sphere.
        let world = cell_area(ee, -180.0, -90.0, 180.0) + cell_area(ee, 0.0, -90.0, 180.0);
        assert!(close(world, 4.0 * PI, 4.0 * PI * 1e-3), "{world}");
        let m = ProjectionKind::WebMercator;
        let ratio = cell_area(m, 30.0, 60.0, 10.0) / cell_area(m, 30.0, 0.0, 10.0);
        assert!(ratio > 3.0 * sphere, "Mercator inflates the north: {ratio}");
    }

    #[test]
    fn mercator_known_values() {
        let m = ProjectionKind::WebMercator;
        // 45°N is ln(tan(67.5°)) = 0.8814 on the unit sphere; Web Mercator's
        // square world ends at ±85.0511°, where y = π.
        let (_, y) = m.forward(0.0, 45f64.to_radians(), &Params::UNIT);
        assert!(close(y, 0.881_373_587, 1e-9), "{y}");
        let (x, y) = m.forward(PI, MERCATOR_LAT.to_radians(), &Params::UNIT);
        assert!(close(x, PI, 1e-12) && close(y, PI, 1e-6), "{y}");
        // Shapes are right: a small step east and north look the same size
        // once the east step is divided by cos(lat).
        let lat = 55f64.to_radians();
        let (x0, y0) = m.forward(0.0, lat, &Params::UNIT);
        let (x1, y1) = m.forward(1e-4, lat + 1e-4 * lat.cos(), &Params::UNIT);
        assert!(close((x1 - x0) / (y1 - y0), 1.0, 1e-3));
    }

    #[test]
    fn equirectangular_world_known_points() {
        let kind = ProjectionKind::Equirectangular;
        let (proj, drawn, vis) = Projection::fit_with(kind, &Extent::WORLD, FRAME);
        assert_eq!((vis.lat_min, vis.lat_max), RECT_WORLD_LATS);
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
    fn world_defaults_to_equal_earth_whole_globe() {
        let (proj, drawn, vis) = Projection::fit(&Extent::WORLD, FRAME);
        assert_eq!(proj.kind(), ProjectionKind::EqualEarth);
        assert_eq!(vis, Extent::WORLD);
        assert!(FRAME.contains(&drawn));
        // The equator touches the left and right edges; the poles the top
        // and bottom; the aspect ratio is Equal Earth's.
        let (xl, _) = proj.project(-180.0, 0.0);
        let (xr, ym) = proj.project(180.0, 0.0);
        assert!(close(xl, drawn.x, 1e-6) && close(xr, drawn.right(), 1e-6));
        let (_, yn) = proj.project(0.0, 90.0);
        let (_, ys) = proj.project(0.0, -90.0);
        assert!(close(yn, drawn.y, 1e-6) && close(ys, drawn.bottom(), 1e-6));
        assert!(close(ym, drawn.y + drawn.h / 2.0, 1e-6));
        assert!(
            close(drawn.w / drawn.h, 2.0547, 0.002),
            "{}",
            drawn.w / drawn.h
        );
        // Known placement: Kabul is right of centre and above the equator.
        let (x, y) = proj.project(69.17, 34.53);
        assert!(x > drawn.x + drawn.w / 2.0 && y < ym);
    }

    #[test]
    fn regional_keeps_shapes() {
        // Kabul to Moscow: mid-latitudes, so a conic; conformal, so a small
        // step east and one north (the east one shrunk by cos(lat) to the
        // same ground length) come out the same size anywhere on the map.
        let ext = Extent::around(&[(37.62, 55.75), (69.17, 34.53)]);
        let (proj, drawn, vis) = Projection::fit(&ext, FRAME);
        assert_eq!(proj.kind(), ProjectionKind::Conic);
        assert_eq!(drawn, FRAME, "a regional map fills its frame");
        for (lon, lat) in [(50.0, ext.lat_mid()), (40.0, 33.0), (65.0, 57.0)] {
            let d = 0.01;
            let (x0, y0) = proj.project(lon, lat);
            let (x1, y1) = proj.project(lon + d / lat.to_radians().cos(), lat);
            let (x2, y2) = proj.project(lon, lat + d);
            let east = (x1 - x0).hypot(y1 - y0);
            let north = (x2 - x0).hypot(y2 - y0);
            assert!(
                close(east / north, 1.0, 1e-3),
                "{lon},{lat}: {east} vs {north}"
            );
        }
        // Everything asked for is visible.
        assert!(vis.lon_min <= ext.lon_min && vis.lon_max >= ext.lon_max);
        assert!(vis.lat_min <= ext.lat_min + 1e-9 && vis.lat_max >= ext.lat_max - 1e-9);
        // The equirectangular map of the same box is conformal only on its
        // middle parallel.
        let (eq, _, _) = Projection::fit_with(ProjectionKind::Equirectangular, &ext, FRAME);
        let mid = ext.lat_mid();
        let (x0, y0) = eq.project(50.0, mid);
        let (x1, y1) = eq.project(51.0, mid + 1.0);
        let ratio = (x1 - x0) / (y0 - y1);
        assert!(close(ratio, mid.to_radians().cos(), 0.02), "{ratio}");
    }

    #[test]
    fn projection_is_chosen_by_latitude_band() {
        let at = |pts: &[(f64, f64)]| ProjectionKind::auto_for(&Extent::around(pts));
        // Near the equator: Nairobi and Mombasa, Kinshasa, Jakarta.
        assert_eq!(
            at(&[(36.82, -1.29), (39.67, -4.04)]),
            ProjectionKind::Equirectangular
        );
        assert_eq!(at(&[(106.8, -6.2)]), ProjectionKind::Equirectangular);
        // Mid-latitudes, both hemispheres: Europe, Vermont, Sindh, Patagonia.
        assert_eq!(
            at(&[(-9.1, 38.7), (30.5, 50.4), (-21.9, 64.1)]),
            ProjectionKind::Conic
        );
        assert_eq!(at(&[(-72.58, 44.26)]), ProjectionKind::Conic);
        assert_eq!(at(&[(68.37, 25.39), (67.01, 24.86)]), ProjectionKind::Conic);
        assert_eq!(at(&[(-68.3, -54.8), (-71.3, -41.1)]), ProjectionKind::Conic);
        // Polar: Svalbard, Greenland's north, McMurdo.
        assert_eq!(at(&[(15.6, 78.2)]), ProjectionKind::Polar);
        assert_eq!(at(&[(-51.7, 64.2), (-68.7, 76.5)]), ProjectionKind::Polar);
        assert_eq!(at(&[(166.7, -77.8)]), ProjectionKind::Polar);
        // The world, and regions too wide for a cone.
        assert_eq!(
            ProjectionKind::auto_for(&Extent::WORLD),
            ProjectionKind::EqualEarth
        );
        assert_eq!(
            at(&[(-100.0, 40.0), (120.0, 30.0)]),
            ProjectionKind::EqualEarth
        );
    }

    #[test]
    fn conic_scale_is_nearly_constant_and_true_on_its_parallels() {
        // Europe from Lisbon to Kyiv and Reykjavik: 26° of latitude. The
        // scale along parallels varies by a few percent in the conic, by
        // half in the equirectangular map.
        let ext = Extent::around(&[(-9.1, 38.7), (30.5, 50.4), (-21.9, 64.1)]);
        let spread = |kind| {
            let (proj, _, _) = Projection::fit_with(kind, &ext, FRAME);
            let k = |lat: f64| {
                let (x, y) = proj.project(ext.lon_mid(), lat);
                proj.km_per_px(x, y)
            };
            let ks: Vec<f64> = (0..=10)
                .map(|i| k(ext.lat_min + ext.lat_span() * i as f64 / 10.0))
                .collect();
            let max = ks.iter().cloned().fold(f64::MIN, f64::max);
            let min = ks.iter().cloned().fold(f64::MAX, f64::min);
            max / min
        };
        let conic = spread(ProjectionKind::Conic);
        let eq = spread(ProjectionKind::Equirectangular);
        assert!(conic < 1.06, "conic scale spread {conic}");
        assert!(eq > 1.3, "equirectangular scale spread {eq}");
    }

    #[test]
    fn polar_map_shows_the_pole_when_it_is_inside() {
        // Around the North Pole from Svalbard to Ellesmere and Franz Josef
        // Land: the pole is in the frame, so every longitude is visible.
        let ext = Extent {
            lon_min: -80.0,
            lon_max: 60.0,
            lat_min: 78.0,
            lat_max: 90.0,
        };
        let (proj, drawn, vis) = Projection::fit_with(ProjectionKind::Polar, &ext, FRAME);
        let (x, y) = proj.project(0.0, 90.0);
        assert!(drawn.x < x && x < drawn.right() && drawn.y < y && y < drawn.bottom());
        assert_eq!(vis.lat_max, 90.0);
        assert!(vis.lon_span() >= 359.9, "{vis:?}");
        // South: McMurdo is below (north of) the pole on a south-polar map
        // centred on its meridian... that is, the pole is above it.
        let ext = Extent::around(&[(166.7, -77.8)]);
        let (proj, _, _) = Projection::fit(&ext, FRAME);
        assert_eq!(proj.kind(), ProjectionKind::Polar);
        let (_, y_pole) = proj.project(166.7, -90.0);
        let (_, y_mcm) = proj.project(166.7, -77.8);
        assert!(y_pole > y_mcm, "the South Pole is south (down) of McMurdo");
    }

    #[test]
    fn scale_bar_length_is_right_at_its_latitude() {
        // For every projection and a map in each latitude band, a bar drawn
        // anywhere covers its stated distance within 0.1%.
        let cases = [
            Extent::around(&[(36.82, -1.29), (39.67, -4.04)]),
            Extent::around(&[(-9.1, 38.7), (30.5, 50.4), (-21.9, 64.1)]),
            Extent::around(&[(15.6, 78.2)]),
            Extent::around(&[(-72.58, 44.26)]),
        ];
        for ext in cases {
            for kind in ProjectionKind::ALL {
                let (proj, drawn, _) = Projection::fit_with(kind, &ext, FRAME);
                for (fx, fy) in [(0.1, 0.9), (0.5, 0.5), (0.7, 0.1)] {
                    let (x, y) = (drawn.x + fx * drawn.w, drawn.y + fy * drawn.h);
                    let km = 100.0;
                    let len = proj.bar_px(x, y, km);
                    let got = haversine_km(proj.unproject(x, y), proj.unproject(x + len, y));
                    assert!(close(got, km, 0.1), "{kind} {ext:?} at {fx},{fy}: {got}");
                }
            }
        }
    }

    #[test]
    fn every_projection_fits_a_region_inside_the_frame() {
        let ext = Extent::around(&[(-9.1, 38.7), (30.5, 50.4), (-21.9, 64.1)]);
        for kind in ProjectionKind::ALL {
            let (proj, drawn, vis) = Projection::fit_with(kind, &ext, FRAME);
            assert!(FRAME.contains(&drawn), "{kind}");
            for (lon, lat) in outline_points(&ext) {
                let (x, y) = proj.project(lon, lat);
                assert!(
                    x >= drawn.x - 1e-6
                        && x <= drawn.right() + 1e-6
                        && y >= drawn.y - 1e-6
                        && y <= drawn.bottom() + 1e-6,
                    "{kind}: {lon},{lat} at {x},{y} outside {drawn:?}"
                );
            }
            assert!(vis.lon_min <= ext.lon_min + 1e-6 && vis.lon_max >= ext.lon_max - 1e-6);
        }
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
        for kind in ProjectionKind::ALL {
            let (proj, drawn, _) = Projection::fit_with(kind, &ext, FRAME);
            let (x_fiji, _) = proj.project_wrapped(178.4, -18.1);
            let (x_samoa, _) = proj.project_wrapped(-171.8, -13.8);
            assert!(x_fiji < x_samoa, "{kind}");
            assert!(x_fiji > drawn.x && x_samoa < drawn.right(), "{kind}");
        }
    }

    #[test]
    fn polar_places_stay_off_the_pole() {
        let ext = Extent::around(&[(15.6, 78.2)]); // Longyearbyen
        assert!(ext.lat_max <= 85.0 && ext.lat_min < 78.2);
        for kind in ProjectionKind::ALL {
            if kind == ProjectionKind::Polar {
                continue; // made to show the pole
            }
            let (_, _, vis) = Projection::fit_with(kind, &ext, FRAME);
            assert!(vis.lat_max <= 85.0 + 1e-6, "{kind}: {vis:?}");
        }
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

    #[test]
    fn scale_is_measured_on_the_ground() {
        // Equator, equirectangular world: 360° of 40,030 km over the width.
        let kind = ProjectionKind::Equirectangular;
        let (proj, drawn, _) = Projection::fit_with(kind, &Extent::WORLD, FRAME);
        let (x, y) = proj.project(0.0, 0.0);
        let expect = 2.0 * PI * 6371.0088 / drawn.w;
        assert!(close(proj.km_per_px(x, y), expect, expect * 1e-3));
        assert!(close(
            haversine_km((2.35, 48.86), (-0.13, 51.51)),
            343.5,
            2.0
        ));
    }

    #[test]
    fn extent_choices_parse() {
        assert_eq!("auto".parse(), Ok(ExtentChoice::Auto));
        assert_eq!(" World ".parse(), Ok(ExtentChoice::World));
        let ExtentChoice::Box(b) = "170,-25,-170,-10".parse().unwrap() else {
            panic!("not a box")
        };
        assert_eq!((b.lon_min, b.lon_max), (170.0, 190.0));
        for bad in [
            "",
            "1,2,3",
            "a,b,c,d",
            "0,10,10,5",
            "0,0,200,10",
            "5,0,5,10",
            "0,-95,10,0",
            "nan,0,1,1",
        ] {
            let err = bad.parse::<ExtentChoice>().unwrap_err();
            assert!(err.contains("bad extent"), "{bad}: {err}");
        }
        assert!(ExtentChoice::World.resolve(&[(1.0, 1.0)]).is_world());
        assert!(!ExtentChoice::Auto.resolve(&[(1.0, 1.0)]).is_world());
    }

    #[test]
    fn projection_names_round_trip() {
        for kind in ProjectionKind::ALL {
            assert_eq!(kind.name().parse::<ProjectionKind>(), Ok(kind));
        }
        assert_eq!("Web-Mercator".parse(), Ok(ProjectionKind::WebMercator));
        assert!("robinson".parse::<ProjectionKind>().is_err());
    }
}
