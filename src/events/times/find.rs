//! Patterns over tokens → an unresolved time [`Spec`]: what an expression
//! says ("the third quarter of next year", "last April", "two years ago"),
//! not yet which days it means. [`super::normalise`] turns a spec into
//! days with the publication date, the document's context and a direction.
//!
//! At each token that may begin an expression every pattern is tried and
//! the longest match wins; [`super::find_times`] then resumes after it, so
//! expressions never overlap and one is never cut in two ("Aug. 7, 1998"
//! is one expression, not "Aug. 7" and "1998").

use super::lexicon::*;
use super::scan::{Kind, Suffix, Tokens};
use chrono::Weekday;

/// A year as an expression gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum YearRef {
    /// Written: "1998", "fiscal 1990", "nineteen ninety-six".
    Explicit(i32),
    /// Relative to the publication year: "last year's" is -1.
    Offset(i32),
    /// Not said: the normaliser picks it ("in April", "the summer").
    Open,
}

/// Which occurrence of a weekday, month, season or weekend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rel {
    /// Not said ("Friday", "in April"): past or future by the direction.
    Open,
    /// "last Friday", "this past Friday": strictly before.
    Last,
    /// "next Friday", "this coming Friday": strictly after.
    Next,
    /// "this Friday", "this summer": the current one.
    This,
    /// "the previous Friday": before the day under discussion.
    Previous,
}

/// Units of "N units ago".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
    Year,
    Decade,
}

/// Holidays with a fixed rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Holiday {
    NewYearsDay,
    NewYearsEve,
    ChristmasEve,
    Christmas,
    /// The fourth Thursday of November (United States).
    Thanksgiving,
    /// The Tuesday after the first Monday of November (United States).
    ElectionDay,
    /// Easter Sunday (Western churches, Gregorian computus).
    Easter,
    /// The Friday before Easter.
    GoodFriday,
    /// The Monday after Easter.
    EasterMonday,
    /// The ISO week (Monday to Sunday) that ends on Easter Sunday: "Easter
    /// week", "Holy Week".
    EasterWeek,
    /// July 4 (United States): "the Fourth of July".
    FourthOfJuly,
    /// The first Monday of September (United States).
    LaborDay,
    /// The last Monday of May (United States).
    MemorialDay,
    /// November 11 (United States).
    VeteransDay,
    /// October 31.
    Halloween,
    /// February 14.
    ValentinesDay,
}

/// What a calendar expression says, before it is resolved to days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Spec {
    /// A day of a month: "Aug. 7, 1998", "the 26th of August", "Aug. 7".
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// Days of a range: "3 to 5 May", "from May 3 to June 5, 2021".
    DayRange {
        first: (Option<i32>, Option<u32>, u32),
        last: (Option<i32>, Option<u32>, u32),
    },
    /// "Friday", "last Friday", "the previous Friday".
    Weekday { day: Weekday, rel: Rel },
    /// Days from the publication date: "yesterday" is -1.
    DayOffset(i64),
    /// Days from the day last mentioned: "the next day" is +1, "that
    /// day" 0.
    ContextDay(i64),
    /// "two weeks ago", "a year ago", "five years earlier".
    Ago { n: u32, unit: Unit },
    /// "a year earlier" in results ("year-earlier profit", "the year-ago
    /// quarter"): the quarter under discussion a year back when there is
    /// one, else the last quarter ended before publication, a year back.
    /// `quarter` is set when the expression names a quarter ("the
    /// year-ago third quarter").
    YearEarlier { quarter: Option<u8> },
    /// An ISO week relative to publication: "last week" is -1.
    Week(i32),
    /// The week holding a day: "the week of March 6".
    WeekOf {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// Saturday and Sunday: "the weekend", "last weekend".
    Weekend(Rel),
    /// "April", "April 1998", "last April", "April next year".
    Month { month: u32, year: YearRef, rel: Rel },
    /// A month relative to publication: "last month" is -1.
    MonthOffset(i32),
    /// The month after or before the one last mentioned: "the following
    /// month" is +1, "that month" 0.
    ContextMonth(i32),
    /// "the third quarter", "third-quarter", "the fourth quarter of 1997",
    /// "next year's first quarter".
    Quarter { q: u8, year: YearRef },
    /// A quarter relative to publication: "last quarter" is -1.
    QuarterOffset(i32),
    /// The quarter under discussion: "the quarter", "the latest quarter",
    /// "the latest period", "the 1988 quarter" (with its year).
    QuarterContext { year: Option<i32> },
    /// "the first half of 1998", "the second half of next year".
    Half { h: u8, year: YearRef },
    /// "last summer", "the winter of 1994", "this spring".
    Season {
        season: Season,
        year: YearRef,
        rel: Rel,
    },
    /// A year: "1998", "fiscal 1990", "last year", "next year".
    Year(YearRef),
    /// The year after or before the one last mentioned: "the following
    /// year" is +1, "that year" 0.
    ContextYear(i32),
    /// A decade by its first year: "the 1970s", "the nineties".
    Decade(i32),
    /// "Christmas Day", "last Thanksgiving", with the year when written.
    Holiday {
        holiday: Holiday,
        year: YearRef,
        rel: Rel,
    },
    /// A clock time alone ("at 10:35 a.m."): the day under discussion,
    /// else the publication date.
    Clock,
}

impl Spec {
    /// True when the normaliser needs a past/future decision for it.
    pub(super) fn open(&self) -> bool {
        match self {
            Spec::Day { year: None, .. } => true,
            Spec::Weekday { rel, .. } | Spec::Weekend(rel) => *rel == Rel::Open,
            Spec::Month {
                year: YearRef::Open,
                rel: Rel::Open,
                ..
            } => true,
            Spec::Quarter {
                year: YearRef::Open,
                ..
            } => true,
            Spec::Holiday {
                year: YearRef::Open,
                rel: Rel::Open,
                ..
            } => true,
            _ => false,
        }
    }
}

/// A match: tokens `start..end` say `spec`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Found {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) spec: Spec,
}

/// Separators that glue a number to the next one ("1,500", "10:30",
/// "3.5"); such numbers are not days. Years also refuse dashes and slashes
/// ("1998-99", "12/1990").
const DAY_GLUE: &[char] = &[',', '.', ':'];
const YEAR_GLUE: &[char] = &[',', '.', ':', '-', '/'];

/// Words that join the two ends of a range (besides dashes).
const RANGE_WORDS: &[&str] = &["to", "until", "till", "through", "thru"];
const RANGE_DASHES: &[char] = &['-', '–', '—'];

static COUNT_BEFORE_WORDS: crate::words::WordSet = crate::words::WordSet::new(COUNT_BEFORE);
static COUNT_AFTER_WORDS: crate::words::WordSet = crate::words::WordSet::new(COUNT_AFTER);
static TIME_ZONES: crate::words::WordSet = crate::words::WordSet::new(&[
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet",
]);

/// The tokens and the patterns over them.
pub(super) struct Cx<'a> {
    pub(super) t: &'a Tokens,
}

/// The longest of the matches `hits` (end, spec) at token `i`; of equal
/// ones, the first.
fn longest(i: usize, hits: impl Iterator<Item = (usize, Spec)>) -> Option<Found> {
    hits.fold(None, |best: Option<(usize, Spec)>, h| match best {
        Some(b) if b.0 >= h.0 => Some(b),
        _ => Some(h),
    })
    .map(|(end, spec)| Found {
        start: i,
        end,
        spec,
    })
}

impl<'a> Cx<'a> {
    pub(super) fn new(t: &'a Tokens) -> Self {
        Cx { t }
    }

    // ----- token access

    #[inline]
    fn word(&self, i: usize) -> Option<&'a str> {
        self.t.word(i)
    }

    #[inline]
    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    fn any(&self, i: usize, list: &[&str]) -> bool {
        self.word(i).is_some_and(|w| list.contains(&w))
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.t.toks.get(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn number(&self, i: usize) -> Option<(u32, u8, Suffix)> {
        match self.t.toks.get(i)?.kind {
            Kind::Num {
                value,
                digits,
                suffix,
            } => Some((value, digits, suffix)),
            _ => None,
        }
    }

    fn capital(&self, i: usize) -> bool {
        self.t.toks.get(i).is_some_and(|t| t.capital)
    }

    /// Tokens `i` and `i + 1` touch (no space between).
    fn touching(&self, i: usize) -> bool {
        match (self.t.toks.get(i), self.t.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Token `i` is followed by a hyphen touching both sides ("third-quarter",
    /// "mid-1996"): the index after the hyphen.
    fn hyphen(&self, i: usize) -> Option<usize> {
        (self.punct(i + 1) == Some('-') && self.touching(i) && self.touching(i + 1))
            .then_some(i + 2)
    }

    /// An apostrophe and "s" after token `i` ("year's", "year’s"): the index
    /// after them.
    fn possessive(&self, i: usize) -> Option<usize> {
        (self
            .punct(i + 1)
            .is_some_and(|c| c == '\'' || c == '\u{2019}')
            && self.is(i + 2, "s")
            && self.touching(i)
            && self.touching(i + 1))
        .then_some(i + 3)
    }

    /// Number `i` and number `j`, joined by separator `sep` between them
    /// with no spaces, read as one number ("1,500", "10:30").
    fn glued_pair(&self, i: usize, sep: usize, j: usize, glue: &[char]) -> bool {
        let Some(c) = self.punct(sep) else {
            return false;
        };
        let Some((_, right_digits, _)) = self.number(j) else {
            return false;
        };
        self.number(i).is_some()
            && glue.contains(&c)
            && self.touching(i)
            && self.touching(sep)
            && (c != ',' || right_digits == 3)
    }

    /// Number `i` is part of a longer number written with separators.
    fn glued(&self, i: usize, glue: &[char]) -> bool {
        self.glued_pair(i, i + 1, i + 2, glue) || (i >= 2 && self.glued_pair(i - 2, i - 1, i, glue))
    }

    /// A month name at `i`: (month, index after the name and the dot of an
    /// abbreviation, is it an abbreviation).
    fn month(&self, i: usize) -> Option<(u32, usize, bool)> {
        let k = self.t.toks.get(i)?.lex.month;
        let &(name, month, abbr) = MONTHS.get(usize::from(k).checked_sub(1)?)?;
        if CAPITALISED_MONTHS.contains(&name) && !self.capital(i) {
            return None;
        }
        let after = if abbr && self.punct(i + 1) == Some('.') && self.touching(i) {
            i + 2
        } else {
            i + 1
        };
        Some((month, after, abbr))
    }

    fn weekday(&self, i: usize) -> Option<Weekday> {
        let k = self.t.toks.get(i)?.lex.weekday;
        WEEKDAYS.get(usize::from(k).checked_sub(1)?).map(|d| d.1)
    }

    /// A day of the month at `i`: (day, ordinal suffix or word).
    fn day(&self, i: usize) -> Option<(u32, bool)> {
        if let Some((value, digits, suffix)) = self.number(i) {
            return ((1..=2).contains(&digits)
                && (1..=31).contains(&value)
                && suffix != Suffix::Plural
                && !self.glued(i, DAY_GLUE))
            .then_some((value, suffix == Suffix::Ordinal));
        }
        None
    }

    /// A four-digit year at `i` (1000–2199).
    fn year(&self, i: usize) -> Option<i32> {
        let (value, digits, suffix) = self.number(i)?;
        (digits == 4
            && suffix == Suffix::None
            && (1000..=2199).contains(&value)
            && !self.glued(i, YEAR_GLUE))
        .then_some(value as i32)
    }

    /// A year written out at `i`: "nineteen ninety-six", "nineteen
    /// eighty", "two thousand" (after "the year" only, see [`Self::year_word`]).
    fn written_year(&self, i: usize) -> Option<(i32, usize)> {
        if !self.is(i, "nineteen") {
            return None;
        }
        let lookup = |list: &[(&str, u32)], j: usize| {
            let w = self.word(j)?;
            list.iter().find(|e| e.0 == w).map(|e| e.1)
        };
        if let Some(tens) = lookup(YEAR_TENS, i + 1) {
            // "ninety-six", "ninety six"
            let j = self.hyphen(i + 1).unwrap_or(i + 2);
            if let Some(ones) = lookup(YEAR_ONES, j) {
                return Some((1900 + (tens + ones) as i32, j + 1));
            }
            return Some((1900 + tens as i32, i + 2));
        }
        if let Some(teen) = lookup(YEAR_TEENS, i + 1) {
            return Some((1900 + teen as i32, i + 2));
        }
        None
    }

    /// A year at `i`, digits or written out: (year, index after).
    fn any_year(&self, i: usize) -> Option<(i32, usize)> {
        self.year(i)
            .map(|y| (y, i + 1))
            .or_else(|| self.written_year(i))
    }

    /// A year at `i`, possibly after a comma: (year, index after it).
    fn year_after(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.any_year(i) {
            return Some(y);
        }
        if self.punct(i) == Some(',') {
            return self.any_year(i + 1);
        }
        None
    }

    /// "of 1998", "of this year", "of next year", "of last year", "last
    /// year", "this year", "next year", ", 1998", "1998" after a period
    /// name: (year, index after).
    fn year_qualifier(&self, i: usize) -> Option<(YearRef, usize)> {
        let j = if self.is(i, "of") { i + 1 } else { i };
        if let Some((y, end)) = self.year_after(j) {
            return Some((YearRef::Explicit(y), end));
        }
        if self.is(j, "fiscal") {
            if let Some((y, end)) = self.any_year(j + 1) {
                return Some((YearRef::Explicit(y), end));
            }
        }
        let k = if self.is(j, "the") { j + 1 } else { j };
        let offset = match self.word(k)? {
            "last" | "previous" => -1,
            "this" | "current" => 0,
            "next" | "coming" => 1,
            _ => return None,
        };
        (self.is(k + 1, "year") && !self.is(k + 2, "s")).then_some((YearRef::Offset(offset), k + 2))
    }

    /// "this year's", "last year's", "next year's", "1998's", "the 1998",
    /// "its" before a quarter or half: (year, index after).
    fn year_before(&self, i: usize) -> Option<(YearRef, usize)> {
        let offset = match self.word(i) {
            Some("last") => Some(-1),
            Some("this") => Some(0),
            Some("next") => Some(1),
            _ => None,
        };
        if let Some(offset) = offset {
            if self.is(i + 1, "year") {
                if let Some(end) = self.possessive(i + 1) {
                    return Some((YearRef::Offset(offset), end));
                }
            }
            return None;
        }
        let j = if self.is(i, "the") { i + 1 } else { i };
        let k = if self.is(j, "fiscal") { j + 1 } else { j };
        let y = self.year(k)?;
        let end = self.possessive(k).unwrap_or(k + 1);
        Some((YearRef::Explicit(y), end))
    }

    /// A day with its month ("August 26", "the 26th of August, 2021",
    /// "March eighth") or, when `bare` allows, a day alone ("3" in "3 to 5
    /// May"), which may take a year when `bare_year` allows.
    fn part(&self, i: usize, bare: bool, bare_year: bool) -> Option<Part> {
        // Month first: "August 26", "Aug. 26th, 2021", "March eighth".
        if let Some((month, after, _)) = self.month(i) {
            let day = match self.day(after) {
                Some((d, _)) => d,
                None => {
                    let w = self.word(after)?;
                    ORDINAL_DAYS.iter().find(|o| o.0 == w)?.1
                }
            };
            let (year, end) = match self.year_after(after + 1) {
                Some((y, end)) => (Some(y), end),
                None => (None, after + 1),
            };
            return Some(Part {
                day,
                month: Some(month),
                year,
                end,
            });
        }
        // Day first: "26 August", "the 26th of August 2021".
        let the = self.is(i, "the");
        let j = if the { i + 1 } else { i };
        let (day, ordinal) = self.day(j)?;
        if the && !ordinal {
            return None;
        }
        let k = if ordinal && self.is(j + 1, "of") {
            j + 2
        } else {
            j + 1
        };
        if let Some((month, after, abbr)) = self.month(k) {
            let (year, end) = match self.year_after(after) {
                Some((y, end)) => (Some(y), end),
                // "26 Aug." ends before the dot: it may end the sentence.
                None if abbr => (None, k + 1),
                None => (None, after),
            };
            return Some(Part {
                day,
                month: Some(month),
                year,
                end,
            });
        }
        if !bare {
            return None;
        }
        let (year, end) = match self.year_after(j + 1).filter(|_| bare_year) {
            Some((y, end)) => (Some(y), end),
            None => (None, j + 1),
        };
        Some(Part {
            day,
            month: None,
            year,
            end,
        })
    }

    // ----- patterns

    /// True when some pattern may match at token `i`: it is a number or a
    /// word that begins patterns ([`START`]), and an anchor lies within
    /// the seven tokens from it.
    pub(super) fn may_start(&self, i: usize) -> bool {
        let Some(t) = self.t.toks.get(i) else {
            return false;
        };
        let starts = match t.kind {
            Kind::Num { .. } => true,
            Kind::Punct(c) => c == '\'' || c == '\u{2019}',
            Kind::Other => false,
            Kind::Word { .. } => t.lex.flags & START != 0,
        };
        starts && self.t.to_anchor[i] <= 6
    }

    /// The longest match starting at token `i`.
    pub(super) fn best_at(&self, i: usize) -> Option<Found> {
        // A set, not a date: "every Monday", "each spring".
        if i > 0 && self.any(i - 1, SET_WORDS) {
            return None;
        }
        type Pattern<'a> = fn(&Cx<'a>, usize) -> Option<(usize, Spec)>;
        // The patterns that can begin with the token at `i`, by its first
        // word (`every_pattern_is_dispatched` checks the table).
        let patterns: &[Pattern<'a>] = match self.t.toks[i].kind {
            Kind::Num { .. } => &[
                Cx::range,
                Cx::day_forms,
                Cx::ago,
                Cx::year_forms,
                Cx::decade,
                Cx::clock,
                Cx::quarter,
                Cx::half,
            ],
            Kind::Punct(_) => &[Cx::decade],
            Kind::Other => &[],
            Kind::Word { .. } => {
                let lex = self.t.toks[i].lex;
                if lex.month != 0 {
                    &[Cx::range, Cx::day_forms, Cx::month_forms]
                } else if lex.weekday != 0 {
                    &[Cx::day_forms, Cx::weekday_forms]
                } else {
                    match self.word(i).unwrap_or("") {
                        "the" => &[
                            Cx::day_forms,
                            Cx::weekday_forms,
                            Cx::relative_day,
                            Cx::year_earlier,
                            Cx::period,
                            Cx::month_forms,
                            Cx::quarter,
                            Cx::quarter_context,
                            Cx::half,
                            Cx::season,
                            Cx::year_forms,
                            Cx::decade,
                            Cx::anaphor,
                        ],
                        "this" | "that" | "last" | "next" => &[
                            Cx::weekday_forms,
                            Cx::relative_day,
                            Cx::period,
                            Cx::month_forms,
                            Cx::quarter,
                            Cx::quarter_context,
                            Cx::half,
                            Cx::season,
                            Cx::holiday,
                            Cx::anaphor,
                        ],
                        "mid" => &[
                            Cx::relative_day,
                            Cx::period,
                            Cx::month_forms,
                            Cx::season,
                            Cx::year_forms,
                            Cx::decade,
                            Cx::day_time,
                        ],
                        "early" | "late" | "earlier" | "later" => &[
                            Cx::weekday_forms,
                            Cx::relative_day,
                            Cx::period,
                            Cx::month_forms,
                            Cx::season,
                            Cx::year_forms,
                            Cx::decade,
                            Cx::anaphor,
                        ],
                        "fiscal" | "calendar" | "its" | "first" | "second" | "third" => {
                            &[Cx::quarter, Cx::half, Cx::year_forms]
                        }
                        "fourth" => &[Cx::quarter, Cx::half, Cx::year_forms, Cx::holiday],
                        "year" | "nineteen" | "post" | "pre" => &[Cx::year_earlier, Cx::year_forms],
                        "end" => &[Cx::period, Cx::month_forms, Cx::year_forms],
                        "today" | "tonight" | "yesterday" | "tomorrow" => &[Cx::relative_day],
                        "christmas" | "thanksgiving" | "new" | "election" | "easter" | "good"
                        | "holy" | "labor" | "memorial" | "veterans" | "halloween"
                        | "valentine" => &[Cx::holiday],
                        "between" | "from" => &[Cx::range],
                        "noon" => &[Cx::weekday_forms, Cx::day_time],
                        "midnight" => &[Cx::weekday_forms],
                        "midday" | "midafternoon" | "midmorning" => &[Cx::day_time],
                        "spring" | "summer" | "autumn" | "winter" => &[Cx::season],
                        "nearly" | "almost" | "about" | "some" | "more" | "over" | "just"
                        | "around" => &[Cx::ago, Cx::clock],
                        "a" | "an" => &[Cx::ago, Cx::year_earlier, Cx::anaphor],
                        _ if lex.flags & START != 0 => &[Cx::ago, Cx::anaphor],
                        _ => &[],
                    }
                }
            }
        };
        longest(i, patterns.iter().filter_map(|p| p(self, i)))
    }

    /// [`Self::best_at`] trying every pattern, for the tests.
    #[cfg(test)]
    pub(super) fn best_at_all(&self, i: usize) -> Option<Found> {
        if i > 0 && self.any(i - 1, SET_WORDS) {
            return None;
        }
        let hits = [
            self.range(i),
            self.day_forms(i),
            self.weekday_forms(i),
            self.relative_day(i),
            self.ago(i),
            self.year_earlier(i),
            self.period(i),
            self.month_forms(i),
            self.quarter(i),
            self.quarter_context(i),
            self.half(i),
            self.season(i),
            self.year_forms(i),
            self.decade(i),
            self.holiday(i),
            self.anaphor(i),
            self.clock(i),
            self.day_time(i),
        ]
        .into_iter()
        .flatten();
        longest(i, hits)
    }

    /// A day alone: a written date, a weekday, a relative day, a holiday.
    fn single_day(&self, i: usize) -> Option<(usize, Spec)> {
        self.day_forms(i)
            .or_else(|| self.weekday_forms(i))
            .or_else(|| self.relative_day(i))
            .or_else(|| self.holiday(i))
    }

    /// "August 26", "26th of August 2021", "2021-08-26", "Thursday, August
    /// 26", "the night of August 31".
    fn day_forms(&self, i: usize) -> Option<(usize, Spec)> {
        if self.is(i, "the") {
            // "the night of August 31", "the early hours of Monday".
            let mut j = i + 1;
            if self.any(j, &["early", "late"]) {
                j += 1;
            }
            if (self.any(j, DAY_PARTS) || self.is(j, "hours")) && self.is(j + 1, "of") {
                return self.single_day(j + 2);
            }
        }
        if self.weekday(i).is_some() {
            let j = if self.punct(i + 1) == Some(',') {
                i + 2
            } else {
                i + 1
            };
            return self.month_day(j).or_else(|| self.iso(j));
        }
        self.month_day(i).or_else(|| self.iso(i))
    }

    fn month_day(&self, i: usize) -> Option<(usize, Spec)> {
        let p = self.part(i, false, false)?;
        Some((
            p.end,
            Spec::Day {
                year: p.year,
                month: p.month?,
                day: p.day,
            },
        ))
    }

    /// "2021-08-26".
    fn iso(&self, i: usize) -> Option<(usize, Spec)> {
        let (y, 4, Suffix::None) = self.number(i)? else {
            return None;
        };
        let (m, 2, Suffix::None) = self.number(i + 2)? else {
            return None;
        };
        let (d, 2, Suffix::None) = self.number(i + 4)? else {
            return None;
        };
        let dashes = self.punct(i + 1) == Some('-') && self.punct(i + 3) == Some('-');
        if !(dashes && (i..i + 4).all(|k| self.touching(k))) {
            return None;
        }
        Some((
            i + 5,
            Spec::Day {
                year: Some(y as i32),
                month: m,
                day: d,
            },
        ))
    }

    /// A part of the day after a day ("Friday night"): the index after it.
    fn day_part_after(&self, j: usize) -> usize {
        if self.any(j, DAY_PARTS) {
            j + 1
        } else {
            j
        }
    }

    /// "Monday", "last Monday", "next Monday", "this coming Monday", "the
    /// previous Friday", "early Tuesday", "Friday night".
    fn weekday_forms(&self, i: usize) -> Option<(usize, Spec)> {
        let (rel, j) = match self.word(i)? {
            "last" => (Rel::Last, i + 1),
            "next" => (Rel::Next, i + 1),
            "this" if self.is(i + 1, "coming") => (Rel::Next, i + 2),
            "this" if self.is(i + 1, "past") => (Rel::Last, i + 2),
            "this" => (Rel::This, i + 1),
            "past" | "coming" => return None,
            "the" if self.any(i + 1, &["previous", "preceding"]) => (Rel::Previous, i + 2),
            "early" | "late" | "earlier" | "later" | "noon" | "midnight" => (Rel::Open, i + 1),
            _ => (Rel::Open, i),
        };
        let day = self.weekday(j)?;
        // "the last Monday of May" is no calendar day we can tell; and a
        // weekday before a written date is the date's (day_forms).
        if matches!(rel, Rel::Last | Rel::Next) && i > 0 && self.is(i - 1, "the") {
            return None;
        }
        if rel == Rel::Open && j == i && i > 0 && self.any(i - 1, &["last", "next"]) {
            return None;
        }
        // Plural weekdays are sets ("on Mondays"): not words here.
        Some((self.day_part_after(j + 1), Spec::Weekday { day, rel }))
    }

    /// "today", "yesterday", "last night", "this morning", "late
    /// yesterday", "yesterday afternoon", "the day before yesterday".
    fn relative_day(&self, i: usize) -> Option<(usize, Spec)> {
        const FIXED: &[(&[&str], i64)] = &[
            (&["the", "day", "before", "yesterday"], -2),
            (&["the", "day", "after", "tomorrow"], 2),
            (&["last", "night"], -1),
            (&["this", "morning"], 0),
            (&["this", "afternoon"], 0),
            (&["this", "evening"], 0),
            (&["later", "this", "afternoon"], 0),
            (&["later", "this", "evening"], 0),
            (&["earlier", "this", "morning"], 0),
            (&["earlier", "today"], 0),
            (&["later", "today"], 0),
            (&["earlier", "yesterday"], -1),
            (&["later", "yesterday"], -1),
            (&["late", "yesterday"], -1),
            (&["early", "yesterday"], -1),
            (&["late", "today"], 0),
            (&["early", "today"], 0),
            (&["late", "tomorrow"], 1),
            (&["early", "tomorrow"], 1),
            (&["today"], 0),
            (&["tonight"], 0),
            (&["yesterday"], -1),
            (&["tomorrow"], 1),
        ];
        // "mid-afternoon yesterday"; "by mid afternoon" alone is day_time's.
        let (lead, j) = match self.word(i)? {
            "mid" => {
                let k = self.hyphen(i).unwrap_or(i + 1);
                if self.any(k, DAY_PARTS) {
                    (true, k + 1)
                } else {
                    return None;
                }
            }
            _ => (false, i),
        };
        let (words, offset) = FIXED
            .iter()
            .find(|(words, _)| words.iter().enumerate().all(|(k, w)| self.is(j + k, w)))?;
        if lead && words.len() != 1 {
            return None;
        }
        // "today's world", "the people of tomorrow": the present or the
        // future in general, no day.
        if words.len() == 1 {
            let generic = match words[0] {
                "today" => self.possessive(j).is_some_and(|k| {
                    self.any(
                        k,
                        &[
                            "world",
                            "youth",
                            "society",
                            "generation",
                            "standards",
                            "terms",
                            "dollars",
                        ],
                    )
                }),
                "tomorrow" => j > 0 && self.is(j - 1, "of"),
                _ => false,
            };
            if generic {
                return None;
            }
        }
        // "It was the last night of the festival."
        if words[0] == "last" && i > 0 && self.is(i - 1, "the") {
            return None;
        }
        let end = j + words.len();
        // "yesterday afternoon", "tomorrow night".
        let end = if words.len() == 1 && words[0] != "tonight" {
            self.day_part_after(end)
        } else {
            end
        };
        Some((end, Spec::DayOffset(*offset)))
    }

    /// "two days ago", "a year ago", "nearly four years ago", "five years
    /// earlier", "a week or so ago", "41 years ago".
    fn ago(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        // Modifiers kept in the span.
        if self.any(j, &["nearly", "almost", "about", "some", "just", "around"]) {
            j += 1;
        } else if self.any(j, &["more", "over"]) {
            j += if self.is(j + 1, "than") { 2 } else { 1 };
        }
        let n = match self.number(j) {
            Some((value, digits, Suffix::None)) if digits <= 3 && !self.glued(j, DAY_GLUE) => value,
            Some(_) => return None,
            None => {
                let w = self.word(j)?;
                NUMBER_WORDS.iter().find(|(name, _)| *name == w)?.1
            }
        };
        let unit_word = self.word(j + 1)?;
        let unit = match unit_word {
            "day" | "days" => Unit::Day,
            "week" | "weeks" => Unit::Week,
            "month" | "months" => Unit::Month,
            "year" | "years" => Unit::Year,
            "decade" | "decades" => Unit::Decade,
            _ => return None,
        };
        // "a year ago" but not "a years ago"; "two year ago" is a typo we
        // take.
        if n == 1 && unit_word.ends_with('s') {
            return None;
        }
        let mut k = j + 2;
        if self.is(k, "or") && self.is(k + 1, "so") {
            k += 2;
        }
        match self.word(k)? {
            "ago" => {}
            // "a year earlier" is read against publication (news reports
            // compare with now); "two days earlier" against the day under
            // discussion is too uncertain to say.
            "earlier" | "before" if unit == Unit::Year => {}
            _ => return None,
        }
        if n == 0 {
            return None;
        }
        Some((k + 1, Spec::Ago { n, unit }))
    }

    /// "year-earlier", "year-ago", "the year-ago quarter", "the
    /// year-earlier third quarter", "the comparable year-ago period",
    /// "the corresponding period last year", "the quarter a year ago".
    fn year_earlier(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        let the = self.is(j, "the") || self.is(j, "a");
        if the {
            j += 1;
        }
        if self.any(j, &["comparable", "same", "corresponding", "prior"]) {
            j += 1;
        }
        // "the corresponding period last year", "the same quarter last
        // year", "the quarter a year ago".
        if the && self.any(j, &["period", "quarter"]) {
            let k = j + 1;
            if self.is(k, "last") && self.is(k + 1, "year") {
                return Some((k + 2, Spec::YearEarlier { quarter: None }));
            }
            if self.is(k, "a") && self.is(k + 1, "year") && self.any(k + 2, &["ago", "earlier"]) {
                return Some((k + 3, Spec::YearEarlier { quarter: None }));
            }
            return None;
        }
        if !self.is(j, "year") {
            return None;
        }
        let k = self.hyphen(j)?;
        if !self.any(k, &["ago", "earlier"]) {
            return None;
        }
        let mut end = k + 1;
        let mut quarter = None;
        let mut period = false;
        // "the year-ago third quarter", "the year-earlier quarter", "the
        // year-ago period"; without "the" ("year-earlier profit") the span
        // is "year-earlier" alone.
        let q = end;
        if let Some((n, after)) = self.ordinal_quarter(q) {
            quarter = Some(n);
            period = true;
            end = after;
        } else if self.any(q, &["quarter", "period"]) {
            period = true;
            end = q + 1;
        }
        // "the year-ago results": "the" belongs to the noun phrase, and
        // the expression is "year-ago" alone, found at the next token.
        if the && !period {
            return None;
        }
        Some((end, Spec::YearEarlier { quarter }))
    }

    /// "third quarter", "third-quarter", "fiscal third quarter", "3rd
    /// quarter" at `i`: (quarter, index after).
    fn ordinal_quarter(&self, i: usize) -> Option<(u8, usize)> {
        let j = if self.is(i, "fiscal") {
            self.hyphen(i).unwrap_or(i + 1)
        } else {
            i
        };
        let q = match self.number(j) {
            Some((n @ 1..=4, 1, Suffix::Ordinal)) => n as u8,
            _ => {
                let w = self.word(j)?;
                ORDINALS.iter().find(|o| o.0 == w)?.1
            }
        };
        let k = self.hyphen(j).unwrap_or(j + 1);
        if !self.is(k, "quarter") || self.hyphen(k).is_some() {
            return None;
        }
        Some((q, k + 1))
    }

    /// "last week", "this month", "next year", "earlier this month", "early
    /// next year", "the end of this week", "the end of the month", "the
    /// current quarter", "the current fiscal year", "this weekend".
    fn period(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        let mut lead = false;
        let mut part_of = false;
        if self.any(j, &["early", "late", "earlier", "later", "mid"]) {
            j = self.hyphen(j).unwrap_or(j + 1);
            lead = true;
        } else if let Some(k) = self.end_of(j) {
            j = k;
            lead = true;
            part_of = true;
        }
        let the = self.is(j, "the");
        if the {
            j += 1;
            match self.word(j)? {
                // "over the weekend": the nearest, read by the direction.
                "weekend" if !lead => return Some((j + 1, Spec::Weekend(Rel::Open))),
                // "for the full year": the publication year.
                "full" if self.is(j + 1, "year") && !self.is(j + 2, "s") => {
                    return Some((j + 2, Spec::Year(YearRef::Offset(0))))
                }
                // "for the year", "the fiscal year", "by the end of the
                // year", "the latest fiscal year".
                "year" | "fiscal" | "latest" => {
                    let (end, offset) = self.the_year(j)?;
                    return Some((end, Spec::Year(YearRef::Offset(offset))));
                }
                // "by the end of the month", "at the start of the week":
                // the current one, as "the end of the year" is the current
                // year (the part is a TIMEX3 modifier, the value the
                // month's or week's); not "the end of the month-long
                // siege" or "the end of the week's talks".
                "month" | "week" if part_of && self.the_unit_alone(j) => {
                    let spec = if self.is(j, "month") {
                        Spec::MonthOffset(0)
                    } else {
                        Spec::Week(0)
                    };
                    return Some((j + 1, spec));
                }
                // "the week of March 6".
                "week" if self.is(j + 1, "of") => {
                    let (end, spec) = self.day_forms(j + 2)?;
                    return match spec {
                        Spec::Day { year, month, day } => {
                            Some((end, Spec::WeekOf { year, month, day }))
                        }
                        _ => None,
                    };
                }
                _ => {}
            }
        }
        let offset = match self.word(j)? {
            "last" if !the => -1,
            "this" if !the => 0,
            "next" if !the => 1,
            "coming" if the => 1,
            "current" if the => 0,
            "past" if the => -1,
            _ => return None,
        };
        j += 1;
        if self.is(j, "fiscal") || self.is(j, "calendar") {
            j += 1;
        }
        // "in the last week" is seven days, not a calendar week.
        if !the && offset != 0 && i > 0 && self.is(i - 1, "the") {
            return None;
        }
        let unit = self.word(j)?;
        // "ABC's This Week": a title, both words capitalised inside a
        // sentence.
        if !the
            && self.capital(j - 1)
            && self.capital(j)
            && j >= 2
            && !self.punct(j - 2).is_some_and(|c| ".!?".contains(c))
        {
            return None;
        }
        // "the past week" is seven days, not a calendar week; but "the
        // past year" is the year before publication, as TimeBank has it.
        if the && offset < 0 && !matches!(unit, "weekend" | "year") {
            return None;
        }
        let spec = match unit {
            "week" => Spec::Week(offset),
            "weekend" => Spec::Weekend(match offset {
                -1 => Rel::Last,
                0 => Rel::This,
                _ => Rel::Next,
            }),
            "month" => Spec::MonthOffset(offset),
            "quarter" => Spec::QuarterOffset(offset),
            "year" => Spec::Year(YearRef::Offset(offset)),
            _ => return None,
        };
        Some((j + 1, spec))
    }

    /// The unit word at `j` is the whole noun: no hyphen, possessive or
    /// "of" after it ("the month-long siege", "the week's talks", "the
    /// month of Ramadan").
    fn the_unit_alone(&self, j: usize) -> bool {
        if self.capital(j) {
            return false;
        }
        match self.t.toks.get(j + 1).map(|t| t.kind) {
            None => true,
            Some(Kind::Punct(c)) => !matches!(c, '-' | '\'' | '\u{2019}' | '\u{2013}'),
            Some(Kind::Word { .. }) => !self.is(j + 1, "of"),
            Some(_) => false,
        }
    }

    /// "year", "fiscal year" or "latest fiscal year" at `j`, right after
    /// "the": the index after it and its offset from the publication year
    /// (the latest year is the one before). The current year only where
    /// nothing makes it a span or another year: not "the year ended June
    /// 30" (a fiscal year), "the year before", "the year he was born",
    /// "the year-ago quarter", "throughout the year", "Player of the Year".
    fn the_year(&self, j: usize) -> Option<(usize, i32)> {
        let (k, offset) = if self.is(j, "latest") {
            (j + 1, -1)
        } else {
            (j, 0)
        };
        let k = if self.is(k, "fiscal") { k + 1 } else { k };
        if !self.is(k, "year") || self.capital(k) {
            return None;
        }
        if j >= 2 && self.any(j - 2, &["throughout", "all"]) {
            return None;
        }
        let free = match self.t.toks.get(k + 1).map(|t| t.kind) {
            None => true,
            Some(Kind::Punct(c)) => !matches!(c, '-' | '\'' | '\u{2019}' | '\u{2013}'),
            Some(Kind::Word { .. }) => self.any(
                k + 1,
                &[
                    "and", "but", "or", "as", "so", "because", "while", "than", "despite", "amid",
                    "compared",
                ],
            ),
            Some(_) => false,
        };
        free.then_some((k + 1, offset))
    }

    /// "the end of", "the beginning of", "the middle of", "the start of",
    /// "the close of", "end of": the index after "of".
    fn end_of(&self, i: usize) -> Option<usize> {
        let j = if self.is(i, "the") { i + 1 } else { i };
        if self.any(j, &["end", "beginning", "middle", "start", "close"]) && self.is(j + 1, "of") {
            Some(j + 2)
        } else {
            None
        }
    }

    /// "April", "April 1998", "April of 1998", "last April", "this
    /// September", "early March", "mid-November", "the end of November",
    /// "April next year", "June last year", "January this year".
    fn month_forms(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        let mut lead = false;
        let mut rel = Rel::Open;
        match self.word(i) {
            Some("last") => {
                rel = Rel::Last;
                j += 1;
            }
            Some("next") => {
                rel = Rel::Next;
                j += 1;
            }
            Some("this") => {
                rel = Rel::This;
                j += 1;
            }
            Some("early" | "late" | "mid") => {
                j = self.hyphen(i).unwrap_or(i + 1);
                lead = true;
            }
            _ => {
                if let Some(k) = self.end_of(i) {
                    j = k;
                    lead = true;
                }
            }
        }
        let (month, after, abbr) = self.month(j)?;
        let word_end = j + 1;
        if let Some((year, end)) = self.year_qualifier(after) {
            if rel == Rel::Open {
                return Some((
                    end,
                    Spec::Month {
                        month,
                        year,
                        rel: Rel::Open,
                    },
                ));
            }
        }
        // A bare month: full names only ("in Oct" is too terse), and "May"
        // not at the start of a sentence, where it may be the verb.
        if abbr && rel == Rel::Open && !lead {
            return None;
        }
        if rel == Rel::Open
            && !lead
            && self.is(j, "may")
            && (j == 0 || self.punct(j - 1).is_some_and(|c| ".!?\"“".contains(c)))
        {
            return None;
        }
        if rel != Rel::Open && i > 0 && self.is(i - 1, "the") {
            return None;
        }
        // "the March for Life", "the March of the Mothers": a march.
        // ("in March for health reasons" is the month.)
        if month == 3
            && rel == Rel::Open
            && !lead
            && self.any(word_end, &["for", "of", "on", "against"])
            && (self.capital(word_end + 1) || self.is(word_end + 1, "the"))
            && self.any_year(word_end + 1).is_none()
        {
            return None;
        }
        let end = if abbr && self.punct(word_end) == Some('.') {
            word_end
        } else {
            after
        };
        Some((
            end,
            Spec::Month {
                month,
                year: YearRef::Open,
                rel,
            },
        ))
    }

    /// "the third quarter", "third-quarter", "the fourth quarter of 1997",
    /// "next year's first quarter", "the 1988 third quarter", "its fourth
    /// quarter", "the fiscal first quarter", "the third quarter last year".
    fn quarter(&self, i: usize) -> Option<(usize, Spec)> {
        let mut year = YearRef::Open;
        let mut j = i;
        if let Some((y, k)) = self.year_before(i) {
            year = y;
            j = k;
        } else if self.any(i, &["the", "its", "this", "that"]) {
            j = i + 1;
        }
        if self.is(j, "the") {
            j += 1;
        }
        let (q, mut end) = self.ordinal_quarter(j)?;
        if year == YearRef::Open {
            if let Some((y, k)) = self.year_qualifier(end) {
                year = y;
                end = k;
            }
        }
        Some((end, Spec::Quarter { q, year }))
    }

    /// "the quarter", "the latest quarter", "this quarter", "that
    /// quarter", "the latest period", "the most recent quarter", "the 1988
    /// quarter", "the 1989 period".
    fn quarter_context(&self, i: usize) -> Option<(usize, Spec)> {
        // "last year's quarter": the quarter under discussion, a year back.
        if let Some((YearRef::Offset(-1), k)) = self.year_before(i) {
            if self.is(k, "quarter") {
                return Some((k + 1, Spec::YearEarlier { quarter: None }));
            }
        }
        if !self.any(i, &["the", "this", "that"]) {
            return None;
        }
        let mut j = i + 1;
        let mut year = None;
        let mut latest = false;
        if let Some(y) = self.year(j) {
            year = Some(y);
            j += 1;
        } else if self.any(j, &["latest", "recent", "same"]) {
            latest = true;
            j += 1;
        } else if self.is(j, "most") && self.is(j + 1, "recent") {
            latest = true;
            j += 2;
        }
        if self.is(j, "fiscal") {
            j += 1;
        }
        // "the quarter-to-quarter comparison" is no quarter.
        if self.hyphen(j).is_some() {
            return None;
        }
        match self.word(j)? {
            "quarter" => {}
            // "the latest period", "the 1988 period"; "the period" alone
            // is too vague.
            "period" if latest || year.is_some() => {}
            _ => return None,
        }
        Some((j + 1, Spec::QuarterContext { year }))
    }

    /// "the first half of 1998", "the second half of the year", "the
    /// first half of next year", "first-half", "this year's second half".
    fn half(&self, i: usize) -> Option<(usize, Spec)> {
        let mut year = YearRef::Open;
        let mut j = i;
        if let Some((y, k)) = self.year_before(i) {
            year = y;
            j = k;
        } else if self.is(i, "the") {
            j = i + 1;
        }
        let h = match self.word(j)? {
            "first" => 1,
            "second" | "last" => 2,
            _ => return None,
        };
        let hyphen = self.hyphen(j);
        let k = hyphen.unwrap_or(j + 1);
        if !self.is(k, "half") {
            return None;
        }
        let mut end = k + 1;
        if year == YearRef::Open {
            if let Some((y, e)) = self.year_qualifier(end) {
                year = y;
                end = e;
            } else if self.is(end, "of") && self.is(end + 1, "the") && self.is(end + 2, "year") {
                year = YearRef::Offset(0);
                end += 3;
            } else if hyphen.is_none() || self.word(j) == Some("last") {
                // "the second half" of a match, or of anything: not a date
                // without its year.
                return None;
            }
        }
        Some((end, Spec::Half { h, year }))
    }

    /// "last summer", "this past spring", "the summer", "the winter of
    /// 1994", "summer 1998", "next fall", "the early summer".
    fn season(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        let mut rel = Rel::Open;
        let mut the = false;
        match self.word(i)? {
            "last" => {
                rel = Rel::Last;
                j += 1;
            }
            "next" => {
                rel = Rel::Next;
                j += 1;
            }
            "this" if self.is(i + 1, "past") => {
                rel = Rel::Last;
                j += 2;
            }
            "this" if self.is(i + 1, "coming") => {
                rel = Rel::Next;
                j += 2;
            }
            "this" => {
                rel = Rel::This;
                j += 1;
            }
            "the" => {
                the = true;
                j += 1;
                if self.any(j, &["early", "late"]) {
                    j += 1;
                }
            }
            "early" | "late" | "mid" => {
                j = self.hyphen(i).unwrap_or(i + 1);
            }
            _ => {}
        }
        let w = self.word(j)?;
        let season = SEASONS.iter().find(|s| s.0 == w)?.1;
        // "fall" is a season only after a word that says so.
        if w == "fall" && j == i {
            return None;
        }
        let mut end = j + 1;
        let mut year = YearRef::Open;
        if let Some((y, e)) = self.year_qualifier(end) {
            if rel == Rel::Open {
                year = y;
                end = e;
            }
        }
        // "spring" and "summer" alone are too often other things ("a
        // spring", "Summer Olympics"): a bare season needs "the" before or
        // a year after, or a word of its own.
        if rel == Rel::Open && !the && year == YearRef::Open && j == i {
            return None;
        }
        if w == "fall" && the && year == YearRef::Open && !self.is(end, "of") {
            // "the fall" of a government.
            return None;
        }
        Some((end, Spec::Season { season, year, rel }))
    }

    /// "1998", "fiscal 1990", "calendar 1990", "mid-1996", "early 1990",
    /// "the end of 1994", "post-1959", "the year 2000", "the year two
    /// thousand", "nineteen ninety-six", "year-end", "year's end", "the end
    /// of the year".
    fn year_forms(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        let mut lead = false;
        if self.any(j, &["fiscal", "calendar"]) {
            j = self.hyphen(j).unwrap_or(j + 1);
            lead = true;
        } else if self.any(j, &["mid", "early", "late", "post", "pre"]) {
            j = self.hyphen(j).unwrap_or(j + 1);
            lead = true;
            if self.is(j, "fiscal") {
                j += 1;
            }
        } else if let Some(k) = self.end_of(j) {
            j = k;
            lead = true;
            // "the end of the year", "the end of this year".
            if self.is(j, "the") && self.is(j + 1, "year") && !self.is(j + 2, "s") {
                return Some((j + 2, Spec::Year(YearRef::Offset(0))));
            }
            if self.is(j, "fiscal") {
                j += 1;
            }
        } else if self.is(j, "the") && self.is(j + 1, "year") {
            // "the year 2000", "the year two thousand".
            if let Some(y) = self.year(j + 2) {
                return Some((j + 3, Spec::Year(YearRef::Explicit(y))));
            }
            if self.is(j + 2, "two") && self.is(j + 3, "thousand") {
                return Some((j + 4, Spec::Year(YearRef::Explicit(2000))));
            }
            return None;
        }
        // "year-end", "year end", "year's end".
        if self.is(j, "year") {
            let k = self
                .hyphen(j)
                .or_else(|| self.possessive(j))
                .unwrap_or(j + 1);
            if self.is(k, "end") {
                return Some((k + 1, Spec::Year(YearRef::Offset(0))));
            }
            return None;
        }
        if let Some((y, end)) = self.written_year(j) {
            return Some((end, Spec::Year(YearRef::Explicit(y))));
        }
        let y = self.year(j)?;
        if !lead && !self.plausible_year(j) {
            return None;
        }
        // "1990 or later", "2000 and beyond": the year.
        Some((j + 1, Spec::Year(YearRef::Explicit(y))))
    }

    /// A bare four-digit number at `i` reads as a year: not a count ("more
    /// than 2000 troops", "1500 km", "$1990", "1900 GMT"), and within the
    /// years news writes about (1800–2099).
    fn plausible_year(&self, i: usize) -> bool {
        let Some(y) = self.year(i) else {
            return false;
        };
        if !(1800..=2099).contains(&y) {
            return false;
        }
        // "Orion 1980", "Windows 2000": a name's number. A capitalised
        // word before the year that does not begin its sentence.
        if i > 1
            && self.capital(i - 1)
            && self.word(i - 1).is_some()
            && self.month(i - 1).is_none()
            && self.weekday(i - 1).is_none()
            && !self.punct(i - 2).is_some_and(|c| ".!?\"“(".contains(c))
            && !self.any(
                i - 1,
                &[
                    "in", "since", "by", "until", "from", "during", "of", "for", "before", "after",
                    "fiscal", "calendar",
                ],
            )
        {
            return false;
        }
        if i > 0 {
            if let Some(c) = self.punct(i - 1) {
                if matches!(c, '$' | '#' | '£' | '€' | '¥' | '+' | '-' | '±' | '/')
                    && self.touching(i - 1)
                {
                    return false;
                }
            }
            if self
                .word(i - 1)
                .is_some_and(|w| COUNT_BEFORE_WORDS.contains(w))
            {
                return false;
            }
            if self.number(i - 1).is_some() {
                return false;
            }
        }
        match self.t.toks.get(i + 1).map(|t| t.kind) {
            Some(Kind::Punct('%')) => false,
            Some(Kind::Word { .. }) => {
                let w = self.word(i + 1).unwrap_or("");
                !COUNT_AFTER_WORDS.contains(w) && !TIME_ZONES.contains(w)
            }
            Some(Kind::Num { .. }) => false,
            _ => true,
        }
    }

    /// "the 1970s", "the late 1970s", "the mid-1990s", "the '90s", "the
    /// nineties", "1990s".
    fn decade(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        if self.is(j, "the") {
            j += 1;
        }
        if self.any(j, &["early", "late", "mid"]) {
            j = self.hyphen(j).unwrap_or(j + 1);
        }
        // "the '90s", "the ’80s".
        if self.punct(j).is_some_and(|c| c == '\'' || c == '\u{2019}') && self.touching(j) {
            if let Some((v, 2, Suffix::Plural)) = self.number(j + 1) {
                if v % 10 == 0 {
                    return Some((j + 2, Spec::Decade(1900 + v as i32)));
                }
            }
            return None;
        }
        if let Some((v, 4, Suffix::Plural)) = self.number(j) {
            if v % 10 == 0 && (1000..=2190).contains(&v) {
                // "1990s" followed by an apostrophe: "the 1990's".
                return Some((j + 1, Spec::Decade(v as i32)));
            }
            return None;
        }
        if let Some((v, 4, Suffix::None)) = self.number(j) {
            // "the 1990's"
            if v % 10 == 0
                && (1000..=2190).contains(&v)
                && self
                    .punct(j + 1)
                    .is_some_and(|c| c == '\'' || c == '\u{2019}')
                && self.is(j + 2, "s")
                && self.touching(j)
                && self.touching(j + 1)
                && j > i
            {
                return Some((j + 3, Spec::Decade(v as i32)));
            }
            return None;
        }
        if j > i {
            let w = self.word(j)?;
            if let Some(&(_, d)) = DECADE_WORDS.iter().find(|e| e.0 == w) {
                return Some((j + 1, Spec::Decade(1900 + 10 * d as i32)));
            }
        }
        None
    }

    /// "Christmas Day", "Christmas Eve", "New Year's Day", "New Year's
    /// Eve", "Thanksgiving Day", "Thanksgiving", "Election Day", with an
    /// optional "last"/"next" and a year after.
    fn holiday(&self, i: usize) -> Option<(usize, Spec)> {
        let (rel, j) = match self.word(i)? {
            "last" => (Rel::Last, i + 1),
            "next" => (Rel::Next, i + 1),
            "this" => (Rel::This, i + 1),
            _ => (Rel::Open, i),
        };
        let (holiday, end) = if self.is(j, "new") && self.is(j + 1, "year") {
            let k = self.possessive(j + 1)?;
            if self.is(k, "day") {
                (Holiday::NewYearsDay, k + 1)
            } else if self.is(k, "eve") {
                (Holiday::NewYearsEve, k + 1)
            } else {
                return None;
            }
        } else if self.is(j, "christmas") && self.capital(j) {
            if self.is(j + 1, "day") {
                (Holiday::Christmas, j + 2)
            } else if self.is(j + 1, "eve") {
                (Holiday::ChristmasEve, j + 2)
            } else {
                return None;
            }
        } else if self.is(j, "thanksgiving") && self.capital(j) {
            if self.is(j + 1, "day") {
                (Holiday::Thanksgiving, j + 2)
            } else {
                (Holiday::Thanksgiving, j + 1)
            }
        } else if self.is(j, "election") && self.capital(j) && self.is(j + 1, "day") {
            (Holiday::ElectionDay, j + 2)
        } else if self.is(j, "easter") && self.capital(j) {
            // "Easter Sunday", "Easter Monday", "Easter week", "Easter";
            // not "Easter Island" or "the Easter Rising" (a capitalised
            // word after it makes it another name's).
            match self.word(j + 1) {
                Some("sunday") => (Holiday::Easter, j + 2),
                Some("monday") => (Holiday::EasterMonday, j + 2),
                Some("week") => (Holiday::EasterWeek, j + 2),
                Some(_) if self.capital(j + 1) => return None,
                _ => (Holiday::Easter, j + 1),
            }
        } else if self.is(j, "good") && self.capital(j) && self.is(j + 1, "friday") {
            (Holiday::GoodFriday, j + 2)
        } else if self.is(j, "holy") && self.capital(j) && self.is(j + 1, "week") {
            (Holiday::EasterWeek, j + 2)
        } else if self.is(j, "fourth")
            && self.capital(j)
            && self.is(j + 1, "of")
            && self.month(j + 2).is_some_and(|m| m.0 == 7)
        {
            (Holiday::FourthOfJuly, j + 3)
        } else if self.any(j, &["labor", "memorial", "veterans"])
            && self.capital(j)
            && self.is(j + 1, "day")
        {
            let h = match self.word(j)? {
                "labor" => Holiday::LaborDay,
                "memorial" => Holiday::MemorialDay,
                _ => Holiday::VeteransDay,
            };
            (h, j + 2)
        } else if self.is(j, "halloween") {
            (Holiday::Halloween, j + 1)
        } else if self.is(j, "valentine") && self.capital(j) {
            let k = self.possessive(j)?;
            if !self.is(k, "day") {
                return None;
            }
            (Holiday::ValentinesDay, k + 1)
        } else {
            return None;
        };
        let (year, end) = match self.year_after(end) {
            Some((y, e)) if rel == Rel::Open => (YearRef::Explicit(y), e),
            _ => (YearRef::Open, end),
        };
        Some((end, Spec::Holiday { holiday, year, rel }))
    }

    /// "the next day", "the following day", "that day", "the same day",
    /// "the day before", "the previous day", "a day later", "earlier that
    /// day", "the next morning", "the following week/month/year", "that
    /// year", "that month", "later that year", "the previous year",
    /// "later in the day".
    fn anaphor(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        if self.any(j, &["earlier", "later", "late", "early"]) {
            j += 1;
            // "later in the day", "earlier in the year".
            if self.is(j, "in") && self.is(j + 1, "the") {
                // "later in the day" is left out, as TimeBank does.
                match self.word(j + 2)? {
                    "year" if !self.is(j + 3, "s") => {
                        return Some((j + 3, Spec::Year(YearRef::Offset(0))))
                    }
                    _ => {}
                }
            }
        }
        let lead = j > i;
        // "a day later", "a day earlier", "one day later".
        if !lead && self.any(j, &["a", "one"]) && self.is(j + 1, "day") {
            // Not "a day after the attack": that day is the attack's.
            return match self.word(j + 2)? {
                "later" => Some((j + 3, Spec::ContextDay(1))),
                "earlier" => Some((j + 3, Spec::ContextDay(-1))),
                _ => None,
            };
        }
        let (step, k) = match self.word(j)? {
            "that" => (0, j + 1),
            "the" => match self.word(j + 1)? {
                "next" | "following" => (1, j + 2),
                "previous" | "preceding" => (-1, j + 2),
                "same" => (0, j + 2),
                // "the day before", but not "the day before the vote"
                // (that day is the vote's) or "the day before yesterday".
                "day" if !lead && self.word(j + 3).is_none() => {
                    return match self.word(j + 2)? {
                        "before" => Some((j + 3, Spec::ContextDay(-1))),
                        "after" => Some((j + 3, Spec::ContextDay(1))),
                        _ => None,
                    }
                }
                _ => return None,
            },
            _ => return None,
        };
        let unit = self.word(k)?;
        // "that" before a weekday or month is no anaphor here.
        let spec = match unit {
            "day" => Spec::ContextDay(step),
            "morning" | "afternoon" | "evening" | "night" if step >= 0 => Spec::ContextDay(step),
            "month" => Spec::ContextMonth(step as i32),
            "year" => Spec::ContextYear(step as i32),
            _ => return None,
        };
        // "the next year or so", "the next day or two": vague.
        if self.is(k + 1, "or") {
            return None;
        }
        // "the next day" after a lead ("earlier that day") is fine; "that
        // year's" is the year too.
        Some((k + 1, spec))
    }

    /// A clock time: "10:35 a.m.", "9 p.m. EST", "noon", with the day
    /// after it when there is one ("10 p.m. Wednesday", "9 a.m. EDT
    /// Thursday", "5 p.m. EST Nov. 9", "noon Saturday").
    fn clock(&self, i: usize) -> Option<(usize, Spec)> {
        let mut j = i;
        if self.is(j, "around") || self.is(j, "about") {
            j += 1;
        }
        let (hour, _, Suffix::None) = self.number(j)? else {
            return None;
        };
        if !(1..=12).contains(&hour) {
            return None;
        }
        let mut k = j + 1;
        if self.punct(k) == Some(':') && self.touching(j) {
            let (minute, 2, Suffix::None) = self.number(k + 1)? else {
                return None;
            };
            if minute > 59 {
                return None;
            }
            k += 2;
        }
        // "a.m.", "p.m.", "am", "pm".
        let w = self.word(k)?;
        k = match w {
            "am" | "pm" => k + 1,
            "a" | "p" if self.punct(k + 1) == Some('.') && self.is(k + 2, "m") => {
                if self.punct(k + 3) == Some('.') && self.touching(k + 2) {
                    k + 4
                } else {
                    k + 3
                }
            }
            _ => return None,
        };
        let mut end = k;
        if self.word(end).is_some_and(|w| TIME_ZONES.contains(w)) {
            end += 1;
        }
        // The day after it.
        let d = if self.punct(end) == Some(',') {
            end + 1
        } else {
            end
        };
        if let Some((e, spec)) = self.single_day(d) {
            return Some((e, spec));
        }
        // "a.m." at the end of a sentence keeps its dot: the expression
        // ends before the sentence's stop only when no day follows.
        Some((end, Spec::Clock))
    }

    /// A time of day by name after a preposition ("at noon", "at midday",
    /// "by mid-afternoon", "around midmorning"): the day under discussion,
    /// else the publication date, as a clock time; or the day after it
    /// ("at noon on Friday"). "high noon" and "mid afternoon" alone are
    /// no time.
    fn day_time(&self, i: usize) -> Option<(usize, Spec)> {
        if i == 0
            || !self.any(
                i - 1,
                &[
                    "at", "by", "around", "about", "before", "after", "until", "till", "since",
                    "from", "toward", "towards", "near",
                ],
            )
        {
            return None;
        }
        let end = match self.word(i)? {
            "noon" | "midday" | "midafternoon" | "midmorning" => i + 1,
            "mid" => {
                let k = self.hyphen(i).unwrap_or(i + 1);
                if !self.any(k, &["afternoon", "morning", "day"]) {
                    return None;
                }
                k + 1
            }
            _ => return None,
        };
        let d = match self.punct(end) {
            Some(',') => end + 1,
            _ if self.is(end, "on") => end + 1,
            _ => end,
        };
        if let Some((e, spec)) = self.single_day(d) {
            return Some((e, spec));
        }
        Some((end, Spec::Clock))
    }

    /// "3 to 5 May", "May 3-5", "between 3 and 5 May", "from May 3 to May
    /// 5".
    fn range(&self, i: usize) -> Option<(usize, Spec)> {
        let between = self.is(i, "between");
        let j = if between || self.is(i, "from") {
            i + 1
        } else {
            i
        };
        let first = self.part(j, true, false)?;
        let sep = first.end;
        let joined = if between {
            self.is(sep, "and")
        } else {
            self.any(sep, RANGE_WORDS) || self.punct(sep).is_some_and(|c| RANGE_DASHES.contains(&c))
        };
        if !joined {
            return None;
        }
        let second = self.part(sep + 1, first.month.is_some(), true)?;
        if first.month.is_none() && second.month.is_none() {
            return None;
        }
        Some((
            second.end,
            Spec::DayRange {
                first: (first.year, first.month, first.day),
                last: (second.year, second.month, second.day),
            },
        ))
    }
}

/// One end of a day range, or a whole month-day date.
#[derive(Clone, Copy, Debug)]
struct Part {
    day: u32,
    month: Option<u32>,
    year: Option<i32>,
    /// Token index one past it.
    end: usize,
}
