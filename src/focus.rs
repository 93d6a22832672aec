//! The story's focus: which countries, first-level areas and cities an
//! article is about, each with a score, decided from its resolved
//! mentions.
//!
//! Every mention of a place carries a weight: 1, doubled when it lies in
//! the first paragraph (the text up to its first line break, at most
//! [`LEAD_CHARS`] characters), and a place whose name (as written in
//! some mention) also appears in the title gets [`TITLE_WEIGHT`] once
//! more. A demonym ("Afghan") weighs half. The weight counts for the place
//! and for every level above it: a city's for its city, its first-level
//! area and its country; a county's and a state's for the state and the
//! country; a country's and a demonym's for the country; a river, a
//! region or an airport inside one country for that country. A level's
//! scores are each entry's share of that level's weight, so they sum to 1;
//! entries under [`MIN_SHARE`] are left out, and at most [`MAX_ENTRIES`]
//! are listed, best first. The places are those the article's output
//! keeps (after `--only-in` and `--kinds`).
//!
//! ```
//! use eventmap::{Article, Gazetteer};
//! let a = Article::new("a", "Floods hit Houston on Monday.\nLater, Dallas and Houston reported rain.");
//! let r = eventmap::process(Gazetteer::bundled(), &a);
//! assert_eq!(r.focus.countries[0].country_code.as_deref(), Some("US"));
//! assert_eq!(r.focus.admin1[0].name, "Texas");
//! assert_eq!(r.focus.cities[0].name, "Houston");
//! ```

use crate::gazetteer::{Gazetteer, Kind};
use crate::resolve::ResolvedMention;
use serde::{Deserialize, Serialize};

/// Characters of text that count as the first paragraph at most.
pub const LEAD_CHARS: usize = 500;
/// Extra weight, once per place, for a place named in the title.
pub const TITLE_WEIGHT: f64 = 2.0;
/// Least share of its level an entry needs to be listed.
pub const MIN_SHARE: f64 = 0.15;
/// Most entries listed per level.
pub const MAX_ENTRIES: usize = 5;

/// What an article is about, level by level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Focus {
    /// Countries, best first.
    pub countries: Vec<FocusEntry>,
    /// First-level areas (states, provinces), best first.
    pub admin1: Vec<FocusEntry>,
    /// Cities, best first.
    pub cities: Vec<FocusEntry>,
}

/// One place of a [`Focus`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FocusEntry {
    /// The place's preferred name.
    pub name: String,
    /// Its GeoNames id, when known.
    pub id: Option<u32>,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country_code: Option<String>,
    /// Its share of the level's weight, 0–1, three decimals.
    pub score: f64,
}

/// Weights summed per place of one level, in order of first mention.
#[derive(Default)]
struct Level {
    /// (key, name, id, country code, weight).
    items: Vec<(String, String, Option<u32>, Option<String>, f64)>,
}

impl Level {
    fn add(&mut self, key: String, name: &str, id: Option<u32>, cc: Option<&str>, w: f64) {
        match self.items.iter_mut().find(|it| it.0 == key) {
            Some(it) => it.4 += w,
            None => self
                .items
                .push((key, name.to_owned(), id, cc.map(str::to_owned), w)),
        }
    }

    fn finish(self) -> Vec<FocusEntry> {
        let total: f64 = self.items.iter().map(|it| it.4).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut out: Vec<FocusEntry> = self
            .items
            .into_iter()
            .map(|(_, name, id, country_code, w)| FocusEntry {
                name,
                id,
                country_code,
                score: (w / total * 1000.0).round() / 1000.0,
            })
            .filter(|e| e.score >= MIN_SHARE)
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        out.truncate(MAX_ENTRIES);
        out
    }
}

/// Character offset where the first paragraph ends: the first line break
/// after some text, or [`LEAD_CHARS`], whichever comes first.
fn lead_end(text: &str) -> usize {
    let mut seen_text = false;
    for (n, c) in text.chars().enumerate() {
        if n >= LEAD_CHARS {
            return n;
        }
        if c == '\n' && seen_text {
            return n;
        }
        seen_text |= !c.is_whitespace();
    }
    usize::MAX
}

/// True when `name` occurs in `title` as a whole word run.
fn in_title(title: &str, name: &str) -> bool {
    let name = name.trim();
    if name.is_empty() {
        return false;
    }
    title.match_indices(name).any(|(at, _)| {
        let before = title[..at].chars().next_back();
        let after = title[at + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A place's key within a level: its GeoNames id, else its name.
fn key(id: Option<u32>, name: &str) -> String {
    id.map_or_else(|| format!("n:{name}"), |i| format!("g:{i}"))
}

/// The focus of an article whose text is `text`, titled `title`, from its
/// resolved `mentions`.
pub fn focus(
    gaz: &Gazetteer,
    text: &str,
    title: Option<&str>,
    mentions: &[ResolvedMention],
) -> Focus {
    let lead = lead_end(text);
    let (mut countries, mut admin1, mut cities) =
        (Level::default(), Level::default(), Level::default());
    // Places already given their title weight.
    let mut titled: Vec<String> = Vec::new();
    for m in mentions {
        let mut w = if m.start < lead { 2.0 } else { 1.0 };
        let place = key(m.geonameid, &m.name);
        if let Some(t) = title {
            if !titled.contains(&place) && in_title(t, &m.text) {
                titled.push(place.clone());
                w += TITLE_WEIGHT;
            }
        }
        if m.kind == Kind::Demonym {
            w *= 0.5;
        }
        let cc = m.country_code.as_deref();
        if let Some(code) = cc {
            let name = m.hierarchy.country.as_deref().unwrap_or(code);
            let id = if m.kind == Kind::Country {
                m.geonameid
            } else {
                gaz.country(code).and_then(|c| c.geonameid)
            };
            countries.add(format!("c:{code}"), name, id, cc, w);
        }
        match m.kind {
            Kind::Admin1 => admin1.add(place.clone(), &m.name, m.geonameid, cc, w),
            Kind::City | Kind::Admin2 => {
                if let Some(a1) = &m.hierarchy.admin1 {
                    let id = m.hierarchy.admin1_id;
                    admin1.add(key(id, a1), a1, id, cc, w);
                }
            }
            _ => {}
        }
        if m.kind == Kind::City {
            cities.add(place, &m.name, m.geonameid, cc, w);
        }
    }
    Focus {
        countries: countries.finish(),
        admin1: admin1.finish(),
        cities: cities.finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_ends_at_the_first_line_break_after_text() {
        assert_eq!(lead_end("\n\nAb\ncd"), 4);
        assert_eq!(lead_end("one line"), usize::MAX);
        assert_eq!(lead_end(&"x".repeat(600)), LEAD_CHARS);
    }

    #[test]
    fn title_names_match_whole_words() {
        assert!(in_title("Storm hits Houston", "Houston"));
        assert!(!in_title("Storm hits Houstonia", "Houston"));
        assert!(!in_title("Storm", ""));
    }
}
