"""Staff and policy pages: a council member reads the theme overview (chart and table), and a new
youth worker enrols a second factor through the enrolment page after the password."""

from __future__ import annotations

import secrets

import pyotp

from actions import Journey, log_in
from browse import RECORD, fill, form_with, submit
from harness import Account


def test_council_reads_the_theme_overview(person, service, checker, canary):
    j = Journey("staff", checker, canary)
    council = service.create_account("council")
    before = len(RECORD.violations)
    page = person(js=False, width=1280)
    log_in(page, j, council, "council")
    assert page.locator("nav a[href='/overview']").count() == 1, "the menu links the overview"
    page.goto("/overview")
    j.look(page, "council-overview")
    assert page.locator("svg[role='img']").count() == 1, "a chart"
    assert page.locator("svg script").count() == 0
    assert page.locator("table th[scope='row']").count() >= 15, "a row per theme"
    # Nothing is published to the council yet: every count is "minder dan 10", never a number.
    cells = page.locator("table td").all_inner_texts()
    assert cells and all(c == "minder dan 10" for c in cells), cells
    assert RECORD.violations[before:] == [], RECORD.violations[before:]


def test_a_new_worker_enrols_a_second_factor_through_the_page(person, service, checker, canary):
    j = Journey("staff", checker, canary)
    worker = Account(f"werker-{secrets.token_hex(4)}", "wachtwoord-" + secrets.token_hex(8), "worker")
    assert service.admin is not None
    status, body = service.api(
        "POST", "/api/v1/accounts",
        {"username": worker.username, "password": worker.password, "role": "worker"},
        service.token_for(service.admin),
    )
    assert status == 201, f"creating a worker failed: {status} {body}"
    before = len(RECORD.violations)
    page = person(js=False, width=1280)
    page.goto("/login")
    fill(page, "username", worker.username)
    fill(page, "password", worker.password)
    submit(page, form_with(page, "password"))
    assert page.url.endswith("/account/second-factor"), page.url
    j.look(page, "worker-enrol")
    assert page.locator(".qr svg[role='img']").count() == 1, "a QR code"
    # Elsewhere the enrolment-only session is sent back here.
    page.goto("/participants")
    assert page.url.endswith("/account/second-factor"), page.url

    worker.totp_secret = "".join(page.locator(".secret__group").all_inner_texts())
    fill(page, "code", "000000")
    submit(page, form_with(page, "code"))
    j.look(page, "worker-enrol-wrong-code")
    assert page.locator("#code-error").count() == 1, "a wrong code is named at its field"

    fill(page, "code", worker.totp_code())
    submit(page, form_with(page, "code"))
    j.look(page, "worker-recovery-codes")
    assert page.locator(".recovery-codes__code").count() == 10
    with page.expect_navigation():
        page.locator("main a[href='/participants']").click()
    assert page.url.endswith("/participants"), page.url
    page.goto("/account/second-factor")
    j.look(page, "worker-second-factor-on")
    assert "Staat aan." in page.inner_text("main")
    assert RECORD.violations[before:] == [], RECORD.violations[before:]
