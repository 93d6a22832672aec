//! A time [`Spec`] + the publication date + the document's context + a
//! direction → the days it means, its granularity and a TIMEX3-like value.
//!
//! Calendar arithmetic only: the finder ([`super::find`]) said what the
//! expression is, the direction model ([`super::direction`]) whether an
//! open expression ("Friday", "in April") looks forward, and [`Context`]
//! what the article was discussing (the quarter of "a year earlier", the
//! day of "the next day").

use super::find::{Holiday, Rel, Spec, Unit, YearRef};
use super::lexicon::Season;
use super::Granularity;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// How far back, in bytes of text, the quarter last named still sets the
/// quarter of "a year ago" and "the quarter": a results digest names its
/// quarter once per company, a paragraph or two before the comparison.
pub(super) const QUARTER_CONTEXT_BYTES: usize = 1500;

/// What the article has been discussing, updated after each expression.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Context {
    /// The last day named ("Oct. 23"), for "the next day" and "that day".
    pub(super) day: Option<NaiveDate>,
    /// The last quarter named, (year, quarter, byte offset where named).
    pub(super) quarter: Option<(i32, u8, usize)>,
    /// The year of the last expression, for "that year".
    pub(super) year: Option<i32>,
    /// The month of the last expression of a month or a day.
    pub(super) month: Option<(i32, u32)>,
}

impl Context {
    /// The quarter under discussion at byte `at`, if named recently.
    fn quarter_at(&self, at: usize) -> Option<(i32, u8)> {
        self.quarter
            .filter(|q| at.saturating_sub(q.2) <= QUARTER_CONTEXT_BYTES)
            .map(|q| (q.0, q.1))
    }

    /// Takes note of an expression resolved at byte `at`.
    pub(super) fn note(
        &mut self,
        spec: &Spec,
        r: &Resolved,
        at: usize,
        published: Option<NaiveDate>,
    ) {
        match r.granularity {
            Granularity::Day => {
                self.day = Some(r.date);
                self.month = Some((r.date.year(), r.date.month()));
            }
            Granularity::Month => self.month = Some((r.date.year(), r.date.month())),
            Granularity::Quarter => {
                let q = (r.date.month0() / 3 + 1) as u8;
                // The quarter a report is about is a recent one, named by
                // its number or as "the latest quarter"; "the 1988 third
                // quarter" and "the year-ago quarter" are what it is
                // compared with.
                let reported = matches!(
                    spec,
                    Spec::Quarter { .. }
                        | Spec::QuarterOffset(_)
                        | Spec::QuarterContext { year: None }
                );
                // A report is about a quarter that has ended: "a
                // fourth-quarter charge" expected in November is not it.
                // And a report compares with earlier quarters ("after a flat
                // second quarter"), which do not replace a later one named
                // recently.
                let ended = published.is_none_or(|p| r.end_date.is_some_and(|e| e < p));
                let recent = published.is_none_or(|p| {
                    r.end_date
                        .is_some_and(|e| e.signed_duration_since(p).num_days() > -200)
                });
                let later = match self.quarter_at(at) {
                    Some((y, cq)) => (r.date.year(), q) >= (y, cq),
                    None => true,
                };
                if reported && ended && recent && later {
                    self.quarter = Some((r.date.year(), q, at));
                }
            }
            _ => {}
        }
        if !matches!(
            spec,
            Spec::YearEarlier { .. } | Spec::Decade(_) | Spec::Clock | Spec::DayRange { .. }
        ) {
            self.year = Some(r.date.year());
        }
    }
}

/// What an expression resolves to.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Resolved {
    pub(super) date: NaiveDate,
    /// The last day, for anything longer than a day.
    pub(super) end_date: Option<NaiveDate>,
    pub(super) granularity: Granularity,
    /// TIMEX3-like: `1998-03-05`, `1998-W12`, `1998-W12-WE`, `1998-03`,
    /// `1998-Q3`, `1998-H1`, `1998-SU`, `1998`, `199` (the 1990s), or
    /// `first/last` for a range of days.
    pub(super) value: String,
}

/// Resolves `spec`. `future` is the direction of an open expression
/// ([`Spec::open`]); `at` is its byte offset, for the quarter context.
/// `None` when it cannot be resolved: relative without a publication date,
/// anaphoric without an antecedent, impossible ("February 30"), or outside
/// the years 1–9999.
pub(super) fn normalise(
    spec: &Spec,
    published: Option<NaiveDate>,
    future: bool,
    cx: &Context,
    at: usize,
) -> Option<Resolved> {
    let p = published;
    let r = match *spec {
        Spec::Day { year, month, day } => {
            let d = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day)?,
                None => {
                    let p = p?;
                    let (past, next) = around(p, |y| NaiveDate::from_ymd_opt(y, month, day));
                    pick(past, next, future)?
                }
            };
            day_of(d)
        }
        Spec::DayRange { first, last } => day_range(first, last, p)?,
        Spec::Weekday { day, rel } => {
            let base = match rel {
                Rel::Previous => cx.day.or(p)?,
                _ => p?,
            };
            let back = days_back(base.weekday(), day);
            let ahead = (7 - back) % 7;
            let offset = match rel {
                Rel::Open if future => ahead,
                Rel::Open => -back,
                Rel::Last | Rel::Previous if back == 0 => -7,
                Rel::Last | Rel::Previous => -back,
                Rel::Next if ahead == 0 => 7,
                Rel::Next => ahead,
                Rel::This => {
                    i64::from(day.num_days_from_monday())
                        - i64::from(base.weekday().num_days_from_monday())
                }
            };
            day_of(shift(base, offset)?)
        }
        Spec::DayOffset(k) => day_of(shift(p?, k)?),
        Spec::ContextDay(k) => day_of(shift(cx.day?, k)?),
        Spec::Clock => day_of(cx.day.or(p)?),
        Spec::Ago { n, unit } => {
            let p = p?;
            match unit {
                Unit::Day => day_of(shift(p, -i64::from(n))?),
                Unit::Week => week_of(shift(p, -7 * i64::from(n))?)?,
                Unit::Month => {
                    let d = p.checked_sub_months(Months::new(n))?;
                    month_of(d.year(), d.month())?
                }
                Unit::Year => match cx.quarter_at(at) {
                    Some((y, q)) if n == 1 => quarter_of(y - 1, q)?,
                    _ => year_of(p.year() - n as i32)?,
                },
                Unit::Decade => {
                    let y = p.year() - 10 * n as i32;
                    decade_of(y - y.rem_euclid(10))?
                }
            }
        }
        Spec::YearEarlier { quarter } => {
            let p = p?;
            match (quarter, cx.quarter_at(at)) {
                (Some(q), Some((y, _))) => quarter_of(y - 1, q)?,
                (Some(q), None) => quarter_of(p.year() - 1, q)?,
                (None, Some((y, q))) => quarter_of(y - 1, q)?,
                // "year-earlier sales", "the year-ago period" with no
                // quarter named: the words compare reported figures, and
                // the figures a story reports are those of the last
                // quarter that has ended, so they name that quarter a
                // year back (TimeBank annotates them so), not a year.
                (None, None) => {
                    let (y, q) = last_complete_quarter(p);
                    quarter_of(y - 1, q)?
                }
            }
        }
        Spec::Week(k) => week_of(shift(p?, 7 * i64::from(k))?)?,
        Spec::WeekOf { year, month, day } => {
            let d = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, day)?,
                None => {
                    let (past, next) = around(p?, |y| NaiveDate::from_ymd_opt(y, month, day));
                    pick(past, next, future)?
                }
            };
            week_of(d)?
        }
        Spec::Weekend(rel) => {
            let p = p?;
            // Days back to the latest Saturday on or before p (0..=6).
            let back = days_back(p.weekday(), Weekday::Sat);
            let saturday = match rel {
                Rel::Open if future => shift(p, (7 - back) % 7)?,
                // On a Sunday the weekend is still this one.
                Rel::Open => shift(p, -back)?,
                Rel::Last | Rel::Previous => {
                    // The weekend before the current week.
                    let monday = shift(p, -i64::from(p.weekday().num_days_from_monday()))?;
                    shift(monday, -2)?
                }
                Rel::This => {
                    let monday = shift(p, -i64::from(p.weekday().num_days_from_monday()))?;
                    shift(monday, 5)?
                }
                Rel::Next => {
                    let monday = shift(p, -i64::from(p.weekday().num_days_from_monday()))?;
                    shift(monday, 12)?
                }
            };
            weekend_of(saturday)?
        }
        Spec::Month { month, year, rel } => {
            let y = match year {
                YearRef::Explicit(y) => y,
                YearRef::Offset(k) => p?.year() + k,
                YearRef::Open => {
                    let p = p?;
                    let (py, pm) = (p.year(), p.month());
                    match rel {
                        Rel::Open if future => py + i32::from(month < pm),
                        Rel::Open => py - i32::from(month > pm),
                        Rel::Last | Rel::Previous => py - i32::from(month >= pm),
                        Rel::Next => py + i32::from(month <= pm),
                        Rel::This => py,
                    }
                }
            };
            month_of(y, month)?
        }
        Spec::MonthOffset(k) => {
            let p = p?;
            let index = p.year() * 12 + p.month0() as i32 + k;
            month_of(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)?
        }
        Spec::ContextMonth(k) => {
            let (y, m) = cx.month?;
            let index = y * 12 + m as i32 - 1 + k;
            month_of(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)?
        }
        Spec::Quarter { q, year } => {
            let y = match year {
                YearRef::Explicit(y) => y,
                YearRef::Offset(k) => p?.year() + k,
                YearRef::Open => {
                    // A quarter not yet begun is last year's, unless the
                    // text looks forward ("fourth-quarter results" in
                    // January are last year's).
                    let p = p?;
                    let begun = u32::from(q) * 3 - 2 <= p.month();
                    p.year() - i32::from(!begun && !future)
                }
            };
            quarter_of(y, q)?
        }
        Spec::QuarterOffset(k) => {
            let p = p?;
            let index = p.year() * 4 + p.month0() as i32 / 3 + k;
            quarter_of(index.div_euclid(4), (index.rem_euclid(4) + 1) as u8)?
        }
        Spec::QuarterContext { year } => {
            let (y, q) = match cx.quarter_at(at) {
                Some(yq) => yq,
                None => last_complete_quarter(p?),
            };
            quarter_of(year.unwrap_or(y), q)?
        }
        Spec::Half { h, year } => {
            let y = match year {
                YearRef::Explicit(y) => y,
                YearRef::Offset(k) => p?.year() + k,
                YearRef::Open => p?.year(),
            };
            half_of(y, h)?
        }
        Spec::Season { season, year, rel } => {
            let y = match year {
                YearRef::Explicit(y) => y,
                YearRef::Offset(k) => p?.year() + k,
                YearRef::Open => season_year(season, rel, p?)?,
            };
            season_of(y, season)?
        }
        Spec::Year(year) => match year {
            YearRef::Explicit(y) => year_of(y)?,
            YearRef::Offset(k) => year_of(p?.year() + k)?,
            YearRef::Open => year_of(p?.year())?,
        },
        Spec::ContextYear(k) => year_of(cx.year? + k)?,
        Spec::Decade(d) => decade_of(d)?,
        Spec::Holiday { holiday, year, rel } => {
            let d = match (year, rel) {
                (YearRef::Explicit(y), _) => holiday_in(holiday, y)?,
                (YearRef::Offset(k), _) => holiday_in(holiday, p?.year() + k)?,
                (YearRef::Open, Rel::This) => holiday_in(holiday, p?.year())?,
                (YearRef::Open, rel) => {
                    let p = p?;
                    let (past, next) = around(p, |y| holiday_in(holiday, y));
                    match rel {
                        Rel::Last | Rel::Previous if past == Some(p) => {
                            holiday_in(holiday, p.year() - 1)?
                        }
                        Rel::Next if next == Some(p) => holiday_in(holiday, p.year() + 1)?,
                        Rel::Last | Rel::Previous => past?,
                        Rel::Next => next?,
                        _ => pick(past, next, future)?,
                    }
                }
            };
            if holiday == Holiday::EasterWeek {
                week_of(d)?
            } else {
                day_of(d)
            }
        }
    };
    let in_range = |d: NaiveDate| (1..=9999).contains(&d.year());
    (in_range(r.date) && r.end_date.is_none_or(in_range)).then_some(r)
}

/// The latest date on or before `p` and the earliest on or after it that
/// `make` gives for the years around `p`'s.
fn around(
    p: NaiveDate,
    make: impl Fn(i32) -> Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let y = p.year();
    let cands = [make(y - 1), make(y), make(y + 1)];
    let past = cands.iter().flatten().filter(|d| **d <= p).max().copied();
    let next = cands.iter().flatten().filter(|d| **d >= p).min().copied();
    (past, next)
}

/// The past or the future reading, falling back to the other.
fn pick(past: Option<NaiveDate>, next: Option<NaiveDate>, future: bool) -> Option<NaiveDate> {
    if future {
        next.or(past)
    } else {
        past.or(next)
    }
}

/// The year of season `s` meant by "the summer", "last summer", "next
/// spring" at publication `p`. A winter's year is that of its December.
fn season_year(s: Season, rel: Rel, p: NaiveDate) -> Option<i32> {
    let start = |y: i32| NaiveDate::from_ymd_opt(y, s.first_month(), 1);
    let end = |y: i32| {
        let (y2, m2) = if s == Season::Winter {
            (y + 1, 2)
        } else {
            (y, s.first_month() + 2)
        };
        month_of(y2, m2).and_then(|r| r.end_date)
    };
    let y = p.year();
    Some(match rel {
        // The most recent one that has ended.
        Rel::Last | Rel::Previous => {
            if end(y)? < p {
                y
            } else if end(y - 1)? < p {
                y - 1
            } else {
                y - 2
            }
        }
        // The first one not yet begun.
        Rel::Next => {
            if start(y - 1)? > p {
                y - 1
            } else if start(y)? > p {
                y
            } else {
                y + 1
            }
        }
        // The current one: a winter in January is last December's.
        _ => {
            if s == Season::Winter && p.month() <= 2 {
                y - 1
            } else {
                y
            }
        }
    })
}

/// Resolves the ends of a day range, each taking a missing month or year
/// from the other; at most 366 days, forwards.
fn day_range(
    first: (Option<i32>, Option<u32>, u32),
    last: (Option<i32>, Option<u32>, u32),
    p: Option<NaiveDate>,
) -> Option<Resolved> {
    let m1 = first.1.or(last.1)?;
    let m2 = last.1.or(first.1)?;
    let crosses = m2 < m1;
    let ymd = |y: i32, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let (a, b) = match (first.0, last.0) {
        (Some(a), Some(b)) => (ymd(a, m1, first.2)?, ymd(b, m2, last.2)?),
        (Some(a), None) => (
            ymd(a, m1, first.2)?,
            ymd(a + i32::from(crosses), m2, last.2)?,
        ),
        (None, Some(b)) => (
            ymd(b - i32::from(crosses), m1, first.2)?,
            ymd(b, m2, last.2)?,
        ),
        (None, None) => {
            let start = closest_year(m1, first.2, p?)?;
            let b = start.year() + i32::from(crosses);
            (start, ymd(b, m2, last.2)?)
        }
    };
    let days = b.signed_duration_since(a).num_days();
    if days <= 0 || days > 366 {
        return None;
    }
    Some(Resolved {
        date: a,
        end_date: Some(b),
        granularity: Granularity::Day,
        value: {
            let mut v = ymd_value(a);
            v.push('/');
            v.push_str(&ymd_value(b));
            v
        },
    })
}

/// Month and day in the year closest to `p` (ties to the past).
fn closest_year(month: u32, day: u32, p: NaiveDate) -> Option<NaiveDate> {
    let y = p.year();
    (y - 1..=y + 1)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .min_by_key(|d| {
            let gap = d.signed_duration_since(p).num_days();
            (gap.abs(), gap > 0)
        })
}

/// The last quarter that ended before `p`.
fn last_complete_quarter(p: NaiveDate) -> (i32, u8) {
    let q = (p.month0() / 3) as i32; // 0-based quarter of p
    if q == 0 {
        (p.year() - 1, 4)
    } else {
        (p.year(), q as u8)
    }
}

/// Holiday `h` in year `y`.
pub(super) fn holiday_in(h: Holiday, y: i32) -> Option<NaiveDate> {
    match h {
        Holiday::NewYearsDay => NaiveDate::from_ymd_opt(y, 1, 1),
        Holiday::NewYearsEve => NaiveDate::from_ymd_opt(y, 12, 31),
        Holiday::ChristmasEve => NaiveDate::from_ymd_opt(y, 12, 24),
        Holiday::Christmas => NaiveDate::from_ymd_opt(y, 12, 25),
        Holiday::Thanksgiving => NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Thu, 4),
        Holiday::ElectionDay => {
            let monday = NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Mon, 1)?;
            monday.succ_opt()
        }
        Holiday::Easter | Holiday::EasterWeek => easter_sunday(y),
        Holiday::GoodFriday => shift(easter_sunday(y)?, -2),
        Holiday::EasterMonday => shift(easter_sunday(y)?, 1),
        Holiday::FourthOfJuly => NaiveDate::from_ymd_opt(y, 7, 4),
        Holiday::LaborDay => NaiveDate::from_weekday_of_month_opt(y, 9, Weekday::Mon, 1),
        Holiday::MemorialDay => {
            // The last Monday of May: the Monday of the week holding May 31.
            let last = NaiveDate::from_ymd_opt(y, 5, 31)?;
            shift(last, -days_back(last.weekday(), Weekday::Mon))
        }
        Holiday::VeteransDay => NaiveDate::from_ymd_opt(y, 11, 11),
        Holiday::Halloween => NaiveDate::from_ymd_opt(y, 10, 31),
        Holiday::ValentinesDay => NaiveDate::from_ymd_opt(y, 2, 14),
    }
}

/// Easter Sunday of year `y` in the Gregorian calendar (the anonymous
/// Gregorian computus, as in Meeus's *Astronomical Algorithms*).
fn easter_sunday(y: i32) -> Option<NaiveDate> {
    let a = y.rem_euclid(19);
    let (b, c) = (y.div_euclid(100), y.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c.div_euclid(4), c.rem_euclid(4));
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    NaiveDate::from_ymd_opt(y, n.div_euclid(31) as u32, n.rem_euclid(31) as u32 + 1)
}

/// `date` moved by `days` (either sign), or `None` past chrono's range.
pub(super) fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let n = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(n)
    } else {
        date.checked_sub_days(n)
    }
}

/// Days back from `from` to the latest `target` on or before it (0..=6).
pub(super) fn days_back(from: Weekday, target: Weekday) -> i64 {
    (i64::from(from.num_days_from_monday()) - i64::from(target.num_days_from_monday()))
        .rem_euclid(7)
}

/// `YYYY-MM-DD`, as chrono's `Display` writes it for years 0–9999,
/// without the formatting machinery (a time expression is written many
/// times per article).
pub(super) fn ymd_value(d: NaiveDate) -> String {
    let mut v = year_value(d.year(), 10);
    v.push('-');
    push_two(&mut v, d.month());
    v.push('-');
    push_two(&mut v, d.day());
    v
}

/// Year `y` written with four digits (chrono's way outside 0–9999), with
/// room for `more` bytes after it.
fn year_value(y: i32, more: usize) -> String {
    if !(0..=9999).contains(&y) {
        return format!("{y:04}");
    }
    let mut v = String::with_capacity(4 + more);
    let y = y as u32;
    for k in [1000, 100, 10, 1] {
        v.push(char::from(b'0' + (y / k % 10) as u8));
    }
    v
}

/// `n` (below 100) with two digits.
fn push_two(v: &mut String, n: u32) {
    v.push(char::from(b'0' + (n / 10 % 10) as u8));
    v.push(char::from(b'0' + (n % 10) as u8));
}

fn day_of(d: NaiveDate) -> Resolved {
    Resolved {
        date: d,
        end_date: None,
        granularity: Granularity::Day,
        value: ymd_value(d),
    }
}

/// The ISO week (Monday–Sunday) holding `d`.
fn week_of(d: NaiveDate) -> Option<Resolved> {
    let monday = shift(d, -i64::from(d.weekday().num_days_from_monday()))?;
    let w = monday.iso_week();
    Some(Resolved {
        date: monday,
        end_date: Some(shift(monday, 6)?),
        granularity: Granularity::Week,
        value: {
            let mut v = year_value(w.year(), 4);
            v.push_str("-W");
            push_two(&mut v, w.week());
            v
        },
    })
}

/// The weekend starting on `saturday`.
fn weekend_of(saturday: NaiveDate) -> Option<Resolved> {
    let w = saturday.iso_week();
    Some(Resolved {
        date: saturday,
        end_date: Some(shift(saturday, 1)?),
        granularity: Granularity::Week,
        value: {
            let mut v = year_value(w.year(), 7);
            v.push_str("-W");
            push_two(&mut v, w.week());
            v.push_str("-WE");
            v
        },
    })
}

fn month_of(y: i32, m: u32) -> Option<Resolved> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())?;
    Some(Resolved {
        date: first,
        end_date: Some(last),
        granularity: Granularity::Month,
        value: {
            let mut v = year_value(y, 3);
            v.push('-');
            push_two(&mut v, m);
            v
        },
    })
}

fn quarter_of(y: i32, q: u8) -> Option<Resolved> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(y, u32::from(q) * 3 - 2, 1)?;
    let last = first
        .checked_add_months(Months::new(3))
        .and_then(|d| d.pred_opt())?;
    Some(Resolved {
        date: first,
        end_date: Some(last),
        granularity: Granularity::Quarter,
        value: {
            let mut v = year_value(y, 3);
            v.push_str("-Q");
            v.push(char::from(b'0' + q));
            v
        },
    })
}

fn half_of(y: i32, h: u8) -> Option<Resolved> {
    let first = NaiveDate::from_ymd_opt(y, if h == 1 { 1 } else { 7 }, 1)?;
    let last = first
        .checked_add_months(Months::new(6))
        .and_then(|d| d.pred_opt())?;
    Some(Resolved {
        date: first,
        end_date: Some(last),
        granularity: Granularity::Half,
        value: {
            let mut v = year_value(y, 3);
            v.push_str(if h == 1 { "-H1" } else { "-H2" });
            v
        },
    })
}

/// Season `s` of year `y`: three months from its first (winter runs into
/// the next year).
fn season_of(y: i32, s: Season) -> Option<Resolved> {
    let first = NaiveDate::from_ymd_opt(y, s.first_month(), 1)?;
    let last = first
        .checked_add_months(Months::new(3))
        .and_then(|d| d.pred_opt())?;
    Some(Resolved {
        date: first,
        end_date: Some(last),
        granularity: Granularity::Season,
        value: {
            let mut v = year_value(y, 3);
            v.push('-');
            v.push_str(s.code());
            v
        },
    })
}

fn year_of(y: i32) -> Option<Resolved> {
    Some(Resolved {
        date: NaiveDate::from_ymd_opt(y, 1, 1)?,
        end_date: Some(NaiveDate::from_ymd_opt(y, 12, 31)?),
        granularity: Granularity::Year,
        value: year_value(y, 0),
    })
}

/// The decade starting in year `d` (a multiple of ten).
fn decade_of(d: i32) -> Option<Resolved> {
    Some(Resolved {
        date: NaiveDate::from_ymd_opt(d, 1, 1)?,
        end_date: Some(NaiveDate::from_ymd_opt(d + 9, 12, 31)?),
        granularity: Granularity::Decade,
        value: {
            let mut v = year_value(d, 0);
            v.pop();
            v
        },
    })
}
