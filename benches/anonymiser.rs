//! Throughput, start-up and memory of the anonymiser on the development corpus.
//!
//!     cargo bench --bench anonymiser
//!
//! Reads the project's own corpus `tests/anonymiser/corpus.jsonl` (or the path in `ANON_CORPUS`,
//! e.g. the shared development corpus), repeats its texts to
//! at least 10 MB, and runs detect + redact over them on one thread. Plain `fn main` (harness =
//! false) so it needs no benchmark crate; the figures are what the targets are stated in.
#![allow(
    clippy::print_stdout,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::time::Instant;

/// Measured rounds after the warm-up.
const ROUNDS: usize = 7;

use storyvault::anonymise::{Anonymiser, KnownIdentifiers, redact};

const TARGET_BYTES: usize = 10 * 1024 * 1024;

/// Peak resident memory of this process (VmHWM), in kB, when the kernel reports it.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/anonymiser/corpus.jsonl");
    let path = std::env::var("ANON_CORPUS").unwrap_or_else(|_| default.to_string());
    let corpus = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the corpus {path}: {e}"));
    let texts: Vec<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect();
    assert!(!texts.is_empty(), "no texts in {path}");

    let t0 = Instant::now();
    let anonymiser = Anonymiser::new();
    let startup = t0.elapsed();
    let known = KnownIdentifiers::new(["Sanne de Vries", "Kloosterveen"]);
    let (heap, embedded) = storyvault::anonymise::lexicon_memory();
    println!("start-up: {:.1} ms", startup.as_secs_f64() * 1e3);
    println!(
        "lexicon: {:.1} MB of tables on the heap, {:.1} MB of lists embedded in the binary",
        heap as f64 / 1e6,
        embedded as f64 / 1e6
    );

    // Warm the caches once, then measure.
    for t in &texts {
        let spans = anonymiser.detect(t, &known);
        std::hint::black_box(redact(t, &spans));
    }
    // Several rounds of >= 10 MB each: one short run on a shared 2-core machine is mostly noise,
    // so report every round, the median and the spread.
    let mut rates = Vec::with_capacity(ROUNDS);
    let mut last = (0usize, 0usize);
    for _ in 0..ROUNDS {
        let mut bytes = 0usize;
        let mut spans_found = 0usize;
        let t1 = Instant::now();
        while bytes < TARGET_BYTES {
            for t in &texts {
                let spans = anonymiser.detect(t, &known);
                let r = redact(t, &spans);
                spans_found += r.redactions.len();
                std::hint::black_box(r);
                bytes += t.len();
            }
        }
        let secs = t1.elapsed().as_secs_f64();
        rates.push(bytes as f64 / 1e6 / secs);
        last = (bytes, spans_found);
    }
    let rounds: Vec<String> = rates.iter().map(|r| format!("{r:.1}")).collect();
    rates.sort_by(f64::total_cmp);
    println!(
        "throughput: {:.1} MB/s median on one thread over {ROUNDS} rounds (min {:.1}, max {:.1}; rounds {}); \
         each round {:.1} MB, {} spans",
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1],
        rounds.join(", "),
        last.0 as f64 / 1e6,
        last.1
    );
    match peak_rss_kb() {
        Some(kb) => println!("peak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0),
        None => println!("peak memory: not available on this system"),
    }
}
