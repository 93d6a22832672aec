//! Writing a file so that readers see either the old file or the whole new
//! one, never half of it: the bytes go to a temporary file in the same
//! folder, which is then renamed over the target.
//!
//! Shared by the exporters and the renderer. Not for standard output.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically (temporary file in the same folder,
/// then rename). Errors name `path`.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("eventmap-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("out.txt");
/// eventmap::export::write_atomic(&path, b"hello").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|e| output_error(path, format!("write failed: {e}")))?;
    file.commit()
}

/// A folder that many small files are written into atomically (temporary
/// file, then rename), like [`write_atomic`] but without its checks and its
/// `fsync`: for the thousands of per-article files of a batch run, where a
/// reader (or a run killed with `kill -9`) must never see half a file, but
/// surviving a power cut is not worth a disk flush per article.
///
/// On Unix the folder is opened once and files are created and renamed
/// relative to it (`openat`, `renameat`), so the kernel does not walk the
/// whole path twice per file.
///
/// On Linux a new file is first written as an unnamed file in the folder
/// (`O_TMPFILE`) and then given its name (`linkat`): one change to the
/// folder per file instead of two (create, rename), which is cheaper and
/// holds the folder's lock half as often when several threads write into
/// it; and a killed run leaves no temporary file at all. `linkat` cannot
/// replace a file, and older kernels or some file systems refuse one or the
/// other call: at the first refusal the folder goes back to temporary file
/// and rename for the rest of the run.
#[derive(Debug)]
pub struct FastDir {
    path: PathBuf,
    #[cfg(unix)]
    dir: File,
    /// Whether the unnamed-file way is still in use.
    #[cfg(target_os = "linux")]
    unnamed: std::sync::atomic::AtomicBool,
}

impl FastDir {
    /// Opens an existing folder.
    pub fn open(path: &Path) -> Result<FastDir> {
        #[cfg(unix)]
        let dir = File::open(path).map_err(|e| output_error(path, format!("cannot open: {e}")))?;
        Ok(FastDir {
            path: path.to_path_buf(),
            #[cfg(unix)]
            dir,
            #[cfg(target_os = "linux")]
            unnamed: std::sync::atomic::AtomicBool::new(true),
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` to the file `name` in this folder. Errors name the
    /// target file.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        #[cfg(target_os = "linux")]
        if self.unnamed.load(Ordering::Relaxed) {
            match self.write_unnamed(name, bytes) {
                Ok(true) => return Ok(()),
                Ok(false) => self.unnamed.store(false, Ordering::Relaxed),
                Err(e) => {
                    return Err(output_error(
                        &self.path.join(name),
                        format!("write failed: {e}"),
                    ))
                }
            }
        }
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let pid = *PID.get_or_init(std::process::id);
        let temp = format!("{TEMP_PREFIX}{pid}-{n}-{name}");
        self.write_via(&temp, name, bytes)
            .map_err(|(what, e)| output_error(&self.path.join(name), format!("{what}: {e}")))
    }

    /// Writes an unnamed file and links it as `name`. `Ok(false)` when this
    /// way is refused here (see the type's doc): nothing was written, and
    /// the named way, which words any real error, is to be used instead.
    #[cfg(target_os = "linux")]
    fn write_unnamed(&self, name: &str, bytes: &[u8]) -> std::io::Result<bool> {
        use rustix::fs::{AtFlags, Mode, OFlags};
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        let Ok(fd) = rustix::fs::openat(&self.dir, ".", flags, Mode::from_raw_mode(0o666)) else {
            return Ok(false);
        };
        let mut file = File::from(fd);
        // A failed write drops the file, which was never in the folder.
        file.write_all(bytes)?;
        Ok(rustix::fs::linkat(&file, "", &self.dir, name, AtFlags::EMPTY_PATH).is_ok())
    }

    #[cfg(unix)]
    fn write_via(
        &self,
        temp: &str,
        name: &str,
        bytes: &[u8],
    ) -> std::result::Result<(), (&'static str, std::io::Error)> {
        use rustix::fs::{AtFlags, Mode, OFlags};
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC;
        let written = rustix::fs::openat(&self.dir, temp, flags, Mode::from_raw_mode(0o666))
            .map_err(std::io::Error::from)
            .and_then(|fd| File::from(fd).write_all(bytes));
        if let Err(e) = written {
            let _ = rustix::fs::unlinkat(&self.dir, temp, AtFlags::empty());
            return Err(("write failed", e));
        }
        rustix::fs::renameat(&self.dir, temp, &self.dir, name).map_err(|e| {
            let _ = rustix::fs::unlinkat(&self.dir, temp, AtFlags::empty());
            ("cannot replace", std::io::Error::from(e))
        })
    }

    #[cfg(not(unix))]
    fn write_via(
        &self,
        temp: &str,
        name: &str,
        bytes: &[u8],
    ) -> std::result::Result<(), (&'static str, std::io::Error)> {
        let temp = self.path.join(temp);
        let written = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .and_then(|mut f| f.write_all(bytes));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(("write failed", e));
        }
        std::fs::rename(&temp, self.path.join(name)).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            ("cannot replace", e)
        })
    }
}

/// How the names of temporary files start (`.tmp-<pid>-<n>-<name>`): a run
/// killed before its renames leaves such files, which are never outputs.
pub const TEMP_PREFIX: &str = ".tmp-";

/// An output file that readers see whole or not at all: the bytes go to a
/// temporary file beside the target, which [`AtomicFile::commit`] renames
/// over it; dropped uncommitted, the temporary file is removed.
///
/// What a rename would destroy is written in place instead: a FIFO, a
/// device (`-o /dev/null` once replaced the device with a file), a socket,
/// or a path through `/proc/…/fd` or `/dev/fd`. A symbolic link is
/// followed: its target is replaced, and the link stays a link.
///
/// The temporary name ends with the target's own name, so code that picks
/// an encoder by extension still sees `.png` or `.svg`.
#[derive(Debug)]
pub struct AtomicFile {
    /// The path as given, for messages.
    target: PathBuf,
    way: Way,
}

#[derive(Debug)]
enum Way {
    /// A temporary file, renamed over `dest` (the target with symbolic
    /// links followed) on commit.
    Replace {
        temp: PathBuf,
        dest: PathBuf,
        file: Option<File>,
    },
    /// Written in place.
    Direct(Option<File>),
}

/// Most symbolic links followed from an output path (Linux's own limit).
const MAX_LINKS: usize = 40;

impl AtomicFile {
    /// Opens `path` for writing: a temporary file beside it (beside its
    /// target, for a symbolic link), or the file itself when it is a FIFO,
    /// a device or a socket ([`AtomicFile`]).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let (dest, through_fd) = follow_links(path)?;
        let meta = std::fs::metadata(&dest).ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(output_error(path, "is a directory".to_string()));
        }
        let special = meta.as_ref().is_some_and(|m| !m.is_file());
        if special || (through_fd && meta.is_some()) {
            let file = OpenOptions::new()
                .write(true)
                .truncate(!special)
                .open(&dest)
                .map_err(|e| output_error(path, format!("cannot open: {e}")))?;
            return Ok(AtomicFile {
                target: path.to_path_buf(),
                way: Way::Direct(Some(file)),
            });
        }
        let (temp, file) = create_temp(path, &dest)?;
        Ok(AtomicFile {
            target: path.to_path_buf(),
            way: Way::Replace {
                temp,
                dest,
                file: Some(file),
            },
        })
    }

    /// The temporary file's path (same folder and extension as the
    /// target), or the target itself when it is written in place.
    pub fn temp_path(&self) -> &Path {
        match &self.way {
            Way::Replace { temp, .. } => temp,
            Way::Direct(_) => &self.target,
        }
    }

    /// The path as given.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes to disk and renames the temporary file over the target (a
    /// file written in place is only flushed).
    pub fn commit(mut self) -> Result<()> {
        match &mut self.way {
            Way::Direct(file) => {
                if let Some(mut f) = file.take() {
                    f.flush()
                        .map_err(|e| output_error(&self.target, format!("write failed: {e}")))?;
                }
            }
            Way::Replace { temp, dest, file } => {
                if let Some(f) = file.take() {
                    f.sync_all()
                        .map_err(|e| output_error(&self.target, format!("write failed: {e}")))?;
                }
                std::fs::rename(&*temp, &*dest)
                    .map_err(|e| output_error(&self.target, format!("cannot replace: {e}")))?;
                // Committed: nothing left for Drop to clean up.
                *temp = PathBuf::new();
            }
        }
        Ok(())
    }

    fn file(&mut self) -> Option<&mut File> {
        match &mut self.way {
            Way::Replace { file, .. } | Way::Direct(file) => file.as_mut(),
        }
    }
}

/// `path` with its symbolic links followed (the last component's, link
/// after link; the folders' are left to the system), and whether the way
/// went through `/proc/…/fd/…` or `/dev/fd/…`, whose entries stand for
/// open files that must be written in place.
fn follow_links(path: &Path) -> Result<(PathBuf, bool)> {
    let mut dest = path.to_path_buf();
    let mut through_fd = false;
    for _ in 0..MAX_LINKS {
        let s = dest.to_string_lossy();
        through_fd |= s.starts_with("/proc/") || s.starts_with("/dev/fd/");
        let is_link = std::fs::symlink_metadata(&dest).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok((dest, through_fd));
        }
        let to = std::fs::read_link(&dest)
            .map_err(|e| output_error(path, format!("cannot read the link: {e}")))?;
        // /proc's fd links name things that are no paths ("pipe:[123]").
        if through_fd && !to.is_absolute() {
            return Ok((dest, true));
        }
        dest = match dest.parent() {
            Some(dir) if to.is_relative() => dir.join(to),
            _ => to,
        };
    }
    Err(output_error(
        path,
        "too many levels of symbolic links".to_string(),
    ))
}

/// A new temporary file beside `dest`, named for it.
fn create_temp(path: &Path, dest: &Path) -> Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let Some(name) = dest.file_name() else {
        return Err(output_error(path, "not a file name".to_string()));
    };
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(output_error(
            path,
            format!("folder {} does not exist", dir.display()),
        ));
    }
    let mut last_err = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut temp_name =
            std::ffi::OsString::from(format!("{TEMP_PREFIX}{}-{n}-", std::process::id()));
        temp_name.push(name);
        let temp = dir.join(temp_name);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => {
                return Err(output_error(
                    path,
                    format!("cannot create a file in {}: {e}", dir.display()),
                ))
            }
        }
    }
    Err(output_error(
        path,
        format!(
            "cannot create a temporary file: {}",
            last_err.map(|e| e.to_string()).unwrap_or_default()
        ),
    ))
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file() {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.file() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Way::Replace { temp, file, .. } = &mut self.way {
            file.take();
            if !temp.as_os_str().is_empty() {
                let _ = std::fs::remove_file(&*temp);
            }
        }
    }
}

fn output_error(path: &Path, reason: String) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("eventmap-atomic-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = scratch("replace");
        let path = dir.join("a.geojson");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.geojson"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fast_dir_writes_replaces_and_names_failures() {
        let dir = scratch("fastdir");
        let fast = FastDir::open(&dir).unwrap();
        fast.write("a.geojson", b"first").unwrap();
        fast.write("b.geojson", b"").unwrap();
        // Replacing a file: on Linux the unnamed way cannot, and the folder
        // switches to temporary file and rename.
        fast.write("a.geojson", b"second").unwrap();
        fast.write("d.geojson", b"fourth").unwrap();
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.geojson", "b.geojson", "d.geojson"]);
        assert_eq!(std::fs::read(dir.join("a.geojson")).unwrap(), b"second");
        assert_eq!(std::fs::read(dir.join("d.geojson")).unwrap(), b"fourth");
        // A folder in the way of the target: the rename fails, the error
        // names the target, and no temporary file is left.
        std::fs::create_dir(dir.join("c.geojson")).unwrap();
        std::fs::write(dir.join("c.geojson/x"), "x").unwrap();
        let err = fast.write("c.geojson", b"x").unwrap_err().to_string();
        assert!(err.contains("c.geojson"), "{err}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 4);
        assert!(FastDir::open(&dir.join("missing")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The unnamed way gives a new file its name in one step, and refuses
    /// (without touching it) a name that exists, for the rename to replace.
    #[cfg(target_os = "linux")]
    #[test]
    fn unnamed_file_is_linked_and_never_replaces() {
        let dir = scratch("unnamed");
        let fast = FastDir::open(&dir).unwrap();
        if !fast.write_unnamed("a.geojson", b"first").unwrap() {
            eprintln!("skipped: O_TMPFILE or linkat is refused on this file system");
            return;
        }
        assert_eq!(std::fs::read(dir.join("a.geojson")).unwrap(), b"first");
        assert!(!fast.write_unnamed("a.geojson", b"second").unwrap());
        assert_eq!(std::fs::read(dir.join("a.geojson")).unwrap(), b"first");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.geojson"]);
        // Through `write`: the refusal switches the folder to rename.
        assert!(fast.unnamed.load(Ordering::Relaxed));
        fast.write("a.geojson", b"second").unwrap();
        assert!(!fast.unnamed.load(Ordering::Relaxed));
        assert_eq!(std::fs::read(dir.join("a.geojson")).unwrap(), b"second");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temp_keeps_extension_and_drop_cleans_up() {
        let dir = scratch("drop");
        let path = dir.join("map.png");
        let f = AtomicFile::create(&path).unwrap();
        assert_eq!(f.temp_path().extension().unwrap(), "png");
        assert_eq!(f.temp_path().parent(), Some(dir.as_path()));
        drop(f);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_name_the_path() {
        let path = Path::new("/no/such/folder/out.geojson");
        let e = write_atomic(path, b"x").unwrap_err().to_string();
        assert!(e.starts_with("/no/such/folder/out.geojson: "), "{e}");
        assert!(!e.contains('\n'));
    }
}
