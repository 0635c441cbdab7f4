//! The feed benchmark, one command:
//!
//! ```text
//! cargo bench --bench feed -- --excerpts 10000,1000000 --backends sqlite,postgres
//! ```
//!
//! Options (defaults): `--excerpts 10000`, `--backends sqlite`, `--readers 1,8,32`,
//! `--seconds 10` per level, `--logins 1000` and `--flood 40` (the login flood during the feed),
//! `--out benches/results/feed.md` (the table is appended, with the date and the machine's cores).
//! `--binary PATH` runs another build of the service (default: this one), for a before/after.
//! PostgreSQL is the local server (`postgres://postgres@127.0.0.1:5432`, trust authentication).

#![allow(
    clippy::print_stdout,
    clippy::disallowed_macros,
    clippy::expect_used,
    clippy::unwrap_used
)]

#[path = "support/feed_bench.rs"]
mod feed_bench;

use std::io::Write;

fn list<T: std::str::FromStr>(v: &str) -> Vec<T> {
    v.split(',').filter_map(|x| x.trim().parse().ok()).collect()
}

fn main() {
    let mut opts = feed_bench::Options {
        binary: env!("CARGO_BIN_EXE_storyvault").into(),
        excerpts: vec![10_000],
        backends: vec!["sqlite".into()],
        readers: vec![1, 8, 32],
        seconds: 10.0,
        logins: 1000,
        flood: 40,
    };
    let mut out =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/results/feed.md");
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).map(String::as_str).unwrap_or_default();
        match pair[0].as_str() {
            "--excerpts" => opts.excerpts = list(value),
            "--backends" => opts.backends = list(value),
            "--readers" => opts.readers = list(value),
            "--seconds" => opts.seconds = value.parse().unwrap_or(10.0),
            "--logins" => opts.logins = value.parse().unwrap_or(1000),
            "--flood" => opts.flood = value.parse().unwrap_or(40),
            "--out" => out = value.into(),
            // Another build of the service (a before/after comparison with one client).
            "--binary" => opts.binary = value.into(),
            // `cargo bench` passes `--bench`; anything else unknown is ignored too.
            _ => {}
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let runs = runtime.block_on(feed_bench::run_all(&opts));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let header = format!(
        "\n## {} UTC, {cores} cores (client and server share them), {} s per level\n",
        time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        opts.seconds
    );
    let table = feed_bench::table(&runs);
    println!("{header}{table}");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&out)
        .expect("results file");
    write!(file, "{header}{table}").expect("write results");
}
