//! CSV of places (RFC 4180): one row per [`PlaceSummary`], for spreadsheets.

use super::{round_coord, PlaceSummary};
use std::fmt::Write;

/// The header row.
pub const CSV_HEADER: &str =
    "name,geonameid,kind,country_code,lat,lon,population,mentions,articles";

/// Places as CSV: header, then one CRLF-terminated row per place. `articles`
/// is the number of articles naming the place; empty cells stand for
/// unknown values.
///
/// ```
/// let csv = eventmap::export::places_csv(&[]);
/// assert_eq!(csv, "name,geonameid,kind,country_code,lat,lon,population,mentions,articles\r\n");
/// ```
pub fn places_csv(places: &[PlaceSummary]) -> String {
    let mut out = String::with_capacity(64 * (places.len() + 1));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for p in places {
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{}\r\n",
            quote(&p.name),
            p.geonameid.map(|i| i.to_string()).unwrap_or_default(),
            p.kind,
            quote(p.country_code.as_deref().unwrap_or("")),
            round_coord(p.lat),
            round_coord(p.lon),
            p.population,
            p.mentions,
            p.articles.len(),
        );
    }
    out
}

/// Quotes a field when it holds a comma, quote, CR or LF, or starts or ends
/// with a space (which some readers trim); quotes inside are doubled.
fn quote(field: &str) -> std::borrow::Cow<'_, str> {
    let needs =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\"")).into()
    } else {
        field.into()
    }
}

#[cfg(test)]
mod tests {
    use super::super::aggregate;
    use super::super::tests::{mention, result};
    use super::*;
    use crate::gazetteer::Kind;

    #[test]
    fn quoting_table() {
        for (field, want) in [
            ("Kabul", "Kabul"),
            ("Washington, D.C.", "\"Washington, D.C.\""),
            ("The \"Big\" Apple", "\"The \"\"Big\"\" Apple\""),
            ("two\nlines", "\"two\nlines\""),
            (" padded", "\" padded\""),
            ("São Paulo", "São Paulo"),
            ("", ""),
        ] {
            assert_eq!(quote(field), want, "{field:?}");
        }
    }

    #[test]
    fn rows_have_every_column() {
        let places = aggregate(&[
            result(
                "a",
                vec![mention(
                    "Paris",
                    "Paris, Texas",
                    Some(4717560),
                    Kind::City,
                    33.66094,
                    -95.55551,
                )],
            ),
            result(
                "b",
                vec![mention(
                    "Paris",
                    "Paris, Texas",
                    Some(4717560),
                    Kind::City,
                    33.66094,
                    -95.55551,
                )],
            ),
        ]);
        let csv = places_csv(&places);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(
            lines[1],
            "\"Paris, Texas\",4717560,city,AF,33.66094,-95.55551,10,2,2"
        );
        assert_eq!(lines[2], "");
    }
}
