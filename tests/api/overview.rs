//! The theme overview: rounded counts of what an audience may read, per theme and quarter.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Storyline, TestApp, expect_error, expect_status, id_of, version_of};

const OVERVIEW: &str = "/api/v1/feed/overview";

/// Today as `YYYY-MM-DD` and its quarter as `YYYY-Qn` (UTC, as the service counts).
fn today_and_quarter() -> (String, String) {
    let today = time::OffsetDateTime::now_utc().date();
    let month = u8::from(today.month());
    (
        format!("{:04}-{:02}-{:02}", today.year(), month, today.day()),
        format!("{:04}-Q{}", today.year(), (month - 1) / 3 + 1),
    )
}

/// A story of `line`'s participant recorded today with the given themes; returns its id.
fn story_recorded_today(app: &TestApp, line: &Storyline, themes: &[&str]) -> String {
    let (today, _) = today_and_quarter();
    let story = json!({"title": "Vandaag", "body": "Een verhaal over vandaag.", "themes": themes, "recorded_on": today});
    id_of(&expect_status(
        app.post_story(&line.worker.token, &line.participant.id, &story),
        201,
    ))
}

/// Publishes `n` excerpts of `story_id` to the given audiences ([peers, policy_makers, council]).
fn publish(
    app: &TestApp,
    line: &Storyline,
    story_id: &str,
    n: usize,
    audiences: [bool; 3],
) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let excerpt = app.approved_excerpt_of(
                &line.worker.token,
                &line.youth.token,
                story_id,
                &format!("Stukje nummer {i}."),
            );
            expect_status(
                app.put_consent(
                    &line.youth.token,
                    &id_of(&excerpt),
                    version_of(&excerpt),
                    audiences,
                ),
                200,
            );
            excerpt
        })
        .collect()
}

fn overview(app: &TestApp, token: &str) -> Value {
    expect_status(app.get(OVERVIEW, token), 200)
}

/// The count shown for `theme`: `None` for "fewer than 10", else the rounded number. Also checks
/// that the two fields agree.
fn shown(count: &Value) -> Option<u64> {
    let fewer = count["fewer_than_10"].as_bool().expect("fewer_than_10");
    let rounded = count["rounded"].as_u64();
    assert_eq!(fewer, rounded.is_none(), "inconsistent count {count}");
    rounded
}

fn theme<'a>(overview: &'a Value, id: &str) -> &'a Value {
    overview["themes"]
        .as_array()
        .expect("themes")
        .iter()
        .find(|t| t["theme"] == id)
        .unwrap_or_else(|| panic!("theme {id} missing"))
}

fn current_cell(overview: &Value, id: &str) -> Option<u64> {
    let (_, quarter) = today_and_quarter();
    let quarters = overview["quarters"].as_array().expect("quarters");
    let at = quarters
        .iter()
        .position(|q| q == &json!(quarter))
        .expect("current quarter listed");
    shown(&theme(overview, id)["per_quarter"][at])
}

#[test]
fn thirteen_excerpts_show_as_fifteen_and_only_for_the_audiences_they_were_shared_with() {
    // Arrange
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    let story = story_recorded_today(&app, &line, &["school", "wachttijd"]);
    publish(&app, &line, &story, 13, [false, false, true]);

    // Act
    let council = overview(&app, &readers[2].account.token);
    let policy = overview(&app, &readers[1].account.token);

    // Assert
    for id in ["school", "wachttijd"] {
        assert_eq!(shown(&theme(&council, id)["total"]), Some(15), "{id}");
        assert_eq!(current_cell(&council, id), Some(15), "{id}");
        assert_eq!(shown(&theme(&policy, id)["total"]), None, "{id}");
    }
    assert_eq!(shown(&theme(&council, "pleegzorg")["total"]), None);
}

#[test]
fn a_withdrawal_lowers_the_count_at_once() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    let story = story_recorded_today(&app, &line, &["school"]);
    let excerpts = publish(&app, &line, &story, 13, [false, true, false]);
    assert_eq!(
        current_cell(&overview(&app, &readers[1].account.token), "school"),
        Some(15)
    );

    let first = &excerpts[0];
    let current = app.get_excerpt(&line.youth.token, &id_of(first));
    expect_status(
        app.put_consent(
            &line.youth.token,
            &id_of(first),
            version_of(&current),
            [false, false, false],
        ),
        200,
    );

    // 12 left: the nearest multiple of five is 10.
    let after = overview(&app, &readers[1].account.token);
    assert_eq!(current_cell(&after, "school"), Some(10));
    assert_eq!(shown(&theme(&after, "school")["total"]), Some(10));
}

#[test]
fn a_small_count_is_never_a_number_and_every_theme_and_quarter_is_listed() {
    // Arrange: three excerpts, one of them only approved (never counted).
    let app = TestApp::spawn();
    let line = app.storyline();
    let readers = app.create_audience_readers();
    let story = story_recorded_today(&app, &line, &["school"]);
    publish(&app, &line, &story, 3, [true, true, true]);
    app.approved_excerpt_of(
        &line.worker.token,
        &line.youth.token,
        &story,
        "Niet gedeeld.",
    );

    // Act
    let council = overview(&app, &readers[2].account.token);

    // Assert: the shape is the same as with no data at all, and no count is a number.
    let themes = expect_status(app.request(Method::GET, "/api/v1/themes", None, None), 200);
    assert_eq!(
        council["themes"].as_array().unwrap().len(),
        themes["items"].as_array().unwrap().len()
    );
    assert_eq!(council["quarters"].as_array().unwrap().len(), 8);
    for t in council["themes"].as_array().unwrap() {
        assert_eq!(shown(&t["total"]), None, "{t}");
        assert_eq!(t["per_quarter"].as_array().unwrap().len(), 8);
        assert!(
            t["per_quarter"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| shown(c).is_none()),
            "{t}"
        );
    }
    let empty = TestApp::spawn();
    let reader = empty.create_account("council");
    assert_eq!(overview(&empty, &reader.token)["themes"], council["themes"]);
}

#[test]
fn only_policy_makers_and_the_council_may_see_the_overview() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let peer = app.create_account("peer");
    for token in [
        &peer.token,
        &line.worker.token,
        &line.youth.token,
        &app.admin_token,
    ] {
        expect_error(app.get(OVERVIEW, token), 403);
    }
    expect_error(app.request(Method::GET, OVERVIEW, None, None), 401);
}
