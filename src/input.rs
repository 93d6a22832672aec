//! Reading articles: `.txt` files (id = file stem), `.jsonl` files of
//! `{"id","text","date"?,"title"?}` records, and JSONL on stdin (`-`).
//!
//! Errors are per input (and per line for JSONL): a caller reports them and
//! carries on with the rest.

use serde::{Deserialize, Serialize};

/// One news article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier, unique within a run.
    pub id: String,
    /// Body text (the title is not repeated here).
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Article {
    /// An article with an id and text, no date or title.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            date: None,
            title: None,
        }
    }
}
