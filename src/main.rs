//! The `tidings` binary: parse the arguments and hand over to the library.

use clap::Parser;

// mimalloc: the reader makes about a million small allocations when it loads 100k
// articles; glibc's malloc spends a third of that start-up in page faults and
// `mprotect` growing its heap, mimalloc about half as long (README, Speed).
#[cfg(not(feature = "dhat-heap"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// With the dhat-heap feature: every allocation counted, `dhat-heap.json` written at exit.
#[cfg(feature = "dhat-heap")]
#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "dhat-heap")]
    let _profiler = dhat::Profiler::new_heap();
    tidings::ingest::feed::quiet_guarded_panics();
    tidings::cli::run(tidings::cli::Cli::parse())
}
