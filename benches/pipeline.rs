//! Benchmarks for the gazetteer load, recognise + resolve, the whole
//! per-article pipeline with events, and what a batch run adds per
//! article: its GeoJSON bytes, and the file (temporary file + rename) on
//! disk and on tmpfs.
//!
//! `cargo bench --bench pipeline` prints criterion's figures; throughput is
//! in bytes of article text per second. The corpus is the bundled sample
//! articles repeated to ~1 MB, or `../shared/eval/dev.jsonl` when present
//! (real local news, 1.1 MB).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use eventmap::{Article, Gazetteer};

fn corpus() -> Vec<Article> {
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/eval/dev.jsonl");
    let text = std::fs::read_to_string(dev).unwrap_or_else(|_| {
        let sample = include_str!("../examples/articles/sample.jsonl");
        sample.repeat(1_000_000 / sample.len() + 1)
    });
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .enumerate()
        .filter_map(|(i, v)| Some(Article::new(i.to_string(), v["text"].as_str()?)))
        .collect()
}

/// A user's gazetteer file of `n` made-up camps (TSV, with aliases).
fn user_rows(n: usize) -> String {
    let mut out = String::from("name\tlat\tlon\tkind\tcountry_code\taliases\n");
    let mut x: u64 = 42;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    for i in 0..n {
        let name: String = (0..4)
            .flat_map(|_| [b"bcdfghklmnprstvz"[next() % 16], b"aeiou"[next() % 5]])
            .map(char::from)
            .collect();
        let lat = (next() % 10_000) as f64 / 100.0 - 40.0;
        let lon = (next() % 26_000) as f64 / 100.0 - 120.0;
        out += &format!("{name} Camp {i}\t{lat}\t{lon}\tcamp\t\t{name}|{name} Site\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    c.bench_function("gazetteer_load_from_static_blob", |b| {
        let blob: &'static [u8] = include_bytes!(concat!(env!("OUT_DIR"), "/eventmap.gaz"));
        b.iter(|| Gazetteer::try_from_static(blob).unwrap().len())
    });
    // Issue 18: the cold start with a user's 10,000-row gazetteer file
    // (read, laid over the bundled gazetteer, first memoised lookup) stays
    // within 50 ms.
    let tsv = std::env::temp_dir().join(format!("eventmap-bench-{}.tsv", std::process::id()));
    std::fs::write(&tsv, user_rows(10_000)).unwrap();
    c.bench_function("user_gazetteer_10k_rows_cold_start", |b| {
        b.iter(|| {
            let places = eventmap::gazetteer::user::read_file(&tsv).unwrap();
            let g = Gazetteer::bundled()
                .with_user_places(&places, &["bench.tsv".into()])
                .unwrap();
            g.with_memo(|m| m.entry("kabul").is_some())
        })
    });
    let _ = std::fs::remove_file(&tsv);
    let gaz = Gazetteer::bundled();
    let articles = corpus();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("recognize_and_resolve", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| {
                    let spans = eventmap::recognize::recognize(gaz, &a.text);
                    eventmap::resolve::resolve(gaz, &a.text, &spans).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("process_with_events", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| eventmap::process(gaz, a).events.len())
                .sum::<usize>()
        })
    });
    g.bench_function("recognize_only", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| eventmap::recognize::recognize(gaz, &a.text).len())
                .sum::<usize>()
        })
    });
    g.finish();

    // What `eventmap batch` adds per article, in the same units (bytes of
    // article text per second): the GeoJSON, then its file.
    let results: Vec<_> = articles.iter().map(|a| eventmap::process(gaz, a)).collect();
    let jsons: Vec<Vec<u8>> = results
        .iter()
        .map(|r| {
            let mut v = Vec::new();
            eventmap::export::write_article_json(&mut v, r, eventmap::export::Layer::All);
            v
        })
        .collect();
    let mut g = c.benchmark_group("per_article_output");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("geojson_bytes", |b| {
        let mut buf = Vec::new();
        b.iter(|| {
            results
                .iter()
                .map(|r| {
                    buf.clear();
                    eventmap::export::write_article_json(&mut buf, r, eventmap::export::Layer::All);
                    buf.len()
                })
                .sum::<usize>()
        })
    });
    let places = [
        ("file_write_disk", std::env::temp_dir()),
        ("file_write_tmpfs", std::path::PathBuf::from("/dev/shm")),
    ];
    for (name, base) in places {
        let dir = base.join(format!("eventmap-bench-{}", std::process::id()));
        if std::fs::create_dir_all(&dir).is_err() {
            eprintln!("{name}: skipped, cannot create {}", dir.display());
            continue;
        }
        let fast = eventmap::export::FastDir::open(&dir).unwrap();
        // New names every round, as in a batch run (replacing a file
        // costs more than creating one).
        let mut round = 0u64;
        g.bench_function(name, |b| {
            b.iter(|| {
                round += 1;
                for (i, json) in jsons.iter().enumerate() {
                    fast.write(&format!("{round}-{i}.geojson"), json).unwrap();
                }
            })
        });
        // The same files written by two threads into the one folder, as
        // `batch --jobs 2` does: how far the file system's share scales.
        g.bench_function(format!("{name}_2threads"), |b| {
            b.iter(|| {
                round += 1;
                let half = jsons.len() / 2;
                std::thread::scope(|s| {
                    for (part, from) in [(&jsons[..half], 0), (&jsons[half..], half)] {
                        let fast = &fast;
                        s.spawn(move || {
                            for (i, json) in part.iter().enumerate() {
                                let i = from + i;
                                fast.write(&format!("{round}-{i}.geojson"), json).unwrap();
                            }
                        });
                    }
                });
            })
        });
        let _ = std::fs::remove_dir_all(&dir);
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
