//! Scoring helpers shared by the accuracy tests (the way
//! `../shared/eval/score.py` matches and measures).

use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Great-circle distance in km (haversine, R = 6371.0088 km).
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dp = p2 - p1;
    let dl = (b.1 - a.1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.clamp(0.0, 1.0).sqrt().asin()
}

/// `(start, end)` of a JSON record with those fields.
pub fn span(v: &Value) -> (u64, u64) {
    (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap())
}

/// Greedy one-to-one matching of overlapping spans, largest overlap first
/// (ties: closest boundaries, then document order).
pub fn match_overlap(gold: &[(u64, u64)], sys: &[(u64, u64)]) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (si, s) in sys.iter().enumerate() {
            let ov = g.1.min(s.1).saturating_sub(g.0.max(s.0));
            if ov > 0 {
                let dist = g.0.abs_diff(s.0) + g.1.abs_diff(s.1);
                cands.push((std::cmp::Reverse(ov), dist, gi, si));
            }
        }
    }
    cands.sort();
    let (mut used_g, mut used_s, mut pairs) =
        (vec![false; gold.len()], vec![false; sys.len()], vec![]);
    for (_, _, gi, si) in cands {
        if !used_g[gi] && !used_s[si] {
            used_g[gi] = true;
            used_s[si] = true;
            pairs.push((gi, si));
        }
    }
    pairs
}

/// The JSON objects of a JSONL text (blank lines skipped).
pub fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Runs the real `eventmap parse FILE` and returns its JSONL output.
pub fn parse(path: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_eventmap"))
        .arg("parse")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jsonl(&String::from_utf8(out.stdout).unwrap())
}
