"""Retention deletes files on disk; deleting an account keeps scores under a pseudonym."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.support.platform import Browserless, Platform, demo_platform
from tests.support.platform import signed_in as login

RUBRIC = {"problem_solving": 4, "code_quality": 3, "communication": 5, "testing": 2}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from demo_platform(tmp_path_factory, "retention")


def set_clock(platform: Platform, moment: datetime) -> None:
    (platform.data_dir / "test-clock-offset").write_text(
        str((moment - datetime.now(UTC)).total_seconds())
    )


def test_retention_deletes_files_of_old_interviews_only(platform: Platform) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    admin = login(platform, "admin", "admin-demo-pass")
    old = alice.api(
        "POST",
        "interviews",
        {
            "title": "Old",
            "date": "2027-01-04",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
        },
    ).json()["interview"]["id"]
    recent = alice.api(
        "POST",
        "interviews",
        {
            "title": "Recent",
            "date": "2027-03-01",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
        },
    ).json()["interview"]["id"]
    for interview_id in (old, recent):
        folder = platform.data_dir / "archive" / interview_id
        (folder / "history").mkdir(parents=True)
        (folder / "interview.ipynb").write_text("{}")
        (folder / "history" / "ystore.db").write_bytes(b"x" * 1024)
    set_clock(platform, datetime(2027, 3, 20, tzinfo=UTC))
    assert admin.api("GET", "retention").json() == {"days": 365}
    saved = admin.api("PUT", "retention", {"days": 30})
    assert saved.status_code == 200 and saved.json()["purged"] == [old]
    assert not (platform.data_dir / "archive" / old).exists()
    assert (platform.data_dir / "archive" / recent / "interview.ipynb").exists()
    assert alice.api("GET", f"interviews/{old}").json()["title"] == "Old"  # the record stays
    assert alice.api("PUT", "retention", {"days": 1}).status_code == 403
    assert admin.api("PUT", "retention", {"days": 0}).status_code == 422
    (platform.data_dir / "test-clock-offset").unlink()


def test_deleting_a_candidate_keeps_scores_without_their_name(platform: Platform) -> None:
    ghost = Browserless(platform)
    ghost.signup("ghost", "correct-horse-battery", "ghost@example.org")
    ghost.login("ghost", "correct-horse-battery")
    ghost.open_service()
    assert ghost.api("POST", "me/role", {"role": "candidate"}).status_code == 201
    ghost.close()
    alice = login(platform, "alice", "alice-demo-pass")
    admin = login(platform, "admin", "admin-demo-pass")
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": "Ghost round",
            "date": "2027-05-10",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "ghost",
        },
    ).json()["interview"]["id"]
    set_clock(platform, datetime(2027, 5, 10, 10, 5, tzinfo=UTC))  # live: ghost's tab hides
    ghost = Browserless(platform)
    ghost.login("ghost", "correct-horse-battery")
    ghost.open_service()
    away = ghost.api("POST", f"interviews/{iid}/signals", {"kind": "away", "seconds": 30})
    assert away.status_code == 200, away.text
    ghost.close()
    set_clock(platform, datetime(2027, 5, 10, 12, 0, tzinfo=UTC))
    assert (
        alice.api(
            "PUT",
            f"interviews/{iid}/feedback",
            {"rating": 4, "rubric": RUBRIC, "comments": "ok", "recommendation": "yes"},
        ).status_code
        == 200
    )
    deleted = admin.api("DELETE", "users/ghost")
    assert deleted.status_code == 200, deleted.text
    alias = deleted.json()["replaced_by"]
    assert alias.startswith("deleted-") and "ghost" not in alias
    after = alice.api("GET", f"interviews/{iid}").json()
    assert after["candidate"] == alias
    rows = alice.api("GET", "reviews").json()["items"]
    assert next(r for r in rows if r["id"] == iid)["rating"] == 4.0
    assert "ghost" not in alice.api("GET", "interviews").text
    report = alice.client.get(f"/services/interviews/interviews/{iid}/report")
    assert report.status_code == 200 and "ghost" not in report.text
    assert f"{alias}'s tab was hidden for 30 s" in html.unescape(report.text)
    assert admin.api("DELETE", "users/ghost").status_code == 404
    assert alice.api("DELETE", "users/carol").status_code == 403
    (platform.data_dir / "test-clock-offset").unlink()
