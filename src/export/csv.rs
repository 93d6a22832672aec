//! CSV of places (RFC 4180): one row per [`PlaceSummary`], for spreadsheets.

use super::{round_coord, PlaceSummary};
use std::fmt::Write;

/// The header row.
pub const CSV_HEADER: &str = "name,geonameid,kind,country_code,lat,lon,population,mentions,articles,feature_class,feature_code,country,admin1,admin1_id,admin2,admin2_id,place_id";

/// Places as CSV: header, then one CRLF-terminated row per place. `articles`
/// is the number of articles naming the place; empty cells stand for
/// unknown values.
///
/// ```
/// let csv = eventmap::export::places_csv(&[]);
/// assert!(csv.starts_with("name,geonameid,kind,country_code,lat,lon,population,mentions,articles,"));
/// ```
pub fn places_csv(places: &[PlaceSummary]) -> String {
    let mut out = String::with_capacity(64 * (places.len() + 1));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for p in places {
        let h = &p.hierarchy;
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            quote(&p.name),
            p.geonameid.map(|i| i.to_string()).unwrap_or_default(),
            p.kind,
            quote(p.country_code.as_deref().unwrap_or("")),
            round_coord(p.lat),
            round_coord(p.lon),
            p.population,
            p.mentions,
            p.article_count,
            quote(&p.feature_class),
            quote(&p.feature_code),
            quote(h.country.as_deref().unwrap_or("")),
            quote(h.admin1.as_deref().unwrap_or("")),
            h.admin1_id.map(|i| i.to_string()).unwrap_or_default(),
            quote(h.admin2.as_deref().unwrap_or("")),
            h.admin2_id.map(|i| i.to_string()).unwrap_or_default(),
            quote(p.place_id.as_deref().unwrap_or("")),
        );
    }
    out
}

/// The events of `results` as one CSV text: [`EVENTS_CSV_HEADER`], then
/// each article's rows ([`events_csv_rows`]), CRLF-terminated.
pub fn events_csv(results: &[crate::ArticleResult]) -> String {
    let mut out = format!("{EVENTS_CSV_HEADER}\r\n");
    for r in results {
        events_csv_rows(&mut out, &r.id, &r.events);
    }
    out
}

/// The header row of [`events_csv_rows`].
pub const EVENTS_CSV_HEADER: &str = "article_id,event_type,subtype,acled_event_type,acled_sub_event_type,date,end_date,place,place_source,geonameid,lat,lon,fatalities,injured,mentions,trigger,confidence";

/// Appends one CRLF-terminated CSV row per happening that article
/// `article_id` reports (its events that are first mentions; later
/// mentions have `same_as` and are counted in `mentions`) to `out` (no
/// header: see [`EVENTS_CSV_HEADER`]). Empty cells stand for unknown
/// values.
pub fn events_csv_rows(out: &mut String, article_id: &str, events: &[crate::Event]) {
    let opt_num = |v: Option<f64>| v.map(|x| round_coord(x).to_string()).unwrap_or_default();
    let opt = |v: Option<&str>| quote(v.unwrap_or("")).into_owned();
    for e in events.iter().filter(|e| e.is_first_mention()) {
        let place_source = e.place_source.map(|p| match p {
            crate::events::PlaceSource::Sentence => "sentence",
            crate::events::PlaceSource::Previous => "previous",
            crate::events::PlaceSource::Article => "article",
        });
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            quote(article_id),
            e.kind,
            opt(e.subtype.as_deref()),
            opt(e.acled_event_type.as_deref()),
            opt(e.acled_sub_event_type.as_deref()),
            e.date.as_deref().unwrap_or(""),
            e.end_date.as_deref().unwrap_or(""),
            opt(e.place.as_deref()),
            place_source.unwrap_or(""),
            e.geonameid.map(|i| i.to_string()).unwrap_or_default(),
            opt_num(e.lat),
            opt_num(e.lon),
            e.fatalities.map(|i| i.to_string()).unwrap_or_default(),
            e.injured.map(|i| i.to_string()).unwrap_or_default(),
            e.mentions,
            quote(&e.trigger),
            (e.confidence * 1000.0).round() / 1000.0,
        );
    }
}

/// A text field as a CSV cell (RFC 4180): quoted when it holds a comma,
/// quote, CR or LF, or starts or ends with a space (which some readers
/// trim), quotes inside doubled.
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a `'` in front, as OWASP advises against CSV injection: spreadsheet
/// programs run such a cell as a formula (an article id
/// `=HYPERLINK("http://…")` would become a link in an analyst's sheet).
/// Only text fields pass through here; numbers (a negative longitude) are
/// written as they are.
///
/// Hand-written rather than with the `csv` crate: these few lines are all
/// the quoting the two files need, and the rows are built with `write!`.
fn quote(field: &str) -> std::borrow::Cow<'_, str> {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    match (formula, needs) {
        (false, false) => field.into(),
        (true, false) => format!("'{field}").into(),
        (false, true) => format!("\"{}\"", field.replace('"', "\"\"")).into(),
        (true, true) => format!("\"'{}\"", field.replace('"', "\"\"")).into(),
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
            ("=1+2", "'=1+2"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
            ("a-b", "a-b"),
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
            "\"Paris, Texas\",4717560,city,AF,33.66094,-95.55551,10,2,2,,,Afghanistan,Kabul,1138957,,,"
        );
        assert_eq!(lines[2], "");
    }
}
