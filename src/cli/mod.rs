//! The command line: clap types, turning them into plain library calls,
//! printing, and exit codes. No place logic lives here.
//!
//! Exit codes: 0 every input was read; 1 some inputs (or lines) failed and
//! were reported, the rest were processed; 2 usage or fatal error (bad
//! option, unwritable output).

mod map;
mod sample;

use anyhow::{Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use eventmap::export::{self, AtomicFile, GeoJsonSeqWriter};
use eventmap::input::{self, Input, ReadOptions};
use eventmap::{ArticleResult, Gazetteer};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Folder, relative to the current directory, for outputs made from the
/// bundled sample set (and for `map` without `-o`).
const OUTPUT_DIR: &str = "output";

/// Turn news articles into maps: find the places they name, resolve them
/// against the bundled GeoNames gazetteer, write JSON, GeoJSON and maps.
///
/// Without INPUT, each command works on the bundled sample articles and
/// writes to ./output/.
#[derive(Debug, Parser)]
#[command(name = "eventmap", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Find the places each article names; one JSON object per article.
    Parse(ParseArgs),
    /// Places over all articles as a GeoJSON FeatureCollection (or CSV,
    /// or a GeoJSON text sequence per article).
    Geojson(GeojsonArgs),
    /// Draw a map of the places (PNG or SVG).
    Map(MapArgs),
    /// Chart the articles' events per day by type (PNG or SVG).
    Timeline(TimelineArgs),
    /// Process many articles in parallel into an output folder: one GeoJSON
    /// per article, combined places, a map, a summary and a list of errors.
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),
    /// Look a name up in the gazetteer; candidates best first.
    Lookup(LookupArgs),
    /// Resolver features of every span and candidate, one JSON object per
    /// article (input of scripts/train.py).
    #[command(hide = true)]
    Features(InputArgs),
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Articles: .txt/.md files (one article each; id = file name), .html
    /// pages, .jsonl files of {"id","text","date"?,"title"?} records, .json
    /// files, folders of these (recursively), or - for JSONL on standard
    /// input. None: the bundled sample set.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,

    /// Date (YYYY-MM-DD) for articles that carry none.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<String>,
}

const BATCH_HELP: &str = "\
Output folder (fixed names): articles/<id>.geojson, combined.geojson,
places.csv, events.csv, combined.png, summary.json, errors.jsonl.

A bad input (unreadable, binary, empty, malformed JSON or JSONL line, a
record or file over 64 MiB) is listed in errors.jsonl and the run goes on.
Text that is not UTF-8 is decoded as Windows-1252 or lossily, with a
warning. Every file is written to a temporary file and renamed, so a killed
run leaves no half-written output; --resume then keeps the articles already
written and rebuilds the combined outputs.

Exit status: 0 when every input succeeded, 1 when some failed (see
errors.jsonl), 2 on a usage error or a fatal error (e.g. the output folder
cannot be written).";

#[derive(Debug, Args)]
struct BatchArgs {
    /// Inputs: folders (walked recursively for .txt, .md, .json, .jsonl,
    /// .html), files, glob patterns ("news/**/*.jsonl"), or - for JSONL on
    /// standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,

    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR", default_value = "output/batch")]
    out: PathBuf,

    /// Worker threads [default: one per core].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    jobs: Option<u32>,

    /// Keep articles whose output file exists (after an interrupted run);
    /// rebuild the combined outputs.
    #[arg(long)]
    resume: bool,

    /// Do not draw combined.png.
    #[arg(long)]
    no_map: bool,

    /// No progress bar, warnings or summary line on standard error.
    #[arg(short, long)]
    quiet: bool,

    /// Date (YYYY-MM-DD) for articles that carry none.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ParseFormat {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array.
    Json,
}

#[derive(Debug, Args)]
struct ParseArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output layout.
    #[arg(long, value_enum, default_value_t = ParseFormat::Jsonl)]
    format: ParseFormat,

    /// Write here instead of standard output (`-` = standard output).
    /// Default without INPUT: output/sample.jsonl.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct GeojsonArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Write here instead of standard output; a .csv name writes CSV.
    /// Default without INPUT: output/sample.geojson.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// GeoJSON text sequence (RFC 8142): one FeatureCollection per article,
    /// written as each is done (to standard output unless -o is given).
    #[arg(long)]
    seq: bool,

    /// Which features to write: places, events, or both (told apart by
    /// the "kind" property, "place" or "event").
    #[arg(long, value_enum, default_value_t = LayerArg::All)]
    layer: LayerArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LayerArg {
    /// Places named in the articles.
    Places,
    /// Events with a place.
    Events,
    /// Both.
    All,
}

impl From<LayerArg> for export::Layer {
    fn from(l: LayerArg) -> export::Layer {
        match l {
            LayerArg::Places => export::Layer::Places,
            LayerArg::Events => export::Layer::Events,
            LayerArg::All => export::Layer::All,
        }
    }
}

#[derive(Debug, Args)]
struct MapArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Image to write, .png or .svg. Default: output/sample.png and
    /// output/sample.svg (output/map.* when INPUT is given), with the
    /// GeoJSON beside them.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Image width, px [default: 1600].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    width: Option<u32>,

    /// Image height, px [default: 1000].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    height: Option<u32>,

    /// Map title. Default: the article's title for one article, else
    /// "N articles".
    #[arg(long)]
    title: Option<String>,

    /// Second line under the title. Default: the number of places and the
    /// articles' date range.
    #[arg(long)]
    subtitle: Option<String>,

    /// Also draw the articles' events, styled by type, with a legend.
    #[arg(long)]
    events: bool,

    /// Colour theme: light or dark.
    #[arg(long, default_value = "light", value_name = "THEME",
          value_parser = |s: &str| s.parse::<eventmap::render::Theme>())]
    theme: eventmap::render::Theme,

    /// Projection: equirectangular, mercator (Web Mercator) or equal-earth.
    /// Default: Equal Earth for the world, equirectangular otherwise.
    #[arg(long, value_name = "NAME",
          value_parser = |s: &str| s.parse::<eventmap::render::ProjectionKind>())]
    projection: Option<eventmap::render::ProjectionKind>,

    /// Area shown: auto (fitted to the places, padded, never closer than
    /// about 8° across), world, or a box minlon,minlat,maxlon,maxlat in
    /// degrees (minlon > maxlon crosses the antimeridian).
    #[arg(long, default_value = "auto", value_name = "EXTENT", allow_hyphen_values = true,
          value_parser = |s: &str| s.parse::<eventmap::render::ExtentChoice>())]
    extent: eventmap::render::ExtentChoice,

    /// Shade countries by a measure, with a colour legend. `mentions`: how
    /// often the country and places in it are named.
    #[arg(long, value_name = "MEASURE", value_parser = ["mentions"])]
    choropleth: Option<String>,

    /// Leave out the small locator map drawn on maps of a small area.
    #[arg(long)]
    no_inset: bool,
}

#[derive(Debug, Args)]
struct TimelineArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Image to write, .png or .svg. Default: output/sample-timeline.png
    /// (output/timeline.png when INPUT is given).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Image width, px [default: 1600].
    #[arg(long, value_parser = clap::value_parser!(u32).range(200..=10000))]
    width: Option<u32>,

    /// Image height, px [default: 800].
    #[arg(long, value_parser = clap::value_parser!(u32).range(200..=10000))]
    height: Option<u32>,

    /// Chart title. Default: "Events" and the article's title or count.
    #[arg(long)]
    title: Option<String>,
}

#[derive(Debug, Args)]
struct LookupArgs {
    /// Place name, as a person would type it ("kabul", "Paris, Texas").
    name: String,

    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,

    /// Show at most this many candidates.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
}

fn parse_date(s: &str) -> std::result::Result<String, String> {
    input::check_date(s).map(|()| s.to_string())
}

/// How a run went, for the exit code.
#[derive(Debug, Default, Clone, Copy)]
struct Batch {
    articles: usize,
    failed: usize,
}

impl Batch {
    /// True when inputs were given and not one of them could be read: then
    /// an output file would hold nothing, so it is not written (and an
    /// earlier file of that name is left as it was).
    fn all_failed(&self) -> bool {
        self.articles == 0 && self.failed > 0
    }

    fn exit_code(self) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Entry point: parse options, run, map the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse(); // usage errors exit 2 here
    let outcome = match cli.command {
        Command::Parse(args) => run_parse(args),
        Command::Geojson(args) => run_geojson(args),
        Command::Map(args) => run_map(args),
        Command::Timeline(args) => run_timeline(args),
        Command::Batch(args) => run_batch(args),
        Command::Lookup(args) => run_lookup(args),
        Command::Features(args) => run_features(args),
    };
    match outcome {
        Ok(code) => code,
        // `eventmap parse | head`: the reader left; not an error of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(format_args!("eventmap: {e:#}"));
            ExitCode::from(2)
        }
    }
}

/// Prints one line on stderr; never panics (stderr may be closed).
fn report(msg: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Usage error in clap's format, exit 2.
fn usage_error(msg: impl std::fmt::Display) -> ! {
    Cli::command()
        .error(clap::error::ErrorKind::ValueValidation, msg)
        .exit()
}

/// The inputs a command runs on.
struct Inputs {
    list: Vec<Input>,
    /// True when none were given and the bundled sample set is used.
    sample: bool,
    /// Arguments that could not be turned into inputs (already reported).
    failed: usize,
    opts: ReadOptions,
}

impl Inputs {
    fn from_args(args: &InputArgs) -> Inputs {
        let opts = ReadOptions {
            default_date: args.date.clone(),
        };
        if args.inputs.is_empty() {
            return Inputs {
                list: sample::inputs(),
                sample: true,
                failed: 0,
                opts,
            };
        }
        let mut list = Vec::new();
        let mut failed = 0;
        for arg in &args.inputs {
            let path = Path::new(arg);
            if arg != "-" && path.is_dir() {
                // Article files under it, recursively, in name order (the
                // same walk as `batch`).
                let before = list.len();
                for found in eventmap::batch::discover(std::slice::from_ref(arg)) {
                    match found {
                        eventmap::batch::Found::Input(input) => list.push(input),
                        eventmap::batch::Found::Failed { input, error } => {
                            report(format_args!("{input}: {error}"));
                            failed += 1;
                        }
                    }
                }
                if list.len() == before {
                    report(format_args!("{arg}: no article files in folder"));
                    failed += 1;
                }
            } else {
                list.push(Input::from_arg(arg));
            }
        }
        Inputs {
            list,
            sample: false,
            failed,
            opts,
        }
    }

    /// Reads and processes every article, handing each result to `sink`.
    /// A bad input or line is reported (`input[:line]: reason`), counted,
    /// and skipped; an error from `sink` (output) stops the run.
    fn each(&self, mut sink: impl FnMut(ArticleResult) -> Result<()>) -> Result<Batch> {
        let mut batch = Batch {
            articles: 0,
            failed: self.failed,
        };
        // Loaded on first use, so input errors alone never need it.
        let mut gaz: Option<&'static Gazetteer> = None;
        for input in &self.list {
            for item in input::read(input, &self.opts) {
                match item {
                    Ok(loaded) => {
                        for w in &loaded.warnings {
                            report(w);
                        }
                        let gaz = *gaz.get_or_insert_with(Gazetteer::bundled);
                        let result = eventmap::process(gaz, &loaded.article);
                        batch.articles += 1;
                        sink(result)?;
                    }
                    Err(e) => {
                        report(&e);
                        batch.failed += 1;
                    }
                }
            }
        }
        Ok(batch)
    }

    fn collect(&self) -> Result<(Vec<ArticleResult>, Batch)> {
        let mut results = Vec::new();
        let batch = self.each(|r| {
            results.push(r);
            Ok(())
        })?;
        Ok((results, batch))
    }
}

fn not_written(path: &Path) {
    report(format_args!(
        "{}: not written: no input could be read",
        path.display()
    ));
}

/// `output/<stem>.<ext>`, creating `output/` if needed.
fn default_output(stem: &str, ext: &str) -> Result<PathBuf> {
    let dir = Path::new(OUTPUT_DIR);
    std::fs::create_dir_all(dir).with_context(|| format!("{OUTPUT_DIR}: cannot create folder"))?;
    Ok(dir.join(format!("{stem}.{ext}")))
}

/// Where a command's text output goes.
enum Out {
    Stdout(std::io::Stdout),
    File(BufWriter<AtomicFile>),
}

impl Out {
    /// `-o FILE` (or `-` for stdout); without it, `default` when given, else stdout.
    fn open(output: Option<&Path>, default: Option<PathBuf>) -> Result<Out> {
        let path = match output {
            Some(p) if p.as_os_str() == "-" => None,
            Some(p) => Some(p.to_path_buf()),
            None => default,
        };
        match path {
            None => Ok(Out::Stdout(std::io::stdout())),
            // Created now so an unwritable path fails before any work.
            Some(p) => Ok(Out::File(BufWriter::new(AtomicFile::create(&p)?))),
        }
    }

    fn path(&self) -> String {
        match self {
            Out::Stdout(_) => "standard output".to_string(),
            Out::File(f) => f.get_ref().target().display().to_string(),
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let r = match self {
            Out::Stdout(s) => s.write_all(bytes),
            Out::File(f) => f.write_all(bytes),
        };
        r.with_context(|| format!("{}: write failed", self.path()))
    }

    /// Flushes standard output so a reader downstream sees each record as
    /// it is done; files are flushed once, at the end.
    fn flush_stdout(&mut self) -> Result<()> {
        if let Out::Stdout(s) = self {
            s.flush().context("standard output: write failed")?;
        }
        Ok(())
    }

    /// [`Self::finish`], unless every input failed: then a file is
    /// dropped (its temporary file removed) and said not to be written.
    fn finish_for(self, batch: &Batch) -> Result<()> {
        match self {
            Out::File(f) if batch.all_failed() => {
                not_written(f.get_ref().target());
                Ok(())
            }
            out => out.finish(),
        }
    }

    /// Flushes and, for a file, moves it into place.
    fn finish(self) -> Result<()> {
        match self {
            Out::Stdout(mut s) => s.flush().context("standard output: write failed"),
            Out::File(f) => {
                let path = f.get_ref().target().display().to_string();
                let file = f
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!("{path}: write failed: {}", e.error()))?;
                file.commit()?;
                report(format_args!("wrote {path}"));
                Ok(())
            }
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Stdout(s) => s.write(buf),
            Out::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Stdout(s) => s.flush(),
            Out::File(f) => f.flush(),
        }
    }
}

fn run_features(args: InputArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args);
    let gaz = Gazetteer::bundled();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut failed = inputs.failed;
    for input in &inputs.list {
        for item in input::read(input, &inputs.opts) {
            match item {
                Ok(loaded) => {
                    let a = &loaded.article;
                    serde_json::to_writer(
                        &mut out,
                        &eventmap::resolve::feature_dump(gaz, &a.id, &a.text),
                    )?;
                    out.write_all(b"\n")?;
                }
                Err(e) => {
                    report(&e);
                    failed += 1;
                }
            }
        }
    }
    out.flush()?;
    Ok(Batch {
        articles: 0,
        failed,
    }
    .exit_code())
}

/// Progress on standard error: an indicatif bar on a terminal (bytes of
/// text with ETA, articles, articles/s, failures), nothing otherwise;
/// warnings as lines (the first 20, then a count).
struct BatchProgress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    articles: std::cell::Cell<usize>,
    failed: std::cell::Cell<usize>,
    warnings: std::cell::Cell<usize>,
    start: std::time::Instant,
}

const WARNINGS_SHOWN: usize = 20;

impl eventmap::batch::Progress for BatchProgress {
    fn done(&self, bytes: usize, failed: bool) {
        if failed {
            self.failed.set(self.failed.get() + 1);
        } else {
            self.articles.set(self.articles.get() + 1);
        }
        if let Some(bar) = &self.bar {
            bar.inc(bytes as u64);
            let n = self.articles.get() + self.failed.get();
            if n.is_multiple_of(64) || failed {
                let rate = n as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!(
                    "{} articles, {rate:.0}/s, {} failed",
                    self.articles.get(),
                    self.failed.get()
                ));
            }
        }
    }

    fn warning(&self, w: &eventmap::input::Warning) {
        let n = self.warnings.get() + 1;
        self.warnings.set(n);
        if self.quiet || n > WARNINGS_SHOWN {
            return;
        }
        match &self.bar {
            // A warning's own text reads "INPUT: warning: ...".
            Some(bar) => bar.println(w.to_string()),
            None => report(w),
        }
    }
}

fn run_batch(args: BatchArgs) -> Result<ExitCode> {
    use std::io::IsTerminal as _;
    let opts = eventmap::batch::BatchOptions {
        out_dir: args.out.clone(),
        jobs: args.jobs.unwrap_or(0) as usize,
        resume: args.resume,
        map: !args.no_map,
        read: ReadOptions {
            default_date: args.date.clone(),
        },
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        // The size of the input files, for the ETA (stdin: unknown).
        let total: u64 = eventmap::batch::discover(&args.inputs)
            .filter_map(|f| match f {
                eventmap::batch::Found::Input(Input::Path(p)) => p.metadata().ok(),
                _ => None,
            })
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::new(total);
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ETA {eta}  {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style.progress_chars("=> "));
        bar
    });
    let progress = BatchProgress {
        bar,
        quiet: args.quiet,
        articles: Default::default(),
        failed: Default::default(),
        warnings: Default::default(),
        start: std::time::Instant::now(),
    };
    let gaz = Gazetteer::bundled();
    let outcome = eventmap::batch::run(gaz, &args.inputs, &opts, &progress);
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    let done = outcome?;
    let s = &done.summary;
    if !args.quiet {
        let secs = progress.start.elapsed().as_secs_f64();
        if done.warnings > WARNINGS_SHOWN {
            report(format_args!(
                "{} more warnings not shown",
                done.warnings - WARNINGS_SHOWN
            ));
        }
        report(format_args!(
            "batch: {} articles ({} already written), {} failed, {} places, {} events \
             -> {} ({secs:.1} s, {:.1} MB/s of text)",
            s.articles,
            done.kept,
            s.failed,
            s.places,
            s.events,
            args.out.display(),
            s.text_bytes as f64 / 1e6 / secs.max(1e-9),
        ));
        if s.failed > 0 {
            report(format_args!(
                "{} inputs failed: see {}",
                s.failed,
                args.out.join("errors.jsonl").display()
            ));
        }
    }
    Ok(if s.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_timeline(args: TimelineArgs) -> Result<ExitCode> {
    if let Some(p) = &args.output {
        if !map::is_image_path(p) {
            usage_error(format_args!(
                "cannot write a timeline to {}: use a .png or .svg file name",
                p.display()
            ));
        }
    }
    let inputs = Inputs::from_args(&args.input);
    let path = match &args.output {
        Some(p) => p.clone(),
        None => default_output(
            if inputs.sample {
                "sample-timeline"
            } else {
                "timeline"
            },
            "png",
        )?,
    };
    let (results, batch) = inputs.collect()?;
    if batch.all_failed() {
        not_written(&path);
        return Ok(batch.exit_code());
    }
    let events: Vec<eventmap::Event> = results
        .iter()
        .flat_map(|r| r.events.iter().cloned())
        .collect();
    let defaults = eventmap::render::TimelineOptions::default();
    let opts = eventmap::render::TimelineOptions {
        width: args.width.unwrap_or(defaults.width),
        height: args.height.unwrap_or(defaults.height),
        title: args
            .title
            .clone()
            .unwrap_or_else(|| format!("Events: {}", default_title(&results))),
        ..defaults
    };
    eventmap::render::render_timeline(&events, &opts, &path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    report(format_args!("wrote {}", path.display()));
    Ok(batch.exit_code())
}

fn run_parse(args: ParseArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args.input);
    let json = args.format == ParseFormat::Json;
    let default = match (inputs.sample, args.output.is_some()) {
        (true, false) => Some(default_output(
            "sample",
            if json { "json" } else { "jsonl" },
        )?),
        _ => None,
    };
    let mut out = Out::open(args.output.as_deref(), default)?;
    if json {
        out.write_all(b"[")?;
    }
    let mut first = true;
    let batch = inputs.each(|result| {
        let mut record = Vec::with_capacity(512);
        if json {
            record.extend_from_slice(if first { b"\n" } else { b",\n" });
        }
        serde_json::to_writer(&mut record, &result)?;
        if !json {
            record.push(b'\n');
        }
        first = false;
        out.write_all(&record)?;
        out.flush_stdout()
    })?;
    if json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.finish_for(&batch)?;
    Ok(batch.exit_code())
}

fn run_geojson(args: GeojsonArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args.input);
    if args.seq {
        let out = Out::open(args.output.as_deref(), None)?;
        let mut writer = GeoJsonSeqWriter::with_layer(out, args.layer.into());
        let batch =
            inputs.each(|result| writer.write_article(&result).map_err(anyhow::Error::from))?;
        writer.into_inner().finish_for(&batch)?;
        return Ok(batch.exit_code());
    }
    let default = match (inputs.sample, args.output.is_some()) {
        (true, false) => Some(default_output("sample", "geojson")?),
        _ => None,
    };
    let csv = args
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut out = Out::open(args.output.as_deref(), default)?;
    let (results, batch) = inputs.collect()?;
    if csv {
        let places = export::aggregate(&results);
        out.write_all(export::places_csv(&places).as_bytes())?;
    } else {
        let fc = export::results_collection(&results, args.layer.into());
        let mut bytes = serde_json::to_vec(&fc)?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
    }
    out.finish_for(&batch)?;
    Ok(batch.exit_code())
}

fn run_map(args: MapArgs) -> Result<ExitCode> {
    if let Some(p) = &args.output {
        if !map::is_image_path(p) {
            usage_error(format_args!(
                "cannot write a map to {}: use a .png or .svg file name",
                p.display()
            ));
        }
    }
    let inputs = Inputs::from_args(&args.input);
    let (images, geojson) = match &args.output {
        Some(p) => (vec![p.clone()], None),
        None => {
            let stem = if inputs.sample { "sample" } else { "map" };
            (
                vec![default_output(stem, "png")?, default_output(stem, "svg")?],
                Some(default_output(stem, "geojson")?),
            )
        }
    };
    // Fail on an unwritable GeoJSON path before reading anything.
    let geojson_out = match geojson {
        Some(p) => Some(Out::open(Some(&p), None)?),
        None => None,
    };
    let (results, batch) = inputs.collect()?;
    if batch.all_failed() {
        images.iter().for_each(|p| not_written(p));
        if let Some(out) = geojson_out {
            out.finish_for(&batch)?;
        }
        return Ok(batch.exit_code());
    }
    let places = export::aggregate(&results);
    let req = map::MapRequest {
        width: args.width,
        height: args.height,
        title: args
            .title
            .clone()
            .unwrap_or_else(|| default_title(&results)),
        subtitle: Some(
            args.subtitle
                .clone()
                .unwrap_or_else(|| subtitle(&results, places.len())),
        ),
        theme: args.theme,
        projection: args.projection,
        extent: args.extent,
        choropleth: args.choropleth.is_some(),
        inset: !args.no_inset,
        events: if args.events {
            results
                .iter()
                .flat_map(|r| r.events.iter().cloned())
                .collect()
        } else {
            Vec::new()
        },
    };
    for path in &images {
        map::render(&places, &req, path)?;
        report(format_args!("wrote {}", path.display()));
    }
    if let Some(mut out) = geojson_out {
        let mut bytes = serde_json::to_vec(&export::feature_collection(&places))?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
        out.finish()?;
    }
    Ok(batch.exit_code())
}

/// The article's title (or id) for one article, else "N articles".
fn default_title(results: &[ArticleResult]) -> String {
    match results {
        [] => "No articles".to_string(),
        [one] => one.title.clone().unwrap_or_else(|| one.id.clone()),
        many => format!("{} articles", many.len()),
    }
}

/// "12 places · 2021-09-03 to 2024-05-06".
fn subtitle(results: &[ArticleResult], n_places: usize) -> String {
    let noun = if n_places == 1 { "place" } else { "places" };
    let mut s = format!("{n_places} {noun}");
    let dates = results.iter().filter_map(|r| r.date.as_deref());
    let (min, max) = (dates.clone().min(), dates.max());
    match (min, max) {
        (Some(a), Some(b)) if a == b => s.push_str(&format!(" · {a}")),
        (Some(a), Some(b)) => s.push_str(&format!(" · {a} to {b}")),
        _ => {}
    }
    s
}

/// One gazetteer candidate as printed by `lookup --json`.
#[derive(Debug, serde::Serialize)]
struct Candidate<'g> {
    geonameid: Option<u32>,
    name: &'g str,
    kind: eventmap::Kind,
    country_code: Option<&'g str>,
    lat: f64,
    lon: f64,
    population: u64,
}

fn run_lookup(args: LookupArgs) -> Result<ExitCode> {
    let gaz = Gazetteer::bundled();
    let places = gaz.lookup(&args.name);
    // The blob stores f32: more than 5 decimals would print noise.
    let round5 = |x: f64| (x * 1e5).round() / 1e5;
    let candidates: Vec<Candidate> = places
        .iter()
        .take(args.limit as usize)
        .map(|p| Candidate {
            geonameid: p.geonameid,
            name: p.name,
            kind: p.kind,
            country_code: p.country_code,
            lat: round5(p.lat),
            lon: round5(p.lon),
            population: p.population,
        })
        .collect();
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let mut bytes = serde_json::to_vec_pretty(&candidates)?;
        bytes.push(b'\n');
        stdout.write_all(&bytes)?;
    } else if !candidates.is_empty() {
        stdout.write_all(lookup_table(&candidates).as_bytes())?;
    }
    stdout.flush()?;
    if candidates.is_empty() {
        report(format_args!(
            "{}: no such place in the gazetteer",
            args.name
        ));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn lookup_table(candidates: &[Candidate]) -> String {
    let header = [
        "geonameid",
        "name",
        "kind",
        "cc",
        "lat",
        "lon",
        "population",
    ];
    let rows: Vec<[String; 7]> = candidates
        .iter()
        .map(|c| {
            [
                c.geonameid
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "-".into()),
                c.name.to_string(),
                c.kind.to_string(),
                c.country_code.unwrap_or("-").to_string(),
                format!("{:.4}", c.lat),
                format!("{:.4}", c.lon),
                c.population.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    // Numbers right-aligned, words left-aligned.
    let right = [true, false, false, false, true, true, true];
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut parts = Vec::with_capacity(cells.len());
        for ((cell, &w), &r) in cells.iter().zip(&widths).zip(&right) {
            let pad = " ".repeat(w - cell.chars().count());
            parts.push(if r {
                format!("{pad}{cell}")
            } else {
                format!("{cell}{pad}")
            });
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&header.map(String::from));
    for row in &rows {
        line(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn titles_and_subtitles() {
        let r = |id: &str, title: Option<&str>, date: Option<&str>| ArticleResult {
            id: id.into(),
            title: title.map(Into::into),
            date: date.map(Into::into),
            mentions: Vec::new(),
            events: Vec::new(),
        };
        assert_eq!(default_title(&[r("a", Some("Headline"), None)]), "Headline");
        assert_eq!(default_title(&[r("a", None, None)]), "a");
        assert_eq!(
            default_title(&[r("a", None, None), r("b", None, None)]),
            "2 articles"
        );
        let rs = [
            r("a", None, Some("2024-05-06")),
            r("b", None, Some("2021-09-03")),
            r("c", None, None),
        ];
        assert_eq!(subtitle(&rs, 12), "12 places · 2021-09-03 to 2024-05-06");
        assert_eq!(subtitle(&rs[..1], 1), "1 place · 2024-05-06");
        assert_eq!(subtitle(&[], 0), "0 places");
    }

    #[test]
    fn lookup_table_aligns_columns() {
        let c = |id, name, pop| Candidate {
            geonameid: Some(id),
            name,
            kind: eventmap::Kind::City,
            country_code: Some("AF"),
            lat: 34.52813,
            lon: 69.17233,
            population: pop,
        };
        let t = lookup_table(&[c(1138958, "Kabul", 3_043_532), c(1, "São Paulo", 5)]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("geonameid  name"));
        assert!(lines[1].starts_with("  1138958  Kabul      city"), "{t}");
        assert!(lines[2].contains("São Paulo  city"), "{t}");
        assert!(
            lines[1].ends_with("3043532") && lines[2].ends_with("      5"),
            "{t}"
        );
    }
}
