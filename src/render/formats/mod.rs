//! Image files: the size check, drawing on plotters' SVG backend, the SVG's
//! post-processing (`svg.rs`) and rasterising to PNG (`png.rs`), and
//! writing the file atomically. Maps and the timeline both go through here.

mod png;
pub(crate) mod svg;

use std::io::Write as _;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::text::register_fonts;
use super::ImageFormat;
use crate::export::AtomicFile;
use crate::{Error, Result};
use png::rasterize;
use svg::{svg_halos, svg_layers, xml_safe, SvgItem};

/// Smallest and largest image side accepted, px.
const MIN_SIDE: u32 = 200;
const MAX_SIDE: u32 = 16_384;

/// The drawing area an image is drawn on: SVG, which a PNG is rasterised
/// from ([`image_bytes`]). The drawing functions stay generic over the
/// backend; the tests draw on bitmaps too.
pub(crate) enum Target<'a, 'b> {
    Svg(&'a DrawingArea<SVGBackend<'b>, Shift>),
}

/// Writes the image `render` makes, in the format `path`'s extension
/// names, to `path` atomically. The output file is opened before drawing,
/// so a missing or read-only folder fails fast; errors name `path`.
pub(crate) fn write_image(
    path: &Path,
    render: impl FnOnce(ImageFormat) -> Result<Vec<u8>>,
) -> Result<()> {
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
pub(crate) fn image_bytes(
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
