"""Visiting pages as a person would: every page is checked by axe-core (WCAG 2.1 A/AA) and
photographed at 375 px and 1280 px; every URL the browser asks for is kept for the canary check;
keyboard helpers move by Tab/Enter/Space only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page

from harness import ROOT

SCREENSHOTS = ROOT / "target" / "screenshots"
WIDTHS = (375, 1280)
REFLOW_WIDTH = 320
# With JavaScript off in the page, page.evaluate still runs (only timers stop), so this works in
# every context: the document's width beyond the viewport and the widest culprits.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
    return `${document.documentElement.scrollWidth}px wide: ${wide.join(', ')}`;
}"""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()


@dataclass
class Record:
    """What the whole run saw: URLs, pages checked, axe findings, how often the canary was typed."""

    urls: list[str] = field(default_factory=list)
    pages_checked: int = 0
    violations: list[str] = field(default_factory=list)
    canary_typed: int = 0
    shot_names: set[str] = field(default_factory=set)
    # Pages that scroll sideways at 320 CSS px (WCAG 1.4.10 reflow; also 1280 px at 400% zoom).
    no_reflow: list[str] = field(default_factory=list)


RECORD = Record()


def watch(context: BrowserContext) -> None:
    """Keeps every URL the context requests, for the canary check."""
    context.on("request", lambda request: RECORD.urls.append(request.url))


def _slug(url: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
    # Ids in paths would make names unstable and long: keep the shape of the path only.
    path = re.sub(r"[0-9a-fA-F-]{16,}", "id", path)
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"


class Checker:
    """Runs axe-core. With JavaScript off in the page's own context axe cannot run there (timers
    are off too), so the exact HTML the page holds is served again, at its own URL, to a page of
    a JavaScript-on context whose own scripts are blocked: the same DOM, the same CSS, axe on it."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page = context.new_page()

    def check(self, page: Page, label: str) -> list[str]:
        """The violations axe-core finds on the page as it is now, one line each."""
        if page.context.__dict__.get("_js_off"):
            html = page.content()
            url = page.url
            target = self.page
            target.set_viewport_size(page.viewport_size or {"width": 1280, "height": 900})

            def serve(route):
                if route.request.url == url:
                    route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
                elif route.request.resource_type == "script":
                    route.abort()
                else:
                    route.continue_()

            target.route("**/*", serve)
            try:
                target.goto(url)
                results = AXE.run(target, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            finally:
                target.unroute("**/*")
        else:
            results = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        found = []
        for violation in results.response["violations"]:
            targets = "; ".join(
                " ".join(str(t) for t in node["target"]) for node in violation["nodes"][:5]
            )
            found.append(
                f"{label} {_slug(page.url)}: {violation['id']} ({violation['impact']}) "
                f"{violation['help']} -> {targets}"
            )
        return found


def js_off(context: BrowserContext) -> BrowserContext:
    context.__dict__["_js_off"] = True
    return context


def look(page: Page, checker: Checker, journey: str, step: str) -> None:
    """Checks the page in front of the person: axe, then screenshots at both widths."""
    assert not page.url.startswith("chrome-error"), f"{journey}/{step}: the page did not load"
    RECORD.violations += checker.check(page, f"[{journey}/{step}]")
    RECORD.pages_checked += 1
    original = page.viewport_size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        name = f"{journey}-{len(RECORD.shot_names):03d}-{step}-{width}.png"
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        RECORD.shot_names.add(name)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        RECORD.no_reflow.append(f"[{journey}/{step}] {_slug(page.url)}: {overflow}")
    if original:
        page.set_viewport_size(original)


def fill(page: Page, name: str, value: str, canary: str | None = None) -> None:
    """Types into the control named `name` (the WEB.md contract); counts canaries typed."""
    control = page.locator(f"[name='{name}']").first
    assert control.count() == 1, f"{page.url}: no control named {name!r}"
    control.fill(value)
    if canary and canary in value:
        RECORD.canary_typed += 1


def submit(page: Page, form_selector: str = "main form") -> None:
    """Presses the submit button of the form and waits for the next page."""
    form = page.locator(form_selector).first
    assert form.count() == 1, f"{page.url}: no form {form_selector!r}"
    button = form.locator("button[type='submit'], button:not([type]), input[type='submit']").first
    with page.expect_navigation():
        button.click()


def form_with(page: Page, control_name: str) -> str:
    """A selector for the form that holds a control with this name."""
    assert page.locator(f"form:has([name='{control_name}'])").count() >= 1, (
        f"{page.url}: no form with a control named {control_name!r}"
    )
    return f"form:has([name='{control_name}'])"


def expect_status_page(page: Page, url: str, status: int) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, (
        f"{url}: expected {status}, got {response.status if response else None}"
    )


# ---- keyboard only ---------------------------------------------------------------------------

MAX_TABS = 60


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement; if (!e) return {};
        const s = getComputedStyle(e);
        return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '',
                type: e.getAttribute('type') || '', value: e.value || '',
                text: (e.innerText || e.value || '').trim(), href: e.getAttribute('href') || '',
                outline: s.outlineStyle !== 'none' && s.outlineWidth !== '0px',
                shadow: s.boxShadow !== 'none'} }"""
    )


def tab_to(page: Page, matches, what: str) -> dict:
    """Presses Tab until the focused element matches; asserts that focus is visible there."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if element and matches(element):
            assert element["outline"] or element["shadow"], (
                f"{page.url}: focus on {what} is not visible (no outline, no box-shadow)"
            )
            return element
    raise AssertionError(f"{page.url}: {MAX_TABS} presses of Tab never reached {what}")


def tab_to_field(page: Page, name: str) -> None:
    tab_to(page, lambda e: e.get("name") == name, f"the control {name!r}")


def tab_to_control(page: Page, name: str, value: str) -> None:
    tab_to(page, lambda e: e.get("name") == name and e.get("value") == value,
           f"the control {name!r} = {value!r}")


def tab_to_button(page: Page, pattern: str) -> None:
    regex = re.compile(pattern, re.I)
    tab_to(page, lambda e: e.get("tag") in ("button", "input")
           and e.get("type") in ("submit", "", "button") and bool(regex.search(e.get("text", ""))),
           f"a button /{pattern}/")


def tab_to_link(page: Page, href_pattern: str) -> None:
    regex = re.compile(href_pattern)
    tab_to(page, lambda e: e.get("tag") == "a" and bool(regex.search(e.get("href", ""))),
           f"a link to /{href_pattern}/")


def press_and_wait(page: Page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
