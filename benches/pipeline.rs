//! Benchmarks for the gazetteer load, recognise + resolve, and the whole
//! per-article pipeline with events.
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

fn bench(c: &mut Criterion) {
    c.bench_function("gazetteer_load_from_static_blob", |b| {
        let blob: &'static [u8] = include_bytes!("../gazetteer/eventmap.gaz");
        b.iter(|| Gazetteer::try_from_static(blob).unwrap().len())
    });
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
