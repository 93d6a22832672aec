//! Text: the bundled DejaVu Sans fonts and how text is set with them (whole
//! strings for SVG, glyph by glyph on a bitmap), measured and aligned; and
//! [`pt`], the pixel rounding every drawing call uses.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos};
use plotters::style::{FontFamily, FontStyle};

use super::DrawResult;

/// Font family name used for all text. In SVG it is written out as is, so a
/// viewer with DejaVu Sans installed shows the same letters as the PNG and
/// any other falls back to its own sans-serif.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";
pub(crate) static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(crate) static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// For the names of seas, lakes and rivers (cartography's convention).
pub(crate) static FONT_OBLIQUE: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf");

/// Registers the bundled fonts with plotters' ab_glyph text renderer, once.
pub(crate) fn register_fonts() -> Result<(), String> {
    static REGISTERED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for family in [FONT_FAMILY, "sans-serif"] {
                plotters::style::register_font(family, FontStyle::Normal, FONT_REGULAR)
                    .and_then(|()| {
                        plotters::style::register_font(family, FontStyle::Bold, FONT_BOLD)
                    })
                    .and_then(|()| {
                        plotters::style::register_font(family, FontStyle::Italic, FONT_OBLIQUE)
                    })
                    .and_then(|()| {
                        plotters::style::register_font(family, FontStyle::Oblique, FONT_OBLIQUE)
                    })
                    .map_err(|_| "bundled font is not a valid TrueType font".to_string())?;
            }
            Ok(())
        })
        .clone()
}

/// How text is handed to the backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextMode {
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
pub(crate) fn put_text<B: DrawingBackend>(
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
    static FACES: std::sync::OnceLock<Option<[ab_glyph::FontRef<'static>; 3]>> =
        std::sync::OnceLock::new();
    let faces = FACES.get_or_init(|| {
        Some([
            ab_glyph::FontRef::try_from_slice(FONT_REGULAR).ok()?,
            ab_glyph::FontRef::try_from_slice(FONT_BOLD).ok()?,
            ab_glyph::FontRef::try_from_slice(FONT_OBLIQUE).ok()?,
        ])
    });
    let i = match style.font.get_style() {
        FontStyle::Bold => 1,
        FontStyle::Italic | FontStyle::Oblique => 2,
        FontStyle::Normal => 0,
    };
    faces.as_ref().map(|f| &f[i])
}

/// Advance width of `text` in the bundled font, px: where the pen ends up in
/// [`put_text`]'s glyph-by-glyph layout (and, within a pixel, where an SVG
/// viewer with DejaVu Sans ends the line).
pub(crate) fn text_width(text: &str, style: &TextStyle) -> f64 {
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
pub(crate) fn put_text_aligned<B: DrawingBackend>(
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

pub(crate) fn font(size_px: f64, style: FontStyle) -> TextStyle<'static> {
    TextStyle::from((FontFamily::Name(FONT_FAMILY), size_px, style))
}

pub(crate) fn pt(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}
