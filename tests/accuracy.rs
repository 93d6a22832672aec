//! End-to-end accuracy of the real binary on `tests/data/probes.jsonl`: short
//! articles we wrote to probe ambiguity (namesakes, "City, State",
//! metonymy, people named like places), with gold places. The figures are
//! computed here the way `../shared/eval/score.py` computes end-to-end
//! scores: a mention counts when its span overlaps a gold toponym (one to
//! one, largest overlap first) and it lies within 161 km of the gold place
//! or names the same GeoNames id.

mod common;

use common::{haversine_km, jsonl, match_overlap, parse, span};
use serde_json::Value;
use std::path::Path;

const ACC_KM: f64 = 161.0;

/// (true positives, system mentions, gold toponyms), end to end.
fn score(gold: &[Value], system: &[Value]) -> (usize, usize, usize) {
    let (mut tp, mut n_sys, mut n_gold) = (0, 0, 0);
    for g in gold {
        let out = system
            .iter()
            .find(|s| s["id"] == g["id"])
            .unwrap_or_else(|| panic!("no output for {}", g["id"]));
        let tops = g["toponyms"].as_array().unwrap();
        let ments: Vec<&Value> = out["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] != "demonym")
            .collect();
        n_gold += tops.len();
        n_sys += ments.len();
        let gs: Vec<_> = tops.iter().map(span).collect();
        let ss: Vec<_> = ments.iter().map(|m| span(m)).collect();
        for (gi, si) in match_overlap(&gs, &ss) {
            let (t, m) = (&tops[gi], ments[si]);
            let same_id = t["geonameid"].as_u64().is_some() && t["geonameid"] == m["geonameid"];
            let near = match (m["lat"].as_f64(), m["lon"].as_f64()) {
                (Some(lat), Some(lon)) => {
                    let gold_at = (t["lat"].as_f64().unwrap(), t["lon"].as_f64().unwrap());
                    haversine_km(gold_at, (lat, lon)) <= ACC_KM
                }
                _ => false,
            };
            if same_id || near {
                tp += 1;
            }
        }
    }
    (tp, n_sys, n_gold)
}

#[test]
fn probe_articles_are_mapped_end_to_end() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/probes.jsonl");
    let gold = jsonl(&std::fs::read_to_string(&path).unwrap());
    assert!(gold.len() >= 30);
    let system = parse(&path);
    let (tp, n_sys, n_gold) = score(&gold, &system);
    let (p, r) = (tp as f64 / n_sys as f64, tp as f64 / n_gold as f64);
    eprintln!("probes: {tp} right of {n_sys} mentions, {n_gold} gold; P {p:.3} R {r:.3}");
    assert!(p >= 0.95, "precision {p:.3}");
    assert!(r >= 0.90, "recall {r:.3}");
}

#[test]
fn the_scoring_here_matches_the_definition() {
    // One gold toponym; a mention overlapping it 100 km away is right, one
    // 300 km away or on other characters is not, and one mention matches
    // one toponym only.
    let gold =
        jsonl(r#"{"id":"a","toponyms":[{"start":0,"end":5,"lat":0.0,"lon":0.0,"geonameid":1}]}"#);
    let at = |km: f64| km / 111.195; // degrees of latitude
    let sys = |mentions: &str| jsonl(&format!(r#"{{"id":"a","mentions":[{mentions}]}}"#));
    let near = format!(r#"{{"start":0,"end":5,"lat":{},"lon":0.0}}"#, at(100.0));
    let far = format!(r#"{{"start":0,"end":5,"lat":{},"lon":0.0}}"#, at(300.0));
    let elsewhere = r#"{"start":6,"end":9,"lat":0.0,"lon":0.0}"#;
    let same_id = format!(
        r#"{{"start":1,"end":4,"lat":{},"lon":0.0,"geonameid":1}}"#,
        at(900.0)
    );
    assert_eq!(score(&gold, &sys(&near)), (1, 1, 1));
    assert_eq!(score(&gold, &sys(&far)), (0, 1, 1));
    assert_eq!(score(&gold, &sys(elsewhere)), (0, 1, 1));
    assert_eq!(score(&gold, &sys(&same_id)), (1, 1, 1));
    assert_eq!(score(&gold, &sys(&format!("{near},{near}"))), (1, 2, 1));
}
