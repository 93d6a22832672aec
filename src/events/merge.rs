//! One event per happening: an article names one explosion as "an
//! explosion", then "the attack", then "the bombing"; these are one event,
//! with a count of mentions, not three.
//!
//! Within a sentence, the extractor already makes one event per type (the
//! noun and the verb that tell it: "An explosion … killed 200"). Across
//! sentences, an event joins an earlier one of the same type when nothing
//! tells them apart:
//! - their places agree: the same place, or one of them has none of its
//!   own sentence (it was inherited or is the article's focus);
//! - their dates agree: the same day (or overlapping ranges), or one of
//!   them was dated only from the publication date.
//!
//! The merged event keeps the first mention's trigger, offsets and
//! sentence, takes a place or a date stated in the text from a later
//! mention when the first had only a fallback, the largest counts, and the
//! highest confidence.

use super::{DateSource, Event, PlaceSource};

/// How a mention stands to the others of its happening.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Role {
    /// A poor anchor for its happening: a count of the dead or hurt
    /// ("killed"), a weapon ("artillery").
    pub weak: bool,
    /// A definite noun that refers back ("the attack", "this bombing",
    /// "Monday's blast") with no place of its own after it: the place its
    /// sentence names is another event's ("thousands protested in Herat
    /// against the attack").
    pub anaphor: bool,
}

/// Two events that may be one happening, by type, place and date; with
/// `any_place`, places are not compared (`b` refers back to `a`).
fn compatible(a: &Event, b: &Event, any_place: bool) -> bool {
    if a.kind != b.kind || (a.subtype.is_some() && b.subtype.is_some() && a.subtype != b.subtype) {
        return false;
    }
    let own_place = |e: &Event| e.place_source == Some(PlaceSource::Sentence);
    // Two names the gazetteer does not know agree only when written alike.
    let same_place = match (a.geonameid, b.geonameid) {
        (Some(x), Some(y)) => x == y,
        (None, None) => match (&a.place, &b.place) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            (x, y) => x.is_none() && y.is_none(),
        },
        _ => false,
    };
    let places_agree = any_place || !own_place(a) || !own_place(b) || same_place;
    let text_date = |e: &Event| e.date_source == Some(DateSource::Text);
    let dates_agree = !text_date(a) || !text_date(b) || overlap(a, b);
    places_agree && dates_agree
}

/// True when a sentence says its happening is another one: "in a separate
/// attack", "another explosion", "a second blast", "a similar raid".
fn tells_another(sentence: &str) -> bool {
    sentence.split(|c: char| !c.is_alphanumeric()).any(|w| {
        ["separate", "another", "similar"]
            .iter()
            .any(|o| w.eq_ignore_ascii_case(o))
    })
}

/// True when the date ranges of two events overlap.
fn overlap(a: &Event, b: &Event) -> bool {
    fn range(e: &Event) -> (&str, &str) {
        let start = e.date.as_deref().unwrap_or_default();
        (start, e.end_date.as_deref().unwrap_or(start))
    }
    let ((a0, a1), (b0, b1)) = (range(a), range(b));
    a0 <= b1 && b0 <= a1
}

/// Folds `later` into `first`, an earlier mention of the same happening
/// (`later` keeps its own fields: it is written out too). Only what
/// `first` takes is copied.
fn absorb(first: &mut Event, later: &Event) {
    first.mentions += 1;
    let own = |e: &Event| e.place_source == Some(PlaceSource::Sentence);
    if !own(first) && own(later) {
        first.place.clone_from(&later.place);
        first.place_source = later.place_source;
        first.geonameid = later.geonameid;
        first.lat = later.lat;
        first.lon = later.lon;
    }
    if first.date_source != Some(DateSource::Text) && later.date_source == Some(DateSource::Text) {
        first.date.clone_from(&later.date);
        first.end_date.clone_from(&later.end_date);
        first.date_text.clone_from(&later.date_text);
        first.date_source = later.date_source;
    }
    if later.fatalities > first.fatalities {
        first.fatalities = later.fatalities;
        first.approximate |= later.approximate;
    }
    if later.injured > first.injured {
        first.injured = later.injured;
        first.approximate |= later.approximate;
    }
    if first.actor.is_none() {
        first.actor.clone_from(&later.actor);
    }
    // The happening's ACLED type is its most specific mention's: "the
    // attack … the suicide bomber" is a suicide bombing; "the protest …
    // police fired tear gas" a protest with intervention.
    if acled_rank(later.acled_sub_event_type.as_deref())
        > acled_rank(first.acled_sub_event_type.as_deref())
    {
        first.acled_event_type.clone_from(&later.acled_event_type);
        first
            .acled_sub_event_type
            .clone_from(&later.acled_sub_event_type);
    }
    first.confidence = first.confidence.max(later.confidence);
}

/// How specific an ACLED sub-event type is, for a happening told by
/// several mentions: none, then the generic ones, then the rest.
fn acled_rank(sub: Option<&str>) -> u8 {
    match sub {
        None => 0,
        Some("Attack" | "Armed clash" | "Peaceful protest") => 1,
        Some("Protest with intervention" | "Violent demonstration") => 2,
        Some(_) => 3,
    }
}

/// Links the mentions of one happening, in place: `events` are the
/// article's event mentions in text order, `sentence[k]` the sentence of
/// `events[k]`, and `roles[k]` how it stands ([`Role`]: weak, or
/// referring back).
///
/// In a sentence, mentions of one type and subtype are one happening
/// ("An explosion … killed 200"); its first mention there is the first
/// that is not weak, else the first. Across sentences, a happening joins
/// the first mention of an earlier one when they are compatible
/// ([`compatible`]: places and dates agree); one that refers back joins
/// the latest earlier happening of its type whose date agrees, wherever
/// its sentence places it. A later mention gets
/// `same_as` (the first mention's index) and `mentions` 0, and the first
/// mention absorbs what it adds.
pub(crate) fn merge(events: &mut [Event], sentence: &[usize], roles: &[Role]) {
    let n = events.len();
    // Within sentences: each mention's head.
    let mut head: Vec<usize> = (0..n).collect();
    for i in 0..n {
        let same = |j: usize| {
            sentence[j] == sentence[i]
                && events[j].kind == events[i].kind
                && events[j].subtype == events[i].subtype
        };
        // The group holds `i` itself, so it has a first member.
        head[i] = (0..n)
            .find(|&j| same(j) && !roles[j].weak)
            .or_else(|| (0..n).find(|&j| same(j)))
            .unwrap_or(i);
    }
    // Across sentences: each head's first mention, in text order.
    let mut primary: Vec<usize> = head.clone();
    for i in 0..n {
        if head[i] != i {
            continue;
        }
        // "In a separate attack …" starts a happening of its own.
        if tells_another(&events[i].sentence) {
            continue;
        }
        let first = |j: usize| head[j] == j && primary[j] == j && sentence[j] < sentence[i];
        // A mention that refers back joins the latest happening of its
        // type; another the first one it agrees with.
        let earlier = if roles[i].anaphor {
            (0..i)
                .rev()
                .find(|&j| first(j) && compatible(&events[j], &events[i], true))
        } else {
            (0..i).find(|&j| first(j) && compatible(&events[j], &events[i], false))
        };
        if let Some(j) = earlier {
            primary[i] = j;
        }
    }
    for i in 0..n {
        let p = primary[head[i]];
        if p != i {
            let (first, later) = if p < i {
                let (a, b) = events.split_at_mut(i);
                (&mut a[p], &b[0])
            } else {
                let (a, b) = events.split_at_mut(p);
                (&mut b[0], &a[i])
            };
            absorb(first, later);
            events[i].same_as = Some(p);
            events[i].mentions = 0;
        }
    }
    // Every mention of a happening carries its ACLED type.
    for i in 0..n {
        if let Some(j) = events[i].same_as {
            events[i].acled_event_type = events[j].acled_event_type.clone();
            events[i].acled_sub_event_type = events[j].acled_sub_event_type.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::EventType;

    fn ev(kind: EventType, place: Option<(u32, PlaceSource)>, date: (&str, DateSource)) -> Event {
        Event {
            date: Some(date.0.into()),
            date_source: Some(date.1),
            place: place.map(|p| p.0.to_string()),
            place_source: place.map(|p| p.1),
            geonameid: place.map(|p| p.0),
            ..Event::bare(kind)
        }
    }

    fn unknown(mut e: Event, name: &str) -> Event {
        e.geonameid = None;
        e.place = Some(name.into());
        e
    }

    fn said(mut e: Event, sentence: &str) -> Event {
        e.sentence = sentence.into();
        e
    }

    #[test]
    fn mentions_of_one_happening_merge_and_others_do_not() {
        use DateSource::{Publication as Pub, Text};
        use EventType::{Attack, Protest};
        use PlaceSource::{Article, Previous, Sentence};
        let kabul = Some((1, Sentence));
        let herat = Some((2, Sentence));
        // (events, sentence of each, how many events after merging)
        let cases: Vec<(Vec<Event>, Vec<usize>, usize)> = vec![
            // "An explosion in Kabul … The attack … The bombing": one.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    ev(Attack, Some((1, Previous)), ("2021-08-27", Pub)),
                    ev(Attack, kabul, ("2021-08-27", Pub)),
                ],
                vec![0, 1, 2],
                1,
            ),
            // Attacks in two cities: two.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    ev(Attack, herat, ("2021-08-26", Text)),
                ],
                vec![0, 1],
                2,
            ),
            // Two dates stated: two.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    ev(Attack, kabul, ("2021-08-20", Text)),
                ],
                vec![0, 1],
                2,
            ),
            // Another type: two.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    ev(Protest, kabul, ("2021-08-26", Text)),
                ],
                vec![0, 1],
                2,
            ),
            // One sentence: mentions of one type are one happening.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    ev(Attack, Some((1, Article)), ("2021-08-26", Text)),
                ],
                vec![0, 0],
                1,
            ),
            // One sentence, two types: two.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    ev(Protest, kabul, ("2021-08-26", Text)),
                ],
                vec![0, 0],
                2,
            ),
            // Two names the gazetteer does not know, written differently:
            // two places, two happenings; written alike: one.
            (
                vec![
                    unknown(ev(Attack, kabul, ("2021-08-26", Text)), "Bakara"),
                    unknown(ev(Attack, kabul, ("2021-08-26", Text)), "Hodan"),
                ],
                vec![0, 1],
                2,
            ),
            (
                vec![
                    unknown(ev(Attack, kabul, ("2021-08-26", Text)), "Bakara"),
                    unknown(ev(Attack, kabul, ("2021-08-26", Text)), "bakara"),
                ],
                vec![0, 1],
                1,
            ),
            // "In a separate attack …": another happening, even with
            // nothing of its own to tell it apart.
            (
                vec![
                    ev(Attack, kabul, ("2021-08-26", Text)),
                    said(
                        ev(Attack, Some((1, Previous)), ("2021-08-27", Pub)),
                        "In a separate attack, gunmen opened fire on a bus.",
                    ),
                ],
                vec![0, 1],
                2,
            ),
        ];
        for (mut events, sentence, want) in cases {
            let roles = vec![Role::default(); events.len()];
            merge(&mut events, &sentence, &roles);
            let first = events.iter().filter(|e| e.is_first_mention()).count();
            assert_eq!(first, want, "{events:#?}");
        }
    }

    #[test]
    fn a_merged_event_keeps_the_first_mention_and_gathers_the_rest() {
        use DateSource::{Publication as Pub, Text};
        let mut first = ev(
            EventType::Attack,
            Some((1, PlaceSource::Article)),
            ("2021-09-01", Pub),
        );
        first.trigger = "explosion".into();
        first.start = 3;
        let mut later = ev(
            EventType::Attack,
            Some((7, PlaceSource::Sentence)),
            ("2021-08-26", Text),
        );
        later.fatalities = Some(200);
        later.approximate = true;
        later.trigger = "bombing".into();
        let mut merged = vec![first, later];
        merge(&mut merged, &[0, 2], &[Role::default(); 2]);
        assert_eq!(merged[1].same_as, Some(0));
        let m = &merged[0];
        assert_eq!(
            (m.trigger.as_str(), m.start, m.mentions),
            ("explosion", 3, 2)
        );
        assert_eq!(
            (m.geonameid, m.place_source),
            (Some(7), Some(PlaceSource::Sentence))
        );
        assert_eq!(m.date.as_deref(), Some("2021-08-26"));
        assert_eq!((m.fatalities, m.approximate), (Some(200), true));
    }
}
