"""In the browser: the problem bank, writing a problem, scheduling an interview with it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.support.platform import ROOT, Platform, demo_platform

LANGS = ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / "balanced-brackets", bank / "balanced-brackets")
    for path in (bank / "balanced-brackets" / "tests" / "hidden").glob("*.in"):
        if path.stat().st_size > 4096:
            path.unlink()
            path.with_suffix(".out").unlink()
    yield from demo_platform(
        tmp_path_factory, "bproblems", clock=False, env={"PROBLEMS_DIR": str(bank)}
    )


def test_write_a_problem_and_schedule_with_it(page: Page, shot: Callable[..., Path]) -> None:
    sign_in(page, "alice", "alice-demo-pass")
    page.get_by_role("link", name="Problems").click()
    expect(page.locator("#problems-table")).to_contain_text("Balanced Brackets")
    page.locator("#new-problem").click()
    page.locator("#slug").fill("sum-of-two")
    page.locator("#title").fill("Sum of two")
    page.locator("#topics").fill("math")
    page.locator("#statement").fill("Read two integers and print their sum.\n\n## Input\n\n`a b`")
    page.locator("#problem-submit").click()
    expect(page.locator("#problem-error")).to_contain_text("missing")  # starters are required
    for lang in LANGS:
        page.locator(f"#starter-{lang}").fill(f"// {lang} starter")
    rows = page.locator('.tests[data-kind="visible"] .test-row')
    rows.first.locator(".test-input").fill("1 2\n")
    rows.first.locator(".test-output").fill("3\n")
    hidden = page.locator('.tests[data-kind="hidden"] .test-row')
    hidden.first.locator(".test-input").fill("40 2\n")
    hidden.first.locator(".test-output").fill("42\n")
    shot(page, "problem-form")
    page.locator("#problem-submit").click()
    expect(page).to_have_url(re.compile(r"/problems/sum-of-two$"))
    expect(page.locator("#problem-title")).to_have_text("Sum of two")
    page.get_by_role("link", name="Edit").click()
    expect(page.locator("#slug")).to_have_value("sum-of-two")
    page.locator("#title").fill("Sum of two numbers")
    page.locator("#problem-submit").click()
    expect(page.locator("#problem-title")).to_have_text("Sum of two numbers")

    page.goto("/services/interviews/interviews/new")
    page.locator("#title").fill("With problems")
    page.locator("#date").fill("2027-08-02")
    page.locator("#time").fill("10:00")
    page.locator("#timezone").fill("UTC")
    page.locator("#candidate").fill("carol")
    expect(page.locator("#problems option")).to_have_count(2)
    page.locator("#problems").select_option(["sum-of-two", "balanced-brackets"])
    page.locator("#position").fill("Backend engineer")
    page.locator("#schedule-submit").click()
    expect(page.locator("#interview-problems")).to_contain_text("sum-of-two")
    expect(page.locator("#interview-problems")).to_contain_text("balanced-brackets")
    shot(page, "interview-with-problems")
