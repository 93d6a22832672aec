//! The hierarchy fields, `--focus`, `--only-in`, `--kinds`,
//! `parse --candidates` and the story's focus, through the real binary on
//! articles written here (issue 18).

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs eventmap in `dir` with `args`.
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

/// A temporary folder holding the given files.
fn folder(files: &[(&str, &str)]) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    tmp
}

/// `parse` of one file: its one article.
fn parse(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["parse"];
    all.extend_from_slice(args);
    let r = run(dir, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(r.stdout.lines().next().expect("one line")).unwrap()
}

/// The mentions' (text, geonameid).
fn ids(article: &Value) -> Vec<(String, u64)> {
    article["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["text"].as_str().unwrap().to_string(),
                m["geonameid"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const PARIS_TEXAS: u64 = 4717560;
const TEXAS: u64 = 4736286;
const LAMAR_COUNTY: u64 = 4705086;

#[test]
fn hierarchy_fields_reach_parse_geojson_and_csv() {
    let tmp = folder(&[("a.txt", "Heavy rain fell on Paris, Texas, on Monday.\n")]);
    let a = parse(tmp.path(), &["a.txt"]);
    let paris = &a["mentions"][0];
    assert_eq!(paris["geonameid"], PARIS_TEXAS, "{paris}");
    assert_eq!(paris["country"], "United States");
    assert_eq!(paris["admin1"], "Texas");
    assert_eq!(paris["admin1_id"], TEXAS);
    assert_eq!(paris["admin2"], "Lamar County");
    assert_eq!(paris["admin2_id"], LAMAR_COUNTY);
    assert_eq!(paris["feature_code"], "PPL");
    assert!(paris["population"].as_u64().unwrap() > 10_000, "{paris}");
    // A state lies in a country and in no state.
    let texas = &a["mentions"][1];
    assert_eq!(texas["kind"], "admin1");
    assert_eq!(texas["country"], "United States");
    assert!(
        texas["admin1"].is_null() && texas["admin2"].is_null(),
        "{texas}"
    );

    let r = run(tmp.path(), &["geojson", "a.txt", "--layer", "places"]);
    let fc: Value = serde_json::from_str(&r.stdout).unwrap();
    let f = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == PARIS_TEXAS)
        .expect("Paris feature");
    let p = &f["properties"];
    assert_eq!(
        (
            &p["country"],
            &p["admin1"],
            &p["admin1_id"],
            &p["admin2_id"]
        ),
        (
            &Value::from("United States"),
            &Value::from("Texas"),
            &Value::from(TEXAS),
            &Value::from(LAMAR_COUNTY)
        )
    );
    assert_eq!(
        (&p["feature_class"], &p["feature_code"]),
        (&"P".into(), &"PPL".into())
    );

    let r = run(tmp.path(), &["geojson", "a.txt", "-o", "p.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(tmp.path().join("p.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[1] == PARIS_TEXAS.to_string())
        .expect("Paris row");
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("admin1"), "Texas");
    assert_eq!(cell("admin2"), "Lamar County");
    assert_eq!(cell("admin2_id"), LAMAR_COUNTY.to_string());
    assert_eq!(cell("country"), "United States");
    assert_eq!(cell("feature_code"), "PPL");
}

/// An article about Texas border towns that names Paris once: the towns
/// place it in Texas (the resolver once left it out), and `--focus US`
/// keeps it there with all the bias on one namesake.
#[test]
fn focus_us_flips_paris_to_texas_and_nothing_else_without_it() {
    let text = "Border towns such as Laredo and Brownsville saw more trucks this month. \
                Paris also reported more traffic.\n";
    let tmp = folder(&[("t.txt", text)]);
    let plain = ids(&parse(tmp.path(), &["t.txt"]));
    assert_eq!(
        plain,
        [
            ("Laredo".to_string(), 4705349),
            ("Brownsville".to_string(), 4676740),
            ("Paris".to_string(), PARIS_TEXAS)
        ]
    );
    let a = parse(tmp.path(), &["t.txt", "--focus", "us"]);
    let focused = ids(&a);
    assert!(
        focused.contains(&("Paris".to_string(), PARIS_TEXAS)),
        "{focused:?}"
    );
    // The bonus goes to one namesake per country, so the confidence is
    // not spread over every US Paris (it was 0.71 when all shared it).
    let paris = a["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["geonameid"] == PARIS_TEXAS)
        .unwrap();
    assert!(paris["confidence"].as_f64().unwrap() > 0.9, "{paris}");
    // "The mayors of Tyler and Paris met": with nothing else to place it,
    // the bias toward the US must not leave Paris in France.
    let tmp = folder(&[(
        "m.txt",
        "The mayors of Tyler and Paris met to talk about the new highway.\n",
    )]);
    let m = parse(tmp.path(), &["m.txt", "--focus", "US"]);
    assert!(
        m["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["country_code"] != "FR"),
        "{m}"
    );
    // A qualifier still wins over the bias.
    let tmp = folder(&[("f.txt", "Talks resumed in Paris, France, on Monday.\n")]);
    let a = parse(tmp.path(), &["f.txt", "--focus", "US"]);
    assert_eq!(a["mentions"][0]["country_code"], "FR", "{a}");
    // Bad codes are one-line usage errors.
    for bad in ["XX", "USA", ""] {
        let r = run(tmp.path(), &["parse", "f.txt", "--focus", bad]);
        assert_eq!(r.code, 2, "{bad:?}");
        assert!(r.stderr.starts_with("error: invalid value"), "{}", r.stderr);
    }
}

#[test]
fn only_in_and_kinds_drop_places_and_say_how_many() {
    let text = "Flights from Kabul to Moscow resumed, officials in Afghanistan said.\n";
    let tmp = folder(&[("k.txt", text)]);
    let all = ids(&parse(tmp.path(), &["k.txt"]));
    assert_eq!(all.len(), 3, "{all:?}");

    let r = run(tmp.path(), &["parse", "k.txt", "--only-in", "af"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    let names: Vec<String> = ids(&a).into_iter().map(|m| m.0).collect();
    assert_eq!(names, ["Kabul", "Afghanistan"]);
    assert!(
        r.stderr
            .contains("--only-in af: dropped 1 of 3 place mentions"),
        "{}",
        r.stderr
    );
    // A box around Moscow keeps Moscow alone.
    let a = parse(tmp.path(), &["k.txt", "--only-in", "30,50,45,60"]);
    let names: Vec<String> = ids(&a).into_iter().map(|m| m.0).collect();
    assert_eq!(names, ["Moscow"]);
    // Kinds, and the focus follows what is kept.
    let a = parse(tmp.path(), &["k.txt", "--kinds", "country"]);
    let names: Vec<String> = ids(&a).into_iter().map(|m| m.0).collect();
    assert_eq!(names, ["Afghanistan"]);
    assert_eq!(a["focus"]["cities"], Value::Array(vec![]));
    // The GeoJSON of a filtered run holds only what is kept.
    let r = run(
        tmp.path(),
        &["geojson", "k.txt", "--kinds", "city", "--layer", "places"],
    );
    let fc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(fc["features"].as_array().unwrap().len(), 2);
    assert!(
        r.stderr.contains("--kinds city: dropped 1 of 3"),
        "{}",
        r.stderr
    );

    let r = run(tmp.path(), &["parse", "k.txt", "--kinds", "city,town"]);
    assert_eq!(r.code, 2);
    let first = r.stderr.lines().next().unwrap();
    assert!(first.contains("unknown kind \"town\""), "{first}");
    let r = run(
        tmp.path(),
        &["map", "k.txt", "--only-in", "1,2,3", "-o", "m.png"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--only-in"), "{}", r.stderr);
    assert!(!tmp.path().join("m.png").exists());
}

#[test]
fn candidates_are_ranked_with_scores_and_distances() {
    let tmp = folder(&[(
        "c.txt",
        "Protesters marched in Paris and Lyon on Saturday.\n",
    )]);
    let plain = parse(tmp.path(), &["c.txt"]);
    assert!(plain["mentions"][0].get("candidates").is_none());
    let a = parse(tmp.path(), &["c.txt", "--candidates", "3"]);
    let m = &a["mentions"][0];
    assert_eq!(m["text"], "Paris");
    let cands = m["candidates"].as_array().unwrap();
    assert_eq!(cands.len(), 3, "{m}");
    assert_eq!(cands[0]["chosen"], true);
    assert_eq!(cands[0]["geonameid"], m["geonameid"]);
    assert_eq!(cands[0]["distance_km"], 0.0);
    let scores: Vec<f64> = cands.iter().map(|c| c["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for c in &cands[1..] {
        assert_eq!(c["chosen"], false);
        assert!(c["distance_km"].as_f64().unwrap() > 0.0, "{c}");
        assert!(c["name"].as_str().unwrap().contains("Paris"), "{c}");
        assert!(c["country_code"].is_string());
    }
    // The choice is the same as without the flag.
    assert_eq!(ids(&plain), ids(&a));
    let r = run(tmp.path(), &["parse", "c.txt", "--candidates", "0"]);
    assert_eq!(r.code, 2);
}

const AFGHAN: &str = "Fighting near Kandahar\n\nTaliban fighters attacked a checkpoint outside \
Kandahar on Sunday, officials said.\nThe governor said reinforcements had arrived from Kabul. \
Officials in Pakistan closed the border crossing at Chaman.\n";
const TEXAN: &str = "Floods close roads in Houston\n\nHeavy rain flooded streets across Houston \
on Monday.\nCrews in Galveston and Beaumont also cleared water. The governor of Texas met \
officials in Austin, and Louisiana sent boats.\n";
const GRAIN: &str = "Brazil and Argentina sign grain deal\n\nMinisters from Brazil and Argentina \
met in Brasilia on Tuesday to sign a grain deal.\nExports will leave from Santos and Rosario. \
Buyers in China welcomed the deal, and prices rose in Chicago.\n";

/// (name, score) of a focus level.
fn level(article: &Value, name: &str) -> Vec<(String, f64)> {
    article["focus"][name]
        .as_array()
        .unwrap_or_else(|| panic!("no focus.{name}: {article}"))
        .iter()
        .map(|e| {
            assert!(e["id"].is_u64(), "{e}");
            (
                e["name"].as_str().unwrap().to_string(),
                e["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_focus_of_three_articles() {
    let tmp = folder(&[("1.txt", AFGHAN), ("2.txt", TEXAN), ("3.txt", GRAIN)]);
    let r = run(tmp.path(), &["parse", "1.txt", "2.txt", "3.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let arts: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    // Kandahar: in the title and twice in the lead; its province and
    // country come first, Pakistan (named once, later) second.
    let c = level(&arts[0], "countries");
    assert_eq!(c[0].0, "Afghanistan");
    assert_eq!(c[1].0, "Pakistan");
    assert!(c[0].1 > 2.0 * c[1].1, "{c:?}");
    assert_eq!(level(&arts[0], "cities")[0].0, "Kandahār");
    assert_eq!(level(&arts[0], "admin1")[0].0, "Kandahār");

    // Houston: the title and the lead; every Texan city counts for
    // Texas, so Texas leads admin1 far ahead of Louisiana (named once).
    let c = level(&arts[1], "countries");
    assert_eq!(c, [("United States".to_string(), 1.0)]);
    let a1 = level(&arts[1], "admin1");
    assert_eq!(a1[0].0, "Texas");
    assert!(a1[0].1 > 0.8, "{a1:?}");
    let cities = level(&arts[1], "cities");
    assert_eq!(cities[0].0, "Houston");
    assert!(cities[0].1 > 0.5, "{cities:?}");

    // Brazil and Argentina are both in the title and the lead; Brazil's
    // capital tips it; China, named once late, is under the threshold.
    let c = level(&arts[2], "countries");
    let names: Vec<&str> = c.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(&names[..2], ["Brazil", "Argentina"]);
    assert!(!names.contains(&"China"), "{c:?}");
    assert_eq!(level(&arts[2], "cities")[0].0, "Brasília");
    for a in &arts {
        for name in ["countries", "admin1", "cities"] {
            let total: f64 = level(a, name).iter().map(|e| e.1).sum();
            // Shares are rounded to three decimals each.
            assert!(total <= 1.003, "{name}: {total}");
        }
    }

    // The same focus rides on each --seq record and in batch summary.json.
    let r = run(tmp.path(), &["geojson", "--seq", "1.txt", "2.txt", "3.txt"]);
    let recs: Vec<Value> = r
        .stdout
        .split('\u{1e}')
        .filter(|s| !s.trim().is_empty())
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    assert_eq!(recs.len(), 3);
    for (rec, art) in recs.iter().zip(&arts) {
        assert_eq!(rec["focus"], art["focus"], "{}", rec["article_id"]);
    }
    let r = run(
        tmp.path(),
        &[
            "batch", "1.txt", "2.txt", "3.txt", "--out", "b", "--no-map", "-q",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let read = |p: &str| std::fs::read_to_string(tmp.path().join("b").join(p)).unwrap();
    let summary: Value = serde_json::from_str(&read("summary.json")).unwrap();
    let countries = summary["focus"]["countries"].as_array().unwrap();
    let listed: Vec<&str> = countries
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for want in [
        "Afghanistan",
        "United States",
        "Brazil",
        "Argentina",
        "Pakistan",
    ] {
        assert!(listed.contains(&want), "{want}: {listed:?}");
    }
    assert_eq!(countries[0]["articles"], 1);
    assert!(summary.get("dropped").is_none());
    let article: Value = serde_json::from_str(&read("articles/2.geojson")).unwrap();
    assert_eq!(article["focus"], arts[1]["focus"]);
}

#[test]
fn batch_reports_what_the_filters_dropped() {
    let tmp = folder(&[("1.txt", AFGHAN), ("2.txt", TEXAN)]);
    let r = run(
        tmp.path(),
        &[
            "batch",
            "1.txt",
            "2.txt",
            "--out",
            "b",
            "--no-map",
            "--only-in",
            "US",
            "--jobs",
            "1",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("--only-in US: dropped 4 place mentions"),
        "{}",
        r.stderr
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("b/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["dropped"], 4);
    let csv = std::fs::read_to_string(tmp.path().join("b/places.csv")).unwrap();
    assert!(!csv.contains("Kabul") && csv.contains("Houston"), "{csv}");
}
