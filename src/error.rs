//! The library's error type. Every variant names the input it is about, so
//! a caller can print `path: reason` on one line and carry on with the next
//! article.

use std::path::PathBuf;

/// Errors from loading the gazetteer, reading articles and writing outputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The gazetteer blob is not one this build can read.
    #[error("gazetteer {source_name}: {reason}")]
    BadGazetteer {
        /// Where the blob came from ("bundled" or a path).
        source_name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An input file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input is not an article we can read (binary, empty, malformed JSON…).
    #[error("{input}{}: {reason}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    BadInput {
        /// The input's name (path or `-`).
        input: String,
        /// 1-based line number for JSONL inputs.
        line: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// Writing an output failed.
    #[error("{}: {reason}", path.display())]
    Output {
        /// The output file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// Shorthand for results with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
