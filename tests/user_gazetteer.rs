//! `--gazetteer FILE`: a user's own places (TSV or GeoJSON), through the
//! real binary on articles and files written here (issue 18).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_eventmap"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(tmp.path().join(name), bytes).unwrap();
    }
    tmp
}

/// The mentions of the one article `parse` read.
fn mentions(dir: &Path, args: &[&str]) -> Vec<Value> {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    v["mentions"].as_array().unwrap().clone()
}

fn find<'a>(ms: &'a [Value], text: &str) -> Option<&'a Value> {
    ms.iter().find(|m| m["text"] == text)
}

const CAMPS: &[u8] = b"name\tlat\tlon\tkind\tcountry_code\taliases\n\
Zamzam camp\t13.4833\t25.3167\tcamp\tSD\tZamzam|Zam Zam\n\
# comment lines and blank lines are skipped\n\
\n\
Qabul\t34.5281\t69.1723\tcity\tAF\t\n";

const ARTICLE: &[u8] = b"Thousands of families reached Zamzam on Tuesday after fighting spread \
across North Darfur. Aid workers in El Fasher said the camp had no clean water.\n";

#[test]
fn a_users_camp_makes_zamzam_resolve_to_it() {
    let tmp = folder(&[("camps.tsv", CAMPS), ("darfur.txt", ARTICLE)]);
    let without = mentions(tmp.path(), &["parse", "darfur.txt"]);
    assert!(find(&without, "Zamzam").is_none(), "{without:?}");

    let with = mentions(
        tmp.path(),
        &["parse", "darfur.txt", "--gazetteer", "camps.tsv"],
    );
    let z = find(&with, "Zamzam").expect("Zamzam found");
    assert_eq!(z["name"], "Zamzam camp");
    assert_eq!(z["place_id"], "user:1");
    assert!(z["geonameid"].is_null());
    assert_eq!(z["country_code"], "SD");
    assert_eq!(z["country"], "Sudan");
    assert!((z["lat"].as_f64().unwrap() - 13.4833).abs() < 1e-4);
    // The bundled places are resolved as before.
    let fasher = find(&with, "El Fasher").unwrap();
    assert_eq!(fasher, find(&without, "El Fasher").unwrap());
    assert!(fasher.get("place_id").is_none(), "{fasher}");
}

#[test]
fn a_user_name_for_a_bundled_place_is_an_alias() {
    let tmp = folder(&[
        ("camps.tsv", CAMPS),
        (
            "kabul.txt",
            b"Rockets hit Qabul on Monday, officials said.\n",
        ),
    ]);
    let without = mentions(tmp.path(), &["parse", "kabul.txt"]);
    assert!(find(&without, "Qabul").is_none(), "{without:?}");
    let with = mentions(
        tmp.path(),
        &["parse", "kabul.txt", "--gazetteer", "camps.tsv"],
    );
    let q = find(&with, "Qabul").expect("Qabul found");
    assert_eq!(q["geonameid"], 1138958, "{q}");
    assert_eq!(q["name"], "Kabul");
    assert!(q.get("place_id").is_none(), "{q}");
}

#[test]
fn geojson_places_keep_their_ids_and_boxes() {
    let sites = br#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"site-7","properties":{"name":"Block C","aliases":["Sector Charlie"],
       "country_code":"KE","kind":"site"},
       "geometry":{"type":"Polygon","coordinates":[[[40.0,0.0],[40.2,0.0],[40.2,0.1],[40.1,0.1],
         [40.1,0.3],[40.0,0.3],[40.0,0.0]]]}}]}"#;
    let tmp = folder(&[
        ("sites.geojson", sites),
        (
            "kenya.txt",
            b"Floods cut the road to Sector Charlie near Dadaab on Friday.\n",
        ),
    ]);
    let ms = mentions(
        tmp.path(),
        &["parse", "kenya.txt", "--gazetteer", "sites.geojson"],
    );
    let c = find(&ms, "Sector Charlie").expect("found");
    assert_eq!(c["place_id"], "site-7");
    assert_eq!(c["bbox"], serde_json::json!([40.0, 0.0, 40.2, 0.3]));
    // A point inside the L-shaped block, not its box's centre (40.1, 0.15).
    let (lat, lon) = (c["lat"].as_f64().unwrap(), c["lon"].as_f64().unwrap());
    assert!(
        (40.0..=40.1).contains(&lon) && (0.0..=0.3).contains(&lat) && lon < 40.1,
        "{lat} {lon}"
    );

    // GeoJSON and CSV outputs carry the id.
    let r = run(
        tmp.path(),
        &["geojson", "kenya.txt", "--gazetteer", "sites.geojson"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fc: Value = serde_json::from_str(&r.stdout).unwrap();
    let f = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Block C")
        .expect("feature");
    assert_eq!(f["id"], "site-7");
    assert_eq!(f["properties"]["place_id"], "site-7");
    let r = run(
        tmp.path(),
        &[
            "geojson",
            "kenya.txt",
            "--gazetteer",
            "sites.geojson",
            "-o",
            "places.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(tmp.path().join("places.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",place_id"), "{csv}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Block C,") && l.ends_with(",site-7")),
        "{csv}"
    );
}

#[test]
fn lookup_and_batch_see_the_users_places() {
    let tmp = folder(&[("camps.tsv", CAMPS), ("darfur.txt", ARTICLE)]);
    let r = run(
        tmp.path(),
        &["lookup", "zam zam", "--gazetteer", "camps.tsv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .nth(1)
            .unwrap()
            .contains("user:1  Zamzam camp"),
        "{}",
        r.stdout
    );
    let r = run(
        tmp.path(),
        &[
            "batch",
            "darfur.txt",
            "--out",
            "b",
            "-q",
            "--gazetteer",
            "camps.tsv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(tmp.path().join("b/places.csv")).unwrap();
    assert!(csv.contains("Zamzam camp,"), "{csv}");
}

#[test]
fn bad_gazetteer_files_get_one_line_errors_naming_file_and_line() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "a.tsv",
            b"name\tlat\tlon\nGood\t1\t2\nBad\t95\t2\n",
            "a.tsv:3: lat 95 is not between -90 and 90",
        ),
        ("b.tsv", b"place\tx\ty\nA\t1\t2\n", "b.tsv:1: the header row must name"),
        (
            "c.tsv",
            b"name\tlat\tlon\tkind\nA\t1\t2\tspaceport\n",
            "c.tsv:2: unknown kind \"spaceport\"",
        ),
        ("d.tsv", b"name\tlat\tlon\n", "d.tsv: no places in the file"),
        ("e.tsv", b"name\tlat\tlon\n\xff\xfe\t1\t2\n", "e.tsv: not UTF-8 text"),
        ("f.geojson", b"{\"type\": \"Feature\"", "f.geojson: not GeoJSON"),
        (
            "g.geojson",
            br#"{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}"#,
            "g.geojson: feature 1: the geometry must be a Point, Polygon or MultiPolygon",
        ),
        (
            "h.tsv",
            b"name\tlat\tlon\tid\nA\t1\t2\tx1\nB\t3\t4\tx1\n",
            "h.tsv:3: id \"x1\" is already used at h.tsv:2",
        ),
    ];
    for (name, bytes, want) in cases {
        let tmp = folder(&[(name, bytes), ("darfur.txt", ARTICLE)]);
        let r = run(tmp.path(), &["parse", "darfur.txt", "--gazetteer", name]);
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{name}");
        let err = r.stderr.trim_end();
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(
            err.starts_with(&format!("eventmap: --gazetteer: {want}")),
            "{name}: {err}"
        );
    }
    let tmp = folder(&[("darfur.txt", ARTICLE)]);
    let r = run(
        tmp.path(),
        &["parse", "darfur.txt", "--gazetteer", "missing.tsv"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("eventmap: --gazetteer: missing.tsv: "),
        "{}",
        r.stderr
    );
}
