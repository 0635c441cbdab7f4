//! The staff and policy pages: the theme overview (chart and table, rounded counts only), the
//! second-factor enrolment page a worker who must enrol lands on after the password, and the
//! anonymiser's suggestions on the worker's excerpt page.

use serde_json::json;
use totp_rs::Secret;

use crate::helpers::{
    Browser, PASSWORD, Storyline, TestApp, code_at, current_step, expect_status, id_of,
    unique_username, version_of,
};

/// A story recorded today with one theme, and `n` excerpts of it published to the council.
fn publish_today(app: &TestApp, line: &Storyline, theme: &str, n: usize) {
    let today = time::OffsetDateTime::now_utc().date();
    let recorded_on = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let story = json!({"title": "Vandaag", "body": "Een verhaal over vandaag.", "themes": [theme], "recorded_on": recorded_on});
    let story_id = id_of(&expect_status(
        app.post_story(&line.worker.token, &line.participant.id, &story),
        201,
    ));
    for i in 0..n {
        let excerpt = app.approved_excerpt_of(
            &line.worker.token,
            &line.youth.token,
            &story_id,
            &format!("Stukje nummer {i} over {theme}."),
        );
        expect_status(
            app.put_consent(
                &line.youth.token,
                &id_of(&excerpt),
                version_of(&excerpt),
                [false, false, true],
            ),
            200,
        );
    }
}

/// The table row of one theme on the overview page.
fn row<'a>(body: &'a str, theme: &str) -> &'a str {
    let start = body
        .find(&format!("id=\"theme-{theme}\""))
        .unwrap_or_else(|| panic!("no row for {theme}"));
    let end = body[start..].find("</tr>").expect("a closed row");
    &body[start..start + end]
}

#[test]
fn the_overview_shows_rounded_counts_in_a_chart_and_a_table_and_three_as_fewer_than_ten() {
    let app = TestApp::spawn();
    let line = app.storyline();
    publish_today(&app, &line, "wachttijd", 3);
    publish_today(&app, &line, "school", 12);
    let council = app.create_account("council");
    let browser = Browser::new(&app);
    browser.login(&council.username, PASSWORD);

    let page = browser.get("/overview");

    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("href=\"/overview\""),
        "linked from the menu"
    );
    let svg_start = page.body.find("<svg").expect("a chart");
    let svg_end = page.body.find("</svg>").expect("a closed chart");
    let svg = &page.body[svg_start..svg_end];
    assert!(svg.contains("role=\"img\""));
    assert!(
        !svg.to_lowercase().contains("script"),
        "no script in the chart"
    );
    assert!(!page.body.contains("<script"));
    assert!(!page.body.contains("style=\""));
    // Three is never shown as three: "minder dan 10", in the table and on the chart.
    let waiting = row(&page.body, "wachttijd");
    assert!(waiting.contains("minder dan 10"), "{waiting}");
    assert!(!waiting.contains(">3<"), "{waiting}");
    assert!(svg.contains("minder dan 10"));
    // Twelve is rounded to 10, in this quarter's column and in the total.
    let school = row(&page.body, "school");
    assert_eq!(school.matches(">10<").count(), 2, "{school}");
    assert!(!school.contains(">12<"));
    assert!(
        page.body.contains("<th scope=\"row\""),
        "themes head their rows"
    );

    // In English the themes and the words are English.
    browser.get("/language/en?next=/overview");
    let english = browser.get("/overview");
    assert!(english.body.contains("Waiting time"), "{}", english.body);
    assert!(row(&english.body, "wachttijd").contains("fewer than 10"));
}

#[test]
fn peers_and_staff_get_no_overview_and_no_link_to_it() {
    let app = TestApp::spawn();
    let peer = app.create_account("peer");
    let browser = Browser::new(&app);
    browser.login(&peer.username, PASSWORD);
    assert_eq!(browser.get("/overview").status, 403);
    assert!(!browser.get("/feed").body.contains("href=\"/overview\""));
    let anonymous = Browser::new(&app);
    assert_eq!(anonymous.get("/overview").location(), "/login");
}

fn secret_on(body: &str) -> Vec<u8> {
    let groups: String = body
        .split("<span class=\"secret__group\">")
        .skip(1)
        .filter_map(|part| part.split('<').next())
        .collect();
    Secret::try_from_base32(&groups)
        .expect("a base32 secret on the page")
        .as_bytes()
        .to_vec()
}

#[test]
fn a_worker_who_must_enrol_does_so_on_the_page_and_can_reach_nothing_else_until_then() {
    let app = TestApp::spawn();
    let username = unique_username("worker");
    expect_status(app.post_account(&username, PASSWORD, "worker"), 201);
    let browser = Browser::new(&app);

    // The password alone leads to the enrolment page, not to a dead end.
    let after_login = browser.login(&username, PASSWORD);
    assert_eq!(after_login.status, 303, "{}", after_login.body);
    assert_eq!(after_login.location(), "/account/second-factor");
    let enrol = browser.get("/account/second-factor");
    assert_eq!(enrol.status, 200, "{}", enrol.body);
    assert!(enrol.body.contains("<svg role=\"img\""), "a QR code");
    assert!(
        !enrol.body.contains("otpauth://"),
        "the URI is in the QR code only"
    );
    let secret = secret_on(&enrol.body);

    // Every other page sends the enrolment-only session back here; posts do nothing.
    for path in [
        "/participants",
        "/participants/new",
        "/feed",
        "/accounts",
        "/me",
    ] {
        let page = browser.get(path);
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location(), "/account/second-factor", "{path}");
    }
    let csrf = enrol.csrf();
    let refused = browser.post(
        "/participants/new",
        &[
            ("csrf", &csrf),
            ("birth_year", "2008"),
            ("identifiers", "Kim"),
        ],
    );
    assert_eq!(refused.location(), "/account/second-factor");

    // A wrong code is said next to the field, and the same secret stays on the page.
    let wrong = browser.post(
        "/account/second-factor/confirm",
        &[("csrf", &csrf), ("code", "000000")],
    );
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    assert!(wrong.body.contains("Deze code klopt niet"));
    assert_eq!(secret_on(&wrong.body), secret);

    // The right code: recovery codes once, a full session, and on to the worker's home page.
    let code = code_at(&secret, current_step());
    let done = browser.post(
        "/account/second-factor/confirm",
        &[("csrf", &csrf), ("code", &code)],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        done.body.matches("class=\"recovery-codes__code\"").count(),
        10
    );
    assert!(done.body.contains("href=\"/participants\""));
    let home = browser.get("/participants");
    assert_eq!(home.status, 200, "{}", home.body);
    let status = browser.get("/account/second-factor");
    assert!(status.body.contains("Staat aan."), "{}", status.body);

    // From now on the password alone is not enough.
    let again = Browser::new(&app);
    let page = again.submit(
        "/login",
        "/login",
        &[("username", &username), ("password", PASSWORD)],
    );
    assert_eq!(page.status, 401, "{}", page.body);
}

#[test]
fn suggestions_are_shown_apart_and_a_submit_while_one_is_open_says_so_in_dutch() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let text = "Ik ging gisteren met Zorvek naar de film en daarna naar huis.";
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, text);
    let id = id_of(&excerpt);
    let path = format!("/excerpts/{id}");
    let browser = Browser::new(&app);
    browser.login(&line.worker.username, PASSWORD);

    let page = browser.get(&path);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Voorstellen: controleer dit"));
    assert!(page.body.contains("name=\"suggestion-1\""));
    assert!(page.body.contains("Soort: naam"));

    // Sending it with the suggestion open: 409 and a clear message on the page.
    let submit = browser.submit(&path, &format!("{path}/submit"), &[("version", "1")]);
    assert_eq!(submit.status, 409, "{}", submit.body);
    assert!(submit.body.contains("Er staan nog voorstellen open"));

    // Saving without a choice names the suggestion; rejecting it puts the words back.
    let undecided = browser.submit(&path, &format!("{path}/suggestions"), &[("version", "1")]);
    assert_eq!(undecided.status, 400);
    assert!(undecided.body.contains("Kies bij voorstel 1"));
    let decided = browser.submit(
        &path,
        &format!("{path}/suggestions"),
        &[
            ("version", "1"),
            ("suggestion-1", "reject"),
            ("replacement-1", "Zorvek"),
        ],
    );
    assert_eq!(decided.status, 303, "{}", decided.body);
    let after = browser.get(&path);
    assert!(!after.body.contains("name=\"suggestion-1\""));
    assert!(
        after
            .body
            .contains("Ik ging gisteren met Zorvek naar de film")
    );
    let sent = browser.submit(&path, &format!("{path}/submit"), &[("version", "2")]);
    assert_eq!(sent.status, 303, "{}", sent.body);
}
