//! Golden-image and SVG snapshot tests for `eventmap map`.
//!
//! Each fixture article in `tests/data/maps/` (`world`, `regional`,
//! `local`: a world view, one region, one small area) is drawn by the built
//! binary at 800×500 as PNG and as SVG, and compared with
//! `tests/golden/<name>.png` and `tests/golden/<name>.svg`:
//!
//! - PNG: both images are decoded; the sizes must be equal, and at most
//!   0.5% of the pixels may differ by more than 32 in any channel (so a
//!   changed rasteriser or PNG encoder does not fail the test, a moved
//!   label or a new colour does).
//! - SVG: the text must be equal, line endings aside.
//!
//! On a mismatch the actual output is written to
//! `target/golden-actual/<name>.png` (or `.svg`) and the failure message
//! names it, with the fraction of differing pixels or the first differing
//! line.
//!
//! # Blessing
//!
//! When the map's look changes on purpose, look at the actual images, then
//! write them over the goldens with
//!
//! ```text
//! EVENTMAP_BLESS=1 cargo test --release --test render
//! ```
//!
//! With `EVENTMAP_BLESS=1` the tests write their outputs into
//! `tests/golden/` instead of comparing, and pass. A missing golden file
//! without `EVENTMAP_BLESS` fails with this command in the message.
//! Review the new goldens (`git diff --stat tests/golden/`, and open the
//! PNGs) before committing them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Image size for the goldens: small, to keep the repository small.
const WIDTH: u32 = 800;
const HEIGHT: u32 = 500;

/// Per-channel difference above which a pixel counts as different.
const CHANNEL_TOLERANCE: u8 = 32;
/// Largest fraction of different pixels that still passes.
const MAX_DIFF_FRACTION: f64 = 0.005;

const BLESS_VAR: &str = "EVENTMAP_BLESS";
const BLESS_COMMAND: &str = "EVENTMAP_BLESS=1 cargo test --release --test render";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    manifest_dir()
        .join("tests/data/maps")
        .join(format!("{name}.txt"))
}

fn golden_dir() -> PathBuf {
    manifest_dir().join("tests/golden")
}

/// `target/golden-actual` (beside `target/tmp`, so a custom
/// `CARGO_TARGET_DIR` is honoured).
fn actual_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("golden-actual")
}

/// True when the goldens are to be written rather than checked.
fn blessing() -> bool {
    std::env::var(BLESS_VAR).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes"))
}

/// Runs `eventmap map INPUT -o OUT --width 800 --height 500` in a scratch
/// folder and returns the bytes written.
fn render(input: &Path, out: &Path) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_eventmap"))
        .arg("map")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args([
            "--width",
            &WIDTH.to_string(),
            "--height",
            &HEIGHT.to_string(),
        ])
        .current_dir(out.parent().expect("output has a folder"))
        .output()
        .expect("run the eventmap binary");
    assert!(
        output.status.success(),
        "eventmap map {} -o {} failed ({}):\n{}",
        input.display(),
        out.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(out).unwrap_or_else(|e| panic!("read {}: {e}", out.display()))
}

/// Writes `bytes` to `dir/file`, creating `dir`; returns the path.
fn write_into(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

/// Compares `actual` with the golden `file`, or writes it there when
/// blessing. `Err` holds the failure message (the actual output is then in
/// `target/golden-actual/`).
fn check_golden(
    file: &str,
    actual: &[u8],
    compare: fn(&[u8], &[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let golden = golden_dir().join(file);
    if blessing() {
        write_into(&golden_dir(), file, actual);
        eprintln!("blessed {}", golden.display());
        return Ok(());
    }
    let Ok(expected) = std::fs::read(&golden) else {
        let saved = write_into(&actual_dir(), file, actual);
        return Err(format!(
            "golden file {} is missing (actual output: {}).\n\
             To create it, run: {BLESS_COMMAND}",
            golden.display(),
            saved.display()
        ));
    };
    let result = compare(&expected, actual);
    if result.is_ok() {
        // A leftover from an earlier failure would only mislead.
        let _ = std::fs::remove_file(actual_dir().join(file));
    }
    result.map_err(|why| {
        let saved = write_into(&actual_dir(), file, actual);
        format!(
            "{file} differs from its golden: {why}\n  golden: {}\n  actual: {}\n\
             If the change is intended, re-bless with: {BLESS_COMMAND}",
            golden.display(),
            saved.display()
        )
    })
}

/// Tolerant PNG comparison: equal size, at most [`MAX_DIFF_FRACTION`] of
/// the pixels off by more than [`CHANNEL_TOLERANCE`] in some channel.
fn compare_png(expected: &[u8], actual: &[u8]) -> Result<(), String> {
    let decode = |bytes: &[u8], what: &str| {
        image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
            .map(|i| i.to_rgba8())
            .map_err(|e| format!("cannot decode the {what} PNG: {e}"))
    };
    let (want, got) = (decode(expected, "golden")?, decode(actual, "actual")?);
    if want.dimensions() != got.dimensions() {
        return Err(format!(
            "size {}x{} instead of {}x{}",
            got.width(),
            got.height(),
            want.width(),
            want.height()
        ));
    }
    let differing = want
        .pixels()
        .zip(got.pixels())
        .filter(|(a, b)| {
            a.0.iter()
                .zip(b.0.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        })
        .count();
    let total = u64::from(want.width()) * u64::from(want.height());
    let fraction = differing as f64 / total as f64;
    if fraction > MAX_DIFF_FRACTION {
        return Err(format!(
            "{differing} of {total} pixels ({:.3}%) differ by more than {CHANNEL_TOLERANCE} \
             in some channel (allowed: {:.1}%)",
            100.0 * fraction,
            100.0 * MAX_DIFF_FRACTION
        ));
    }
    Ok(())
}

/// Exact SVG comparison, line endings aside; reports the first differing
/// line.
fn compare_svg(expected: &[u8], actual: &[u8]) -> Result<(), String> {
    let norm = |b: &[u8]| String::from_utf8_lossy(b).replace("\r\n", "\n");
    let (want, got) = (norm(expected), norm(actual));
    if want == got {
        return Ok(());
    }
    let clip = |s: &str| -> String {
        const MAX: usize = 300;
        if s.chars().count() > MAX {
            format!("{}…", s.chars().take(MAX).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let (mut w, mut g) = (want.lines(), got.lines());
    let mut n = 0;
    loop {
        n += 1;
        match (w.next(), g.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                return Err(format!(
                    "first difference at line {n}:\n  golden: {}\n  actual: {}",
                    a.map_or_else(|| "<end of file>".to_string(), clip),
                    b.map_or_else(|| "<end of file>".to_string(), clip),
                ));
            }
        }
    }
}

/// Draws fixture `name` as PNG and SVG and checks both against their
/// goldens; reports every mismatch, not just the first.
fn golden_test(name: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = fixture(name);
    let png = render(&input, &dir.path().join(format!("{name}.png")));
    let svg = render(&input, &dir.path().join(format!("{name}.svg")));
    let failures: Vec<String> = [
        check_golden(&format!("{name}.png"), &png, compare_png),
        check_golden(&format!("{name}.svg"), &svg, compare_svg),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n\n"));
}

#[test]
fn golden_world() {
    golden_test("world");
}

#[test]
fn golden_regional() {
    golden_test("regional");
}

#[test]
fn golden_local() {
    golden_test("local");
}

#[test]
fn same_input_gives_identical_png() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = fixture("regional");
    let first = render(&input, &dir.path().join("first.png"));
    let second = render(&input, &dir.path().join("second.png"));
    assert!(!first.is_empty());
    assert!(
        first == second,
        "two renders of {} differ ({} vs {} bytes)",
        input.display(),
        first.len(),
        second.len()
    );
}

/// The comparison itself: a golden test is only as good as its diff.
#[test]
fn comparisons_catch_real_changes_and_ignore_noise() {
    let encode = |img: &image::RgbaImage| {
        let mut buf = std::io::Cursor::new(Vec::new());
        img.write_to(&mut buf, image::ImageFormat::Png)
            .expect("encode PNG");
        buf.into_inner()
    };
    let base = image::RgbaImage::from_pixel(100, 100, image::Rgba([200, 200, 200, 255]));
    let golden = encode(&base);

    // Faint noise everywhere (≤ 32 per channel): passes.
    let mut faint = base.clone();
    for p in faint.pixels_mut() {
        p.0[0] = 232;
    }
    assert_eq!(compare_png(&golden, &encode(&faint)), Ok(()));

    // 50 of 10 000 pixels (0.5%) changed a lot: still passes; 51: fails.
    let mut spots = base.clone();
    for i in 0..50 {
        spots.put_pixel(i, 0, image::Rgba([0, 0, 0, 255]));
    }
    assert_eq!(compare_png(&golden, &encode(&spots)), Ok(()));
    spots.put_pixel(0, 1, image::Rgba([0, 0, 0, 255]));
    let err = compare_png(&golden, &encode(&spots)).unwrap_err();
    assert!(err.contains("51 of 10000 pixels"), "{err}");

    // Another size: fails.
    let small = image::RgbaImage::from_pixel(100, 99, image::Rgba([200, 200, 200, 255]));
    let err = compare_png(&golden, &encode(&small)).unwrap_err();
    assert!(err.contains("100x99"), "{err}");

    // SVG: CRLF vs LF is equal; a changed line is reported by number.
    assert_eq!(
        compare_svg(b"<svg>\n<g/>\n</svg>\n", b"<svg>\r\n<g/>\r\n</svg>\r\n"),
        Ok(())
    );
    let err = compare_svg(b"<svg>\n<g/>\n</svg>\n", b"<svg>\n<g x=\"1\"/>\n</svg>\n").unwrap_err();
    assert!(err.contains("line 2"), "{err}");
    let err = compare_svg(b"<svg>\n</svg>\n", b"<svg>\n").unwrap_err();
    assert!(err.contains("<end of file>"), "{err}");
}
