//! Article ids to safe, unique file names.

use std::collections::HashSet;

/// Longest name stem, bytes (a hash suffix and `.geojson` come on top).
const MAX_STEM: usize = 100;

/// Turns article ids into file-name stems, in input order:
///
/// - only ASCII letters, digits, `-`, `_` and `.` are kept, anything else
///   becomes `_`; a leading `.` becomes `_` (no hidden files, no `..`);
///   Windows device names (`con`, `nul`, …) get a `_` in front; at most
///   100 bytes; an empty result is `article`;
/// - an id that had to be changed gets `-` and 8 hex digits of a hash of
///   the original id, so `a/b` and `a_b` stay apart;
/// - a name already used in this run (compared without case, for
///   case-insensitive file systems) gets `-2`, `-3`, …
///
/// The same ids in the same order always give the same names.
///
/// ```
/// let mut n = eventmap::batch::Namer::new();
/// assert_eq!(n.assign("lgl-123"), "lgl-123");
/// assert_eq!(n.assign("lgl-123"), "lgl-123-2");
/// let name = n.assign("../../etc/passwd");
/// assert!(name.starts_with("_._.._etc_passwd-") && !name.contains('/'));
/// ```
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// A namer with no names used yet.
    pub fn new() -> Namer {
        Namer::default()
    }

    /// The file-name stem for `id`.
    pub fn assign(&mut self, id: &str) -> String {
        let mut stem = sanitize(id);
        if stem != id {
            stem = format!("{stem}-{:08x}", fnv1a(id.as_bytes()) as u32);
        }
        let mut name = stem.clone();
        let mut k = 1;
        while !self.used.insert(name.to_ascii_lowercase()) {
            k += 1;
            name = format!("{stem}-{k}");
        }
        name
    }
}

/// The id with unsafe characters replaced (see [`Namer`]).
fn sanitize(id: &str) -> String {
    let mut out = String::with_capacity(id.len().min(MAX_STEM));
    for c in id.chars() {
        if out.len() >= MAX_STEM {
            break;
        }
        out.push(match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
            _ => '_',
        });
    }
    if out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.is_empty() {
        return "article".to_string();
    }
    let base = out.split('.').next().unwrap_or("").to_ascii_lowercase();
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
        "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if RESERVED.contains(&base.as_str()) {
        out.insert(0, '_');
    }
    out
}

/// 64-bit FNV-1a: a stable hash (the same in every run and on every
/// platform, unlike std's).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_safe(name: &str) -> bool {
        !name.is_empty()
            && !name.starts_with('.')
            && name.len() <= MAX_STEM + 9
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    }

    #[test]
    fn plain_ids_are_kept() {
        let mut n = Namer::new();
        for id in ["lgl-40450848", "seed-afghanistan", "2024_05_06.story", "A1"] {
            assert_eq!(n.assign(id), id);
        }
    }

    #[test]
    fn traversal_and_odd_characters_are_neutralised() {
        let mut n = Namer::new();
        for id in [
            "../x",
            "..",
            ".",
            "/etc/passwd",
            "a\\b",
            "C:\\x",
            "",
            "   ",
            "naïve café",
            "x\0y",
            "CON",
            "nul.txt",
            &"z".repeat(500),
        ] {
            let name = n.assign(id);
            assert!(is_safe(&name), "{id:?} -> {name:?}");
            assert!(!name.contains(".."), "{id:?} -> {name:?}");
        }
        assert_eq!(sanitize("CON"), "_CON");
    }

    #[test]
    fn no_collisions_even_ignoring_case() {
        let mut n = Namer::new();
        let ids = ["a/b", "a_b", "a?b", "a_b", "a_b", "a_b-2", "A_B"];
        let names: Vec<String> = ids.iter().map(|id| n.assign(id)).collect();
        let lower: HashSet<String> = names.iter().map(|s| s.to_ascii_lowercase()).collect();
        assert_eq!(lower.len(), ids.len(), "{names:?}");
        assert_eq!(names[1], "a_b");
        assert_eq!(names[3], "a_b-2");
        // "a_b-2" as an id comes after the duplicate took that name.
        assert_eq!(names[5], "a_b-2-2");
        assert_eq!(names[6], "A_B-4");
    }

    #[test]
    fn same_order_same_names() {
        let ids = ["x/1", "x/1", "X/1", "y"];
        let a: Vec<String> = {
            let mut n = Namer::new();
            ids.iter().map(|i| n.assign(i)).collect()
        };
        let b: Vec<String> = {
            let mut n = Namer::new();
            ids.iter().map(|i| n.assign(i)).collect()
        };
        assert_eq!(a, b);
        assert_ne!(
            a[0], a[2],
            "different ids differing in case get different hashes"
        );
    }
}
