"""The room's panel pages (handlers/room_panels.py): who sees which panel, what each contains,
and which origins may frame them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.platform import Browserless, Platform
from tests.support.platform import signed_in as login
from tests.support.room import (
    HIDDEN_MARKERS,
    SECOND_SLUG,
    SLUG,
    config_with_frame_origins,
    live_interview,
)

LAB_ORIGIN = "http://127.0.0.1:9"
ACTORS = ("anonymous", "candidate", "other_candidate", "off_panel", "panel", "admin")
LOGINS = {
    "candidate": ("carol", "carol-demo-pass"),
    "other_candidate": ("dave", "dave-demo-pass1"),
    "off_panel": ("bob", "bob-demo-pass1"),
    "panel": ("alice", "alice-demo-pass"),
    "admin": ("admin", "admin-demo-pass"),
}
#: expected status per panel, in ACTORS order
MATRIX = {
    "problem": (302, 200, 404, 403, 200, 200),
    "notes": (302, 403, 404, 403, 200, 200),
    "timer": (302, 200, 404, 403, 200, 200),
    "participants": (302, 200, 404, 403, 200, 200),
    "call": (302, 200, 404, 403, 200, 200),
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    data = tmp_path_factory.mktemp("panels")
    p = Platform(
        data,
        env={"DEMO_ACCOUNTS": "1", "INTERVIEWS_TEST_CLOCK": "1"},
        config_file=config_with_frame_origins(data, f"{LAB_ORIGIN}, http://localhost:9"),
    ).start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def people(platform: Platform) -> Iterator[dict[str, Browserless]]:
    who = {"anonymous": Browserless(platform)}
    for actor, (name, password) in LOGINS.items():
        who[actor] = login(platform, name, password)
    yield who
    for person in who.values():
        person.close()


@pytest.fixture(scope="module")
def interview(platform: Platform, people: dict[str, Browserless]) -> str:
    interview_id = live_interview(platform, people["panel"], "carol")
    saved = people["panel"].api(
        "PUT", f"interviews/{interview_id}/notes", {"text": "PANEL-ONLY-NOTE strong on tests"}
    )
    assert saved.status_code == 200, saved.text
    return interview_id


def panel(who: Browserless, interview_id: str, name: str, **params: str) -> httpx.Response:
    return who.client.get(
        f"/services/interviews/room/{interview_id}/panel/{name}",
        params=params,
        follow_redirects=False,
    )


def page_data(response: httpx.Response) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="ip-data">(.*?)</script>', response.text)
    assert found, response.text[:2000]
    data: dict[str, Any] = json.loads(found.group(1))
    return data


@pytest.mark.parametrize(
    ("name", "actor", "expected"),
    [
        pytest.param(name, actor, codes[i], id=f"{name} as {actor}")
        for name, codes in MATRIX.items()
        for i, actor in enumerate(ACTORS)
    ],
)
def test_who_sees_which_panel(
    people: dict[str, Browserless], interview: str, name: str, actor: str, expected: int
) -> None:
    response = panel(people[actor], interview, name)
    assert response.status_code == expected, response.text[:500]
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    if expected == 302:
        return
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("frame-ancestors 'self'"), csp
    assert LAB_ORIGIN in csp
    assert "X-Frame-Options" not in response.headers
    if expected == 200:
        assert page_data(response)["panel"] == name
    if expected == 403:
        # a compact page in the panel's layout, frameable so that the lab can show it
        assert 'id="error-message"' in response.text and "<nav" not in response.text
    if actor != "panel" and actor != "admin":
        assert "PANEL-ONLY-NOTE" not in response.text


def test_frame_origins(people: dict[str, Browserless], interview: str, platform: Platform) -> None:
    alice = people["panel"]
    default = page_data(panel(alice, interview, "timer"))
    # without ?origin= the page talks to the interview server's origin
    assert default["parent_origin"].startswith("http")
    csp = panel(alice, interview, "timer").headers["Content-Security-Policy"]
    assert default["parent_origin"] in csp and "http://localhost:9" in csp
    chosen = page_data(panel(alice, interview, "timer", origin=LAB_ORIGIN))
    assert chosen["parent_origin"] == LAB_ORIGIN
    refused = panel(alice, interview, "timer", origin="https://evil.example")
    assert refused.status_code == 400
    assert "may not embed this panel" in refused.text
    unknown = panel(alice, interview, "video")
    assert unknown.status_code == 404 and "No panel" in unknown.text
    assert panel(alice, "no-such-interview", "timer").status_code == 404


def test_every_other_page_refuses_frames(people: dict[str, Browserless], interview: str) -> None:
    alice = people["panel"]
    for response in (
        alice.client.get("/services/interviews/"),
        alice.client.get(f"/services/interviews/interviews/{interview}"),
        alice.api("GET", "me"),
        alice.client.get("/services/interviews/no-such-page"),
        people["candidate"].client.get("/services/interviews/dashboard"),
    ):
        assert response.headers["Content-Security-Policy"] == "frame-ancestors 'self'", response.url
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_problem_panel_hides_hidden_tests_from_the_candidate(
    people: dict[str, Browserless], interview: str
) -> None:
    carol = panel(people["candidate"], interview, "problem").text
    assert "Add two numbers" in carol and "1 2" in carol
    assert "2 hidden tests also run" in carol
    for marker in HIDDEN_MARKERS:
        assert marker not in carol
    alice = panel(people["panel"], interview, "problem").text
    for marker in HIDDEN_MARKERS:
        assert marker in alice
    assert 'id="ip-add-form"' in alice and 'id="ip-add-form"' not in carol
    missing = panel(people["candidate"], interview, "problem", problem="not-in-it")
    assert missing.status_code == 404


def test_notes_panel_shows_the_interviewers_notes(
    people: dict[str, Browserless], interview: str
) -> None:
    alice = panel(people["panel"], interview, "notes")
    assert "PANEL-ONLY-NOTE strong on tests" in alice.text
    assert "readonly" not in alice.text.split('id="ip-notes"')[1].split(">")[0]
    admin = panel(people["admin"], interview, "notes")
    assert "Read only" in admin.text


def test_timer_and_participants(people: dict[str, Browserless], interview: str) -> None:
    alice = panel(people["panel"], interview, "timer")
    assert 'id="ip-end-button"' in alice.text
    carol = panel(people["candidate"], interview, "timer")
    assert 'id="ip-end-button"' not in carol.text
    data = page_data(carol)
    assert data["interview"]["status"] == "live"
    assert data["me"] == {"name": "carol", "role": "candidate"}
    who = page_data(panel(people["candidate"], interview, "participants"))["participants"]
    assert {"name": "carol", "role": "candidate"} in who
    assert {"name": "alice", "role": "interviewer"} in who


def test_the_call_panel_is_the_lobby_with_each_ones_role(
    people: dict[str, Browserless], interview: str
) -> None:
    carol = panel(people["candidate"], interview, "call")
    assert 'data-role="candidate"' in carol.text and 'id="lobby-box"' in carol.text
    assert "/static/video.js" in carol.text and "Back to the interview page" not in carol.text
    alice = panel(people["panel"], interview, "call")
    assert 'data-role="interviewer"' in alice.text


def test_problem_cells_for_the_panel_only(people: dict[str, Browserless], interview: str) -> None:
    url = f"/services/interviews/room/{interview}/panel/problem/cells/{SLUG}"
    alice = people["panel"]
    ok = alice.client.get(url, headers={"X-XSRFToken": alice.service_xsrf()})
    assert ok.status_code == 200, ok.text
    cells = ok.json()["cells"]
    assert [c["id"] for c in cells] == [f"{SLUG}-statement", f"{SLUG}-solution", f"{SLUG}-tests"]
    for marker in HIDDEN_MARKERS:
        assert marker not in ok.text
    carol = people["candidate"]
    refused = carol.client.get(url, headers={"X-XSRFToken": carol.service_xsrf()})
    assert refused.status_code == 403 and refused.json()["reason"] == "not_on_panel"
    other = alice.client.get(
        url.replace(SLUG, SECOND_SLUG), headers={"X-XSRFToken": alice.service_xsrf()}
    )
    assert other.status_code == 404 and "add it first" in other.json()["message"]
    anonymous = people["anonymous"].client.get(url)
    assert anonymous.status_code in (401, 403)
