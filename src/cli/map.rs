//! `map` and `timeline`: images of the places and events. The one call
//! into the map renderer is [`render`], so a change in its API is a
//! one-function fix.

use super::inputs::Inputs;
use super::out::{default_output, Out};
use super::report::usage_error;
use super::{ImageFormatArg, MapArgs, TimelineArgs};
use anyhow::{Context, Result};
use eventmap::export;
use eventmap::export::PlaceSummary;
use eventmap::render::{
    render_map_bytes, web, ExtentChoice, ImageFormat, MapOptions, ProjectionKind, Theme,
};
use eventmap::ArticleResult;
use eventmap::Event;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Map size and titles as the user gave them; `None` = renderer default.
#[derive(Clone, Debug, Default)]
pub struct MapRequest {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub title: String,
    pub subtitle: Option<String>,
    /// Events to draw as markers (empty: places only).
    pub events: Vec<Event>,
    pub theme: Theme,
    /// `None`: chosen for the extent.
    pub projection: Option<ProjectionKind>,
    pub extent: ExtentChoice,
    /// Shade countries by mentions.
    pub choropleth: bool,
    /// Locator inset on small-area maps.
    pub inset: bool,
}

/// Where an image goes and in which format: `-o FILE` (format from its
/// extension, unless `--format` says), `-o -` (standard output, format from
/// `--format`), or the default files.
fn image_outputs(
    cmd: &str,
    output: Option<&Path>,
    format: Option<ImageFormatArg>,
    defaults: impl FnOnce() -> Result<Vec<PathBuf>>,
) -> Result<Vec<(PathBuf, ImageFormat)>> {
    let Some(path) = output else {
        return Ok(defaults()?
            .into_iter()
            .filter_map(|p| ImageFormat::from_path(&p).map(|f| (p, f)))
            .collect());
    };
    let format = match (format, ImageFormat::from_path(path)) {
        (Some(f), _) => f.into(),
        (None, Some(f)) => f,
        (None, None) if path.as_os_str() == "-" => usage_error(
            cmd,
            "standard output has no file extension to go by: add --format png or --format svg",
        ),
        (None, None) => usage_error(
            cmd,
            format_args!(
                "cannot write a {cmd} to {}: use a .png or .svg file name, or --format",
                path.display()
            ),
        ),
    };
    Ok(vec![(path.to_path_buf(), format)])
}

/// Draws `places` as the user asked, as the bytes of a PNG or SVG file.
fn render(
    places: &[PlaceSummary],
    req: &MapRequest,
    format: ImageFormat,
) -> eventmap::Result<Vec<u8>> {
    let defaults = MapOptions::default();
    let opts = MapOptions {
        width: req.width.unwrap_or(defaults.width),
        height: req.height.unwrap_or(defaults.height),
        title: req.title.clone(),
        subtitle: req.subtitle.clone(),
        events: req.events.clone(),
        theme: req.theme,
        projection: req.projection,
        extent: req.extent,
        choropleth: req.choropleth,
        inset: req.inset,
    };
    render_map_bytes(places, &opts, format)
}

/// True for a path named `*.html` or `*.htm`: the web map.
fn is_html(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

pub(super) fn run_map(args: MapArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args.input);
    let mut geojson = None;
    let mut html = None;
    let images = match args.output.as_deref() {
        Some(p) if is_html(p) && args.format.is_none() => {
            html = Some(p.to_path_buf());
            Vec::new()
        }
        output => image_outputs("map", output, args.format, || {
            let stem = if inputs.sample { "sample" } else { "map" };
            geojson = Some(default_output(stem, "geojson")?);
            html = Some(default_output(stem, "html")?);
            Ok(vec![
                default_output(stem, "png")?,
                default_output(stem, "svg")?,
            ])
        })?,
    };
    // Open every output before reading anything: an unwritable path fails
    // fast, naming itself.
    let mut outs = images
        .iter()
        .map(|(p, f)| Ok((Out::open(Some(p), None)?, *f)))
        .collect::<Result<Vec<_>>>()?;
    let geojson_out = match geojson {
        Some(p) => Some(Out::open(Some(&p), None)?),
        None => None,
    };
    let html_out = match &html {
        Some(p) => Some(Out::open(Some(p), None)?),
        None => None,
    };
    // The web map's popups quote the sentences that name each place.
    let mut sentences = web::PlaceSentences::new();
    let mut results = Vec::new();
    let batch = inputs.each_article(|article, r| {
        if html.is_some() {
            web::collect_sentences(&article.text, &r, &mut sentences);
        }
        results.push(r);
        Ok(())
    })?;
    if batch.all_failed() {
        for (out, _) in outs {
            out.finish_for(&batch)?;
        }
        if let Some(out) = geojson_out {
            out.finish_for(&batch)?;
        }
        if let Some(out) = html_out {
            out.finish_for(&batch)?;
        }
        return Ok(batch.exit_code());
    }
    let places = export::aggregate(&results);
    let req = MapRequest {
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
        // One marker per happening, however many articles report it.
        events: if args.events {
            export::aggregate_events(&results)
                .into_iter()
                .map(|s| s.event)
                .collect()
        } else {
            Vec::new()
        },
    };
    for (out, format) in &mut outs {
        let bytes = render(&places, &req, *format)
            .with_context(|| format!("{}: cannot draw the map", out.path()))?;
        out.write_all(&bytes)?;
    }
    for (out, _) in outs {
        out.finish()?;
    }
    if let Some(mut out) = geojson_out {
        let mut bytes = serde_json::to_vec(&export::feature_collection(&places))?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
        out.finish()?;
    }
    if let Some(mut out) = html_out {
        // Every happening, whether or not --events draws them on the image.
        let events = export::aggregate_events(&results);
        let page = web::web_map_html(
            &places,
            &events,
            &sentences,
            &web::WebMapOptions {
                title: req.title.clone(),
                subtitle: req.subtitle.clone(),
            },
        )
        .with_context(|| format!("{}: cannot make the web map", out.path()))?;
        out.write_all(page.as_bytes())?;
        out.finish()?;
    }
    Ok(batch.exit_code())
}

pub(super) fn run_timeline(args: TimelineArgs) -> Result<ExitCode> {
    let inputs = Inputs::from_args(&args.input);
    let images = image_outputs("timeline", args.output.as_deref(), args.format, || {
        let stem = if inputs.sample {
            "sample-timeline"
        } else {
            "timeline"
        };
        Ok(vec![default_output(stem, "png")?])
    })?;
    let (path, format) = images.into_iter().next().expect("one timeline");
    let mut out = Out::open(Some(&path), None)?;
    let (results, batch) = inputs.collect()?;
    if batch.all_failed() {
        out.finish_for(&batch)?;
        return Ok(batch.exit_code());
    }
    // Happenings, however many articles report them.
    let events: Vec<eventmap::Event> = export::aggregate_events(&results)
        .into_iter()
        .map(|s| s.event)
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
    let bytes = eventmap::render::render_timeline_bytes(&events, &opts, format)
        .with_context(|| format!("{}: cannot draw the timeline", out.path()))?;
    out.write_all(&bytes)?;
    out.finish()?;
    Ok(batch.exit_code())
}

/// The article's title (or id) for one article, else "N articles".
pub(super) fn default_title(results: &[ArticleResult]) -> String {
    match results {
        [] => "No articles".to_string(),
        [one] => one.title.clone().unwrap_or_else(|| one.id.clone()),
        many => format!("{} articles", many.len()),
    }
}

/// "12 places · 2021-09-03 to 2024-05-06".
pub(super) fn subtitle(results: &[ArticleResult], n_places: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use eventmap::ArticleResult;

    #[test]
    fn titles_and_subtitles() {
        let r = |id: &str, title: Option<&str>, date: Option<&str>| ArticleResult {
            id: id.into(),
            title: title.map(Into::into),
            date: date.map(Into::into),
            mentions: Vec::new(),
            events: Vec::new(),
            times: Vec::new(),
            focus: Default::default(),
            dropped: 0,
            warnings: Vec::new(),
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
}
