//! `eventmap._native`: the Python extension behind the `eventmap` package
//! (`eventmap/__init__.py` is the API people call).
//!
//! Results cross into Python as the JSON the command line writes, one
//! string per article, which the package turns into dicts with the
//! standard library's `json`: the same bytes as `eventmap parse`, so the
//! two cannot drift apart, and one conversion instead of a hand-written
//! mapping of every field. The work runs without the GIL
//! (`Python::detach`), so other Python threads go on while an article is
//! read, and `parse_many` spreads articles over a thread pool of its own.

use eventmap::export::{results_collection, round_coord, Layer};
use eventmap::options::{Area, Options};
use eventmap::{process_with, Article, ArticleResult, Gazetteer};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;
use std::sync::{Arc, RwLock};

/// The places of `use_gazetteer` files laid over the bundled gazetteer;
/// `None`: the bundled one alone.
static USER_GAZETTEER: RwLock<Option<Arc<Gazetteer>>> = RwLock::new(None);

/// Runs `f` with the gazetteer of this process: the bundled one, or the
/// one `use_gazetteer` made.
fn with_gazetteer<R>(f: impl FnOnce(&Gazetteer) -> R) -> R {
    let user = USER_GAZETTEER
        .read()
        .map(|g| g.clone())
        .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
    match user {
        Some(g) => f(&g),
        None => f(Gazetteer::bundled()),
    }
}

/// `use_gazetteer(paths)`: lays the places of these TSV or GeoJSON files
/// over the bundled gazetteer for every later call (`--gazetteer` of the
/// command line); no paths: the bundled gazetteer alone again.
#[pyfunction]
fn use_gazetteer(py: Python<'_>, paths: Vec<String>) -> PyResult<()> {
    let made = if paths.is_empty() {
        None
    } else {
        let g = py.detach(|| -> eventmap::Result<Gazetteer> {
            let mut places = Vec::new();
            for p in &paths {
                places.extend(eventmap::gazetteer::user::read_file(std::path::Path::new(
                    p,
                ))?);
            }
            Gazetteer::bundled().with_user_places(&places, &paths)
        });
        Some(Arc::new(
            g.map_err(|e| PyValueError::new_err(e.to_string()))?,
        ))
    };
    match USER_GAZETTEER.write() {
        Ok(mut g) => *g = made,
        Err(poisoned) => *poisoned.into_inner() = made,
    }
    Ok(())
}

/// One article as Python hands it over: id, text, date, title.
type Fields = (String, String, Option<String>, Option<String>);

/// The article of `fields`, its date checked (`YYYY-MM-DD`).
fn article((id, text, date, title): Fields) -> PyResult<Article> {
    if let Some(d) = &date {
        eventmap::input::check_date(d)
            .map_err(|e| PyValueError::new_err(format!("article {id:?}: {e}")))?;
    }
    Ok(Article {
        id,
        text,
        date,
        title,
    })
}

/// The options of `parse` and `parse_many`, as the command line spells
/// them: `focus` "CC[,CC…]", `only_in` "CC" or "minlon,minlat,maxlon,maxlat",
/// `kinds` "city,admin1,…", `candidates` per mention.
fn options(
    focus: Option<&str>,
    only_in: Option<&str>,
    kinds: Option<&str>,
    candidates: usize,
) -> PyResult<Options> {
    let bad = |e: eventmap::Error| PyValueError::new_err(e.to_string());
    Ok(Options {
        focus: focus
            .map(Options::parse_focus)
            .transpose()
            .map_err(bad)?
            .unwrap_or_default(),
        only_in: only_in.map(str::parse::<Area>).transpose().map_err(bad)?,
        kinds: kinds.map(Options::parse_kinds).transpose().map_err(bad)?,
        candidates,
    })
}

/// The result of one article as `eventmap parse` writes it.
fn parse_one(gaz: &Gazetteer, a: &Article, opts: &Options) -> String {
    let result = process_with(gaz, a, opts);
    // An ArticleResult holds strings, numbers and options only: it always
    // serialises.
    serde_json::to_string(&result).unwrap_or_default()
}

/// `parse_json(id, text, date, title, focus, only_in, kinds, candidates)`:
/// one article's result as JSON.
#[pyfunction]
#[pyo3(signature = (id, text, date=None, title=None, focus=None, only_in=None, kinds=None, candidates=0))]
#[allow(clippy::too_many_arguments)]
fn parse_json(
    py: Python<'_>,
    id: String,
    text: String,
    date: Option<String>,
    title: Option<String>,
    focus: Option<&str>,
    only_in: Option<&str>,
    kinds: Option<&str>,
    candidates: usize,
) -> PyResult<String> {
    let opts = options(focus, only_in, kinds, candidates)?;
    let a = article((id, text, date, title))?;
    Ok(py.detach(|| with_gazetteer(|g| parse_one(g, &a, &opts))))
}

/// `parse_many_json(articles, jobs, focus, only_in, kinds, candidates)`:
/// the results of `articles` (tuples of id, text, date, title) as JSON
/// strings, in their order, read on `jobs` threads (0: one per core).
#[pyfunction]
#[pyo3(signature = (articles, jobs=0, focus=None, only_in=None, kinds=None, candidates=0))]
fn parse_many_json(
    py: Python<'_>,
    articles: Vec<Fields>,
    jobs: usize,
    focus: Option<&str>,
    only_in: Option<&str>,
    kinds: Option<&str>,
    candidates: usize,
) -> PyResult<Vec<String>> {
    let opts = options(focus, only_in, kinds, candidates)?;
    let articles = articles
        .into_iter()
        .map(article)
        .collect::<PyResult<Vec<_>>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("could not start {jobs} threads: {e}")))?;
    Ok(py.detach(|| {
        with_gazetteer(|g| {
            pool.install(|| {
                articles
                    .par_iter()
                    .map(|a| parse_one(g, a, &opts))
                    .collect()
            })
        })
    }))
}

/// `lookup_json(name, limit)`: the gazetteer's candidates for a name (it
/// may carry a qualifier: "Paris, Texas"), best prior first, as a JSON
/// array of objects.
#[pyfunction]
#[pyo3(signature = (name, limit=10))]
fn lookup_json(name: &str, limit: usize) -> String {
    with_gazetteer(|gaz| lookup_rows(gaz, name, limit))
}

/// [`lookup_json`] in `gaz`.
fn lookup_rows(gaz: &Gazetteer, name: &str, limit: usize) -> String {
    let rows: Vec<serde_json::Value> = gaz
        .lookup_qualified(name)
        .into_iter()
        .take(limit)
        .map(|p| {
            let admin1 = p.admin1.map(|i| gaz.place(i).name);
            let admin2 = p.admin2.map(|i| gaz.place(i).name);
            let country = p.country_code.and_then(|c| gaz.country(c)).map(|c| c.name);
            let (class, code) = p.feature_code.split_once('.').unwrap_or(("", ""));
            // The fields of `eventmap lookup --json`, with the feature
            // class and code as `parse` gives them, and the country's name.
            let mut row = serde_json::json!({
                "geonameid": p.geonameid,
                "name": p.name,
                "kind": p.kind.as_str(),
                "feature_class": class,
                "feature_code": code,
                "country_code": p.country_code,
                "country": country,
                "admin1": admin1,
                "admin2": admin2,
                "lat": round_coord(p.lat),
                "lon": round_coord(p.lon),
                "population": p.population,
            });
            if let Some(id) = gaz.user_id(p.index) {
                row["place_id"] = id.into();
            }
            row
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}

/// `geojson_json(results)`: one GeoJSON FeatureCollection (places and
/// events) of article results given as JSON strings, as `eventmap
/// geojson` writes it.
#[pyfunction]
fn geojson_json(py: Python<'_>, results: Vec<String>) -> PyResult<String> {
    let parsed = results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            serde_json::from_str::<ArticleResult>(r).map_err(|e| {
                PyValueError::new_err(format!("result {i} is not an eventmap result: {e}"))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let fc = py.detach(|| results_collection(&parsed, Layer::All));
    serde_json::to_string(&fc).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// The module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_json, m)?)?;
    m.add_function(wrap_pyfunction!(parse_many_json, m)?)?;
    m.add_function(wrap_pyfunction!(lookup_json, m)?)?;
    m.add_function(wrap_pyfunction!(geojson_json, m)?)?;
    m.add_function(wrap_pyfunction!(use_gazetteer, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
