//! Finding the inputs of a batch run, lazily.
//!
//! Symbolic links to folders are never followed, in walks or in globs: a
//! link back up the tree (`ln -s . loop`) once made a glob read one file
//! thousands of times. A link to a file is read like the file. And one file
//! is read once per run, whatever names lead to it: a second name for it is
//! skipped with a note.

use std::collections::HashSet;
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
    /// An entry deliberately not read: a file already read under another
    /// name, a symbolic link to a folder.
    Skipped {
        /// The path.
        input: String,
        /// Why, for a note to the user.
        reason: String,
    },
}

/// The inputs named by command-line arguments, in order, found lazily (a
/// folder of a million files is walked as it is read, not listed first):
///
/// - `-`: standard input;
/// - a folder: every file with an [`ARTICLE_EXTENSIONS`] extension under
///   it, recursively, in name order, hidden files and folders skipped;
/// - a file: that file (whatever its extension);
/// - anything else with `*`, `?`, `[` or `{`: a glob pattern (`**` for any
///   depth; `*` and `?` do not match `/` or a leading `.`), matches in name
///   order, folders among them walked;
/// - anything else: a [`Found::Failed`].
///
/// Symbolic links to folders are not followed ([`Found::Skipped`]), and a
/// file reached twice is read once.
pub fn discover(args: &[String]) -> impl Iterator<Item = Found> + '_ {
    let mut seen = Seen::default();
    args.iter()
        .flat_map(|arg| -> Box<dyn Iterator<Item = Found>> {
            let path = Path::new(arg);
            if arg == "-" {
                Box::new(std::iter::once(Found::Input(Input::Stdin)))
            } else if path.is_dir() {
                let mut files = walk(path.to_path_buf()).peekable();
                if files.peek().is_none() {
                    return Box::new(std::iter::once(Found::Failed {
                        input: arg.clone(),
                        error: "no article files in folder".to_string(),
                    }));
                }
                Box::new(files)
            } else if path.exists() {
                Box::new(std::iter::once(Found::Input(Input::Path(
                    path.to_path_buf(),
                ))))
            } else if arg.contains(['*', '?', '[', '{']) {
                glob_inputs(arg)
            } else {
                Box::new(std::iter::once(Found::Failed {
                    input: arg.clone(),
                    error: "no such file or folder".to_string(),
                }))
            }
        })
        .map(move |found| seen.check(found))
}

/// The files already found, by identity (device and inode on Unix, the
/// canonical path elsewhere).
#[derive(Default)]
struct Seen {
    files: HashSet<FileKey>,
}

#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

impl Seen {
    /// `found`, or a [`Found::Skipped`] when it is a file already found.
    fn check(&mut self, found: Found) -> Found {
        let Found::Input(Input::Path(path)) = &found else {
            return found;
        };
        let Some(key) = file_key(path) else {
            return found; // unreadable: reading it will say why
        };
        if self.files.insert(key) {
            found
        } else {
            Found::Skipped {
                input: path.display().to_string(),
                reason: "already read under another name; skipped".to_string(),
            }
        }
    }
}

#[cfg(unix)]
fn file_key(path: &Path) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path) -> Option<FileKey> {
    std::fs::canonicalize(path).ok()
}

/// The inputs a glob pattern matches: the pattern's leading components
/// without wildcards name the folder that is walked (never following
/// symbolic links to folders, and no deeper than the pattern reaches), and
/// each path under it is matched against the whole pattern.
fn glob_inputs(pattern: &str) -> Box<dyn Iterator<Item = Found>> {
    let fail = |error: String| -> Box<dyn Iterator<Item = Found>> {
        Box::new(std::iter::once(Found::Failed {
            input: pattern.to_string(),
            error,
        }))
    };
    let matcher = match globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
    {
        Ok(g) => g.compile_matcher(),
        Err(e) => return fail(format!("bad pattern: {}", e.kind())),
    };
    // The folder to walk: the components before the first with a wildcard.
    let mut base = PathBuf::new();
    let mut rest = 0usize;
    let mut any_depth = false;
    for c in Path::new(pattern).components() {
        let text = c.as_os_str().to_string_lossy();
        let wild = text.contains(['*', '?', '[', '{']);
        if rest == 0 && !wild {
            base.push(c);
            continue;
        }
        rest += 1;
        any_depth |= text.contains("**");
    }
    let walk_root = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base.clone()
    };
    // "./x" is written "x" by a walk from ".": match what was written.
    let strip_dot = base.as_os_str().is_empty();
    let mut walker = walkdir::WalkDir::new(&walk_root)
        .sort_by_file_name()
        .min_depth(1);
    if !any_depth {
        walker = walker.max_depth(rest);
    }
    let entries = walker
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    let found = entries.filter_map(move |entry| {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => return Some(walk_error(e)),
        };
        let path = entry.path();
        let shown = if strip_dot {
            path.strip_prefix(".").unwrap_or(path)
        } else {
            path
        };
        if !matcher.is_match(shown) {
            return None;
        }
        let shown = shown.to_path_buf();
        if entry.file_type().is_dir() {
            // A folder the pattern names is walked, like a folder argument.
            return Some(Box::new(walk(shown)) as Box<dyn Iterator<Item = Found>>);
        }
        let one = if entry.path_is_symlink() {
            follow_link(shown, true)?
        } else {
            Found::Input(Input::Path(shown))
        };
        Some(Box::new(std::iter::once(one)))
    });
    let found = found.flatten();
    // Say so when nothing matched, rather than silently doing nothing.
    let mut found = found.peekable();
    if found.peek().is_none() {
        return fail("no files match".to_string());
    }
    Box::new(found)
}

/// A walk's error as a failed input.
fn walk_error(e: walkdir::Error) -> Box<dyn Iterator<Item = Found>> {
    Box::new(std::iter::once(Found::Failed {
        input: e
            .path()
            .map_or_else(|| "?".to_string(), |p| p.display().to_string()),
        error: e
            .io_error()
            .map_or_else(|| e.to_string(), |io| io.to_string()),
    }))
}

/// What to do with a symbolic link met in a walk or a glob: read it when it
/// leads to a file, say so when it leads to a folder (not followed), and
/// report it when it leads nowhere. `named`: the link is one to read (a
/// glob names it, or its name has an [`ARTICLE_EXTENSIONS`] extension);
/// other links to files, or to nothing, are passed over like other files.
fn follow_link(path: PathBuf, named: bool) -> Option<Found> {
    let shown = || path.display().to_string();
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Some(Found::Skipped {
            input: shown(),
            reason: "symbolic link to a folder; not followed".to_string(),
        }),
        Ok(_) if named => Some(Found::Input(Input::Path(path))),
        Err(e) if named => Some(Found::Failed {
            input: shown(),
            error: if e.kind() == std::io::ErrorKind::NotFound {
                "broken symbolic link (its target does not exist)".to_string()
            } else {
                e.to_string()
            },
        }),
        _ => None,
    }
}

/// Article files under `dir`, recursively, in name order; symbolic links
/// to files are read, links to folders are not followed ([`follow_link`]).
fn walk(dir: PathBuf) -> impl Iterator<Item = Found> {
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() && has_article_extension(e.path()) => {
                Some(Found::Input(Input::Path(e.into_path())))
            }
            Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                let named = has_article_extension(e.path());
                follow_link(e.into_path(), named)
            }
            Ok(_) => None,
            Err(e) => walk_error(e).next(),
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
                Found::Skipped { input, reason } => format!("SKIP {input}: {reason}"),
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
