//! The one call into the renderer, kept apart so a change in its API is a
//! one-function fix.

use eventmap::export::PlaceSummary;
use eventmap::render::{render_map, ExtentChoice, ImageFormat, MapOptions, ProjectionKind, Theme};
use eventmap::Event;
use std::path::Path;

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

/// True when the renderer can write a file with this name.
pub fn is_image_path(path: &Path) -> bool {
    ImageFormat::from_path(path).is_some()
}

/// Draws `places` to `path` (PNG or SVG by extension).
pub fn render(places: &[PlaceSummary], req: &MapRequest, path: &Path) -> eventmap::Result<()> {
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
    render_map(places, &opts, path)
}
