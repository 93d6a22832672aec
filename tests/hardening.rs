//! Hostile inputs and outputs, run through the real binary: each test is
//! named after the defect it pins (issue 14), and each failed on the code
//! before its fix. Limits come from `eventmap::limits`, so a test follows a
//! documented limit if it is ever changed.

use eventmap::limits;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

fn eventmap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eventmap"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn errors(out: &Path) -> Vec<Value> {
    jsonl(&std::fs::read(out.join("errors.jsonl")).unwrap())
}

/// `eventmap batch INPUT... --out OUT` with stdin closed.
fn batch(inputs: &[&dyn AsRef<std::ffi::OsStr>], out: &Path) -> Command {
    let mut cmd = eventmap();
    cmd.arg("batch").args(inputs).arg("--out").arg(out);
    cmd.stdin(Stdio::null());
    cmd
}

/// An HTML page whose `&` is followed by two-byte letters: the entity
/// lookahead once sliced through the middle of one.
const AMP_BEFORE_ACCENTS: &[u8] =
    b"<p>Kabul &\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9.</p>";

#[test]
fn html_entity_before_multibyte_letters_does_not_panic() {
    let tmp = TempDir::new().unwrap();
    let page = tmp.path().join("a.html");
    std::fs::write(&page, AMP_BEFORE_ACCENTS).unwrap();
    let out = eventmap().arg("parse").arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let articles = jsonl(&out.stdout);
    assert_eq!(articles[0]["mentions"][0]["name"], "Kabul");
}

#[test]
fn batch_loses_no_article_beside_a_page_that_once_panicked() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.html"), AMP_BEFORE_ACCENTS).unwrap();
    std::fs::write(input.join("b.txt"), "Rain fell on Lagos.").unwrap();
    let out_dir = tmp.path().join("out");
    let out = batch(&[&input], &out_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = read_json(&out_dir.join("summary.json"));
    assert_eq!(summary["articles"], 2, "{summary}");
}

#[test]
fn mentions_per_article_are_capped_with_a_warning() {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("kabul.txt");
    std::fs::write(&path, "Kabul ".repeat(limits::MAX_MENTIONS + 500)).unwrap();
    let out = eventmap().arg("parse").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let article = &jsonl(&out.stdout)[0];
    let mentions = article["mentions"].as_array().unwrap();
    assert_eq!(mentions.len(), limits::MAX_MENTIONS);
    let err = stderr(&out);
    assert!(
        err.contains("kabul.txt: warning:") && err.contains("place mentions"),
        "{err}"
    );
    assert!(
        article["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("place mentions")),
        "{}",
        article["warnings"]
    );
}

#[test]
fn events_per_article_are_capped_and_sentences_cut() {
    // One sentence of about 200 KB packed with triggers and places.
    let mut text = String::new();
    let words = [
        "Kabul", "attack", "Herat", "bombing", "protest", "in", "Lagos", "clashes",
    ];
    let mut i = 0;
    while text.len() < 200_000 {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 7; // not a multiple of the list's length: the order varies
    }
    text.push('.');
    let record = serde_json::json!({"id": "dense", "text": text, "date": "2021-08-26"});
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("dense.jsonl");
    std::fs::write(&path, format!("{record}\n")).unwrap();
    let out = eventmap().arg("parse").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let article = &jsonl(&out.stdout)[0];
    let events = article["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(
        events.len() <= limits::MAX_EVENTS,
        "{} events",
        events.len()
    );
    for e in events {
        let s = e["sentence"].as_str().unwrap();
        assert!(
            s.len() <= limits::MAX_SENTENCE_BYTES,
            "sentence of {} bytes",
            s.len()
        );
    }
    // The whole output stays small: no sentence repeated in full per event
    // (that would be 200 MB). At most 10,000 mentions of about 350 bytes and
    // 1,000 events with their cut sentences are written.
    assert!(out.stdout.len() < 6_000_000, "{} bytes", out.stdout.len());
}

#[test]
fn second_batch_into_the_same_folder_is_refused() {
    let tmp = TempDir::new().unwrap();
    let out_dir = tmp.path().join("out");
    // The first run reads standard input, kept open: it holds the folder.
    let mut first = eventmap()
        .args(["batch", "-", "--no-map", "--out"])
        .arg(&out_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = first.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\":\"a\",\"text\":\"Rain fell on Lagos.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    // Wait until the first run has taken the folder: it records its
    // inputs in the lock file once it holds the lock.
    let lock = out_dir.join(eventmap::batch::LOCK_FILE);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::read(&lock).map_or(true, |b| b.is_empty())
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let text = tmp.path().join("b.txt");
    std::fs::write(&text, "Rain fell on Accra.").unwrap();
    let second = batch(&[&text], &out_dir).output().unwrap();
    drop(stdin);
    let first_out = first.wait_with_output().unwrap();
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    let err = stderr(&second);
    assert!(err.contains("in use by another eventmap run"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // The first run was not disturbed.
    assert_eq!(first_out.status.code(), Some(0), "{}", stderr(&first_out));
    let summary = read_json(&out_dir.join("summary.json"));
    assert_eq!(summary["articles"], 1, "{summary}");
}

#[test]
fn overlong_ids_are_refused_by_name() {
    let tmp = TempDir::new().unwrap();
    let long = "x".repeat(limits::MAX_ID_BYTES + 1);
    let ok = "y".repeat(limits::MAX_ID_BYTES);
    let feed = tmp.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": long, "text": "Rain fell on Lagos."}),
            serde_json::json!({"id": ok, "text": "Rain fell on Accra."}),
        ),
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = batch(&[&feed], &out_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errs = errors(&out_dir);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0]["line"], 1);
    let msg = errs[0]["error"].as_str().unwrap();
    assert!(msg.contains("longer than 512 bytes"), "{msg}");
    // The message does not repeat the id in full.
    assert!(errs[0].to_string().len() < 400, "{}", errs[0]);
    assert_eq!(read_json(&out_dir.join("summary.json"))["articles"], 1);
}

#[cfg(unix)]
#[test]
fn globs_and_walks_do_not_follow_symlink_loops() {
    let tmp = TempDir::new().unwrap();
    let l = tmp.path().join("L");
    std::fs::create_dir(&l).unwrap();
    std::fs::write(l.join("a.txt"), "Rain fell on Lagos.").unwrap();
    std::os::unix::fs::symlink(".", l.join("l1")).unwrap();
    std::os::unix::fs::symlink("..", l.join("l2")).unwrap();
    let pattern = format!("{}/**/*.txt", l.display());
    for arg in [pattern, l.display().to_string()] {
        let out_dir = tmp.path().join("out");
        let out = batch(&[&arg], &out_dir).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{arg}: {}", stderr(&out));
        let summary = read_json(&out_dir.join("summary.json"));
        assert_eq!(summary["articles"], 1, "{arg}: {summary}");
    }
}

#[cfg(unix)]
#[test]
fn one_file_named_twice_is_read_once() {
    let tmp = TempDir::new().unwrap();
    let a = tmp.path().join("a.txt");
    std::fs::write(&a, "Rain fell on Lagos.").unwrap();
    std::os::unix::fs::symlink(&a, tmp.path().join("b.txt")).unwrap();
    let out = eventmap()
        .arg("parse")
        .arg(&a)
        .arg(tmp.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(jsonl(&out.stdout).len(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("already read"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn output_to_a_fifo_writes_into_it() {
    let tmp = TempDir::new().unwrap();
    let fifo = tmp.path().join("places.geojson");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        })
    };
    let text = tmp.path().join("a.txt");
    std::fs::write(&text, "Rain fell on Lagos.").unwrap();
    let out = eventmap()
        .arg("geojson")
        .arg(&text)
        .arg("-o")
        .arg(&fifo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Checked before joining: a replaced FIFO leaves the reader waiting.
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
    let got: Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(got["type"], "FeatureCollection");
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_writes_its_target() {
    let tmp = TempDir::new().unwrap();
    let real = tmp.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("out.csv"), "old").unwrap();
    let link = tmp.path().join("link.csv");
    std::os::unix::fs::symlink(real.join("out.csv"), &link).unwrap();
    let text = tmp.path().join("a.txt");
    std::fs::write(&text, "Rain fell on Lagos.").unwrap();
    let out = eventmap()
        .arg("geojson")
        .arg(&text)
        .arg("-o")
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let csv = std::fs::read_to_string(real.join("out.csv")).unwrap();
    assert!(csv.starts_with("name,geonameid"), "{csv}");
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    let mut lines = String::new();
    for id in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-2",
        "@SUM(A1)",
        "\tx",
    ] {
        let rec = serde_json::json!({
            "id": id,
            "text": "A bomb exploded in Kabul on Monday, killing five people.",
            "date": "2021-08-26",
        });
        lines.push_str(&format!("{rec}\n"));
    }
    std::fs::write(&feed, lines).unwrap();
    let out_dir = tmp.path().join("out");
    let out = batch(&[&feed], &out_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = std::fs::read_to_string(out_dir.join("events.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 5, "{csv}");
    for row in rows {
        let first = row.trim_start_matches('"');
        assert!(
            !first.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "formula-like cell: {row}"
        );
        assert!(first.starts_with('\''), "{row}");
    }
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_on_stderr() {
    let tmp = TempDir::new().unwrap();
    let name = "t\x1b]0;pwned\x07.txt";
    let path = tmp.path().join(name);
    std::fs::write(&path, "").unwrap(); // empty: reported by name
    let out = eventmap().arg("parse").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "{err:?}");
    assert!(
        err.contains("t\\x1b]0;pwned\\x07.txt: empty input"),
        "{err:?}"
    );
}

/// True when `svg` is well-formed XML.
fn well_formed(svg: &str) -> Result<(), String> {
    roxmltree::Document::parse(svg)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn svg_stays_well_formed_with_control_characters_in_titles() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    let rec = serde_json::json!({
        "id": "a",
        "title": "a\u{1}b\u{b}c",
        "text": "A bomb exploded in Kabul on Monday, killing five people.",
        "date": "2021-08-26",
    });
    std::fs::write(&feed, format!("{rec}\n")).unwrap();
    for (cmd, file) in [("map", "map.svg"), ("timeline", "timeline.svg")] {
        let svg_path = tmp.path().join(file);
        let out = eventmap()
            .arg(cmd)
            .arg(&feed)
            .arg("-o")
            .arg(&svg_path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", stderr(&out));
        let svg = std::fs::read_to_string(&svg_path).unwrap();
        well_formed(&svg).unwrap_or_else(|e| panic!("{cmd}: {e}"));
    }
}

#[cfg(unix)]
#[test]
fn symlinked_article_files_in_folders_are_read() {
    let tmp = TempDir::new().unwrap();
    let elsewhere = tmp.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "Rain fell on Lagos.").unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("linked.txt")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("gone.txt"), dir.join("broken.txt")).unwrap();
    let out_dir = tmp.path().join("out");
    let out = batch(&[&dir], &out_dir).output().unwrap();
    assert_eq!(read_json(&out_dir.join("summary.json"))["articles"], 1);
    assert!(out_dir.join("articles/linked.geojson").exists());
    // The broken link is reported, not skipped silently.
    assert_eq!(out.status.code(), Some(1));
    let errs = errors(&out_dir);
    assert!(
        errs.iter()
            .any(|e| e["input"].as_str().unwrap().ends_with("broken.txt")),
        "{errs:?}"
    );
}

#[test]
fn resume_rewrites_empty_article_files() {
    let tmp = TempDir::new().unwrap();
    let text = tmp.path().join("a.txt");
    std::fs::write(&text, "Rain fell on Lagos.").unwrap();
    let out_dir = tmp.path().join("out");
    let first = batch(&[&text], &out_dir).arg("--no-map").output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let file = out_dir.join("articles/a.geojson");
    std::fs::write(&file, "").unwrap();
    let again = batch(&[&text], &out_dir)
        .args(["--no-map", "--resume"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let fc = read_json(&file);
    assert_eq!(fc["type"], "FeatureCollection");
}

#[cfg(unix)]
#[test]
fn out_on_a_dangling_symlink_says_so() {
    let tmp = TempDir::new().unwrap();
    let link = tmp.path().join("out");
    std::os::unix::fs::symlink(tmp.path().join("missing/folder"), &link).unwrap();
    let text = tmp.path().join("a.txt");
    std::fs::write(&text, "Rain fell on Lagos.").unwrap();
    let out = batch(&[&text], &link).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("symbolic link") && !err.contains("File exists"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn rerun_with_other_inputs_leaves_no_stale_articles() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a.txt"), tmp.path().join("b.txt"));
    std::fs::write(&a, "Rain fell on Lagos.").unwrap();
    std::fs::write(&b, "Rain fell on Accra.").unwrap();
    let out_dir = tmp.path().join("out");
    let first = batch(&[&a], &out_dir).arg("--no-map").output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = batch(&[&b], &out_dir).arg("--no-map").output().unwrap();
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let names: Vec<String> = std::fs::read_dir(out_dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["b.geojson"]);
    let summary = read_json(&out_dir.join("summary.json"));
    let inputs = summary["inputs"]
        .as_array()
        .expect("inputs in summary.json");
    assert_eq!(inputs.len(), 1);
    assert!(inputs[0].as_str().unwrap().ends_with("b.txt"), "{summary}");
    // A resume with yet other inputs is refused, and changes nothing.
    let resumed = batch(&[&a], &out_dir)
        .args(["--no-map", "--resume"])
        .output()
        .unwrap();
    assert_eq!(resumed.status.code(), Some(2), "{}", stderr(&resumed));
    assert!(
        stderr(&resumed).contains("other inputs"),
        "{}",
        stderr(&resumed)
    );
    assert!(out_dir.join("articles/b.geojson").exists());
}

// ---- CLI conventions ----

/// Runs `eventmap ARGS` with `input` on a piped standard input.
fn with_stdin(args: &[&str], input: &[u8], dir: &Path) -> Output {
    let mut child = eventmap()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn piped_stdin_is_read_without_an_input_argument() {
    let tmp = TempDir::new().unwrap();
    let out = with_stdin(
        &["parse"],
        b"{\"id\":\"piped\",\"text\":\"Rain fell on Lagos.\"}\n",
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let articles = jsonl(&out.stdout);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["id"], "piped");
    assert!(!tmp.path().join("output").exists(), "sample output written");
}

#[test]
fn dash_reads_plain_text_as_one_article_and_says_so() {
    let tmp = TempDir::new().unwrap();
    let out = with_stdin(
        &["parse", "-"],
        b"Fighting was reported in Kabul.\nThen in Herat.\n",
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let articles = jsonl(&out.stdout);
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["mentions"].as_array().unwrap().len(), 2);
    assert!(stderr(&out).contains("plain text"), "{}", stderr(&out));
    let out = with_stdin(
        &["parse", "-"],
        b"{\"id\":\"j\",\"text\":\"Rain.\"}\n",
        tmp.path(),
    );
    assert!(stderr(&out).contains("JSON lines"), "{}", stderr(&out));
}

#[test]
fn map_and_timeline_write_images_to_stdout() {
    let tmp = TempDir::new().unwrap();
    let text = tmp.path().join("a.txt");
    std::fs::write(
        &text,
        "2021-08-26\n\nA bomb exploded in Kabul on Monday, killing five people.",
    )
    .unwrap();
    for (cmd, format, magic) in [
        ("map", "png", &b"\x89PNG"[..]),
        ("map", "svg", &b"<svg"[..]),
        ("timeline", "png", &b"\x89PNG"[..]),
        ("timeline", "svg", &b"<svg"[..]),
    ] {
        let out = eventmap()
            .arg(cmd)
            .arg(&text)
            .args(["-o", "-", "--format", format])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{cmd} {format}: {}",
            stderr(&out)
        );
        assert!(
            out.stdout.starts_with(magic),
            "{cmd} {format}: {:?}",
            &out.stdout[..out.stdout.len().min(16)]
        );
    }
    // Without --format, standard output has no extension to go by.
    let out = eventmap()
        .arg("map")
        .arg(&text)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn lookup_accepts_qualified_names() {
    for (query, cc, admin) in [
        ("Paris, Texas", "US", "Texas"),
        ("Paris, Tex.", "US", "Texas"),
        ("Paris, France", "FR", ""),
        ("Springfield, Illinois", "US", "Illinois"),
    ] {
        let out = eventmap()
            .args(["lookup", query, "--json", "--limit", "1"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{query}: {}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v[0]["country_code"], cc, "{query}: {v}");
        if !admin.is_empty() {
            assert_eq!(v[0]["admin1"], admin, "{query}: {v}");
        }
    }
}

#[test]
fn shell_completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = eventmap().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("eventmap") && text.contains("geojson"),
            "{shell}"
        );
    }
    let out = eventmap().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.contains(".TH eventmap"),
        "{man}"
    );
    assert!(man.contains("batch"));
}

#[test]
fn version_names_the_gazetteer_build() {
    let out = eventmap().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = String::from_utf8(out.stdout).unwrap();
    assert!(v.starts_with("eventmap "), "{v}");
    assert!(v.contains("GeoNames") && v.contains("Natural Earth"), "{v}");
    assert!(v.contains(" places"), "{v}");
}

#[test]
fn errors_share_one_format() {
    let tmp = TempDir::new().unwrap();
    let missing = tmp.path().join("missing.txt");
    let out = eventmap().arg("parse").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let want = format!("eventmap: {}: ", missing.display());
    assert!(err.starts_with(&want), "{err}");
    // Output errors too.
    let out = eventmap()
        .arg("parse")
        .arg("-o")
        .arg(tmp.path().join("no/such/dir/out.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("eventmap: {}", tmp.path().display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_option_to_a_subcommand_prints_its_usage() {
    let out = eventmap()
        .args(["map", "-o", "x.jpg", "--title", "t"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("Usage: eventmap map"), "{err}");
}

#[test]
fn geojson_events_have_ids_and_every_feature_of_a_kind_the_same_keys() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        concat!(
            "{\"id\":\"a\",\"date\":\"2021-08-26\",\"text\":\"A bomb exploded in Kabul on Monday, killing five people. Hundreds protested in Herat.\"}\n",
            "{\"id\":\"b\",\"text\":\"Troops withdrew from Kandahar on 3 to 5 May.\"}\n"
        ),
    )
    .unwrap();
    let out = eventmap().arg("geojson").arg(&feed).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut ids = std::collections::HashSet::new();
    for f in fc["features"].as_array().unwrap() {
        let kind = f["properties"]["kind"].as_str().unwrap().to_string();
        let mut k: Vec<String> = f["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        if let Some(prev) = keys.get(&kind) {
            assert_eq!(prev, &k, "{kind} features differ in keys");
        }
        keys.insert(kind.clone(), k);
        if kind == "event" {
            let id = f["id"].as_str().expect("event id").to_string();
            assert!(ids.insert(id), "duplicate id");
            for n in ["fatalities", "injured"] {
                let v = &f["properties"][n];
                assert!(v.is_null() || v.is_u64(), "{n}: {v}");
            }
        }
    }
    assert!(
        keys.contains_key("event") && keys.contains_key("place"),
        "{keys:?}"
    );
}

#[test]
fn record_dates_with_a_time_are_read_and_bad_dates_warned() {
    let tmp = TempDir::new().unwrap();
    let feed = tmp.path().join("feed.jsonl");
    std::fs::write(
        &feed,
        concat!(
            "{\"id\":\"a\",\"date\":\"2021-08-26T09:30:00Z\",\"text\":\"Rain fell on Lagos.\"}\n",
            "{\"id\":\"b\",\"date\":\"last Tuesday\",\"text\":\"Rain fell on Accra.\"}\n"
        ),
    )
    .unwrap();
    let out = eventmap().arg("parse").arg(&feed).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let articles = jsonl(&out.stdout);
    assert_eq!(articles[0]["date"], "2021-08-26");
    assert!(articles[1].get("date").is_none_or(Value::is_null));
    let err = stderr(&out);
    assert!(
        err.contains("feed.jsonl:2: warning:") && err.contains("last Tuesday"),
        "{err}"
    );
}
