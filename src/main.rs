//! The `eventmap` command: everything is in [`cli`]; the work is in the
//! library.

mod cli;

/// mimalloc rather than the system allocator: a batch run allocates on one
/// thread and frees on another (articles read by the reader thread, places
/// folded on the merging thread), which glibc's malloc handles slowly.
/// Measured on 10,000 articles: about 15% less user time on one worker and
/// 10-15% less wall time on two (scripts/bench_batch, runs alternated).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
