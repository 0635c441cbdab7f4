//! The feed benchmark: seeds N published excerpts with the real binary (`storyvault seed-bench`:
//! real keys, real sealing), starts the real binary, and drives it over HTTP with 1, 8 and 32
//! concurrent council readers walking pages of 50 from random cursors. It prints pages/s and
//! p50/p95/p99 for the feed next to `/api/v1/themes` (the framework's ceiling) and next to the
//! crypto of the same pages timed alone (`storyvault bench-crypto`, the crypto ceiling); then the
//! feed at 32 readers during a flood of 40 concurrent logins, the server's RSS and the database
//! size. Shared by `benches/feed.rs` and the test that keeps it from rotting.

#![allow(clippy::print_stdout, clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor, PgConnection};

const PASSWORD: &str = "bench-password-0123";
/// The row of the page `/feed` in the results.
const FEED_HTML: &str = "feed page (HTML)";
const POSTGRES_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Clone, Debug)]
pub struct Options {
    pub binary: PathBuf,
    pub excerpts: Vec<usize>,
    pub backends: Vec<String>,
    pub readers: Vec<usize>,
    pub seconds: f64,
    pub logins: usize,
    pub flood: usize,
}

pub struct Run {
    pub backend: String,
    pub excerpts: usize,
    pub seed_seconds: f64,
    pub rows: Vec<Row>,
    pub crypto: (f64, f64, f64),
    pub rss_mb: Vec<(String, f64)>,
    pub db_bytes: u64,
}

pub struct Row {
    pub what: String,
    pub readers: usize,
    pub stats: Stats,
}

pub struct Stats {
    pub per_s: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub errors: usize,
}

fn stats(mut ms: Vec<f64>, errors: usize, elapsed: f64) -> Stats {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| {
        if ms.is_empty() {
            f64::NAN
        } else {
            ms[((ms.len() as f64 - 1.0) * q).round() as usize]
        }
    };
    Stats {
        per_s: ms.len() as f64 / elapsed,
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        errors,
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }
}

fn command(opts: &Options, data_dir: &Path, url: &str) -> Command {
    let mut cmd = Command::new(&opts.binary);
    cmd.env("STORYVAULT_DATA_DIR", data_dir)
        .env("STORYVAULT_DATABASE_URL", url)
        .env(
            "STORYVAULT_POLICIES_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"),
        )
        .env("STORYVAULT_LOG_FORMAT", "json")
        .env("RUST_LOG", "warn,storyvault=info");
    cmd
}

fn seed(opts: &Options, data_dir: &Path, url: &str, excerpts: usize) -> f64 {
    let start = Instant::now();
    let mut child = command(opts, data_dir, url)
        .args([
            "seed-bench",
            "--excerpts",
            &excerpts.to_string(),
            "--readers",
            "32",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start seed-bench");
    writeln!(child.stdin.take().expect("stdin"), "{PASSWORD}").expect("password");
    assert!(
        child.wait().expect("seed-bench").success(),
        "seed-bench failed"
    );
    start.elapsed().as_secs_f64()
}

fn serve(opts: &Options, data_dir: &Path, url: &str) -> Server {
    use std::io::BufRead;
    let mut child = command(opts, data_dir, url)
        .arg("serve")
        .env("STORYVAULT_ADDR", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("server exited before listening")
            .expect("read");
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
            && v["fields"]["message"] == "listening"
        {
            break v["fields"]["addr"].as_str().expect("addr").to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base: format!("http://{addr}"),
    }
}

fn crypto(opts: &Options, data_dir: &Path, url: &str) -> (f64, f64, f64) {
    let out = command(opts, data_dir, url)
        .args(["bench-crypto", "--pages", "200", "--threads", "2"])
        .output()
        .expect("bench-crypto");
    let line = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("bench-crypto output");
    (
        v["pages_per_s_keys_cached"].as_f64().unwrap_or(f64::NAN),
        v["pages_per_s_keys_unwrapped"].as_f64().unwrap_or(f64::NAN),
        v["us_per_page_per_thread"].as_f64().unwrap_or(f64::NAN),
    )
}

async fn login(client: &reqwest::Client, base: &str, user: &str) -> Option<String> {
    let resp = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&serde_json::json!({"username": user, "password": PASSWORD}))
        .send()
        .await
        .ok()?;
    let v: serde_json::Value = resp.json().await.ok()?;
    v["token"].as_str().map(str::to_string)
}

/// Logs in through the pages, as a browser does: the login page sets the form cookie and carries
/// the token, the form post answers with the session cookie. Returns that cookie ("name=value").
async fn web_login(base: &str, user: &str) -> Option<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .ok()?;
    let page = client.get(format!("{base}/login")).send().await.ok()?;
    let nonce = cookie_of(&page, "storyvault_form=")?;
    let body = page.text().await.ok()?;
    let csrf = body
        .split("name=\"csrf\" value=\"")
        .nth(1)?
        .split('"')
        .next()?
        .to_string();
    let resp = client
        .post(format!("{base}/login"))
        .header(reqwest::header::COOKIE, nonce)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(form_body(&[
            ("csrf", csrf.as_str()),
            ("username", user),
            ("password", PASSWORD),
        ]))
        .send()
        .await
        .ok()?;
    cookie_of(&resp, "storyvault_session=")
}

/// An `application/x-www-form-urlencoded` body.
fn form_body(fields: &[(&str, &str)]) -> String {
    let encode = |v: &str| -> String {
        v.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The "name=value" of the cookie `prefix` (its name and "=") that `resp` sets.
fn cookie_of(resp: &reqwest::Response, prefix: &str) -> Option<String> {
    resp.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(prefix) && !v.starts_with(&format!("{prefix};")))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

/// The cursor of the page's "next" link.
fn next_in_html(body: &str) -> Option<String> {
    let after = body.split("href=\"/feed?after=").nth(1)?;
    let cursor: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
    (cursor.len() == 32).then_some(cursor)
}

/// What a reader asks for.
#[derive(Clone, Copy, PartialEq)]
enum Endpoint {
    Themes,
    /// `/api/v1/feed?limit=50`, bearer token.
    Feed,
    /// The page `/feed` (50 items), session cookie.
    FeedHtml,
}

fn random_cursor() -> String {
    (0..16)
        .map(|_| format!("{:02x}", rand::random::<u8>()))
        .collect()
}

/// A feed page as the client reads it: the whole body is parsed and checked to be a page (items
/// and a cursor), but the items are not built into values. Building a `serde_json::Value` of
/// fifty items on every page took a share of the two cores the server needs too.
#[derive(serde::Deserialize)]
struct FeedPage {
    #[serde(rename = "items")]
    _items: Vec<serde::de::IgnoredAny>,
    next: Option<String>,
}

/// `readers` clients for `seconds`: the feed, as JSON or as the page (walking from a random
/// cursor), or the themes. `tokens` are bearer tokens, `cookies` session cookies.
async fn load(
    client: &reqwest::Client,
    base: &str,
    (tokens, cookies): (&[String], &[String]),
    readers: usize,
    seconds: f64,
    endpoint: Endpoint,
) -> Stats {
    let stop = Instant::now() + Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for r in 0..readers {
        let client = client.clone();
        let base = base.to_string();
        let token = tokens[r % tokens.len()].clone();
        let cookie = cookies
            .get(r % cookies.len().max(1))
            .cloned()
            .unwrap_or_default();
        tasks.push(tokio::spawn(async move {
            let mut ms = Vec::new();
            let mut errors = 0;
            let mut after = Some(random_cursor());
            while Instant::now() < stop {
                let t = Instant::now();
                let request = match (endpoint, &after) {
                    (Endpoint::Themes, _) => client.get(format!("{base}/api/v1/themes")),
                    (Endpoint::Feed, Some(a)) => {
                        client.get(format!("{base}/api/v1/feed?limit=50&after={a}"))
                    }
                    (Endpoint::Feed, None) => client.get(format!("{base}/api/v1/feed?limit=50")),
                    (Endpoint::FeedHtml, Some(a)) => client.get(format!("{base}/feed?after={a}")),
                    (Endpoint::FeedHtml, None) => client.get(format!("{base}/feed")),
                };
                let request = match endpoint {
                    Endpoint::FeedHtml => request.header(reqwest::header::COOKIE, &cookie),
                    _ => request.bearer_auth(&token),
                };
                let next = match request.send().await {
                    Ok(r) if r.status().is_success() => match endpoint {
                        Endpoint::FeedHtml => r.text().await.ok().map(|b| next_in_html(&b)),
                        _ => r
                            .bytes()
                            .await
                            .ok()
                            .and_then(|b| serde_json::from_slice::<FeedPage>(&b).ok())
                            .map(|page| page.next),
                    },
                    _ => None,
                };
                let Some(next) = next else {
                    errors += 1;
                    continue;
                };
                ms.push(t.elapsed().as_secs_f64() * 1e3);
                if endpoint != Endpoint::Themes {
                    after = next;
                }
            }
            (ms, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (ms, e) = t.await.expect("reader");
        all.extend(ms);
        errors += e;
    }
    stats(all, errors, start.elapsed().as_secs_f64())
}

/// `concurrency` clients logging in until `stop` is set or `total` logins are done.
async fn login_flood(
    client: &reqwest::Client,
    base: &str,
    concurrency: usize,
    total: usize,
    stop: Arc<AtomicBool>,
) -> usize {
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for i in 0..concurrency {
        let (client, base, stop, done) =
            (client.clone(), base.to_string(), stop.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) && done.fetch_add(1, Ordering::Relaxed) < total {
                login(&client, &base, &format!("bench-council-{}", i % 32 + 1)).await;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    done.load(Ordering::Relaxed).min(total)
}

async fn postgres_database(name: &str) {
    let mut admin = PgConnection::connect(POSTGRES_ADMIN)
        .await
        .expect("postgres");
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .await
        .expect("drop");
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create");
}

async fn db_bytes(backend: &str, data_dir: &Path, url: &str) -> u64 {
    if backend == "postgres" {
        let mut conn = PgConnection::connect(url).await.expect("postgres");
        let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
            .fetch_one(&mut conn)
            .await
            .unwrap_or(0);
        return size as u64;
    }
    ["storyvault.db", "storyvault.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(data_dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

pub async fn run_one(opts: &Options, backend: &str, excerpts: usize) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = format!("storyvault_feedbench_{}", std::process::id());
    let url = if backend == "postgres" {
        // The admin URL ends in "/postgres": the database name replaces that last segment.
        let base = POSTGRES_ADMIN
            .rsplit_once('/')
            .map_or(POSTGRES_ADMIN, |(s, _)| s);
        postgres_database(&name).await;
        format!("{base}/{name}")
    } else {
        format!("sqlite://{}", dir.path().join("storyvault.db").display())
    };
    eprintln!("feed-bench: {backend}, seeding {excerpts} excerpts…");
    let seed_seconds = seed(opts, dir.path(), &url, excerpts);
    let crypto = crypto(opts, dir.path(), &url);
    let server = serve(opts, dir.path(), &url);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    let mut tokens = Vec::new();
    for i in 1..=32 {
        tokens.push(
            login(&client, &server.base, &format!("bench-council-{i}"))
                .await
                .expect("login"),
        );
    }
    // Readers of the pages log in through the login form, as a browser does.
    let mut cookies = Vec::new();
    for i in 1..=32 {
        cookies.push(
            web_login(&server.base, &format!("bench-council-{i}"))
                .await
                .expect("login through the form"),
        );
    }
    let keys = (tokens.as_slice(), cookies.as_slice());
    let mut rss_mb = vec![("after start and 64 logins".to_string(), server.rss_mb())];
    let mut rows = Vec::new();
    // Warm-up: a short walk, so every level starts with the same caches.
    load(
        &client,
        &server.base,
        keys,
        8,
        opts.seconds.min(2.0),
        Endpoint::Feed,
    )
    .await;
    for &readers in &opts.readers {
        for (what, endpoint) in [
            ("themes", Endpoint::Themes),
            ("feed", Endpoint::Feed),
            (FEED_HTML, Endpoint::FeedHtml),
        ] {
            let stats = load(&client, &server.base, keys, readers, opts.seconds, endpoint).await;
            rows.push(Row {
                what: what.into(),
                readers,
                stats,
            });
        }
        eprintln!("feed-bench: {backend} {excerpts}: {readers} readers done");
    }
    rss_mb.push((
        format!("after {} readers", opts.readers.iter().max().unwrap_or(&0)),
        server.rss_mb(),
    ));
    // The feed at 32 readers while `flood` clients log in (bounded by `logins`).
    let stop = Arc::new(AtomicBool::new(false));
    let flood = {
        let (client, base, stop) = (client.clone(), server.base.clone(), stop.clone());
        let (n, total) = (opts.flood, opts.logins);
        tokio::spawn(async move { login_flood(&client, &base, n, total, stop).await })
    };
    let during = load(
        &client,
        &server.base,
        keys,
        32,
        opts.seconds,
        Endpoint::Feed,
    )
    .await;
    rows.push(Row {
        what: format!("feed during {} concurrent logins", opts.flood),
        readers: 32,
        stats: during,
    });
    // Finish the logins (up to `logins` in all) before measuring memory.
    let logged_in = flood.await.unwrap_or(0);
    stop.store(true, Ordering::Relaxed);
    rss_mb.push((format!("after {logged_in} more logins"), server.rss_mb()));
    drop(server);
    let db_bytes = db_bytes(backend, dir.path(), &url).await;
    if backend == "postgres"
        && let Ok(mut admin) = PgConnection::connect(POSTGRES_ADMIN).await
    {
        let _ = admin
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name}"
            )))
            .await;
    }
    Run {
        backend: backend.into(),
        excerpts,
        seed_seconds,
        rows,
        crypto,
        rss_mb,
        db_bytes,
    }
}

pub fn table(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        out += &format!(
            "\n### {} — {} excerpts (seeded in {:.0} s; {:.1} MB on disk, {:.0} kB per 1,000 excerpts)\n\n",
            r.backend,
            r.excerpts,
            r.seed_seconds,
            r.db_bytes as f64 / 1e6,
            r.db_bytes as f64 / 1e3 / (r.excerpts as f64 / 1000.0)
        );
        out += "| endpoint | readers | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n";
        for row in &r.rows {
            let s = &row.stats;
            out += &format!(
                "| {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {} |\n",
                row.what, row.readers, s.per_s, s.p50, s.p95, s.p99, s.errors
            );
        }
        let (cached, unwrapped, us) = r.crypto;
        let best_feed = r
            .rows
            .iter()
            .filter(|row| row.what == "feed")
            .map(|row| row.stats.per_s)
            .fold(0.0, f64::max);
        out += &format!(
            "\ncrypto ceiling (same pages, 2 threads, no HTTP/DB): {cached:.0} pages/s with keys cached \
             ({us:.0} µs per page per thread), {unwrapped:.0} pages/s unwrapping each page's keys; \
             best feed = {:.0}% of the cached ceiling\n",
            100.0 * best_feed / cached
        );
        // Issue 8: a page of 50 items renders within 1.2x the time of the same JSON page.
        let ratios: Vec<String> = r
            .rows
            .iter()
            .filter(|row| row.what == FEED_HTML)
            .filter_map(|html| {
                let json = r
                    .rows
                    .iter()
                    .find(|j| j.what == "feed" && j.readers == html.readers)?;
                Some(format!(
                    "{:.2}x at {} (p50 {:.2} / {:.2} ms)",
                    html.stats.p50 / json.stats.p50,
                    html.readers,
                    html.stats.p50,
                    json.stats.p50
                ))
            })
            .collect();
        if !ratios.is_empty() {
            out += &format!(
                "\nthe page /feed against /api/v1/feed?limit=50 (p50, readers; target <= 1.2x): {}\n",
                ratios.join(", ")
            );
        }
        out += "\nserver RSS: ";
        out += &r
            .rss_mb
            .iter()
            .map(|(when, mb)| format!("{mb:.0} MB {when}"))
            .collect::<Vec<_>>()
            .join("; ");
        out += "\n";
    }
    out
}

pub async fn run_all(opts: &Options) -> Vec<Run> {
    let mut runs = Vec::new();
    for &n in &opts.excerpts {
        for backend in &opts.backends {
            runs.push(run_one(opts, backend, n).await);
        }
    }
    runs
}
