"""Authorisation matrix of every scheduling endpoint and page, for seven kinds of caller."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.support.platform import Browserless, Platform

ACTORS = (
    "anonymous",
    "candidate",
    "other_candidate",
    "interviewer_off_panel",
    "panel_interviewer",
    "reviewer",
    "admin",
)
LOGINS = {
    "candidate": ("carol", "carol-demo-pass"),
    "other_candidate": ("dave", "dave-demo-pass1"),
    "interviewer_off_panel": ("bob", "bob-demo-pass1"),
    "panel_interviewer": ("alice", "alice-demo-pass"),
    "admin": ("admin", "admin-demo-pass"),
}


@pytest.fixture(scope="module")
def people(platform: Platform) -> Iterator[dict[str, Browserless]]:
    who: dict[str, Browserless] = {"anonymous": Browserless(platform)}
    for actor, (name, password) in LOGINS.items():
        person = Browserless(platform)
        person.login(name, password)
        person.open_service()
        who[actor] = person
    rita = Browserless(platform)
    assert "successful" in rita.signup("rita", "correct-horse-battery", "rita@example.org")
    rita.login("rita", "correct-horse-battery")
    rita.open_service()
    granted = who["admin"].api("PUT", "users/rita/role", {"role": "reviewer", "reason": "hiring"})
    assert granted.status_code == 200, granted.text
    who["reviewer"] = rita
    yield who
    for person in who.values():
        person.close()


def new_interview(people: dict[str, Browserless]) -> dict[str, Any]:
    day = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d")
    response = people["panel_interviewer"].api(
        "POST",
        "interviews",
        {
            "title": "Matrix",
            "date": day,
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
        },
    )
    assert response.status_code == 201, response.text
    interview: dict[str, Any] = response.json()["interview"]
    return interview


@pytest.fixture(scope="module")
def shared(people: dict[str, Browserless]) -> dict[str, Any]:
    return new_interview(people)


def call(
    people: dict[str, Browserless], actor: str, method: str, path: str, body: Any = None
) -> httpx.Response:
    person = people[actor]
    if path.startswith("api/"):
        return person.api(method, path[4:], body, xsrf=actor != "anonymous")
    return person.client.request(method, f"/services/interviews/{path}", follow_redirects=False)


SAFE = {
    # (method, path template) → expected status per actor, in ACTORS order
    ("GET", "api/interviews"): (401, 200, 200, 200, 200, 200, 200),
    ("GET", "api/interviews/{id}"): (401, 200, 404, 200, 200, 200, 200),
    ("GET", "api/interviews/{id}/invite.ics"): (401, 200, 404, 200, 200, 200, 200),
    ("GET", "api/outbox"): (401, 403, 403, 403, 403, 403, 200),
    ("POST", "api/interviews/{id}/end"): (401, 403, 404, 403, 409, 403, 409),
    ("GET", "interviews/new"): (302, 403, 403, 200, 200, 403, 200),
    ("GET", "interviews/{id}"): (302, 200, 404, 200, 200, 200, 200),
    ("GET", "dashboard"): (302, 403, 403, 200, 200, 200, 200),
    ("GET", "outbox"): (302, 403, 403, 403, 403, 403, 200),
    ("GET", "m/{code}"): (302, 409, 403, 403, 409, 403, 403),
}
MUTATING = {
    ("POST", "api/interviews"): (401, 403, 403, 201, 201, 403, 201),
    ("PATCH", "api/interviews/{id}"): (401, 403, 404, 403, 200, 403, 200),
    ("DELETE", "api/interviews/{id}"): (401, 403, 404, 403, 200, 403, 200),
}


def _cases(table: dict[tuple[str, str], tuple[int, ...]]) -> list[Any]:
    return [
        pytest.param(method, path, actor, expected[i], id=f"{method} {path} as {actor}")
        for (method, path), expected in table.items()
        for i, actor in enumerate(ACTORS)
    ]


@pytest.mark.parametrize(("method", "path", "actor", "expected"), _cases(SAFE))
def test_read_only_matrix(
    people: dict[str, Browserless],
    shared: dict[str, Any],
    method: str,
    path: str,
    actor: str,
    expected: int,
) -> None:
    code = shared["meeting_url"].rsplit("/", 1)[1]
    response = call(people, actor, method, path.format(id=shared["id"], code=code))
    assert response.status_code == expected, response.text[:300]
    if expected >= 400 and path.startswith("api/"):
        assert {"message", "reason"} <= response.json().keys()
    if expected == 302:
        assert "/hub/api/oauth2/authorize" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path", "actor", "expected"), _cases(MUTATING))
def test_mutating_matrix(
    people: dict[str, Browserless], method: str, path: str, actor: str, expected: int
) -> None:
    target = new_interview(people)
    day = (datetime.now(UTC) + timedelta(days=4)).strftime("%Y-%m-%d")
    body: dict[str, Any] = {"reason": "matrix"} if method == "DELETE" else {"title": "Changed"}
    if method == "POST":
        body = {
            "title": "By " + actor,
            "date": day,
            "time": "11:00",
            "timezone": "UTC",
            "duration_min": 30,
            "candidate": "dave",
        }
    response = call(people, actor, method, path.format(id=target["id"]), body)
    assert response.status_code == expected, response.text[:300]
    after = people["panel_interviewer"].api("GET", f"interviews/{target['id']}").json()
    if method != "POST" and expected >= 400:
        assert after["title"] == "Matrix" and after["status"] == "upcoming"  # nothing changed


def test_candidate_payloads_never_name_other_candidates(
    people: dict[str, Browserless], shared: dict[str, Any]
) -> None:
    dave_only = people["panel_interviewer"].api(
        "POST",
        "interviews",
        {
            "title": "Dave's",
            "date": (datetime.now(UTC) + timedelta(days=5)).strftime("%Y-%m-%d"),
            "time": "12:00",
            "timezone": "UTC",
            "duration_min": 30,
            "candidate": "dave",
        },
    )
    assert dave_only.status_code == 201
    listing = people["candidate"].api("GET", "interviews").text
    assert "dave" not in listing and "Dave's" not in listing
    home = call(people, "candidate", "GET", "").text
    assert "Dave&#39;s" not in home and "dave" not in home
