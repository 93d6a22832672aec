//! Colours of a map (light and dark themes), the classes and colour ramp of
//! the country choropleth, and the rounding of the scale bar: the small
//! decisions about how things look that can be tested without drawing.
//!
//! Not here: drawing (`mod.rs`).

use std::fmt;
use std::str::FromStr;

use plotters::style::RGBColor;

/// The map's colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Pale land on pale blue sea, dark text: for print and the web.
    #[default]
    Light,
    /// Dark grey land on near-black sea, light text: for slides and dark
    /// pages.
    Dark,
}

impl FromStr for Theme {
    type Err = String;

    fn from_str(s: &str) -> Result<Theme, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            _ => Err(format!("unknown theme {s:?} (use light or dark)")),
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        })
    }
}

/// Every colour a map uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Background outside the map frame.
    pub paper: RGBColor,
    /// Sea and lakes.
    pub sea: RGBColor,
    /// Land.
    pub land: RGBColor,
    /// Country borders.
    pub border: RGBColor,
    /// Coastlines.
    pub coast: RGBColor,
    /// Frame round the map and legends.
    pub frame: RGBColor,
    /// Main text.
    pub ink: RGBColor,
    /// Secondary text (subtitle, footer, notes).
    pub muted: RGBColor,
    /// Halo behind labels.
    pub halo: RGBColor,
    /// Legend box background.
    pub panel: RGBColor,
    /// Cities and towns.
    pub city: RGBColor,
    /// Outline round city circles.
    pub city_edge: RGBColor,
    /// Countries, regions and continents.
    pub area: RGBColor,
    /// Their labels.
    pub area_ink: RGBColor,
    /// States, provinces and districts.
    pub admin: RGBColor,
    /// Their labels.
    pub admin_ink: RGBColor,
    /// The extent box on the inset locator map.
    pub locator: RGBColor,
    /// Choropleth classes, lightest (fewest mentions) first.
    pub ramp: [RGBColor; 5],
}

impl Theme {
    /// The colours of this theme.
    pub fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                paper: RGBColor(255, 255, 255),
                sea: RGBColor(214, 230, 240),
                land: RGBColor(244, 241, 234),
                border: RGBColor(184, 172, 158),
                coast: RGBColor(150, 181, 201),
                frame: RGBColor(120, 128, 136),
                ink: RGBColor(33, 33, 33),
                muted: RGBColor(100, 100, 100),
                halo: RGBColor(255, 255, 255),
                panel: RGBColor(255, 255, 255),
                city: RGBColor(206, 52, 38),
                city_edge: RGBColor(255, 255, 255),
                area: RGBColor(91, 62, 160),
                area_ink: RGBColor(62, 40, 120),
                admin: RGBColor(22, 128, 120),
                admin_ink: RGBColor(12, 92, 86),
                locator: RGBColor(206, 52, 38),
                // The first class is ΔE76 ≥ 35 from the land, so a country
                // named once is told from an unnamed one at a glance.
                ramp: [
                    RGBColor(250, 206, 140),
                    RGBColor(246, 164, 98),
                    RGBColor(230, 118, 62),
                    RGBColor(198, 74, 38),
                    RGBColor(146, 38, 20),
                ],
            },
            Theme::Dark => Palette {
                paper: RGBColor(22, 24, 28),
                sea: RGBColor(30, 39, 50),
                land: RGBColor(58, 61, 66),
                border: RGBColor(102, 104, 110),
                coast: RGBColor(78, 96, 116),
                frame: RGBColor(110, 116, 124),
                ink: RGBColor(236, 236, 236),
                muted: RGBColor(168, 170, 174),
                halo: RGBColor(22, 24, 28),
                panel: RGBColor(34, 37, 42),
                city: RGBColor(255, 112, 84),
                city_edge: RGBColor(22, 24, 28),
                area: RGBColor(166, 140, 240),
                area_ink: RGBColor(200, 184, 255),
                admin: RGBColor(64, 200, 184),
                admin_ink: RGBColor(130, 226, 214),
                locator: RGBColor(255, 112, 84),
                ramp: [
                    RGBColor(126, 92, 44),
                    RGBColor(162, 106, 42),
                    RGBColor(198, 128, 42),
                    RGBColor(230, 154, 50),
                    RGBColor(255, 190, 80),
                ],
            },
        }
    }
}

/// Classes of a choropleth of counts: `bounds[i]..=bounds[i + 1] - 1` is
/// class `i`. At most five classes; one per value while the largest count
/// is five or less ("1", "2", … "5"), otherwise bounds growing geometrically
/// from 1 to the largest count, rounded to whole numbers ("1", "2–3",
/// "4–9", "10–29", "30–90"), so that one very often named country does not
/// wash all others into the palest class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classes {
    /// Lower bounds of each class, then one past the largest count.
    bounds: Vec<usize>,
}

impl Classes {
    /// Classes for counts up to `max` (at least 1).
    pub fn for_max(max: usize) -> Classes {
        let max = max.max(1);
        let mut bounds: Vec<usize> = if max <= 5 {
            (1..=max).collect()
        } else {
            let ratio = (max as f64).powf(1.0 / 5.0);
            let mut b: Vec<usize> = (0..5).map(|i| ratio.powi(i).round() as usize).collect();
            b.dedup();
            b
        };
        bounds.push(max + 1);
        Classes { bounds }
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    /// Class of `count` (`None` for 0: the country is not shaded).
    pub fn class_of(&self, count: usize) -> Option<usize> {
        if count == 0 {
            return None;
        }
        let i = self.bounds.partition_point(|&b| b <= count);
        Some(i.saturating_sub(1).min(self.len() - 1))
    }

    /// Legend text of class `i`: "4" or "4–9".
    pub fn label(&self, i: usize) -> String {
        let (lo, hi) = (self.bounds[i], self.bounds[i + 1] - 1);
        if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}–{hi}")
        }
    }

    /// Ramp colour of class `i`: spread over the whole ramp, so three
    /// classes get the lightest, middle and darkest colours.
    pub fn colour(&self, i: usize, ramp: &[RGBColor; 5]) -> RGBColor {
        let n = self.len();
        if n == 1 {
            return ramp[2];
        }
        ramp[(i * 4 + (n - 1) / 2) / (n - 1)]
    }
}

/// The longest "round" distance (1, 2 or 5 × 10ⁿ km) not over `max_km`,
/// for the scale bar. `None` below 1 m or for a non-finite input.
pub fn nice_distance(max_km: f64) -> Option<f64> {
    if !max_km.is_finite() || max_km < 0.001 {
        return None;
    }
    let p = 10f64.powf(max_km.log10().floor());
    let best = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&d| d <= max_km * (1.0 + 1e-9))
        .unwrap_or(p);
    Some(best)
}

/// "500 km", "2 km", "200 m".
pub fn distance_label(km: f64) -> String {
    if km >= 1.0 {
        format!("{} km", km.round() as u64)
    } else {
        format!("{} m", (km * 1000.0).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_get_a_class_each() {
        let c = Classes::for_max(3);
        assert_eq!(c.len(), 3);
        assert_eq!(
            (c.class_of(0), c.class_of(1), c.class_of(3)),
            (None, Some(0), Some(2))
        );
        assert_eq!(c.label(1), "2");
    }

    #[test]
    fn large_counts_get_geometric_classes() {
        let c = Classes::for_max(90);
        assert_eq!(c.len(), 5);
        let labels: Vec<String> = (0..5).map(|i| c.label(i)).collect();
        assert_eq!(labels, ["1", "2–5", "6–14", "15–36", "37–90"]);
        // Every count from 1 to max falls in the class whose label holds it.
        for n in 1..=90 {
            let i = c.class_of(n).unwrap();
            let (lo, hi) = (c.bounds[i], c.bounds[i + 1] - 1);
            assert!(lo <= n && n <= hi, "{n} in class {i}");
        }
        // Counts above max (should not happen) go to the top class.
        assert_eq!(c.class_of(500), Some(4));
    }

    #[test]
    fn classes_use_the_ends_of_the_ramp() {
        let ramp = Theme::Light.palette().ramp;
        let c = Classes::for_max(3);
        assert_eq!(c.colour(0, &ramp), ramp[0]);
        assert_eq!(c.colour(2, &ramp), ramp[4]);
        let five = Classes::for_max(100);
        let colours: Vec<RGBColor> = (0..5).map(|i| five.colour(i, &ramp)).collect();
        assert_eq!(colours, ramp.to_vec());
        assert_eq!(Classes::for_max(1).colour(0, &ramp), ramp[2]);
    }

    #[test]
    fn ramps_darken_or_brighten_steadily() {
        let lum = |c: RGBColor| 0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64;
        let light = Theme::Light.palette().ramp;
        assert!(light.windows(2).all(|w| lum(w[0]) > lum(w[1])));
        let dark = Theme::Dark.palette().ramp;
        assert!(dark.windows(2).all(|w| lum(w[0]) < lum(w[1])));
        // Text stands out against its paper in both themes.
        for t in [Theme::Light, Theme::Dark] {
            let p = t.palette();
            assert!((lum(p.ink) - lum(p.paper)).abs() > 150.0, "{t}");
            assert!((lum(p.land) - lum(p.sea)).abs() > 8.0, "{t}");
        }
    }

    /// CIE76 colour difference (sRGB, D65).
    fn delta_e(a: RGBColor, b: RGBColor) -> f64 {
        let lab = |c: RGBColor| {
            let f = |u: u8| {
                let u = f64::from(u) / 255.0;
                if u > 0.04045 {
                    ((u + 0.055) / 1.055).powf(2.4)
                } else {
                    u / 12.92
                }
            };
            let (r, g, b) = (f(c.0), f(c.1), f(c.2));
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
            let h = |t: f64| {
                if t > 0.008856 {
                    t.cbrt()
                } else {
                    7.787 * t + 16.0 / 116.0
                }
            };
            (
                116.0 * h(y) - 16.0,
                500.0 * (h(x) - h(y)),
                200.0 * (h(y) - h(z)),
            )
        };
        let (p, q) = (lab(a), lab(b));
        ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2) + (p.2 - q.2).powi(2)).sqrt()
    }

    #[test]
    fn first_class_is_told_from_land_in_both_themes() {
        // The lowest class was ΔE 22 from light land and 27 from dark land,
        // hard to tell apart; now every class is at least 35 from land and
        // 12 from its neighbour.
        for t in [Theme::Light, Theme::Dark] {
            let p = t.palette();
            for c in p.ramp {
                assert!(delta_e(c, p.land) >= 35.0, "{t}: {c:?}");
            }
            for w in p.ramp.windows(2) {
                assert!(delta_e(w[0], w[1]) >= 12.0, "{t}: {w:?}");
            }
        }
    }

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_distance(740.0), Some(500.0));
        assert_eq!(nice_distance(199.0), Some(100.0));
        assert_eq!(nice_distance(200.0), Some(200.0));
        assert_eq!(nice_distance(3.3), Some(2.0));
        assert_eq!(nice_distance(0.0004), None);
        assert_eq!(nice_distance(f64::NAN), None);
        assert_eq!(distance_label(500.0), "500 km");
        assert_eq!(distance_label(0.2), "200 m");
    }

    #[test]
    fn themes_parse() {
        assert_eq!("Dark".parse(), Ok(Theme::Dark));
        assert_eq!(Theme::Light.to_string().parse(), Ok(Theme::Light));
        assert!("sepia".parse::<Theme>().is_err());
    }
}
