//! Many articles at once: `eventmap batch INPUT... --out DIR`.
//!
//! Inputs are found lazily ([`discover`]: folders walked recursively in
//! name order, globs, files, `-` for JSONL on stdin) and read by one thread
//! in chunks of a few hundred articles; each chunk is processed in parallel
//! (rayon, `jobs` threads) and then merged **in input order**, so every
//! output is the same whatever the number of threads. Memory holds two or
//! three chunks, the place totals and the set of file names used, never the
//! whole input.
//!
//! Output folder (fixed names):
//!
//! | file | what |
//! |---|---|
//! | `articles/<name>.geojson` | one FeatureCollection per article: its places and located events |
//! | `combined.geojson` | places over the whole set: mentions, article count, article ids (at most [`ARTICLE_ID_LIMIT`] per place) |
//! | `places.csv` | per place: name, geonameid, kind, country, lat, lon, population, mentions, articles |
//! | `events.csv` | every event of every article, in input order |
//! | `combined.png` | a map of the [`MAP_PLACE_LIMIT`] most mentioned places (unless `map` is off) |
//! | `summary.json` | counts: articles, failed, places, mentions, events, bytes of text |
//! | `errors.jsonl` | one `{"input", "id"?, "line"?, "error"}` line per failed input or record |
//!
//! Every file is written to a temporary file in the same folder and renamed
//! into place, so a run killed with `kill -9` leaves no half-written output
//! (only `.tmp-*` files, which a `--resume` run removes). With `resume`,
//! an article whose `articles/<name>.geojson` exists is not written again;
//! its results are recomputed from the input (cheap, and the combined
//! outputs then match an uninterrupted run exactly).
//!
//! Article ids become file names with [`Namer`]: no path traversal, no
//! collisions, the same names for the same input order.

mod names;
mod sources;

pub use names::Namer;
pub use sources::{discover, Found, ARTICLE_EXTENSIONS};

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::export::{self, AtomicFile, Layer};
use crate::input::{self, Loaded, ReadOptions, Warning};
use crate::{ArticleResult, Gazetteer};

/// Most article ids listed per place in `combined.geojson` (the count is
/// always complete): keeps memory flat on feeds of millions of articles.
pub const ARTICLE_ID_LIMIT: usize = 1000;

/// Most places drawn on `combined.png`, the most mentioned first.
pub const MAP_PLACE_LIMIT: usize = 500;

/// Articles per chunk handed to the worker threads.
const CHUNK_ARTICLES: usize = 256;
/// Bytes of text per chunk, at most (a chunk of huge articles is smaller).
const CHUNK_BYTES: usize = 8 << 20;

/// How a batch run goes.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Output folder (created if missing).
    pub out_dir: PathBuf,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// Keep articles already written by an earlier run.
    pub resume: bool,
    /// Draw `combined.png`.
    pub map: bool,
    /// How articles are read (default date).
    pub read: ReadOptions,
}

/// Progress reports, called from the merging thread in input order.
pub trait Progress {
    /// One article (or failed input) is done; `bytes` of text.
    fn done(&self, _bytes: usize, _failed: bool) {}
    /// A problem that did not stop an article (invalid UTF-8).
    fn warning(&self, _warning: &Warning) {}
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Progress for Quiet {}

/// The counts written to `summary.json`: the same for the same input,
/// whatever the number of threads or how many runs it took.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Articles processed.
    pub articles: usize,
    /// Inputs or records that failed (see `errors.jsonl`).
    pub failed: usize,
    /// Distinct places named.
    pub places: usize,
    /// Place mentions (demonyms and unmapped mentions not counted).
    pub mentions: usize,
    /// Events found.
    pub events: usize,
    /// Bytes of article text.
    pub text_bytes: u64,
}

/// What a run did, beyond the [`Summary`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The counts in `summary.json`.
    pub summary: Summary,
    /// Articles whose file was already there (`resume`).
    pub kept: usize,
    /// Warnings about inputs (lossy decoding).
    pub warnings: usize,
}

/// One line of `errors.jsonl`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorRecord {
    /// The file (or `-`) the problem is in.
    pub input: String,
    /// The article's id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 1-based line of a JSONL input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What went wrong.
    pub error: String,
}

impl ErrorRecord {
    fn from_error(e: &Error, fallback_input: &str) -> ErrorRecord {
        match e {
            Error::BadInput {
                input,
                line,
                reason,
            } => ErrorRecord {
                input: input.clone(),
                id: None,
                line: *line,
                error: reason.clone(),
            },
            Error::Io { path, source } => ErrorRecord {
                input: path.display().to_string(),
                id: None,
                line: None,
                error: source.to_string(),
            },
            other => ErrorRecord {
                input: fallback_input.to_string(),
                id: None,
                line: None,
                error: other.to_string(),
            },
        }
    }
}

/// A unit of work, numbered in input order.
enum Job {
    Article { name: String, loaded: Box<Loaded> },
    Failed(ErrorRecord),
}

/// What a worker made of a job: what the merging thread needs of it. The
/// article's places and events are folded into its chunk's [`Done`].
enum Outcome {
    Article {
        bytes: usize,
        kept: bool,
        warnings: Vec<Warning>,
        events: usize,
    },
    Failed(ErrorRecord),
}

/// A processed chunk: its outcomes in input order, its places and its
/// `events.csv` rows. Chunks are folded in input order, and folding a
/// chunk's [`export::Aggregator`] gives what adding its articles one by one
/// would, so the outputs do not depend on how the work was split.
struct Done {
    outcomes: Vec<Result<Outcome>>,
    places: export::Aggregator,
    csv: String,
}

/// Processes one chunk on the pool: the articles in parallel, then their
/// places and events folded in order.
fn work_chunk(gaz: &Gazetteer, chunk: Vec<Job>, dir: &export::FastDir, resume: bool) -> Done {
    let results: Vec<Result<(Outcome, Option<ArticleResult>)>> = chunk
        .into_par_iter()
        .map(|job| work(gaz, job, dir, resume))
        .collect();
    let mut places = export::Aggregator::with_id_limit(ARTICLE_ID_LIMIT);
    let mut csv = String::new();
    let outcomes = results
        .into_iter()
        .map(|r| {
            r.map(|(outcome, result)| {
                if let Some(result) = result {
                    places.add(&result);
                    export::events_csv_rows(&mut csv, &result.id, &result.events);
                }
                outcome
            })
        })
        .collect();
    Done {
        outcomes,
        places,
        csv,
    }
}

/// Runs the batch: reads `sources` (see [`discover`]), writes the output
/// folder. An input problem is an [`ErrorRecord`] and the run goes on; an
/// output problem (unwritable folder, full disk) stops it with an error
/// naming the file, leaving what was already written intact.
pub fn run(
    gaz: &Gazetteer,
    sources: &[String],
    opts: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let out = &opts.out_dir;
    let articles_dir = out.join("articles");
    std::fs::create_dir_all(&articles_dir).map_err(|e| Error::Output {
        path: articles_dir.clone(),
        reason: format!("cannot create folder: {e}"),
    })?;
    remove_temp_files(out);
    remove_temp_files(&articles_dir);
    let articles = export::FastDir::open(&articles_dir)?;

    // Streamed outputs: committed at the end, so a killed run leaves the
    // previous version (or nothing), never half a file.
    let mut errors = BufWriter::new(AtomicFile::create(&out.join("errors.jsonl"))?);
    let mut events = BufWriter::new(AtomicFile::create(&out.join("events.csv"))?);
    write_to(&mut events, &out.join("events.csv"), |w| {
        w.write_all(export::EVENTS_CSV_HEADER.as_bytes())?;
        w.write_all(b"\r\n")
    })?;

    let jobs = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Output {
            path: out.clone(),
            reason: format!("cannot start {jobs} worker threads: {e}"),
        })?;

    let mut agg = export::Aggregator::with_id_limit(ARTICLE_ID_LIMIT);
    let mut report = Report::default();

    let (tx, rx) = sync_channel::<Vec<Job>>(2);
    let read_opts = opts.read.clone();
    let sources = sources.to_vec();
    let reader =
        std::thread::spawn(move || read_jobs(&sources, &read_opts, |chunk| tx.send(chunk).is_ok()));

    // Chunks are processed on the pool while this thread merges the ones
    // before them, in input order: the workers never wait for the merge.
    // An output failure in a chunk stops the merge there.
    let mut merge = |done: Done| -> Result<()> {
        for outcome in done.outcomes {
            match outcome? {
                Outcome::Article {
                    bytes,
                    kept,
                    warnings,
                    events,
                } => {
                    for w in &warnings {
                        progress.warning(w);
                    }
                    report.warnings += warnings.len();
                    report.kept += usize::from(kept);
                    let s = &mut report.summary;
                    s.articles += 1;
                    s.text_bytes += bytes as u64;
                    s.events += events;
                    progress.done(bytes, false);
                }
                Outcome::Failed(record) => {
                    report.summary.failed += 1;
                    let mut line = serde_json::to_vec(&record).unwrap_or_default();
                    line.push(b'\n');
                    write_to(&mut errors, &out.join("errors.jsonl"), |w| {
                        w.write_all(&line)
                    })?;
                    progress.done(0, true);
                }
            }
        }
        agg.absorb(done.places);
        write_to(&mut events, &out.join("events.csv"), |w| {
            w.write_all(done.csv.as_bytes())
        })
    };
    let in_flight_limit = jobs as u64 + 1;
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, Done)>();
    let fatal: Option<Error> = pool.in_place_scope(|scope| {
        let mut waiting = std::collections::BTreeMap::<u64, Done>::new();
        let (mut spawned, mut merged) = (0u64, 0u64);
        let mut input_done = false;
        loop {
            while !input_done && spawned - merged < in_flight_limit {
                let Ok(chunk) = rx.recv() else {
                    input_done = true;
                    break;
                };
                let done_tx = done_tx.clone();
                let dir = &articles;
                let resume = opts.resume;
                let index = spawned;
                scope.spawn(move |_| {
                    let _ = done_tx.send((index, work_chunk(gaz, chunk, dir, resume)));
                });
                spawned += 1;
            }
            if merged == spawned {
                return None;
            }
            let done = loop {
                if let Some(done) = waiting.remove(&merged) {
                    break done;
                }
                match done_rx.recv() {
                    Ok((i, done)) => {
                        waiting.insert(i, done);
                    }
                    // Unreachable while `done_tx` lives; stop rather than spin.
                    Err(_) => return None,
                }
            };
            merged += 1;
            if let Err(e) = merge(done) {
                // Stop reading; chunks already spawned finish first.
                drop(rx);
                return Some(e);
            }
        }
    });
    // The receiver is gone (the loop ended), so the reader stops.
    let _ = reader.join();
    if let Some(e) = fatal {
        return Err(e);
    }

    let places = agg.finish();
    report.summary.places = places.len();
    report.summary.mentions = places.iter().map(|p| p.mentions).sum();

    finish(errors, &out.join("errors.jsonl"))?;
    finish(events, &out.join("events.csv"))?;
    let mut geojson = serde_json::to_vec(&export::feature_collection(&places))
        .map_err(|e| output_error(&out.join("combined.geojson"), e.to_string()))?;
    geojson.push(b'\n');
    export::write_atomic(&out.join("combined.geojson"), &geojson)?;
    export::write_atomic(
        &out.join("places.csv"),
        export::places_csv(&places).as_bytes(),
    )?;
    let mut summary = serde_json::to_vec_pretty(&report.summary)
        .map_err(|e| output_error(&out.join("summary.json"), e.to_string()))?;
    summary.push(b'\n');
    export::write_atomic(&out.join("summary.json"), &summary)?;
    if opts.map {
        let top = &places[..places.len().min(MAP_PLACE_LIMIT)];
        let s = &report.summary;
        let map_opts = crate::render::MapOptions {
            title: format!(
                "{} article{}",
                s.articles,
                if s.articles == 1 { "" } else { "s" }
            ),
            subtitle: Some(if places.len() > top.len() {
                format!("{} most mentioned of {} places", top.len(), places.len())
            } else {
                format!("{} places, {} mentions", places.len(), s.mentions)
            }),
            ..crate::render::MapOptions::default()
        };
        crate::render::render_map(top, &map_opts, &out.join("combined.png"))?;
    }
    Ok(report)
}

/// Reads every source, numbering jobs in input order, and hands them on in
/// chunks; stops early when `send` says the receiver has gone.
fn read_jobs(sources: &[String], opts: &ReadOptions, mut send: impl FnMut(Vec<Job>) -> bool) {
    let mut namer = Namer::new();
    let mut chunk: Vec<Job> = Vec::with_capacity(CHUNK_ARTICLES);
    let mut chunk_bytes = 0usize;
    let mut push = |job: Job, bytes: usize, chunk: &mut Vec<Job>| -> bool {
        chunk.push(job);
        chunk_bytes += bytes;
        if chunk.len() >= CHUNK_ARTICLES || chunk_bytes >= CHUNK_BYTES {
            chunk_bytes = 0;
            return send(std::mem::take(chunk));
        }
        true
    };
    for found in discover(sources) {
        match found {
            Found::Failed { input, error } => {
                let record = ErrorRecord {
                    input,
                    id: None,
                    line: None,
                    error,
                };
                if !push(Job::Failed(record), 0, &mut chunk) {
                    return;
                }
            }
            Found::Input(inp) => {
                let name = inp.name();
                for item in input::read(&inp, opts) {
                    let (job, bytes) = match item {
                        Ok(loaded) => {
                            let bytes = loaded.article.text.len();
                            let file = namer.assign(&loaded.article.id);
                            (
                                Job::Article {
                                    name: file,
                                    loaded: Box::new(loaded),
                                },
                                bytes,
                            )
                        }
                        Err(e) => (Job::Failed(ErrorRecord::from_error(&e, &name)), 0),
                    };
                    if !push(job, bytes, &mut chunk) {
                        return;
                    }
                }
            }
        }
    }
    if !chunk.is_empty() {
        send(chunk);
    }
}

/// Processes one job on a worker thread. `Err` only for output failures.
fn work(
    gaz: &Gazetteer,
    job: Job,
    dir: &export::FastDir,
    resume: bool,
) -> Result<(Outcome, Option<ArticleResult>)> {
    let (name, loaded) = match job {
        Job::Failed(record) => return Ok((Outcome::Failed(record), None)),
        Job::Article { name, loaded } => (name, loaded),
    };
    let Loaded { article, warnings } = *loaded;
    let bytes = article.text.len();
    let file = format!("{name}.geojson");
    let kept = resume && dir.path().join(&file).is_file();
    let result = crate::process(gaz, &article);
    drop(article);
    if !kept {
        let mut json = Vec::with_capacity(512 + 256 * result.mentions.len());
        export::write_article_json(&mut json, &result, Layer::All);
        json.push(b'\n');
        dir.write(&file, &json)?;
    }
    let outcome = Outcome::Article {
        bytes,
        kept,
        warnings,
        events: result.events.len(),
    };
    Ok((outcome, Some(result)))
}

fn output_error(path: &Path, reason: String) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        reason,
    }
}

/// Writes through `w`, turning an I/O error into one naming `path`.
fn write_to(
    w: &mut BufWriter<AtomicFile>,
    path: &Path,
    f: impl FnOnce(&mut BufWriter<AtomicFile>) -> std::io::Result<()>,
) -> Result<()> {
    f(w).map_err(|e| output_error(path, format!("write failed: {e}")))
}

/// Flushes a streamed output and moves it into place.
fn finish(w: BufWriter<AtomicFile>, path: &Path) -> Result<()> {
    let file = w
        .into_inner()
        .map_err(|e| output_error(path, format!("write failed: {}", e.error())))?;
    file.commit()
}

/// Deletes `.tmp-*` files a killed run left in `dir`.
fn remove_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(export::TEMP_PREFIX))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
