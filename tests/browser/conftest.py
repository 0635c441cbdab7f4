"""Fixtures of the browser suite: one service for the whole run (started from the binary that
run.sh built), one headless Debian chromium, contexts per person. Nothing may be skipped: a skip
fails the run."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))

from browse import RECORD, Checker, js_off, watch  # noqa: E402
from harness import ROOT, Service  # noqa: E402


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        print(f"\n{len(skipped)} test(s) skipped: the browser suite skips nothing, so it fails.")
        session.exitstatus = 1


@pytest.fixture(scope="session")
def canary() -> str:
    # Lower case and no capital, so the anonymiser keeps it as an ordinary word in a passage.
    return "kanarie" + secrets.token_hex(5)


@pytest.fixture(scope="session")
def service(canary):
    binary = Path(os.environ.get("STORYVAULT_BIN", ROOT / "target" / "debug" / "storyvault"))
    assert binary.is_file(), f"{binary} is missing: run tests/browser/run.sh, which builds it"
    service = Service.start(binary, canary)
    yield service
    service.stop()
    if os.environ.get("BROWSER_KEEP_DATA") != "1":
        service.remove()


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert executable, "chromium is not installed: run tests/browser/run.sh, which installs it"
    with sync_playwright() as playwright:
        # Debian's chromium; never a browser download of Playwright's own.
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def checker(browser, service):
    context = browser.new_context(base_url=service.base_url)
    yield Checker(context)
    context.close()


@pytest.fixture
def person(browser, service):
    """Opens a browser context for one person: `person(js=False, width=375)`."""
    opened = []

    def open_context(js: bool = True, width: int = 1280):
        context = browser.new_context(
            base_url=service.base_url,
            java_script_enabled=js,
            viewport={"width": width, "height": 900},
            locale="nl-NL",
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        watch(context)
        if not js:
            js_off(context)
        opened.append(context)
        return context.new_page()

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def record():
    return RECORD
