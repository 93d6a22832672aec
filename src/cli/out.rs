//! Where a command's text output goes: a file, written atomically, or
//! standard output.

use super::inputs::Batch;
use super::report::{not_written, report};
use anyhow::{Context, Result};
use eventmap::export::AtomicFile;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Folder, relative to the current directory, for outputs made from the
/// bundled sample set (and for `map` without `-o`).
pub(super) const OUTPUT_DIR: &str = "output";

/// `output/<stem>.<ext>`, creating `output/` if needed.
pub(super) fn default_output(stem: &str, ext: &str) -> Result<PathBuf> {
    let dir = Path::new(OUTPUT_DIR);
    std::fs::create_dir_all(dir).with_context(|| format!("{OUTPUT_DIR}: cannot create folder"))?;
    Ok(dir.join(format!("{stem}.{ext}")))
}

/// True for the names of standard output: `-`, and the system's names
/// for the open descriptor 1, written through it rather than reopened (a
/// reopened `/proc/self/fd/1` would write from the start of a file that
/// the shell opened for appending).
fn is_stdout(p: &Path) -> bool {
    matches!(
        p.to_str(),
        Some("-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1")
    )
}

/// Where a command's output goes.
pub(super) enum Out {
    Stdout(std::io::Stdout),
    File(BufWriter<AtomicFile>),
}

impl Out {
    /// `-o FILE` (or `-` for stdout); without it, `default` when given, else stdout.
    pub(super) fn open(output: Option<&Path>, default: Option<PathBuf>) -> Result<Out> {
        let path = match output {
            Some(p) if is_stdout(p) => None,
            Some(p) => Some(p.to_path_buf()),
            None => default,
        };
        match path {
            None => Ok(Out::Stdout(std::io::stdout())),
            // Created now so an unwritable path fails before any work.
            Some(p) => Ok(Out::File(BufWriter::new(AtomicFile::create(&p)?))),
        }
    }

    pub(super) fn path(&self) -> String {
        match self {
            Out::Stdout(_) => "standard output".to_string(),
            Out::File(f) => f.get_ref().target().display().to_string(),
        }
    }

    pub(super) fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let r = match self {
            Out::Stdout(s) => s.write_all(bytes),
            Out::File(f) => f.write_all(bytes),
        };
        r.with_context(|| format!("{}: write failed", self.path()))
    }

    /// Flushes standard output so a reader downstream sees each record as
    /// it is done; files are flushed once, at the end.
    pub(super) fn flush_stdout(&mut self) -> Result<()> {
        if let Out::Stdout(s) = self {
            s.flush().context("standard output: write failed")?;
        }
        Ok(())
    }

    /// [`Self::finish`], unless every input failed: then a file is
    /// dropped (its temporary file removed) and said not to be written.
    pub(super) fn finish_for(self, batch: &Batch) -> Result<()> {
        match self {
            Out::File(f) if batch.all_failed() => {
                not_written(f.get_ref().target());
                Ok(())
            }
            out => out.finish(),
        }
    }

    /// Flushes and, for a file, moves it into place.
    pub(super) fn finish(self) -> Result<()> {
        match self {
            Out::Stdout(mut s) => s.flush().context("standard output: write failed"),
            Out::File(f) => {
                let path = f.get_ref().target().display().to_string();
                let file = f
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!("{path}: write failed: {}", e.error()))?;
                file.commit()?;
                report(format_args!("wrote {path}"));
                Ok(())
            }
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Stdout(s) => s.write(buf),
            Out::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Stdout(s) => s.flush(),
            Out::File(f) => f.flush(),
        }
    }
}
