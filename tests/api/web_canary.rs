//! A unique word typed into every form of the pages never reaches the logs, a URL (`Location`),
//! or any file outside the encrypted store.

use crate::helpers::{
    ADMIN_USERNAME, Browser, PASSWORD, TestApp, bytes_contain, canary_word, files_under,
};

fn type_canary_everywhere(app: &TestApp, canary: &str) -> Vec<String> {
    let admin = Browser::new(app);
    admin.login(ADMIN_USERNAME, PASSWORD);
    let worker_name = format!("w{canary}");
    let reader_name = format!("r{canary}");
    let password = format!("{canary}-wachtwoord");
    for (name, role) in [(&worker_name, "worker"), (&reader_name, "peer")] {
        admin.submit(
            "/accounts",
            "/accounts",
            &[("username", name), ("password", &password), ("role", role)],
        );
    }
    // Rejected account forms carry it too.
    admin.submit(
        "/accounts",
        "/accounts",
        &[("username", canary), ("password", canary), ("role", canary)],
    );
    admin.get("/accounts");

    let worker = Browser::new(app);
    worker.login(&format!("x{canary}"), canary); // a failed login
    // The worker sets up their second factor (through the API) before the pages let them in.
    app.totp.must_enrol(&worker_name);
    app.login(&worker_name, &password);
    worker.login(&worker_name, &password);
    let identifier = format!("{canary}naam");
    let registered = worker.submit(
        "/participants/new",
        "/participants/new",
        &[
            ("birth_year", "2008"),
            ("identifiers", &format!("{identifier}\nBeilen")),
        ],
    );
    let code_marker = "id=\"invite-code\">";
    let start = registered.body.find(code_marker).unwrap() + code_marker.len();
    let end = registered.body[start..].find("</p>").unwrap();
    let code = registered.body[start..start + end].replace("<wbr>", "");
    let participant = registered.link_to("/participants/");
    worker.submit(
        "/participants/new",
        "/participants/new",
        &[("birth_year", canary), ("identifiers", canary)],
    );

    let youth = Browser::new(app);
    youth.submit(
        "/invite",
        "/invite",
        &[("code", canary), ("username", canary), ("password", canary)],
    );
    youth.submit(
        "/invite",
        "/invite",
        &[
            ("code", &code),
            ("username", &format!("j{canary}")),
            ("password", &password),
        ],
    );

    let new_story = format!("{participant}/stories/new");
    let body = format!("Het verhaal van {identifier}: {canary}verhaal over wachten en school.");
    let story = worker
        .submit(
            &new_story,
            &new_story,
            &[
                ("title", &format!("Titel {canary}titel")),
                ("body", &body),
                ("themes", "school"),
                ("recorded_on", "2026-01-02"),
            ],
        )
        .location();
    worker.submit(
        &new_story,
        &new_story,
        &[
            ("title", canary),
            ("body", canary),
            ("themes", canary),
            ("recorded_on", canary),
        ],
    );
    let end = body.chars().count().to_string();
    worker.submit(
        &story,
        &format!("{story}/excerpts"),
        &[("start", "0"), ("end", &end)],
    );
    worker.submit(
        &story,
        &format!("{story}/excerpts"),
        &[("start", canary), ("end", canary)],
    );
    let excerpt = worker
        .submit(
            &story,
            &format!("{story}/excerpts"),
            &[("text", &format!("Fragment {canary}fragment."))],
        )
        .location();
    let version = worker.get(&excerpt).version();
    worker.submit(
        &excerpt,
        &excerpt,
        &[
            ("text", &format!("Bewerkt {canary}bewerkt.")),
            ("version", &version),
        ],
    );
    let version = worker.get(&excerpt).version();
    worker.submit(
        &excerpt,
        &format!("{excerpt}/submit"),
        &[("version", &version)],
    );

    let mine = format!("/me{excerpt}");
    let version = youth.get(&mine).version();
    youth.submit(
        &mine,
        &format!("{mine}/review"),
        &[
            ("decision", canary),
            ("comment", canary),
            ("version", canary),
        ],
    );
    youth.submit(
        &mine,
        &format!("{mine}/review"),
        &[
            ("decision", "approve"),
            ("comment", &format!("Goed {canary}opmerking")),
            ("version", &version),
        ],
    );
    youth.submit(
        &mine,
        &format!("{mine}/consent"),
        &[("peers", "yes"), ("version", &version)],
    );
    worker.get(&excerpt);
    youth.get("/me");
    youth.get("/me/export");

    let reader = Browser::new(app);
    reader.login(&reader_name, &password);
    let feed = reader.get("/feed");
    assert!(
        feed.body.contains(canary),
        "the canary excerpt was not published"
    );

    let mut locations = Vec::new();
    for browser in [&admin, &worker, &youth, &reader] {
        locations.extend(browser.locations.borrow().iter().cloned());
    }
    locations
}

#[test]
fn a_canary_typed_into_every_form_never_reaches_a_log_a_url_or_a_file() {
    let mut app = TestApp::spawn();
    let canary = canary_word();

    let locations = type_canary_everywhere(&app, &canary);

    assert!(locations.len() > 10, "hardly any redirects were seen");
    let leaking: Vec<&String> = locations.iter().filter(|l| l.contains(&canary)).collect();
    assert!(leaking.is_empty(), "the canary is in a URL: {leaking:?}");
    let files: Vec<_> = files_under(app.root_dir())
        .into_iter()
        .filter(|p| std::fs::read(p).is_ok_and(|b| bytes_contain(&b, canary.as_bytes())))
        .collect();
    assert!(files.is_empty(), "the canary is in {files:?}");
    app.stop();
    let lines = app.logs.lines();
    assert!(lines.len() > 5, "hardly any log lines were captured");
    let leaking: Vec<&String> = lines.iter().filter(|l| l.contains(&canary)).collect();
    assert!(leaking.is_empty(), "the canary is in the logs: {leaking:?}");
}
