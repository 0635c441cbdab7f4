//! Hidden commands for the feed benchmark (`benches/feed.rs`): `seed-bench` and `bench-crypto`.

use std::io::{BufRead, Write};

use crate::config::Settings;
use crate::startup::open_service;

/// Seeds `excerpts` published excerpts and `readers` council accounts named `bench-council-<i>`
/// with the password read from standard input (an existing reader is kept).
pub async fn seed_bench(settings: Settings, excerpts: usize, readers: usize) -> Result<(), String> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| format!("reading the password: {}", e.kind()))?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    let service = open_service(&settings).await.map_err(|e| e.to_string())?;
    for i in 1..=readers {
        let created = service
            .create_account(
                None,
                format!("bench-council-{i}"),
                password.clone(),
                "council".into(),
            )
            .await;
        match created {
            Ok(_) | Err(crate::error::AppError::Conflict { .. }) => {}
            Err(e) => return Err(format!("creating reader {i}: {e}")),
        }
    }
    let start = std::time::Instant::now();
    let result = service
        .seed_bench(excerpts, |done| {
            if done % 50_000 < 500 || done == excerpts {
                eprintln!("seed-bench: {done}/{excerpts} excerpts");
            }
        })
        .await;
    service.store().close().await;
    result.map_err(|e| e.to_string())?;
    eprintln!("seed-bench: done in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Prints one JSON line: the crypto ceiling of the council feed's first `pages` pages.
pub async fn bench_crypto(settings: Settings, pages: usize, threads: usize) -> Result<(), String> {
    let service = open_service(&settings).await.map_err(|e| e.to_string())?;
    let result = service.bench_crypto(pages, threads).await;
    service.store().close().await;
    let (cached, unwrapping, us_per_page) = result.map_err(|e| e.to_string())?;
    let line = serde_json::json!({
        "pages_per_s_keys_cached": cached,
        "pages_per_s_keys_unwrapped": unwrapping,
        "us_per_page_per_thread": us_per_page,
        "threads": threads,
    });
    writeln!(std::io::stdout().lock(), "{line}").map_err(|e| e.kind().to_string())
}
