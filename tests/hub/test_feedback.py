"""Verdicts on the real platform: blind feedback, versions, decisions, the reviewers' list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.platform import Browserless, Platform, demo_platform

RUBRIC = {"problem_solving": 4, "code_quality": 3, "communication": 5, "testing": 2}
LOGINS = {
    "alice": "alice-demo-pass",
    "bob": "bob-demo-pass1",
    "carol": "carol-demo-pass",
    "dave": "dave-demo-pass1",
    "admin": "admin-demo-pass",
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from demo_platform(tmp_path_factory, "verdicts")


@pytest.fixture(scope="module")
def people(platform: Platform) -> Iterator[dict[str, Browserless]]:
    who = {}
    for name, password in LOGINS.items():
        person = Browserless(platform)
        person.login(name, password)
        person.open_service()
        who[name] = person
    rita = Browserless(platform)
    rita.signup("rita", "correct-horse-battery", "rita@example.org")
    rita.login("rita", "correct-horse-battery")
    rita.open_service()
    assert (
        who["admin"]
        .api("PUT", "users/rita/role", {"role": "reviewer", "reason": "hiring team"})
        .status_code
        == 200
    )
    who["rita"] = rita
    yield who
    for person in who.values():
        person.close()


START = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)


def interview(
    people: dict[str, Browserless], platform: Platform, title: str, position: str = "Backend"
) -> str:
    (platform.data_dir / "test-clock-offset").unlink(missing_ok=True)
    created = people["alice"].api(
        "POST",
        "interviews",
        {
            "title": title,
            "date": "2027-05-03",
            "time": "09:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
            "interviewers": ["bob"],
            "position": position,
        },
    )
    assert created.status_code == 201, created.text
    return str(created.json()["interview"]["id"])


def after_it(platform: Platform) -> None:
    moment = START + timedelta(hours=2)
    (platform.data_dir / "test-clock-offset").write_text(
        str((moment - datetime.now(UTC)).total_seconds())
    )


def give(who: Browserless, interview_id: str, **overrides: Any) -> Any:
    body = {
        "rating": 4,
        "rubric": RUBRIC,
        "comments": "Solid **hashing**.",
        "recommendation": "yes",
        **overrides,
    }
    return who.api("PUT", f"interviews/{interview_id}/feedback", body)


def test_feedback_opens_only_when_completed(
    people: dict[str, Browserless], platform: Platform
) -> None:
    iid = interview(people, platform, "Too early")
    early = give(people["alice"], iid)
    assert early.status_code == 409 and early.json()["reason"] == "not_completed"


def test_blind_until_you_submit_then_everyone_is_visible(
    people: dict[str, Browserless], platform: Platform
) -> None:
    iid = interview(people, platform, "Blind")
    after_it(platform)
    assert (
        give(
            people["bob"],
            iid,
            rating=2,
            recommendation="no",
            comments="Missed the **empty input**.",
        ).status_code
        == 200
    )
    before = people["alice"].api("GET", f"interviews/{iid}/feedback").json()
    assert before["others_hidden"] == 1 and before["others"] == []
    assert before["aggregate"] is None and "empty input" not in str(before)
    mine = give(people["alice"], iid).json()
    assert mine["others_hidden"] == 0 and [o["author"] for o in mine["others"]] == ["bob"]
    assert mine["aggregate"]["rating"] == 3.0 and mine["aggregate"]["count"] == 2
    # edits are versioned
    edited = give(people["alice"], iid, rating=5, comments="Even better on reflection.").json()
    assert edited["mine"]["version"] == 2 and edited["mine"]["rating"] == 5
    # reviewers see everything without submitting
    rita = people["rita"].api("GET", f"interviews/{iid}/feedback").json()
    assert {o["author"] for o in rita["others"]} == {"alice", "bob"} and not rita["can_submit"]


def test_decision_by_reviewer_and_what_the_candidate_sees(
    people: dict[str, Browserless], platform: Platform
) -> None:
    iid = interview(people, platform, "Decided", position="Data engineer")
    after_it(platform)
    give(people["alice"], iid, comments="SECRET-COMMENT")
    short = people["rita"].api(
        "POST", f"interviews/{iid}/decision", {"decision": "fail", "reason": ""}
    )
    assert short.status_code == 422
    decided = people["rita"].api(
        "POST",
        f"interviews/{iid}/decision",
        {"decision": "fail", "reason": "SECRET-REASON: weak testing"},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "failed"
    assert people["alice"].api("GET", f"interviews/{iid}").json()["status"] == "failed"
    carol = people["carol"]
    seen = carol.api("GET", f"interviews/{iid}")
    assert seen.json()["status"] == "completed"
    for text in (seen.text, carol.api("GET", "interviews").text, carol.open_service().text):
        assert "SECRET" not in text and "fail" not in text.lower().replace("failed", "")
    assert carol.api("GET", f"interviews/{iid}/feedback").status_code == 404
    assert carol.client.get(f"/services/interviews/interviews/{iid}/feedback").status_code == 404
    rows = people["rita"].api("GET", "reviews?position=data&decision=fail").json()["items"]
    assert [r["id"] for r in rows] == [iid] and rows[0]["rating"] == 4.0


def test_rubric_must_be_complete(people: dict[str, Browserless], platform: Platform) -> None:
    iid = interview(people, platform, "Rubric")
    after_it(platform)
    partial = give(people["alice"], iid, rubric={"problem_solving": 3})
    assert partial.status_code == 422 and "missing" in partial.json()["message"]
    out_of_range = give(people["alice"], iid, rubric={**RUBRIC, "testing": 9})
    assert out_of_range.status_code == 422


MATRIX = {
    # path, method → expected per actor: dave (other candidate), carol (candidate),
    # bob (panel), admin, rita (reviewer)
    ("GET", "feedback"): {"carol": 404, "dave": 404, "bob": 200, "admin": 200, "rita": 200},
    ("PUT", "feedback"): {"carol": 403, "dave": 404, "bob": 200, "admin": 403, "rita": 403},
    ("POST", "decision"): {"carol": 403, "dave": 404, "bob": 200, "admin": 200, "rita": 200},
}


@pytest.mark.parametrize(
    ("method", "what", "actor"), [(m, w, a) for (m, w), table in MATRIX.items() for a in table]
)
def test_authorisation_matrix(
    people: dict[str, Browserless], platform: Platform, method: str, what: str, actor: str
) -> None:
    iid = interview(people, platform, f"Matrix {what} {actor}")
    after_it(platform)
    body: Any = None
    if what == "feedback" and method == "PUT":
        body = {"rating": 3, "rubric": RUBRIC, "comments": "", "recommendation": "mixed"}
    if what == "decision":
        body = {"decision": "pass", "reason": "matrix check"}
    response = people[actor].api(method, f"interviews/{iid}/{what}", body)
    assert response.status_code == MATRIX[(method, what)][actor], response.text


def test_anonymous_is_refused(platform: Platform, people: dict[str, Browserless]) -> None:
    iid = interview(people, platform, "Anonymous")
    anonymous = Browserless(platform)
    response = anonymous.api("GET", f"interviews/{iid}/feedback", xsrf=False)
    assert response.status_code == 401
    anonymous.close()


def test_notes_are_private_to_the_panel_and_versioned(
    people: dict[str, Browserless], platform: Platform
) -> None:
    iid = interview(people, platform, "Notes")
    assert (
        people["alice"]
        .api("PUT", f"interviews/{iid}/notes", {"text": "NOTE-SECRET asked about hashing"})
        .status_code
        == 200
    )
    saved = people["alice"].api(
        "PUT", f"interviews/{iid}/notes", {"text": "NOTE-SECRET asked about hashing; good answer"}
    )
    assert saved.status_code == 200 and saved.json()["text"].endswith("good answer")
    bob_view = people["bob"].api("GET", f"interviews/{iid}/notes").json()
    assert bob_view["mine"]["text"] == "" and bob_view["panel"][0]["author"] == "alice"
    assert people["rita"].api("GET", f"interviews/{iid}/notes").json()["can_write"] is False
    assert people["rita"].api("PUT", f"interviews/{iid}/notes", {"text": "x"}).status_code == 403
    assert people["carol"].api("GET", f"interviews/{iid}/notes").status_code == 404
    assert people["carol"].api("PUT", f"interviews/{iid}/notes", {"text": "x"}).status_code == 404
    assert people["dave"].api("GET", f"interviews/{iid}/notes").status_code == 404
    assert "NOTE-SECRET" not in people["carol"].api("GET", f"interviews/{iid}").text
