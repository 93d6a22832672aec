//! The `eventmap` command: everything is in [`cli`]; the work is in the
//! library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
