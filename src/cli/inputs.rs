//! The articles a command runs on: INPUT arguments, folders, standard
//! input, or the bundled sample set; read and processed one by one.

use super::report::report;
use super::{sample, InputArgs};
use anyhow::Result;
use eventmap::batch::Found;
use eventmap::error::catch_panic;
use eventmap::input::{self, Input, Loaded, ReadOptions};
use eventmap::ArticleResult;
use std::process::ExitCode;

/// How a run went, for the exit code.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Batch {
    pub(super) articles: usize,
    pub(super) failed: usize,
}

impl Batch {
    /// True when inputs were given and not one of them could be read: then
    /// an output file would hold nothing, so it is not written (and an
    /// earlier file of that name is left as it was).
    pub(super) fn all_failed(&self) -> bool {
        self.articles == 0 && self.failed > 0
    }

    pub(super) fn exit_code(self) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// The inputs a command runs on.
pub(super) struct Inputs {
    pub(super) list: Vec<Input>,
    /// True when none were given and the bundled sample set is used.
    pub(super) sample: bool,
    /// Arguments that could not be turned into inputs (already reported).
    pub(super) failed: usize,
    pub(super) opts: ReadOptions,
    /// Resolver bias, filters and candidates.
    pub(super) places: eventmap::Options,
    /// The filters as written, when some are set.
    pub(super) filters: Option<String>,
}

impl Inputs {
    /// The inputs the arguments name, found as `batch` finds them (folders
    /// walked, globs expanded, one file read once); failures and skipped
    /// entries are reported here. Without arguments: standard input when
    /// something is piped into it (as ripgrep does), else (a terminal, an
    /// empty pipe, `/dev/null`) the bundled sample set.
    pub(super) fn from_args(args: &InputArgs) -> Inputs {
        let opts = ReadOptions {
            default_date: args.date.clone(),
        };
        let places = args.places.options();
        let filters = args.places.filters_text();
        if args.inputs.is_empty() {
            // An empty pipe is what many harnesses and CI runners give:
            // then, as at a terminal, the sample set.
            let piped = stdin_is_piped() && !stdin_is_empty();
            return Inputs {
                list: if piped {
                    vec![Input::Stdin]
                } else {
                    sample::inputs()
                },
                sample: !piped,
                failed: 0,
                opts,
                places,
                filters,
            };
        }
        let mut list = Vec::new();
        let mut failed = 0;
        for found in eventmap::batch::discover(&args.inputs) {
            match found {
                Found::Input(input) => list.push(input),
                Found::Failed { input, error } => {
                    report(format_args!("{input}: {error}"));
                    failed += 1;
                }
                Found::Skipped { input, reason } => report(format_args!("{input}: {reason}")),
            }
        }
        Inputs {
            list,
            sample: false,
            failed,
            opts,
            places,
            filters,
        }
    }

    /// Reads and processes every article, handing each result to `sink`.
    /// A bad input or line is reported (`input[:line]: reason`), counted,
    /// and skipped; an error from `sink` (output) stops the run.
    pub(super) fn each(&self, mut sink: impl FnMut(ArticleResult) -> Result<()>) -> Result<Batch> {
        self.each_article(|_, r| sink(r))
    }

    /// [`Inputs::each`], handing `sink` each article with its result.
    pub(super) fn each_article(
        &self,
        mut sink: impl FnMut(&eventmap::Article, ArticleResult) -> Result<()>,
    ) -> Result<Batch> {
        let gaz = super::gazetteer();
        let (mut kept, mut dropped) = (0, 0);
        let batch = self.each_loaded(|input, loaded| {
            let article = &loaded.article;
            let result = match catch_panic(|| eventmap::process_with(gaz, article, &self.places)) {
                Ok(result) => result,
                Err(panic) => {
                    report(format_args!(
                        "{input}: article {:?}: internal error (a bug in eventmap): {panic}",
                        article.id
                    ));
                    return Ok(false);
                }
            };
            for w in &result.warnings {
                report(format_args!("{input}: warning: {w}"));
            }
            kept += result.mentions.len();
            dropped += result.dropped;
            sink(article, result)?;
            Ok(true)
        })?;
        if let Some(filters) = &self.filters {
            report(format_args!(
                "{filters}: dropped {dropped} of {} place mentions",
                kept + dropped
            ));
        }
        Ok(batch)
    }

    /// Reads every article and hands it to `f`, which says whether it
    /// counts as done (`Ok(true)`) or failed (`Ok(false)`, already
    /// reported). Read errors and warnings are reported here; a panic while
    /// reading (a bug) is reported as that input's failure, and the rest of
    /// that input is not read.
    pub(super) fn each_loaded(
        &self,
        mut f: impl FnMut(&str, Loaded) -> Result<bool>,
    ) -> Result<Batch> {
        let mut batch = Batch {
            failed: self.failed,
            ..Batch::default()
        };
        for input in &self.list {
            let name = input.name();
            let mut items = input::read(input, &self.opts);
            loop {
                let item = match catch_panic(|| items.next()) {
                    Ok(Some(item)) => item,
                    Ok(None) => break,
                    Err(panic) => {
                        report(format_args!(
                            "{name}: internal error (a bug in eventmap): {panic}; the rest of \
                             this input was not read"
                        ));
                        batch.failed += 1;
                        break;
                    }
                };
                match item {
                    Ok(loaded) => {
                        for w in &loaded.warnings {
                            report(w);
                        }
                        if f(&name, loaded)? {
                            batch.articles += 1;
                        } else {
                            batch.failed += 1;
                        }
                    }
                    Err(e) => {
                        report(&e);
                        batch.failed += 1;
                    }
                }
            }
        }
        Ok(batch)
    }

    pub(super) fn collect(&self) -> Result<(Vec<ArticleResult>, Batch)> {
        let mut results = Vec::new();
        let batch = self.each(|r| {
            results.push(r);
            Ok(())
        })?;
        Ok((results, batch))
    }
}

/// True when standard input ends before its first byte. What is read to
/// find out stays in standard input's buffer for the reader.
fn stdin_is_empty() -> bool {
    use std::io::BufRead;
    std::io::stdin()
        .lock()
        .fill_buf()
        .is_ok_and(|b| b.is_empty())
}

/// True when standard input is a pipe, a file or a socket: something was
/// redirected into it. A terminal, or `/dev/null` (a device, as test
/// harnesses and cron give), is not.
fn stdin_is_piped() -> bool {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use rustix::fs::FileType;
        rustix::fs::fstat(&stdin).is_ok_and(|st| {
            matches!(
                FileType::from_raw_mode(st.st_mode),
                FileType::Fifo | FileType::RegularFile | FileType::Socket
            )
        })
    }
    #[cfg(not(unix))]
    {
        true
    }
}
