//! `eventmap batch` and the streaming modes, run as the real binary on real
//! files: a folder mixing good and broken inputs, determinism across thread
//! counts, a run killed with SIGKILL and resumed, file names from hostile
//! ids, and stdin/stdout streaming one line at a time.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

fn eventmap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eventmap"))
}

/// `eventmap batch INPUT... --out OUT`, for further options to be added.
fn batch<I: AsRef<std::ffi::OsStr>>(inputs: impl IntoIterator<Item = I>, out: &Path) -> Command {
    let mut cmd = eventmap();
    cmd.arg("batch").args(inputs).arg("--out").arg(out);
    cmd
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/articles")
        .join(name)
}

/// The bundled sample records, as JSON objects.
fn sample_records() -> Vec<Value> {
    std::fs::read_to_string(sample("sample.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `n` articles made from the samples, with ids `prefix-0`, `prefix-1`, …
fn jsonl_articles(prefix: &str, n: usize) -> String {
    let recs = sample_records();
    let mut out = String::new();
    for i in 0..n {
        let mut r = recs[i % recs.len()].clone();
        r["id"] = Value::String(format!("{prefix}-{i}"));
        out.push_str(&serde_json::to_string(&r).unwrap());
        out.push('\n');
    }
    out
}

/// Every file under `dir` (relative path → bytes), temp files included.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn errors(out: &Path) -> Vec<Value> {
    std::fs::read_to_string(out.join("errors.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn summary(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn mixed_folder_with_broken_inputs() {
    let tmp = TempDir::new().unwrap();
    let inp = tmp.path().join("in");
    std::fs::create_dir_all(inp.join("nested/deeper")).unwrap();
    std::fs::copy(sample("afghanistan.txt"), inp.join("afghanistan.txt")).unwrap();
    std::fs::copy(sample("brazil-floods.txt"), inp.join("nested/floods.md")).unwrap();
    std::fs::write(
        inp.join("nested/deeper/page.html"),
        "<html><head><title>Storm in Lagos</title><script>var Paris = 1;</script></head>\
         <body><p>Heavy rain flooded roads in <b>Lagos</b> on Monday.</p></body></html>",
    )
    .unwrap();
    // Windows-1252: "café" and curly quotes; decoded with a warning.
    std::fs::write(
        inp.join("cp1252.txt"),
        b"Protesters gathered outside a caf\xe9 in Nairobi, chanting \x93enough\x94.",
    )
    .unwrap();
    let mut feed = jsonl_articles("feed", 3);
    feed.insert_str(0, "{\"id\": \"broken\", \"text\": \n");
    std::fs::write(inp.join("feed.jsonl"), feed).unwrap();
    std::fs::write(inp.join("empty.txt"), "").unwrap();
    std::fs::write(inp.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(inp.join("bad.json"), "{\"text\": ").unwrap();
    std::fs::write(inp.join("notes.pdf"), "ignored: not an article extension").unwrap();

    let out = tmp.path().join("out");
    let status = batch([inp.clone(), tmp.path().join("missing-folder")], &out)
        .args(["--jobs", "2", "--quiet"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "some inputs failed");

    // Every good article is done.
    let files: Vec<String> = tree(&out.join("articles")).into_keys().collect();
    for want in [
        "afghanistan.geojson",
        "floods.geojson",
        "page.geojson",
        "cp1252.geojson",
        "feed-0.geojson",
        "feed-1.geojson",
        "feed-2.geojson",
    ] {
        assert!(files.contains(&want.to_string()), "{want} in {files:?}");
    }
    assert_eq!(files.len(), 7, "{files:?}");
    let page: Value =
        serde_json::from_slice(&std::fs::read(out.join("articles/page.geojson")).unwrap()).unwrap();
    assert_eq!(page["title"], "Storm in Lagos");
    let names: Vec<&str> = page["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["properties"]["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Lagos") && !names.contains(&"Paris"),
        "{names:?}"
    );

    // Every bad one is named, with its line for JSONL.
    let errs = errors(&out);
    let by_input = |suffix: &str| {
        errs.iter()
            .find(|e| e["input"].as_str().unwrap().ends_with(suffix))
            .unwrap_or_else(|| panic!("{suffix} not in {errs:?}"))
    };
    assert_eq!(by_input("feed.jsonl")["line"], 1);
    assert!(by_input("feed.jsonl")["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(by_input("empty.txt")["error"]
        .as_str()
        .unwrap()
        .contains("empty"));
    assert!(by_input("binary.txt")["error"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert!(by_input("bad.json")["error"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    assert!(by_input("missing-folder")["error"]
        .as_str()
        .unwrap()
        .contains("no such file"));
    assert_eq!(errs.len(), 5, "{errs:?}");

    let s = summary(&out);
    assert_eq!(
        (s["articles"].as_u64(), s["failed"].as_u64()),
        (Some(7), Some(5))
    );
    // Combined outputs agree with the per-article files.
    let combined: Value =
        serde_json::from_slice(&std::fs::read(out.join("combined.geojson")).unwrap()).unwrap();
    let kabul = combined["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["name"] == "Kabul")
        .expect("Kabul in combined.geojson");
    assert_eq!(kabul["properties"]["articles"][0], "afghanistan");
    let csv = std::fs::read_to_string(out.join("places.csv")).unwrap();
    assert!(csv.starts_with(
        "name,geonameid,kind,country_code,lat,lon,population,mentions,articles,\
         feature_class,feature_code,country,admin1,admin1_id,admin2,admin2_id,place_id\r\n"
    ));
    assert!(csv.contains("\r\nNairobi,"), "{csv}");
    assert!(std::fs::read(out.join("combined.png"))
        .unwrap()
        .starts_with(b"\x89PNG"));
    let events = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(events.lines().count() > 1, "{events}");
    // Nothing temporary is left behind.
    assert!(tree(&out).keys().all(|k| !k.contains(".tmp-")));
}

#[test]
fn same_output_whatever_the_number_of_jobs() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    let mut text = jsonl_articles("a", 400);
    text.push_str("not json\n");
    text.push_str(&jsonl_articles("a", 5)); // duplicate ids
    std::fs::write(&feed, text).unwrap();
    let run = |jobs: &str, out: &Path| {
        batch([feed.clone(), sample("afghanistan.txt")], out)
            .args(["--jobs", jobs, "--quiet"])
            .status()
            .unwrap()
            .code()
    };
    let (one, two) = (tmp.path().join("one"), tmp.path().join("two"));
    assert_eq!(run("1", &one), Some(1));
    assert_eq!(run("2", &two), Some(1));
    let (a, b) = (tree(&one), tree(&two));
    assert_eq!(
        a.len(),
        406 + 7 + 1,
        "405 articles + afghanistan + 7 outputs + the lock file"
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between --jobs 1 and --jobs 2");
    }
    assert!(
        a.contains_key("articles/a-0-2.geojson"),
        "duplicate id disambiguated"
    );
}

#[test]
fn killed_run_resumes_to_the_same_outputs() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    std::fs::write(&feed, jsonl_articles("k", 6000)).unwrap();
    let full = tmp.path().join("full");
    let status = batch([&feed], &full)
        .args(["--jobs", "2", "--quiet"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));

    // Kill a second run as soon as it has written some articles.
    let part = tmp.path().join("part");
    let mut child = batch([&feed], &part)
        .args(["--jobs", "2", "--quiet"])
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        let n = std::fs::read_dir(part.join("articles")).map_or(0, |d| d.count());
        if n >= 50 || t.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    let killed = child.wait().unwrap();
    let partial = tree(&part);
    if killed.code() == Some(0) {
        eprintln!("note: the run finished before it could be killed; resume still checked");
    } else {
        assert!(
            !partial.contains_key("summary.json"),
            "no combined outputs yet"
        );
    }
    // No half-written file: every finished article file is complete JSON.
    for (name, bytes) in &partial {
        if name.starts_with("articles/") && !name.contains(".tmp-") {
            let v: Value = serde_json::from_slice(bytes)
                .unwrap_or_else(|e| panic!("{name} is half-written: {e}"));
            assert_eq!(v["type"], "FeatureCollection");
        }
    }

    let status = batch([&feed], &part)
        .args(["--jobs", "2", "--quiet", "--resume"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let (a, b) = (tree(&full), tree(&part));
    assert_eq!(a.len(), b.len(), "same files, no temp files left");
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs after resume");
    }
}

#[test]
fn hostile_ids_stay_inside_the_output_folder() {
    let tmp = TempDir::new().unwrap();
    let text = sample_records()[0]["text"].as_str().unwrap().to_string();
    let ids = [
        "../escape",
        "/abs/path",
        "a/b",
        "a_b",
        "CON",
        "",
        ".hidden",
        "a_b",
    ];
    let mut feed = String::new();
    for id in ids {
        feed.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        feed.push('\n');
    }
    std::fs::write(tmp.path().join("f.jsonl"), feed).unwrap();
    let out = tmp.path().join("out");
    let status = eventmap()
        .current_dir(tmp.path())
        .args(["batch", "f.jsonl", "--out", "out", "--quiet", "--no-map"])
        .status()
        .unwrap();
    // The empty id is an error; the others are written.
    assert_eq!(status.code(), Some(1));
    let files = tree(&out.join("articles"));
    assert_eq!(files.len(), ids.len() - 1, "{:?}", files.keys());
    assert!(files
        .keys()
        .all(|k| !k.contains('/') && !k.starts_with('.')));
    assert!(!tmp.path().join("escape.geojson").exists());
    let ids_in_files: Vec<String> = files
        .values()
        .map(|b| serde_json::from_slice::<Value>(b).unwrap()["article_id"].to_string())
        .collect();
    assert!(ids_in_files.contains(&"\"../escape\"".to_string()));
    assert!(!out.join("combined.png").exists(), "--no-map");
}

/// Without `--quiet`, a text that is not UTF-8 is named once on standard
/// error, as "INPUT: warning: ...", and the run still maps it.
#[test]
fn warnings_name_the_input_once() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("latin.txt"),
        b"Caf\xe9 owners in Kabul said trade had slowed.",
    )
    .unwrap();
    let out = batch([&input], &tmp.path().join("out"))
        .arg("--no-map")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].ends_with("latin.txt: warning: not UTF-8; decoded as Windows-1252"),
        "{err}"
    );
    assert_eq!(lines[0].matches("warning").count(), 1, "{err}");
    assert!(tmp.path().join("out/articles/latin.geojson").is_file());
}

#[test]
fn usage_and_fatal_errors_exit_2() {
    let tmp = TempDir::new().unwrap();
    let out = eventmap().arg("batch").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no inputs");
    // The output folder is a file: fatal, named.
    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let out = batch([sample("afghanistan.txt")], &tmp.path().join("file"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("file") && err.lines().count() <= 2, "{err}");
    let help = eventmap().args(["batch", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Exit status: 0") && help.contains("64 MiB"),
        "{help}"
    );
}

/// An article file that cannot be written in the middle of a run (a folder
/// is in its way) stops the run with exit 2 and a one-line error naming it,
/// while chunks already being processed on other threads finish: nothing is
/// left half-written, no temporary file remains, and the earlier run's
/// combined outputs are untouched.
#[test]
fn output_failure_mid_run_stops_cleanly() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("feed.jsonl");
    std::fs::write(&input, jsonl_articles("art", 2000)).unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(out.join("articles/art-1234.geojson")).unwrap();
    std::fs::write(out.join("articles/art-1234.geojson/keep"), "x").unwrap();
    std::fs::write(out.join("summary.json"), "earlier run").unwrap();
    let run = batch([&input], &out)
        .args(["--jobs", "2", "--no-map"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("art-1234.geojson"), "{err}");
    let files = tree(&out);
    assert!(
        files.keys().all(|k| !k.contains(".tmp-")),
        "temporary files left: {:?}",
        files
            .keys()
            .filter(|k| k.contains(".tmp-"))
            .collect::<Vec<_>>()
    );
    assert_eq!(files["summary.json"], b"earlier run");
    let written: Vec<_> = files
        .iter()
        .filter(|(k, _)| k.starts_with("articles/") && k.ends_with(".geojson"))
        .collect();
    // The articles before the failing one are all there, and complete.
    assert!(written.len() >= 1234, "{} articles written", written.len());
    for (name, bytes) in written {
        let v: Value = serde_json::from_slice(bytes)
            .unwrap_or_else(|e| panic!("{name} is not whole JSON: {e}"));
        assert_eq!(v["type"], "FeatureCollection", "{name}");
    }
}

#[test]
fn stdin_to_stdout_streams_one_record_per_line() {
    let recs = sample_records();
    for (args, starts) in [
        (vec!["parse", "-", "--format", "jsonl"], "{"),
        (vec!["geojson", "-", "--seq"], "\u{1e}{"),
    ] {
        let mut child = eventmap()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in stdout.lines() {
                if tx.send(line.unwrap()).is_err() {
                    break;
                }
            }
        });
        for (i, r) in recs.iter().enumerate() {
            writeln!(stdin, "{r}").unwrap();
            stdin.flush().unwrap();
            // The answer comes while stdin is still open: flushed per line.
            let line = rx
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("{args:?}: no output for record {i}"));
            assert!(line.starts_with(starts), "{line}");
            let v: Value = serde_json::from_str(line.trim_start_matches('\u{1e}')).unwrap();
            let id = v.get("id").or_else(|| v.get("article_id")).unwrap();
            assert_eq!(id, &r["id"]);
        }
        drop(stdin);
        assert!(child.wait().unwrap().success());
        reader.join().unwrap();
    }
}
