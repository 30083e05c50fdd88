"""Browser fixtures: Debian chromium driven by Playwright (sync API) against a real platform.

* ``browser``: one headless chromium per test module.
* ``context`` / ``page``: a fresh browser context (cookies, storage) per test.
* ``browser_log``: console errors, uncaught page errors, failed requests and HTTP error
  responses seen by the test's page(s); ``browser_log.assert_clean()`` fails on any that the
  test did not expect.
* ``shot``: save a full-page screenshot to ``test-artifacts/screenshots/`` (gitignored). A
  screenshot is also saved automatically when a test fails.

``platform`` comes from ``tests/conftest.py`` (one real hub + proxy + service per module); a
module may override it (``test_oidc.py`` does). Never run ``playwright install``: the system
chromium at ``/usr/bin/chromium`` is used.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    expect,
    sync_playwright,
)

from tests.support.needs import require
from tests.support.platform import Platform

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "correct-horse-battery"

# Sign-in goes through bcrypt and two OAuth redirects; allow for a slow machine.
expect.set_options(timeout=15_000)


# ------------------------------------------------------------------------------ browser


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    # Module scope, not session: the sync API runs an event loop on the main thread for as
    # long as it is open, which would break asyncio tests that run later in the same worker.
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def base_url(platform: Platform) -> str:
    return platform.url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        base_url=base_url,
        viewport={"width": 1280, "height": 860},
        color_scheme="light",
        locale="en-GB",
    )
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


# ------------------------------------------------------------------------------ logs


@dataclass
class BrowserLog:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    error_responses: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({location})")

    def _on_request_failed(self, request: Request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # the test navigated on while the page still loaded scripts: not a fault of the page
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append(
                f"{response.status} {response.request.method} {response.url}"
            )

    def problems(self, allow: tuple[str, ...] = ()) -> list[str]:
        """Everything recorded except lines matching one of the ``allow`` regexes."""
        found = [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"request failed: {m}" for m in self.failed_requests),
            *(f"HTTP error: {m}" for m in self.error_responses),
        ]
        return [line for line in found if not any(re.search(p, line) for p in allow)]

    def assert_clean(self, *allow: str) -> None:
        problems = self.problems(allow)
        assert not problems, "browser reported problems:\n" + "\n".join(problems)

    def clear(self) -> None:
        for bucket in (
            self.console_errors,
            self.page_errors,
            self.failed_requests,
            self.error_responses,
        ):
            bucket.clear()


@pytest.fixture
def browser_log(context: BrowserContext) -> BrowserLog:
    """Records problems of every page opened in this test's context."""
    log = BrowserLog()
    context.on("page", log.watch)
    return log


# ------------------------------------------------------------------------------ screenshots


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """``shot(page, "role-page")`` saves ``<module>__<test>__role-page.png`` and returns it."""

    def save(page: Page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        module = Path(str(request.node.fspath)).stem
        path = SCREENSHOTS / f"{_slug(module)}__{_slug(request.node.name)}__{_slug(name)}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(
    context: BrowserContext,
    browser_log: BrowserLog,
    shot: Callable[..., Path],
    request: pytest.FixtureRequest,
) -> Iterator[Page]:
    """A page in the fresh context, with a screenshot of every open page on failure."""
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for index, open_page in enumerate(context.pages):
            # the page may be gone; the failure itself matters more than its picture
            with contextlib.suppress(Exception):
                shot(open_page, f"FAILED-{index}")


# ------------------------------------------------------------------------------ helpers


def sign_up(page: Page, name: str, email: str, password: str = PASSWORD) -> None:
    """Create a local account through NativeAuthenticator's sign-up form."""
    page.goto("/hub/signup")
    page.locator("#username_input").fill(name)
    page.locator("#email_input").fill(email)
    page.locator("#password_input").fill(password)
    page.locator("#password_confirmation_input").fill(password)
    page.locator("#signup_submit").click()
    expect(page.locator(".alert[role=alert]")).to_contain_text("The signup was successful")


def sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    """Sign in on the hub's login form; the hub then sends the person to the service."""
    page.goto("/hub/login")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()
    expect(page).to_have_url(re.compile(r"/services/interviews/"))
