//! The scale bar, in the footer's right-hand end of every map that is not
//! the world: measured along the map's bottom edge right above it, and
//! labelled with that edge's latitude.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, TextStyle};

use crate::render::layout::Layout;
use crate::render::projection::Projection;
use crate::render::text::{font, pt, put_text, text_width};
use crate::render::{theme, DrawResult};

/// Where a scale bar goes and what it says.
#[derive(Debug)]
pub(crate) struct ScaleBar {
    /// Left and right ends, px.
    pub left: f64,
    pub right: f64,
    /// The ground distance between the ends, km (1, 2 or 5 × 10ⁿ); the
    /// label says it, the tests check it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub km: f64,
    /// The label: distance and the latitude it holds at ("200 km at 34°N").
    pub label: String,
}

/// The scale bar of a map: a round distance about a tenth of the frame
/// wide, ending at the right of the footer under the map. Its length is
/// the ground distance between the two points of the map's bottom edge
/// straight above its ends ([`Projection::bar_px`]), so it is right there,
/// at the latitude the label names, whatever the projection does higher
/// up. `None` when no round distance fits.
pub(crate) fn scale_bar(
    proj: &Projection,
    layout: &Layout,
    label_style: &TextStyle,
) -> Option<ScaleBar> {
    let frame = &layout.frame;
    let y = frame.bottom();
    let target = (0.12 * frame.w).clamp(layout.px(60.0), layout.px(220.0));
    let probe = frame.right() - target - layout.px(100.0);
    let km = theme::nice_distance(proj.km_per_px(probe, y) * target)?;
    // The label names the latitude at the bar's middle; the bar ends where
    // the label begins, so find both together (two rounds settle it).
    let mut left = probe;
    let mut label = String::new();
    let mut right = frame.right();
    for _ in 0..2 {
        let lat = proj.unproject(left + target / 2.0, y).1;
        let hemi = if lat < 0.0 { 'S' } else { 'N' };
        label = format!(
            "{} at {}°{hemi}",
            theme::distance_label(km),
            lat.abs().round() as i64
        );
        right = frame.right() - text_width(&label, label_style) - layout.px(8.0);
        let guess = right - proj.bar_px(right - target, y, km);
        left = right - proj.bar_px(guess, y, km);
    }
    (left.is_finite() && left < right && left > frame.x).then_some(ScaleBar {
        left,
        right,
        km,
        label,
    })
}

/// Draws [`scale_bar`] in the footer, in two halves.
pub(crate) fn draw_scale_bar<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    proj: &Projection,
    layout: &Layout,
) -> DrawResult<B> {
    let pal = &layout.pal;
    let size = layout.px(13.0);
    let style = font(size, FontStyle::Normal)
        .pos(Pos::new(HPos::Left, VPos::Top))
        .color(&pal.muted);
    let Some(ScaleBar {
        left, right, label, ..
    }) = scale_bar(proj, layout, &style)
    else {
        return Ok(());
    };
    let bar_h = layout.px(5.0).max(3.0);
    let y = layout.footer_y + 0.5 * size - 0.5 * bar_h;
    let mid = (left + right) / 2.0;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::projection::{haversine_km, Extent, ProjectionKind};
    use crate::render::text::TextMode;
    use crate::render::MapOptions;

    #[test]
    fn bar_is_right_within_five_percent_at_its_latitude() {
        // Europe from Lisbon to Reykjavik (30-70°N: where one equirectangular
        // bar measured at the centre was off by half at the bottom), Kenya,
        // Vermont, Svalbard; every projection.
        let opts = MapOptions::default();
        let cases = [
            Extent::around(&[(-9.1, 38.7), (30.5, 50.4), (-21.9, 64.1), (25.0, 33.0)]),
            Extent::around(&[(36.82, -1.29), (39.67, -4.04)]),
            Extent::around(&[(-72.58, 44.26)]),
            Extent::around(&[(15.6, 78.2)]),
        ];
        for ext in cases {
            for kind in ProjectionKind::ALL {
                let mut layout = Layout::new(&opts, TextMode::PerGlyph);
                let (proj, frame, _) = Projection::fit_with(kind, &ext, layout.frame);
                layout.frame = frame;
                let style = font(layout.px(13.0), FontStyle::Normal);
                let bar = scale_bar(&proj, &layout, &style).expect("a bar");
                let y = frame.bottom();
                let ground =
                    haversine_km(proj.unproject(bar.left, y), proj.unproject(bar.right, y));
                assert!(
                    (ground / bar.km - 1.0).abs() < 0.05,
                    "{kind} {ext:?}: bar says {} km, covers {ground:.1} km",
                    bar.km
                );
                let lat = proj.unproject((bar.left + bar.right) / 2.0, y).1;
                let hemi = if lat < 0.0 { 'S' } else { 'N' };
                let want = format!("at {}°{hemi}", lat.abs().round() as i64);
                assert!(bar.label.ends_with(&want), "{}: {want}", bar.label);
                assert!(bar.right < frame.right() && bar.left > frame.x);
            }
        }
    }
}
