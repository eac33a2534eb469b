//! The `tidings` binary: parse the arguments and hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    tidings::cli::run(tidings::cli::Cli::parse())
}
