//! Date expressions in news text, normalised against the publication date.
//! (Being written: see `find_dates`.)

use chrono::NaiveDate;

/// A date expression found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the expression in the text given to [`find_dates`].
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
    /// The first (or only) day it denotes.
    pub date: NaiveDate,
    /// The last day, for ranges ("from 3 to 5 May", "last week").
    pub end_date: Option<NaiveDate>,
}

/// Finds date expressions in `text` and normalises them. `published` is the
/// article's date; relative expressions ("yesterday", "on Monday") need it
/// and are skipped without it.
pub fn find_dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let _ = (text, published);
    Vec::new()
}
