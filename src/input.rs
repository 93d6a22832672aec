//! Reading articles: `.txt` files (id = file stem), `.jsonl` files of
//! `{"id","text","date"?,"title"?}` records, and JSONL on stdin (`-`).
//!
//! Errors are per input (and per line for JSONL): a caller reports them and
//! carries on with the rest. [`read`] returns an iterator that yields one
//! `Result` per article, so one malformed line never hides the good ones.
//! Problems that do not stop an article from being read (invalid UTF-8,
//! decoded lossily) come back as [`Warning`]s beside it.
//!
//! This module only reads; it knows nothing about places.
//!
//! ```
//! use eventmap::input::{read, Input, Format, ReadOptions};
//! let input = Input::memory("inline.jsonl", Format::JsonLines,
//!     b"{\"id\":\"a\",\"text\":\"Rain in Lagos.\"}\n\nnot json\n".to_vec());
//! let items: Vec<_> = read(&input, &ReadOptions::default()).collect();
//! assert_eq!(items.len(), 2);
//! assert_eq!(items[0].as_ref().unwrap().article.id, "a");
//! assert_eq!(items[1].as_ref().unwrap_err().to_string().split(':').take(2).collect::<Vec<_>>(),
//!            ["inline.jsonl", "3"]);
//! ```

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

mod html;

pub use crate::limits::{MAX_ID_BYTES, MAX_RECORD_BYTES};

/// Longest first line that is taken as a `.txt` article's headline.
pub const MAX_TITLE_CHARS: usize = 160;

/// One news article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier, unique within a run.
    pub id: String,
    /// Body text (the title is not repeated here).
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Article {
    /// An article with an id and text, no date or title.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            date: None,
            title: None,
        }
    }
}

/// Something worth telling the user about an article that was still read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The input's name (path or `-`).
    pub input: String,
    /// 1-based line number for JSONL inputs.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
    /// A note (how an input was read), not a problem.
    pub note: bool,
}

impl Warning {
    /// A warning about `input`.
    pub fn new(input: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Warning {
            input: input.into(),
            line,
            message: message.into(),
            note: false,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.input)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let level = if self.note { "note" } else { "warning" };
        write!(f, ": {level}: {}", self.message)
    }
}

/// An article as read, with any warnings about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// The article.
    pub article: Article,
    /// Problems that did not stop it from being read.
    pub warnings: Vec<Warning>,
}

/// How an input's bytes are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, one article per file.
    Text,
    /// One JSON record per line.
    JsonLines,
    /// One JSON record, or an array of records.
    Json,
    /// An HTML page, one article: tags stripped, `<title>` as the title.
    Html,
}

impl Format {
    /// The format a path's extension implies: `.jsonl`/`.ndjson` → JSONL,
    /// `.json` → JSON, `.html`/`.htm` → HTML, anything else (`.txt`, `.md`)
    /// → text.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("jsonl" | "ndjson") => Format::JsonLines,
            Some("json") => Format::Json,
            Some("html" | "htm") => Format::Html,
            _ => Format::Text,
        }
    }
}

/// Where articles come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file; its format follows its extension ([`Format::from_path`]).
    Path(PathBuf),
    /// JSONL on standard input.
    Stdin,
    /// Bytes already in memory (the bundled sample set, tests).
    Memory {
        /// Name used in messages and, for text, as the article id's source.
        name: String,
        /// How the bytes are laid out.
        format: Format,
        /// The bytes.
        data: Vec<u8>,
    },
}

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// In-memory input.
    pub fn memory(name: impl Into<String>, format: Format, data: impl Into<Vec<u8>>) -> Input {
        Input::Memory {
            name: name.into(),
            format,
            data: data.into(),
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
            Input::Memory { name, .. } => name.clone(),
        }
    }

    fn format(&self) -> Format {
        match self {
            Input::Path(p) => Format::from_path(p),
            Input::Stdin => Format::JsonLines,
            Input::Memory { format, .. } => *format,
        }
    }

    /// The id a text input's article gets: the file stem.
    fn stem(&self) -> String {
        let name = match self {
            Input::Path(p) => p.clone(),
            Input::Stdin => PathBuf::from("stdin"),
            Input::Memory { name, .. } => PathBuf::from(name),
        };
        name.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "article".to_string())
    }
}

/// Settings for reading.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Date given to articles that carry none (`YYYY-MM-DD`, checked by
    /// [`check_date`]).
    pub default_date: Option<String>,
}

/// Checks that `s` is a calendar date written `YYYY-MM-DD`.
///
/// ```
/// assert!(eventmap::input::check_date("2024-02-29").is_ok());
/// assert!(eventmap::input::check_date("2023-02-29").is_err());
/// assert!(eventmap::input::check_date("15/08/2021").is_err());
/// ```
pub fn check_date(s: &str) -> std::result::Result<(), String> {
    let bad = || format!("{s:?} is not a date in the form YYYY-MM-DD");
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days {
        return Err(bad());
    }
    Ok(())
}

/// Reads the articles of one input, lazily: one item per article, errors
/// included. Opening the input happens on the first `next()`.
pub fn read(input: &Input, opts: &ReadOptions) -> Articles {
    Articles {
        input: input.clone(),
        name: input.name(),
        default_date: opts.default_date.clone(),
        state: State::Start,
        note: None,
    }
}

/// Iterator over one input's articles; see [`read`].
pub struct Articles {
    input: Input,
    name: String,
    default_date: Option<String>,
    state: State,
    /// A note for the first article read (how standard input was read).
    note: Option<Warning>,
}

enum State {
    Start,
    Lines {
        reader: Box<dyn BufRead>,
        line_no: usize,
        records: usize,
        buf: Vec<u8>,
    },
    Queue(std::vec::IntoIter<Result<Loaded>>),
    Done,
}

impl std::fmt::Debug for Articles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Articles")
            .field("input", &self.name)
            .finish()
    }
}

impl Iterator for Articles {
    type Item = Result<Loaded>;

    fn next(&mut self) -> Option<Result<Loaded>> {
        loop {
            match &mut self.state {
                State::Done => return None,
                State::Queue(q) => match q.next() {
                    Some(item) => return Some(self.finish(item)),
                    None => self.state = State::Done,
                },
                State::Start => {
                    if let Err(e) = self.open() {
                        self.state = State::Done;
                        return Some(Err(e));
                    }
                }
                State::Lines { .. } => {
                    let item = self.next_line();
                    if item.is_none() {
                        self.state = State::Done;
                    }
                    return item.map(|i| self.finish(i));
                }
            }
        }
    }
}

impl Articles {
    fn bad(&self, line: Option<usize>, reason: impl Into<String>) -> Error {
        Error::BadInput {
            input: self.name.clone(),
            line,
            reason: reason.into(),
        }
    }

    fn warning(&self, line: Option<usize>, message: impl Into<String>) -> Warning {
        Warning::new(self.name.clone(), line, message)
    }

    /// Fills in the default date.
    /// Fills in the default date, and gives the first article the note.
    fn finish(&mut self, item: Result<Loaded>) -> Result<Loaded> {
        item.map(|mut loaded| {
            if loaded.article.date.is_none() {
                loaded.article.date.clone_from(&self.default_date);
            }
            if let Some(note) = self.note.take() {
                loaded.warnings.insert(0, note);
            }
            loaded
        })
    }

    fn open(&mut self) -> Result<()> {
        #[cfg(test)]
        if self.name.contains(tests::PANIC_IN_READER) {
            panic!("test: panic in a reader");
        }
        let mut format = self.input.format();
        let reader: Box<dyn BufRead> = match &self.input {
            Input::Path(path) => {
                let file = File::open(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                let meta = file.metadata().ok();
                if meta.as_ref().is_some_and(|m| m.is_dir()) {
                    return Err(self.bad(None, "is a directory"));
                }
                // A whole-file format over the limit is refused before
                // reading: read_all would buffer 64 MiB to find out.
                let whole = !matches!(format, Format::JsonLines);
                if whole && meta.is_some_and(|m| m.len() > MAX_RECORD_BYTES as u64) {
                    return Err(self.too_large());
                }
                Box::new(BufReader::with_capacity(64 * 1024, file))
            }
            Input::Stdin => {
                let mut reader = std::io::stdin().lock();
                let (sniffed, how) = sniff_stdin(&mut reader)
                    .map_err(|e| self.bad(None, format!("read failed: {e}")))?;
                format = sniffed;
                let mut note = self.warning(None, how);
                note.note = true;
                self.note = Some(note);
                Box::new(reader)
            }
            Input::Memory { data, .. } => Box::new(std::io::Cursor::new(data.clone())),
        };
        match format {
            Format::JsonLines => {
                self.state = State::Lines {
                    reader,
                    line_no: 0,
                    records: 0,
                    buf: Vec::new(),
                };
            }
            Format::Text => {
                let bytes = self.read_all(reader)?;
                let loaded = self.text_article(&bytes)?;
                self.state = State::Queue(vec![Ok(loaded)].into_iter());
            }
            Format::Json => {
                let bytes = self.read_all(reader)?;
                let items = self.json_articles(&bytes)?;
                self.state = State::Queue(items.into_iter());
            }
            Format::Html => {
                let bytes = self.read_all(reader)?;
                let mut loaded = self.text_article(&bytes)?;
                let page = std::mem::take(&mut loaded.article.text);
                let (title, text) = html::to_text(&page);
                if text.trim().is_empty() {
                    return Err(self.bad(None, "HTML page without text"));
                }
                loaded.article.text = text;
                loaded.article.title = title;
                self.state = State::Queue(vec![Ok(loaded)].into_iter());
            }
        }
        Ok(())
    }

    fn too_large(&self) -> Error {
        self.bad(
            None,
            format!("larger than the {} MiB limit", MAX_RECORD_BYTES >> 20),
        )
    }

    /// Reads a whole input, refusing more than [`MAX_RECORD_BYTES`].
    fn read_all(&self, reader: Box<dyn BufRead>) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        reader
            .take(MAX_RECORD_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.bad(None, format!("read failed: {e}")))?;
        if bytes.len() > MAX_RECORD_BYTES {
            return Err(self.too_large());
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(self.bad(None, "empty input"));
        }
        if looks_binary(&bytes) {
            return Err(self.bad(None, "binary file"));
        }
        Ok(bytes)
    }

    fn text_article(&self, bytes: &[u8]) -> Result<Loaded> {
        let mut warnings = Vec::new();
        let (text, how) = decode_text(bytes);
        if let Some(how) = how {
            warnings.push(self.warning(None, how));
        }
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        let (title, date, body) = split_text_header(&text);
        Ok(Loaded {
            article: Article {
                id: self.input.stem(),
                text: body.to_string(),
                date: date.map(str::to_string),
                title: title.map(str::to_string),
            },
            warnings,
        })
    }

    fn json_articles(&self, bytes: &[u8]) -> Result<Vec<Result<Loaded>>> {
        let (text, lossy) = decode(bytes);
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| self.bad(None, format!("malformed JSON: {e}")))?;
        let mut warnings = Vec::new();
        if lossy {
            warnings.push(self.warning(
                None,
                "invalid UTF-8; undecodable bytes replaced with U+FFFD",
            ));
        }
        let records = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        if records.is_empty() {
            return Err(self.bad(None, "empty input"));
        }
        let n = records.len();
        Ok(records
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let fallback = if n == 1 {
                    self.input.stem()
                } else {
                    format!("{}-{}", self.input.stem(), i + 1)
                };
                self.record(v, None, &fallback)
                    .map(|(article, note)| Loaded {
                        article,
                        warnings: warnings.iter().cloned().chain(note).collect(),
                    })
            })
            .collect())
    }

    /// The next JSONL record (or error); `None` at the end of the input.
    fn next_line(&mut self) -> Option<Result<Loaded>> {
        loop {
            let State::Lines {
                reader,
                line_no,
                records,
                buf,
            } = &mut self.state
            else {
                return None;
            };
            *line_no += 1;
            let n = *line_no;
            let got = read_bounded_line(reader.as_mut(), buf, MAX_RECORD_BYTES);
            let line = match got {
                Err(e) => return Some(Err(self.bad(Some(n), format!("read failed: {e}")))),
                Ok(Line::Eof) => {
                    if *records == 0 {
                        *records = 1; // report once
                        return Some(Err(self.bad(None, "empty input")));
                    }
                    return None;
                }
                Ok(Line::TooLong) => {
                    *records += 1;
                    return Some(Err(self.bad(
                        Some(n),
                        format!(
                            "line longer than the {} MiB limit; skipped",
                            MAX_RECORD_BYTES >> 20
                        ),
                    )));
                }
                Ok(Line::Read) => std::mem::take(buf),
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                *buf = line;
                continue;
            }
            *records += 1;
            if n == 1 && looks_binary(&line[..line.len().min(8192)]) {
                // A binary stream has no useful "lines": stop here rather
                // than print one error per accidental newline.
                self.state = State::Done;
                return Some(Err(self.bad(None, "binary file")));
            }
            let item = self.jsonl_record(&line, n);
            if let State::Lines { buf, .. } = &mut self.state {
                *buf = line;
                buf.clear();
            }
            return Some(item);
        }
    }

    fn jsonl_record(&self, line: &[u8], n: usize) -> Result<Loaded> {
        if line.contains(&0) {
            return Err(self.bad(Some(n), "binary data (NUL byte) in line"));
        }
        let (text, lossy) = decode(line);
        let (article, note) = self.jsonl_article(text.trim_start_matches('\u{feff}'), n)?;
        let mut warnings: Vec<Warning> = note.into_iter().collect();
        if lossy {
            warnings.push(self.warning(
                Some(n),
                "invalid UTF-8; undecodable bytes replaced with U+FFFD",
            ));
        }
        Ok(Loaded { article, warnings })
    }

    /// One JSONL line as an article: the four members are picked out
    /// without building a tree of the whole record (a feed's lines may
    /// carry many more), then checked as [`Self::record`] checks them.
    fn jsonl_article(&self, json: &str, n: usize) -> Result<(Article, Option<Warning>)> {
        use serde_json::value::RawValue;
        #[derive(serde::Deserialize)]
        struct RawMembers<'a> {
            #[serde(borrow)]
            text: Option<&'a RawValue>,
            #[serde(borrow)]
            id: Option<&'a RawValue>,
            #[serde(borrow)]
            date: Option<&'a RawValue>,
            #[serde(borrow)]
            title: Option<&'a RawValue>,
        }
        let fallback = format!("{}-{n}", self.input.stem());
        // Anything unusual (not an object, a repeated member, bad JSON)
        // goes the general way, which words the error.
        let Ok(m) = serde_json::from_str::<RawMembers<'_>>(json) else {
            let value: serde_json::Value = serde_json::from_str(json)
                .map_err(|e| self.bad(Some(n), format!("malformed JSON: {e}")))?;
            return self.record(value, Some(n), &fallback);
        };
        // Each member present becomes a `Value` of its own (for `text`,
        // a `Value::String`: the one copy of the text that is needed).
        let value = |raw: Option<&RawValue>| -> Result<Option<serde_json::Value>> {
            raw.map(|r| serde_json::from_str(r.get()))
                .transpose()
                .map_err(|e| self.bad(Some(n), format!("malformed JSON: {e}")))
        };
        let members = Members {
            text: value(m.text)?,
            id: value(m.id)?,
            date: value(m.date)?,
            title: value(m.title)?,
        };
        self.article(members, Some(n), &fallback)
    }

    /// Turns one JSON record into an article (and a warning about it).
    fn record(
        &self,
        value: serde_json::Value,
        line: Option<usize>,
        fallback_id: &str,
    ) -> Result<(Article, Option<Warning>)> {
        let serde_json::Value::Object(mut obj) = value else {
            return Err(self.bad(line, "expected a JSON object with a \"text\" member"));
        };
        let members = Members {
            text: obj.remove("text"),
            id: obj.remove("id"),
            date: obj.remove("date"),
            title: obj.remove("title"),
        };
        self.article(members, line, fallback_id)
    }

    /// Checks a record's members and makes the article: what both the
    /// general path and the JSONL fast path end in. A date that cannot be
    /// read is dropped, with the warning that says so.
    fn article(
        &self,
        m: Members,
        line: Option<usize>,
        fallback_id: &str,
    ) -> Result<(Article, Option<Warning>)> {
        use serde_json::Value;
        let text = match m.text {
            Some(Value::String(s)) => s,
            None | Some(Value::Null) => return Err(self.bad(line, "record has no \"text\"")),
            Some(_) => return Err(self.bad(line, "\"text\" must be a string")),
        };
        let id = match m.id {
            Some(Value::String(s)) if !s.is_empty() => s,
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => fallback_id.to_string(),
            Some(Value::String(_)) => return Err(self.bad(line, "\"id\" is empty")),
            Some(_) => return Err(self.bad(line, "\"id\" must be a string or a number")),
        };
        // An id is repeated in every feature and row of its article: a
        // 100,000-character one once made 200 MB of GeoJSON.
        if id.len() > MAX_ID_BYTES {
            return Err(self.bad(
                line,
                format!(
                    "\"id\" is longer than {MAX_ID_BYTES} bytes ({} bytes); record skipped",
                    id.len()
                ),
            ));
        }
        let optional = |v: Option<Value>, key: &str| -> Result<Option<String>> {
            match v {
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s)),
                None | Some(Value::Null) | Some(Value::String(_)) => Ok(None),
                Some(_) => Err(self.bad(line, format!("\"{key}\" must be a string"))),
            }
        };
        let (date, note) = match optional(m.date, "date")? {
            None => (None, None),
            Some(raw) => match record_date(&raw) {
                Some(d) => (Some(d.to_string()), None),
                None => (None, Some(self.warning(line, bad_date_note(&raw)))),
            },
        };
        Ok((
            Article {
                date,
                title: optional(m.title, "title")?,
                id,
                text,
            },
            note,
        ))
    }
}

/// How standard input is laid out, from its first byte after white space
/// and a byte-order mark (which are consumed): `{` is JSONL, `[` a JSON
/// array, anything else plain text, one article. With what to tell the
/// user.
fn sniff_stdin(reader: &mut dyn BufRead) -> std::io::Result<(Format, &'static str)> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let Some(&first) = buf.first() else {
            // Empty: the JSONL reader says "empty input".
            return Ok((
                Format::JsonLines,
                "read as JSON lines (one record per line)",
            ));
        };
        let skip = if buf.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            buf.iter().take_while(|b| b.is_ascii_whitespace()).count()
        };
        if skip > 0 {
            reader.consume(skip);
            continue;
        }
        return Ok(match first {
            b'{' => (
                Format::JsonLines,
                "read as JSON lines (one record per line)",
            ),
            b'[' => (Format::Json, "read as a JSON array of records"),
            _ => (Format::Text, "read as plain text: one article"),
        });
    }
}

/// The date of a record's `date` member: `YYYY-MM-DD`, alone or at the
/// start of a date and time (`2021-08-26T09:30:00Z`, `2021-08-26 09:30`), as
/// feeds write them.
fn record_date(raw: &str) -> Option<&str> {
    let s = raw.trim();
    let day = s.get(..10)?;
    let rest = &s[10..];
    (check_date(day).is_ok() && (rest.is_empty() || rest.starts_with(['T', 't', ' '])))
        .then_some(day)
}

/// The warning for a `date` that [`record_date`] cannot read, quoting at
/// most 40 characters of it.
fn bad_date_note(raw: &str) -> String {
    let mut shown: String = raw.chars().take(40).collect();
    if shown.len() < raw.len() {
        shown.push('…');
    }
    format!("\"date\" {shown:?} is not a date (YYYY-MM-DD); ignored")
}

/// The members of a record that make an article.
struct Members {
    text: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
    date: Option<serde_json::Value>,
    title: Option<serde_json::Value>,
}

/// Text from bytes that may not be UTF-8, and a note on how it was decoded
/// when it was not: bytes with no valid multi-byte UTF-8 sequence at all
/// are taken as Windows-1252 (what Word and old Windows tools write:
/// "caf\xe9", "\x93quoted\x94"); a mixture is decoded lossily, bad bytes
/// becoming U+FFFD.
pub fn decode_text(bytes: &[u8]) -> (String, Option<&'static str>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) if !has_utf8_multibyte(bytes) => (
            decode_cp1252(bytes),
            Some("not UTF-8; decoded as Windows-1252"),
        ),
        Err(_) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some("invalid UTF-8; undecodable bytes replaced with U+FFFD"),
        ),
    }
}

/// Whether `bytes` hold at least one well-formed multi-byte UTF-8 sequence.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        if let Some(seq) = bytes.get(i..i + len) {
            if std::str::from_utf8(seq).is_ok() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Windows-1252 to text: Latin-1 with typographic characters in 0x80–0x9F
/// (the five unassigned bytes become U+FFFD).
fn decode_cp1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// Decodes bytes as UTF-8, lossily; the flag says whether anything was lost.
fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    // The validating check is several times faster than the lossy walk,
    // and nearly every line passes it.
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (std::borrow::Cow::Borrowed(s), false);
    }
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    (text, lossy)
}

/// True for bytes that are not text: any NUL, or more than one in ten of
/// the first 8 KiB being control characters other than tab, CR, LF and FF.
/// Latin-1 or other non-UTF-8 text passes (it is decoded lossily instead).
fn looks_binary(bytes: &[u8]) -> bool {
    if memchr::memchr(0, bytes).is_some() {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    control * 10 > head.len()
}

/// Splits an optional header off a text article: a short first line
/// followed by a blank line is the title, and a line holding only a date
/// (`2021-08-16` or `Date: 2021-08-16`) in the header is the date.
///
/// Needing the blank line keeps a one-paragraph article's first sentence
/// from being taken as its headline ("Rain fell on Lagos.\nMore rain…").
fn split_text_header(text: &str) -> (Option<&str>, Option<&str>, &str) {
    let mut title = None;
    let mut date = None;
    let mut rest = text.trim_start_matches(['\n', '\r']);
    // At most two header paragraphs: title and date, in either order.
    for _ in 0..2 {
        let Some((first, after)) = rest.split_once('\n') else {
            break;
        };
        let first = first.trim();
        let after_trim = after.trim_start_matches([' ', '\t', '\r']);
        let Some(body) = after_trim.strip_prefix('\n') else {
            break;
        };
        let body = body.trim_start_matches(['\n', '\r', ' ', '\t']);
        if first.is_empty() || body.trim().is_empty() {
            break;
        }
        let as_date = first.strip_prefix("Date:").map(str::trim).unwrap_or(first);
        if date.is_none() && check_date(as_date).is_ok() {
            date = Some(as_date);
        } else if title.is_none() && first.chars().count() <= MAX_TITLE_CHARS {
            title = Some(first);
        } else {
            break;
        }
        rest = body;
    }
    if title.is_none() && date.is_none() {
        return (None, None, text);
    }
    (title, date, rest)
}

enum Line {
    Read,
    TooLong,
    Eof,
}

/// Reads one `\n`-terminated line into `buf` (without the terminator or a
/// trailing `\r`), holding at most `max` bytes: a longer line is consumed up
/// to its newline and dropped.
fn read_bounded_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > max {
                too_long = true;
                buf.clear();
                buf.shrink_to(0);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if too_long {
        return Ok(Line::TooLong);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Read)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An input whose name holds this panics when it is opened: the
    /// stand-in, in unit tests only, for a bug in a reader.
    pub(crate) const PANIC_IN_READER: &str = "panic-in-reader";

    fn read_mem(name: &str, format: Format, data: &[u8]) -> Vec<Result<Loaded>> {
        read(
            &Input::memory(name, format, data.to_vec()),
            &ReadOptions::default(),
        )
        .collect()
    }

    /// (input name, format, bytes, expected outcome per item: Ok(id) or Err(substring)).
    #[test]
    fn table_of_inputs() {
        type Want = &'static [std::result::Result<&'static str, &'static str>];
        let cases: &[(&str, Format, &[u8], Want)] = &[
            ("a.txt", Format::Text, b"Rain in Lagos.", &[Ok("a")]),
            (
                "dir/b.txt",
                Format::Text,
                b"",
                &[Err("dir/b.txt: empty input")],
            ),
            (
                "c.txt",
                Format::Text,
                b" \n\n \t",
                &[Err("c.txt: empty input")],
            ),
            (
                "d.txt",
                Format::Text,
                b"ab\0cd\x01\x02",
                &[Err("d.txt: binary file")],
            ),
            (
                "e.txt",
                Format::Text,
                b"\x01\x02\x03\x04\x05 abc",
                &[Err("binary file")],
            ),
            (
                "f.jsonl",
                Format::JsonLines,
                b"{\"id\":\"x\",\"text\":\"t\"}\n\n{\"id\":\"y\",\"text\":\"u\"}\r\n",
                &[Ok("x"), Ok("y")],
            ),
            (
                "g.jsonl",
                Format::JsonLines,
                b"{\"id\":\"x\",\"text\":\"t\"}\n{oops\n{\"id\":\"z\",\"text\":\"v\"}",
                &[Ok("x"), Err("g.jsonl:2: malformed JSON: "), Ok("z")],
            ),
            (
                "h.jsonl",
                Format::JsonLines,
                b"{\"id\":\"x\"}\n{\"id\":\"y\",\"text\":3}\n[1]\n",
                &[
                    Err("h.jsonl:1: record has no \"text\""),
                    Err("h.jsonl:2: \"text\" must be a string"),
                    Err("h.jsonl:3: expected a JSON object"),
                ],
            ),
            (
                "i.jsonl",
                Format::JsonLines,
                b"\n\n",
                &[Err("i.jsonl: empty input")],
            ),
            (
                "j.jsonl",
                Format::JsonLines,
                b"\0\0\0\n{}",
                &[Err("j.jsonl: binary file")],
            ),
            (
                "k.jsonl",
                Format::JsonLines,
                b"{\"text\":\"t\"}\n\n{\"text\":\"u\",\"id\":7}",
                &[Ok("k-1"), Ok("7")],
            ),
            (
                "l.json",
                Format::Json,
                b"[{\"id\":\"p\",\"text\":\"t\"},{\"text\":\"u\"},{}]",
                &[Ok("p"), Ok("l-2"), Err("l.json: record has no")],
            ),
            ("m.json", Format::Json, b"{\"text\":\"t\"}", &[Ok("m")]),
            (
                "n.json",
                Format::Json,
                b"{\"text\":",
                &[Err("n.json: malformed JSON")],
            ),
        ];
        for (name, format, data, want) in cases {
            let got = read_mem(name, *format, data);
            assert_eq!(got.len(), want.len(), "{name}: {got:?}");
            for (g, w) in got.iter().zip(want.iter()) {
                match (g, w) {
                    (Ok(l), Ok(id)) => assert_eq!(&l.article.id, id, "{name}"),
                    (Err(e), Err(msg)) => {
                        let e = e.to_string();
                        assert!(e.contains(msg), "{name}: {e:?} lacks {msg:?}");
                        assert!(!e.contains('\n'), "{name}: one line: {e:?}");
                    }
                    _ => panic!("{name}: got {g:?}, want {w:?}"),
                }
            }
        }
    }

    /// JSONL records are picked apart without a `Value` tree; each must
    /// give exactly what the general path (used for a `.json` array) gives.
    #[test]
    fn jsonl_members_match_the_general_path() {
        let records = [
            r#"{"id":"a","text":"Rain in \"Lagos\"\n\u00e9","date":"2024-05-01","title":"T"}"#,
            r#"{"text":"t","id":42,"extra":{"nested":[1,2,{"text":5}]}}"#,
            r#"{"text":"t","id":4.5e1}"#,
            r#"{"text":"t","id":""}"#,
            r#"{"text":"t","id":true}"#,
            r#"{"text":"t","id":null,"date":"  ","title":null}"#,
            r#"{"text":"t","date":7}"#,
            r#"{"text":"t","title":["x"]}"#,
            r#"{"text":null}"#,
            r#"{"text":{"a":1}}"#,
            r#"{"text":"first","text":"second"}"#,
            r#" { "text" : "spaced" , "id" : "s" } "#,
            r#"{}"#,
        ];
        for (i, rec) in records.iter().enumerate() {
            let line = read_mem("r.jsonl", Format::JsonLines, rec.as_bytes());
            let array = format!("[{rec}]");
            let general = read_mem("r.json", Format::Json, array.as_bytes());
            assert_eq!(line.len(), 1, "{rec}");
            match (&line[0], &general[0]) {
                (Ok(a), Ok(b)) => {
                    let b = &b.article;
                    // Fallback ids differ by design: "r-1" (line) vs "r" (file).
                    let id = if b.id == "r" { "r-1" } else { &b.id };
                    assert_eq!(a.article.id, id, "{rec}");
                    assert_eq!(
                        (&a.article.text, &a.article.date, &a.article.title),
                        (&b.text, &b.date, &b.title),
                        "record {i}: {rec}"
                    );
                }
                (Err(a), Err(b)) => {
                    let (a, b) = (a.to_string(), b.to_string());
                    let tail = |s: &str| s.split_once(": ").map(|x| x.1.to_string()).unwrap();
                    assert_eq!(tail(&a), tail(&b), "record {i}: {rec}");
                    assert!(a.starts_with("r.jsonl:1: "), "{a}");
                }
                (a, b) => panic!("record {i}: {rec}: line gave {a:?}, general {b:?}"),
            }
        }
    }

    /// A text or JSON file over the limit is refused by name, whether its
    /// size is known up front (a file) or found while reading (a stream);
    /// a JSONL file of that size is read line by line instead.
    #[test]
    fn whole_files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["big.txt", "big.json", "big.jsonl"] {
            let path = dir.path().join(name);
            let f = File::create(&path).unwrap();
            f.set_len(MAX_RECORD_BYTES as u64 + 1).unwrap(); // sparse
            let got: Vec<_> = read(&Input::Path(path), &ReadOptions::default()).collect();
            assert_eq!(got.len(), 1, "{name}");
            let err = got[0].as_ref().unwrap_err().to_string();
            let want = if name.ends_with(".jsonl") {
                "line longer than the 64 MiB limit"
            } else {
                "larger than the 64 MiB limit"
            };
            assert!(err.contains(name) && err.contains(want), "{err}");
        }
        let mut data = vec![b'a'; MAX_RECORD_BYTES + 1];
        data[0] = b'K';
        let got = read_mem("big-stream.txt", Format::Text, &data);
        let err = got[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("larger than the 64 MiB limit"), "{err}");
        // Exactly at the limit is accepted.
        data.pop();
        let got = read_mem("at-limit.txt", Format::Text, &data);
        assert!(got[0].is_ok());
    }

    #[test]
    fn invalid_utf8_text_is_decoded_lossily_with_a_warning() {
        // Latin-1 / Windows-1252 bytes only: decoded as Windows-1252.
        let got = read_mem(
            "latin1.txt",
            Format::Text,
            b"Caf\xe9 in S\xe3o Paulo, \x93Kabul\x94.",
        );
        let loaded = got[0].as_ref().unwrap();
        assert_eq!(loaded.article.text, "Café in São Paulo, “Kabul”.");
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0]
            .to_string()
            .starts_with("latin1.txt: warning: not UTF-8; decoded as Windows-1252"));
        // UTF-8 with a stray bad byte: lossy, U+FFFD.
        let got = read_mem(
            "mixed.txt",
            Format::Text,
            b"S\xc3\xa3o Paulo \xff and Kabul.",
        );
        let loaded = got[0].as_ref().unwrap();
        assert_eq!(loaded.article.text, "São Paulo \u{fffd} and Kabul.");
        assert!(loaded.warnings[0]
            .to_string()
            .starts_with("mixed.txt: warning: invalid UTF-8"));
    }

    #[test]
    fn text_header_gives_title_and_date() {
        let cases: &[(&str, Option<&str>, Option<&str>, &str)] = &[
            ("Headline\n\nBody.", Some("Headline"), None, "Body."),
            (
                "Headline\n2021-08-16\n\nBody.",
                None,
                None,
                "Headline\n2021-08-16\n\nBody.",
            ),
            (
                "Headline\n\n2021-08-16\n\nBody.\n\nMore.",
                Some("Headline"),
                Some("2021-08-16"),
                "Body.\n\nMore.",
            ),
            (
                "Date: 2021-08-16\n\nHeadline\n\nBody.",
                Some("Headline"),
                Some("2021-08-16"),
                "Body.",
            ),
            (
                "Just one line of text.",
                None,
                None,
                "Just one line of text.",
            ),
            ("Line one.\nLine two.", None, None, "Line one.\nLine two."),
            ("Only a title\n\n", None, None, "Only a title\n\n"),
        ];
        for (text, title, date, body) in cases {
            let (t, d, b) = split_text_header(text);
            assert_eq!((t, d, b), (*title, *date, *body), "{text:?}");
        }
    }

    #[test]
    fn default_date_fills_only_missing_dates() {
        let input = Input::memory(
            "d.jsonl",
            Format::JsonLines,
            b"{\"id\":\"a\",\"text\":\"t\"}\n{\"id\":\"b\",\"text\":\"t\",\"date\":\"2020-01-02\"}"
                .to_vec(),
        );
        let opts = ReadOptions {
            default_date: Some("2021-08-16".into()),
        };
        let dates: Vec<_> = read(&input, &opts)
            .map(|r| r.unwrap().article.date.unwrap())
            .collect();
        assert_eq!(dates, ["2021-08-16", "2020-01-02"]);
    }

    #[test]
    fn check_date_table() {
        for (s, ok) in [
            ("2021-08-16", true),
            ("2000-02-29", true),
            ("1900-02-29", false),
            ("2021-13-01", false),
            ("2021-00-10", false),
            ("2021-04-31", false),
            ("2021-8-16", false),
            ("20210816", false),
            ("2021-08-16T00:00", false),
            ("+021-08-16", false),
            ("", false),
        ] {
            assert_eq!(check_date(s).is_ok(), ok, "{s}");
        }
    }

    #[test]
    fn bounded_reader_skips_long_lines_without_keeping_them() {
        let data = b"short\nthis line is too long\nok\r\nlast";
        let mut r = std::io::BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_bounded_line(&mut r, &mut buf, 8).unwrap() {
                Line::Eof => break,
                Line::TooLong => got.push("<too long>".to_string()),
                Line::Read => got.push(String::from_utf8(buf.clone()).unwrap()),
            }
        }
        assert_eq!(got, ["short", "<too long>", "ok", "last"]);
    }

    #[test]
    fn missing_file_names_the_path() {
        let input = Input::Path(PathBuf::from("/no/such/dir/article.txt"));
        let got: Vec<_> = read(&input, &ReadOptions::default()).collect();
        assert_eq!(got.len(), 1);
        let e = got[0].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("/no/such/dir/article.txt: "), "{e}");
    }

    #[test]
    fn format_follows_extension() {
        for (p, f) in [
            ("a.jsonl", Format::JsonLines),
            ("a.NDJSON", Format::JsonLines),
            ("a.json", Format::Json),
            ("a.txt", Format::Text),
            ("README", Format::Text),
        ] {
            assert_eq!(Format::from_path(Path::new(p)), f, "{p}");
        }
    }
}
