"""The interview report: who may read it, the notebook per kernel language, offline exports."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import sign_in
from tests.support.platform import Browserless, Platform, demo_platform
from tests.support.platform import signed_in as login

RUBRIC = {"problem_solving": 4, "code_quality": 3, "communication": 5, "testing": 2}
LANGS = {
    "python": ("python3", "def f():\n    return 42"),
    "cpp": ("interview-cpp", "int f() { return 42; }"),
    "java": ("interview-java", "class Main { int f() { return 42; } }"),
    "go": ("interview-go", "func f() int { return 42 }"),
    "rust": ("interview-rust", "fn f() -> i32 { 42 }"),
    "typescript": ("interview-typescript", "const f = (): number => 42;"),
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from demo_platform(tmp_path_factory, "report")


def archive_notebook(platform: Platform, interview_id: str, language: str) -> None:
    kernel, code = LANGS[language]
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": kernel, "display_name": language, "language": language}
        },
        "cells": [
            {
                "cell_type": "markdown",
                "id": "a",
                "metadata": {},
                "source": f"# Solution in {language}",
            },
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {},
                "source": code,
                "execution_count": 1,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "42\n"}],
            },
        ],
    }
    folder = platform.data_dir / "archive" / interview_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "interview.ipynb").write_text(json.dumps(notebook))


def interview(platform: Platform, alice: Browserless, language: str, day: int) -> str:
    created = alice.api(
        "POST",
        "interviews",
        {
            "title": f"Report {language}",
            "date": f"2027-09-{day:02d}",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "interviewers": ["bob"],
            "language": language,
            "position": "Backend",
        },
    )
    assert created.status_code == 201, created.text
    return str(created.json()["interview"]["id"])


@pytest.fixture(scope="module")
def reports(platform: Platform) -> dict[str, str]:
    alice = login(platform, "alice", "alice-demo-pass")
    ids = {lang: interview(platform, alice, lang, day) for day, lang in enumerate(LANGS, 1)}
    (platform.data_dir / "test-clock-offset").write_text(
        str((datetime(2027, 9, 28, tzinfo=UTC) - datetime.now(UTC)).total_seconds())
    )
    for lang, iid in ids.items():
        archive_notebook(platform, iid, lang)
        alice.api("PUT", f"interviews/{iid}/notes", {"text": f"note about {lang}"})
        alice.api(
            "PUT",
            f"interviews/{iid}/feedback",
            {"rating": 4, "rubric": RUBRIC, "comments": "Good **work**", "recommendation": "yes"},
        )
        alice.api("POST", f"interviews/{iid}/decision", {"decision": "pass", "reason": "strong"})
    alice.close()
    return ids


def test_report_renders_every_language_and_is_private(
    browser: Browser, platform: Platform, reports: dict[str, str], shot: Any
) -> None:
    ctx = browser.new_context(base_url=platform.url)
    page = ctx.new_page()
    sign_in(page, "bob", "bob-demo-pass1")
    page.goto(f"/services/interviews/interviews/{reports['python']}/report")
    expect(page.locator("#report-feedback-hidden")).to_contain_text("1 interviewer")  # blind
    ctx.close()
    ctx = browser.new_context(base_url=platform.url)
    page = ctx.new_page()
    sign_in(page, "alice", "alice-demo-pass")
    for lang, iid in reports.items():
        page.goto(f"/services/interviews/interviews/{iid}/report")
        expect(page.locator("#report-decision")).to_contain_text("PASS")
        expect(page.locator("#report-scores")).to_contain_text("alice")
        notebook = page.locator("#report-notebook")
        expect(notebook).to_contain_text(f"Solution in {lang}")
        expect(notebook).to_contain_text("42")
        assert notebook.locator(".highlight span").count() > 2, lang  # syntax highlighted
    page.goto(f"/services/interviews/interviews/{reports['python']}/report")
    expect(page.locator("#playback-title")).to_have_text("Code playback and recording")
    # the notebook's own "# Solution in python" stays smaller than the report's title
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    title = page.locator("h1").first.evaluate(size)
    assert page.locator("#report-notebook h1").first.evaluate(size) < title
    shot(page, "report-alice")
    page.goto("/services/interviews/reviews")
    expect(page.get_by_role("link", name=re.compile("Report", re.I)).first).to_be_visible()
    shot(page, "reviews-alice")
    carol = login(platform, "carol", "carol-demo-pass")
    iid = reports["python"]
    assert carol.client.get(f"/services/interviews/interviews/{iid}/report").status_code == 404
    assert (
        carol.client.get(
            f"/services/interviews/interviews/{iid}/report/export?format=html"
        ).status_code
        == 404
    )
    bob = login(platform, "bob", "bob-demo-pass1")
    assert (
        "Good <strong>work</strong>"
        not in bob.client.get(
            f"/services/interviews/interviews/{iid}/report/export?format=html"
        ).text
    )
    bob.close()
    dave = login(platform, "dave", "dave-demo-pass1")
    assert dave.client.get(f"/services/interviews/interviews/{iid}/report").status_code == 404
    carol.close()
    dave.close()
    ctx.close()


def test_exports_open_offline(
    browser: Browser, platform: Platform, reports: dict[str, str], tmp_path: Path
) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    iid = reports["cpp"]
    exported = alice.client.get(
        f"/services/interviews/interviews/{iid}/report/export", params={"format": "html"}
    )
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    path = tmp_path / "report.html"
    path.write_text(exported.text)
    ctx = browser.new_context(offline=True)
    requests: list[str] = []
    page = ctx.new_page()

    def refuse(route: Route) -> None:
        if not route.request.url.startswith("file:"):
            requests.append(route.request.url)
        route.continue_()

    page.route("**/*", refuse)
    page.goto(path.as_uri())
    expect(page.locator("#report-notebook")).to_contain_text("Solution in cpp")
    expect(page.locator("#report-scores")).to_contain_text("Average")
    assert requests == []
    ctx.close()
    pdf = alice.client.get(
        f"/services/interviews/interviews/{iid}/report/export", params={"format": "pdf"}, timeout=90
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    alice.close()


MATRIX = {  # actor → expected status of the report page and of its HTML export
    "anonymous": 302,
    "carol": 404,
    "dave": 404,
    "rita": 200,
    "bob": 200,
    "admin": 200,
    "outsider": 403,
}
LOGINS = {
    "carol": "carol-demo-pass",
    "dave": "dave-demo-pass1",
    "bob": "bob-demo-pass1",
    "admin": "admin-demo-pass",
}


@pytest.fixture(scope="module")
def actors(platform: Platform) -> Iterator[dict[str, Browserless]]:
    who = {name: login(platform, name, password) for name, password in LOGINS.items()}
    who["anonymous"] = Browserless(platform)
    admin = who["admin"]
    for name, role in (("rita", "reviewer"), ("outsider", "interviewer")):
        person = Browserless(platform)
        person.signup(name, "correct-horse-battery", f"{name}@example.org")
        person.login(name, "correct-horse-battery")
        person.open_service()
        assert (
            admin.api("PUT", f"users/{name}/role", {"role": role, "reason": "matrix"}).status_code
            == 200
        )
        who[name] = person
    yield who
    for person in who.values():
        person.close()


@pytest.mark.parametrize("actor", sorted(MATRIX))
@pytest.mark.parametrize("suffix", ["report", "report/export?format=html"])
def test_report_authorisation_matrix(
    actors: dict[str, Browserless], reports: dict[str, str], actor: str, suffix: str
) -> None:
    iid = reports["python"]
    response = actors[actor].client.get(
        f"/services/interviews/interviews/{iid}/{suffix}", follow_redirects=False
    )
    assert response.status_code == MATRIX[actor], response.text[:300]
    if MATRIX[actor] != 200:
        assert "SECRET" not in response.text and "Good <strong>work" not in response.text
