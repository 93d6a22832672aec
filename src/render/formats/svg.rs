//! SVG post-processing: characters XML forbids replaced, each label's halo
//! folded into its one `<text>` element, and the elements grouped by layer
//! and by place marker, from marks drawn while drawing ([`start_layer`],
//! [`start_item`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::RGBAColor;

use crate::export::PlaceSummary;
use crate::render::layers::labels::HALO_ALPHA;
use crate::render::{web, DrawResult};

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
/// the halo colour round the ink copy, see
/// [`draw_halo_text`](crate::render::layers::labels::draw_halo_text)) as one
/// `<text>` element with a stroke painted under the fill: the same look,
/// and the name is in the file once, so it selects and searches as one
/// word in a browser or an editor. Anything else passes through unchanged.
pub(crate) fn svg_halos(svg: &str) -> String {
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

/// The layers of a map, in drawing order: each becomes one `<g id="…">` of
/// the SVG ([`svg_layers`]), for people who edit maps in Illustrator or
/// Inkscape.
pub(crate) const LAYERS: [&str; 10] = [
    "basemap",
    "areas",
    "borders",
    "rivers",
    "legend",
    "places",
    "events",
    "labels",
    "context-labels",
    "furniture",
];

/// Marks where layer `LAYERS[i]` starts: a one-pixel rectangle of alpha
/// 0.002 (plotters skips drawing a transparent one)
/// whose fill colour names the layer, which [`svg_layers`] turns
/// into a group and removes. On a bitmap it changes no pixel.
pub(crate) fn start_layer<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    i: usize,
) -> DrawResult<B> {
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
pub(crate) fn svg_items(places: &[PlaceSummary]) -> Vec<SvgItem> {
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
pub(crate) fn start_item<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    i: usize,
) -> DrawResult<B> {
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
pub(crate) fn svg_layers(svg: &str, items: &[SvgItem]) -> String {
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
