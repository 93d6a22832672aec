//! Finding place-name spans in English text.
//!
//! Jumps from capitalised word to capitalised word, looks up the longest run
//! of up to [`MAX_TOKENS`] tokens in the gazetteer's name index (each key
//! also says whether a longer name starts with it, so the walk stops early),
//! and filters what is plainly not a place: frequent English words at the
//! start of a sentence ("Reading the report…"), people ("President Vladimir
//! Putin", "Jordan Henderson") and organisations ("Washington Post"). It says
//! *where* a name is and which index key it matched; choosing the place is
//! [`crate::resolve`]'s job.

mod tokens;

use crate::gazetteer::{Gazetteer, Kind, NameEntry};
use tokens::{Token, Tokens, Variant};

/// Longest name, in tokens, that the recogniser tries.
pub const MAX_TOKENS: usize = 6;

/// A recognised span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The normalised index key that matched.
    pub key: String,
    /// True when the key is a demonym ("Russian").
    pub demonym: bool,
}

/// Words that introduce a person's name. A place name right after one of
/// them is a person ("President Vladimir Putin", "Gov. Jackson").
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "president",
    "minister",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "lt",
    "sgt",
    "sergeant",
    "judge",
    "justice",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "ambassador",
    "secretary",
    "chancellor",
    "premier",
    "officer",
    "coach",
    "detective",
    "deputy",
    "chief",
    "commander",
    "spokesman",
    "spokeswoman",
    "professor",
    "prof",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
    "lord",
    "lady",
    "sir",
    "dame",
    "emir",
    "ayatollah",
    "mullah",
    "imam",
    "rabbi",
    "bishop",
    "cardinal",
    "pastor",
    "attorney",
    "sheriff",
    "trooper",
    "agent",
    "councilman",
    "councilwoman",
    "commissioner",
    "supt",
    "st.",
];

/// Capitalised words that may follow a place name without making it part of
/// an organisation or a person's name ("Kabul Airport", "Texas Gov."); so
/// may the [`CALENDAR`] words ("in Kabul Monday").
const PLACE_FOLLOWERS: &[&str] = &[
    "county",
    "province",
    "state",
    "region",
    "district",
    "river",
    "valley",
    "airport",
    "city",
    "mountains",
    "mountain",
    "lake",
    "island",
    "islands",
    "bay",
    "gulf",
    "sea",
    "coast",
    "border",
    "gov",
    "sen",
    "rep",
    "president",
    "prime",
    "minister",
    "governor",
    "mayor",
    "police",
    "officials",
    "authorities",
    "capital",
    "north",
    "south",
    "east",
    "west",
    "the",
    "on",
    "in",
    "and",
    "or",
    "but",
    "as",
    "at",
    "to",
    "for",
];

/// Words that make the name before them a newspaper's ("The Washington
/// Post", "Kabul Times"), however big the place.
const MEDIA_WORDS: &[&str] = &[
    "post",
    "times",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "chronicle",
    "inquirer",
    "examiner",
    "dispatch",
    "sentinel",
    "courier",
    "bulletin",
    "telegraph",
    "observer",
];

/// Month and weekday names: towns too ("August", California), but in news
/// nearly always dates, even after "in".
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Prepositions after which a capitalised common word is a place ("moved to
/// Reading", "a hotel in Nice").
const LOCATIVES: &[&str] = &[
    "in", "at", "near", "from", "to", "outside", "into", "across", "around", "toward", "towards",
    "through", "via", "inside", "between",
];

/// Finds place-name spans in `text`, in order, not overlapping.
pub fn recognize(gaz: &Gazetteer, text: &str) -> Vec<Span> {
    let toks: Vec<Token> = Tokens::new(text).collect();
    let mut spans = Vec::new();
    let mut people: Vec<String> = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if !t.capitalised(text) {
            i += 1;
            continue;
        }
        match longest_match(gaz, text, &toks, i, &mut key) {
            Some(m) => {
                match accept(gaz, text, &toks, i, &m) {
                    Verdict::Place => spans.push((
                        Span {
                            start: toks[i].start,
                            end: m.end,
                            key: m.key,
                            demonym: m.entry_demonym,
                        },
                        m.strong,
                    )),
                    Verdict::Person => people.push(m.key),
                    Verdict::Other => {}
                }
                i = m.last + 1;
            }
            None => i += 1,
        }
    }
    // A name the article uses for a person once ("President Obama") is a
    // person everywhere in it ("Obama said"), unless it is a country or a
    // first-level area.
    spans
        .into_iter()
        .filter(|(s, strong)| *strong || s.demonym || !people.contains(&s.key))
        .map(|(s, _)| s)
        .collect()
}

/// What [`accept`] decided about a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Place,
    /// A person's name: other bare uses of it in the article are too.
    Person,
    Other,
}

/// The longest name starting at token `first`.
struct Match {
    /// Index of the last token in the name.
    last: usize,
    /// Byte end of the span.
    end: usize,
    key: String,
    entry_demonym: bool,
    common: bool,
    first_name: bool,
    abbrev: bool,
    variant: Variant,
    /// The best candidate is a country, region, first-level area or a city
    /// of 100,000 or more: a name that stays a place inside an
    /// organisation's name ("the Texas Forest Service").
    strong: bool,
}

fn longest_match(
    gaz: &Gazetteer,
    text: &str,
    toks: &[Token],
    first: usize,
    key: &mut String,
) -> Option<Match> {
    key.clear();
    let mut best: Option<Match> = None;
    // Byte end of the previous token as the name continues through it.
    let mut prev_end = toks[first].start;
    for (j, t) in toks.iter().enumerate().take(first + MAX_TOKENS).skip(first) {
        if j > first {
            // Names run over plain spaces only: not over a line break, a
            // comma or a dash between words.
            let gap = &text[prev_end..t.start];
            if gap.is_empty() || !gap.bytes().all(|b| b == b' ' || b == b'\t') {
                break;
            }
            key.push(' ');
        }
        let base_len = key.len();
        let mut found_name = false;
        // End of the variant the name continues through (the key is rebuilt
        // from it rather than cloned for every token).
        let mut cont: Option<usize> = None;
        // Variants, most specific first: with a trailing dot ("U.S." /
        // "Ga."), as written, without "'s", before "-based".
        for (v_end, kind) in t.variants(text) {
            key.truncate(base_len);
            let word = &text[t.start..v_end];
            push_lower(key, word);
            let Some(e) = gaz.entry(key) else { continue };
            if !found_name && e.is_name() && last_word_ok(word, j > first, &e) {
                found_name = true;
                best = Some(Match {
                    last: j,
                    end: v_end,
                    key: key.clone(),
                    entry_demonym: e.is_demonym(),
                    common: e.is_common_word(),
                    first_name: e.is_first_name(),
                    abbrev: e.is_abbrev(),
                    variant: kind,
                    strong: e.candidates().next().is_some_and(|c| {
                        let p = gaz.place(c);
                        !matches!(p.kind, Kind::City | Kind::Admin2) || p.population >= 100_000
                    }),
                });
            }
            if cont.is_none() && e.is_prefix() && matches!(kind, Variant::Dot | Variant::Written) {
                cont = Some(v_end);
            }
        }
        match cont {
            Some(end) => {
                key.truncate(base_len);
                push_lower(key, &text[t.start..end]);
                prev_end = end;
            }
            None => break,
        }
    }
    best
}

/// Case rules for the word that ends a name: short words must be written in
/// capitals ("US", not "Us"), abbreviations as listed ("Ga."), and a name
/// may not end in a lowercase word.
fn last_word_ok(word: &str, multi_word: bool, e: &NameEntry<'_>) -> bool {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    let abbrev = e.is_abbrev();
    if multi_word || word.contains('.') {
        return true; // "Rio Grande do Sul", "U.S.", "Ga."
    }
    if abbrev {
        // Listed abbreviations without dots are written in capitals ("US",
        // "USA"), not "Us" or "Usa".
        return all_caps;
    }
    if all_caps && letters <= 4 {
        // "KBR", "IRS", "II": acronyms, not the towns that share the letters.
        return false;
    }
    // "Of", "As", "Ely": too short to tell from ordinary words.
    letters > 3 || all_caps
}

fn push_lower(key: &mut String, word: &str) {
    for ch in word.chars() {
        match ch {
            '\u{2019}' | '\u{2018}' => key.push('\''),
            c if c.is_ascii() => key.push(c.to_ascii_lowercase()),
            c => key.extend(c.to_lowercase()),
        }
    }
}

fn lower_word(text: &str, t: &Token) -> String {
    let mut s = String::new();
    push_lower(&mut s, text[t.start..t.end].trim_end_matches('.'));
    s
}

/// True when the word names a country or first-level area first of all
/// ("Texas", "Ga.", "France"): the second half of "City, State".
fn is_state_or_country(gaz: &Gazetteer, text: &str, t: &Token) -> bool {
    t.variants(text).any(|(end, _)| {
        let mut key = String::new();
        push_lower(&mut key, &text[t.start..end]);
        gaz.entry(&key).is_some_and(|e| {
            !e.is_demonym()
                && e.candidates().next().is_some_and(|i| {
                    matches!(
                        gaz.place(i).kind,
                        crate::gazetteer::Kind::Country | crate::gazetteer::Kind::Admin1
                    )
                })
        })
    })
}

/// Filters for what is plainly not a place.
fn accept(gaz: &Gazetteer, text: &str, toks: &[Token], first: usize, m: &Match) -> Verdict {
    if m.entry_demonym {
        return Verdict::Place;
    }
    let sentence_start = tokens::sentence_initial(text, toks[first].start);
    let prev = first.checked_sub(1).map(|p| &toks[p]);
    let prev_adjacent = prev.filter(|p| {
        // "Mr. Lincoln": the title's dot belongs to it.
        let gap = &text[p.end..toks[first].start];
        let gap = gap.strip_prefix('.').unwrap_or(gap);
        !gap.is_empty() && gap.bytes().all(|b| b == b' ')
    });
    let next = toks.get(m.last + 1);
    let next_adjacent = next.filter(|n| {
        let gap = &text[m.end..n.start];
        !gap.is_empty() && gap.bytes().all(|b| b == b' ') && m.variant != Variant::Possessive
    });

    // A person: "President Vladimir Putin", "Chiquita Raquel Henry".
    if let Some(p) = prev_adjacent {
        if p.capitalised(text) {
            let w = lower_word(text, p);
            if TITLES.contains(&w.as_str()) {
                return Verdict::Person;
            }
            let pe = gaz.entry(&w);
            let prev_is_place = pe
                .as_ref()
                .is_some_and(|e| e.is_name() && !e.is_common_word());
            // "The", "Will", "May": frequent words before a name are not
            // given names ("The U.S.").
            let given = pe
                .as_ref()
                .is_some_and(|e| e.is_first_name() && !e.is_common_word());
            if given && !prev_is_place {
                return Verdict::Person;
            }
        }
    }
    // An organisation or a person: "Washington Post", "Jordan Henderson".
    if let Some(n) = next_adjacent {
        if n.capitalised(text) && !m.abbrev {
            let w = lower_word(text, n);
            let follower_ok =
                PLACE_FOLLOWERS.contains(&w.as_str()) || CALENDAR.contains(&w.as_str());
            let next_is_place = gaz
                .entry(&w)
                .is_some_and(|e| e.is_name() && !e.is_common_word() && !e.is_first_name());
            if MEDIA_WORDS.contains(&w.as_str()) {
                return Verdict::Other;
            }
            if m.first_name && !follower_ok && !next_is_place {
                return Verdict::Person; // "Jordan Henderson"
            }
            if !follower_ok && !next_is_place && !m.strong {
                return Verdict::Other; // "Moore Haven Cooperative", "Ripley Street"
            }
        }
    }
    if m.common {
        // Frequent English words are places only where the text says so:
        // after a locative preposition, or before ", State".
        if sentence_start {
            return Verdict::Other;
        }
        let after_locative = prev_adjacent
            .map(|p| LOCATIVES.contains(&lower_word(text, p).as_str()))
            .unwrap_or(false);
        let before_comma_place = text[m.end..].starts_with(", ")
            && next.is_some_and(|n| n.capitalised(text) && is_state_or_country(gaz, text, n));
        let after_comma_place = prev.is_some_and(|p| {
            text[p.end..toks[first].start] == *", "
                && p.capitalised(text)
                && gaz.entry(&lower_word(text, p)).is_some_and(|e| e.is_name())
        });
        if CALENDAR.contains(&m.key.as_str()) && !before_comma_place {
            return Verdict::Other; // "in August", "on Monday"
        }
        if !(after_locative || before_comma_place || after_comma_place) {
            return Verdict::Other;
        }
    }
    Verdict::Place
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let g = Gazetteer::bundled();
        recognize(g, text)
            .into_iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn finds_names_in_their_written_forms() {
        let cases: &[(&str, &[&str])] = &[
            ("Troops left Kabul on Tuesday.", &["Kabul"]),
            (
                "Rain fell across Rio Grande do Sul overnight.",
                &["Rio Grande do Sul"],
            ),
            ("Refugees may reach Central Asia soon.", &["Central Asia"]),
            ("Georgia's governor spoke.", &["Georgia"]),
            (
                "He flew to Springfield, Illinois, on Monday.",
                &["Springfield", "Illinois"],
            ),
            ("The U.S. and the UK agreed.", &["U.S.", "UK"]),
            ("She moved to Atlanta, Ga. last year.", &["Atlanta", "Ga."]),
            ("A Kabul-based group said so.", &["Kabul"]),
            (
                "It happened in São Paulo and in Sao Paulo.",
                &["São Paulo", "Sao Paulo"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "{text}");
        }
    }

    #[test]
    fn skips_people_organisations_and_common_words() {
        let cases: &[(&str, &[&str])] = &[
            ("Russian President Vladimir Putin spoke.", &["Russian"]),
            ("The Washington Post reported it.", &[]),
            ("Reading the report took hours.", &[]),
            ("Us and them.", &[]),
            ("Mr. Lincoln arrived.", &[]),
            ("He moved to Reading in 2010.", &["Reading"]),
            ("Work should begin in August.", &[]),
            ("On the night of August 31 they left.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "{text}");
        }
    }

    #[test]
    fn demonyms_are_marked() {
        let g = Gazetteer::bundled();
        let spans = recognize(g, "Afghan officials met Russian diplomats.");
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|s| s.demonym));
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_text() {
        let g = Gazetteer::bundled();
        let text = "Über alles: “Kabul” – and Moscow.";
        for s in recognize(g, text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_ordered_boundaries(text in "\\PC{0,200}") {
            let g = Gazetteer::bundled();
            let spans = recognize(g, &text);
            let mut last = 0;
            for s in &spans {
                proptest::prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                last = s.end;
            }
            let _ = crate::resolve::resolve(g, &text, &spans);
        }

        #[test]
        fn never_panics_on_capitalised_word_soup(words in proptest::collection::vec("[A-Z][a-z]{0,8}('s)?[.,]? ?", 0..40)) {
            let text: String = words.concat();
            let g = Gazetteer::bundled();
            let spans = recognize(g, &text);
            let _ = crate::resolve::resolve(g, &text, &spans);
        }
    }
}
