//! Counts of dead and injured stated in a sentence: "killed almost 200
//! people", "12 people died", "the death toll rose to 1,500", "five shot
//! dead", "injuring dozens". A number written as digits or as a word gives
//! the count; a word such as "dozens" says only that there were many, so
//! the count stays unknown and is marked approximate ("dozens were hurt"
//! is not "24 injured").

use super::cues::APPROXIMATE;
use super::words::Word;
use crate::words::WordSet;

/// A count and whether it is approximate; `(None, true)` for "dozens".
pub(crate) type Count = Option<(Option<u32>, bool)>;

/// Words that say people died.
static DEAD: WordSet = WordSet::new(&[
    "killed",
    "killing",
    "dead",
    "died",
    "deaths",
    "death",
    "lives",
    "kills",
    "fatalities",
    "toll",
    "perished",
]);

/// Words that say people were hurt.
static HURT: WordSet = WordSet::new(&[
    "injured",
    "injuring",
    "wounded",
    "wounding",
    "hurt",
    "injuries",
    "injures",
    "wounds",
    "casualties",
]);

/// Words that say "many" without a number.
static MANY: WordSet =
    WordSet::new(&["dozens", "dozen", "hundreds", "scores", "thousands", "tens"]);

/// The number a word writes: digits (with the thousands that follow after
/// commas in `text`: "1,500"), or a number word up to "hundred".
fn number_at(text: &str, w: &Word) -> Option<u32> {
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
    if let Some(n) = SMALL.iter().position(|s| *s == w.lower) {
        return Some(n as u32);
    }
    match w.lower {
        "thirty" => return Some(30),
        "forty" => return Some(40),
        "fifty" => return Some(50),
        "sixty" => return Some(60),
        "seventy" => return Some(70),
        "eighty" => return Some(80),
        "ninety" => return Some(90),
        "hundred" => return Some(100),
        _ => {}
    }
    if !w.lower.bytes().all(|b| b.is_ascii_digit()) || w.lower.len() > 7 {
        return None;
    }
    // "1,500": groups of three digits after commas belong to the number.
    let mut digits = w.lower.to_string();
    let bytes = text.as_bytes();
    let mut at = w.end;
    while bytes.get(at) == Some(&b',')
        && bytes
            .get(at + 1..at + 4)
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !bytes.get(at + 4).is_some_and(u8::is_ascii_digit)
        && digits.len() < 8
    {
        digits.push_str(&text[at + 1..at + 4]);
        at += 4;
    }
    digits.parse().ok().filter(|n| *n < 10_000_000)
}

/// The dead and the injured a sentence's words state, if any.
pub(crate) fn counts(text: &str, ws: &[Word]) -> (Count, Count) {
    let mut dead = None;
    let mut hurt = None;
    for (i, w) in ws.iter().enumerate() {
        let slot = if DEAD.contains(w.lower) {
            &mut dead
        } else if HURT.contains(w.lower) {
            &mut hurt
        } else {
            continue;
        };
        if slot.is_some() {
            continue;
        }
        // A number within a few words after ("killed almost 200 people",
        // "death toll rose to 30") or before ("12 people died", "five shot
        // dead"). The search stops at "and", "while", "but" or a comma: in
        // "12 people died and 30 were injured" the 30 is not the dead.
        let is_count = |j: usize| {
            number_at(text, &ws[j])
                .map(Some)
                .or_else(|| MANY.contains(ws[j].lower).then_some(None))
                // A year or a clock time is no count ("killed in 2014").
                .filter(|n| {
                    !n.is_some_and(|n| (1900..=2100).contains(&n) && ws[j].lower.len() == 4)
                })
        };
        // A toll's number may come after what it is of: "the death toll
        // from the earthquake in Herat rose to 1,500".
        let reach = if w.lower == "toll" { 11 } else { 5 };
        let after = (i + 1..(i + reach).min(ws.len()))
            .take_while(|&j| !breaks(text, &ws[j - 1], &ws[j]))
            .find_map(|j| is_count(j).map(|n| (j, n)));
        let before = (i.saturating_sub(4)..i)
            .rev()
            .take_while(|&j| !breaks(text, &ws[j], &ws[j + 1]))
            .find_map(|j| is_count(j).map(|n| (j, n)));
        let Some((j, n)) = after.or(before) else {
            continue;
        };
        // "no one was killed", "not one died": none.
        let n = if j > 0 && matches!(ws[j - 1].lower, "no" | "not") && ws[j].lower == "one" {
            Some(0)
        } else {
            n
        };
        let lo = j.saturating_sub(2);
        let approx = n.is_none()
            || ws[lo..j].iter().any(|p| APPROXIMATE.contains(p.lower))
            || ws[lo..j]
                .windows(2)
                .any(|p| matches!((p[0].lower, p[1].lower), ("more", "than") | ("at", "least")));
        *slot = Some((n, approx));
    }
    (dead, hurt)
}

/// True when a clause boundary lies between two neighbouring words, or one
/// of them is a conjunction.
fn breaks(text: &str, a: &Word, b: &Word) -> bool {
    text[a.end..b.start].contains([',', ';', ':'])
        || matches!(b.lower, "and" | "while" | "but" | "whereas")
        || matches!(a.lower, "and" | "while" | "but" | "whereas")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::words::words;

    fn count(text: &str) -> (Count, Count) {
        let lower = text.to_ascii_lowercase();
        let ws = words(text, 0, text.len(), &lower);
        counts(text, &ws)
    }

    #[test]
    fn counts_of_dead_and_injured() {
        let cases: &[(&str, Count, Count)] = &[
            (
                "The blast killed almost 200 people.",
                Some((Some(200), true)),
                None,
            ),
            (
                "Five people were shot dead in the market.",
                Some((Some(5), false)),
                None,
            ),
            (
                "Gunmen shot dead five villagers.",
                Some((Some(5), false)),
                None,
            ),
            (
                "The death toll rose to 12 on Monday.",
                Some((Some(12), false)),
                None,
            ),
            (
                "The death toll rose to 1,500 by Friday.",
                Some((Some(1500), false)),
                None,
            ),
            (
                "The death toll from the earthquake in Herat rose to 1,500 on Monday.",
                Some((Some(1500), false)),
                None,
            ),
            (
                "Gunmen attacked the post, but no one was killed.",
                Some((Some(0), false)),
                None,
            ),
            (
                "Twelve people died and 30 were injured.",
                Some((Some(12), false)),
                Some((Some(30), false)),
            ),
            (
                "Dozens were hurt when the roof fell.",
                None,
                Some((None, true)),
            ),
            ("At least 40 were killed.", Some((Some(40), true)), None),
            (
                "More than 300 people were wounded.",
                None,
                Some((Some(300), true)),
            ),
            ("He was killed in 2014.", None, None),
            ("No numbers here, killed.", None, None),
        ];
        for (text, dead, hurt) in cases {
            assert_eq!(count(text), (*dead, *hurt), "{text}");
        }
    }
}
