//! The extractor: composes the rooms of the events stage, sentence by
//! sentence, then merges the mentions of one happening.
//!
//! For each sentence that holds a trigger form ([`trigger_candidates`],
//! one pass over the whole text, rules out the others): its words, its
//! places, the forms written in it ([`View::candidates`]); the detector
//! keeps the events; the typer types them; one event per type and subtype
//! in the sentence, taken at its first mention that is not a toll or a
//! weapon ("An explosion … killed 200": one attack, at "explosion"); then
//! its place (the linker, else
//! the sentence before, else the article's focus), its date (the sentence's
//! date expression nearest the trigger, else the publication date) and its
//! counts. Last, [`merge`] joins the mentions of one happening across
//! sentences.

use super::counts::counts;
use super::lexicon::trigger_candidates;
use super::link::specificity;
use super::merge::{merge, Role};
use super::sentences::Sentences;
use super::taxonomy::{acled, EventType};
use super::times::{find_times, TimeMention};
use super::view::{Candidate, Origin, Place, View};
use super::words::{lowercase_into, words_into, CharBytes, Word};
use super::{detect, link, typing, DateSource, Event, PlaceSource};
use crate::gazetteer::Kind;
use crate::limits::MAX_EVENTS;
use crate::resolve::{CharCounter, ResolvedMention};
use crate::Gazetteer;
use chrono::{Datelike, NaiveDate};

/// A date written `YYYY-MM-DD`, read as chrono's `parse_from_str(s,
/// "%Y-%m-%d")` reads it; the usual ten-byte form without chrono's parser.
fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (number(0, 4), number(5, 7), number(8, 10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A date as its `Display` writes it (`YYYY-MM-DD`), without the formatting
/// machinery for years 0 to 9999.
fn ymd_string(d: NaiveDate) -> String {
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.to_string();
    }
    fn push(s: &mut String, n: u32, width: u32) {
        for k in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    }
    let mut s = String::with_capacity(10);
    push(&mut s, year as u32, 4);
    s.push('-');
    push(&mut s, d.month(), 2);
    s.push('-');
    push(&mut s, d.day(), 2);
    s
}

/// The article's focus: the place it names most, towns counting over the
/// areas that hold them, for events whose sentences name no place.
fn article_focus(mentions: &[ResolvedMention]) -> Option<&ResolvedMention> {
    let mut best: Option<(&ResolvedMention, usize)> = None;
    for m in mentions {
        if m.kind == Kind::Demonym || m.lat.is_none() {
            continue;
        }
        let n = mentions
            .iter()
            .filter(|o| o.geonameid == m.geonameid)
            .count();
        let better = match best {
            None => true,
            Some((b, bn)) => (n, specificity(m.kind)) > (bn, specificity(b.kind)),
        };
        if better {
            best = Some((m, n));
        }
    }
    best.map(|(m, _)| m)
}

/// Buffers reused from sentence to sentence.
#[derive(Default)]
struct Buffers {
    lower: String,
    words: Vec<Word<'static>>,
    lowers: Vec<&'static str>,
    places: Vec<Place<'static>>,
    candidates: Vec<Candidate>,
    char_table: Vec<usize>,
}

/// What a sentence's events are read against.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    /// The sentence's index in the article.
    pub index: usize,
    /// Character offset of the sentence's start.
    pub c_start: usize,
    /// The sentence's characters' byte offsets.
    pub char_bytes: CharBytes,
    pub published: Option<NaiveDate>,
    /// The place of the sentence before.
    pub last_place: Option<&'a ResolvedMention>,
    /// The article's focus.
    pub focus: Option<&'a ResolvedMention>,
}

impl Context<'_> {
    /// The character offset of byte `b` of the sentence starting at byte
    /// `s_start`.
    pub(crate) fn char_at(&self, s_start: usize, b: usize) -> usize {
        self.c_start + self.char_bytes.chars_before(b - s_start)
    }
}

/// Walks the article's sentences, and calls `f` with each that holds a
/// trigger form: its context, its view and the forms written in it. `f`
/// returns how many events it found; the walk stops once more than
/// [`MAX_EVENTS`] have been.
pub(crate) fn walk<'m>(
    gaz: &'m Gazetteer,
    text: &'m str,
    mentions: &'m [ResolvedMention],
    published: Option<NaiveDate>,
    times: &[TimeMention],
    mut f: impl FnMut(&Context<'m>, &View, &[Candidate], &[TimeMention]) -> usize,
) {
    let mut starts = Vec::new();
    let ascii = trigger_candidates(text, &mut starts);
    let mut chars = CharCounter::new(text);
    let focus = article_focus(mentions);
    let mut found = 0;
    // The place of the previous sentence, for events whose own names none.
    let mut last_place: Option<&ResolvedMention> = None;
    let mut next_start = 0;
    let mut first_mention = 0;
    let mut in_sentence: Vec<&ResolvedMention> = Vec::new();
    let mut buffers = Buffers::default();
    for (index, (s_start, s_end)) in Sentences::new(text).enumerate() {
        while starts.get(next_start).is_some_and(|&c| c < s_start) {
            next_start += 1;
        }
        let has_trigger = starts.get(next_start).is_some_and(|&c| c < s_end);
        if first_mention == mentions.len() && !has_trigger {
            if next_start == starts.len() {
                break;
            }
            continue;
        }
        let (c_start, c_end) = if ascii {
            (s_start, s_end)
        } else {
            (chars.at(s_start), chars.at(s_end))
        };
        while first_mention < mentions.len() && mentions[first_mention].start < c_start {
            first_mention += 1;
        }
        in_sentence.clear();
        in_sentence.extend(
            mentions[first_mention..]
                .iter()
                .take_while(|m| m.start < c_end)
                .filter(|m| m.end <= c_end && m.lat.is_some()),
        );
        // One past the limit is enough for the caller to say it was
        // reached.
        if found > MAX_EVENTS {
            break;
        }
        if has_trigger {
            let sentence = &text[s_start..s_end];
            let cx = Context {
                text,
                index,
                c_start,
                char_bytes: CharBytes::new_in(sentence, std::mem::take(&mut buffers.char_table)),
                published,
                last_place,
                focus,
            };
            let lower = lowercase_into(&mut buffers.lower, text, s_start, s_end);
            let mut ws: Vec<Word> = super::recycle(std::mem::take(&mut buffers.words));
            words_into(text, s_start, s_end, lower, &mut ws);
            let mut lowers: Vec<&str> = super::recycle(std::mem::take(&mut buffers.lowers));
            lowers.extend(ws.iter().map(|w| w.lower));
            // The sentence's places, with the words their names cover.
            let byte_of =
                |c: usize| s_start + cx.char_bytes.nth(c - c_start).unwrap_or(sentence.len());
            let mut places: Vec<Place> = super::recycle(std::mem::take(&mut buffers.places));
            for &m in in_sentence.iter().filter(|m| m.kind != Kind::Demonym) {
                let (b0, b1) = (byte_of(m.start), byte_of(m.end));
                let first = ws.partition_point(|w| w.end <= b0);
                let last = ws.partition_point(|w| w.start < b1).max(first + 1);
                if first < ws.len() {
                    places.push(Place::of_mention(m, first, last.min(ws.len())));
                }
            }
            let from = times.partition_point(|t| t.start < s_start);
            let to = from + times[from..].partition_point(|t| t.end <= s_end);
            let sentence_times = &times[from..to];
            let mut v = View {
                text,
                start: s_start,
                end: s_end,
                words: &ws,
                places: &[],
                year: published.map(|d| d.year()),
                times: sentence_times,
                memory: detect::Memory::default(),
                lower,
            };
            v.memory = detect::memory(&v);
            link::recover(gaz, &v, &|b| cx.char_at(s_start, b), &mut places);
            v.places = &places;
            v.candidates(&lowers, &mut buffers.candidates);
            found += f(&cx, &v, &buffers.candidates, sentence_times);
            buffers.places = super::recycle(places);
            buffers.words = super::recycle(ws);
            buffers.lowers = super::recycle(lowers);
            buffers.char_table = cx.char_bytes.into_table();
        }
        let own = in_sentence
            .iter()
            .filter(|m| m.kind != Kind::Demonym)
            .max_by_key(|m| specificity(m.kind));
        if let Some(p) = own {
            last_place = Some(p);
        }
    }
}

/// The article's events, in text order: every mention, those of one
/// happening linked (`same_as`).
pub fn extract(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[ResolvedMention],
    published: Option<&str>,
) -> Vec<Event> {
    let times = find_times(text, published.and_then(parse_ymd));
    extract_with_times(gaz, text, mentions, published, &times)
}

/// [`extract`] with the article's time expressions already found
/// ([`super::times::find_times`] over the whole text, byte offsets): an
/// event takes the one of its sentence nearest its trigger.
pub fn extract_with_times(
    gaz: &Gazetteer,
    text: &str,
    mentions: &[ResolvedMention],
    published: Option<&str>,
    times: &[TimeMention],
) -> Vec<Event> {
    let published = published.and_then(parse_ymd);
    let mut found: Vec<Event> = Vec::new();
    let mut found_sentence: Vec<usize> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    walk(
        gaz,
        text,
        mentions,
        published,
        times,
        |cx, v, cands, times| {
            let before = found.len();
            sentence_events(cx, v, cands, times, &mut found, &mut roles);
            found_sentence.resize(found.len(), cx.index);
            found.len() - before
        },
    );
    merge(&mut found, &found_sentence, &roles);
    found
}

/// The events of one sentence, pushed onto `out`: one per type and
/// subtype.
fn sentence_events(
    cx: &Context,
    v: &View,
    cands: &[Candidate],
    times: &[TimeMention],
    out: &mut Vec<Event>,
    roles: &mut Vec<Role>,
) {
    let text = cx.text;
    let ws = v.words;
    let s_start = v.start;
    let sentence = v.sentence();
    // "Borno has suffered attacks for more than a decade": a history, not
    // an event.
    if detect::habitual(v) {
        return;
    }
    // Detected events, typed: (trigger, probability, type).
    let mut groups: Vec<(Candidate, f64, typing::Typed)> = Vec::new();
    for c in cands {
        let (p, keep) = detect::detect(v, c);
        if keep {
            groups.push((*c, p, typing::type_of(v, c)));
            continue;
        }
        // "The attack", "Saturday's bombing" name a happening the article
        // has told already, whatever their own sentence says of it ("no
        // group has claimed the bombing"): a mention of that one, which
        // merging joins to it. ("The bombing" is a verb's form after a
        // determiner: [`refers_back`] reads it as a noun.)
        if refers_back(v, c) && c.trigger.strong {
            let typed = typing::type_of(v, c);
            if out.iter().any(|e| e.kind == typed.kind) {
                groups.push((*c, p, typed));
            }
        }
    }
    // A toll told beside another event is that event's: "two people died
    // when a train derailed" is the derailment's (an accident), "clashed …
    // seven soldiers were killed" the clash's. Only a violent or
    // harmful happening takes them: a ban, a vote, a deployment or a
    // flight kills no one ("banned chlorine munitions were dropped").
    if let Some(main) = groups
        .iter()
        .find(|(c, _, t)| !detect::is_weak_anchor(c) && harms(t.kind))
        .map(|g| g.2)
    {
        for (c, _, typed) in groups.iter_mut() {
            if detect::is_weak_anchor(c) {
                *typed = main;
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    let (dead, hurt) = counts(text, ws);
    for (head, p_event, typed) in &groups {
        let (t_start, t_end) = (ws[head.word].start, ws[head.end() - 1].end);
        let (chosen, p_link) = link::link(v, head, cands);
        let recovered_place = chosen
            .map(|k| &v.places[k])
            .filter(|p| p.origin == Origin::Recovered && p.geonameid.is_some())
            .map(|p| (p.start, p.end));
        let (place, place_source) = match chosen {
            Some(k) => {
                let p = &v.places[k];
                let name: &str = &p.name;
                (
                    Some((name, p.geonameid, p.lat, p.lon)),
                    Some(PlaceSource::Sentence),
                )
            }
            None => {
                fn of(m: &ResolvedMention) -> (&str, Option<u32>, Option<f64>, Option<f64>) {
                    (m.name.as_str(), m.geonameid, m.lat, m.lon)
                }
                match (cx.last_place, cx.focus) {
                    (Some(p), _) => (Some(of(p)), Some(PlaceSource::Previous)),
                    (None, Some(f)) => (Some(of(f)), Some(PlaceSource::Article)),
                    (None, None) => (None, None),
                }
            }
        };
        let date = times.iter().min_by_key(|d| d.start.abs_diff(t_start));
        let (date_str, end_date, date_text, date_source) = match (date, cx.published) {
            (Some(d), _) => (
                Some(ymd_string(d.date)),
                d.end_date.map(ymd_string),
                Some(text[d.start..d.end].to_string()),
                Some(DateSource::Text),
            ),
            (None, Some(p)) => (
                Some(ymd_string(p)),
                None,
                None,
                Some(DateSource::Publication),
            ),
            (None, None) => (None, None, None, None),
        };
        let violent = matches!(
            typed.kind,
            EventType::Attack
                | EventType::ArmedClash
                | EventType::NaturalDisaster
                | EventType::Accident
                | EventType::Protest
        );
        let (dead, hurt) = if violent { (dead, hurt) } else { (None, None) };
        // Confidence: that it is an event there, times that the place is
        // right (the linker's probability, or less for a fallback, which
        // so stays below 0.5).
        let place_factor = match place_source {
            Some(PlaceSource::Sentence) => p_link,
            Some(PlaceSource::Previous) => 0.45,
            Some(PlaceSource::Article) => 0.4,
            None => 0.35,
        };
        let confidence = p_event * place_factor;
        let acled = typed.acled_sub.and_then(acled::event_type_of);
        roles.push(Role {
            weak: detect::is_weak_anchor(head),
            anaphor: refers_back(v, head),
        });
        out.push(Event {
            kind: typed.kind,
            subtype: typed.subtype.map(str::to_owned),
            acled_event_type: acled.map(|(t, _)| t.to_owned()),
            acled_sub_event_type: acled.map(|(_, s)| s.to_owned()),
            trigger: text[t_start..t_end].to_string(),
            date: date_str,
            end_date,
            date_text,
            date_source,
            place: place.map(|p| p.0.to_owned()),
            place_source,
            geonameid: place.and_then(|p| p.1),
            lat: place.and_then(|p| p.2),
            lon: place.and_then(|p| p.3),
            fatalities: dead.and_then(|(n, _)| n),
            injured: hurt.and_then(|(n, _)| n),
            approximate: dead.is_some_and(|(_, a)| a) || hurt.is_some_and(|(_, a)| a),
            actor: actor(text, ws, head.word, s_start),
            sentence: sentence.to_string(),
            start: cx.char_at(s_start, t_start),
            end: cx.char_at(s_start, t_end),
            mentions: 1,
            same_as: None,
            confidence: (confidence.clamp(0.01, 0.99) * 100.0).round() / 100.0,
            recovered_place,
        });
    }
}

/// The features of every trigger form and of every place as its event's
/// place, for `scripts/train_events.py` (`eventmap features --events`):
/// per form, its character offsets, lemma, the detector's features, and
/// the linker's for "none" and for each of the sentence's places.
pub fn feature_dump(
    gaz: &Gazetteer,
    id: &str,
    text: &str,
    mentions: &[ResolvedMention],
    published: Option<&str>,
) -> serde_json::Value {
    use super::model::Names;
    let published = published.and_then(parse_ymd);
    let times = find_times(text, published);
    let mut rows = Vec::new();
    walk(gaz, text, mentions, published, &times, |cx, v, cands, _| {
        for c in cands {
            let mut det = Names::default();
            detect::features(v, c, &mut det);
            let mut none = Names::default();
            link::none_features(v, c, &mut none);
            let places: Vec<serde_json::Value> = v
                .places
                .iter()
                .map(|p| {
                    let mut f = Names::default();
                    link::features(v, c, p, cands, &mut f);
                    serde_json::json!({
                        "start": p.start,
                        "end": p.end,
                        "geonameid": p.geonameid,
                        "name": p.name,
                        "f": f.0,
                    })
                })
                .collect();
            let (t_start, t_end) = (v.words[c.word].start, v.words[c.end() - 1].end);
            rows.push(serde_json::json!({
                "start": cx.char_at(v.start, t_start),
                "end": cx.char_at(v.start, t_end),
                "lemma": c.trigger.lemma,
                "sentence": cx.index,
                "detect": det.0,
                "none": none.0,
                "places": places,
            }));
        }
        0
    });
    serde_json::json!({ "id": id, "candidates": rows })
}

/// The subject before a verb trigger, when short and named: "Taliban
/// fighters captured …" → "Taliban fighters"; "the Pentagon announced …".
fn actor(text: &str, ws: &[Word], trigger: usize, s_start: usize) -> Option<String> {
    if trigger == 0 || trigger > 4 {
        return None;
    }
    let first = ws
        .iter()
        .position(|w| w.lower != "the")
        .filter(|&f| f < trigger)?;
    // A capital that only begins the sentence names nothing ("A bomb
    // exploded", "Dozens were wounded"), and a passive verb's subject is
    // no actor ("Five people were killed").
    let named = ws[first..trigger].iter().enumerate().any(|(k, w)| {
        text[w.start..].starts_with(char::is_uppercase)
            && (first + k > 0 || !NOT_NAMES.contains(w.lower))
    });
    let passive =
        super::cues::passive_auxiliary(ws[trigger - 1].lower) || ws[trigger - 1].lower == "got";
    let verbish = (ws[trigger].lower.ends_with("ed") || ws[trigger].lower == "fled") && !passive;
    (named && verbish).then(|| text[ws[0].start.max(s_start)..ws[trigger - 1].end].to_string())
}

/// Sentence-initial words that are no names: articles, quantifiers,
/// pronouns and common nouns of news subjects.
static NOT_NAMES: crate::words::WordSet = crate::words::WordSet::new(&[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "some",
    "many",
    "several",
    "dozens",
    "hundreds",
    "thousands",
    "scores",
    "most",
    "all",
    "both",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "one",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "police",
    "gunmen",
    "militants",
    "troops",
    "soldiers",
    "protesters",
    "residents",
    "officials",
    "witnesses",
    "fighters",
    "rebels",
    "attackers",
    "bomb",
    "bombs",
    "his",
    "her",
    "their",
    "its",
    "our",
    "another",
    "other",
    "unidentified",
    "unknown",
    "suspected",
    "armed",
    "local",
    "security",
    "government",
    "forces",
    "people",
    "men",
    "women",
    "children",
]);

/// Whether the mention `c` refers back to a happening told before: a form
/// after "the", "this", "that", "these", "those" or a possessive
/// ("Monday's attack"), with no locative preposition right after it ("the
/// attack in Herat" may be another one).
fn refers_back(v: &View, c: &Candidate) -> bool {
    // A determiner makes "bombing" a noun; "that attacked" is a verb.
    if c.word == 0 || c.trigger.words.ends_with("ed") {
        return false;
    }
    let prev = v.lower(c.word - 1);
    let definite = matches!(prev, "the" | "this" | "that" | "these" | "those")
        || prev.ends_with("'s")
        || prev.ends_with("\u{2019}s");
    let placed_after = (c.end()..(c.end() + 2).min(v.words.len()))
        .any(|j| super::cues::LOCATIVE.contains(v.lower(j)));
    definite && !placed_after
}

/// True for the types of happening that kill or wound, whose tolls and
/// weapons a sentence may tell beside them.
fn harms(kind: EventType) -> bool {
    !matches!(
        kind,
        EventType::Political | EventType::Displacement | EventType::MilitaryMovement
    )
}
