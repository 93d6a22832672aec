//! The word tables of the time finder: month and weekday names, number
//! words, ordinals, seasons, and the small lists that tell a calendar
//! expression from a count or a duration. Data only; [`super::find`] reads
//! them, and [`super::scan`] uses them to mark the tokens where a pattern
//! can start.

use chrono::Weekday;

/// Month names and abbreviations: (lowercase name, month, is abbreviation).
pub(super) const MONTHS: &[(&str, u32, bool)] = &[
    ("january", 1, false),
    ("jan", 1, true),
    ("february", 2, false),
    ("feb", 2, true),
    ("march", 3, false),
    ("mar", 3, true),
    ("april", 4, false),
    ("apr", 4, true),
    ("may", 5, false),
    ("june", 6, false),
    ("jun", 6, true),
    ("july", 7, false),
    ("jul", 7, true),
    ("august", 8, false),
    ("aug", 8, true),
    ("september", 9, false),
    ("sept", 9, true),
    ("sep", 9, true),
    ("october", 10, false),
    ("oct", 10, true),
    ("november", 11, false),
    ("nov", 11, true),
    ("december", 12, false),
    ("dec", 12, true),
];

/// Month names that are also ordinary words: they count only with a
/// capital ("as many as 20 may have died" has no date).
pub(super) const CAPITALISED_MONTHS: &[&str] = &["may", "march", "mar"];

pub(super) const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Small numbers written as words, for "two days ago".
pub(super) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
];

/// Ordinals of quarters and halves ("the third quarter", "first-half").
pub(super) const ORDINALS: &[(&str, u8)] =
    &[("first", 1), ("second", 2), ("third", 3), ("fourth", 4)];

/// Ordinal days written as words ("March eighth").
pub(super) const ORDINAL_DAYS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
];

/// The seasons; "fall" only after a word that makes it a season ("last
/// fall", "the fall of 1998"), never alone ("prices fall").
pub(super) const SEASONS: &[(&str, Season)] = &[
    ("spring", Season::Spring),
    ("summer", Season::Summer),
    ("fall", Season::Fall),
    ("autumn", Season::Fall),
    ("winter", Season::Winter),
];

/// A season of the northern hemisphere, as TIMEX3 writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    /// The TIMEX3 code ("SU").
    pub(super) fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// The month it starts in (winter starts in December of its year).
    pub(super) fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// Units of written-out years: "nineteen ninety-six" is 19 · 100 + 96.
pub(super) const YEAR_ONES: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
];
pub(super) const YEAR_TEENS: &[(&str, u32)] = &[
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];
pub(super) const YEAR_TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// Decades written as words ("the nineties").
pub(super) const DECADE_WORDS: &[(&str, u32)] = &[
    ("twenties", 2),
    ("thirties", 3),
    ("forties", 4),
    ("fifties", 5),
    ("sixties", 6),
    ("seventies", 7),
    ("eighties", 8),
    ("nineties", 9),
];

/// Parts of a day that may follow a day ("Friday night", "yesterday
/// morning") and stay in the expression.
pub(super) const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night", "overnight"];

/// Words before a number that make it a count, not a year ("more than 2000
/// troops", "about 1990 of them").
pub(super) const COUNT_BEFORE: &[&str] = &[
    "than",
    "about",
    "some",
    "nearly",
    "almost",
    "approximately",
    "around",
    "only",
    "just",
    "total",
    "additional",
    "another",
    "estimated",
    "least",
    "over",
    "under",
    "roughly",
    "no",
    "number",
    "flight",
    "route",
    "room",
    "highway",
    "interstate",
    "page",
    "article",
    "resolution",
    "section",
    "chapter",
    "model",
    "boeing",
    "airbus",
    "windows",
    "code",
    "box",
    "suite",
    "apartment",
    "unit",
    "population",
    "contains",
    "employs",
];

/// Plural or unit nouns after a number that make it a count ("2000
/// people", "1500 km").
pub(super) const COUNT_AFTER: &[&str] = &[
    "people",
    "persons",
    "troops",
    "soldiers",
    "police",
    "officers",
    "men",
    "women",
    "children",
    "km",
    "kilometers",
    "kilometres",
    "miles",
    "meters",
    "metres",
    "feet",
    "tons",
    "tonnes",
    "cars",
    "units",
    "members",
    "votes",
    "workers",
    "jobs",
    "shares",
    "students",
    "residents",
    "cases",
    "dollars",
    "yen",
    "acres",
    "hectares",
    "barrels",
    "points",
    "homes",
    "houses",
    "refugees",
    "civilians",
    "rebels",
    "fighters",
    "prisoners",
    "employees",
    "delegates",
    "pounds",
    "euros",
    "percent",
    "per",
    "hours",
    "minutes",
    "seconds",
    "days",
    "weeks",
    "months",
    "years",
    "times",
];

/// Words right before a weekday, month or season that make the phrase a
/// set, not a date ("every Monday", "each spring").
pub(super) const SET_WORDS: &[&str] = &["every", "each", "per", "all"];

/// A word may begin an expression (every pattern begins at such a word, a
/// month or weekday name, or a number).
pub(super) const START: u8 = 1;
/// A word every expression has one of (or a number): the text is searched
/// for these first, and only the tokens around them are looked at. Each
/// pattern has an anchor within its first seven tokens.
pub(super) const ANCHOR: u8 = 2;
/// An anchor only with a capital ("May", "March").
pub(super) const CAPITAL_ONLY: u8 = 4;

/// The words the finder knows besides month and weekday names, with their
/// flags.
pub(super) const TIME_WORDS: &[(&str, u8)] = &[
    // Words that begin expressions.
    ("the", START),
    ("this", START),
    ("that", START),
    ("last", START),
    ("next", START),
    ("past", START),
    ("coming", START),
    ("current", START),
    ("early", START),
    ("late", START),
    ("mid", START),
    ("earlier", START | ANCHOR),
    ("later", START),
    ("fiscal", START),
    ("calendar", START),
    ("its", START),
    ("new", START),
    ("between", START),
    ("election", START),
    ("from", START),
    ("noon", START | ANCHOR),
    ("midday", START | ANCHOR),
    ("midafternoon", START | ANCHOR),
    ("midmorning", START | ANCHOR),
    ("midnight", START),
    ("nearly", START),
    ("almost", START),
    ("about", START),
    ("some", START),
    ("more", START),
    ("over", START),
    ("just", START),
    ("post", START),
    ("pre", START),
    ("end", START),
    ("around", START),
    ("first", START),
    ("second", START),
    ("third", START),
    ("fourth", START),
    ("a", START),
    ("an", START),
    ("one", START),
    ("two", START),
    ("three", START),
    ("four", START),
    ("five", START),
    ("six", START),
    ("seven", START),
    ("eight", START),
    ("nine", START),
    ("ten", START),
    ("eleven", START),
    ("twelve", START),
    ("fifteen", START),
    ("twenty", START),
    ("thirty", START),
    ("forty", START),
    ("fifty", START),
    // Words that anchor expressions, and may begin some.
    ("year", START | ANCHOR),
    ("today", START | ANCHOR),
    ("tonight", START | ANCHOR),
    ("yesterday", START | ANCHOR),
    ("tomorrow", START | ANCHOR),
    ("christmas", START | ANCHOR),
    ("thanksgiving", START | ANCHOR),
    ("easter", START | ANCHOR),
    ("halloween", START | ANCHOR),
    ("valentine", START | ANCHOR),
    ("good", START),
    ("holy", START),
    ("labor", START),
    ("memorial", START),
    ("veterans", START),
    ("nineteen", START | ANCHOR),
    ("spring", START | ANCHOR),
    ("summer", START | ANCHOR),
    ("autumn", START | ANCHOR),
    ("winter", START | ANCHOR),
    ("fall", ANCHOR),
    ("years", 0),
    ("week", ANCHOR),
    ("weeks", 0),
    ("weekend", ANCHOR),
    ("month", ANCHOR),
    ("months", 0),
    ("quarter", ANCHOR),
    ("half", ANCHOR),
    ("decade", ANCHOR),
    ("decades", 0),
    ("day", ANCHOR),
    ("days", 0),
    ("period", ANCHOR),
    ("ago", ANCHOR),
    ("morning", ANCHOR),
    ("afternoon", ANCHOR),
    ("evening", ANCHOR),
    ("night", ANCHOR),
    ("twenties", ANCHOR),
    ("thirties", ANCHOR),
    ("forties", ANCHOR),
    ("fifties", ANCHOR),
    ("sixties", ANCHOR),
    ("seventies", ANCHOR),
    ("eighties", ANCHOR),
    ("nineties", ANCHOR),
];

/// Anchors that are also common words, each an anchor only next to a word
/// that some pattern has beside it: (anchor, words right before, words
/// right after). A hyphen or apostrophe right after "year" always lets it
/// through ("year-earlier", "year's end"). Without these, "for a day", "the
/// year he was born" and "in the morning" would each cost a window of
/// tokens for nothing.
pub(super) const GATES: &[(&str, &[&str], &[&str])] = &[
    (
        "year",
        &[
            "last",
            "this",
            "next",
            "current",
            "coming",
            "full",
            "following",
            "previous",
            "preceding",
            "same",
            "that",
            "fiscal",
            "calendar",
            "a",
            "one",
            "the",
            "its",
            "past",
            "latest",
        ],
        &["end"],
    ),
    (
        "day",
        &[
            "next",
            "following",
            "same",
            "previous",
            "preceding",
            "that",
            "a",
            "one",
            "the",
            "christmas",
            "thanksgiving",
            "election",
            "labor",
            "memorial",
            "veterans",
            "s",
        ],
        &["later", "earlier", "before", "after"],
    ),
    (
        "week",
        &[
            "last", "this", "next", "the", "a", "one", "current", "coming", "past", "holy",
        ],
        &[],
    ),
    (
        "month",
        &[
            "last",
            "this",
            "next",
            "the",
            "a",
            "one",
            "that",
            "following",
            "previous",
            "preceding",
            "current",
            "coming",
            "same",
        ],
        &[],
    ),
    ("night", &["last"], &[]),
    (
        "morning",
        &["this", "next", "following", "that", "same", "mid"],
        &[],
    ),
    (
        "afternoon",
        &["this", "next", "following", "that", "same", "mid"],
        &[],
    ),
    (
        "evening",
        &["this", "next", "following", "that", "same"],
        &[],
    ),
    (
        "period",
        &[
            "latest",
            "recent",
            "same",
            "corresponding",
            "comparable",
            "ago",
            "earlier",
        ],
        &[],
    ),
    ("half", &["first", "second", "last"], &[]),
    (
        "fall",
        &[
            "last", "this", "next", "the", "early", "late", "past", "coming",
        ],
        &[],
    ),
    (
        "spring",
        &[
            "last", "this", "next", "the", "early", "late", "mid", "past", "coming",
        ],
        &["of"],
    ),
    (
        "summer",
        &[
            "last", "this", "next", "the", "early", "late", "mid", "past", "coming",
        ],
        &["of"],
    ),
    (
        "autumn",
        &[
            "last", "this", "next", "the", "early", "late", "mid", "past", "coming",
        ],
        &["of"],
    ),
    (
        "winter",
        &[
            "last", "this", "next", "the", "early", "late", "mid", "past", "coming",
        ],
        &["of"],
    ),
    (
        "weekend",
        &["last", "this", "next", "the", "coming", "past"],
        &[],
    ),
    (
        "earlier",
        &["years", "decades"],
        &["this", "that", "today", "yesterday", "in"],
    ),
];
