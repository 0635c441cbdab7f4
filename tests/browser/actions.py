"""What each person does on the pages, by WEB.md's paths and form control names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page

from browse import RECORD, Checker, fill, form_with, look, submit
from harness import Account

INVITE_CODE = re.compile(r"\b[0-9A-Z]{4}(?:[- ][0-9A-Z]{4}){5}\b")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass
class Journey:
    name: str
    checker: Checker
    canary: str

    def look(self, page: Page, step: str) -> None:
        look(page, self.checker, self.name, step)


def log_in(page: Page, j: Journey, account: Account, step: str) -> None:
    page.goto("/login")
    j.look(page, f"{step}-login")
    fill(page, "username", account.username)
    fill(page, "password", account.password)
    if account.totp_secret:
        assert page.locator("[name='totp']").count() == 1, (
            "the account has a second factor but /login has no `totp` control"
        )
        fill(page, "totp", account.totp_code())
    submit(page, form_with(page, "password"))
    assert "/login" not in page.url, f"login of the {account.role} failed: still on {page.url}"
    j.look(page, f"{step}-home")


def log_out(page: Page) -> None:
    form = page.locator("form[action='/logout']").first
    assert form.count() == 1, f"{page.url}: no logout form"
    with page.expect_navigation():
        form.locator("button").first.click()


def register_participant(page: Page, j: Journey, identifiers: list[str],
                         birth_year: str = "2008") -> tuple[str, str]:
    """Returns (participant id, invitation code) read from the pages. Born in 2008 the young
    person is 18 (no guardian); under 16 needs a guardian's yes too."""
    page.goto("/participants")
    j.look(page, "participants")
    page.goto("/participants/new")
    j.look(page, "participant-new")
    fill(page, "birth_year", birth_year)
    fill(page, "identifiers", "\n".join(identifiers), j.canary)
    submit(page, form_with(page, "birth_year"))
    j.look(page, "invitation-code")
    found = INVITE_CODE.search(page.inner_text("main"))
    assert found, f"{page.url}: no invitation code shown after registering"
    link = page.locator("main a[href^='/participants/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    ids = [m.group(1) for h in link if (m := re.fullmatch(rf"/participants/({UUID})/?", h))]
    if not ids and (m := re.search(rf"/participants/({UUID})", page.url)):
        ids = [m.group(1)]
    assert ids, f"{page.url}: no link to the new participant's page"
    return ids[0], found.group(0)


def add_guardian(page: Page, j: Journey, participant: str, relation: str,
                 description: str) -> str:
    """The worker adds a guardian from the participant's page, by the link and the form alone;
    returns the guardian's invitation code read from the page that shows it once."""
    page.goto(f"/participants/{participant}")
    j.look(page, "participant-before-guardian")
    page.locator(f"main a[href='/participants/{participant}/guardians/new']").click()
    page.wait_for_load_state()
    j.look(page, "guardian-new")
    page.locator(f"input[name='relation'][value='{relation}']").check()
    fill(page, "description", description, j.canary)
    submit(page, form_with(page, "description"))
    j.look(page, "guardian-code")
    found = INVITE_CODE.search(page.inner_text("main"))
    assert found, f"{page.url}: no invitation code shown after adding a guardian"
    page.goto(f"/participants/{participant}")
    j.look(page, "participant-with-guardian")
    assert description in page.inner_text("main"), "the new guardian is not listed"
    return found.group(0)


def record_story(page: Page, j: Journey, participant: str, title: str, body: str, theme: str,
                 recorded_on: str) -> str:
    page.goto(f"/participants/{participant}")
    j.look(page, "participant")
    page.goto(f"/participants/{participant}/stories/new")
    j.look(page, "story-new")
    fill(page, "title", title, j.canary)
    fill(page, "body", body, j.canary)
    box = page.locator(f"input[name='themes'][value='{theme}']")
    assert box.count() == 1, f"{page.url}: no themes checkbox for {theme}"
    box.check()
    fill(page, "recorded_on", recorded_on)
    submit(page, form_with(page, "body"))
    m = re.search(rf"/stories/({UUID})", page.url)
    assert m, f"after recording a story the browser is on {page.url}, not /stories/{{id}}"
    j.look(page, "story")
    return m.group(1)


def excerpt_id_from(page: Page) -> str:
    m = re.search(rf"/excerpts/({UUID})", page.url)
    assert m, f"expected an excerpt page, the browser is on {page.url}"
    return m.group(1)


def mark_by_offsets(page: Page, j: Journey, story: str, start: int, end: int) -> str:
    page.goto(f"/stories/{story}")
    fill(page, "start", str(start))
    fill(page, "end", str(end))
    submit(page, form_with(page, "start"))
    excerpt = excerpt_id_from(page)
    j.look(page, "excerpt-proposal")
    return excerpt


def mark_by_selection(page: Page, j: Journey, story: str, passage: str) -> str:
    """Selects the passage in the story's text with the mouse's API (a DOM selection, as a drag
    leaves it) and sends the excerpt form; the page's own script must turn it into the form."""
    page.goto(f"/stories/{story}")
    selected = page.evaluate(
        """passage => {
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(passage);
                if (at >= 0 && !node.parentElement.closest('form, textarea')) {
                    const range = document.createRange();
                    range.setStart(node, at); range.setEnd(node, at + passage.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges(); selection.addRange(range);
                    for (const type of ['mouseup', 'pointerup', 'keyup'])
                        node.parentElement.dispatchEvent(new MouseEvent(type, {bubbles: true}));
                    document.dispatchEvent(new Event('selectionchange'));
                    return selection.toString();
                }
            }
            return null;
        }""",
        passage,
    )
    assert selected == passage, f"{page.url}: the passage is not in the story's text as one piece"
    j.look(page, "story-selected")
    submit(page, form_with(page, "start"))
    excerpt = excerpt_id_from(page)
    j.look(page, "excerpt-proposal-js")
    return excerpt


def edit_and_submit(page: Page, j: Journey, excerpt: str, new_text: str) -> None:
    page.goto(f"/excerpts/{excerpt}")
    fill(page, "text", new_text, j.canary)
    submit(page, form_with(page, "text"))
    j.look(page, "excerpt-edited")
    page.goto(f"/excerpts/{excerpt}")
    form = f"form[action='/excerpts/{excerpt}/submit']"
    assert page.locator(form).count() == 1, f"{page.url}: no form that submits the excerpt"
    submit(page, form)
    j.look(page, "excerpt-submitted")


def redeem(page: Page, j: Journey, code: str, youth: Account) -> None:
    page.goto("/invite")
    j.look(page, "invite")
    fill(page, "code", code)
    fill(page, "username", youth.username)
    fill(page, "password", youth.password, j.canary)
    submit(page, form_with(page, "code"))
    assert page.url.rstrip("/").endswith("/me"), f"after redeeming the browser is on {page.url}"
    j.look(page, "me")


def review(page: Page, j: Journey, excerpt: str, comment: str) -> None:
    page.goto(f"/me/excerpts/{excerpt}")
    j.look(page, "my-excerpt")
    approve = page.locator("[name='decision'][value='approve']")
    assert approve.count() == 1, f"{page.url}: no `decision` control with value approve"
    fill(page, "comment", comment, j.canary)
    tag = approve.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if tag in ("button:submit", "input:submit"):
        with page.expect_navigation():
            approve.click()
    else:
        approve.check()
        submit(page, form_with(page, "decision"))
    j.look(page, "reviewed")


def consent(page: Page, j: Journey, excerpt: str, peers: bool, policy: bool, council: bool,
            step: str) -> None:
    page.goto(f"/me/excerpts/{excerpt}")
    for name, yes in (("peers", peers), ("policy_makers", policy), ("council", council)):
        box = page.locator(f"input[type='checkbox'][name='{name}']")
        assert box.count() == 1, f"{page.url}: no checkbox `{name}`"
        box.set_checked(yes)
    submit(page, form_with(page, "council"))
    j.look(page, step)


def read_feed(page: Page, j: Journey, expected: str, step: str) -> str:
    """Finds the item with `expected` text on /feed, opens it; returns its path."""
    page.goto("/feed")
    j.look(page, f"{step}-feed")
    assert expected in page.inner_text("main"), f"/feed does not show the published excerpt"
    links = page.locator("main a[href^='/feed/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    items = [h for h in links if re.fullmatch(r"/feed/[^/?#]+", h)]
    assert items, "/feed has no link to a single item"
    for href in items:
        page.goto(href)
        if expected in page.inner_text("main"):
            j.look(page, f"{step}-item")
            return href
    raise AssertionError("no /feed/{id} page shows the published excerpt")


def count_canary(value: str, canary: str) -> None:
    if canary in value:
        RECORD.canary_typed += 1
