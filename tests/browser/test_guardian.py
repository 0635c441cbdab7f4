"""A 13-year-old (born 2013) and their guardian through the pages: the young person's yes alone
publishes nothing; the guardian redeems their invitation on /invite, sees only the approved
excerpt, says yes for the council, and the council reads it; the young person sees the
guardian's answer and their receipts; the guardian withdraws and it is gone. axe-core and the
320 px reflow check on every page, screenshots at 375 and 1280 px."""

from __future__ import annotations

import datetime
import re
import uuid

from browse import RECORD, expect_status_page, fill, form_with, submit
from actions import (
    INVITE_CODE, Journey, add_guardian, consent, edit_and_submit, log_in, mark_by_offsets, record_story, redeem,
    register_participant, review,
)
from harness import Account

TODAY = datetime.date.today().isoformat()


def test_a_thirteen_year_old_and_their_guardian_decide_together(person, service, checker, canary):
    violations_before = len(RECORD.violations)
    reflow_before = len(RECORD.no_reflow)
    worker = service.create_account("worker")
    council = service.create_account("council")
    youth = Account(f"jongere13-{uuid.uuid4().hex[:6]}", f"mijn geheim {canary} 13", "youth")
    guardian = Account(f"ouder-{uuid.uuid4().hex[:6]}", f"ouder geheim {canary} 1", "guardian")
    body = ("Ik was dertien toen ik naar de gezinshuisouders ging.\n"
            "Ik heet Noor de Wit en ik woon in Assen. Het wachten duurde een half jaar.\n"
            "Nu gaat het goed.")
    passage = "Ik heet Noor de Wit en ik woon in Assen. Het wachten duurde een half jaar."
    shared_text = "Het wachten op hulp duurde een half jaar."

    # The worker registers a 13-year-old, records the story and proposes a passage.
    w = person(js=False, width=1280)
    wj = Journey("guardian-worker", checker, canary)
    log_in(w, wj, worker, "worker")
    participant, code = register_participant(w, wj, ["Noor de Wit", "Assen"], birth_year="2013")
    story = record_story(w, wj, participant, "Half jaar wachten", body, "wachttijd", TODAY)
    start = body.index(passage)
    excerpt = mark_by_offsets(w, wj, story, start, start + len(passage))
    edit_and_submit(w, wj, excerpt, shared_text)

    # The young person, on a phone, approves and shares with peers and the council.
    y = person(js=False, width=375)
    yj = Journey("guardian-youth", checker, canary)
    redeem(y, yj, code, youth)
    review(y, yj, excerpt, "Goed zo.")
    consent(y, yj, excerpt, peers=True, policy=False, council=True, step="consented-under-16")
    main = y.inner_text("main")
    assert "jonger dan 16" in main, "the young person is not told a guardian must agree too"
    assert "Daarom kan nog niemand het lezen" in main, "the page does not say nobody reads it yet"

    # Nothing is published yet.
    c = person(js=False, width=1280)
    cj = Journey("guardian-council", checker, canary)
    log_in(c, cj, council, "council")
    c.goto("/feed")
    assert shared_text not in c.inner_text("main"), "published before the guardian's yes"

    # The worker adds a guardian on the participant's page; the code is shown once.
    guardian_code = add_guardian(w, wj, participant, "parent", f"Moeder van Noor {canary}")
    assert INVITE_CODE.fullmatch(guardian_code)

    # The guardian redeems it on the same invitation page and lands on their own home.
    g = person(js=False, width=375)
    gj = Journey("guardian", checker, canary)
    g.goto("/invite")
    gj.look(g, "invite")
    fill(g, "code", guardian_code)
    fill(g, "username", guardian.username)
    fill(g, "password", guardian.password, canary)
    submit(g, form_with(g, "code"))
    assert g.url.rstrip("/").endswith("/guardian"), f"after redeeming the guardian is on {g.url}"
    gj.look(g, "home")
    home = g.inner_text("main")
    assert "Dit wacht op uw antwoord" in home and shared_text in home, home
    assert "Half jaar wachten" not in g.content(), "the guardian sees the story's title"

    # They open it: only the anonymised excerpt, the consent texts, a yes/no per audience.
    g.goto(f"/guardian/excerpts/{excerpt}")
    gj.look(g, "excerpt")
    page_text = g.inner_text("main")
    assert shared_text in page_text
    assert "gezinshuisouders" not in page_text, "the guardian sees more of the story"
    assert g.locator("input[name='policy_makers']").count() == 0, (
        "the guardian can say yes where the young person said no")
    assert g.locator("input[name='peers']").count() == 1
    g.locator("details.consent-more").first.locator("summary").click()
    gj.look(g, "excerpt-more-open")
    g.locator("input[name='council']").check()
    g.locator("input[name='peers']").set_checked(False)
    submit(g, form_with(g, "council"))
    gj.look(g, "saved")
    assert "Uw keuze is opgeslagen" in g.inner_text("main")

    # Both said yes for the council: the council reads it; peers still need the guardian's yes.
    c.goto("/feed")
    cj.look(c, "feed-after-both")
    assert shared_text in c.inner_text("main"), "not published after both said yes"

    # The young person sees the guardian's answer, their receipts, and who read it.
    y.goto(f"/me/excerpts/{excerpt}")
    yj.look(y, "history-with-guardian")
    assert "Je ouder of voogd" in y.inner_text("main")
    y.goto(f"/me/excerpts/{excerpt}/receipts")
    yj.look(y, "receipts")
    receipts = y.inner_text("main")
    assert "storyvault verify-receipt" in receipts and "Je ouder of voogd" in receipts
    download = y.context.request.get(f"/me/excerpts/{excerpt}/receipts/1")
    assert download.status == 200 and "attachment" in download.headers["content-disposition"]
    y.goto("/me/access-log")
    yj.look(y, "access-log")
    log_text = y.inner_text("main")
    assert "UTC" not in log_text and re.search(r"\d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}", log_text), (
        f"the access log does not show local times in words: {log_text[:300]}")
    y.goto("/me")
    yj.look(y, "home")
    nav = y.inner_text("nav")
    assert "wissen" not in nav.lower(), "erasure is still in the main menu"

    # The guardian withdraws in one step: gone from the feed on the next request.
    g.goto(f"/guardian/excerpts/{excerpt}")
    with g.expect_navigation():
        g.locator("button[name='withdraw_all']").click()
    gj.look(g, "withdrawn")
    c.goto("/feed")
    assert shared_text not in c.inner_text("main"), "still published after the withdrawal"

    # Another excerpt, or none, is the same 404 page.
    expect_status_page(g, f"/guardian/excerpts/{uuid.uuid4()}", 404)
    gj.look(g, "not-found")

    new_violations = RECORD.violations[violations_before:]
    assert not new_violations, "axe-core found violations:\n" + "\n".join(new_violations)
    new_reflow = RECORD.no_reflow[reflow_before:]
    assert not new_reflow, "pages that scroll sideways at 320 px:\n" + "\n".join(new_reflow)
