//! Fuzz targets: each function takes arbitrary bytes, runs one part of
//! eventmap on them and panics when an invariant fails. The cargo-fuzz
//! crate in `fuzz/` calls them under libFuzzer (nightly Rust), and
//! `tests/fuzz_corpus.rs` replays every input kept in
//! `fuzz/regressions/<target>/` through them on stable Rust, so a crash
//! found once stays fixed. Not part of the library's API.
//!
//! The checks are those a user relies on: no panic on any input; offsets
//! that index the text; the documented limits; outputs that parse back
//! (JSON, CSV with the same columns and no formula cells, well-formed
//! XML).

use crate::input::{read, Format, Input, ReadOptions};
use crate::limits::{MAX_EVENTS, MAX_ID_BYTES, MAX_MENTIONS, MAX_SENTENCE_BYTES, MAX_TIMES};
use crate::{ArticleResult, Gazetteer};

/// A fuzz target: bytes in, a panic when an invariant fails.
pub type Target = fn(&[u8]);

/// The fuzz targets by name, for the replay test.
pub const TARGETS: &[(&str, Target)] = &[
    ("read_inputs", read_inputs),
    ("process", process),
    ("dates", dates),
    ("file_names", file_names),
    ("writers", writers),
];

/// The input readers: the first byte picks text, JSONL, JSON or HTML; the
/// rest is the input. Every item is an article or a one-line error.
pub fn read_inputs(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format =
        [Format::Text, Format::JsonLines, Format::Json, Format::Html][usize::from(pick % 4)];
    let input = Input::memory("fuzz", format, bytes.to_vec());
    let items: Vec<_> = read(&input, &ReadOptions::default()).collect();
    if matches!(format, Format::Text | Format::Html) {
        assert!(items.len() <= 1, "{} articles from one file", items.len());
    }
    for item in items {
        match item {
            Ok(loaded) => {
                let a = &loaded.article;
                assert!(!a.id.is_empty(), "empty id");
                assert!(a.id.len() <= MAX_ID_BYTES, "id of {} bytes", a.id.len());
                if let Some(d) = &a.date {
                    assert!(crate::input::check_date(d).is_ok(), "bad date kept: {d:?}");
                }
                for w in &loaded.warnings {
                    assert!(!w.to_string().contains('\n'), "two-line warning: {w}");
                }
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with("fuzz"), "error without its input: {msg}");
                assert!(!msg.contains('\n'), "two-line error: {msg:?}");
            }
        }
    }
}

/// The whole pipeline on one article (bytes decoded lossily).
pub fn process(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut article = crate::Article::new("fuzz", text);
    article.date = Some("2021-08-26".into());
    let r = crate::process(Gazetteer::bundled(), &article);
    check_result(&article.text, &r);
}

/// What every article result keeps to: offsets inside the text and naming
/// what they say, the limits, coordinates on Earth, dates that are dates.
fn check_result(text: &str, r: &ArticleResult) {
    let chars: Vec<char> = text.chars().collect();
    assert!(r.mentions.len() <= MAX_MENTIONS);
    assert!(r.events.len() <= MAX_EVENTS);
    let mut last = 0;
    for m in &r.mentions {
        assert!(m.start < m.end && m.end <= chars.len(), "{m:?}");
        assert!(m.start >= last, "mentions out of order");
        last = m.end;
        let written: String = chars[m.start..m.end].iter().collect();
        assert_eq!(written, m.text, "mention text");
        if let (Some(lat), Some(lon)) = (m.lat, m.lon) {
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        }
        assert!((0.0..=1.0).contains(&m.confidence));
    }
    for e in &r.events {
        assert!(e.start < e.end && e.end <= chars.len(), "{e:?}");
        assert!(
            e.sentence.len() <= MAX_SENTENCE_BYTES,
            "sentence of {}",
            e.sentence.len()
        );
        for d in [&e.date, &e.end_date].into_iter().flatten() {
            assert!(crate::input::check_date(d).is_ok(), "event date {d:?}");
        }
        assert!((0.0..=1.0).contains(&e.confidence));
    }
    assert!(r.times.len() <= MAX_TIMES);
    let mut last = 0;
    for t in &r.times {
        assert!(t.start < t.end && t.end <= chars.len(), "{t:?}");
        assert!(t.start >= last, "times out of order");
        last = t.end;
        let written: String = chars[t.start..t.end].iter().collect();
        assert_eq!(written, t.text, "time text");
        for d in [Some(&t.date), t.end_date.as_ref()].into_iter().flatten() {
            assert!(crate::input::check_date(d).is_ok(), "time date {d:?}");
        }
        if let Some(e) = &t.end_date {
            assert!(*e >= t.date, "{t:?}");
        }
    }
}

/// The time finder and normaliser: the first two bytes pick the
/// publication date (days from 1990-01-01), the rest is the text. Times
/// come in order, never overlap, sit on char boundaries, and end no earlier
/// than they start.
pub fn dates(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let days = u64::from(u16::from_le_bytes([data[0], data[1]]));
    let published = chrono::NaiveDate::from_ymd_opt(1990, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(days)));
    let text = String::from_utf8_lossy(&data[2..]);
    let found = crate::events::find_times(&text, published);
    let mut last_end = 0;
    for d in &found {
        assert!(d.start < d.end && d.end <= text.len(), "{d:?}");
        assert!(d.start >= last_end, "overlapping or unsorted: {d:?}");
        last_end = d.end;
        assert!(text.is_char_boundary(d.start) && text.is_char_boundary(d.end));
        if let Some(end) = d.end_date {
            assert!(end >= d.date, "range ends before it starts: {d:?}");
        }
    }
    assert!(found.len() <= MAX_TIMES);
}

/// Batch file naming: ids (one per line) become safe, distinct names, the
/// same ones every time.
pub fn file_names(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let ids: Vec<&str> = text.split('\n').take(256).collect();
    let mut namer = crate::batch::Namer::new();
    let names: Vec<String> = ids.iter().map(|id| namer.assign(id)).collect();
    let mut seen = std::collections::HashSet::new();
    for n in &names {
        assert!(!n.is_empty() && !n.starts_with('.'), "{n:?}");
        assert!(
            n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')),
            "{n:?}"
        );
        assert!(n.len() <= 140, "{} bytes", n.len());
        assert!(seen.insert(n.to_ascii_lowercase()), "{n:?} twice");
    }
    let mut again = crate::batch::Namer::new();
    let second: Vec<String> = ids.iter().map(|id| again.assign(id)).collect();
    assert_eq!(names, second);
}

/// The writers, on an article whose id, title and text come from the
/// bytes (lines one, two and the rest): GeoJSON parses back, CSV has the
/// header's columns in every row and no cell a spreadsheet would run, and
/// the SVG map is well-formed XML.
pub fn writers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let id = lines.next().unwrap_or_default();
    let id = if id.is_empty() { "fuzz" } else { id };
    if id.len() > MAX_ID_BYTES {
        return; // refused by the readers
    }
    let title = lines.next().unwrap_or_default().to_string();
    let body = lines.next().unwrap_or_default().to_string();
    let mut article = crate::Article::new(id, body);
    article.title = Some(title.clone());
    article.date = Some("2021-08-26".into());
    let r = crate::process(Gazetteer::bundled(), &article);

    let mut json = Vec::new();
    crate::export::write_article_json(&mut json, &r, crate::export::Layer::All);
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("article GeoJSON");
    assert_eq!(parsed["article_id"], id);

    let places = crate::export::aggregate(std::slice::from_ref(&r));
    check_csv(&crate::export::places_csv(&places), &[]);
    check_csv(&crate::export::events_csv(std::slice::from_ref(&r)), &[id]);

    let opts = crate::render::MapOptions {
        width: 320,
        height: 240,
        title,
        subtitle: Some(id.to_string()),
        events: r.events.clone(),
        ..crate::render::MapOptions::default()
    };
    let svg = crate::render::render_map_bytes(&places, &opts, crate::render::ImageFormat::Svg)
        .expect("map drawn");
    let svg = String::from_utf8(svg).expect("SVG is UTF-8");
    if let Err(e) = roxmltree::Document::parse(&svg) {
        panic!("SVG is not well-formed XML: {e}");
    }
}

/// Parses `csv` back: every row has the header's number of cells, no cell
/// starts with a character a spreadsheet reads as a formula, and the first
/// cell of each row is one of `ids` (with the `'` the writer adds in front
/// of formula-like ids), when given.
fn check_csv(csv: &str, ids: &[&str]) {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(csv.as_bytes());
    let columns = reader.headers().expect("CSV header").len();
    for row in reader.records() {
        let row = row.expect("CSV row parses");
        assert_eq!(row.len(), columns, "{row:?}");
        for cell in row.iter() {
            let numeric = cell.parse::<f64>().is_ok();
            assert!(
                numeric || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like cell {cell:?}"
            );
        }
        if !ids.is_empty() {
            let first = &row[0];
            let id = first.strip_prefix('\'').unwrap_or(first);
            assert!(ids.contains(&id) || ids.contains(&first), "{first:?}");
        }
    }
}
