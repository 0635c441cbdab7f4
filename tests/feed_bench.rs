//! Keeps the feed benchmark from rotting: runs it at a small size against the debug binary and
//! checks it prints its table with figures (not speed: figures go in benches/results/feed.md).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

#[path = "../benches/support/feed_bench.rs"]
mod feed_bench;

#[test]
fn the_feed_benchmark_runs_at_a_small_size_and_prints_its_table() {
    let opts = feed_bench::Options {
        binary: env!("CARGO_BIN_EXE_storyvault").into(),
        excerpts: vec![200],
        backends: vec!["sqlite".into()],
        readers: vec![1, 8, 32],
        seconds: 1.0,
        logins: 8,
        flood: 4,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let runs = runtime.block_on(feed_bench::run_all(&opts));
    let table = feed_bench::table(&runs);
    eprintln!("{table}");
    assert!(table.contains("### sqlite — 200 excerpts"));
    for readers in [1, 8, 32] {
        assert!(table.contains(&format!("| feed | {readers} |")), "{table}");
        assert!(
            table.contains(&format!("| themes | {readers} |")),
            "{table}"
        );
    }
    assert!(table.contains("crypto ceiling"));
    assert!(table.contains("server RSS"));
    let feed = runs[0]
        .rows
        .iter()
        .find(|r| r.what == "feed" && r.readers == 8)
        .expect("row");
    assert!(feed.stats.per_s > 0.0 && feed.stats.errors == 0, "{table}");
    // The page, read with the cookie of a login through the form, walks its "next" links.
    let page = runs[0]
        .rows
        .iter()
        .find(|r| r.what == "feed page (HTML)" && r.readers == 8)
        .expect("row");
    assert!(page.stats.per_s > 0.0 && page.stats.errors == 0, "{table}");
    assert!(table.contains("against /api/v1/feed?limit=50"), "{table}");
}
