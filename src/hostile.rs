//! Worst-case article texts, made the same way every time, for the
//! worst-case bench (`benches/worst_case.rs`) and `scripts/bench_limits`
//! (through `examples/worst_case_inputs.rs`). Not part of the library's API.

use crate::Gazetteer;

/// About `bytes` of one sentence mixing event triggers, places and
/// prepositions, with no full stop until the end.
pub fn dense_triggers(bytes: usize) -> String {
    const WORDS: [&str; 12] = [
        "Kabul",
        "attack",
        "Herat",
        "bombing",
        "Kandahar",
        "protest",
        "killed",
        "Lagos",
        "clashes",
        "explosion",
        "in",
        "near",
    ];
    let mut text = String::with_capacity(bytes + 16);
    // A fixed stride through the list, not a multiple of its length.
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(WORDS[i % WORDS.len()]);
        text.push(' ');
        i += 7;
    }
    text.push('.');
    text
}

/// About `bytes` of distinct town names from the gazetteer, comma after
/// comma, cycling when the names run out.
pub fn dense_places(gaz: &Gazetteer, bytes: usize) -> String {
    let mut seen = std::collections::HashSet::new();
    let names: Vec<&str> = gaz
        .places()
        .filter(|p| p.population >= 20_000 && p.name.is_ascii())
        .map(|p| p.name)
        .filter(|n| seen.insert(*n))
        .collect();
    let mut text = String::with_capacity(bytes + 64);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(names[i % names.len()]);
        text.push_str(", ");
        i += 1;
    }
    text.push('.');
    text
}

/// About `bytes` of one place name, repeated: every word a mention.
pub fn repeated_name(bytes: usize) -> String {
    "Kabul ".repeat(bytes / 6)
}
