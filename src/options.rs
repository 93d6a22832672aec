//! What a caller may ask of a run beyond the defaults: a bias of the
//! resolver towards some countries (`--focus`), filters on the places kept
//! (`--only-in`, `--kinds`) and ranked candidates per mention
//! (`--candidates`). [`Options::default`] asks for nothing, and then
//! [`crate::process_with`] gives exactly what [`crate::process`] gives.
//!
//! ```
//! use eventmap::options::{Area, Options};
//! let opts = Options {
//!     focus: Options::parse_focus("us").unwrap(),
//!     only_in: Some("-10,35,30,60".parse::<Area>().unwrap()),
//!     ..Options::default()
//! };
//! assert_eq!(opts.focus, [*b"US"]);
//! assert!(Options::parse_kinds("city,town").is_err());
//! ```

use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, Kind};
use crate::resolve::ResolvedMention;

/// Score added, for each name, to its best candidate in each `--focus`
/// country. The resolver's scores are linear in log10(population) with
/// weight 1, so 3 is what a thousandfold population gives: enough to put Paris, Texas
/// (25,000 people) before Paris, France (2.1 million, a capital) once the
/// article also names Texan places, not enough to move a name the article
/// places elsewhere by a qualifier ("Paris, France": the qualifier feature
/// weighs 3.8) and nothing at all for a name with one candidate.
pub const FOCUS_BONUS: f64 = 3.0;

/// Options of one run. The default asks for nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// ISO 3166-1 alpha-2 codes (upper case): a name's best candidate in
    /// each gets [`FOCUS_BONUS`].
    pub focus: Vec<[u8; 2]>,
    /// Keep only places in this country or box.
    pub only_in: Option<Area>,
    /// Keep only places of these kinds (`None`: all).
    pub kinds: Option<Vec<Kind>>,
    /// Ranked candidates listed per mention (0: none, and none computed).
    pub candidates: usize,
}

/// Where `--only-in` keeps places.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Area {
    /// A country, by ISO 3166-1 alpha-2 code (upper case).
    Country([u8; 2]),
    /// A box in degrees; `min_lon > max_lon` crosses the antimeridian.
    Box {
        /// West edge.
        min_lon: f64,
        /// South edge.
        min_lat: f64,
        /// East edge.
        max_lon: f64,
        /// North edge.
        max_lat: f64,
    },
}

fn bad(option: &'static str, reason: impl Into<String>) -> Error {
    Error::BadOption {
        option,
        reason: reason.into(),
    }
}

/// An ISO code the bundled gazetteer knows, upper-cased.
fn country_code(option: &'static str, s: &str) -> Result<[u8; 2]> {
    let t = s.trim();
    let b = t.as_bytes();
    if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
        return Err(bad(
            option,
            format!("{t:?} is not a two-letter country code (ISO 3166-1 alpha-2, e.g. US)"),
        ));
    }
    let code = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
    if Gazetteer::bundled().country(t).is_none() {
        return Err(bad(option, format!("no country has the code {t:?}")));
    }
    Ok(code)
}

impl std::str::FromStr for Area {
    type Err = Error;

    /// `CC` (a country code) or `minlon,minlat,maxlon,maxlat` in degrees.
    fn from_str(s: &str) -> Result<Area> {
        const OPT: &str = "--only-in";
        if !s.contains(',') {
            return country_code(OPT, s).map(Area::Country);
        }
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        let nums: Vec<f64> = parts
            .iter()
            .filter_map(|p| p.parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect();
        if parts.len() != 4 || nums.len() != 4 {
            return Err(bad(
                OPT,
                format!("{s:?} is neither a country code nor minlon,minlat,maxlon,maxlat"),
            ));
        }
        let (min_lon, min_lat, max_lon, max_lat) = (nums[0], nums[1], nums[2], nums[3]);
        if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
            return Err(bad(OPT, "longitudes must lie between -180 and 180"));
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err(bad(OPT, "latitudes must lie between -90 and 90"));
        }
        if min_lat > max_lat {
            return Err(bad(OPT, "minlat is north of maxlat"));
        }
        Ok(Area::Box {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }
}

impl Area {
    /// True when the mention's place lies in the area: for a country, its
    /// country code (a demonym, the country it names); for a box, its point.
    pub fn holds(&self, m: &ResolvedMention) -> bool {
        match *self {
            Area::Country(cc) => m.country_code.as_deref().map(str::as_bytes) == Some(&cc[..]),
            Area::Box {
                min_lon,
                min_lat,
                max_lon,
                max_lat,
            } => {
                let (Some(lat), Some(lon)) = (m.lat, m.lon) else {
                    return false;
                };
                let in_lon = if min_lon <= max_lon {
                    (min_lon..=max_lon).contains(&lon)
                } else {
                    lon >= min_lon || lon <= max_lon
                };
                in_lon && (min_lat..=max_lat).contains(&lat)
            }
        }
    }
}

/// Every kind name `--kinds` accepts, as the output writes them.
pub const KIND_NAMES: &[&str] = &[
    "continent",
    "region",
    "country",
    "admin1",
    "admin2",
    "city",
    "feature",
    "demonym",
];

impl Options {
    /// `CC[,CC…]`: country codes, in any case.
    pub fn parse_focus(s: &str) -> Result<Vec<[u8; 2]>> {
        let mut out = Vec::new();
        for part in s.split(',') {
            let cc = country_code("--focus", part)?;
            if !out.contains(&cc) {
                out.push(cc);
            }
        }
        Ok(out)
    }

    /// `kind[,kind…]`, each one of [`KIND_NAMES`].
    pub fn parse_kinds(s: &str) -> Result<Vec<Kind>> {
        let mut out = Vec::new();
        for part in s.split(',') {
            let t = part.trim().to_ascii_lowercase();
            let kind = match t.as_str() {
                "continent" => Kind::Continent,
                "region" => Kind::Region,
                "country" => Kind::Country,
                "admin1" => Kind::Admin1,
                "admin2" => Kind::Admin2,
                "city" => Kind::City,
                "feature" => Kind::Feature,
                "demonym" => Kind::Demonym,
                _ => {
                    return Err(bad(
                        "--kinds",
                        format!(
                            "unknown kind {:?} (known: {})",
                            part.trim(),
                            KIND_NAMES.join(", ")
                        ),
                    ))
                }
            };
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
        Ok(out)
    }

    /// True when a mention passes `--only-in` and `--kinds`.
    pub fn keeps(&self, m: &ResolvedMention) -> bool {
        self.kinds.as_ref().is_none_or(|k| k.contains(&m.kind))
            && self.only_in.as_ref().is_none_or(|a| a.holds(m))
    }

    /// True when some filter is set.
    pub fn filters(&self) -> bool {
        self.kinds.is_some() || self.only_in.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_values_parse_or_say_why_not() {
        assert_eq!(Options::parse_focus("us, fr,US").unwrap(), [*b"US", *b"FR"]);
        for bad in ["", "USA", "U1", "QQ", "us,"] {
            let e = Options::parse_focus(bad).unwrap_err().to_string();
            assert!(e.starts_with("--focus: "), "{bad:?}: {e}");
        }
        assert_eq!("af".parse::<Area>().unwrap(), Area::Country(*b"AF"));
        assert!(matches!(
            "170,-20,-170,-10".parse::<Area>().unwrap(),
            Area::Box { min_lon, .. } if min_lon == 170.0
        ));
        for bad in [
            "1,2,3",
            "a,b,c,d",
            "0,10,5,5",
            "0,0,200,1",
            "nan,0,1,1",
            "XX",
        ] {
            let e = bad.parse::<Area>().unwrap_err().to_string();
            assert!(e.starts_with("--only-in: "), "{bad:?}: {e}");
        }
        assert_eq!(
            Options::parse_kinds("City, admin1").unwrap(),
            [Kind::City, Kind::Admin1]
        );
        let e = Options::parse_kinds("city,town").unwrap_err().to_string();
        assert!(e.contains("\"town\"") && e.contains("admin2"), "{e}");
    }
}
