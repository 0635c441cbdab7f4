//! Issue 11: the participant-key cache, seen from outside through the counters on the metrics
//! listener. A feed page after the first takes its keys from memory; an erasure drops the key at
//! once, and the erased young person's passages cannot be opened although their key was cached.

use serde_json::Value;

use crate::helpers::{TestApp, expect_status, id_of};

const COUNCIL: [bool; 3] = [false, false, true];

/// (hits, misses, evictions, entries) of the participant-key cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CacheCounts {
    hits: u64,
    misses: u64,
    evictions: u64,
    entries: u64,
}

fn cache_counts(app: &TestApp) -> CacheCounts {
    // The address of the running process: after a restart the last one logged.
    let addr = app
        .logs
        .lines()
        .iter()
        .rev()
        .find_map(|line| {
            let event: Value = serde_json::from_str(line).ok()?;
            (event["fields"]["message"] == "metrics listening")
                .then(|| event["fields"]["addr"].as_str().map(str::to_owned))
                .flatten()
        })
        .expect("the metrics listener logs its address");
    let text = app
        .client
        .get(format!("http://{addr}/metrics"))
        .send()
        .expect("metrics")
        .text()
        .expect("body");
    let value = |name: &str| -> u64 {
        let series = format!("storyvault_participant_key_cache_{name} ");
        text.lines()
            .find_map(|l| l.strip_prefix(&series))
            .unwrap_or_else(|| panic!("no {series} in:\n{text}"))
            .parse()
            .expect("a count")
    };
    CacheCounts {
        hits: value("hits_total"),
        misses: value("misses_total"),
        evictions: value("evictions_total"),
        entries: value("entries"),
    }
}

/// One feed page of one item: (items, next cursor).
fn feed_page(app: &TestApp, reader: &str, after: Option<&str>) -> (Vec<Value>, Option<String>) {
    let path = match after {
        Some(cursor) => format!("/api/v1/feed?limit=1&after={cursor}"),
        None => "/api/v1/feed?limit=1".to_owned(),
    };
    let page = expect_status(app.get(&path, reader), 200);
    let items = page["items"].as_array().expect("items").clone();
    (items, page["next"].as_str().map(str::to_owned))
}

#[test]
fn the_second_feed_page_takes_its_key_from_the_cache_and_an_erasure_evicts_it() {
    // Arrange: one young person with two passages for the council; a restart empties the cache
    // (publishing went through it).
    let mut app = TestApp::spawn_with_env(&[("STORYVAULT_METRICS_ADDR", "127.0.0.1:0")]);
    let line = app.storyline();
    app.published_excerpt(&line, "Ik moest drie keer verhuizen in een jaar.", COUNCIL);
    app.published_excerpt(&line, "Mijn mentor luisterde echt naar mij.", COUNCIL);
    let council = app.create_account("council");
    app.restart();
    let cold = cache_counts(&app);
    assert_eq!(
        (cold.hits, cold.misses, cold.entries),
        (0, 0, 0),
        "{cold:?}"
    );

    // Act: two pages of one item each
    let (first, next) = feed_page(&app, &council.token, None);
    let after_first = cache_counts(&app);
    let (second, _) = feed_page(&app, &council.token, next.as_deref());
    let after_second = cache_counts(&app);

    // Assert: the first page unwrapped the key, the second found it in memory
    assert_eq!((first.len(), second.len()), (1, 1));
    assert_ne!(first[0]["id"], second[0]["id"]);
    assert_eq!(after_first.misses, 1, "{after_first:?}");
    assert_eq!(after_first.entries, 1, "{after_first:?}");
    assert_eq!(after_second.misses, 1, "no second unwrap: {after_second:?}");
    assert_eq!(after_second.hits, after_first.hits + 1, "{after_second:?}");

    // Act: the young person erases themselves while their key is cached
    expect_status(app.delete("/api/v1/me", &line.youth.token), 204);
    let erased = cache_counts(&app);

    // Assert: the key left the cache at once, and nothing of theirs opens any more
    assert_eq!(erased.evictions, after_second.evictions + 1, "{erased:?}");
    assert_eq!(erased.entries, 0, "{erased:?}");
    let (items, _) = feed_page(&app, &council.token, None);
    assert!(items.is_empty(), "{items:?}");
    for item in first.iter().chain(&second) {
        let response = app.get(&format!("/api/v1/feed/{}", id_of(item)), &council.token);
        assert_eq!(response.status(), 404);
    }
    let story = app.get(
        &format!("/api/v1/stories/{}", line.story_id),
        &line.worker.token,
    );
    assert_eq!(story.status(), 404);
}
