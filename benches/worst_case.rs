//! Worst-case inputs (issue 14): one article packed with event triggers and
//! places in a single sentence, and one made of distinct place names, at
//! 1 MB and 4 MB. Both once cost quadratic time (4 MB: 32 s and minutes).
//!
//! `cargo bench --bench worst_case` reports MB/s of article text for
//! - `process`: the whole pipeline, as `eventmap parse` runs it, limits
//!   included (at most `limits::MAX_MENTIONS` names are read);
//! - `recognize_resolve_unlimited`: recognition and resolution with no
//!   limit on names, to show that their own cost is linear (4 MB takes
//!   about four times as long as 1 MB, not sixteen).
//!
//! The texts come from `eventmap::hostile`. Peak memory for a 60 MB record
//! is measured on the binary by `scripts/bench_limits`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use eventmap::{hostile, Article, Gazetteer};

fn bench(c: &mut Criterion) {
    let gaz = Gazetteer::bundled();
    let mut g = c.benchmark_group("worst_case");
    g.sample_size(10);
    for mb in [1usize, 4] {
        let bytes = mb * 1_000_000;
        for (name, text) in [
            ("dense_triggers", hostile::dense_triggers(bytes)),
            ("dense_places", hostile::dense_places(gaz, bytes)),
        ] {
            let article = Article::new(name, text);
            g.throughput(Throughput::Bytes(article.text.len() as u64));
            g.bench_function(format!("process/{name}/{mb}MB"), |b| {
                b.iter(|| eventmap::process(gaz, &article).mentions.len())
            });
            g.bench_function(format!("recognize_resolve_unlimited/{name}/{mb}MB"), |b| {
                b.iter(|| {
                    let spans = eventmap::recognize::recognize(gaz, &article.text);
                    eventmap::resolve::resolve(gaz, &article.text, &spans).len()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
