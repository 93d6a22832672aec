//! Finding the inputs of a batch run, lazily.

use std::path::{Path, PathBuf};

use crate::input::Input;

/// File extensions a folder walk picks up (lower case).
pub const ARTICLE_EXTENSIONS: [&str; 8] = [
    "txt", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm",
];

/// One thing [`discover`] found.
#[derive(Debug)]
pub enum Found {
    /// An input to read.
    Input(Input),
    /// An argument or folder entry that cannot be read.
    Failed {
        /// The argument or path.
        input: String,
        /// Why.
        error: String,
    },
}

/// The inputs named by command-line arguments, in order, found lazily (a
/// folder of a million files is walked as it is read, not listed first):
///
/// - `-`: JSONL on standard input;
/// - a folder: every file with an [`ARTICLE_EXTENSIONS`] extension under
///   it, recursively, in name order, hidden files and folders skipped;
/// - a file: that file (whatever its extension);
/// - anything else with `*`, `?` or `[`: a glob pattern (`**` for any
///   depth), matches in name order, folders among them walked;
/// - anything else: a [`Found::Failed`].
pub fn discover(args: &[String]) -> impl Iterator<Item = Found> + '_ {
    args.iter()
        .flat_map(|arg| -> Box<dyn Iterator<Item = Found>> {
            let path = Path::new(arg);
            if arg == "-" {
                Box::new(std::iter::once(Found::Input(Input::Stdin)))
            } else if path.is_dir() {
                Box::new(walk(path.to_path_buf()))
            } else if path.exists() {
                Box::new(std::iter::once(Found::Input(Input::Path(
                    path.to_path_buf(),
                ))))
            } else if arg.contains(['*', '?', '[']) {
                glob_inputs(arg)
            } else {
                Box::new(std::iter::once(Found::Failed {
                    input: arg.clone(),
                    error: "no such file or folder".to_string(),
                }))
            }
        })
}

fn glob_inputs(pattern: &str) -> Box<dyn Iterator<Item = Found>> {
    let paths = match glob::glob(pattern) {
        Ok(paths) => paths,
        Err(e) => {
            return Box::new(std::iter::once(Found::Failed {
                input: pattern.to_string(),
                error: format!("bad pattern: {e}"),
            }))
        }
    };
    let pattern = pattern.to_string();
    let found = paths.flat_map(|p| -> Box<dyn Iterator<Item = Found>> {
        match p {
            Ok(p) if p.is_dir() => Box::new(walk(p)),
            Ok(p) => Box::new(std::iter::once(Found::Input(Input::Path(p)))),
            Err(e) => Box::new(std::iter::once(Found::Failed {
                input: e.path().display().to_string(),
                error: e.error().to_string(),
            })),
        }
    });
    // Say so when nothing matched, rather than silently doing nothing.
    let mut found = found.peekable();
    if found.peek().is_none() {
        return Box::new(std::iter::once(Found::Failed {
            input: pattern,
            error: "no files match".to_string(),
        }));
    }
    Box::new(found)
}

/// Article files under `dir`, recursively, in name order.
fn walk(dir: PathBuf) -> impl Iterator<Item = Found> {
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() && has_article_extension(e.path()) => {
                Some(Found::Input(Input::Path(e.into_path())))
            }
            Ok(_) => None,
            Err(e) => Some(Found::Failed {
                input: e
                    .path()
                    .map_or_else(|| "?".to_string(), |p| p.display().to_string()),
                error: e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string()),
            }),
        })
}

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &[Found]) -> Vec<String> {
        found
            .iter()
            .map(|f| match f {
                Found::Input(i) => i.name(),
                Found::Failed { input, error } => format!("ERR {input}: {error}"),
            })
            .collect()
    }

    #[test]
    fn folders_are_walked_in_order_and_filtered() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/deep")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "z.txt",
            "a.md",
            "b/deep/x.jsonl",
            "b/c.html",
            "notes.pdf",
            ".hidden.txt",
            ".git/x.txt",
        ] {
            std::fs::write(d.join(f), "Rain in Lagos.").unwrap();
        }
        let found: Vec<Found> = discover(&[d.display().to_string()]).collect();
        let rel: Vec<String> = names(&found)
            .iter()
            .map(|n| n.trim_start_matches(&d.display().to_string()).to_string())
            .collect();
        assert_eq!(rel, ["/a.md", "/b/c.html", "/b/deep/x.jsonl", "/z.txt"]);
    }

    #[test]
    fn globs_files_stdin_and_missing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in ["one.txt", "two.txt", "three.json"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let args = vec![
            format!("{}/*.txt", d.display()),
            "-".to_string(),
            format!("{}/three.json", d.display()),
            format!("{}/missing.txt", d.display()),
            format!("{}/*.nothing", d.display()),
        ];
        let found: Vec<Found> = discover(&args).collect();
        let got = names(&found);
        let p = d.display().to_string();
        assert_eq!(
            got,
            [
                format!("{p}/one.txt"),
                format!("{p}/two.txt"),
                "-".to_string(),
                format!("{p}/three.json"),
                format!("ERR {p}/missing.txt: no such file or folder"),
                format!("ERR {p}/*.nothing: no files match"),
            ]
        );
    }
}
