//! The whole life of a story through the pages only, without JavaScript: forms and links, as a
//! browser with scripts off would do it.

use crate::helpers::{ADMIN_USERNAME, Browser, PASSWORD, TestApp, unique_username};

#[test]
fn a_story_goes_from_the_workers_first_page_to_a_council_member_and_back_out_by_forms_alone() {
    let app = TestApp::spawn();

    // The admin creates a worker and a council member.
    let admin = Browser::new(&app);
    assert_eq!(
        admin.login(ADMIN_USERNAME, PASSWORD).location(),
        "/accounts"
    );
    let worker_name = unique_username("werker");
    let council_name = unique_username("raad");
    for (name, role) in [(&worker_name, "worker"), (&council_name, "council")] {
        let created = admin.submit(
            "/accounts",
            "/accounts",
            &[("username", name), ("password", PASSWORD), ("role", role)],
        );
        assert_eq!(created.status, 303, "{}", created.body);
    }
    assert!(admin.get("/accounts").body.contains(&council_name));
    // Staff need a second factor: the worker sets up their app (through the API, which is where
    // enrolment lives for now) before the pages let them in.
    app.totp.must_enrol(&worker_name);
    app.login(&worker_name, PASSWORD);

    // The worker registers a young person and gets the code once.
    let worker = Browser::new(&app);
    assert_eq!(
        worker.login(&worker_name, PASSWORD).location(),
        "/participants"
    );
    let registered = worker.submit(
        "/participants/new",
        "/participants/new",
        &[
            ("birth_year", "2008"),
            ("identifiers", "Sanne Bakker\r\nBeilen\r\n"),
        ],
    );
    assert_eq!(registered.status, 201, "{}", registered.body);
    let code = registered.invite_code();
    let participant = registered.link_to("/participants/");

    // The young person redeems it and lands on their page.
    let youth = Browser::new(&app);
    let youth_name = unique_username("jongere");
    let redeemed = youth.submit(
        "/invite",
        "/invite",
        &[
            ("code", &code),
            ("username", &youth_name),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(redeemed.location(), "/me");
    assert!(youth.get("/me").body.contains("Er wacht nu niets op jou."));

    // The worker records a story and proposes a passage of it by offsets.
    let body = "Ik ben Sanne Bakker uit Beilen.\r\nIk heb een jaar gewacht op hulp.";
    let recorded = worker.submit(
        &format!("{participant}/stories/new"),
        &format!("{participant}/stories/new"),
        &[
            ("title", "Over wachten"),
            ("body", body),
            ("themes", "wachttijd"),
            ("themes", "pleegzorg"),
            ("recorded_on", "2026-03-14"),
        ],
    );
    let story = recorded.location();
    assert!(story.starts_with("/stories/"), "{}", recorded.body);
    let proposed = worker.submit(
        &story,
        &format!("{story}/excerpts"),
        &[("start", "0"), ("end", "31")],
    );
    let excerpt = proposed.location();
    assert!(excerpt.starts_with("/excerpts/"), "{}", proposed.body);
    let proposal = worker.get(&excerpt);
    assert!(
        proposal.body.contains("<mark class=\"redaction\">[naam 1]"),
        "{}",
        proposal.body
    );
    assert!(!proposal.body.contains("Sanne"));
    let version = proposal.version();
    let submitted = worker.submit(
        &excerpt,
        &format!("{excerpt}/submit"),
        &[("version", &version)],
    );
    assert_eq!(submitted.status, 303);

    // The young person sees it waiting, approves it with a comment, and shares it with the council.
    let home = youth.get("/me");
    let mine = home.link_to("/me/excerpts/");
    let page = youth.get(&mine);
    assert!(page.body.contains("Is dit stukje goed zo?"));
    assert!(page.body.contains("weggehaald: naam"));
    let reviewed = youth.submit(
        &mine,
        &format!("{mine}/review"),
        &[
            ("decision", "approve"),
            ("comment", "Mooi zo"),
            ("version", &page.version()),
        ],
    );
    assert_eq!(reviewed.location(), mine);
    let page = youth.get(&mine);
    assert!(page.body.contains("Raadsleden kunnen dit lezen"));
    let shared = youth.submit(
        &mine,
        &format!("{mine}/consent"),
        &[("council", "yes"), ("version", &page.version())],
    );
    assert_eq!(shared.status, 303);
    assert!(
        youth
            .follow(shared)
            .body
            .contains("Je keuze is opgeslagen.")
    );

    // The worker sees the decision and the comment.
    let seen = worker.get(&excerpt);
    assert!(seen.body.contains("Goedgekeurd door de jongere"));
    assert!(seen.body.contains("Mooi zo"));

    // The council member reads it, in the feed and on its own.
    let council = Browser::new(&app);
    council.login(&council_name, PASSWORD);
    let feed = council.get("/feed");
    assert!(feed.body.contains("[naam 1]"), "{}", feed.body);
    assert!(!feed.body.contains("Sanne"));
    let item = council.get(&feed.link_to("/feed/"));
    assert_eq!(item.status, 200);
    assert!(
        council
            .get("/feed?theme=wachttijd")
            .body
            .contains("[naam 1]")
    );
    assert!(!council.get("/feed?theme=school").body.contains("[naam 1]"));

    // Who read what: the council member's read is in the young person's access log.
    assert!(youth.get("/me/access-log").body.contains("Een raadslid"));

    // The young person withdraws in one step, and it is gone from the feed.
    let page = youth.get(&mine);
    let withdrawn = youth.submit(
        &mine,
        &format!("{mine}/consent"),
        &[
            ("withdraw_all", "yes"),
            ("council", "yes"),
            ("version", &page.version()),
        ],
    );
    assert_eq!(withdrawn.status, 303);
    assert!(!council.get("/feed").body.contains("[naam 1]"));

    // Erasure asks for a confirmation, then erases and ends the session.
    let unconfirmed = youth.submit("/me/erase", "/me/erase", &[]);
    assert_eq!(unconfirmed.status, 400);
    assert!(unconfirmed.body.contains("href=\"#confirm\""));
    let erased = youth.submit("/me/erase", "/me/erase", &[("confirm", "yes")]);
    assert_eq!(erased.status, 200);
    assert!(
        erased
            .set_cookies()
            .iter()
            .any(|c| c.starts_with("storyvault_session=;")
                || c.starts_with("storyvault_session=\"\"")
                || c.contains("Max-Age=0"))
    );
    assert_eq!(youth.get("/me").location(), "/login");
    assert_eq!(worker.get(&story).status, 404);
}

#[test]
fn a_form_with_errors_names_them_at_the_top_and_beside_each_field_and_keeps_the_values() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let line = app.storyline_for(worker);
    let browser = Browser::new(&app);
    browser.login(&line.worker.username, PASSWORD);
    let path = format!("/participants/{}/stories/new", line.participant.id);
    let page = browser.submit(
        &path,
        &path,
        &[
            ("title", "Mijn titel"),
            ("body", ""),
            ("recorded_on", "morgen"),
        ],
    );
    assert_eq!(page.status, 400);
    assert!(
        page.body
            .contains("class=\"utrecht-alert utrecht-alert--error error-summary\"")
    );
    for field in ["body", "themes", "recorded_on"] {
        assert!(
            page.body.contains(&format!("href=\"#{field}\"")),
            "{field}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "{field}"
        );
    }
    assert!(page.body.contains("value=\"Mijn titel\""));
    assert!(page.body.contains("value=\"morgen\""));

    // A failed login keeps the username and says what is wrong, nothing more.
    let visitor = Browser::new(&app);
    let failed = visitor.login(&line.worker.username, "niet-het-wachtwoord");
    assert_eq!(failed.status, 401);
    assert!(
        failed
            .body
            .contains(&format!("value=\"{}\"", line.worker.username))
    );
    assert!(failed.body.contains("href=\"#username\""));
}
