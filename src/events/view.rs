//! One sentence as the detector, the typer and the place linker see it: its
//! words, its located places (with the words they cover), and the trigger
//! forms written in it.

use super::lexicon::{trigger_at, Trigger};
use super::words::Word;
use crate::gazetteer::Kind;
use crate::resolve::ResolvedMention;

/// How a place of the sentence was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A mention the recogniser and resolver made.
    Recognised,
    /// A capitalised name after a locative preposition that the recogniser
    /// left out, found in the gazetteer by the events stage ("fighting in
    /// Idlib" in a sentence too short for the keep model).
    Recovered,
    /// Such a name the gazetteer does not know: a place given by name only.
    Unresolved,
}

impl Origin {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Origin::Recognised => "recognised",
            Origin::Recovered => "recovered",
            Origin::Unresolved => "unresolved",
        }
    }
}

/// A place named in the sentence.
pub(crate) struct Place<'m> {
    /// Index of its first word in [`View::words`].
    pub first: usize,
    /// One past its last word.
    pub last: usize,
    /// Character offsets in the article.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// Its name: the gazetteer's preferred name, or as written when
    /// unresolved.
    pub name: std::borrow::Cow<'m, str>,
    /// What sort of place; `None` when unresolved.
    pub kind: Option<Kind>,
    /// GeoNames id.
    pub geonameid: Option<u32>,
    /// ISO country code.
    pub country_code: Option<&'m str>,
    /// Its point, when resolved.
    pub lat: Option<f64>,
    /// Its point, when resolved.
    pub lon: Option<f64>,
    /// How it was found.
    pub origin: Origin,
}

impl<'m> Place<'m> {
    /// A recognised mention's place.
    pub(crate) fn of_mention(m: &'m ResolvedMention, first: usize, last: usize) -> Self {
        Place {
            first,
            last,
            start: m.start,
            end: m.end,
            name: std::borrow::Cow::Borrowed(&m.name),
            kind: Some(m.kind),
            geonameid: m.geonameid,
            country_code: m.country_code.as_deref(),
            lat: m.lat,
            lon: m.lon,
            origin: Origin::Recognised,
        }
    }

    /// The name of its kind for features ("city", …, "unresolved").
    pub(crate) fn kind_name(&self) -> &'static str {
        self.kind.map_or("unresolved", Kind::as_str)
    }
}

/// A trigger form written in the sentence.
#[derive(Clone, Copy)]
pub(crate) struct Candidate {
    /// Index of its first word.
    pub word: usize,
    /// How many words it spans.
    pub len: usize,
    /// The form.
    pub trigger: &'static Trigger,
}

impl Candidate {
    /// One past its last word.
    pub(crate) fn end(&self) -> usize {
        self.word + self.len
    }
}

/// A sentence of the article.
pub(crate) struct View<'a> {
    /// The whole article.
    pub text: &'a str,
    /// The sentence's byte range.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its words.
    pub words: &'a [Word<'a>],
    /// Its located places, in text order, demonyms left out.
    pub places: &'a [Place<'a>],
    /// Year of publication, when known.
    pub year: Option<i32>,
    /// The sentence has a calendar expression of its own.
    pub dated: bool,
    /// What the detector reads of the whole sentence
    /// ([`super::detect::memory`]).
    pub memory: super::detect::Memory,
    /// The sentence with ASCII letters lowercased.
    pub lower: &'a str,
}

impl<'a> View<'a> {
    /// The lowercase word at `i`, or `""` outside the sentence.
    pub(crate) fn lower(&self, i: usize) -> &'a str {
        self.words.get(i).map_or("", |w| w.lower)
    }

    /// True when the word at `i` is written with a capital letter.
    pub(crate) fn capitalised(&self, i: usize) -> bool {
        self.words
            .get(i)
            .is_some_and(|w| self.text[w.start..].starts_with(char::is_uppercase))
    }

    /// The sentence's text.
    pub(crate) fn sentence(&self) -> &'a str {
        &self.text[self.start..self.end]
    }

    /// The text between the end of word `a` and the start of word `b`
    /// (`a < b`).
    pub(crate) fn gap(&self, a: usize, b: usize) -> &'a str {
        match (self.words.get(a), self.words.get(b)) {
            (Some(x), Some(y)) if x.end <= y.start => &self.text[x.end..y.start],
            _ => "",
        }
    }

    /// True when one of `places` covers word `i`.
    pub(crate) fn place_at_in(&self, places: &[Place], i: usize) -> bool {
        places.iter().any(|p| p.first <= i && i < p.last)
    }

    /// The place whose words include word `i`.
    pub(crate) fn place_at(&self, i: usize) -> Option<&Place<'a>> {
        self.places.iter().find(|p| p.first <= i && i < p.last)
    }

    /// Every trigger form written in the sentence, longest first at each
    /// word, not overlapping each other or a place's name. A capitalised
    /// form counts only at the sentence's start ("March" the month, "Deal"
    /// a town) or in a sentence written in capitals (a headline).
    pub(crate) fn candidates(&self, lowers: &[&str], out: &mut Vec<Candidate>) {
        out.clear();
        let shouting = self.words.len() >= 3
            && self.words.iter().all(|w| {
                !self.text[w.start..w.end]
                    .bytes()
                    .any(|b| b.is_ascii_lowercase())
            });
        let mut i = 0;
        while i < self.words.len() {
            let Some((t, n)) = trigger_at(&lowers[i..]) else {
                i += 1;
                continue;
            };
            let ok = i == 0 || shouting || !self.capitalised(i);
            if ok && self.place_at(i).is_none() {
                out.push(Candidate {
                    word: i,
                    len: n,
                    trigger: t,
                });
                i += n;
            } else {
                i += 1;
            }
        }
    }
}
