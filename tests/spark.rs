//! The Spark example (`examples/spark/eventmap_job.py`) run in Spark local
//! mode on a small article set. It needs pyspark and Java 17+, so it is an
//! ignored test, counted as such in `cargo test`'s summary: run it with
//! `cargo test --release --test spark -- --ignored` (`.ci/run` does, once it
//! has installed pyspark). Asked to run without them, it fails saying why.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn have(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[ignore = "runs Apache Spark: needs pyspark and Java 17+ (cargo test --test spark -- --ignored)"]
fn spark_job_matches_eventmap() {
    assert!(
        have("python3", &["-c", "import pyspark"]),
        "pyspark is not installed (pip install pyspark)"
    );
    assert!(have("java", &["-version"]), "java is not installed");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("feed.jsonl");
    let records: Vec<Value> = std::fs::read_to_string(root.join("examples/articles/sample.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut feed = String::new();
    for i in 0..40 {
        let mut r = records[i % records.len()].clone();
        r["id"] = Value::String(format!("s-{i}"));
        feed.push_str(&r.to_string());
        feed.push('\n');
        if i == 17 {
            feed.push_str("{\"id\": \"broken\", \"text\": \n"); // malformed line
        }
    }
    std::fs::write(&input, &feed).unwrap();

    let out = tmp.path().join("out");
    let run = Command::new("python3")
        .arg(root.join("examples/spark/eventmap_job.py"))
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .arg("--eventmap")
        .arg(env!("CARGO_BIN_EXE_eventmap"))
        .args(["--master", "local[2]", "--partitions", "3"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "spark job failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // Per-article results: every good article once.
    let mut ids = Vec::new();
    for part in std::fs::read_dir(out.join("articles")).unwrap() {
        let p = part.unwrap().path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("part-")
        {
            for line in std::fs::read_to_string(&p).unwrap().lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                ids.push(v["id"].as_str().unwrap().to_string());
            }
        }
    }
    ids.sort();
    let mut want: Vec<String> = (0..40).map(|i| format!("s-{i}")).collect();
    want.sort();
    assert_eq!(ids, want);

    // Place counts: the same as eventmap's own aggregation of the same set.
    let spark: BTreeMap<u64, (u64, u64)> = std::fs::read_to_string(out.join("places/part-00000"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|p| {
            (
                p["geonameid"].as_u64().unwrap(),
                (
                    p["mentions"].as_u64().unwrap(),
                    p["articles"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    let local = Command::new(env!("CARGO_BIN_EXE_eventmap"))
        .args(["geojson", "-o", "-"])
        .arg(&input)
        .output()
        .unwrap();
    let fc: Value = serde_json::from_slice(&local.stdout).unwrap();
    let mine: BTreeMap<u64, (u64, u64)> = fc["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "place")
        .map(|f| {
            let p = &f["properties"];
            (
                p["geonameid"].as_u64().unwrap(),
                (
                    p["mentions"].as_u64().unwrap(),
                    p["article_count"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    assert!(!mine.is_empty());
    assert_eq!(spark, mine);
}
