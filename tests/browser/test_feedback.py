"""In the browser: blind feedback from two interviewers, a decision seen live on a dashboard."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from tests.browser.conftest import sign_in
from tests.support.platform import Browserless, Platform, demo_platform

START = datetime(2027, 6, 7, 14, 0, tzinfo=UTC)
DEMO = {"alice": "alice-demo-pass", "bob": "bob-demo-pass1", "carol": "carol-demo-pass"}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from demo_platform(tmp_path_factory, "bfeedback")


@pytest.fixture(scope="module")
def interview_id(platform: Platform) -> str:
    alice = Browserless(platform)
    alice.login("alice", DEMO["alice"])
    alice.open_service()
    created = alice.api(
        "POST",
        "interviews",
        {
            "title": "Graph search",
            "date": "2027-06-07",
            "time": "14:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
            "interviewers": ["bob"],
            "position": "Platform engineer",
        },
    )
    assert created.status_code == 201, created.text
    alice.close()
    (platform.data_dir / "test-clock-offset").write_text(
        str((START + timedelta(hours=2) - datetime.now(UTC)).total_seconds())
    )
    return str(created.json()["interview"]["id"])


def person(browser: Browser, platform: Platform, name: str) -> Page:
    ctx = browser.new_context(base_url=platform.url, viewport={"width": 1280, "height": 1000})
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    sign_in(page, name, DEMO[name])
    return page


def fill_feedback(page: Page, stars: int, recommendation: str, comments: str) -> None:
    page.locator(f'label[for="rating-{stars}"]').click()
    for key, score in (
        ("problem_solving", 4),
        ("code_quality", 3),
        ("communication", 5),
        ("testing", 2),
    ):
        page.locator(f'label[for="rubric-{key}-{score}"]').click()
    page.locator("#recommendation").select_option(recommendation)
    page.locator("#comments").fill(comments)
    page.locator("#feedback-submit").click()


def test_blind_feedback_and_live_decision(
    browser: Browser, platform: Platform, interview_id: str, shot: Callable[..., Path]
) -> None:
    feedback_url = f"/services/interviews/interviews/{interview_id}/feedback"
    alice = person(browser, platform, "alice")
    alice.goto("/services/interviews/dashboard")
    card = alice.locator(f'[data-group="completed"] [data-interview="{interview_id}"]')
    expect(card).to_be_visible()
    card.get_by_role("link", name="Rate interview").click()
    expect(alice).to_have_url(re.compile(r"/feedback$"))
    expect(alice.locator("#no-others")).to_be_visible()
    fill_feedback(alice, 4, "yes", "Clear BFS, tested **zebra-crossing** inputs.")
    expect(alice.get_by_role("heading", name="Your feedback (version 1)")).to_be_visible()
    shot(alice, "alice-submitted")

    bob = person(browser, platform, "bob")
    bob.goto(feedback_url)
    expect(bob.locator("#others-hidden")).to_contain_text("1 other interviewer submitted")
    expect(bob.locator("body")).not_to_contain_text("zebra-crossing")
    shot(bob, "bob-blind")
    fill_feedback(bob, 2, "no", "Struggled with cycles.")
    expect(bob.locator('.other-feedback[data-author="alice"]')).to_contain_text("zebra-crossing")
    expect(bob.locator("#aggregate")).to_contain_text("Average 3 / 5 from 2")

    alice.goto("/services/interviews/dashboard")
    expect(alice.locator("#live-indicator")).to_have_text("Live updates on")
    bob.locator('label[for="decision-fail"]').click()
    bob.locator("#decision-reason").fill("Needs more practice with graph cycles")
    bob.locator("#decision-submit").click()
    expect(bob.locator("#decision-current")).to_contain_text("fail")
    failed = alice.locator(f'[data-group="failed"] [data-interview="{interview_id}"]')
    expect(failed).to_be_visible(timeout=2000)
    shot(alice, "dashboard-after-decision")

    carol = person(browser, platform, "carol")
    history = carol.locator("#history-list")
    expect(history).to_contain_text("Graph search")
    expect(history).to_contain_text("completed")
    expect(carol.locator("body")).not_to_contain_text("fail")
    carol.goto(feedback_url)
    expect(carol.locator("#error-message")).to_be_visible()
    for page in (alice, bob, carol):
        page.context.close()


def test_nothing_private_reaches_the_candidates_browser(
    browser: Browser, platform: Platform
) -> None:
    alice = Browserless(platform)
    alice.login("alice", DEMO["alice"])
    alice.open_service()
    created = alice.api(
        "POST",
        "interviews",
        {
            "title": "Privacy",
            "date": "2027-06-09",
            "time": "13:00",
            "timezone": "UTC",
            "duration_min": 30,
            "candidate": "carol",
            "interviewers": ["bob"],
        },
    ).json()
    iid = created["interview"]["id"]
    after = datetime(2027, 6, 9, 15, 0, tzinfo=UTC)
    (platform.data_dir / "test-clock-offset").write_text(
        str((after - datetime.now(UTC)).total_seconds())
    )
    alice.api("PUT", f"interviews/{iid}/notes", {"text": "SECRET-NOTE weak on graphs"})
    rubric = {"problem_solving": 1, "code_quality": 1, "communication": 1, "testing": 1}
    assert (
        alice.api(
            "PUT",
            f"interviews/{iid}/feedback",
            {
                "rating": 1,
                "rubric": rubric,
                "comments": "SECRET-COMMENT",
                "recommendation": "no",
            },
        ).status_code
        == 200
    )
    assert (
        alice.api(
            "POST", f"interviews/{iid}/decision", {"decision": "fail", "reason": "SECRET-REASON"}
        ).status_code
        == 200
    )
    alice.close()

    carol = person(browser, platform, "carol")
    bodies: list[str] = []

    def keep(response: Response) -> None:
        # redirects and aborted requests have no body
        with contextlib.suppress(Exception):
            bodies.append(response.text())

    carol.on("response", keep)
    for path in (
        "/services/interviews/",
        f"/services/interviews/interviews/{iid}",
        f"/services/interviews/interviews/{iid}/feedback",
        "/services/interviews/dashboard",
        "/services/interviews/reviews",
        f"/services/interviews/api/interviews/{iid}/notes",
    ):
        carol.goto(path)
    carol.goto("/services/interviews/")
    expect(carol.locator("#history-list")).to_contain_text("Privacy")
    joined = "\n".join(bodies)
    assert len(bodies) > 10
    for secret in ("SECRET-NOTE", "SECRET-COMMENT", "SECRET-REASON", '"rating"', '"decision"'):
        assert secret not in joined, secret
    carol.context.close()
