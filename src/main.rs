//! The `tidings` binary: parse the arguments and hand over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    tidings::ingest::feed::quiet_guarded_panics();
    tidings::cli::run(tidings::cli::Cli::parse())
}
