//! eventmap turns news articles into maps.
//!
//! The pipeline runs one way, one module per stage:
//! [`gazetteer`] (bundled GeoNames index) → [`recognize`] (name spans in text)
//! → [`resolve`] (one place per span, with confidence) → [`events`] (what
//! happened where and when) → [`export`] (GeoJSON)
//! → [`render`] (PNG/SVG maps). [`input`] reads articles for the pipeline;
//! [`batch`] runs it over many articles in parallel, streaming.
//!
//! ```
//! use eventmap::{Article, Gazetteer};
//! let gaz = Gazetteer::bundled();
//! let article = Article::new("a1", "Fighting was reported near Kabul, the capital of Afghanistan.");
//! let result = eventmap::process(gaz, &article);
//! let names: Vec<&str> = result.mentions.iter().map(|m| m.name.as_str()).collect();
//! assert!(names.contains(&"Kabul"));
//! ```

pub mod batch;
pub mod error;
pub mod events;
pub mod export;
pub mod gazetteer;
pub mod input;
pub mod recognize;
pub mod render;
pub mod resolve;
mod text;
mod words;

pub use error::{Error, Result};
pub use events::Event;
pub use gazetteer::{Gazetteer, Kind, Place};
pub use input::Article;
pub use resolve::ResolvedMention;
use serde::{Deserialize, Serialize};

/// Everything found in one article: the output of [`process`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleResult {
    /// The article's id.
    pub id: String,
    /// Headline, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Resolved mentions in text order.
    pub mentions: Vec<ResolvedMention>,
    /// Events in text order.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// Runs recognition and resolution over one article.
pub fn process(gaz: &Gazetteer, article: &Article) -> ArticleResult {
    let spans = recognize::recognize(gaz, &article.text);
    let mentions = resolve::resolve(gaz, &article.text, &spans);
    let events = events::extract(&article.text, &mentions, article.date.as_deref());
    ArticleResult {
        id: article.id.clone(),
        title: article.title.clone(),
        date: article.date.clone(),
        mentions,
        events,
    }
}
