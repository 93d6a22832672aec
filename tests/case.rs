//! Text in any case: the real binary on articles we wrote, each also
//! written all in lower case (as many tweets are) and all in capitals (as
//! some headlines and wire copy are). Each version must name the same
//! places as the article in ordinary case, with each mention's `text` as
//! written in its own version.

#[allow(dead_code)]
mod common;

use common::parse;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Our sentences, in ordinary case, with the places they name (GeoNames
/// ids): each must be found in every case.
const ARTICLES: &[(&str, &[u64])] = &[
    (
        "Heavy fighting was reported near Kandahar on Monday, officials in Kabul said.",
        &[1138336, 1138958],
    ),
    (
        "Floods cut off villages north of Manila, and rescue teams reached Cebu by boat.",
        &[1701668, 1717511],
    ),
    (
        "Protesters marched through Santiago and Valparaiso after the vote in Chile.",
        &[3871336, 3868626, 3895114],
    ),
    (
        "The minister flew from Nairobi to Mogadishu for talks with Somali leaders.",
        &[184745, 53654],
    ),
    (
        "Firefighters in Sacramento, California, fought a blaze that spread toward Nevada.",
        &[5389489, 5332921, 5509151],
    ),
    (
        "Two people died when a bus overturned outside Lahore, police in Punjab said.",
        &[1172451, 1167710],
    ),
    (
        "Aid trucks crossed from Egypt into Gaza through the Rafah crossing on Sunday.",
        &[357994, 7870260],
    ),
];

fn places(out: &Value) -> BTreeSet<u64> {
    out["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["geonameid"].as_u64())
        .collect()
}

/// Checks that each mention's `text` is its span of `text` (character
/// offsets).
fn texts_are_as_written(out: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for m in out["mentions"].as_array().unwrap() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let written: String = chars[s..e].iter().collect();
        assert_eq!(m["text"].as_str().unwrap(), written, "{text:?}");
    }
}

#[test]
fn places_are_found_in_lower_case_and_in_capitals_as_in_ordinary_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.jsonl");
    let mut lines = String::new();
    for (k, (text, _)) in ARTICLES.iter().enumerate() {
        for (case, t) in [
            ("ordinary", text.to_string()),
            ("lower", text.to_lowercase()),
            ("upper", text.to_uppercase()),
        ] {
            lines += &json!({"id": format!("{k}-{case}"), "text": t}).to_string();
            lines.push('\n');
        }
    }
    std::fs::write(&path, lines).unwrap();
    let out = parse(&path);
    assert_eq!(out.len(), ARTICLES.len() * 3);
    for (k, (text, want)) in ARTICLES.iter().enumerate() {
        let ordinary = places(&out[3 * k]);
        for &id in *want {
            assert!(ordinary.contains(&id), "{text:?}: {id} not in {ordinary:?}");
        }
        for (j, t) in [text.to_lowercase(), text.to_uppercase()]
            .iter()
            .enumerate()
        {
            let o = &out[3 * k + 1 + j];
            assert_eq!(places(o), ordinary, "{t:?}");
            texts_are_as_written(o, t);
        }
    }
}

/// The real binary's mentions (as written, GeoNames id) of each record.
fn mentions_of(rows: &[Value]) -> Vec<Vec<(String, u64)>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("posts.jsonl");
    let lines: Vec<String> = rows.iter().map(Value::to_string).collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    parse(&path)
        .iter()
        .map(|out| {
            out["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["text"].as_str().unwrap().to_owned(),
                        m["geonameid"].as_u64().unwrap(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_lower_case_tweet_and_a_headline_in_capitals_are_mapped() {
    let rows = [
        // A tweet in lower case, with a handle, a hashtag and a link.
        json!({"id": "tweet", "text": "@newsdesk huge explosion just now near the airport in kabul, roads closed #kabul https://t.co/x1"}),
        // A headline in capitals over a story in ordinary case.
        json!({"id": "headline", "text": "FLOODS CUT OFF VILLAGES NEAR MANILA\nRescue teams reached the flooded villages on Tuesday."}),
        // In capitals "US" is the country after "the", the pronoun elsewhere.
        json!({"id": "us", "text": "LET US NOT FORGET THE US TROOPS IN KABUL"}),
    ];
    let out = mentions_of(&rows);
    let mentions = |k: usize| out[k].clone();
    // The hashtag names the place too, as "#Kabul" does in any tweet.
    assert_eq!(
        mentions(0),
        [("kabul".to_owned(), 1138958), ("kabul".to_owned(), 1138958)]
    );
    assert_eq!(mentions(1), [("MANILA".to_owned(), 1701668)]);
    assert_eq!(
        mentions(2),
        [("US".to_owned(), 6252001), ("KABUL".to_owned(), 1138958)]
    );
}

#[test]
fn posts_place_their_hashtags_and_postal_codes_and_not_their_handles() {
    let rows = [
        // A town named like a person is placed by its hashtag.
        json!({"id": "tag", "text": "Police fired tear gas at protesters again tonight #Ferguson"}),
        // A state by its postal code after a town.
        json!({"id": "postal", "text": "Crazy photo of the tornado reported in Memphis, TN this evening"}),
        // A handle is an account, not a place.
        json!({"id": "handle", "text": "RT @Queen_UK: The RAF are heading to Iraq."}),
    ];
    let out = mentions_of(&rows);
    let mentions = |k: usize| out[k].clone();
    // Ferguson, Missouri.
    assert_eq!(mentions(0), [("Ferguson".to_owned(), 4386387)]);
    // Memphis and Tennessee.
    assert_eq!(
        mentions(1),
        [("Memphis".to_owned(), 4641239), ("TN".to_owned(), 4662168)]
    );
    // Iraq only.
    assert_eq!(mentions(2), [("Iraq".to_owned(), 99237)]);
}
