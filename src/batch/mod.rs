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
//! | `combined.geojson` | places over the whole set (mentions, article count, article ids: at most [`ARTICLE_ID_LIMIT`] per place) and happenings merged across articles (type, place, overlapping dates; `articles`, `sources`) |
//! | `places.csv` | per place: name, geonameid, kind, country, lat, lon, population, mentions, articles |
//! | `events.csv` | one row per happening of each article (its first mentions), in input order |
//! | `combined.png` | a map of the [`MAP_PLACE_LIMIT`] most mentioned places (unless `map` is off) |
//! | `combined.html` | the same places and every located happening on a web map that works offline (unless `map` is off) |
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

use crate::error::{catch_panic, Error, Result};
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
    /// Resolver bias and place filters ([`crate::Options`]).
    pub places: crate::Options,
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Articles processed.
    pub articles: usize,
    /// Inputs or records that failed (see `errors.jsonl`).
    pub failed: usize,
    /// Distinct places named.
    pub places: usize,
    /// Place mentions (demonyms and unmapped mentions not counted).
    pub mentions: usize,
    /// Events found: each article's happenings (first mentions), summed.
    pub events: usize,
    /// Distinct happenings over the whole set: events of one type at one
    /// place on overlapping dates count once, however many articles
    /// report them (`combined.geojson` has one feature per located one).
    pub happenings: usize,
    /// Bytes of article text.
    pub text_bytes: u64,
    /// The run's inputs as given, files and folders as absolute paths
    /// (see [`RunInputs`]): what the outputs were made from.
    pub inputs: Vec<String>,
    /// The `--date` given to undated articles, if any.
    pub date: Option<String>,
    /// Place mentions dropped by `--only-in` and `--kinds`; absent without
    /// them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<usize>,
    /// What the set is about ([`crate::focus::SetFocus`]).
    pub focus: crate::focus::SetFocus,
}

/// What a run did, beyond the [`Summary`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// The counts in `summary.json`.
    pub summary: Summary,
    /// Articles whose file was already there (`resume`).
    pub kept: usize,
    /// Warnings about inputs (lossy decoding).
    pub warnings: usize,
    /// Article files of an earlier run removed at the start (not `resume`).
    pub removed: usize,
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
    Article {
        /// The file-name stem ([`Namer`]).
        name: String,
        /// The input it came from, for a failure's record.
        input: std::sync::Arc<str>,
        loaded: Box<Loaded>,
    },
    Failed(ErrorRecord),
    /// An input deliberately not read ([`Found::Skipped`]), to tell the user.
    Note(Warning),
}

/// What a worker made of a job: what the merging thread needs of it. The
/// article's places and events are folded into its chunk's [`Done`].
enum Outcome {
    Article {
        bytes: usize,
        kept: bool,
        warnings: Vec<Warning>,
        events: usize,
        dropped: usize,
    },
    Failed(ErrorRecord),
    Note(Warning),
}

/// A processed chunk: its outcomes in input order, its places and its
/// `events.csv` rows. Chunks are folded in input order, and folding a
/// chunk's [`export::Aggregator`] gives what adding its articles one by one
/// would, so the outputs do not depend on how the work was split.
struct Done {
    outcomes: Vec<Result<Outcome>>,
    places: export::Aggregator,
    events: export::EventAggregator,
    focus: crate::focus::FocusTally,
    csv: String,
}

/// Processes one chunk on the pool: the articles in parallel, then their
/// places and events folded in order.
fn work_chunk(
    gaz: &Gazetteer,
    chunk: Vec<Job>,
    dir: &export::FastDir,
    resume: bool,
    places: &crate::Options,
) -> Done {
    let results: Vec<Result<(Outcome, Option<ArticleResult>)>> = chunk
        .into_par_iter()
        .map(|job| work(gaz, job, dir, resume, places))
        .collect();
    let mut focus = crate::focus::FocusTally::default();
    let mut places = export::Aggregator::with_id_limit(ARTICLE_ID_LIMIT);
    let mut events = export::EventAggregator::with_id_limit(ARTICLE_ID_LIMIT);
    let mut csv = String::new();
    let outcomes = results
        .into_iter()
        .map(|r| {
            r.map(|(outcome, result)| {
                if let Some(result) = result {
                    places.add(&result);
                    focus.add(&result.focus);
                    events.add(&result);
                    export::events_csv_rows(&mut csv, &result.id, &result.events);
                }
                outcome
            })
        })
        .collect();
    Done {
        outcomes,
        places,
        events,
        focus,
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
    create_out_dir(out, &articles_dir)?;
    // Held to the end of the run: a second run into this folder is refused.
    let lock = RunLock::take(out)?;
    let run = RunInputs::new(sources, &opts.read);
    if opts.resume {
        if let Some(earlier) = lock.earlier_inputs().or_else(|| summary_inputs(out)) {
            if earlier != run {
                return Err(output_error(
                    out,
                    format!(
                        "was made from other inputs ({}); run without --resume to replace \
                         it, or choose another --out",
                        earlier.describe()
                    ),
                ));
            }
        }
    }
    lock.record(&run)?;
    remove_temp_files(out);
    remove_temp_files(&articles_dir);
    let mut report = Report::default();
    if !opts.resume {
        report.removed = remove_article_files(&articles_dir)?;
    }
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
    let mut event_agg = export::EventAggregator::with_id_limit(ARTICLE_ID_LIMIT);
    let mut focus = crate::focus::FocusTally::default();
    let mut dropped_total = 0;

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
                    dropped,
                } => {
                    dropped_total += dropped;
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
                Outcome::Note(w) => {
                    progress.warning(&w);
                    report.warnings += 1;
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
        event_agg.absorb(done.events);
        focus.absorb(done.focus);
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
                let places = &opts.places;
                scope.spawn(move |_| {
                    let done = work_chunk(gaz, chunk, dir, resume, places);
                    let _ = done_tx.send((index, done));
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
    // The receiver is gone (the loop ended), so the reader stops. Reading
    // catches its panics input by input; one outside them (a bug) ends the
    // reading, and it is reported like a failed input, never dropped.
    let reader_panic = reader.join().err();
    if let Some(e) = fatal {
        return Err(e);
    }
    if let Some(payload) = reader_panic {
        let panic = catch_panic(|| std::panic::resume_unwind(payload)).unwrap_err();
        let record = ErrorRecord {
            input: "(inputs)".to_string(),
            id: None,
            line: None,
            error: format!(
                "internal error (a bug in eventmap): {panic}; inputs after it were not read"
            ),
        };
        report.summary.failed += 1;
        let mut line = serde_json::to_vec(&record).unwrap_or_default();
        line.push(b'\n');
        write_to(&mut errors, &out.join("errors.jsonl"), |w| {
            w.write_all(&line)
        })?;
        progress.done(0, true);
    }
    report.summary.inputs = run.inputs.clone();
    report.summary.date = run.date.clone();
    report.summary.dropped = opts.places.filters().then_some(dropped_total);
    report.summary.focus = focus.finish();

    let places = agg.finish();
    report.summary.places = places.len();
    report.summary.mentions = places.iter().map(|p| p.mentions).sum();

    finish(errors, &out.join("errors.jsonl"))?;
    finish(events, &out.join("events.csv"))?;
    let happenings = event_agg.finish();
    report.summary.happenings = happenings.len();
    let mut geojson = serde_json::to_vec(&export::collection(&places, &happenings))
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
        // The same places and every located happening, on a web map. Its
        // place popups list article ids, not sentences: the workers do not
        // send the texts back.
        crate::render::web::write_web_map(
            &out.join("combined.html"),
            top,
            &happenings,
            &crate::render::web::PlaceSentences::new(),
            &crate::render::web::WebMapOptions {
                title: map_opts.title.clone(),
                subtitle: map_opts.subtitle.clone(),
            },
        )?;
    }
    Ok(report)
}

/// Reads every source, numbering jobs in input order, and hands them on in
/// chunks; stops early when `send` says the receiver has gone.
///
/// A panic while finding or reading inputs (a bug) is caught: it becomes a
/// failed job naming the input, whose remaining records are not read (the
/// reader's state is unknown), and reading goes on with the next input.
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
    let internal = |input: &str, panic: String, what: &str| {
        Job::Failed(ErrorRecord {
            input: input.to_string(),
            id: None,
            line: None,
            error: format!("internal error (a bug in eventmap): {panic}; {what}"),
        })
    };
    let mut found_inputs = discover(sources);
    loop {
        let found = match catch_panic(|| found_inputs.next()) {
            Ok(Some(found)) => found,
            Ok(None) => break,
            Err(panic) => {
                let job = internal("(inputs)", panic, "no further inputs were looked for");
                push(job, 0, &mut chunk);
                break;
            }
        };
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
            Found::Skipped { input, reason } => {
                let note = Warning::new(input, None, reason);
                if !push(Job::Note(note), 0, &mut chunk) {
                    return;
                }
            }
            Found::Input(inp) => {
                let name: std::sync::Arc<str> = inp.name().into();
                let mut items = input::read(&inp, opts);
                loop {
                    let item = match catch_panic(|| items.next()) {
                        Ok(Some(item)) => item,
                        Ok(None) => break,
                        Err(panic) => {
                            let job = internal(&name, panic, "the rest of this input was not read");
                            if !push(job, 0, &mut chunk) {
                                return;
                            }
                            break;
                        }
                    };
                    let (job, bytes) = match item {
                        Ok(loaded) => {
                            let bytes = loaded.article.text.len();
                            let file = namer.assign(&loaded.article.id);
                            (
                                Job::Article {
                                    name: file,
                                    input: name.clone(),
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

/// Processes one job on a worker thread. `Err` only for output failures;
/// a panic while processing the article makes it a failed job, reported in
/// `errors.jsonl`, and the run goes on.
fn work(
    gaz: &Gazetteer,
    job: Job,
    dir: &export::FastDir,
    resume: bool,
    places: &crate::Options,
) -> Result<(Outcome, Option<ArticleResult>)> {
    let (name, input, loaded) = match job {
        Job::Failed(record) => return Ok((Outcome::Failed(record), None)),
        Job::Note(w) => return Ok((Outcome::Note(w), None)),
        Job::Article {
            name,
            input,
            loaded,
        } => (name, input, loaded),
    };
    let Loaded {
        article,
        mut warnings,
    } = *loaded;
    let bytes = article.text.len();
    let file = format!("{name}.geojson");
    let kept = resume && is_complete_article_file(&dir.path().join(&file));
    let result = match catch_panic(|| {
        #[cfg(test)]
        if article.id == tests::PANIC_IN_WORKER {
            panic!("test: panic in a worker");
        }
        crate::process_with(gaz, &article, places)
    }) {
        Ok(result) => result,
        Err(panic) => {
            let record = ErrorRecord {
                input: input.to_string(),
                id: Some(article.id.clone()),
                line: None,
                error: format!("internal error (a bug in eventmap): {panic}"),
            };
            return Ok((Outcome::Failed(record), None));
        }
    };
    drop(article);
    warnings.extend(
        result
            .warnings
            .iter()
            .map(|w| Warning::new(&*input, None, w.as_str())),
    );
    if !kept {
        let mut json = Vec::with_capacity(512 + 256 * result.mentions.len());
        export::write_article_json(&mut json, &result, Layer::All);
        json.push(b'\n');
        dir.write(&file, &json)?;
    }
    let outcome = Outcome::Article {
        bytes,
        kept,
        dropped: result.dropped,
        warnings,
        events: result
            .events
            .iter()
            .filter(|e| e.is_first_mention())
            .count(),
    };
    Ok((outcome, Some(result)))
}

/// True when `path` is an article file a run finished: not empty, and
/// ending as every one written ends (`}` and a newline). Files are written
/// whole or not at all, so anything else (an empty file left by a full disk
/// on a file system without atomic renames, or by a hand) is rewritten.
fn is_complete_article_file(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut tail = [0u8; 2];
    f.metadata().is_ok_and(|m| m.is_file() && m.len() >= 2)
        && f.seek(SeekFrom::End(-2)).is_ok()
        && f.read_exact(&mut tail).is_ok()
        && &tail == b"}\n"
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

/// Creates the output folder and its `articles/`, saying so plainly when
/// `out` is a symbolic link to nothing (the system says "File exists").
fn create_out_dir(out: &Path, articles_dir: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(out) {
        if meta.file_type().is_symlink() && !out.exists() {
            let target = std::fs::read_link(out)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Err(output_error(
                out,
                format!("is a symbolic link to {target}, which does not exist; create that folder or choose another --out"),
            ));
        }
    }
    std::fs::create_dir_all(articles_dir).map_err(|e| Error::Output {
        path: articles_dir.to_path_buf(),
        reason: format!("cannot create folder: {e}"),
    })
}

/// What a run's outputs are made from: its inputs and the date given to
/// undated articles. A run records it in the folder's lock file when it
/// starts and in `summary.json` when it ends; `--resume` refuses a folder
/// made from others, whose articles would be mixed with the new ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RunInputs {
    /// Each input argument: `-`, or an absolute path (symbolic links
    /// resolved) for a file or folder, or an absolute glob pattern.
    pub inputs: Vec<String>,
    /// `--date`.
    pub date: Option<String>,
}

impl RunInputs {
    /// The inputs of a run over `sources`, as absolute paths.
    pub fn new(sources: &[String], read: &ReadOptions) -> RunInputs {
        let inputs = sources
            .iter()
            .map(|s| {
                if s == "-" {
                    return s.clone();
                }
                let p = Path::new(s);
                std::fs::canonicalize(p)
                    .or_else(|_| std::path::absolute(p))
                    .map_or_else(|_| s.clone(), |a| a.display().to_string())
            })
            .collect();
        RunInputs {
            inputs,
            date: read.default_date.clone(),
        }
    }

    /// A short description for messages: the first inputs, and a count.
    fn describe(&self) -> String {
        let mut s: Vec<String> = self.inputs.iter().take(3).cloned().collect();
        if self.inputs.len() > 3 {
            s.push(format!("and {} more", self.inputs.len() - 3));
        }
        if let Some(d) = &self.date {
            s.push(format!("--date {d}"));
        }
        s.join(", ")
    }
}

/// The input set an older run recorded in `summary.json`, if any.
fn summary_inputs(out: &Path) -> Option<RunInputs> {
    let bytes = std::fs::read(out.join("summary.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Name of the lock file in an output folder.
pub const LOCK_FILE: &str = ".eventmap.lock";

/// An advisory lock on an output folder (`flock` on [`LOCK_FILE`], released
/// when the run ends, even by `kill -9`): two runs into one folder would
/// delete each other's temporary files and count each other's articles.
/// The file also holds the [`RunInputs`] of the last run begun there.
struct RunLock {
    file: std::fs::File,
    path: PathBuf,
}

impl RunLock {
    fn take(out: &Path) -> Result<RunLock> {
        let path = out.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| output_error(&path, format!("cannot create the lock file: {e}")))?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(output_error(
                out,
                format!(
                    "in use by another eventmap run (it holds {LOCK_FILE}); wait for it to \
                     finish, or choose another --out"
                ),
            )),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(output_error(&path, format!("cannot lock: {e}")))
            }
        }
    }

    /// The inputs the last run begun here recorded, if any.
    fn earlier_inputs(&self) -> Option<RunInputs> {
        use std::io::Read;
        let mut bytes = Vec::new();
        (&self.file).read_to_end(&mut bytes).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Records this run's inputs.
    fn record(&self, run: &RunInputs) -> Result<()> {
        use std::io::{Seek, SeekFrom};
        let mut json = serde_json::to_vec(run).unwrap_or_default();
        json.push(b'\n');
        let mut f = &self.file;
        f.set_len(0)
            .and_then(|()| f.seek(SeekFrom::Start(0)))
            .and_then(|_| f.write_all(&json))
            .map_err(|e| output_error(&self.path, format!("write failed: {e}")))
    }
}

/// Removes the article files (`*.geojson`) an earlier run left in `dir`,
/// so that a fresh run's folder holds only its own; returns how many.
fn remove_article_files(dir: &Path) -> Result<usize> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| output_error(dir, format!("cannot read folder: {e}")))?;
    let mut removed = 0;
    for entry in entries.flatten() {
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let path = entry.path();
        if is_file && path.extension().is_some_and(|e| e == "geojson") {
            std::fs::remove_file(&path)
                .map_err(|e| output_error(&path, format!("cannot remove: {e}")))?;
            removed += 1;
        }
    }
    Ok(removed)
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An article with this id panics when it is processed: the stand-in,
    /// in unit tests only, for a bug hit by one article.
    pub(crate) const PANIC_IN_WORKER: &str = "panic-in-worker";

    /// A panic while reading one input, or while processing one article,
    /// is a failure reported in `errors.jsonl`: the other inputs and
    /// articles are all processed ("batch lost 4,886 articles to one page
    /// that panicked in the HTML reader, and exited 0").
    #[test]
    fn panics_become_reported_failures() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        std::fs::create_dir(&input).unwrap();
        std::fs::write(input.join("a.txt"), "Rain fell on Lagos.").unwrap();
        let panicky = format!("b-{}.txt", crate::input::tests::PANIC_IN_READER);
        std::fs::write(input.join(&panicky), "Rain fell on Accra.").unwrap();
        std::fs::write(
            input.join("c.jsonl"),
            format!(
                "{{\"id\":\"{PANIC_IN_WORKER}\",\"text\":\"Rain fell on Dakar.\"}}\n\
                 {{\"id\":\"ok\",\"text\":\"Rain fell on Kano.\"}}\n"
            ),
        )
        .unwrap();
        std::fs::write(input.join("d.txt"), "Rain fell on Abuja.").unwrap();
        let out = tmp.path().join("out");
        let opts = BatchOptions {
            out_dir: out.clone(),
            jobs: 2,
            resume: false,
            map: false,
            read: ReadOptions::default(),
            places: crate::Options::default(),
        };
        // The panics print through the test harness's hook; expected.
        let report = run(
            Gazetteer::bundled(),
            &[input.display().to_string()],
            &opts,
            &Quiet,
        )
        .unwrap();
        assert_eq!(report.summary.articles, 3, "{report:?}");
        assert_eq!(report.summary.failed, 2, "{report:?}");
        let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = errors
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{errors}");
        assert!(lines[0]["input"].as_str().unwrap().ends_with(&panicky));
        assert!(lines[0]["error"]
            .as_str()
            .unwrap()
            .contains("internal error"));
        assert_eq!(lines[1]["id"], PANIC_IN_WORKER);
        assert!(lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("internal error"));
        for name in ["a", "ok", "d"] {
            assert!(
                out.join(format!("articles/{name}.geojson")).is_file(),
                "{name}"
            );
        }
    }
}
