//! The legends: the places' (symbols, circle sizes, choropleth classes) in
//! the lower left corner, and the events' in whichever corner covers fewest
//! markers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use crate::events::{Event, EventType};
use crate::export::PlaceSummary;
use crate::render::events;
use crate::render::layers::basemap::Choropleth;
use crate::render::layers::events::event_radius;
use crate::render::layers::places::{draw_place_symbol, radius_px, Symbol};
use crate::render::layout::Layout;
use crate::render::projection::PixelRect;
use crate::render::text::{font, pt, put_text, put_text_aligned, text_width};

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
pub(crate) fn draw_legend<B: DrawingBackend>(
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

/// The "Events" legend: a heading, one row per type on the map with its
/// marker and count, and a note on events without a position. In the lower
/// right corner, or, when that covers more of the `avoid` points (marker
/// centres), the upper right, above the places' legend, or the upper left;
/// never on the places' legend. Returns its box, or `None` when no event
/// has a position.
pub(crate) fn draw_event_legend<B: DrawingBackend>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_legend_steps() {
        assert_eq!(size_steps(1), vec![1]);
        assert_eq!(size_steps(2), vec![2, 1]);
        assert_eq!(size_steps(20), vec![20, 5, 1]);
        assert_eq!(size_steps(300), vec![300, 100, 1]);
    }
}
