//! The `tidings` binary: parse the arguments and hand over to the library.

use clap::Parser;

// mimalloc: the reader makes about a million small allocations when it loads 100k
// articles; glibc's malloc spends a third of that start-up in page faults and
// `mprotect` growing its heap, mimalloc about half as long (README, Speed).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tidings::ingest::feed::quiet_guarded_panics();
    tidings::cli::run(tidings::cli::Cli::parse())
}
