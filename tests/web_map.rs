//! The web map (`map -o map.html`, batch's `combined.html`), opened in
//! headless Chromium (issue 17). Chromium is Debian's `chromium` package,
//! which `.ci/run` installs; without it these tests say so and pass, unless
//! `EVENTMAP_BROWSER_TESTS=1` (set by `.ci/run`) requires it.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn eventmap(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_eventmap"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The browser, or `None` (after saying so) when it is not installed.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var("EVENTMAP_BROWSER_TESTS").as_deref() != Ok("1"),
            "EVENTMAP_BROWSER_TESTS=1 but no chromium on PATH"
        );
        eprintln!("web map browser test skipped: no chromium on PATH (apt install chromium)");
    }
    found
}

/// Runs headless Chromium on `url` with `args`; its standard output.
fn browse(browser: &Path, profile: &Path, url: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--virtual-time-budget=8000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the page's `#selftest` hook wrote into the DOM.
fn selftest(browser: &Path, profile: &Path, page: &Path) -> Value {
    let url = format!("file://{}#selftest", page.display());
    let dom = browse(browser, profile, &url, &["--dump-dom"]);
    let start = dom
        .find("<pre id=\"eventmap-selftest\">")
        .unwrap_or_else(|| {
            panic!(
                "no self-test output in the DOM:\n{}",
                &dom[..dom.len().min(2000)]
            )
        });
    let rest = &dom[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</pre>").unwrap()];
    let body = body
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

const FLOODS: &str = "Floods swept through Sukkur on 2 September 2024, killing 14 people, \
officials said. Rescue teams reached Larkana and Dadu the next day, and the army moved \
boats from Karachi.\n";
const PROTEST: &str = "Thousands of protesters marched in Nairobi on 5 September 2024 against \
new taxes. Police fired tear gas near the parliament, and smaller crowds gathered in Mombasa \
and Kisumu.\n";

#[test]
fn the_web_map_works_in_a_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("floods.txt"), FLOODS).unwrap();
    // An id that would end a script and open another, were it not escaped.
    std::fs::write(dir.join("protest.jsonl"), format!(
        "{{\"id\": \"</script><script>document.title='pwned'</script>\", \"date\": \"2024-09-06\", \"text\": {}}}\n",
        serde_json::to_string(PROTEST).unwrap()
    ))
    .unwrap();
    eventmap(
        dir,
        &[
            "map",
            "floods.txt",
            "protest.jsonl",
            "--date",
            "2024-09-03",
            "-o",
            "map.html",
        ],
    );
    let page = dir.join("map.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<script>document.title"),
        "the id is escaped"
    );
    assert_eq!(html.matches("<script").count(), 3, "data, Leaflet, ours");
    // Nothing loaded from elsewhere: no stylesheet links, no script sources.
    assert!(
        !html.contains("<link") && !html.contains("<script src"),
        "self-contained"
    );
    // Deterministic: the same input gives the same bytes.
    eventmap(
        dir,
        &[
            "map",
            "floods.txt",
            "protest.jsonl",
            "--date",
            "2024-09-03",
            "-o",
            "again.html",
        ],
    );
    assert_eq!(
        std::fs::read(dir.join("again.html")).unwrap(),
        html.as_bytes()
    );

    let Some(browser) = chromium() else {
        return;
    };
    let profile = dir.join("profile");
    let t = selftest(&browser, &profile, &page);
    let features = t["features"].as_u64().unwrap();
    assert!(features >= 8, "{t}");
    assert_eq!(t["markers"].as_u64(), Some(features), "{t}");
    assert_eq!(t["errors"], serde_json::json!([]), "{t}");
    let popup = t["popup"].as_str().unwrap();
    assert!(popup.contains("mention"), "{t}");
    // No marker sits on another: events at a named town are moved off
    // its disc (the protest's events are at the places it names).
    assert_eq!(t["stacked"].as_u64(), Some(0), "{t}");

    let shot = dir.join("shot.png");
    browse(
        &browser,
        &profile,
        &format!("file://{}", page.display()),
        &[
            "--window-size=1200,800",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let img = image::open(&shot).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1200, 800));
    // Not blank: land, sea and markers give many pixels unlike the most
    // common colour.
    let mut counts = std::collections::HashMap::new();
    for p in img.pixels() {
        *counts.entry(p.0).or_insert(0usize) += 1;
    }
    let top = counts.values().max().copied().unwrap_or(0);
    let total = (img.width() * img.height()) as usize;
    assert!(
        counts.len() > 50 && top < total * 9 / 10,
        "{} colours",
        counts.len()
    );
    // The markers' colours are there: a city's red, an event's.
    assert!(
        img.pixels()
            .any(|p| p.0 == [0xd7, 0x30, 0x1f] || p.0[0] > 200 && p.0[1] < 80 && p.0[2] < 60),
        "no red place marker"
    );
    if let Ok(keep) = std::env::var("EVENTMAP_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

#[test]
fn batch_writes_a_web_map_beside_its_png() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("floods.txt"), FLOODS).unwrap();
    std::fs::write(dir.join("protest.txt"), PROTEST).unwrap();
    eventmap(
        dir,
        &["batch", "floods.txt", "protest.txt", "--out", "b", "-q"],
    );
    let page = dir.join("b/combined.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("eventmap-data"));
    assert!(dir.join("b/combined.png").exists());
    let Some(browser) = chromium() else {
        return;
    };
    let t = selftest(&browser, &dir.join("profile"), &page);
    assert!(t["features"].as_u64().unwrap() >= 6, "{t}");
    assert_eq!(t["markers"], t["features"], "{t}");
    assert_eq!(t["errors"], serde_json::json!([]), "{t}");
}
