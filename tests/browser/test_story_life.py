"""The whole life of a story through the pages, with JavaScript off and on; the young person's
part by keyboard alone; axe-core on every page; the canary check last."""

from __future__ import annotations

import datetime
import json
import re

from browse import (
    RECORD, expect_status_page, fill, form_with, submit, focused, press_and_wait, tab_to, tab_to_control,
    tab_to_field, tab_to_link,
)
from actions import (
    Journey, consent, edit_and_submit, log_in, mark_by_offsets, mark_by_selection, read_feed,
    record_story, redeem, register_participant, review,
)
from harness import Account

TODAY = datetime.date.today().isoformat()


def story_body(canary: str) -> tuple[str, str]:
    """A body whose passage names the participant (the anonymiser must redact the name) and
    carries the canary word; returns (body, passage)."""
    passage = (f"Ik heet Sanne Bakker en ik woon in Beilen. Ik wachtte een jaar op hulp, "
               f"en het woord {canary} zegt hoe dat voelde.")
    body = f"Het begon op school.\n{passage}\nDaarna ging het beter."
    return body, passage


def youth_account(service, canary: str, tag: str) -> Account:
    return Account(f"jongere{tag}{RECORD.pages_checked}", f"mijn geheim {canary} 42", "youth")


def test_start_page_links_to_login_and_invite(person, checker, canary):
    page = person(js=False, width=375)
    j = Journey("start", checker, canary)
    page.goto("/")
    j.look(page, "start")
    assert page.locator("a[href='/login']").count() >= 1, "the start page does not link to /login"
    assert page.locator("a[href='/invite']").count() >= 1, "the start page does not link to /invite"
    expect_status_page(page, "/nergens-te-vinden", 404)
    j.look(page, "not-found")


def test_axe_finds_violations_with_javascript_on_and_off(person, checker, service):
    """The check itself can fail: a page with an unlabelled field and an image without text."""
    bad = ("<!doctype html><html><head><title>x</title></head><body><main>"
           "<img src='/x.png'><input type='text' name='q'></main></body></html>")
    for js in (False, True):
        page = person(js=js, width=375)
        page.route("**/axe-self-test", lambda route: route.fulfill(
            status=200, body=bad, content_type="text/html; charset=utf-8"))
        page.goto("/axe-self-test")
        found = " ".join(checker.check(page, "[self-test]"))
        for rule in ("image-alt", "label", "html-has-lang"):
            assert rule in found, f"axe (js={js}) missed {rule}: {found}"


def test_life_of_a_story_without_javascript(person, service, checker, canary):
    worker = service.create_account("worker")
    council = service.create_account("council")
    youth = youth_account(service, canary, "a")
    body, passage = story_body(canary)

    # The worker registers a participant and records a story, marks a passage by offsets.
    w = person(js=False, width=1280)
    wj = Journey("nojs-worker", checker, canary)
    log_in(w, wj, worker, "worker")
    participant, code = register_participant(w, wj, ["Sanne Bakker", "Beilen", f"{canary}straat"])
    story = record_story(w, wj, participant, f"Wachten {canary}", body, "wachttijd", TODAY)
    start = body.index(passage)
    excerpt = mark_by_offsets(w, wj, story, start, start + len(passage))
    proposal = w.inner_text("main")
    assert "Sanne" not in proposal and "Beilen" not in proposal, "the proposal shows the name"
    edited = f"Ik wachtte een jaar op hulp. Het woord {canary} zegt hoe dat voelde."
    edit_and_submit(w, wj, excerpt, edited)

    # The young person redeems, reviews and shares with the council only.
    y = person(js=False, width=375)
    yj = Journey("nojs-youth", checker, canary)
    redeem(y, yj, code, youth)
    assert excerpt in y.content(), "/me does not list the excerpt waiting for review"
    review(y, yj, excerpt, f"Goed zo, {canary}.")
    consent(y, yj, excerpt, peers=False, policy=False, council=True, step="consented")

    # The worker sees the decision and the comment.
    w.goto(f"/excerpts/{excerpt}")
    wj.look(w, "excerpt-decided")
    assert f"Goed zo, {canary}." in w.inner_text("main"), "the worker does not see the comment"

    # A council member reads it in the feed.
    c = person(js=False, width=1280)
    cj = Journey("nojs-council", checker, canary)
    log_in(c, cj, council, "council")
    item = read_feed(c, cj, edited, "council")

    # The young person sees who read it, then withdraws: it is gone at once.
    y.goto("/me/access-log")
    yj.look(y, "access-log")
    assert y.locator("main table, main ul, main ol, main dl").count() >= 1, "no access log entries"
    consent(y, yj, excerpt, peers=False, policy=False, council=False, step="withdrawn")
    c.goto("/feed")
    assert edited not in c.inner_text("main"), "the withdrawn excerpt is still in the feed"
    expect_status_page(c, item, 404)
    cj.look(c, "withdrawn-item-404")

    # The young person downloads their data, then erases themselves.
    export = y.context.request.get("/me/export")
    assert export.status == 200, f"/me/export answered {export.status}"
    assert "attachment" in export.headers.get("content-disposition", ""), "export is not a download"
    json.loads(export.text())
    erase(y, yj, keyboard=False)
    status, _ = service.api("POST", "/api/v1/sessions",
                            {"username": youth.username, "password": youth.password})
    assert status == 401, f"after erasure the young person's login answers {status}"


def erase(page, j: Journey, keyboard: bool) -> None:
    page.goto("/me")
    if keyboard:
        tab_to_link(page, r"^/me/erase$")
        press_and_wait(page, "Enter")
    else:
        page.goto("/me/erase")
    j.look(page, "erase")
    confirm = page.locator("[name='confirm']")
    assert confirm.count() >= 1, "/me/erase has no `confirm` control"
    if keyboard:
        element = tab_to(page, lambda e: e.get("name") == "confirm", "the control 'confirm'")
        if element["tag"] == "button" or element["type"] == "submit":
            press_and_wait(page, "Enter")
        else:
            if element["type"] in ("checkbox", "radio"):
                page.keyboard.press("Space")
            else:
                page.keyboard.type("WISSEN")
            submit_by_keyboard(page, "confirm")
    else:
        if confirm.first.get_attribute("type") in ("checkbox", "radio"):
            confirm.first.check()
        elif confirm.first.evaluate("e => e.tagName.toLowerCase()") == "input":
            confirm.first.fill("WISSEN")
        with page.expect_navigation():
            page.locator("form:has([name='confirm']) button").last.click()
    assert page.locator("[name='confirm']").count() == 0, f"{page.url}: still asks to confirm"
    j.look(page, "erased")
    after = page.goto("/me")
    assert after is not None and (after.status in (401, 403) or "/login" in page.url), (
        f"after erasure /me answers {after.status if after else None} at {page.url}"
    )


def submit_by_keyboard(page, control_in_form: str) -> None:
    page.evaluate("() => 0")  # keep focus where it is
    for _ in range(30):
        page.keyboard.press("Tab")
        element = page.evaluate(
            """name => { const e = document.activeElement;
            return !!(e && e.form && e.form.querySelector(`[name='${name}']`) &&
                      (e.type === 'submit' || (e.tagName === 'BUTTON' && !e.getAttribute('type')))); }""",
            control_in_form,
        )
        if element:
            assert focused(page)["outline"] or focused(page)["shadow"], "focus is not visible"
            press_and_wait(page, "Enter")
            return
    raise AssertionError(f"{page.url}: Tab never reached the submit button of the form "
                         f"with {control_in_form!r}")


def test_life_of_a_story_with_javascript_young_person_by_keyboard_only(
        person, service, checker, canary):
    worker = service.create_account("worker")
    council = service.create_account("council")
    youth = youth_account(service, canary, "b")
    body, passage = story_body(canary)

    # The worker marks the passage by selecting it (JavaScript on).
    w = person(js=True, width=1280)
    wj = Journey("js-worker", checker, canary)
    log_in(w, wj, worker, "worker")
    participant, code = register_participant(w, wj, ["Sanne Bakker", "Beilen"])
    story = record_story(w, wj, participant, "Een jaar wachten", body, "wachttijd", TODAY)
    excerpt = mark_by_selection(w, wj, story, passage)
    assert "een jaar op hulp" in w.inner_text("main"), "the selected passage is not the excerpt"
    edit_and_submit(w, wj, excerpt, f"Ik wachtte een jaar op hulp, {canary}.")

    # The young person, on a phone, by keyboard alone: Tab, Enter and Space.
    y = person(js=True, width=375)
    yj = Journey("keyboard-youth", checker, canary)
    y.goto("/invite")
    yj.look(y, "invite")
    for name, value in (("code", code), ("username", youth.username),
                        ("password", youth.password)):
        tab_to_field(y, name)
        y.keyboard.type(value)
    submit_by_keyboard(y, "code")
    assert y.url.rstrip("/").endswith("/me"), f"after redeeming by keyboard: {y.url}"
    yj.look(y, "me")

    tab_to_link(y, rf"^/me/excerpts/{excerpt}$")
    press_and_wait(y, "Enter")
    yj.look(y, "my-excerpt")
    decision = tab_to(y, lambda e: e.get("name") == "decision", "the `decision` control")
    if decision["tag"] == "button" or decision["type"] == "submit":
        if decision["value"] != "approve":
            tab_to_control(y, "decision", "approve")
        press_and_wait(y, "Enter")
    else:
        assert decision["value"] == "approve", (
            "the first `decision` control reached by Tab is not `approve`: choosing it would "
            "need arrow keys"
        )
        y.keyboard.press("Space")
        submit_by_keyboard(y, "decision")
    yj.look(y, "reviewed")

    if f"/me/excerpts/{excerpt}" not in y.url:
        tab_to_link(y, rf"^/me/excerpts/{excerpt}$")
        press_and_wait(y, "Enter")
    tab_to_field(y, "council")
    y.keyboard.press("Space")
    assert y.locator("input[name='council']").is_checked(), "Space did not tick `council`"
    submit_by_keyboard(y, "council")
    yj.look(y, "consented")

    c = person(js=True, width=1280)
    cj = Journey("js-council", checker, canary)
    log_in(c, cj, council, "council")
    read_feed(c, cj, "een jaar op hulp", "council")

    erase(y, yj, keyboard=True)


def test_admin_creates_and_disables_an_account(person, service, checker, canary):
    admin = service.admin
    service.token_for(admin)  # enrols a second factor first if the service demands one
    a = person(js=False, width=1280)
    aj = Journey("nojs-admin", checker, canary)
    log_in(a, aj, admin, "admin")
    a.goto("/accounts")
    aj.look(a, "accounts")
    peer = Account(f"lezer-{RECORD.pages_checked}", f"lang genoeg {canary}", "peer")
    fill(a, "username", peer.username)
    fill(a, "password", peer.password, canary)
    a.select_option("select[name='role']", "peer")
    submit(a, form_with(a, "role"))
    aj.look(a, "account-created")
    status, _ = service.api("POST", "/api/v1/sessions",
                            {"username": peer.username, "password": peer.password})
    assert status == 201, f"the account made on /accounts cannot log in: {status}"
    a.goto("/accounts")
    row = a.locator("tr", has_text=peer.username)
    assert row.count() == 1, "/accounts does not list the new account"
    with a.expect_navigation():
        row.locator("form[action$='/disable'] button").click()
    aj.look(a, "account-disabled")
    status, _ = service.api("POST", "/api/v1/sessions",
                            {"username": peer.username, "password": peer.password})
    assert status == 401, f"a disabled account can still log in: {status}"


def test_every_page_visited_passes_axe(record):
    print(f"pages checked by axe-core: {record.pages_checked}; screenshots: "
          f"{len(record.shot_names)}; URLs requested: {len(record.urls)}; "
          f"canary typed: {record.canary_typed} times")
    assert record.pages_checked >= 20, f"only {record.pages_checked} pages were checked"
    assert not record.violations, "axe-core found violations:\n" + "\n".join(record.violations)


def test_every_page_visited_reflows_at_320_px(record):
    assert record.pages_checked >= 20, f"only {record.pages_checked} pages were looked at"
    assert not record.no_reflow, "pages that scroll sideways at 320 px:\n" + "\n".join(
        record.no_reflow)


def test_canary_never_reaches_the_log_a_url_or_a_file(service, record, canary):
    assert record.canary_typed >= 8, f"the canary was typed only {record.canary_typed} times"
    in_log = [line for line in service.log_lines if canary in line]
    assert not in_log, "the canary is in the service's log:\n" + "\n".join(in_log[:5])
    in_urls = [u for u in record.urls if canary in u]
    assert not in_urls, f"the canary is in URLs: {in_urls[:5]}"
    needle = canary.encode()
    in_files = [str(p) for p in service.files_outside_store() if needle in p.read_bytes()]
    assert not in_files, f"the canary is in plain text in: {in_files}"
    assert not any(re.search(r"/(invite|login)\?.*(code|password)=", u) for u in record.urls)
