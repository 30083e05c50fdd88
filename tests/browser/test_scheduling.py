"""In the browser: schedule, invite by email, time zones, the join window, live dashboards."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import BrowserLog, sign_in
from tests.support.platform import Browserless, Platform
from tests.support.smtp import SMTPServer, body_text

DEMO = {
    "alice": "alice-demo-pass",
    "bob": "bob-demo-pass1",
    "carol": "carol-demo-pass",
    "dave": "dave-demo-pass1",
}


@pytest.fixture(scope="module")
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, smtp: SMTPServer) -> Iterator[Platform]:
    p = Platform(
        tmp_path_factory.mktemp("bsched"),
        env={"DEMO_ACCOUNTS": "1", "INTERVIEWS_TEST_CLOCK": "1", **smtp.env},
    ).start()
    yield p
    p.stop()


@pytest.fixture(autouse=True)
def real_clock(platform: Platform) -> Iterator[None]:
    yield
    (platform.data_dir / "test-clock-offset").unlink(missing_ok=True)


def set_clock(platform: Platform, moment: datetime) -> None:
    (platform.data_dir / "test-clock-offset").write_text(
        str((moment - datetime.now(UTC)).total_seconds())
    )


def person(browser: Browser, platform: Platform, name: str, timezone: str) -> Page:
    ctx: BrowserContext = browser.new_context(
        base_url=platform.url,
        timezone_id=timezone,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
    )
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    sign_in(page, name, DEMO[name])
    return page


def api_as(platform: Platform, name: str) -> Browserless:
    who = Browserless(platform)
    who.login(name, DEMO[name])
    who.open_service()
    return who


def test_interviewer_schedules_in_india_candidate_sees_pacific_time(
    browser: Browser, platform: Platform, shot: Callable[..., Path]
) -> None:
    alice = person(browser, platform, "alice", "Asia/Kolkata")
    alice.get_by_role("link", name="New interview").first.click()
    expect(alice).to_have_url(re.compile(r"/interviews/new$"))
    # Chromium's ICU reports the legacy name Asia/Calcutta; both are valid IANA names
    expect(alice.locator("#timezone")).to_have_value(re.compile(r"^Asia/(Kolkata|Calcutta)$"))
    alice.locator("#title").fill("Systems design")
    alice.locator("#description").fill("Design a **rate limiter**.")
    alice.locator("#date").fill("2027-01-15")
    alice.locator("#time").fill("20:30")
    alice.locator("#duration_min").fill("45")
    alice.locator("#candidate").fill("carol")
    alice.locator("#interviewer-search").fill("bob")
    alice.locator("#interviewer-search").press("Enter")
    expect(alice.locator("#interviewer-chips")).to_contain_text("bob")
    shot(alice, "form")
    alice.locator("#schedule-submit").click()
    expect(alice).to_have_url(re.compile(r"/interviews/[\w-]+\?"))
    expect(alice.locator("#interview-when")).to_contain_text("8:30 PM")
    expect(alice.locator("#interview-when")).to_contain_text("GMT+5:30")
    expect(alice.locator("#interview-description strong")).to_have_text("rate limiter")
    url = alice.url.split("?")[0]

    carol = person(browser, platform, "carol", "America/Los_Angeles")
    expect(carol.locator("#upcoming-list")).to_contain_text("Systems design")
    carol.goto(url)
    when = carol.locator("#interview-when")
    expect(when).to_contain_text("Jan 15, 2027")
    expect(when).to_contain_text("7:00 AM")
    expect(when).to_contain_text("PST")
    expect(carol.locator("#interview-scheduler-tz")).to_contain_text("8:30 PM")
    expect(carol.locator("#join-button")).to_have_class(re.compile(r"\bdisabled\b"))
    expect(carol.locator("#reschedule-form")).to_have_count(0)  # candidates cannot change it
    shot(carol, "candidate-view")
    alice.context.close()
    carol.context.close()


def test_dst_boundary_is_shown_with_the_right_offset(browser: Browser, platform: Platform) -> None:
    alice = api_as(platform, "alice")
    # 20 March 2027: Berlin still on CET (UTC+1), Los Angeles already on PDT (UTC-7)
    saved = alice.api(
        "POST",
        "interviews",
        {
            "title": "Across DST",
            "date": "2027-03-20",
            "time": "10:00",
            "timezone": "Europe/Berlin",
            "duration_min": 60,
            "candidate": "carol",
        },
    ).json()
    assert saved["interview"]["starts_at"] == "2027-03-20T09:00:00+00:00"
    carol = person(browser, platform, "carol", "America/Los_Angeles")
    carol.goto(f"/services/interviews/interviews/{saved['interview']['id']}")
    expect(carol.locator("#interview-when")).to_contain_text("2:00 AM")
    expect(carol.locator("#interview-when")).to_contain_text("PDT")
    carol.context.close()
    alice.close()


def test_invited_candidate_sets_password_and_joins_inside_the_window(
    browser: Browser, platform: Platform, smtp: SMTPServer, shot: Callable[..., Path]
) -> None:
    alice = person(browser, platform, "alice", "UTC")
    alice.goto("/services/interviews/interviews/new")
    alice.locator("#title").fill("Invited round")
    alice.locator("#date").fill("2027-02-10")
    alice.locator("#time").fill("09:00")
    alice.locator("#timezone").fill("UTC")
    alice.get_by_label("Invite by email").check()
    alice.locator("#candidate_email").fill("ada@engines.test")
    alice.locator("#schedule-submit").click()
    expect(alice.locator("#warnings")).to_contain_text("set-password link")
    alice.context.close()

    mail = smtp.mailbox.to("ada@engines.test", "Interview scheduled: Invited round")
    link = re.search(r"(http://\S+/hub/set-password/\S+)", body_text(mail))
    assert link
    ctx = browser.new_context(base_url=platform.url, timezone_id="Europe/London")
    ada = ctx.new_page()
    ada.goto(link.group(1))
    expect(ada.locator("#set-password-username")).to_have_text("ada")
    ada.locator("#password").fill("analytical-engine-1843")
    ada.locator("#password_confirmation").fill("analytical-engine-1843")
    ada.locator("#set-password-submit").click()
    expect(ada.get_by_role("status")).to_contain_text("Your password is set")
    sign_in(ada, "ada", "analytical-engine-1843")
    item = ada.locator("#upcoming-list li", has_text="Invited round")
    expect(item).to_be_visible()
    expect(item.locator(".join-button")).to_be_disabled()
    shot(ada, "before-window")

    start = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
    set_clock(platform, start - timedelta(minutes=5))
    ada.reload()
    join = ada.locator("#upcoming-list li", has_text="Invited round").get_by_role(
        "link", name="Join"
    )
    expect(join).to_be_enabled()
    shot(ada, "inside-window")
    join.click()
    expect(ada).to_have_url(re.compile(r"/interviews/[\w-]+\?joined=1"))
    expect(ada.locator("#interview-status")).to_have_text("live")
    ctx.close()


def test_dashboard_updates_live_when_another_browser_cancels(
    browser: Browser, platform: Platform, browser_log: BrowserLog
) -> None:
    alice = api_as(platform, "alice")
    saved = alice.api(
        "POST",
        "interviews",
        {
            "title": "To be cancelled",
            "date": "2027-04-01",
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "dave",
            "interviewers": ["bob"],
        },
    ).json()
    interview_id = saved["interview"]["id"]
    watcher = person(browser, platform, "alice", "UTC")
    watcher.goto("/services/interviews/dashboard")
    expect(watcher.locator("#live-indicator")).to_have_text("Live updates on")
    card = watcher.locator(f'[data-group="upcoming"] [data-interview="{interview_id}"]')
    expect(card).to_be_visible()

    bob = person(browser, platform, "bob", "UTC")
    bob.goto(f"/services/interviews/interviews/{interview_id}")
    bob.once("dialog", lambda dialog: dialog.accept("Position closed"))
    bob.locator("#cancel-button").click()
    expect(bob.locator("#interview-status")).to_have_text("cancelled")

    cancelled = watcher.locator(f'[data-group="cancelled"] [data-interview="{interview_id}"]')
    expect(cancelled).to_be_visible(timeout=2000)
    expect(card).to_have_count(0)
    watcher.context.close()
    bob.context.close()
    alice.close()
