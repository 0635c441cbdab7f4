//! What an excerpt must pass before it goes for review: no undecided suggestion of the
//! anonymiser, and none of the young person's registered identifiers, in whatever spelling.

use serde_json::Value;

use crate::helpers::{TestApp, expect_error, expect_error_without, expect_status, id_of};

fn redactions(excerpt: &Value) -> Vec<Value> {
    excerpt["redactions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn an_edit_that_puts_a_registered_identifier_back_cannot_be_submitted() {
    let app = TestApp::spawn();
    let line = app.storyline(); // identifiers: "Sanne Bakker", "Beilen"
    let disguises = [
        "Sanne",
        "sanne",
        "BEILEN",
        "San\u{200b}ne",
        "Bei\u{00ad}len",
        "\u{ff33}anne",
        "\u{0412}\u{0435}ilen",
    ];
    for (n, disguise) in disguises.iter().enumerate() {
        let excerpt =
            app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Het ging beter.");
        let id = id_of(&excerpt);
        let text = format!("Toen zei {disguise} dat het beter ging.");
        expect_status(app.put_excerpt(&line.worker.token, &id, &text, 1), 200);

        let error =
            expect_error_without(app.post_submit(&line.worker.token, &id, 2), 422, disguise);

        assert_eq!(error["code"], "identifier_in_text", "case {n}");
        let spans = error["spans"].as_array().cloned().unwrap_or_default();
        let start = "Toen zei ".chars().count();
        let end = start + disguise.chars().count();
        assert_eq!(spans.len(), 1, "case {n}: {spans:?}");
        assert_eq!(spans[0]["start"], start, "case {n}");
        assert_eq!(spans[0]["end"], end, "case {n}");
        let label = if n == 2 || n == 4 || n == 6 {
            "LOCATION"
        } else {
            "PERSON"
        };
        assert_eq!(spans[0]["label"], label, "case {n}");
        assert_eq!(app.get_excerpt(&line.worker.token, &id)["status"], "draft");
    }
}

#[test]
fn an_excerpt_without_registered_identifiers_is_submitted() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Eerst.");
    let id = id_of(&excerpt);
    let text = "Toen zei [naam 1] dat het in [plaats 1] beter ging, ook voor Sandra.";
    expect_status(app.put_excerpt(&line.worker.token, &id, text, 1), 200);

    let submitted = expect_status(app.post_submit(&line.worker.token, &id, 2), 200);

    assert_eq!(submitted["status"], "awaiting_review");
}

#[test]
fn an_unsure_redaction_is_a_suggestion_that_blocks_submitting_until_an_edit_decides_it() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let text = "Ik ging gisteren met Zorvek naar de film en daarna naar huis.";
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, text);
    let id = id_of(&excerpt);
    let suggested: Vec<Value> = redactions(&excerpt)
        .into_iter()
        .filter(|r| r["suggested"] == true)
        .collect();
    assert_eq!(suggested.len(), 1, "{excerpt}");
    assert_eq!(suggested[0]["label"], "PERSON");
    let proposal = excerpt["text"].as_str().unwrap_or_default().to_string();
    assert!(!proposal.contains("Zorvek"), "a suggestion is redacted too");

    let error = expect_error(app.post_submit(&line.worker.token, &id, 1), 409);
    assert_eq!(error["code"], "suggestions_undecided");

    // Saving the proposal as it is accepts every suggestion.
    let saved = expect_status(app.put_excerpt(&line.worker.token, &id, &proposal, 1), 200);
    assert!(redactions(&saved).iter().all(|r| r["suggested"] == false));
    let submitted = expect_status(app.post_submit(&line.worker.token, &id, 2), 200);
    assert_eq!(submitted["status"], "awaiting_review");
}

#[test]
fn sure_redactions_are_not_suggestions() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let text = "Sanne woont in Beilen, bel 06-12345678.";
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, text);
    let all = redactions(&excerpt);
    assert!(all.len() >= 3, "{excerpt}");
    assert!(all.iter().all(|r| r["suggested"] == false), "{excerpt}");
}
