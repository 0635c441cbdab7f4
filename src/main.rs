use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: a feed page allocates and frees many short-lived
/// buffers on two threads at once, which glibc served with lock traffic and consolidation (about
/// a sixth of a page's CPU); mimalloc's thread-local free lists also give freed pages back to the
/// system, where glibc kept each thread's arena at its peak.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> ExitCode {
    storyvault::cli::main().await
}
