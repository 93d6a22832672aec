//! The real `eventmap` binary, run in a temporary directory on the sample
//! articles the project ships and on deliberately broken inputs. Output is
//! parsed before it is compared.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn eventmap(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eventmap"));
    cmd.current_dir(dir);
    cmd
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/articles")
        .join(name)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn mentions(article: &Value) -> &Vec<Value> {
    article["mentions"].as_array().expect("mentions array")
}

fn find<'a>(article: &'a Value, name: &str) -> Option<&'a Value> {
    mentions(article).iter().find(|m| m["name"] == name)
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

/// Every feature is a Point at [lon, lat] inside the collection's bbox.
fn check_feature_collection(fc: &Value) -> usize {
    assert_eq!(fc["type"], "FeatureCollection");
    let features = fc["features"].as_array().unwrap();
    if features.is_empty() {
        return 0;
    }
    let b: Vec<f64> = fc["bbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(b.len(), 4);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        assert!(
            b[0] <= lon && lon <= b[2] && b[1] <= lat && lat <= b[3],
            "{f} outside {b:?}"
        );
        let keys: &[&str] = match f["properties"]["kind"].as_str() {
            Some("place") => &[
                "name",
                "geonameid",
                "place_kind",
                "country_code",
                "population",
                "mentions",
                "articles",
                "surface_forms",
                "confidence",
            ],
            Some("event") => &[
                "event_type",
                "trigger",
                "date",
                "date_source",
                "place",
                "geonameid",
                "article_id",
                "sentence",
                "confidence",
            ],
            other => panic!("feature kind {other:?} in {f}"),
        };
        for key in keys {
            assert!(f["properties"].get(key).is_some(), "{key} missing in {f}");
        }
    }
    features.len()
}

#[test]
fn parse_finds_kabul_and_afghanistan_but_no_people() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("parse")
        .arg(sample("afghanistan.txt")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let articles = jsonl(&r.stdout);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["id"], "afghanistan");
    assert_eq!(a["date"], "2021-09-03");
    let kabul = find(a, "Kabul").expect("Kabul found");
    assert_eq!(kabul["geonameid"], 1138958);
    assert_eq!(kabul["kind"], "city");
    assert_eq!(kabul["country_code"], "AF");
    let afg = mentions(a)
        .iter()
        .find(|m| m["text"] == "Afghanistan")
        .expect("Afghanistan found");
    assert_eq!(afg["geonameid"], 1149361);
    assert_eq!(afg["kind"], "country");
    for m in mentions(a) {
        for person in ["Putin", "Vladimir", "Massoud", "Ahmad"] {
            let text = m["text"].as_str().unwrap();
            assert!(!text.contains(person), "a person became a place: {m}");
        }
        // Offsets are character offsets into the text.
        let (start, end) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
        assert!(start < end, "{m}");
        for key in [
            "start",
            "end",
            "text",
            "name",
            "geonameid",
            "kind",
            "country_code",
            "lat",
            "lon",
            "confidence",
        ] {
            assert!(m.get(key).is_some(), "{key} missing in {m}");
        }
    }
}

#[test]
fn parse_json_format_is_one_array_and_jsonl_reads_every_record() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .args(["parse", "--format", "json"])
        .arg(sample("sample.jsonl")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["europe-rail-strike", "springfield-budget", "lagos-port"]
    );
}

#[test]
fn parse_writes_to_file_and_date_fills_missing_dates() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(tmp.path().join("a.jsonl"), "{\"id\":\"x\",\"text\":\"Rain in Lagos.\"}\n{\"id\":\"y\",\"text\":\"Sun in Lagos.\",\"date\":\"2020-01-02\"}\n").unwrap();
    let r = run(eventmap(tmp.path()).args([
        "parse",
        "a.jsonl",
        "--date",
        "2022-11-21",
        "-o",
        "out.jsonl",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let got = jsonl(&std::fs::read_to_string(tmp.path().join("out.jsonl")).unwrap());
    assert_eq!(got[0]["date"], "2022-11-21");
    assert_eq!(got[1]["date"], "2020-01-02");
}

#[test]
fn bad_date_is_a_usage_error() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "x.txt", "--date", "2021-02-30"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2021-02-30"), "{}", r.stderr);
}

#[test]
fn stdin_is_read_as_jsonl() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .args(["parse", "-"])
        .write_stdin("{\"id\":\"s1\",\"text\":\"Traders in Kabul said prices rose.\"}\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got[0]["id"], "s1");
    assert!(find(&got[0], "Kabul").is_some(), "{}", r.stdout);
}

#[test]
fn geojson_features_lie_inside_bbox_in_lon_lat_order() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("geojson")
        .arg(sample("afghanistan.txt"))
        .arg(sample("sample.jsonl")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(check_feature_collection(&fc) > 3);
    let kabul = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["geonameid"] == 1138958)
        .expect("Kabul feature");
    let c = &kabul["geometry"]["coordinates"];
    // Kabul is at 34.5° N, 69.2° E: [lon, lat] puts 69 first.
    assert!((c[0].as_f64().unwrap() - 69.17).abs() < 0.1, "{c}");
    assert!((c[1].as_f64().unwrap() - 34.53).abs() < 0.1, "{c}");
    // No demonym features.
    assert!(fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["properties"]["kind"] != "demonym"));
}

#[test]
fn ogrinfo_reads_the_geojson() {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("places.geojson");
    let r = run(eventmap(tmp.path())
        .arg("geojson")
        .arg(sample("sample.jsonl"))
        .arg("-o")
        .arg(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let n = check_feature_collection(&fc);
    let ogr = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&path)
        .output();
    let Ok(ogr) = ogr else {
        println!("skipping the ogrinfo check: ogrinfo not found (install gdal-bin)");
        return;
    };
    let text = String::from_utf8_lossy(&ogr.stdout);
    assert!(
        ogr.status.success(),
        "ogrinfo failed: {}",
        String::from_utf8_lossy(&ogr.stderr)
    );
    assert!(text.contains(&format!("Feature Count: {n}")), "{text}");
    assert!(text.contains("Point"), "{text}");
}

#[test]
fn geojson_seq_writes_one_record_per_article() {
    let tmp = TempDir::new().unwrap();
    let out = eventmap(tmp.path())
        .args(["geojson", "--seq"])
        .arg(sample("sample.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let records: Vec<&[u8]> = out.stdout.split(|&b| b == 0x1e).collect();
    assert!(records[0].is_empty(), "output starts with RS");
    assert_eq!(records.len() - 1, 3);
    for rec in &records[1..] {
        assert_eq!(rec.last(), Some(&b'\n'));
        let fc: Value = serde_json::from_slice(rec).unwrap();
        check_feature_collection(&fc);
        assert!(fc["article_id"].is_string());
    }
}

#[test]
fn geojson_to_csv_file() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("geojson")
        .arg(sample("sample.jsonl"))
        .args(["-o", "places.csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(tmp.path().join("places.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "name,geonameid,kind,country_code,lat,lon,population,mentions,articles,\
             feature_class,feature_code,country,admin1,admin1_id,admin2,admin2_id,place_id"
        )
    );
    assert!(lines.any(|l| l.starts_with("Lagos,")), "{csv}");
}

#[test]
fn geojson_events_layer_to_csv_file_writes_the_events() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("geojson")
        .arg(sample("sample.jsonl"))
        .args(["--layer", "events", "-o", "events.csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(tmp.path().join("events.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(eventmap::export::EVENTS_CSV_HEADER));
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty(), "{csv}");
    assert!(rows.iter().all(|l| !l.starts_with("Lagos,")), "{csv}");
}

#[test]
fn map_writes_png_of_requested_size_and_svg_with_text() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("map")
        .arg(sample("afghanistan.txt"))
        .args(["-o", "m.png", "--width", "800", "--height", "500"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        png_size(&std::fs::read(tmp.path().join("m.png")).unwrap()),
        (800, 500)
    );

    let r = run(eventmap(tmp.path())
        .arg("map")
        .arg(sample("afghanistan.txt"))
        .args(["-o", "m.svg", "--title", "Panjshir & Kabul"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(tmp.path().join("m.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("<text"));
    assert!(svg.contains("Panjshir &amp; Kabul"));
    assert!(svg.contains("Kabul"));
}

#[test]
fn map_rejects_unknown_image_extension() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("map")
        .arg(sample("afghanistan.txt"))
        .args(["-o", "m.jpg"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("m.jpg"), "{}", r.stderr);
    assert!(!tmp.path().join("m.jpg").exists());
}

#[test]
fn lookup_kabul_json_lists_the_city_first() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path()).args(["lookup", "Kabul", "--json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let first = &v[0];
    assert_eq!(first["geonameid"], 1138958);
    assert_eq!(first["kind"], "city");
    assert_eq!(first["country_code"], "AF");
    assert_eq!(first["admin2"], "Kabul", "the city's district");
    for key in ["name", "lat", "lon", "population"] {
        assert!(first.get(key).is_some(), "{key}");
    }

    let r = run(eventmap(tmp.path()).args(["lookup", "kabul", "--limit", "1"]));
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "header + 1 row: {}", r.stdout);
    assert!(lines[1].contains("1138958") && lines[1].contains("Kabul"));

    let r = run(eventmap(tmp.path()).args(["lookup", "Qqxxzzyy", "--json"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn empty_and_binary_files_are_reported_by_name() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(tmp.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        tmp.path().join("blob.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("good.txt"),
        "Shops in Kabul reopened on Monday.",
    )
    .unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "empty.txt", "blob.txt", "good.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("empty.txt: empty input"), "{}", r.stderr);
    assert!(r.stderr.contains("blob.txt: binary file"), "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["id"], "good");
    assert!(!r.stderr.contains("panicked"));
}

/// When not one input can be read, no output file is written: an earlier
/// file of the same name is left as it was, and a new one is not created.
#[test]
fn nothing_is_written_when_every_input_fails() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(tmp.path().join("blob.txt"), b"\x7fELF\x02\x01\x01\0\0\0\0").unwrap();
    std::fs::write(tmp.path().join("map.png"), "an earlier map").unwrap();
    let cases: [&[&str]; 5] = [
        &["map", "blob.txt", "-o", "map.png"],
        &["parse", "blob.txt", "-o", "out.jsonl"],
        &["geojson", "blob.txt", "-o", "out.geojson"],
        &["geojson", "--seq", "blob.txt", "-o", "out.geojsons"],
        &["timeline", "blob.txt", "-o", "timeline.png"],
    ];
    for args in cases {
        let r = run(eventmap(tmp.path()).args(args));
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("blob.txt: binary file"), "{}", r.stderr);
        let target = args[args.len() - 1];
        assert!(
            r.stderr
                .contains(&format!("{target}: not written: no input could be read")),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("wrote"), "{args:?}: {}", r.stderr);
    }
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["blob.txt", "map.png"]);
    assert_eq!(
        std::fs::read(tmp.path().join("map.png")).unwrap(),
        b"an earlier map"
    );
    // One good input among bad ones is still written.
    std::fs::write(tmp.path().join("good.txt"), "Shops in Kabul reopened.").unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "blob.txt", "good.txt", "-o", "out.jsonl"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("wrote out.jsonl"), "{}", r.stderr);
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let tmp = TempDir::new().unwrap();
    // Windows-1252 alone is recognised; UTF-8 with a stray byte is lossy.
    std::fs::write(
        tmp.path().join("latin1.txt"),
        b"Caf\xe9 owners in Kabul said trade had slowed.",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("mixed.txt"),
        b"Caf\xc3\xa9 owners in Kabul said \xff trade had slowed.",
    )
    .unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "latin1.txt", "mixed.txt"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("latin1.txt: warning: not UTF-8; decoded as Windows-1252"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("mixed.txt: warning: invalid UTF-8"),
        "{}",
        r.stderr
    );
    let got = jsonl(&r.stdout);
    assert!(find(&got[0], "Kabul").is_some(), "{}", r.stdout);
    assert_eq!(got[1]["id"], "mixed");
    assert!(find(&got[1], "Kabul").is_some(), "{}", r.stdout);
}

#[test]
fn missing_file_fails_alone() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(
        tmp.path().join("good.txt"),
        "Shops in Kabul reopened on Monday.",
    )
    .unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "no-such-article.txt", "good.txt"]));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no-such-article.txt"), "{}", r.stderr);
    assert_eq!(
        jsonl(&r.stdout).len(),
        1,
        "the good input is still processed"
    );
}

#[test]
fn malformed_jsonl_line_names_file_and_line() {
    let tmp = TempDir::new().unwrap();
    std::fs::write(
        tmp.path().join("feed.jsonl"),
        "{\"id\":\"a\",\"text\":\"Rain in Lagos.\"}\n{\"id\":\"b\",\"text\":\n\n{\"id\":\"c\"}\n{\"id\":\"d\",\"text\":\"Heat in Kabul.\"}\n",
    )
    .unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "feed.jsonl"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("feed.jsonl:2: malformed JSON"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("feed.jsonl:4: record has no \"text\""),
        "{}",
        r.stderr
    );
    let ids: Vec<String> = jsonl(&r.stdout)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "d"]);
}

#[test]
fn folder_input_reads_its_article_files() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("b.txt"), "Heat in Kabul.").unwrap();
    std::fs::write(
        dir.join("a.jsonl"),
        "{\"id\":\"a1\",\"text\":\"Rain in Lagos.\"}\n",
    )
    .unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/notes.md"), "Wind in Lima.").unwrap();
    std::fs::write(dir.join("scan.pdf"), "ignored: not an article file").unwrap();
    let r = run(eventmap(tmp.path()).args(["parse", "in"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids: Vec<String> = jsonl(&r.stdout)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a1", "b", "notes"]);
}

#[test]
fn unwritable_output_exits_2_naming_the_path() {
    let tmp = TempDir::new().unwrap();
    for args in [
        &["geojson", "-o", "no/such/dir/out.geojson"][..],
        &["parse", "-o", "no/such/dir/out.geojson"][..],
        &["map", "-o", "no/such/dir/out.geojson.png"][..],
    ] {
        let r = run(eventmap(tmp.path())
            .args(args)
            .arg(sample("afghanistan.txt")));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("no/such/dir/out.geojson"),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(r.stderr.trim().lines().count(), 1, "one line: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"));
    }
}

#[test]
fn no_input_uses_the_bundled_sample_and_writes_output_folder() {
    let tmp = TempDir::new().unwrap();
    for cmd in ["parse", "geojson", "map"] {
        let r = run(eventmap(tmp.path()).arg(cmd));
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
    }
    let out = tmp.path().join("output");
    let articles = jsonl(&std::fs::read_to_string(out.join("sample.jsonl")).unwrap());
    assert!(articles.len() >= 4, "{}", articles.len());
    let fc: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sample.geojson")).unwrap())
            .unwrap();
    assert!(check_feature_collection(&fc) > 5);
    assert_eq!(
        png_size(&std::fs::read(out.join("sample.png")).unwrap()),
        (1600, 1000)
    );
    let svg = std::fs::read_to_string(out.join("sample.svg")).unwrap();
    assert!(svg.contains("<text"));
    // Labels take the article's spelling ("the Panjshir valley"), not
    // GeoNames' "Panjshayr".
    assert!(svg.contains("Panjshir") && !svg.contains("Panjshayr"));
}

fn events_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/events.jsonl")
}

#[test]
fn timeline_writes_png_of_requested_size_and_svg_with_legend() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .arg("timeline")
        .arg(events_file())
        .args(["-o", "t.png", "--width", "900", "--height", "450"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        png_size(&std::fs::read(tmp.path().join("t.png")).unwrap()),
        (900, 450)
    );
    let r = run(eventmap(tmp.path())
        .arg("timeline")
        .arg(events_file())
        .args(["-o", "t.svg"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(tmp.path().join("t.svg")).unwrap();
    assert!(
        svg.contains("Attack") && svg.contains("Displacement"),
        "legend"
    );
    // A bad extension is a usage error and writes nothing.
    let r = run(eventmap(tmp.path())
        .arg("timeline")
        .arg(events_file())
        .args(["-o", "t.gif"]));
    assert_eq!(r.code, 2);
    assert!(!tmp.path().join("t.gif").exists());
}

#[test]
fn map_events_draws_an_events_legend_only_when_asked() {
    let tmp = TempDir::new().unwrap();
    for (flag, file) in [(true, "with.svg"), (false, "without.svg")] {
        let mut cmd = eventmap(tmp.path());
        cmd.arg("map").arg(events_file()).args(["-o", file]);
        if flag {
            cmd.arg("--events");
        }
        let r = run(&mut cmd);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let with = std::fs::read_to_string(tmp.path().join("with.svg")).unwrap();
    let without = std::fs::read_to_string(tmp.path().join("without.svg")).unwrap();
    // The legend lists each type with its count ("Attack (7)").
    assert!(with.contains("Attack ("), "events legend missing");
    assert!(!without.contains("Attack ("));
}

#[test]
fn geojson_layers_split_places_and_events() {
    let tmp = TempDir::new().unwrap();
    let kinds = |layer: &str| -> std::collections::BTreeSet<String> {
        let r = run(eventmap(tmp.path())
            .arg("geojson")
            .arg(events_file())
            .args(["--layer", layer]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        let fc: Value = serde_json::from_str(&r.stdout).unwrap();
        check_feature_collection(&fc);
        fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(kinds("places"), ["place".to_owned()].into());
    assert_eq!(kinds("events"), ["event".to_owned()].into());
    assert_eq!(
        kinds("all"),
        ["event".to_owned(), "place".to_owned()].into()
    );
}

#[test]
fn parse_dates_events_from_the_date_option() {
    let tmp = TempDir::new().unwrap();
    let r = run(eventmap(tmp.path())
        .args(["parse", "-", "--date", "2021-09-01"])
        .write_stdin(r#"{"id":"a","text":"Floods hit Dhaka yesterday."}"#));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &jsonl(&r.stdout)[0];
    let e = &out["events"][0];
    assert_eq!(e["type"], "natural_disaster");
    assert_eq!(e["date"], "2021-08-31");
    assert_eq!(e["date_text"], "yesterday");
    assert_eq!(e["place"], "Dhaka");
}

#[test]
fn map_style_options_are_honoured() {
    let tmp = TempDir::new().unwrap();
    // Dark theme, Mercator, the whole world, countries shaded: the PNG has
    // the size asked for and is mostly dark.
    let r = run(eventmap(tmp.path()).arg("map").args([
        "--theme",
        "dark",
        "--projection",
        "mercator",
        "--extent",
        "world",
        "--choropleth",
        "mentions",
        "-o",
        "dark.png",
        "--width",
        "640",
        "--height",
        "400",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let png = std::fs::read(tmp.path().join("dark.png")).unwrap();
    assert_eq!(png_size(&png), (640, 400));

    // A box extent given with a negative first number, a subtitle, and the
    // choropleth legend in the SVG.
    let r = run(eventmap(tmp.path())
        .arg("map")
        .arg(sample("afghanistan.txt"))
        .args(["--extent", "-10,25,80,60", "--choropleth", "mentions"])
        .args(["--subtitle", "Talks & fighting", "-o", "m.svg"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = std::fs::read_to_string(tmp.path().join("m.svg")).unwrap();
    assert!(svg.contains("Talks &amp; fighting"));
    assert!(svg.contains("Mentions per country"));
    assert!(svg.contains("GeoNames (CC BY 4.0)"));
}

#[test]
fn bad_map_options_are_usage_errors() {
    let tmp = TempDir::new().unwrap();
    for (flag, value, says) in [
        ("--extent", "1,2,3", "bad extent"),
        ("--extent", "0,50,10,40", "bad extent"),
        ("--projection", "robinson", "unknown projection"),
        ("--theme", "sepia", "unknown theme"),
        ("--choropleth", "population", "mentions"),
    ] {
        let r = run(eventmap(tmp.path())
            .arg("map")
            .arg(sample("afghanistan.txt"))
            .args([flag, value, "-o", "m.png"]));
        assert_eq!(r.code, 2, "{flag} {value}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{flag} {value}: {}", r.stderr);
        assert!(!tmp.path().join("m.png").exists());
    }
}
