//! Sentence by sentence: triggers, dates, places and counts.

use super::dates::{find_dates, DateMention};
use super::taxonomy::{trigger_at, trigger_starts};
use super::{DateSource, Event};
use crate::gazetteer::Kind;
use crate::resolve::{CharCounter, ResolvedMention};
use chrono::NaiveDate;
use std::borrow::Cow;

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "inc", "co",
    "corp", "jr", "sr", "prof", "rev", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "ga", "fla", "va",
    "calif",
];

/// Prepositions that tie a place to the trigger before it ("withdrawal of
/// troops from Afghanistan", "fighting in Kharkiv").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "from", "into", "across", "around", "outside", "on", "off", "over",
    "through", "towards", "toward", "inside",
];

/// Words near a trigger that make it no event yet: possibility, demands,
/// rights, denial ("another walkout was possible", "the right to protest",
/// "demanded his resignation", "no agreement was reached").
const HEDGES: &[&str] = &[
    "could",
    "would",
    "might",
    "may",
    "possible",
    "possibly",
    "threatened",
    "threatening",
    "threat",
    "planned",
    "plans",
    "right",
    "rights",
    "demand",
    "demanded",
    "demanding",
    "demands",
    "called",
    "calling",
    "urged",
    "if",
    "no",
    "without",
    "fear",
    "feared",
    "fears",
    "risk",
    "unless",
    "prevent",
    "avoid",
];

/// Verbs after a place's name that make it the actor ("Moscow has
/// reinforced", "Kyiv said").
const ACTOR_VERBS: &[&str] = &[
    "has",
    "have",
    "had",
    "said",
    "says",
    "is",
    "was",
    "will",
    "would",
    "announced",
    "warned",
    "sent",
    "reinforced",
    "accused",
    "denied",
    "insisted",
    "urged",
    "claimed",
    "agreed",
    "demanded",
    "rejected",
    "threatened",
];

/// Phrases that make a sentence a history rather than an event.
const HABITUAL: &[&str] = &[
    "for years",
    "for decades",
    "for a decade",
    "for more than a decade",
    "in recent years",
    "over the years",
    "every year",
    "each year",
];

/// Words in a sentence that make an explosion or a fire an accident.
const ACCIDENT_CUES: &[&str] = &[
    "gas",
    "plant",
    "factory",
    "boiler",
    "pipeline",
    "mine",
    "refinery",
    "tanker",
    "workers",
    "leak",
    "warehouse",
    "industrial",
];

/// Words that make a number before or after them approximate.
const APPROXIMATE: &[&str] = &[
    "almost",
    "nearly",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "over",
    "more than",
    "at least",
    "up to",
    "dozens",
    "hundreds",
    "scores",
    "thousands",
];

/// Byte ranges of the sentences of `text`.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = match b {
            b'\n' => i + 1 < bytes.len() && bytes[i + 1] == b'\n',
            b'.' | b'!' | b'?' => {
                let next = text[i + 1..].chars().next();
                let after_space = next.is_none_or(char::is_whitespace)
                    || matches!(next, Some('"' | '\u{201d}' | '\'' | '\u{2019}' | ')'));
                after_space && (b != b'.' || !is_abbreviation(&text[start..i]))
            }
            _ => false,
        };
        if end_here {
            // Take closing quotes with the sentence.
            let mut end = i + 1;
            while let Some(c) = text[end..].chars().next() {
                if matches!(c, '"' | '\u{201d}' | '\'' | '\u{2019}' | ')') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            push_trimmed(text, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push((start + lead, end - trail));
    }
}

/// True when the text before a full stop ends in an abbreviation or an
/// initial ("Gen.", "U.S.", "J.").
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        || (letters == 1 && word.chars().next().is_some_and(char::is_uppercase))
}

/// A word of a sentence: byte range and lowercase form (borrowed when the
/// word is lowercase already, as most are).
struct Word<'t> {
    start: usize,
    end: usize,
    lower: Cow<'t, str>,
}

fn words(text: &str, from: usize, to: usize) -> Vec<Word<'_>> {
    // Bytes, not chars: ASCII letters and digits make words, and so does
    // any non-ASCII byte (letters of other scripts; triggers are ASCII, so
    // nothing is lost by not classifying them). "-" and "'" join inside.
    let bytes = &text.as_bytes()[..to];
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        let b = bytes[i];
        if !(b.is_ascii_alphanumeric() || b >= 0x80) {
            i += 1;
            continue;
        }
        let start = i;
        while i < to {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() || b >= 0x80 || b == b'-' || b == b'\'' {
                i += 1;
            } else {
                break;
            }
        }
        // Trailing joiners are not part of the word; a non-ASCII byte run
        // always ends on a char boundary because it ends at an ASCII byte
        // or at `to`.
        let mut end = i;
        while end > start && matches!(bytes[end - 1], b'-' | b'\'') {
            end -= 1;
        }
        let w = &text[start..end];
        out.push(Word {
            start,
            end,
            lower: if w.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Borrowed(w)
            },
        });
    }
    out
}

fn number_word(w: &str) -> Option<u32> {
    const SMALL: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(n) = SMALL.iter().position(|s| *s == w) {
        return Some(n as u32);
    }
    match w {
        "thirty" => Some(30),
        "forty" => Some(40),
        "fifty" => Some(50),
        "hundred" => Some(100),
        "dozens" | "dozen" => Some(24),
        "hundreds" => Some(200),
        "scores" => Some(40),
        "thousands" => Some(2000),
        _ => w.replace(',', "").parse().ok().filter(|n| *n < 10_000_000),
    }
}

/// A count of people in the sentence: (number, approximate) for the dead
/// and for the injured. "killed almost 200 people", "12 people died", "the
/// death toll rose to 30", "injuring dozens".
/// A count and whether it is approximate.
type Count = Option<(u32, bool)>;

fn counts(text: &str, ws: &[Word]) -> (Count, Count) {
    const DEAD: &[&str] = &[
        "killed", "killing", "dead", "died", "deaths", "death", "lives",
    ];
    const HURT: &[&str] = &["injured", "injuring", "wounded", "wounding", "hurt"];
    let mut dead = None;
    let mut hurt = None;
    for (i, w) in ws.iter().enumerate() {
        let class = if DEAD.contains(&w.lower.as_ref()) {
            0
        } else if HURT.contains(&w.lower.as_ref()) {
            1
        } else {
            continue;
        };
        // A number within a few words after ("killed almost 200 people",
        // "death toll rose to 30") or before ("12 people died").
        // The search stops at "and", "while", "but" or a comma: in "12
        // people died and 30 were injured" the 30 is not the dead.
        let after = (i + 1..(i + 5).min(ws.len()))
            .take_while(|&j| !breaks(text, &ws[j - 1], &ws[j]))
            .find_map(|j| number_word(&ws[j].lower).map(|n| (j, n)));
        let before = (i.saturating_sub(4)..i)
            .rev()
            .take_while(|&j| !breaks(text, &ws[j], &ws[j + 1]))
            .find_map(|j| number_word(&ws[j].lower).map(|n| (j, n)));
        let Some((j, n)) = after.or(before) else {
            continue;
        };
        let lo = j.saturating_sub(2);
        let approx = ["dozens", "dozen", "hundreds", "scores", "thousands"]
            .contains(&ws[j].lower.as_ref())
            || ws[lo..j]
                .iter()
                .any(|p| APPROXIMATE.contains(&p.lower.as_ref()))
            || ws[lo..j]
                .windows(2)
                .any(|p| APPROXIMATE.contains(&format!("{} {}", p[0].lower, p[1].lower).as_str()));
        let slot = if class == 0 { &mut dead } else { &mut hurt };
        if slot.is_none() {
            *slot = Some((n, approx));
        }
    }
    (dead, hurt)
}

/// True when a clause boundary lies between two neighbouring words, or the
/// second is a conjunction.
fn breaks(text: &str, a: &Word, b: &Word) -> bool {
    text[a.end..b.start].contains([',', ';', ':'])
        || matches!(b.lower.as_ref(), "and" | "while" | "but" | "whereas")
        || matches!(a.lower.as_ref(), "and" | "while" | "but" | "whereas")
}

/// How specific a place is: a town beats a county, beats a province, beats
/// a country, beats a region.
fn specificity(kind: Kind) -> u8 {
    match kind {
        Kind::City => 5,
        Kind::Admin2 => 4,
        Kind::Admin1 => 3,
        Kind::Country => 2,
        Kind::Demonym => 1,
        Kind::Region | Kind::Continent => 0,
    }
}

/// The article's events, in text order.
pub fn extract(text: &str, mentions: &[ResolvedMention], published: Option<&str>) -> Vec<Event> {
    let published = published.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut chars = CharCounter::new(text);
    let mut out: Vec<Event> = Vec::new();
    // The place of the previous sentence, for sentences that name none.
    let mut last_place: Option<&ResolvedMention> = None;
    let hits = trigger_starts(text);
    // Mentions come in text order, like sentences: a moving window.
    let mut first_mention = 0;
    for (s_start, s_end) in sentences(text) {
        let (c_start, c_end) = (chars.at(s_start), chars.at(s_end));
        while first_mention < mentions.len() && mentions[first_mention].start < c_start {
            first_mention += 1;
        }
        let in_sentence: Vec<&ResolvedMention> = mentions[first_mention..]
            .iter()
            .take_while(|m| m.start < c_end)
            .filter(|m| m.end <= c_end && m.lat.is_some())
            .collect();
        let first_hit = hits.partition_point(|&h| h < s_start);
        if hits.get(first_hit).is_none_or(|&h| h >= s_end) {
            if let Some(p) = most_specific(&in_sentence, None, &|_| false) {
                last_place = Some(p);
            }
            continue;
        }
        let ws = words(text, s_start, s_end);
        let lowers: Vec<&str> = ws.iter().map(|w| w.lower.as_ref()).collect();
        let mut found: Vec<(usize, usize, &super::taxonomy::Trigger)> = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            match trigger_at(&lowers[i..]) {
                // "March" the month, "Deal" a town: triggers are lowercase
                // words, or capitalised at the start of a sentence.
                Some((t, n))
                    if ws[i].start == s_start
                        || !text[ws[i].start..].starts_with(char::is_uppercase) =>
                {
                    let hedged = lowers[i.saturating_sub(4)..i]
                        .iter()
                        .chain(&lowers[(i + n).min(lowers.len())..(i + n + 2).min(lowers.len())])
                        .any(|w| HEDGES.contains(w));
                    // One event per type and subtype in a sentence: "an
                    // explosion … the attack" is one attack.
                    let dup = found
                        .iter()
                        .any(|(_, _, f)| f.kind == t.kind && f.subtype == t.subtype);
                    if !hedged && !dup {
                        found.push((i, n, t));
                    }
                    i += n;
                }
                _ => i += 1,
            }
        }
        // "has suffered attacks for more than a decade": a history, not an
        // event.
        if !found.is_empty() {
            let sentence_lower = text[s_start..s_end].to_lowercase();
            if HABITUAL.iter().any(|h| sentence_lower.contains(h)) {
                found.clear();
            }
        }
        if found.is_empty() {
            if let Some(p) = most_specific(&in_sentence, None, &|_| false) {
                last_place = Some(p);
            }
            continue;
        }
        // "Moscow has reinforced its base in Tajikistan": a place followed
        // by a verb is the actor (a government), not where it happened.
        let sentence = &text[s_start..s_end];
        let located: Vec<&ResolvedMention> = in_sentence
            .iter()
            .filter(|m| {
                let after = sentence
                    .char_indices()
                    .nth(m.end - c_start)
                    .map_or("", |(b, _)| &sentence[b..]);
                let next = after
                    .trim_start_matches([' ', '\''])
                    .split(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                !ACTOR_VERBS.contains(&next)
            })
            .copied()
            .collect();
        let located = if located.is_empty() {
            &in_sentence
        } else {
            &located
        };
        let (dead, hurt) = counts(text, &ws);
        // Character offset of a byte offset inside this sentence.
        let char_at = |b: usize| c_start + text[s_start..b].chars().count();
        // Dates are looked for only in sentences with an event.
        let sentence_dates: Vec<DateMention> = find_dates(&text[s_start..s_end], published)
            .into_iter()
            .map(|d| DateMention {
                start: d.start + s_start,
                end: d.end + s_start,
                ..d
            })
            .collect();
        for (wi, n, trig) in found {
            let (t_start, t_end) = (ws[wi].start, ws[wi + n - 1].end);
            // The place the trigger governs ("withdrawal of troops from
            // Afghanistan"), else the most specific place in the sentence,
            // else the previous sentence's.
            let (start, end) = (char_at(t_start), char_at(t_end));
            // Places after a locative preposition in the trigger's clause
            // ("a base in Tajikistan") are where things happen; others may
            // be neighbours or actors.
            let sentence_byte = |c: usize| {
                sentence
                    .char_indices()
                    .nth(c - c_start)
                    .map_or(sentence.len(), |(b, _)| b)
            };
            let after_preposition = |m: &ResolvedMention| {
                let (ms, me) = (sentence_byte(m.start), sentence_byte(m.end));
                let (ts, te) = (t_start - s_start, t_end - s_start);
                let between = if ms >= te {
                    &sentence[te..ms]
                } else {
                    &sentence[me.min(ts)..ts]
                };
                let same_clause = !between.contains(';')
                    && !between.contains(", and")
                    && !between.contains(", but");
                let prev = sentence[..ms]
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                same_clause && PLACE_PREPOSITIONS.contains(&prev.to_ascii_lowercase().as_str())
            };
            let governed = governed_place(&ws, wi + n, &in_sentence, &char_at);
            let (place, inherited) = match governed
                .or_else(|| most_specific(located, Some((start, end)), &after_preposition))
            {
                Some(p) => (Some(p), false),
                None => (last_place, last_place.is_some()),
            };
            let date = sentence_dates
                .iter()
                .min_by_key(|d| d.start.abs_diff(t_start));
            // "the next day": the day after the previous event's.
            let next_day = if date.is_none() {
                ["the next day", "the following day", "a day later"]
                    .iter()
                    .find_map(|p| {
                        let lower = text[s_start..s_end].to_lowercase();
                        let at = lower.find(p)?;
                        let prev = out.last()?.date.as_deref()?;
                        let d = NaiveDate::parse_from_str(prev, "%Y-%m-%d")
                            .ok()?
                            .succ_opt()?;
                        Some((
                            d,
                            text.get(s_start + at..s_start + at + p.len())?.to_string(),
                        ))
                    })
            } else {
                None
            };
            let (date_str, end_date, date_text, source) = match (date, published) {
                (None, _) if next_day.is_some() => {
                    let (d, t) = next_day.expect("checked");
                    (Some(d.to_string()), None, Some(t), Some(DateSource::Text))
                }
                (Some(d), _) => (
                    Some(d.date.to_string()),
                    d.end_date.map(|e| e.to_string()),
                    Some(text[d.start..d.end].to_string()),
                    Some(DateSource::Text),
                ),
                (None, Some(p)) => (
                    Some(p.to_string()),
                    None,
                    None,
                    Some(DateSource::Publication),
                ),
                (None, None) => (None, None, None, None),
            };
            let mut kind = trig.kind;
            if kind == super::EventType::Attack
                && matches!(
                    lowers[wi],
                    "explosion" | "explosions" | "blast" | "exploded"
                )
                && lowers.iter().any(|w| ACCIDENT_CUES.contains(w))
            {
                kind = super::EventType::Accident; // "a gas explosion at a plant"
            }
            let violent = matches!(
                kind,
                super::EventType::Attack
                    | super::EventType::ArmedClash
                    | super::EventType::NaturalDisaster
                    | super::EventType::Accident
            );
            let (fatalities, injured) = if violent { (dead, hurt) } else { (None, None) };
            let mut confidence: f64 = 0.6;
            if date_text.is_some() {
                confidence += 0.15;
            }
            match (place, inherited) {
                (Some(_), false) => confidence += 0.2,
                (Some(_), true) => confidence -= 0.1,
                (None, _) => confidence -= 0.2,
            }
            out.push(Event {
                kind,
                subtype: trig.subtype.map(str::to_owned),
                trigger: text[t_start..t_end].to_string(),
                date: date_str,
                end_date,
                date_text,
                date_source: source,
                place: place.map(|p| p.name.clone()),
                geonameid: place.and_then(|p| p.geonameid),
                lat: place.and_then(|p| p.lat),
                lon: place.and_then(|p| p.lon),
                fatalities: fatalities.map(|(n, _)| n),
                injured: injured.map(|(n, _)| n),
                approximate: fatalities.is_some_and(|(_, a)| a) || injured.is_some_and(|(_, a)| a),
                actor: actor(text, &ws, wi, s_start),
                sentence: text[s_start..s_end].to_string(),
                start,
                end,
                confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
            });
        }
        if let Some(p) = most_specific(&in_sentence, None, &|_| false) {
            last_place = Some(p);
        }
    }
    out
}

/// The place right after a preposition within a few words after the
/// trigger ("withdrawal of troops from Afghanistan").
fn governed_place<'m>(
    ws: &[Word],
    after: usize,
    in_sentence: &[&'m ResolvedMention],
    char_at: &dyn Fn(usize) -> usize,
) -> Option<&'m ResolvedMention> {
    for j in after..(after + 6).min(ws.len()) {
        if !PLACE_PREPOSITIONS.contains(&ws[j].lower.as_ref()) {
            continue;
        }
        // The first place within three words after the preposition.
        let from = char_at(ws[j].end);
        let limit = ws.get(j + 4).map_or(usize::MAX, |w| char_at(w.start));
        if let Some(m) = in_sentence
            .iter()
            .filter(|m| m.start >= from && m.start < limit && m.kind != Kind::Demonym)
            .min_by_key(|m| m.start)
        {
            return Some(m);
        }
    }
    None
}

/// The most specific place among the sentence's mentions; ties go to one
/// after a locative preposition (`locative`), then to the one nearest the
/// trigger (its character span `near`).
fn most_specific<'m>(
    ms: &[&'m ResolvedMention],
    near: Option<(usize, usize)>,
    locative: &dyn Fn(&ResolvedMention) -> bool,
) -> Option<&'m ResolvedMention> {
    let distance = |m: &ResolvedMention| match near {
        None => m.start,
        Some((_, e)) if m.start >= e => m.start - e,
        Some((s, _)) => s.saturating_sub(m.end),
    };
    ms.iter()
        .filter(|m| m.kind != Kind::Demonym)
        .max_by_key(|m| {
            (
                specificity(m.kind),
                locative(m),
                std::cmp::Reverse(distance(m)),
            )
        })
        .copied()
        .or_else(|| ms.first().copied())
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
    let named = ws[first..trigger]
        .iter()
        .any(|w| text[w.start..].starts_with(char::is_uppercase));
    let verbish = ws[trigger].lower.ends_with("ed") || ws[trigger].lower == "fled";
    (named && verbish).then(|| text[ws[0].start.max(s_start)..ws[trigger - 1].end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{process, Article, Gazetteer};

    fn events(text: &str, date: Option<&str>) -> Vec<Event> {
        let mut a = Article::new("t", text);
        a.date = date.map(Into::into);
        process(Gazetteer::bundled(), &a).events
    }

    #[test]
    fn sentences_split_at_stops_not_abbreviations() {
        let text =
            "Gen. Smith met U.S. envoys in Kabul. \"We left,\" he said! Next? Yes.\n\nNew para";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Gen. Smith met U.S. envoys in Kabul.",
                "\"We left,\" he said!",
                "Next?",
                "Yes.",
                "New para"
            ]
        );
    }

    #[test]
    fn counts_of_dead_and_injured() {
        let cases: &[(&str, Count, Count)] = &[
            (
                "The blast killed almost 200 people.",
                Some((200, true)),
                None,
            ),
            (
                "Twelve people died and 30 were injured.",
                Some((12, false)),
                Some((30, false)),
            ),
            (
                "The death toll rose to 41 on Sunday.",
                Some((41, false)),
                None,
            ),
            ("Dozens were wounded in the attack.", None, Some((24, true))),
            ("At least 7 people were killed.", Some((7, true)), None),
            ("The storm damaged roofs.", None, None),
        ];
        for (text, dead, hurt) in cases {
            let ws = words(text, 0, text.len());
            assert_eq!(counts(text, &ws), (*dead, *hurt), "{text}");
        }
    }

    #[test]
    fn triggers_types_and_places() {
        // (text, expected (type, trigger, place) per event)
        type Want<'a> = &'a [(&'a str, &'a str, &'a str)];
        let cases: &[(&str, Want)] = &[
            (
                "Fighting broke out in Kharkiv on Monday.",
                &[("armed_clash", "Fighting", "Kharkiv")],
            ),
            (
                "Thousands protested in Santiago against the new tax.",
                &[("protest", "protested", "Santiago")],
            ),
            (
                "The withdrawal of troops from Afghanistan ended near Kabul.",
                &[("military_movement", "withdrawal", "Afghanistan")],
            ),
            (
                "A train derailed outside Lyon, and an air strike hit Aleppo.",
                &[
                    ("accident", "derailed", "Lyon"),
                    ("attack", "air strike", "Aleppo"),
                ],
            ),
            // The capital that acts is no location; the base is.
            (
                "Moscow has reinforced its base in Tajikistan, where it is holding exercises.",
                &[("military_movement", "exercises", "Tajikistan")],
            ),
            // "March" the month is no protest; a statement is no event.
            ("In March the minister spoke about Kenya.", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, String, String)> = events(text, Some("2022-03-20"))
                .into_iter()
                .map(|e| (e.kind.to_string(), e.trigger, e.place.unwrap_or_default()))
                .collect();
            let want: Vec<(String, String, String)> = want
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_sentence_without_a_place_inherits_the_previous_one_with_less_confidence() {
        let e = events(
            "Troops arrived in Mosul on Tuesday. Fighting continued overnight.",
            Some("2017-03-01"),
        );
        let fight = e.iter().find(|e| e.trigger == "Fighting").unwrap();
        assert_eq!(fight.place.as_deref(), Some("Mosul"));
        let own = events("Fighting continued in Mosul overnight.", Some("2017-03-01"));
        assert!(fight.confidence < own[0].confidence);
    }

    #[test]
    fn dates_fall_back_to_publication_and_to_null() {
        let e = events("Floods hit Dhaka.", Some("2020-07-15"));
        assert_eq!(e[0].date.as_deref(), Some("2020-07-15"));
        assert_eq!(e[0].date_source, Some(DateSource::Publication));
        assert_eq!(e[0].date_text, None);
        let e = events("Floods hit Dhaka.", None);
        assert_eq!(e[0].date, None);
        assert_eq!(e[0].date_source, None);
    }

    #[test]
    fn offsets_are_characters_of_the_trigger() {
        let text = "Über Köln: a blast in Kabul.";
        let e = events(text, None);
        let chars: Vec<char> = text.chars().collect();
        let got: String = chars[e[0].start..e[0].end].iter().collect();
        assert_eq!(got, "blast");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}") {
            let _ = events(&text, Some("2021-09-01"));
        }
    }
}
