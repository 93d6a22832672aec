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

/// One place's summed weight within a [`Level`].
struct Weighed {
    entry: FocusEntry,
    weight: f64,
}

/// Weights summed per place of one level, in order of first mention.
#[derive(Default)]
struct Level {
    items: Vec<Weighed>,
}

impl Level {
    /// Adds `w` to the place with this id (or, without one, this name).
    fn add(&mut self, name: &str, id: Option<u32>, cc: Option<&str>, w: f64) {
        let same = |e: &FocusEntry| match id {
            Some(_) => e.id == id,
            None => e.id.is_none() && e.name == name,
        };
        match self.items.iter_mut().find(|it| same(&it.entry)) {
            Some(it) => it.weight += w,
            None => self.items.push(Weighed {
                entry: FocusEntry {
                    name: name.to_owned(),
                    id,
                    country_code: cc.map(str::to_owned),
                    score: 0.0,
                },
                weight: w,
            }),
        }
    }

    fn finish(self) -> Vec<FocusEntry> {
        let total: f64 = self.items.iter().map(|it| it.weight).sum();
        if total <= 0.0 {
            return Vec::new();
        }
        let mut out: Vec<FocusEntry> = self
            .items
            .into_iter()
            .map(|it| FocusEntry {
                score: (it.weight / total * 1000.0).round() / 1000.0,
                ..it.entry
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
    // Places already given their title weight, by (id, name).
    let mut titled: Vec<(Option<u32>, &str)> = Vec::new();
    // Country ids by code: an article names few countries.
    let mut country_ids: Vec<(&str, Option<u32>)> = Vec::new();
    for m in mentions {
        let mut w = if m.start < lead { 2.0 } else { 1.0 };
        if let Some(t) = title {
            let place = (m.geonameid, m.name.as_str());
            if !titled.contains(&place) && in_title(t, &m.text) {
                titled.push(place);
                w += TITLE_WEIGHT;
            }
        }
        if m.kind == Kind::Demonym {
            w *= 0.5;
        }
        let cc = m.country_code.as_deref();
        if let Some(code) = cc {
            let name = m.hierarchy.country.as_deref().unwrap_or(code);
            let id = match country_ids.iter().find(|(c, _)| *c == code) {
                Some(&(_, id)) => id,
                None => {
                    let id = gaz.country(code).and_then(|c| c.geonameid);
                    country_ids.push((code, id));
                    id
                }
            };
            countries.add(name, id, cc, w);
        }
        match m.kind {
            Kind::Admin1 => admin1.add(&m.name, m.geonameid, cc, w),
            Kind::City | Kind::Admin2 => {
                if let Some(a1) = &m.hierarchy.admin1 {
                    admin1.add(a1, m.hierarchy.admin1_id, cc, w);
                }
            }
            _ => {}
        }
        if m.kind == Kind::City {
            cities.add(&m.name, m.geonameid, cc, w);
        }
    }
    Focus {
        countries: countries.finish(),
        admin1: admin1.finish(),
        cities: cities.finish(),
    }
}

/// The focus of a set of articles (batch `summary.json`): per level, the
/// places that some article's focus lists, with their mean score over
/// all articles of the set and how many articles list them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SetFocus {
    /// Countries, best first.
    pub countries: Vec<SetFocusEntry>,
    /// First-level areas, best first.
    pub admin1: Vec<SetFocusEntry>,
    /// Cities, best first.
    pub cities: Vec<SetFocusEntry>,
}

/// One place of a [`SetFocus`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SetFocusEntry {
    /// The place's preferred name.
    pub name: String,
    /// Its GeoNames id, when known.
    pub id: Option<u32>,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country_code: Option<String>,
    /// Its score summed over the articles, divided by their number, three
    /// decimals.
    pub score: f64,
    /// How many articles' focus lists it.
    pub articles: usize,
}

/// Most entries per level of a [`SetFocus`].
pub const SET_ENTRIES: usize = 10;

/// Per place of one level: name, country code, summed score in
/// thousandths (integers, so the sum is the same in any order, and a batch
/// gives the same figures on any number of threads), articles.
type Tally = std::collections::BTreeMap<(Option<u32>, String), (Option<String>, u64, usize)>;

/// Folds the focus of many articles into a [`SetFocus`].
#[derive(Debug, Default)]
pub struct FocusTally {
    levels: [Tally; 3],
    articles: usize,
}

impl FocusTally {
    /// Counts one article's focus.
    pub fn add(&mut self, f: &Focus) {
        self.articles += 1;
        for (level, entries) in self
            .levels
            .iter_mut()
            .zip([&f.countries, &f.admin1, &f.cities])
        {
            for e in entries {
                let t = level
                    .entry((e.id, e.name.clone()))
                    .or_insert_with(|| (e.country_code.clone(), 0, 0));
                t.1 += (e.score * 1000.0).round() as u64;
                t.2 += 1;
            }
        }
    }

    /// Folds in another tally, as if its articles had been added here.
    pub fn absorb(&mut self, other: FocusTally) {
        self.articles += other.articles;
        for (mine, theirs) in self.levels.iter_mut().zip(other.levels) {
            for (k, (cc, milli, n)) in theirs {
                let t = mine.entry(k).or_insert((cc, 0, 0));
                t.1 += milli;
                t.2 += n;
            }
        }
    }

    /// The set's focus: at most [`SET_ENTRIES`] per level, best first.
    pub fn finish(&self) -> SetFocus {
        let n = self.articles.max(1) as f64;
        let level = |t: &Tally| {
            let mut out: Vec<SetFocusEntry> = t
                .iter()
                .map(|((id, name), (cc, milli, articles))| SetFocusEntry {
                    name: name.clone(),
                    id: *id,
                    country_code: cc.clone(),
                    score: (*milli as f64 / n).round() / 1000.0,
                    articles: *articles,
                })
                .collect();
            out.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| b.articles.cmp(&a.articles))
                    .then_with(|| a.name.cmp(&b.name))
                    .then_with(|| a.id.cmp(&b.id))
            });
            out.truncate(SET_ENTRIES);
            out
        };
        SetFocus {
            countries: level(&self.levels[0]),
            admin1: level(&self.levels[1]),
            cities: level(&self.levels[2]),
        }
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
    fn a_set_focus_is_the_same_however_it_is_split() {
        let entry = |name: &str, score: f64| FocusEntry {
            name: name.into(),
            id: None,
            country_code: None,
            score,
        };
        let fs: Vec<Focus> = [0.1, 0.7, 0.2, 0.35]
            .iter()
            .map(|&s| Focus {
                countries: vec![entry("A", s), entry("B", 1.0 - s)],
                ..Focus::default()
            })
            .collect();
        let mut whole = FocusTally::default();
        fs.iter().for_each(|f| whole.add(f));
        for cut in 0..=fs.len() {
            let (mut a, mut b) = (FocusTally::default(), FocusTally::default());
            fs[..cut].iter().for_each(|f| a.add(f));
            fs[cut..].iter().for_each(|f| b.add(f));
            a.absorb(b);
            assert_eq!(a.finish(), whole.finish(), "cut at {cut}");
        }
        let set = whole.finish();
        assert_eq!(set.countries[0].name, "B");
        assert_eq!(set.countries[0].score, 0.663); // (0.9 + 0.3 + 0.8 + 0.65) / 4, rounded
        assert_eq!(set.countries[1].articles, 4);
    }

    #[test]
    fn title_names_match_whole_words() {
        assert!(in_title("Storm hits Houston", "Houston"));
        assert!(!in_title("Storm hits Houstonia", "Houston"));
        assert!(!in_title("Storm", ""));
    }
}
