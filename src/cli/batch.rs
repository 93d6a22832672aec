//! `batch`: many articles into an output folder, with progress on a
//! terminal.

use super::report::report;
use super::BatchArgs;
use anyhow::Result;
use eventmap::input::{Input, ReadOptions};
use std::process::ExitCode;

/// Progress on standard error: an indicatif bar on a terminal (bytes of
/// text with ETA, articles, articles/s, failures), nothing otherwise;
/// warnings as lines (the first 20, then a count).
pub(super) struct BatchProgress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    articles: std::cell::Cell<usize>,
    failed: std::cell::Cell<usize>,
    warnings: std::cell::Cell<usize>,
    start: std::time::Instant,
}

pub(super) const WARNINGS_SHOWN: usize = 20;

impl eventmap::batch::Progress for BatchProgress {
    fn done(&self, bytes: usize, failed: bool) {
        if failed {
            self.failed.set(self.failed.get() + 1);
        } else {
            self.articles.set(self.articles.get() + 1);
        }
        if let Some(bar) = &self.bar {
            bar.inc(bytes as u64);
            let n = self.articles.get() + self.failed.get();
            if n.is_multiple_of(64) || failed {
                let rate = n as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!(
                    "{} articles, {rate:.0}/s, {} failed",
                    self.articles.get(),
                    self.failed.get()
                ));
            }
        }
    }

    fn warning(&self, w: &eventmap::input::Warning) {
        let n = self.warnings.get() + 1;
        self.warnings.set(n);
        if self.quiet || n > WARNINGS_SHOWN {
            return;
        }
        match &self.bar {
            // A warning's own text reads "INPUT: warning: ...".
            Some(bar) => bar.println(super::report::line(w)),
            None => report(w),
        }
    }
}

pub(super) fn run_batch(args: BatchArgs) -> Result<ExitCode> {
    use std::io::IsTerminal as _;
    let opts = eventmap::batch::BatchOptions {
        out_dir: args.out.clone(),
        jobs: args.jobs.unwrap_or(0) as usize,
        resume: args.resume,
        map: !args.no_map,
        read: ReadOptions {
            default_date: args.date.clone(),
        },
        places: args.places.options(),
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        // The size of the input files, for the ETA (stdin: unknown).
        let total: u64 = eventmap::batch::discover(&args.inputs)
            .filter_map(|f| match f {
                eventmap::batch::Found::Input(Input::Path(p)) => p.metadata().ok(),
                _ => None,
            })
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::new(total);
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ETA {eta}  {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style.progress_chars("=> "));
        bar
    });
    let progress = BatchProgress {
        bar,
        quiet: args.quiet,
        articles: Default::default(),
        failed: Default::default(),
        warnings: Default::default(),
        start: std::time::Instant::now(),
    };
    let gaz = super::gazetteer();
    let outcome = eventmap::batch::run(gaz, &args.inputs, &opts, &progress);
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    let done = outcome?;
    let s = &done.summary;
    if !args.quiet {
        let secs = progress.start.elapsed().as_secs_f64();
        if done.warnings > WARNINGS_SHOWN {
            report(format_args!(
                "{} more warnings not shown",
                done.warnings - WARNINGS_SHOWN
            ));
        }
        report(format_args!(
            "batch: {} articles ({} already written), {} failed, {} places, {} events \
             -> {} ({secs:.1} s, {:.1} MB/s of text)",
            s.articles,
            done.kept,
            s.failed,
            s.places,
            s.events,
            args.out.display(),
            s.text_bytes as f64 / 1e6 / secs.max(1e-9),
        ));
        if let (Some(filters), Some(dropped)) = (args.places.filters_text(), s.dropped) {
            report(format_args!("{filters}: dropped {dropped} place mentions"));
        }
        if s.failed > 0 {
            report(format_args!(
                "{} inputs failed: see {}",
                s.failed,
                args.out.join("errors.jsonl").display()
            ));
        }
    }
    Ok(if s.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
