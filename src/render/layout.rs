//! Sizes and colours: [`Layout`] scales text, symbols and margins with the
//! image and holds the map's palette and frame; and the timeline's colours.

use plotters::style::RGBColor;

use super::projection::PixelRect;
use super::text::TextMode;
use super::theme::Palette;
use super::MapOptions;

/// Sizes of everything, scaled with the image so a 4000 px map is not a
/// 1600 px map with tiny text; and the colours.
pub(crate) struct Layout {
    pub(crate) s: f64,
    pub(crate) text_mode: TextMode,
    pub(crate) pal: Palette,
    pub(crate) frame: PixelRect,
    pub(crate) title_y: f64,
    pub(crate) subtitle_y: f64,
    pub(crate) footer_y: f64,
}

impl Layout {
    pub(crate) fn new(opts: &MapOptions, text_mode: TextMode) -> Layout {
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

    pub(crate) fn px(&self, v: f64) -> f64 {
        v * self.s
    }
}

// Colours of the timeline (the map takes its own from its [`Theme`]).
pub(crate) const PAPER: RGBColor = RGBColor(255, 255, 255);
pub(crate) const INK: RGBColor = RGBColor(33, 33, 33);
pub(crate) const MUTED: RGBColor = RGBColor(100, 100, 100);
