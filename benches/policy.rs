//! One Cedar access decision, as a request pays for it: `AccessPolicy::permits` on the built-in
//! policies, for a feed page (a council member reading the council's feed) and for an excerpt (a
//! responsible worker creating one for their young person), plus `role_may` (the door check,
//! answered from the table made at load), and the time to load the policies.
//!
//! ```text
//! cargo bench --bench policy                      # prints µs per decision
//! cargo bench --bench policy -- --out benches/results/policy.md   # and appends them there
//! ```
//!
//! Plain `fn main` (harness = false): the figure wanted is µs per decision, the median of
//! several rounds of many decisions each.
#![allow(
    clippy::print_stdout,
    clippy::disallowed_macros,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use storyvault::domain::{Audience, Role};
use storyvault::policies::Policies;
use storyvault::policies::access::{Action, Relation, Resource};

const ROUNDS: usize = 9;
const DECISIONS: usize = 20_000;

/// Median µs per call of `decide` over `ROUNDS` rounds of `DECISIONS` calls.
fn micros_per_decision(decide: impl Fn() -> bool) -> f64 {
    // Warm-up: caches, lazy statics.
    for _ in 0..1000 {
        black_box(decide());
    }
    let mut rounds: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let began = Instant::now();
            for _ in 0..DECISIONS {
                black_box(decide());
            }
            began.elapsed().as_secs_f64() * 1e6 / DECISIONS as f64
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[ROUNDS / 2]
}

fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .cloned();
    // Loading (parse, strict validation against the schema, the role table of every role and
    // action) is paid once per start of `serve`; in a debug build it is most of a start.
    let mut loads: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let began = Instant::now();
            black_box(Policies::load(None).expect("the built-in policies load"));
            began.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    loads.sort_by(f64::total_cmp);
    let load_ms = loads[ROUNDS / 2];
    let policies = Policies::load(None).expect("the built-in policies load");
    let access = policies.access;

    // The decisions must be the ones the service relies on, or the figures mean nothing.
    let feed = || {
        access.permits(
            Some(Role::Council),
            Action::ReadFeed,
            Resource::Audience(Audience::Council),
        )
    };
    let responsible = Relation {
        is_responsible: true,
        ..Relation::default()
    };
    let excerpt = || {
        access.permits(
            Some(Role::Worker),
            Action::CreateExcerpt,
            Resource::Participant(responsible),
        )
    };
    let excerpt_denied = || {
        access.permits(
            Some(Role::Worker),
            Action::CreateExcerpt,
            Resource::Participant(Relation::default()),
        )
    };
    let door = || access.role_may(Some(Role::Worker), Action::CreateExcerpt);
    assert!(feed() && excerpt() && door(), "the policy permits these");
    assert!(
        !excerpt_denied(),
        "the policy refuses a worker who is not responsible"
    );

    let rows = [
        (
            "feed page: council reads the council feed (permit)",
            micros_per_decision(feed),
        ),
        (
            "excerpt: responsible worker creates one (permit)",
            micros_per_decision(excerpt),
        ),
        (
            "excerpt: other worker creates one (deny)",
            micros_per_decision(excerpt_denied),
        ),
        (
            "door check role_may (table lookup)",
            micros_per_decision(door),
        ),
    ];
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let mut table = format!(
        "\n## {} ({profile}, {} cores)\n\n| decision | µs per decision (median of {ROUNDS} × {DECISIONS}) |\n| --- | ---: |\n",
        now(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    for (name, micros) in rows {
        table.push_str(&format!("| {name} | {micros:.2} |\n"));
    }
    table.push_str(&format!(
        "\nLoading the policies (parse, validate, role table): {load_ms:.1} ms (median of {ROUNDS}).\n"
    ));
    print!("{table}");
    if let Some(path) = out {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("results file");
        file.write_all(table.as_bytes()).expect("write results");
    }
}
