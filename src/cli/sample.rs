//! The bundled sample set: the articles in `examples/articles/`, compiled
//! into the binary so `eventmap map` works from any directory.

use eventmap::input::{Format, Input};

/// (name used in messages and for the id, format, contents).
const FILES: &[(&str, Format, &str)] = &[
    (
        "examples/articles/afghanistan.txt",
        Format::Text,
        include_str!("../../examples/articles/afghanistan.txt"),
    ),
    (
        "examples/articles/brazil-floods.txt",
        Format::Text,
        include_str!("../../examples/articles/brazil-floods.txt"),
    ),
    (
        "examples/articles/sample.jsonl",
        Format::JsonLines,
        include_str!("../../examples/articles/sample.jsonl"),
    ),
];

/// The sample articles as inputs.
pub fn inputs() -> Vec<Input> {
    FILES
        .iter()
        .map(|&(name, format, text)| Input::memory(name, format, text.as_bytes()))
        .collect()
}
