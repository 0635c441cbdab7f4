//! The guardian's pages and the young person's receipts and renewals, through forms and links
//! only (issue 9 on the web): a 13-year-old's excerpt reaches a feed only after both said yes, a
//! guardian's withdrawal removes it, a guardian of one participant gets the same 404 page for
//! another's, the one-step renewal, and the readable receipts with their signed downloads.

use serde_json::{Value, json};

use crate::helpers::{
    Browser, PASSWORD, Page, STORY_BODY, STORY_TITLE, Storyline, TestApp, expect_status, id_of,
    unique_username, version_of,
};

const THIRTEEN: i32 = 2013;

/// The responsible worker adds a guardian on the participant's page and reads the code off the
/// page that shows it once; the guardian is then listed on the participant's page.
fn guardian_code(app: &TestApp, line: &Storyline) -> String {
    let worker = Browser::new(app);
    assert_eq!(
        worker.login(&line.worker.username, PASSWORD).location(),
        "/participants"
    );
    let participant = format!("/participants/{}", line.participant.id);
    let before = worker.get(&participant);
    assert!(
        before.body.contains("jonger dan 16"),
        "the page says a guardian is needed: {}",
        before.body
    );
    let new = format!("{participant}/guardians/new");
    assert!(before.body.contains(&new), "a link to add a guardian");
    // A form without a relation is refused next to its field, and nothing is added.
    let incomplete = worker.submit(&new, &new, &[("description", "Moeder")]);
    assert_eq!(incomplete.status, 400);
    assert!(
        incomplete.body.contains("relation-error"),
        "{}",
        incomplete.body
    );
    let shown = worker.submit(
        &new,
        &new,
        &[("relation", "parent"), ("description", "Moeder")],
    );
    assert_eq!(shown.status, 201, "{}", shown.body);
    let code = shown.invite_code();
    let after = worker.get(&participant);
    assert!(after.body.contains("Moeder"), "{}", after.body);
    assert!(after.body.contains("nog geen account"), "{}", after.body);
    code
}

/// The guardian redeems the code on the `/invite` page, as a young person does.
fn guardian_browser(app: &TestApp, line: &Storyline) -> (Browser, Page) {
    let code = guardian_code(app, line);
    let guardian = Browser::new(app);
    let name = unique_username("ouder");
    let redeemed = guardian.submit(
        "/invite",
        "/invite",
        &[("code", &code), ("username", &name), ("password", PASSWORD)],
    );
    (guardian, redeemed)
}

fn youth_browser(app: &TestApp, line: &Storyline) -> Browser {
    let youth = Browser::new(app);
    assert_eq!(
        youth.login(&line.youth.username, PASSWORD).location(),
        "/me"
    );
    youth
}

fn in_feed(app: &TestApp, reader: &str, text: &str) -> bool {
    app.feed_texts(reader).iter().any(|t| t == text)
}

#[test]
fn a_guardian_redeems_reads_only_the_excerpt_says_yes_and_withdraws_through_the_pages() {
    // Arrange: a 13-year-old approved an excerpt and shares it with peers and the council.
    let app = TestApp::spawn();
    let readers = app.create_audience_readers();
    let (peer, council) = (&readers[0].account.token, &readers[2].account.token);
    let line = app.storyline_born(app.create_worker(), THIRTEEN);
    let text = "Ik heb een jaar gewacht op hulp.";
    let excerpt = app.approved_excerpt(&line, text);
    let youth = youth_browser(&app, &line);
    let mine = format!("/me/excerpts/{}", id_of(&excerpt));
    let page = youth.get(&mine);
    assert!(page.body.contains("Je bent jonger dan 16"), "{}", page.body);
    let shared = youth.submit(
        &mine,
        &format!("{mine}/consent"),
        &[
            ("peers", "yes"),
            ("council", "yes"),
            ("version", &page.version()),
        ],
    );
    assert_eq!(shared.status, 303);
    assert!(!in_feed(&app, council, text), "no guardian's yes yet");

    // Act: the guardian redeems their code on the invitation page.
    let (guardian, redeemed) = guardian_browser(&app, &line);

    // Assert: they land on their own home, where the excerpt waits for them.
    assert_eq!(redeemed.location(), "/guardian");
    let home = guardian.get("/guardian");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Dit wacht op uw antwoord"));
    assert!(home.body.contains(text), "{}", home.body);
    let theirs = home.link_to("/guardian/excerpts/");
    let page = guardian.get(&theirs);
    assert_eq!(page.status, 200);
    assert!(page.body.contains(text));
    // Only the excerpt: not the story's title or the rest of its body.
    assert!(!page.body.contains(STORY_TITLE));
    assert!(!page.body.contains("pleegmoeder"), "{}", page.body);
    assert!(STORY_BODY.contains("pleegmoeder"));
    // The consent texts per audience, the effect in words; no yes where the young person said no.
    assert!(page.body.contains("Raadsleden kunnen dit lezen"));
    assert!(
        page.body
            .contains("Andere jongeren die ook jeugdhulp hebben gehad")
    );
    assert!(page.body.contains("name=\"council\""));
    assert!(!page.body.contains("name=\"policy_makers\""));
    assert!(
        page.body
            .contains("De jongere wil dit niet met deze groep delen")
    );

    // The guardian says yes to the council only: there, and not for peers.
    let answered = guardian.submit(
        &theirs,
        &format!("{theirs}/consent"),
        &[("council", "yes"), ("version", &page.version())],
    );
    assert_eq!(answered.status, 303, "{}", answered.body);
    assert!(
        guardian
            .follow(answered)
            .body
            .contains("Uw keuze is opgeslagen.")
    );
    assert!(in_feed(&app, council, text));
    assert!(!in_feed(&app, peer, text));

    // The young person sees the guardian's answer in their history and their receipts.
    let seen = youth.get(&mine);
    assert!(
        seen.body
            .contains("Je ouder of voogd zei ja voor: raadsleden")
    );
    assert!(
        seen.body
            .contains("<strong class=\"history__who\">Je ouder of voogd</strong>")
    );
    let receipts = youth.get(&format!("{mine}/receipts"));
    assert!(
        receipts.body.contains("Je ouder of voogd"),
        "{}",
        receipts.body
    );
    assert!(
        youth
            .get("/me/access-log")
            .body
            .contains("Een ouder of voogd")
    );

    // The guardian withdraws in one step: gone on the next request.
    let page = guardian.get(&theirs);
    let withdrawn = guardian.submit(
        &theirs,
        &format!("{theirs}/consent"),
        &[
            ("withdraw_all", "yes"),
            ("council", "yes"),
            ("version", &page.version()),
        ],
    );
    assert_eq!(withdrawn.status, 303);
    assert!(!in_feed(&app, council, text));
    assert!(
        guardian
            .get("/guardian")
            .body
            .contains("Dit wacht op uw antwoord")
    );

    // A guardian opens none of the young person's or the worker's pages.
    assert_eq!(guardian.get("/me").status, 403);
    assert_eq!(
        guardian.get(&format!("/stories/{}", line.story_id)).status,
        403
    );
}

#[test]
fn a_guardian_of_one_participant_gets_the_same_404_page_for_anothers_excerpt() {
    // Arrange: two 13-year-olds, each sharing an excerpt; a guardian of the first.
    let app = TestApp::spawn();
    let first = app.storyline_born(app.create_worker(), THIRTEEN);
    let second = app.storyline_born(app.create_worker(), THIRTEEN);
    app.published_excerpt(&first, "Mijn eigen stukje.", [true, false, false]);
    let theirs = app.published_excerpt(&second, "Een ander stukje.", [true, false, false]);
    let unshared = app.approved_excerpt(&first, "Nog niet gedeeld.");
    let (guardian, _) = guardian_browser(&app, &first);
    let absent = guardian.get("/guardian/excerpts/00000000-0000-4000-8000-000000000000");
    assert_eq!(absent.status, 404);

    // Act and assert: another's, one not shared, and a malformed id are the same page.
    for path in [
        format!("/guardian/excerpts/{}", id_of(&theirs)),
        format!("/guardian/excerpts/{}", id_of(&unshared)),
        "/guardian/excerpts/not-an-id".to_owned(),
    ] {
        let page = guardian.get(&path);
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.body, absent.body, "{path}");
    }
    let home = guardian.get("/guardian");
    assert!(home.body.contains("Mijn eigen stukje."));
    assert!(!home.body.contains("Een ander stukje."));
    assert!(!home.body.contains("Nog niet gedeeld."));
    let csrf = home.csrf();
    let version = version_of(&theirs).to_string();
    let posted = guardian.post(
        &format!("/guardian/excerpts/{}/consent", id_of(&theirs)),
        &[("csrf", &csrf), ("peers", "yes"), ("version", &version)],
    );
    assert_eq!(posted.status, 404);
    assert_eq!(posted.body, absent.body);
}

/// A copy of the project's policies with `edit` applied to `rules.toml`, and the app restarted
/// on it.
fn with_rules(app: &mut TestApp, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for entry in std::fs::read_dir(&source).expect("policies") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let mut text = std::fs::read_to_string(&path).expect("read");
        if name == "rules.toml" {
            text = edit(text);
        }
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    app.set_env(
        "STORYVAULT_POLICIES_DIR",
        dir.path().to_str().expect("utf-8"),
    );
    app.restart();
    dir
}

fn renewals(app: &TestApp, path: &str, token: &str) -> Vec<Value> {
    let body = expect_status(app.get(path, token), 200);
    body["items"].as_array().expect("items").clone()
}

#[test]
fn a_grant_that_lapses_within_30_days_is_first_on_the_home_page_and_renewed_in_one_step() {
    // Arrange: consent holds 10 days; a 13-year-old and their guardian both said yes.
    let mut app = TestApp::spawn();
    let _short = with_rules(&mut app, |t| {
        t.replace("valid_days = 730", "valid_days = 10")
    });
    let line = app.storyline_born(app.create_worker(), THIRTEEN);
    let text = "Tien dagen mag het blijven staan.";
    let excerpt = app.published_excerpt(&line, text, [true, false, false]);
    let code = guardian_code(&app, &line);
    let guardian_name = unique_username("ouder");
    let session = expect_status(app.post_redeem(&code, &guardian_name, PASSWORD), 201);
    let token = session["token"].as_str().expect("token");
    let body = json!({"version": version_of(&excerpt),
        "audiences": {"peers": true, "policy_makers": false, "council": false}});
    let path = format!("/api/v1/guardian/excerpts/{}/consent", id_of(&excerpt));
    expect_status(app.put(&path, token, &body), 200);
    // The policy goes back to two years: the grants keep their own 10-day term until renewed.
    let _long = with_rules(&mut app, |t| t);
    let theirs = format!("/guardian/excerpts/{}", id_of(&excerpt));
    let guardian = Browser::new(&app);
    assert_eq!(
        guardian.login(&guardian_name, PASSWORD).location(),
        "/guardian"
    );
    let youth = youth_browser(&app, &line);

    // The young person's home shows it first, with the date and a renew button.
    let home = youth.get("/me");
    let renew_at = home
        .body
        .find("Toestemming die stopt")
        .expect("renewals shown");
    let waiting_at = home.body.find("Dit wacht op jou").expect("waiting heading");
    assert!(renew_at < waiting_at, "renewals come first");
    let action = format!("/me/excerpts/{}/renew", id_of(&excerpt));
    assert!(home.body.contains(&format!("action=\"{action}\"")));
    assert!(home.body.contains("stopt op"));

    // Act: one step.
    let renewed = youth.submit(
        "/me",
        &action,
        &[("version", &version_of(&excerpt).to_string())],
    );

    // Assert
    assert_eq!(renewed.location(), "/me?renewed=1");
    assert!(
        youth
            .follow(renewed)
            .body
            .contains("De toestemming is verlengd.")
    );
    assert!(renewals(&app, "/api/v1/me/renewals", &line.youth.token).is_empty());
    assert!(!youth.get("/me").body.contains("Toestemming die stopt"));

    // The guardian's grant too, from their home.
    let home = guardian.get("/guardian");
    let action = format!("{theirs}/renew");
    assert!(
        home.body.contains(&format!("action=\"{action}\"")),
        "{}",
        home.body
    );
    let renewed = guardian.submit(
        "/guardian",
        &action,
        &[("version", &version_of(&excerpt).to_string())],
    );
    assert_eq!(renewed.location(), "/guardian?renewed=1");
    let home = guardian.follow(renewed);
    assert!(home.body.contains("De toestemming is verlengd."));
    assert!(
        !home.body.contains("Toestemming die stopt"),
        "{}",
        home.body
    );

    // A renewal without a grant on record is refused, and nothing changes.
    let stale = youth.submit(
        "/me",
        &format!("/me/excerpts/{}/renew", id_of(&excerpt)),
        &[("version", "99")],
    );
    assert_eq!(stale.status, 409);
}

#[test]
fn the_receipts_page_says_in_words_who_answered_what_and_each_download_verifies_offline() {
    // Arrange: an adult young person shares with peers, then with the council too.
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.published_excerpt(&line, "Ik wachtte lang.", [true, false, false]);
    let id = id_of(&excerpt);
    expect_status(
        app.put_consent(
            &line.youth.token,
            &id,
            version_of(&excerpt),
            [true, false, true],
        ),
        200,
    );
    let youth = youth_browser(&app, &line);

    // Act
    let excerpt_page = youth.get(&format!("/me/excerpts/{id}"));
    let page = youth.get(&format!("/me/excerpts/{id}/receipts"));

    // Assert: linked from the excerpt's history, two receipts, newest first, in plain words.
    assert!(
        excerpt_page
            .body
            .contains(&format!("href=\"/me/excerpts/{id}/receipts\""))
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), "no-store");
    let newest = page.body.find("/receipts/2\"").expect("second receipt");
    let oldest = page.body.find("/receipts/1\"").expect("first receipt");
    assert!(newest < oldest, "newest first");
    assert!(
        page.body
            .contains("<strong>Raadsleden</strong>: ja, geldig tot")
    );
    assert!(page.body.contains("<strong>Beleidsmakers</strong>: nee"));
    assert!(page.body.contains(": Jij</h2>"));
    assert!(page.body.contains("storyvault verify-receipt"));
    assert!(page.body.contains("uitleg versie 1"));
    assert!(!page.body.contains("UTC"));

    // The download is the signed JSON, and it verifies with nothing but the published key.
    let download = youth.get(&format!("/me/excerpts/{id}/receipts/2"));
    assert_eq!(download.status, 200);
    assert!(
        download
            .header("content-disposition")
            .starts_with("attachment")
    );
    let receipt: Value = serde_json::from_str(&download.body).expect("json");
    assert_eq!(receipt["answered_by"], "youth");
    let dir = tempfile::tempdir().expect("dir");
    let key = expect_status(
        app.request(reqwest::Method::GET, "/api/v1/receipt-key", None, None),
        200,
    );
    let key_file = dir.path().join("key.json");
    std::fs::write(&key_file, key.to_string()).expect("write");
    let good = dir.path().join("receipt.json");
    std::fs::write(&good, &download.body).expect("write");
    let altered = dir.path().join("altered.json");
    let flipped = download
        .body
        .replacen("\"granted\": true", "\"granted\": false", 1);
    assert_ne!(flipped, download.body);
    std::fs::write(&altered, flipped).expect("write");
    let check = |file: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_storyvault"))
            .arg("verify-receipt")
            .arg(file)
            .arg("--key")
            .arg(&key_file)
            .env_clear()
            .output()
            .expect("run verify-receipt")
    };
    assert!(check(&good).status.success());
    assert!(!check(&altered).status.success());

    // No such receipt, and another young person's, are the 404 page.
    assert_eq!(
        youth.get(&format!("/me/excerpts/{id}/receipts/3")).status,
        404
    );
    assert_eq!(
        youth.get(&format!("/me/excerpts/{id}/receipts/0")).status,
        404
    );
    let stranger = youth_browser(&app, &app.storyline());
    assert_eq!(
        stranger.get(&format!("/me/excerpts/{id}/receipts")).status,
        404
    );
    assert_eq!(
        stranger
            .get(&format!("/me/excerpts/{id}/receipts/1"))
            .status,
        404
    );
}
