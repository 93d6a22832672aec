//! Place linking: where, of the places a sentence names, did its event
//! happen, if anywhere? A choice among the sentence's places and "none",
//! scored by a linear model (softmax; weights in `link.tsv`) over features
//! of each place as the event's place:
//! - the preposition that governs it ("in", "near", "of" as in "the city
//!   of X", "from" as a movement's origin) and, crossed with it, the
//!   trigger's lemma ("patrolled in", "fled from");
//! - which side of the trigger it stands on, how far, and whether a
//!   clause break or another trigger lies between;
//! - whether it is the actor rather than the place: the possessor of an
//!   actor ("Mexico's army"), a hyphenated adjective ("U.S.-led"), or a
//!   name followed by a verb ("Kyiv said");
//! - its kind (a town is more often an event's place than a country);
//! - how many places the sentence names.
//!
//! "None" is an answer: a sentence that names Mexico only as the army's
//! country says nothing of where the capture happened. The extractor then
//! falls back to the place of the sentence before, or to the article's
//! focus, with lower confidence and saying so (`place_source`).
//!
//! The weights are learned by `scripts/train_events.py` from Halterman's
//! 9,143 annotated event sentences (folds grouped by text), and our own
//! annotated sentences.

use super::cues;
use super::model::{Model, Score, Sink};
use super::view::{Candidate, Origin, Place, View};
use crate::gazetteer::Kind;
use std::sync::OnceLock;

/// The shipped linker.
pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(include_str!("link.tsv")))
}

/// The linker's choice for the event whose trigger is `head`: the index of
/// the place in `v.places`, or `None`; and the chosen answer's probability.
pub(crate) fn link(v: &View, head: &Candidate, triggers: &[Candidate]) -> (Option<usize>, f64) {
    let m = model();
    let n = v.places.len();
    let mut none = Score::new(m);
    none_features(v, head, &mut none);
    let mut best = (None, none.sum);
    let mut scores = Vec::with_capacity(n + 1);
    scores.push(none.sum);
    // A dateline tells where the report was filed: it is the event's
    // place only when the sentence names no other ("BAGHDAD -- A car bomb
    // detonated … in the northern city of Baiji").
    let line = dateline(v);
    let other = v.places.iter().any(|p| p.first >= line);
    for (k, p) in v.places.iter().enumerate() {
        let mut s = Score::new(m);
        features(v, head, p, triggers, &mut s);
        scores.push(s.sum);
        if s.sum > best.1 && !(other && p.last <= line) {
            best = (Some(k), s.sum);
        }
    }
    let z: f64 = scores.iter().map(|s| (s - best.1).exp()).sum();
    // A part named inside the chosen place is the more precise answer
    // ("in Mogadishu's Yaqshid district": Yaqshid).
    let chosen = best.0.map(|b| {
        let p = &v.places[b];
        v.places
            .iter()
            .position(|q| q.within && p.lat.is_some() && q.lat == p.lat && q.lon == p.lon)
            .unwrap_or(b)
    });
    (chosen, 1.0 / z)
}

/// The number of words of the sentence's dateline ("BAGHDAD --",
/// "KABUL, Afghanistan (AP) —", "ISLAMABAD (Reuters) -"), or 0 when it
/// has none: up to six words before a dash, the first in capitals, none
/// starting lowercase.
pub(crate) fn dateline(v: &View) -> usize {
    let ws = v.words;
    let caps = |i: usize| {
        let w = &v.text[ws[i].start..ws[i].end];
        w.len() > 1 && w.chars().all(|c| !c.is_lowercase())
    };
    if ws.is_empty() || !caps(0) {
        return 0;
    }
    for i in 0..ws.len().min(6) {
        let gap = if i + 1 < ws.len() {
            v.gap(i, i + 1)
        } else {
            ""
        };
        if ["--", "\u{2014}", "\u{2013}", " - ", " _ "]
            .iter()
            .any(|d| gap.contains(d))
        {
            return i + 1;
        }
        if !v.capitalised(i) {
            return 0;
        }
    }
    0
}

/// The preposition that governs the place at words `first..`: the word
/// right before it, skipping "the" and a title word ("the city of X":
/// "of"); `"-"` when none.
fn governor(v: &View, first: usize) -> &'static str {
    const PREPOSITIONS: [&str; 28] = [
        "in",
        "at",
        "near",
        "of",
        "on",
        "to",
        "from",
        "over",
        "inside",
        "through",
        "around",
        "outside",
        "across",
        "into",
        "towards",
        "toward",
        "along",
        "by",
        "with",
        "against",
        "for",
        "between",
        "within",
        "throughout",
        "off",
        "outskirts",
        "north",
        "south",
    ];
    let mut j = first;
    let mut skipped = 0;
    while j > 0 && skipped < 3 {
        j -= 1;
        let w = v.lower(j);
        if let Some(p) = PREPOSITIONS.iter().find(|p| **p == w) {
            return p;
        }
        if matches!(
            w,
            "the"
                | "a"
                | "an"
                | "east"
                | "west"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
        ) {
            skipped += 1;
            continue;
        }
        return "-";
    }
    "-"
}

/// A distance in words, bucketed.
fn bucket(d: usize) -> &'static str {
    match d {
        0..=1 => "1",
        2..=3 => "2-3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        _ => "11+",
    }
}

/// The features of place `p` as the place of the event at `head`;
/// `triggers` are the sentence's event triggers.
pub(crate) fn features(
    v: &View,
    head: &Candidate,
    p: &Place,
    triggers: &[Candidate],
    f: &mut impl Sink,
) {
    let kind = p.kind_name();
    f.add(&["place"]);
    f.add(&["kind=", kind]);
    f.add(&["origin=", p.origin.as_str()]);
    let gov = governor(v, p.first);
    f.add(&["gov=", gov]);
    f.add(&["gov=", gov, "&kind=", kind]);
    f.add(&["lemma=", head.trigger.lemma, "&gov=", gov]);
    let after = p.first >= head.end();
    let side = if after { "after" } else { "before" };
    let d = if after {
        p.first - head.end() + 1
    } else {
        head.word.saturating_sub(p.last) + 1
    };
    f.add(&["side=", side]);
    f.add(&["side=", side, "&d=", bucket(d)]);
    f.add(&["side=", side, "&gov=", gov]);
    // Its rank by distance among the places on the same side.
    let rank = v
        .places
        .iter()
        .filter(|q| (q.first >= head.end()) == after)
        .filter(|q| {
            let dq = if after {
                q.first - head.end()
            } else {
                head.word.saturating_sub(q.last)
            };
            dq + 1 < d
        })
        .count();
    f.add(&[
        "rank=",
        match rank {
            0 => "0",
            1 => "1",
            _ => "2+",
        },
    ]);
    let n = v.places.len();
    f.add(&[
        "n=",
        match n {
            1 => "1",
            2 => "2",
            _ => "3+",
        },
    ]);

    // What lies between it and the trigger.
    let (a, b) = if after {
        (head.end().saturating_sub(1), p.first)
    } else {
        (p.last.saturating_sub(1), head.word)
    };
    let gap = || v.text.get(v.words[a].end..v.words[b].start).unwrap_or("");
    if a < b && (gap().contains(';') || gap().contains(" and ") && gap().contains(',')) {
        f.add(&["clause_break"]);
    }
    if a < b && gap().contains(',') {
        f.add(&["comma_between"]);
    }
    let lo = a.min(b);
    let hi = a.max(b);
    if triggers
        .iter()
        .any(|t| t.word > lo && t.word < hi && t.word != head.word)
    {
        f.add(&["trigger_between"]);
    }

    // The actor, not the place.
    let next = v.lower(p.last);
    let rest = v.text.get(v.words[p.last - 1].end..).unwrap_or("");
    if rest.starts_with("'s") || rest.starts_with("\u{2019}s") {
        f.add(&["possessive"]);
    }
    if rest.starts_with('-') {
        f.add(&["hyphenated"]); // "U.S.-led", "Iranian-backed"
    }
    if cues::ACTOR_VERB.contains(next) {
        f.add(&["actor_verb_after"]);
    }
    // Right after the trigger with no preposition: its object ("captured
    // Kabul", "shelled Mariupol").
    if after && p.first == head.end() {
        f.add(&["object"]);
    }
    // The word after it, as a feature of its own: "X province", "X
    // district" (a place), "X officials", "X military" (an actor).
    f.add(&["next=", next]);
    // "the Sunni neighbourhood of Azamiyah": a name before "area of" is
    // an adjective of the place after it.
    if cues::PLACE.contains(next) && v.lower(p.last + 1) == "of" {
        f.add(&["before_area_of"]);
    }
    if p.origin != Origin::Recognised {
        f.add(&["origin=", p.origin.as_str(), "&gov=", gov]);
    }
    if cues::STATE_ACTOR.contains(next) || cues::NONSTATE_ACTOR.contains(next) {
        f.add(&["actor_noun_after"]); // "Turkish forces", "Syria troops"
    }
    // A dateline: "KABUL, Aug 26 (Reuters) -".
    if p.first == 0
        && v.text[v.words[p.last - 1].end..].starts_with([',', ' '])
        && v.words.len() > p.last
    {
        let w = &v.words[p.first];
        if v.text[w.start..w.end]
            .bytes()
            .all(|b| !b.is_ascii_lowercase())
        {
            f.add(&["dateline"]);
        }
    }
    // A town inside another place the sentence names ("in Kunduz,
    // Afghanistan"): the town is the more specific.
    let inside = v.places.iter().any(|q| {
        !std::ptr::eq(q, p)
            && q.country_code.is_some()
            && q.country_code == p.country_code
            && q.kind.map_or(9, specificity) < p.kind.map_or(0, specificity)
    });
    if inside {
        f.add(&["most_specific"]);
    }
}

/// Words that start capitalised phrases which are no places ("in the
/// East", "at The Times"), besides month and weekday names ("in March":
/// [`crate::recognize::CALENDAR`]).
static NOT_PLACES: crate::words::WordSet = crate::words::WordSet::new(&[
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "prime",
    "minister",
    "general",
    "gen",
    "colonel",
    "police",
    "army",
    "government",
    "parliament",
    "congress",
    "senate",
    "court",
    "ministry",
    "council",
    "university",
    "hospital",
    "school",
    "airport",
    "hotel",
    "street",
    "road",
    "avenue",
    "square",
    "square",
    "north",
    "south",
    "east",
    "west",
    "i",
    "we",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "christmas",
    "easter",
    "ramadan",
    "eid",
    "new",
    "islamic",
    "state",
    "united",
    "national",
    "federal",
    "international",
    "european",
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "reuters",
    "afp",
    "ap",
    "xinhua",
]);

/// Whether a name the gazetteer does not know, words `j..k` governed by
/// word `g`, is written as a place rather than as a group, an institution
/// or an adjective: "the control of the Taliban", "positions of the Syrian
/// Arab Army", "a Red Cross convoy", "Kurdish fighters" are not places;
/// "the T-4 Military Airport", "the Panjshir valley", "the Shebaa Farms",
/// "in Gwoza" are.
fn unknown_name_is_place(v: &View, g: usize, j: usize, k: usize) -> bool {
    let last = v.lower(k - 1);
    if ORG_HEAD.contains(last) {
        return false;
    }
    let next = if k < v.words.len() { v.lower(k) } else { "" };
    // A nationality or language ("Kurdish", "Syrian") before a noun.
    if k == j + 1
        && ["ish", "ian", "ese"].iter().any(|s| last.ends_with(s))
        && !next.is_empty()
        && !GEO_HEAD.contains(next)
        && !v.capitalised(k)
    {
        return false;
    }
    // "the X" alone is a group more often than a place, unless a word for
    // a place follows.
    let the = (g + 1..j).any(|x| v.lower(x) == "the");
    !the || k != j + 1 || GEO_HEAD.contains(next) || GEO_HEAD.contains(last)
}

/// True for a word that tells who holds or backs a place, not its name:
/// "a Taliban-held district", "the Turkish-backed forces".
fn who_holds(w: &str) -> bool {
    [
        "-held",
        "-controlled",
        "-backed",
        "-led",
        "-run",
        "-occupied",
        "-based",
        "-dominated",
        "-allied",
        "-linked",
    ]
    .iter()
    .any(|s| w.len() > s.len() && w.ends_with(s))
}

/// True when the unresolved name at words `j..k` is told as a part of the
/// known place `p`: "Mogadishu's Yaqshid district", "Baghdad's western
/// Amriya district", "the Zafaraniyah district of Baghdad".
fn inside(v: &View, j: usize, k: usize, p: &Place) -> bool {
    let ws = v.words;
    // The head before it: "the Tijuana district of La Presa", "the Homs
    // neighbourhood of Baba Amr", "Baghdad's northern neighborhood of
    // Adhamiyah": the place, its possessive, directions, the head, "of".
    if j >= 2 && v.lower(j - 1) == "of" && PART_HEAD.contains(v.lower(j - 2)) {
        let head = j - 2;
        return p.last > 0
            && p.last <= head
            && (p.last..head).all(|x| DIRECTION.contains(v.lower(x)) || v.lower(x) == "s")
            && v.text[ws[p.last - 1].end..ws[head].start]
                .chars()
                .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '\'' | '\u{2019}'));
    }
    // The area after a comma: "the town of Khan Touman, southern Aleppo",
    // "Birdik, North Darfur" (an area, or one a direction qualifies: not
    // the next name of a list).
    if k < ws.len() && v.text[ws[k - 1].end..ws[k].start].trim() == "," {
        let mut x = k;
        while x < ws.len() && DIRECTION.contains(v.lower(x)) {
            x += 1;
        }
        let area = matches!(p.kind, Some(Kind::Admin1 | Kind::Admin2 | Kind::Country));
        return (k..=x).contains(&p.first) && (area || x > k);
    }
    if k >= ws.len() || !PART_HEAD.contains(v.lower(k)) {
        return false;
    }
    if p.last <= j && j - p.last <= 2 && p.last > 0 {
        // From the place's last word (which may hold the "'s") to the
        // part's first: the possessive, then at most a direction.
        let between = &v.text[ws[p.last - 1].start..ws[j].start];
        let Some(at) = between.find("'s").or_else(|| between.find("\u{2019}s")) else {
            return false;
        };
        let rest = between[at..]
            .trim_start_matches(['\'', '\u{2019}', 's'])
            .trim();
        return rest.chars().all(char::is_alphabetic);
    }
    p.first == k + 2 && v.lower(k + 1) == "of"
}

/// Directions that may stand between a place and its part ("Baghdad's
/// northern neighborhood of Adhamiyah").
static DIRECTION: crate::words::WordSet = crate::words::WordSet::new(&[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "old",
    "new",
]);

/// Words that start names of places and name none alone.
static NAME_STARTS: crate::words::WordSet = crate::words::WordSet::new(&[
    "los", "las", "la", "le", "les", "el", "san", "santa", "santo", "sao", "st", "saint", "port",
    "fort", "mount", "lake", "new", "north", "south", "east", "west", "upper", "lower", "great",
]);

/// Words for a part of a town or area: what [`inside`] looks for.
static PART_HEAD: crate::words::WordSet = crate::words::WordSet::new(&[
    "district",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "suburb",
    "township",
    "village",
    "area",
]);

/// True when the capitalised run `j..k`, with no preposition before it,
/// is headed by a word for a place: its own last word, capitalised, after
/// at least one other ("the Heart Hospital", "Al-Rasoul Checkpoint"), or
/// a lowercase one right after it ("Yaqshid district", "Katarko
/// village"), unless the run is a people or a faith ("the Kurdish region",
/// "a Sunni neighbourhood").
fn headed(v: &View, j: usize, k: usize) -> bool {
    let last = v.lower(k - 1);
    if k > j + 1 && HEADED.contains(last) {
        return true;
    }
    k < v.words.len()
        && !v.capitalised(k)
        && HEADED.contains(v.lower(k))
        && !matches!(v.lower(k), "camp" | "base")
        && !SECT.contains(last)
        && !["ish", "ian", "ese", "ani", "qi", "an"]
            .iter()
            .any(|s| last.ends_with(s))
}

/// Words for a place that head a name: "district", "village", "hospital".
static HEADED: crate::words::WordSet = crate::words::WordSet::new(&[
    "district",
    "neighbourhood",
    "neighborhood",
    "village",
    "town",
    "township",
    "camp",
    "suburb",
    "quarter",
    "province",
    "governorate",
    "county",
    "valley",
    "river",
    "hills",
    "hill",
    "mountains",
    "mountain",
    "hospital",
    "checkpoint",
    "mosque",
    "church",
    "airport",
    "airbase",
    "base",
    "square",
    "street",
    "road",
    "bridge",
    "market",
    "prison",
    "university",
    "farms",
    "area",
    "region",
]);

/// Faiths and sects, which qualify a place without naming it ("a Shiite
/// district").
static SECT: crate::words::WordSet = crate::words::WordSet::new(&[
    "sunni",
    "shiite",
    "shia",
    "shi'ite",
    "christian",
    "muslim",
    "alawite",
    "druze",
    "jewish",
    "arab",
    "hindu",
    "catholic",
    "orthodox",
    "buddhist",
    "coptic",
    "yazidi",
    "kurd",
    "tribal",
    "rebel",
    "opposition",
    "government",
    "regime",
]);

/// Last words of group and institution names.
static ORG_HEAD: crate::words::WordSet = crate::words::WordSet::new(&[
    "army",
    "armies",
    "forces",
    "force",
    "brigade",
    "brigades",
    "battalion",
    "regiment",
    "division",
    "brotherhood",
    "cross",
    "crescent",
    "guard",
    "guards",
    "corps",
    "agency",
    "front",
    "movement",
    "party",
    "council",
    "ministry",
    "committee",
    "command",
    "government",
    "police",
    "militia",
    "militias",
    "group",
    "organization",
    "organisation",
    "network",
    "alliance",
    "coalition",
    "authority",
    "court",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "company",
    "fund",
    "association",
    "federation",
    "league",
    "office",
    "service",
    "services",
    "news",
    "times",
    "post",
    "media",
    "tv",
    "radio",
    "foundation",
    "commission",
    "bureau",
    "department",
    "union",
    "nations",
    "unit",
    "units",
    "mission",
    "taskforce",
]);

/// Words that make a name after "the" a place: "the Panjshir valley",
/// "the Gaza Strip", "the Nineveh plains".
static GEO_HEAD: crate::words::WordSet = crate::words::WordSet::new(&[
    "valley",
    "province",
    "district",
    "region",
    "governorate",
    "county",
    "state",
    "mountains",
    "mountain",
    "hills",
    "river",
    "desert",
    "gorge",
    "strip",
    "peninsula",
    "basin",
    "delta",
    "plains",
    "plain",
    "highlands",
    "lake",
    "sea",
    "gulf",
    "coast",
    "islands",
    "island",
    "corridor",
    "pass",
    "heights",
    "bank",
    "oblast",
    "prefecture",
    "municipality",
    "camp",
    "airport",
    "airbase",
    "base",
    "farms",
    "street",
    "square",
    "quarter",
    "suburb",
    "market",
    "junction",
    "station",
    "plant",
    "bridge",
    "crossing",
    "checkpoint",
    "hospital",
    "road",
    "city",
    "area",
    "neighbourhood",
    "neighborhood",
    "dam",
    "port",
    "fort",
    "field",
    "fields",
    "mosque",
    "church",
    "palace",
    "stadium",
    "park",
    "hill",
    "town",
    "village",
]);

/// Adds to `places` the names the recogniser left out that the sentence
/// gives as places: a run of up to five capitalised words (not the
/// sentence's first) right after a locative preposition or "of" ("in
/// Idlib", "the town of Khan Sheikhoun"), not part of a place already
/// found. A name the gazetteer knows becomes that place (its best sense:
/// [`Origin::Recovered`]); another stays a name ([`Origin::Unresolved`]).
/// The linker weighs them with their origin.
pub(crate) fn recover<'m>(
    gaz: &'m crate::Gazetteer,
    v: &View,
    char_at: &dyn Fn(usize) -> usize,
    places: &mut Vec<Place<'m>>,
) {
    let ws = v.words;
    // A name's word: capitalised, or an Arabic article before one
    // ("al-Mashi", "el-Arish").
    let name_word = |k: usize| {
        v.capitalised(k) || {
            let w = &v.text[ws[k].start..ws[k].end];
            // Every article below ends in "-" at its third or fourth byte:
            // other words are turned away before the sixteen comparisons.
            w.as_bytes().get(2..4).is_some_and(|b| b.contains(&b'-'))
                && [
                    "al-", "el-", "ad-", "ar-", "as-", "an-", "ash-", "az-", "ez-", "es-", "et-",
                    "ed-", "ul-", "at-", "ath-", "adh-",
                ]
                .iter()
                .any(|p| {
                    w.len() > p.len() + 1
                        && w.starts_with(p)
                        && w[p.len()..].starts_with(char::is_uppercase)
                })
        }
    };
    let mut j = 1;
    while j < ws.len() {
        // The governing word, past "the" and an adjective of direction.
        let mut g = j - 1;
        while g > 0
            && matches!(
                v.lower(g),
                "the"
                    | "northern"
                    | "southern"
                    | "eastern"
                    | "western"
                    | "central"
                    | "northwestern"
                    | "northeastern"
                    | "southwestern"
                    | "southeastern"
                    | "nearby"
                    | "neighbouring"
                    | "neighboring"
            )
        {
            g -= 1;
        }
        let governed =
            cues::LOCATIVE.contains(v.lower(g)) || matches!(v.lower(g), "of" | "from" | "to");
        if !name_word(j)
            || NOT_PLACES.contains(v.lower(j))
            || crate::recognize::CALENDAR.contains(v.lower(j))
            || v.place_at_in(places, j)
            || who_holds(v.lower(j))
        {
            j += 1;
            continue;
        }
        let mut k = j + 1;
        while k < ws.len()
            && k < j + 5
            && name_word(k)
            && v.gap(k - 1, k).chars().all(|c| c == ' ' || c == '-')
            && !v.place_at_in(places, k)
            // "in Hebron Friday": the day is no part of the name.
            && !crate::recognize::CALENDAR.contains(v.lower(k))
        {
            k += 1;
        }
        // Ungoverned, a name is a place only when a word for one heads
        // it: "stormed the Heart Hospital", "in Mogadishu's Yaqshid
        // district", "attacked Katarko village".
        if !governed && !headed(v, j, k) {
            j = k;
            continue;
        }
        // A lone initial ("U.N.", "U.S.") is no name, nor the first word
        // of a name alone ("in Los altos", "in San diego").
        if k == j + 1 && (v.lower(j).len() == 1 || NAME_STARTS.contains(v.lower(j))) {
            j = k;
            continue;
        }
        let (b0, mut b1) = (ws[j].start, ws[k - 1].end);
        // Not its possessive ("Bustan Al-Basha District's"), nor what a
        // no-break space joins to it.
        for cut in ["'s", "\u{2019}s", "\u{a0}"] {
            if let Some(at) = v.text[b0..b1].find(cut) {
                b1 = b0 + at;
            }
        }
        if b1 <= b0 {
            j = k;
            continue;
        }
        let written = &v.text[b0..b1];
        // Of the gazetteer's senses, one called by this name (not one that
        // merely has it among its other names: "Gao" is also a name of
        // Guantánamo), in a country the sentence names if there is one.
        // (`Gazetteer::lookup`, its key made once.)
        let key = crate::gazetteer::normalize_key(written);
        // A name that is also a word ("God", "Commerce") or an acronym
        // ("NGO", "GBI") is not taken for a place on this evidence alone,
        // nor a given name or surname ("Taylor", "Lee") unless a sense
        // is a city of 50,000 or more ("Gao"): the recogniser and the
        // resolver, which know the article, pass on those. "The White
        // House" is no town in Tennessee.
        let entry = gaz.entry(&key).filter(|e| {
            key != "white house"
                && !e.is_common_word()
                && !(written.len() <= 4 && written.bytes().all(|b| b.is_ascii_uppercase()))
        });
        let person = entry.is_some_and(|e| e.is_surname() || e.is_first_name());
        let senses: Vec<_> = entry
            .into_iter()
            .flat_map(|e| e.candidates())
            .map(|i| gaz.place(i))
            .filter(|p| p.kind != Kind::Demonym)
            .collect();
        let senses = if person && senses.iter().all(|p| p.population < 50_000) {
            Vec::new()
        } else {
            senses
        };
        let named = |p: &crate::gazetteer::Place| {
            p.name.eq_ignore_ascii_case(written) || crate::gazetteer::normalize_key(p.name) == key
        };
        let in_country = |p: &crate::gazetteer::Place| {
            places
                .iter()
                .any(|q| q.country_code.is_some() && q.country_code == p.country_code)
        };
        let known = senses
            .iter()
            .find(|p| in_country(p) && named(p))
            .or_else(|| senses.iter().find(|p| named(p)))
            .or_else(|| senses.first())
            .cloned();
        if known.is_none() && !unknown_name_is_place(v, g, j, k) {
            j = k;
            continue;
        }
        let (start, end) = (char_at(b0), char_at(b1));
        places.push(match known {
            Some(p) => Place {
                first: j,
                last: k,
                start,
                end,
                name: std::borrow::Cow::Borrowed(p.name),
                kind: Some(p.kind),
                geonameid: p.geonameid,
                country_code: p.country_code,
                lat: Some((p.lat * 1e6).round() / 1e6),
                lon: Some((p.lon * 1e6).round() / 1e6),
                origin: Origin::Recovered,
                within: false,
            },
            None => {
                let container = places
                    .iter()
                    .find(|p| p.lat.is_some() && inside(v, j, k, p))
                    .map(|p| (p.lat, p.lon));
                Place {
                    first: j,
                    last: k,
                    start,
                    end,
                    name: std::borrow::Cow::Owned(written.to_string()),
                    kind: None,
                    geonameid: None,
                    country_code: None,
                    lat: container.and_then(|c| c.0),
                    lon: container.and_then(|c| c.1),
                    origin: Origin::Unresolved,
                    within: container.is_some(),
                }
            }
        });
        j = k;
    }
    places.sort_by_key(|p| p.first);
}

/// How specific a kind of place is: a town beats a county, beats a
/// province, beats a country, beats a region.
pub(crate) fn specificity(kind: Kind) -> u8 {
    match kind {
        Kind::City => 5,
        Kind::Admin2 => 4,
        Kind::Admin1 => 3,
        Kind::Country => 2,
        Kind::Demonym => 1,
        Kind::Region | Kind::Continent | Kind::Feature => 0,
    }
}

/// The features of "no place in this sentence" for the event at `head`.
pub(crate) fn none_features(v: &View, head: &Candidate, f: &mut impl Sink) {
    f.add(&["none"]);
    let n = v.places.len();
    f.add(&[
        "none&n=",
        match n {
            0 => "0",
            1 => "1",
            2 => "2",
            _ => "3+",
        },
    ]);
    f.add(&["none&lemma=", head.trigger.lemma]);
    let governed = v
        .places
        .iter()
        .any(|p| cues::LOCATIVE.contains(governor(v, p.first)));
    if governed {
        f.add(&["none&locative_place"]);
    }
}
