//! Everything the command prints on standard error: one line at a time, in
//! one format, `eventmap: <input or output path>: <message>`, with control
//! characters escaped so that a hostile file name or id cannot reach the
//! terminal ("t\e]0;pwned\a.txt" once set the window title).

use super::Cli;
use clap::CommandFactory;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// Prints `eventmap: <msg>` as one line on stderr, escaped
/// ([`terminal_safe`]); never panics (stderr may be closed).
pub(super) fn report(msg: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{}", line(msg));
}

/// The line [`report`] prints, without its newline.
pub(super) fn line(msg: impl std::fmt::Display) -> String {
    format!("eventmap: {}", terminal_safe(&msg.to_string()))
}

/// `s` with every character a terminal would act on written as an escape:
/// C0 controls (newlines and tabs too: a message is one line), DEL, C1
/// controls, and the bidirectional overrides and isolates that reorder
/// what is shown (U+202A–U+202E, U+2066–U+2069). `\x1b`, `\u{202e}`.
///
/// ```ignore
/// assert_eq!(terminal_safe("t\x1b]0;x\x07"), "t\\x1b]0;x\\x07");
/// ```
pub(super) fn terminal_safe(s: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// Installs a panic hook that prints one line, escaped, instead of the
/// default report with a backtrace: a panic is a bug, and where inputs are
/// read one by one it is also reported as that input's failure.
pub(super) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        report(format_args!(
            "internal error{at}: {msg} (a bug in eventmap; please report it)"
        ));
    }));
}

pub(super) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A usage error of subcommand `sub`, in clap's format with that
/// subcommand's usage line; exits 2.
pub(super) fn usage_error(sub: &str, msg: impl std::fmt::Display) -> ! {
    let mut cmd = Cli::command();
    cmd.build();
    let mut sub = cmd
        .find_subcommand(sub)
        .cloned()
        .unwrap_or_else(Cli::command);
    sub.error(
        clap::error::ErrorKind::ValueValidation,
        terminal_safe(&msg.to_string()),
    )
    .exit()
}

pub(super) fn not_written(path: &Path) {
    report(format_args!(
        "{}: not written: no input could be read",
        path.display()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_escapes_what_a_terminal_acts_on() {
        for (raw, want) in [
            ("plain/path.txt", "plain/path.txt"),
            ("t\x1b]0;pwned\x07.txt", "t\\x1b]0;pwned\\x07.txt"),
            ("two\nlines\tand\r", "two\\x0alines\\x09and\\x0d"),
            ("del\x7f c1\u{9b}", "del\\x7f c1\\u{9b}"),
            ("bidi\u{202e}txt.exe", "bidi\\u{202e}txt.exe"),
            ("São Paulo – “ok”", "São Paulo – “ok”"),
        ] {
            assert_eq!(terminal_safe(raw), want, "{raw:?}");
        }
    }
}
