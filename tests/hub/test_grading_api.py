"""'Run tests' through the service: the bank in the database, the sandbox, per-viewer results."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.platform import ROOT, Browserless, Platform, demo_platform, small_bank
from tests.support.platform import signed_in as login

SLUG = "balanced-brackets"
SOLUTION = (ROOT / "problems" / SLUG / "solutions" / "python.py").read_text()
WRONG = (ROOT / "problems" / SLUG / "wrong" / "python.py").read_text()
START = datetime(2027, 7, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_bank(tmp_path_factory, SLUG)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, bank: Path) -> Iterator[Platform]:
    yield from demo_platform(tmp_path_factory, "grading", env={"PROBLEMS_DIR": str(bank)})


@pytest.fixture(scope="module")
def people(platform: Platform) -> Iterator[dict[str, Browserless]]:
    who = {
        "alice": login(platform, "alice", "alice-demo-pass"),
        "bob": login(platform, "bob", "bob-demo-pass1"),
        "carol": login(platform, "carol", "carol-demo-pass"),
        "dave": login(platform, "dave", "dave-demo-pass1"),
    }
    yield who
    for person in who.values():
        person.close()


@pytest.fixture(scope="module")
def live_interview(platform: Platform, people: dict[str, Browserless]) -> str:
    created = people["alice"].api(
        "POST",
        "interviews",
        {
            "title": "Brackets",
            "date": "2027-07-01",
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
            "problems": [SLUG],
        },
    )
    assert created.status_code == 201, created.text
    (platform.data_dir / "test-clock-offset").write_text(
        str((START + timedelta(minutes=5) - datetime.now(UTC)).total_seconds())
    )
    return str(created.json()["interview"]["id"])


def run(who: Browserless, interview_id: str, source: str, language: str = "python") -> Any:
    queued = who.api(
        "POST",
        "grade",
        {"interview_id": interview_id, "problem": SLUG, "language": language, "source": source},
    )
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert job["status"] in ("queued", "running", "done") and job["position"] >= 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # the job API is polled by the panel, like this
        state = who.api("GET", f"grade/{job['id']}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.2)
    raise AssertionError("grading did not finish")


def test_bank_is_in_the_database(people: dict[str, Browserless]) -> None:
    items = people["alice"].api("GET", "problems").json()["items"]
    assert [p["slug"] for p in items] == [SLUG]
    full = people["alice"].api("GET", f"problems/{SLUG}").json()
    assert full["hidden"] and full["solutions"]["python"] == SOLUTION
    assert people["carol"].api("GET", "problems").status_code == 403


def test_candidate_sees_counts_panel_sees_which_failed(
    people: dict[str, Browserless], live_interview: str
) -> None:
    mine = run(people["carol"], live_interview, WRONG)
    result = mine["result"]
    assert result["visible"] and all(t["verdict"] == "Accepted" for t in result["visible"])
    assert result["visible"][0]["input"] and result["visible"][0]["expected"]
    hidden = result["hidden"]
    assert set(hidden) == {"passed", "total"} and hidden["passed"] < hidden["total"]
    panel = people["alice"].api("GET", f"grade/{mine['id']}").json()["result"]["hidden"]
    assert panel["passed"] == hidden["passed"]
    failed = [t["name"] for t in panel["tests"] if t["verdict"] != "Accepted"]
    assert failed and all("input" not in t for t in panel["tests"])
    good = run(people["carol"], live_interview, SOLUTION)["result"]
    assert good["verdict"] == "Accepted"
    assert good["hidden"]["passed"] == good["hidden"]["total"]


def test_compile_errors_and_other_languages(
    people: dict[str, Browserless], live_interview: str
) -> None:
    broken = run(people["alice"], live_interview, "int main( {", "cpp")["result"]
    assert broken["verdict"] == "Compilation Error" and "error" in broken["compile_output"]


def test_who_may_run(
    people: dict[str, Browserless], live_interview: str, platform: Platform
) -> None:
    body = {
        "interview_id": live_interview,
        "problem": SLUG,
        "language": "python",
        "source": "print(1)",
    }
    assert people["dave"].api("POST", "grade", body).status_code == 404  # not theirs
    assert people["bob"].api("POST", "grade", body).status_code == 403  # not on the panel
    other = dict(body, problem="count-islands")
    assert people["carol"].api("POST", "grade", other).status_code == 404
    queued = people["carol"].api("POST", "grade", body).json()
    assert people["dave"].api("GET", f"grade/{queued['id']}").status_code == 404
    (platform.data_dir / "test-clock-offset").write_text(
        str((START + timedelta(hours=3) - datetime.now(UTC)).total_seconds())
    )
    try:
        after = people["carol"].api("POST", "grade", body)
        assert after.status_code == 409 and after.json()["reason"] == "not_live"
    finally:
        (platform.data_dir / "test-clock-offset").write_text(
            str((START + timedelta(minutes=5) - datetime.now(UTC)).total_seconds())
        )


def test_problems_are_validated_when_written(people: dict[str, Browserless]) -> None:
    partial = {
        "slug": "two-sum-lite",
        "title": "Two sum lite",
        "difficulty": "easy",
        "topics": ["arrays"],
        "statement": "Add two numbers please.",
        "starters": {"python": "print()"},
        "visible": [{"name": "01", "input": "1 2\n", "output": "3\n"}],
        "hidden": [{"name": "02", "input": "2 2\n", "output": "4\n"}],
    }
    refused = people["alice"].api("POST", "problems", partial)
    assert refused.status_code == 422 and "missing" in refused.json()["message"]
    starters = {
        lang: "// todo"
        for lang in ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")
    }
    created = people["alice"].api("POST", "problems", {**partial, "starters": starters})
    assert created.status_code == 201, created.text
    again = people["alice"].api("POST", "problems", {**partial, "starters": starters})
    assert again.status_code == 409
    assert (
        people["carol"].api("POST", "problems", {**partial, "starters": starters}).status_code
        == 403
    )
