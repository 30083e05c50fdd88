"""AI review through the service: evidence-only without a model, interviewers only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.platform import ROOT, Browserless, Platform

SLUG = "balanced-brackets"
WRONG = (ROOT / "problems" / SLUG / "wrong" / "python.py").read_text()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / SLUG, bank / SLUG)
    p = Platform(
        tmp_path_factory.mktemp("reviews"),
        env={"DEMO_ACCOUNTS": "1", "INTERVIEWS_TEST_CLOCK": "1", "PROBLEMS_DIR": str(bank)},
    ).start()
    yield p
    p.stop()


def login(platform: Platform, name: str, password: str) -> Browserless:
    who = Browserless(platform)
    who.login(name, password)
    who.open_service()
    return who


def test_review_is_evidence_only_and_never_for_candidates(
    platform: Platform, tmp_path: Path
) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": "Review me",
            "date": "2027-10-01",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "problems": [SLUG],
        },
    ).json()["interview"]["id"]
    (platform.data_dir / "test-clock-offset").write_text(
        str((datetime(2027, 10, 1, 10, 5, tzinfo=UTC) - datetime.now(UTC)).total_seconds())
    )
    body = {"problem": SLUG, "language": "python", "source": WRONG}
    refused = carol.api("POST", f"interviews/{iid}/ai-reviews", body)
    assert refused.status_code == 403 and refused.json()["reason"] == "interviewers_only"
    assert carol.api("GET", f"interviews/{iid}/ai-reviews").status_code == 403
    made = alice.api("POST", f"interviews/{iid}/ai-reviews", body, timeout=120)
    assert made.status_code == 201, made.text
    review = made.json()
    assert review["model"] is None and review["text"].startswith("Evidence only")
    evidence = review["evidence"]
    failing = evidence["tests"]["first_failure"]
    assert failing is not None and failing["hidden"] is True
    assert any("fails" in line for line in evidence["summary"])
    listed = alice.api("GET", f"interviews/{iid}/ai-reviews").json()["items"]
    assert [r["id"] for r in listed] == [review["id"]]
    # the candidate's own API calls never carry the review
    assert "Evidence only" not in carol.api("GET", f"interviews/{iid}").text
    alice.close()
    carol.close()
