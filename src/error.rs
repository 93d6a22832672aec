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
    /// Drawing an image failed (size out of range, no font).
    #[error("cannot draw: {reason}")]
    Render {
        /// What went wrong.
        reason: String,
    },
    /// An option value that cannot be used (`--focus XX`, `--kinds town`).
    #[error("{option}: {reason}")]
    BadOption {
        /// The option, as written on the command line ("--kinds").
        option: &'static str,
        /// What is wrong with its value.
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

/// Runs `f`, turning a panic into `Err` with the panic's message: a bug hit
/// by one article must become a reported failure of that article, not the
/// end of a run that may hold thousands more ("batch lost 4,886 articles to
/// one page that panicked in the HTML reader").
///
/// The panic is still a bug: the process's panic hook has already printed
/// it (the `eventmap` command prints one line). The state `f` touched may
/// be inconsistent afterwards, so callers drop it: a reader stops reading
/// that input, a worker drops that article.
///
/// ```
/// let r = eventmap::error::catch_panic(|| -> u32 { panic!("boom") });
/// assert_eq!(r.unwrap_err(), "boom");
/// assert_eq!(eventmap::error::catch_panic(|| 7).unwrap(), 7);
/// ```
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}
