//! `lookup`: gazetteer candidates for a name, as a table or JSON.

use super::report::report;
use super::LookupArgs;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

/// One gazetteer candidate as printed by `lookup --json`.
#[derive(Debug, serde::Serialize)]
pub(super) struct Candidate<'g> {
    geonameid: Option<u32>,
    /// The id of a place from a `--gazetteer` file.
    #[serde(skip_serializing_if = "Option::is_none")]
    place_id: Option<&'g str>,
    name: &'g str,
    kind: eventmap::Kind,
    country_code: Option<&'g str>,
    /// The first-level area it lies in (state, province), by name.
    admin1: Option<&'g str>,
    /// The second-level area (county, district) a city lies in, by name.
    admin2: Option<&'g str>,
    lat: f64,
    lon: f64,
    population: u64,
}

pub(super) fn run_lookup(args: LookupArgs) -> Result<ExitCode> {
    let gaz = super::gazetteer();
    let places = gaz.lookup_qualified(&args.name);
    // The blob stores f32: more than 5 decimals would print noise.
    let round5 = |x: f64| (x * 1e5).round() / 1e5;
    let candidates: Vec<Candidate> = places
        .iter()
        .take(args.limit as usize)
        .map(|p| Candidate {
            geonameid: p.geonameid,
            place_id: gaz.user_id(p.index),
            name: p.name,
            kind: p.kind,
            country_code: p.country_code,
            admin1: p.admin1.map(|a| gaz.place(a).name),
            admin2: p.admin2.map(|a| gaz.place(a).name),
            lat: round5(p.lat),
            lon: round5(p.lon),
            population: p.population,
        })
        .collect();
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let mut bytes = serde_json::to_vec_pretty(&candidates)?;
        bytes.push(b'\n');
        stdout.write_all(&bytes)?;
    } else if !candidates.is_empty() {
        stdout.write_all(lookup_table(&candidates).as_bytes())?;
    }
    stdout.flush()?;
    if candidates.is_empty() {
        report(format_args!(
            "{}: no such place in the gazetteer",
            args.name
        ));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn lookup_table(candidates: &[Candidate]) -> String {
    let header = [
        "geonameid",
        "name",
        "kind",
        "cc",
        "admin1",
        "admin2",
        "lat",
        "lon",
        "population",
    ];
    let rows: Vec<[String; 9]> = candidates
        .iter()
        .map(|c| {
            [
                c.geonameid
                    .map(|i| i.to_string())
                    .or(c.place_id.map(str::to_owned))
                    .unwrap_or_else(|| "-".into()),
                c.name.to_string(),
                c.kind.to_string(),
                c.country_code.unwrap_or("-").to_string(),
                c.admin1.unwrap_or("-").to_string(),
                c.admin2.unwrap_or("-").to_string(),
                format!("{:.4}", c.lat),
                format!("{:.4}", c.lon),
                c.population.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    // Numbers right-aligned, words left-aligned.
    let right = [true, false, false, false, false, false, true, true, true];
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut parts = Vec::with_capacity(cells.len());
        for ((cell, &w), &r) in cells.iter().zip(&widths).zip(&right) {
            let pad = " ".repeat(w - cell.chars().count());
            parts.push(if r {
                format!("{pad}{cell}")
            } else {
                format!("{cell}{pad}")
            });
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&header.map(String::from));
    for row in &rows {
        line(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_table_aligns_columns() {
        let c = |id, name, pop| Candidate {
            geonameid: Some(id),
            place_id: None,
            name,
            kind: eventmap::Kind::City,
            country_code: Some("AF"),
            admin1: Some("Kabul"),
            admin2: None,
            lat: 34.52813,
            lon: 69.17233,
            population: pop,
        };
        let t = lookup_table(&[c(1138958, "Kabul", 3_043_532), c(1, "São Paulo", 5)]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("geonameid  name"));
        assert!(lines[1].starts_with("  1138958  Kabul      city"), "{t}");
        assert!(lines[2].contains("São Paulo  city"), "{t}");
        assert!(
            lines[1].ends_with("3043532") && lines[2].ends_with("      5"),
            "{t}"
        );
    }
}
