//! Timeline chart: events per day (or week, month, year) by type, as
//! stacked bars, PNG or SVG from the same drawing code as the map.
//!
//! Every bucket from the first event's to the last event's is drawn, empty
//! or not, so gaps in time show as gaps. Spans too long for one bar a day
//! are counted by week, calendar month or year ([`Bucket::for_span`]) and
//! the subtitle says so. Bars are stacked in legend order, the first type
//! on top, in the colours the map's event markers use
//! ([`super::event_style`]). Events without a usable date are counted in
//! the subtitle and otherwise left out; with none dated, the chart is drawn
//! empty with a note.
//!
//! Not here: finding events or their dates (see [`crate::events`]).

use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::events::{count_by_type, event_style, type_index};
use super::projection::PixelRect;
use super::{
    font, pt, put_text, put_text_aligned, text_width, DrawResult, Target, TextMode, INK, MUTED,
    PAPER,
};
use crate::events::{DateSource, Event, EventType};
use crate::Result;

/// What the timeline looks like apart from its content.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineOptions {
    /// Image width, px.
    pub width: u32,
    /// Image height, px.
    pub height: u32,
    /// Heading printed at the top.
    pub title: String,
    /// Second line under the title. `None`: a summary ("12 events,
    /// 1 Mar 2024 – 3 Mar 2024; 1 without a date not shown"); given, the
    /// summary moves to a third, smaller line.
    pub subtitle: Option<String>,
}

impl Default for TimelineOptions {
    /// 1600×800, titled "Events over time", summary as subtitle.
    fn default() -> TimelineOptions {
        TimelineOptions {
            width: 1600,
            height: 800,
            title: "Events over time".to_string(),
            subtitle: None,
        }
    }
}

/// Draws the timeline of `events` and writes it to `path` (PNG or SVG by
/// the extension, see [`super::ImageFormat`]) atomically. Errors name the
/// path. Text is set in the bundled DejaVu Sans, and the same events give
/// the same bytes.
pub fn render_timeline(events: &[Event], opts: &TimelineOptions, path: &Path) -> Result<()> {
    super::write_image(path, |format| render_timeline_bytes(events, opts, format))
}

/// Draws the timeline as the bytes of a PNG or SVG file.
pub fn render_timeline_bytes(
    events: &[Event],
    opts: &TimelineOptions,
    format: super::ImageFormat,
) -> Result<Vec<u8>> {
    let summary = Summary::of(events);
    super::image_bytes(format, (opts.width, opts.height), &[], |target| {
        let Target::Svg(root) = target;
        Ok(draw(root, &summary, opts, TextMode::Whole).map_err(|e| e.to_string()))
    })
}

/// How many days one bar counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bucket {
    Day,
    /// Monday to Sunday.
    Week,
    /// Calendar month.
    Month,
    /// Calendar year.
    Year,
}

impl Bucket {
    /// The bucket for events from `first` to `last`: days up to three months
    /// (at most 92 bars), weeks up to two years (105), months up to twenty
    /// years (240), years beyond.
    pub(crate) fn for_span(first: NaiveDate, last: NaiveDate) -> Bucket {
        let days = (last - first).num_days().abs() + 1;
        match days {
            ..=92 => Bucket::Day,
            93..=731 => Bucket::Week,
            732..=7305 => Bucket::Month,
            _ => Bucket::Year,
        }
    }

    /// First day of the bucket holding `d`.
    fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => d,
            Bucket::Week => d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday())),
            Bucket::Month => d.with_day(1).unwrap_or(d),
            Bucket::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
        }
    }

    /// First day of the next bucket after the one starting `start`.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Bucket::Day => start.succ_opt(),
            Bucket::Week => start.checked_add_days(chrono::Days::new(7)),
            Bucket::Month => start.checked_add_months(Months::new(1)),
            Bucket::Year => start.checked_add_months(Months::new(12)),
        }
    }

    /// A number that grows by one from bucket to bucket, for putting tick
    /// labels on round steps (every Monday, every quarter, every decade).
    fn ordinal(self, start: NaiveDate) -> i64 {
        // 0001-01-01 is a Monday, day 1 from the common era.
        let day = i64::from(start.num_days_from_ce()) - 1;
        match self {
            Bucket::Day => day,
            Bucket::Week => day.div_euclid(7),
            Bucket::Month => i64::from(start.year()) * 12 + i64::from(start.month0()),
            Bucket::Year => i64::from(start.year()),
        }
    }

    /// Label steps to try, in buckets, smallest first.
    fn steps(self) -> &'static [i64] {
        match self {
            Bucket::Day => &[1, 2, 7, 14, 28],
            Bucket::Week => &[1, 2, 4, 8, 13, 26, 52],
            Bucket::Month => &[1, 2, 3, 6, 12, 24, 60, 120],
            Bucket::Year => &[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
            Bucket::Year => "year",
        }
    }

    /// The x axis title.
    fn axis_title(self) -> &'static str {
        match self {
            Bucket::Day => "Date",
            Bucket::Week => "Week (Monday to Sunday)",
            Bucket::Month => "Month",
            Bucket::Year => "Year",
        }
    }

    /// Tick label for the bucket starting `d`: day and month, month, or
    /// year. The year goes on a second line (see [`draw_bars_and_axes`]).
    fn label(self, d: NaiveDate) -> String {
        match self {
            Bucket::Day | Bucket::Week => format!("{} {}", d.day(), month_abbr(d)),
            Bucket::Month => month_abbr(d).to_string(),
            Bucket::Year => d.year().to_string(),
        }
    }
}

fn month_abbr(d: NaiveDate) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[d.month0() as usize]
}

/// "1 Mar 2024".
fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month_abbr(d), d.year())
}

/// Counts per bucket and type.
#[derive(Debug)]
struct Series {
    bucket: Bucket,
    first: NaiveDate,
    last: NaiveDate,
    /// First day of each bucket, first to last, none skipped.
    starts: Vec<NaiveDate>,
    /// Events per type (indexed like [`EventType::ALL`]) for each bucket.
    counts: Vec<[usize; EventType::ALL.len()]>,
}

/// Everything the chart shows, counted once.
#[derive(Debug)]
struct Summary {
    total: usize,
    /// Events without a date, or with one that is not `YYYY-MM-DD`.
    undated: usize,
    /// Dated events per type.
    by_type: [usize; EventType::ALL.len()],
    /// Dated events whose date is stated in the text / is the article's.
    from_text: usize,
    from_publication: usize,
    /// Dated events that are ranges (counted on their first day).
    ranges: usize,
    series: Option<Series>,
}

impl Summary {
    fn of(events: &[Event]) -> Summary {
        let dated: Vec<(NaiveDate, &Event)> = events
            .iter()
            .filter_map(|e| Some((parse_date(e.date.as_deref()?)?, e)))
            .collect();
        let series = series(&dated);
        Summary {
            total: events.len(),
            undated: events.len() - dated.len(),
            by_type: count_by_type(dated.iter().map(|&(_, e)| e)),
            from_text: dated
                .iter()
                .filter(|(_, e)| e.date_source == Some(DateSource::Text))
                .count(),
            from_publication: dated
                .iter()
                .filter(|(_, e)| e.date_source == Some(DateSource::Publication))
                .count(),
            ranges: dated
                .iter()
                .filter(|(_, e)| e.end_date.as_deref().and_then(parse_date).is_some())
                .count(),
            series,
        }
    }

    /// The automatic subtitle: how many events, over what time, how they are
    /// counted, how many are left out.
    fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let Some(s) = &self.series else {
            return match self.total {
                0 => "No events".to_string(),
                1 => "1 event, without a date: nothing to show".to_string(),
                n => format!("{n} events, none with a date: nothing to show"),
            };
        };
        let shown = self.total - self.undated;
        let mut line = plural(shown, "event", "events");
        if s.first == s.last {
            line += &format!(" on {}", long_date(s.first));
        } else {
            line += &format!(", {} – {}", long_date(s.first), long_date(s.last));
        }
        match s.bucket {
            Bucket::Day => {}
            Bucket::Week => line += ", counted by week (Monday to Sunday)",
            Bucket::Month => line += ", counted by calendar month",
            Bucket::Year => line += ", counted by year",
        }
        if self.undated > 0 {
            line += &format!("; {} without a date not shown", self.undated);
        }
        line
    }

    /// The footer: where the dates come from.
    fn footer(&self) -> String {
        let mut parts = vec!["Events found in the articles' text by eventmap".to_string()];
        let mut sources = Vec::new();
        if self.from_text > 0 {
            sources.push(format!("{} stated in the text", self.from_text));
        }
        if self.from_publication > 0 {
            sources.push(format!(
                "{} the article's publication date",
                self.from_publication
            ));
        }
        if !sources.is_empty() {
            parts.push(format!("dates: {}", sources.join(", ")));
        }
        if self.ranges > 0 {
            parts.push("date ranges counted on their first day".to_string());
        }
        parts.join(" · ")
    }
}

/// `YYYY-MM-DD` → date; anything else → `None`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn series(dated: &[(NaiveDate, &Event)]) -> Option<Series> {
    let first = dated.iter().map(|d| d.0).min()?;
    let last = dated.iter().map(|d| d.0).max()?;
    let bucket = Bucket::for_span(first, last);
    let mut starts = vec![bucket.start(first)];
    let end = bucket.start(last);
    while let Some(&s) = starts.last().filter(|&&s| s < end) {
        match bucket.next(s) {
            Some(n) => starts.push(n),
            None => break,
        }
    }
    let mut counts = vec![[0usize; EventType::ALL.len()]; starts.len()];
    for &(d, e) in dated {
        let i = starts.partition_point(|&s| s <= d).saturating_sub(1);
        counts[i][type_index(e.kind)] += 1;
    }
    Some(Series {
        bucket,
        first,
        last,
        starts,
        counts,
    })
}

// Chart colours beyond the map's.
const GRID: RGBColor = RGBColor(226, 226, 226);
const AXIS: RGBColor = RGBColor(90, 90, 90);

/// Positions and sizes, scaled with the image like the map's.
struct Layout {
    s: f64,
    mode: TextMode,
    width: f64,
    margin: f64,
    title_y: f64,
    subtitle_y: f64,
    note_y: f64,
    footer_y: f64,
}

impl Layout {
    fn new(opts: &TimelineOptions, mode: TextMode) -> Layout {
        let (w, h) = (f64::from(opts.width), f64::from(opts.height));
        // Like the map's scale, but shrinking more slowly below 1000 px so
        // that a small chart's labels stay legible.
        let linear = w.min(1.25 * h) / 1000.0;
        let s = if linear >= 1.0 { linear } else { linear.sqrt() }.clamp(0.5, 4.0);
        let title_y = (14.0 * s).round();
        let subtitle_y = title_y + (40.0 * s).round();
        let note_y = subtitle_y + (28.0 * s).round();
        Layout {
            s,
            mode,
            width: w,
            margin: (16.0 * s).round(),
            title_y,
            subtitle_y,
            note_y,
            footer_y: h - (32.0 * s).round() + (8.0 * s).round(),
        }
    }

    fn px(&self, v: f64) -> f64 {
        v * self.s
    }
}

fn draw<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    summary: &Summary,
    opts: &TimelineOptions,
    mode: TextMode,
) -> DrawResult<B> {
    let l = Layout::new(opts, mode);
    root.fill(&PAPER)?;
    let top = Pos::new(HPos::Left, VPos::Top);

    // Header: title, subtitle, and the summary on its own line when the
    // caller gave a subtitle.
    let title = font(l.px(30.0), FontStyle::Bold).pos(top).color(&INK);
    put_text(
        root,
        &super::clean_label(&opts.title),
        &title,
        pt(l.margin, l.title_y),
        mode,
    )?;
    let sub = font(l.px(19.0), FontStyle::Normal).pos(top).color(&MUTED);
    let mut header_bottom = l.subtitle_y + l.px(30.0);
    match &opts.subtitle {
        Some(given) => {
            put_text(
                root,
                &super::clean_label(given),
                &sub,
                pt(l.margin, l.subtitle_y),
                mode,
            )?;
            let note = font(l.px(15.0), FontStyle::Normal).pos(top).color(&MUTED);
            put_text(root, &summary.line(), &note, pt(l.margin, l.note_y), mode)?;
            header_bottom = l.note_y + l.px(24.0);
        }
        None => put_text(
            root,
            &summary.line(),
            &sub,
            pt(l.margin, l.subtitle_y),
            mode,
        )?,
    }

    // Footer.
    let footer = font(l.px(13.0), FontStyle::Normal).pos(top).color(&MUTED);
    put_text(
        root,
        &summary.footer(),
        &footer,
        pt(l.margin, l.footer_y),
        mode,
    )?;

    // Legend on the right, top aligned with the plot.
    let plot_top = header_bottom + l.px(30.0);
    let legend = legend_size(summary, &l);
    let right = match legend {
        Some((w, _)) => l.width - l.margin - w - l.px(24.0),
        None => l.width - l.margin,
    };
    if let Some((w, h)) = legend {
        let rect = PixelRect {
            x: l.width - l.margin - w,
            y: plot_top,
            w,
            h,
        };
        draw_legend(root, summary, &rect, &l)?;
    }

    let tick_style = font(l.px(13.0), FontStyle::Normal);
    let ticks = y_ticks(summary);
    let y_label_w = ticks
        .iter()
        .map(|t| text_width(&t.to_string(), &tick_style))
        .fold(0.0, f64::max);
    let left = if ticks.is_empty() {
        l.margin
    } else {
        l.margin + y_label_w + l.px(10.0)
    };
    let bottom = l.footer_y - l.px(8.0) - l.px(22.0) - 2.0 * l.px(18.0) - l.px(14.0);
    let plot = PixelRect {
        x: left.round(),
        y: plot_top.round(),
        w: (right - left).round().max(1.0),
        h: (bottom - plot_top).round().max(1.0),
    };
    draw_bars_and_axes(root, summary, &ticks, &plot, &l)
}

/// Gridline values on the y axis: 0, a round step, … up to the tallest bar
/// or above; empty without dated events.
fn y_ticks(summary: &Summary) -> Vec<usize> {
    let Some(s) = &summary.series else {
        return Vec::new();
    };
    let max = s
        .counts
        .iter()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let step = nice_step(max);
    let top = (max.div_ceil(step) * step).max(2 * step);
    (0..=top / step).map(|k| k * step).collect()
}

/// 1, 2 or 5 times a power of ten, giving about five gridlines up to `max`.
fn nice_step(max: usize) -> usize {
    let raw = max as f64 / 5.0;
    let mut mag = 1usize;
    loop {
        for m in [1, 2, 5] {
            if (m * mag) as f64 >= raw {
                return m * mag;
            }
        }
        mag = mag.saturating_mul(10);
    }
}

/// Width and height of the legend, or `None` without dated events.
fn legend_size(summary: &Summary, l: &Layout) -> Option<(f64, f64)> {
    summary.series.as_ref()?;
    let style = font(l.px(14.0), FontStyle::Normal);
    let heading = font(l.px(14.0), FontStyle::Bold);
    let rows = legend_rows(summary);
    let text_w = rows
        .iter()
        .map(|(_, t)| l.px(26.0) + text_width(t, &style))
        .fold(text_width("Event type", &heading), f64::max);
    let h = l.px(22.0) * (rows.len() + 1) as f64;
    Some((text_w.ceil(), h))
}

fn legend_rows(summary: &Summary) -> Vec<(EventType, String)> {
    EventType::ALL
        .iter()
        .zip(summary.by_type)
        .filter(|&(_, n)| n > 0)
        .map(|(&k, n)| (k, format!("{} ({n})", k.label())))
        .collect()
}

fn draw_legend<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    summary: &Summary,
    rect: &PixelRect,
    l: &Layout,
) -> DrawResult<B> {
    let anchor = Pos::new(HPos::Left, VPos::Center);
    let style = font(l.px(14.0), FontStyle::Normal).pos(anchor).color(&INK);
    let heading = font(l.px(14.0), FontStyle::Bold).pos(anchor).color(&INK);
    let row_h = l.px(22.0);
    let row_y = |k: usize| rect.y + (k as f64 + 0.5) * row_h;
    put_text(root, "Event type", &heading, pt(rect.x, row_y(0)), l.mode)?;
    let side = l.px(14.0);
    for (k, (kind, text)) in legend_rows(summary).iter().enumerate() {
        let cy = row_y(k + 1);
        root.draw(&Rectangle::new(
            [
                pt(rect.x, cy - side / 2.0),
                pt(rect.x + side, cy + side / 2.0),
            ],
            event_style(*kind).colour.filled(),
        ))?;
        put_text(root, text, &style, pt(rect.x + l.px(26.0), cy), l.mode)?;
    }
    Ok(())
}

fn draw_bars_and_axes<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    summary: &Summary,
    ticks: &[usize],
    plot: &PixelRect,
    l: &Layout,
) -> DrawResult<B> {
    let base = plot.bottom();
    let axis_w = l.px(1.0).round().max(1.0) as u32;
    let tick_style = font(l.px(13.0), FontStyle::Normal).color(&MUTED);
    let title_style = font(l.px(14.0), FontStyle::Normal)
        .pos(Pos::new(HPos::Left, VPos::Top))
        .color(&INK);

    let Some(series) = &summary.series else {
        // Nothing dated: an empty frame and a note in it.
        root.draw(&Rectangle::new(
            [pt(plot.x, plot.y), pt(plot.right(), plot.bottom())],
            GRID.stroke_width(axis_w),
        ))?;
        let note = font(l.px(18.0), FontStyle::Normal)
            .pos(Pos::new(HPos::Left, VPos::Center))
            .color(&MUTED);
        let text = if summary.total == 0 {
            "No events to show"
        } else {
            "No dated events to show"
        };
        return put_text_aligned(
            root,
            text,
            &note,
            pt(plot.x + plot.w / 2.0, plot.y + plot.h / 2.0),
            HPos::Center,
            l.mode,
        );
    };

    // Y axis: gridlines, values, title above.
    let y_max = *ticks.last().unwrap_or(&1) as f64;
    let y_of = |v: f64| (base - v / y_max * plot.h).round();
    let right_mid = tick_style.pos(Pos::new(HPos::Left, VPos::Center));
    for &t in ticks {
        let y = y_of(t as f64);
        if t > 0 {
            root.draw(&PathElement::new(
                vec![pt(plot.x, y), pt(plot.right(), y)],
                GRID.stroke_width(axis_w),
            ))?;
        }
        put_text_aligned(
            root,
            &t.to_string(),
            &right_mid,
            pt(plot.x - l.px(8.0), y),
            HPos::Right,
            l.mode,
        )?;
    }
    let y_title = format!("Events per {}", series.bucket.noun());
    put_text(
        root,
        &y_title,
        &title_style,
        pt(l.margin, plot.y - l.px(28.0)),
        l.mode,
    )?;

    // Bars: the first type in legend order on top.
    let n = series.starts.len();
    let slot = plot.w / n as f64;
    let bar_w = if slot >= 3.0 {
        (slot * 0.8).min(l.px(60.0))
    } else {
        slot
    };
    let centre = |i: usize| plot.x + (i as f64 + 0.5) * slot;
    for (i, counts) in series.counts.iter().enumerate() {
        let (x0, x1) = if slot >= 3.0 {
            (
                (centre(i) - bar_w / 2.0).round(),
                (centre(i) + bar_w / 2.0).round(),
            )
        } else {
            (
                (plot.x + i as f64 * slot).round(),
                (plot.x + (i + 1) as f64 * slot).round(),
            )
        };
        let x1 = x1.max(x0 + 1.0);
        let mut cum = 0usize;
        for k in (0..EventType::ALL.len()).rev() {
            let c = counts[k];
            if c == 0 {
                continue;
            }
            let (y_bot, y_top) = (y_of(cum as f64), y_of((cum + c) as f64));
            let lowest = cum == 0;
            cum += c;
            if y_top >= y_bot {
                continue;
            }
            // Pixel rows y_top..y_bot, columns x0..x1 (both backends fill
            // a rectangle's far edges exclusive), less a one-pixel white
            // seam under each segment above the lowest, where tall enough
            // to spare it, so that stacked colours stay apart.
            let seam = if !lowest && y_bot - y_top >= 4.0 && x1 - x0 >= 4.0 {
                1.0
            } else {
                0.0
            };
            root.draw(&Rectangle::new(
                [pt(x0, y_top), pt(x1, y_bot - seam)],
                event_style(EventType::ALL[k]).colour.filled(),
            ))?;
        }
    }
    root.draw(&PathElement::new(
        vec![pt(plot.x, base), pt(plot.right(), base)],
        AXIS.stroke_width(axis_w),
    ))?;

    // X axis: labels on round steps that fit, the year under the first one
    // and wherever it changes.
    let bucket = series.bucket;
    let label_style = tick_style.pos(Pos::new(HPos::Left, VPos::Top));
    let widest = (1..=12)
        .filter_map(|m| NaiveDate::from_ymd_opt(2000, m, 28))
        .map(|d| text_width(&bucket.label(d), &label_style))
        .fold(text_width("2000", &label_style), f64::max);
    let need = widest + l.px(14.0);
    let mut step = *bucket.steps().last().unwrap_or(&1);
    if let Some(&fits) = bucket.steps().iter().find(|&&k| k as f64 * slot >= need) {
        step = fits;
    } else {
        while (step as f64) * slot < need && step < i64::MAX / 4 {
            step *= 2;
        }
    }
    // A label a year or more apart from the next says just the year.
    let years_only = bucket == Bucket::Year || (bucket == Bucket::Month && step >= 12);
    let line_h = l.px(18.0);
    let tick_len = l.px(5.0);
    let mut last_year = None;
    for (i, &start) in series.starts.iter().enumerate() {
        if bucket.ordinal(start).rem_euclid(step) != 0 {
            continue;
        }
        let x = centre(i);
        root.draw(&PathElement::new(
            vec![pt(x, base), pt(x, base + tick_len)],
            AXIS.stroke_width(axis_w),
        ))?;
        let y = base + tick_len + l.px(4.0);
        put_text_aligned(
            root,
            &if years_only {
                start.year().to_string()
            } else {
                bucket.label(start)
            },
            &label_style,
            pt(x, y),
            HPos::Center,
            l.mode,
        )?;
        if !years_only && last_year != Some(start.year()) {
            put_text_aligned(
                root,
                &start.year().to_string(),
                &label_style,
                pt(x, y + line_h),
                HPos::Center,
                l.mode,
            )?;
        }
        last_year = Some(start.year());
    }
    let x_title_y = base + tick_len + l.px(4.0) + 2.0 * line_h + l.px(6.0);
    put_text_aligned(
        root,
        bucket.axis_title(),
        &title_style,
        pt(plot.x + plot.w / 2.0, x_title_y),
        HPos::Center,
        l.mode,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventType, date: Option<&str>) -> Event {
        super::super::events::test_event(kind, date, Some((34.53, 69.17)))
    }

    fn sample() -> Vec<Event> {
        use EventType::*;
        vec![
            event(Attack, Some("2024-03-01")),
            event(Attack, Some("2024-03-01")),
            event(ArmedClash, Some("2024-03-01")),
            event(Protest, Some("2024-03-02")),
            event(Attack, Some("2024-03-03")),
            event(NaturalDisaster, Some("2024-03-03")),
            event(Displacement, None),
        ]
    }

    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (be(&bytes[16..20]), be(&bytes[20..24]))
    }

    /// The contents of the SVG's `<text>` elements, trimmed.
    fn svg_texts(svg: &str) -> Vec<&str> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = &t[t.find('>')? + 1..];
                Some(body[..body.find("</text>")?].trim())
            })
            .collect()
    }

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn png_and_svg_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let opts = TimelineOptions {
            width: 900,
            height: 500,
            title: "Kabul, March 2024".into(),
            subtitle: None,
        };
        let png = dir.path().join("t.png");
        let svg = dir.path().join("t.svg");
        render_timeline(&sample(), &opts, &png).unwrap();
        render_timeline(&sample(), &opts, &svg).unwrap();
        assert_eq!(png_size(&std::fs::read(&png).unwrap()), (900, 500));
        let text = std::fs::read_to_string(&svg).unwrap();
        let texts = svg_texts(&text);
        for label in [
            "Attack (3)",
            "Armed clash (1)",
            "Protest (1)",
            "Natural disaster (1)",
            "1 Mar",
            "2 Mar",
            "3 Mar",
            "2024",
        ] {
            assert!(texts.contains(&label), "{label}: {texts:?}");
        }
        // Undated events are counted, not drawn.
        assert!(!text.contains("Displacement"));
        assert!(text.contains("1 without a date not shown"));
        assert!(text.contains("Kabul, March 2024"));
        assert!(text.contains("Events per day"));
        assert!(text.contains("DejaVu Sans"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn same_input_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for ext in ["png", "svg"] {
            let a = dir.path().join(format!("a.{ext}"));
            let b = dir.path().join(format!("b.{ext}"));
            render_timeline(&sample(), &TimelineOptions::default(), &a).unwrap();
            render_timeline(&sample(), &TimelineOptions::default(), &b).unwrap();
            assert_eq!(
                std::fs::read(&a).unwrap(),
                std::fs::read(&b).unwrap(),
                "{ext}"
            );
        }
    }

    #[test]
    fn bucket_follows_the_span() {
        let b = |a: &str, z: &str| Bucket::for_span(date(a), date(z));
        assert_eq!(b("2024-03-01", "2024-03-01"), Bucket::Day);
        assert_eq!(b("2024-03-01", "2024-03-03"), Bucket::Day);
        assert_eq!(b("2024-03-01", "2024-05-31"), Bucket::Day);
        assert_eq!(b("2024-03-01", "2024-09-01"), Bucket::Week);
        assert_eq!(b("2021-03-01", "2024-02-28"), Bucket::Month);
        assert_eq!(b("1990-01-01", "2024-02-28"), Bucket::Year);
    }

    #[test]
    fn every_bucket_is_present_and_counted() {
        let evs = [
            event(EventType::Attack, Some("2024-03-01")),
            event(EventType::Protest, Some("2024-03-05")),
        ];
        let s = Summary::of(&evs);
        let series = s.series.unwrap();
        assert_eq!(series.bucket, Bucket::Day);
        assert_eq!(series.starts.len(), 5);
        let totals: Vec<usize> = series.counts.iter().map(|c| c.iter().sum()).collect();
        assert_eq!(totals, [1, 0, 0, 0, 1]);

        // Three years: calendar months, Jan 2021 to Dec 2023, all 36.
        let evs = [
            event(EventType::Attack, Some("2021-01-15")),
            event(EventType::Attack, Some("2021-01-31")),
            event(EventType::Political, Some("2023-12-31")),
            event(EventType::Political, Some("not a date")),
        ];
        let s = Summary::of(&evs);
        assert_eq!(s.undated, 1);
        assert!(
            s.line().contains("counted by calendar month"),
            "{}",
            s.line()
        );
        let series = s.series.unwrap();
        assert_eq!(series.bucket, Bucket::Month);
        assert_eq!(series.starts.len(), 36);
        assert_eq!(series.starts[0], date("2021-01-01"));
        assert_eq!(series.counts[0][0], 2);
        assert_eq!(series.counts[35][type_index(EventType::Political)], 1);

        // Weeks start on Monday: 2024-03-03 is a Sunday.
        let evs = [
            event(EventType::Attack, Some("2024-03-03")),
            event(EventType::Attack, Some("2024-03-04")),
            event(EventType::Attack, Some("2024-08-01")),
        ];
        let series = Summary::of(&evs).series.unwrap();
        assert_eq!(series.bucket, Bucket::Week);
        assert_eq!(series.starts[0], date("2024-02-26"));
        assert_eq!(series.counts[0][0], 1);
        assert_eq!(series.counts[1][0], 1);
    }

    #[test]
    fn empty_single_day_and_long_spans_render() {
        let dir = tempfile::tempdir().unwrap();
        let opts = TimelineOptions {
            width: 640,
            height: 360,
            ..TimelineOptions::default()
        };
        let cases: Vec<(&str, Vec<Event>)> = vec![
            ("none", vec![]),
            ("undated", vec![event(EventType::Attack, None)]),
            ("one", vec![event(EventType::Attack, Some("2024-03-01"))]),
            (
                "decades",
                vec![
                    event(EventType::Attack, Some("1901-03-01")),
                    event(EventType::Accident, Some("2024-03-01")),
                ],
            ),
        ];
        for (name, evs) in cases {
            for ext in ["png", "svg"] {
                let path = dir.path().join(format!("{name}.{ext}"));
                render_timeline(&evs, &opts, &path).unwrap();
            }
            let svg = std::fs::read_to_string(dir.path().join(format!("{name}.svg"))).unwrap();
            // Never thousands of x labels.
            assert!(svg.matches("<text").count() < 60, "{name}");
        }
        let svg = std::fs::read_to_string(dir.path().join("undated.svg")).unwrap();
        assert!(svg.contains("No dated events to show"));
        assert!(svg.contains("none with a date") || svg.contains("without a date"));
        let svg = std::fs::read_to_string(dir.path().join("decades.svg")).unwrap();
        assert!(svg.contains("counted by year"));
    }

    #[test]
    fn labels_are_thinned_on_long_spans() {
        // 240 months in 640 px: labels every year or two, years only.
        let evs = [
            event(EventType::Attack, Some("2004-01-01")),
            event(EventType::Attack, Some("2023-12-31")),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.svg");
        let opts = TimelineOptions {
            width: 640,
            height: 360,
            ..TimelineOptions::default()
        };
        render_timeline(&evs, &opts, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("counted by calendar month"));
        let texts = svg.matches("<text").count();
        assert!(texts < 40, "{texts}");
        let texts = svg_texts(&svg);
        assert!(
            !texts.contains(&"Jan") && texts.contains(&"2010"),
            "{texts:?}"
        );
    }

    #[test]
    fn bad_paths_and_sizes_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = render_timeline(
            &sample(),
            &TimelineOptions::default(),
            &dir.path().join("t.gif"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("t.gif"));
        let tiny = TimelineOptions {
            height: 20,
            ..TimelineOptions::default()
        };
        assert!(render_timeline(&sample(), &tiny, &dir.path().join("t.png")).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0), 1);
        assert_eq!(nice_step(3), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(23), 5);
        assert_eq!(nice_step(180), 50);
        assert_eq!(
            y_ticks(&Summary::of(&[event(
                EventType::Attack,
                Some("2024-01-01")
            )])),
            [0, 1, 2]
        );
    }

    /// Writes example charts to /tmp for eyeballing; run with
    /// `cargo test --release --lib render::timeline::tests::look -- --ignored`.
    #[test]
    #[ignore]
    fn look() {
        use EventType::*;
        let mut evs = Vec::new();
        let kinds = [
            Attack,
            ArmedClash,
            Protest,
            Political,
            Displacement,
            Attack,
            Attack,
        ];
        for d in 0..21u32 {
            for k in 0..((d * 7 + 3) % 6) {
                let day = format!("2024-08-{:02}", d + 5);
                evs.push(event(kinds[((d + k) % 7) as usize], Some(&day)));
            }
        }
        evs.push(event(MilitaryMovement, Some("2024-08-05")));
        evs.push(event(Displacement, None));
        let opts = TimelineOptions {
            title: "Fighting in Afghanistan, August 2024".into(),
            ..TimelineOptions::default()
        };
        let tmp = std::env::temp_dir();
        render_timeline(&evs, &opts, &tmp.join("timeline-example.png")).unwrap();
        render_timeline(&evs, &opts, &tmp.join("timeline-example.svg")).unwrap();
        render_timeline(&sample(), &opts, &tmp.join("timeline-3days.png")).unwrap();
        let one = [event(Attack, Some("2024-03-01"))];
        render_timeline(&one, &opts, &tmp.join("timeline-one.png")).unwrap();
        render_timeline(
            &[event(Attack, None)],
            &opts,
            &tmp.join("timeline-empty.png"),
        )
        .unwrap();
        let mut long = Vec::new();
        for m in 0..38u32 {
            for k in 0..(m % 5) {
                let d = format!("{}-{:02}-{:02}", 2021 + (m / 12), m % 12 + 1, 1 + k * 5);
                long.push(event(
                    EventType::ALL[(m + k) as usize % EventType::ALL.len()],
                    Some(&d),
                ));
            }
        }
        let opts = TimelineOptions {
            subtitle: Some("Given subtitle".into()),
            ..opts
        };
        render_timeline(&long, &opts, &tmp.join("timeline-years.png")).unwrap();
        let mut weeks = Vec::new();
        for d in 0..200u32 {
            if d % 3 == 0 {
                let date =
                    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d as u64);
                weeks.push(event(
                    EventType::ALL[(d % 9) as usize],
                    Some(&date.to_string()),
                ));
            }
        }
        let small = TimelineOptions {
            width: 700,
            height: 400,
            ..TimelineOptions::default()
        };
        render_timeline(&weeks, &small, &tmp.join("timeline-weeks.png")).unwrap();
    }
}
