//! The limits eventmap enforces on one article, so that no single input can
//! exhaust memory, tie up a core or blow up the output. Each is enforced
//! with a one-line error or warning naming the input; README lists them.

/// Longest JSONL line, and largest `.txt`, `.html` or `.json` file, that is
/// read: 64 MiB. A longer line is reported and skipped without being held
/// in memory.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// Longest article id, in bytes of UTF-8. An id is repeated in every
/// feature and row of an article, so a longer one is refused (the record is
/// reported as failed) rather than cut, which could make two ids equal.
pub const MAX_ID_BYTES: usize = 512;

/// Most place mentions kept per article. The text after the mention that
/// reaches the limit is not searched for places, and the article carries a
/// warning saying from which character on.
pub const MAX_MENTIONS: usize = 10_000;

/// Most events kept per article, the first in text order; the article
/// carries a warning when more were found.
pub const MAX_EVENTS: usize = 1_000;

/// Most time expressions kept per article, the first in text order; the
/// article carries a warning when the limit was reached.
pub const MAX_TIMES: usize = 10_000;

/// Longest sentence, in bytes, that the event extractor reads as one: a
/// longer run of text without a full stop is cut at the last space (or
/// character boundary) before the limit, and each piece is a sentence of
/// its own. An event's `sentence` is never longer.
pub const MAX_SENTENCE_BYTES: usize = 1_000;

/// `n` with a comma between groups of three digits, for messages.
///
/// ```
/// assert_eq!(eventmap::limits::thousands(10_000), "10,000");
/// ```
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_table() {
        for (n, s) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (10_000, "10,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(super::thousands(n), s);
        }
    }
}
