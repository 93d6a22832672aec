//! Benchmarks for drawing maps.
//!
//! `cargo bench --bench render` prints criterion's figures, one map per
//! iteration (draw, encode, write to a temp folder). The target: a
//! 1600×1000 PNG of 50 places over the 1:50m basemap in ≤ 150 ms on one
//! core (`render/png_regional_50_places`).
//!
//! The places are real: the 50 most populous cities of the bundled
//! gazetteer inside a box over Europe and the Middle East (regional view,
//! 1:50m basemap), or the 50 most populous cities of the world (world view,
//! 1:110m basemap), with made-up but fixed mention counts 1..=20. The first
//! map is drawn before any timing, so the basemap decode and the font
//! registration are not in the figures.

use criterion::{criterion_group, criterion_main, Criterion};
use eventmap::export::PlaceSummary;
use eventmap::render::projection::Extent;
use eventmap::render::{render_map, MapOptions};
use eventmap::{Gazetteer, Kind};
use std::path::Path;

/// Longitude and latitude bounds of the regional box (Europe and the
/// Middle East).
const REGION: ((f64, f64), (f64, f64)) = ((-10.0, 60.0), (25.0, 60.0));

/// The `n` most populous cities for which `keep(lon, lat)` holds, as
/// places with mention counts 1..=20 (a fixed scramble of the rank).
fn top_cities(n: usize, keep: impl Fn(f64, f64) -> bool) -> Vec<PlaceSummary> {
    let gaz = Gazetteer::bundled();
    let mut cities: Vec<_> = gaz
        .places()
        .filter(|p| p.kind == Kind::City && keep(p.lon, p.lat))
        .collect();
    // Most populous first; ties by GeoNames id so the choice is stable.
    cities.sort_by_key(|p| (std::cmp::Reverse(p.population), p.geonameid));
    cities
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, p)| PlaceSummary {
            name: p.name.to_string(),
            geonameid: p.geonameid,
            place_id: None,
            kind: p.kind,
            country_code: p.country_code.map(str::to_string),
            lat: p.lat,
            lon: p.lon,
            population: p.population,
            feature_class: String::new(),
            feature_code: String::new(),
            hierarchy: Default::default(),
            mentions: 1 + (i * 7 + 3) % 20,
            articles: vec![format!("a{}", i % 5)],
            article_count: 1,
            surface_forms: vec![p.name.to_string()],
            confidence: 0.9,
        })
        .collect()
}

fn extent_of(places: &[PlaceSummary]) -> Extent {
    let pts: Vec<(f64, f64)> = places.iter().map(|p| (p.lon, p.lat)).collect();
    Extent::around(&pts)
}

fn opts(title: &str) -> MapOptions {
    MapOptions {
        width: 1600,
        height: 1000,
        title: title.to_string(),
        subtitle: Some("50 places · benchmark".to_string()),
        ..MapOptions::default()
    }
}

fn render(places: &[PlaceSummary], opts: &MapOptions, path: &Path) {
    render_map(places, opts, path).expect("render_map failed");
}

fn bench(c: &mut Criterion) {
    let ((lon_lo, lon_hi), (lat_lo, lat_hi)) = REGION;
    let regional = top_cities(50, |lon, lat| {
        (lon_lo..=lon_hi).contains(&lon) && (lat_lo..=lat_hi).contains(&lat)
    });
    let world = top_cities(50, |_, _| true);
    assert_eq!(regional.len(), 50, "too few cities in the regional box");
    assert_eq!(world.len(), 50, "too few cities in the gazetteer");
    assert!(
        !extent_of(&regional).is_world(),
        "the regional set must give a regional view (1:50m basemap)"
    );
    assert!(
        extent_of(&world).is_world(),
        "the world set must give the world view (1:110m basemap)"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("map.png");
    let svg = dir.path().join("map.svg");
    let regional_opts = opts("Europe and the Middle East");
    let world_opts = opts("The world");

    // Decode the basemap and register the fonts before anything is timed.
    render(&regional, &regional_opts, &png);
    render(&regional, &regional_opts, &svg);
    render(&world, &world_opts, &png);

    let mut g = c.benchmark_group("render");
    g.sample_size(20);
    g.bench_function("png_regional_50_places", |b| {
        b.iter(|| render(&regional, &regional_opts, &png))
    });
    g.bench_function("svg_regional_50_places", |b| {
        b.iter(|| render(&regional, &regional_opts, &svg))
    });
    g.bench_function("png_world", |b| {
        b.iter(|| render(&world, &world_opts, &png))
    });
    // The web map (`map -o map.html`): the page's bytes, basemap included.
    let web_opts = eventmap::render::web::WebMapOptions {
        title: "Europe and the Middle East".into(),
        subtitle: None,
    };
    let no_sentences = eventmap::render::web::PlaceSentences::new();
    g.bench_function("html_regional_50_places", |b| {
        b.iter(|| {
            eventmap::render::web::web_map_html(&regional, &[], &no_sentences, &web_opts)
                .expect("web map")
                .len()
        })
    });
    // The heaviest options: 1:50m country shading under the same 50 places,
    // dark theme.
    let shaded = MapOptions {
        choropleth: true,
        theme: eventmap::render::Theme::Dark,
        ..regional_opts.clone()
    };
    g.bench_function("png_regional_50_places_choropleth", |b| {
        b.iter(|| render(&regional, &shaded, &png))
    });
    // A local map (New England, about 5° across): first-level borders,
    // rivers, and a named state tinted on the land (clipped with geo).
    let mut local = top_cities(20, |lon, lat| {
        (-74.0..=-69.0).contains(&lon) && (41.5..=45.5).contains(&lat)
    });
    let mut vermont = local[0].clone();
    vermont.name = "Vermont".into();
    vermont.kind = eventmap::gazetteer::Kind::Admin1;
    (vermont.lat, vermont.lon) = (44.07, -72.67);
    vermont.country_code = Some("US".into());
    local.push(vermont);
    let local_opts = opts("New England");
    render(&local, &local_opts, &png);
    g.bench_function("png_local_new_england", |b| {
        b.iter(|| render(&local, &local_opts, &png))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
