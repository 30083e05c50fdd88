"""Stream (getstream.io) as the video provider: tokens minted by the service with the
``getstream`` SDK, calls created through Stream's API, and the bundled JavaScript SDK.

Stream cannot be reached from here: the tokens are checked by decoding them, the API calls by
a local double of Stream's API (``stream_double.py``; every test that talks to it says so in
its name), and the browser test follows the call token up to Stream's join request, since
Stream's media servers have no double. The call itself is not tested.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from playwright.async_api import Playwright

from interview_hub.service.domain.stream_video import call_id, user_id
from tests.support.platform import Browserless, Platform
from tests.video.netns import Netns
from tests.video.stream_double import StreamDouble
from tests.video.support import (
    SERVICE,
    api_as,
    end_interview,
    launch_participant,
    platform_env,
    schedule_live,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
API_KEY = "ip-test-key"
SECRET = "ip-test-secret-0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def double(netns: Netns) -> Iterator[StreamDouble]:
    found = netns.call(StreamDouble(API_KEY, SECRET).start)
    yield found
    netns.call(found.stop)


@pytest.fixture(scope="module")
def splatform(
    netns: Netns, double: StreamDouble, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    env = platform_env(None) | {
        "STREAM_API_KEY": API_KEY,
        "STREAM_API_SECRET": SECRET,
        "STREAM_BASE_URL": double.url,
        "STREAM_LOCATION_HINT_URL": f"{double.url}/hint",
    }
    platform = Platform(tmp_path_factory.mktemp("stream-platform"), env=env)
    netns.call(platform.start)
    yield platform
    netns.call(platform.stop)


@pytest.fixture(scope="module")
def logins(netns: Netns, splatform: Platform) -> Iterator[dict[str, Browserless]]:
    names = ("admin", "alice", "bob", "carol", "dave")
    found = {n: netns.call(api_as, splatform, n) for n in names}
    yield found
    for who in found.values():
        who.close()


@pytest.fixture(scope="module")
def interview(netns: Netns, splatform: Platform) -> str:
    return netns.call(schedule_live, splatform)


def session(netns: Netns, who: Browserless, interview_id: str) -> tuple[int, dict]:
    response = netns.call(who.api, "GET", f"interviews/{interview_id}/video/stream")
    return response.status_code, response.json()


def test_call_token_is_scoped_to_the_call_and_expires_with_it_stream_api_double(
    netns: Netns, logins: dict[str, Browserless], interview: str
) -> None:
    before = int(time.time())
    status, body = session(netns, logins["carol"], interview)
    assert status == 200, body
    assert body["provider"] == "stream" and body["api_key"] == API_KEY
    assert body["call"] == {
        "type": "default",
        "id": call_id(interview),
        "cid": f"default:{call_id(interview)}",
    }
    assert body["user"] == {"id": user_id("carol"), "name": "carol"}
    claims = jwt.decode(body["token"], SECRET, algorithms=["HS256"])
    assert claims["user_id"] == user_id("carol")
    assert claims["call_cids"] == [f"default:{call_id(interview)}"]
    assert claims["role"] == "call_member"
    assert "server" not in claims
    # the interview ends 65 minutes from now (starts in 5, lasts 60), plus 5 minutes' grace
    lifetime = claims["exp"] - before
    assert 69 * 60 <= lifetime <= 70 * 60 + 5, lifetime
    assert abs(body["expires_at"] - claims["exp"]) <= 2
    assert claims["iat"] <= int(time.time())
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(body["token"], SECRET + "x", algorithms=["HS256"])


def test_interviewers_get_the_host_role_and_their_own_user_stream_api_double(
    netns: Netns, logins: dict[str, Browserless], interview: str
) -> None:
    status, body = session(netns, logins["bob"], interview)
    assert status == 200, body
    claims = jwt.decode(body["token"], SECRET, algorithms=["HS256"])
    assert claims["user_id"] == user_id("bob") != user_id("carol")
    assert claims["role"] == "host"
    assert body["role"] == "interviewer"


def test_stream_user_ids_are_valid_and_distinct() -> None:
    import re

    names = ["carol", "Carol", "carol.smith", "carol smith", "carol@example.org", "x" * 200]
    ids = {user_id(n) for n in names}
    assert len(ids) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", i) for i in ids), ids


def test_call_is_created_once_on_the_stream_api_double_with_participants_as_members(
    netns: Netns, logins: dict[str, Browserless], interview: str, double: StreamDouble
) -> None:
    assert session(netns, logins["carol"], interview)[0] == 200
    path = f"/api/v2/video/call/default/{call_id(interview)}"
    created = double.wait_for("POST", path)
    # server-side credentials: the API key and a JWT signed with the secret, no user in it
    assert created.query["api_key"] == API_KEY
    assert created.claims is not None and "user_id" not in created.claims
    data = created.body["data"]
    assert data["created_by_id"] == user_id("alice")
    members = {m["user_id"]: m["role"] for m in data["members"]}
    # alice scheduled it and sits on the panel with bob
    assert members == {
        user_id("carol"): "call_member",
        user_id("bob"): "host",
        user_id("alice"): "host",
    }
    assert data["custom"]["interview"] == interview
    limits = data["settings_override"]["limits"]
    assert limits["max_participants"] == 3
    assert 65 * 60 < limits["max_duration_seconds"] <= 70 * 60 + 5
    users = double.wait_for("POST", "/api/v2/users").body["users"]
    assert set(users) == {user_id("carol"), user_id("bob"), user_id("alice")}
    assert users[user_id("carol")]["custom"] == {"interview_role": "candidate"}
    # more joins do not create it again
    assert session(netns, logins["bob"], interview)[0] == 200
    assert double.count("POST", path) == 1


def test_others_cannot_get_a_token_for_the_call(
    netns: Netns, logins: dict[str, Browserless], interview: str
) -> None:
    status, body = session(netns, logins["dave"], interview)  # another candidate
    assert status == 404, body
    status, body = session(netns, logins["admin"], interview)  # staff, not on the panel
    assert (status, body["reason"]) == (403, "not_participant")
    anonymous = Browserless(logins["carol"].platform)
    try:
        response = netns.call(
            anonymous.api, "GET", f"interviews/{interview}/video/stream", xsrf=False
        )
        assert response.status_code in (401, 403), response.text
        assert "token" not in response.text
    finally:
        anonymous.close()


def test_stream_api_double_down_gives_a_502_with_a_message_and_a_retry_works(
    netns: Netns, splatform: Platform, logins: dict[str, Browserless], double: StreamDouble
) -> None:
    other = netns.call(schedule_live, splatform)
    double.fail_next = 1
    status, body = session(netns, logins["carol"], other)
    assert status == 502, body
    assert body["reason"] == "stream_unavailable"
    assert "Stream" in body["message"] and "STREAM_API_KEY" in body["message"]
    status, body = session(netns, logins["carol"], other)
    assert status == 200, body


def test_call_is_ended_on_the_stream_api_double_when_the_interview_ends(
    netns: Netns, splatform: Platform, logins: dict[str, Browserless], double: StreamDouble
) -> None:
    other = netns.call(schedule_live, splatform)
    assert session(netns, logins["carol"], other)[0] == 200
    netns.call(end_interview, splatform, other)
    ended = double.wait_for("POST", f"/api/v2/video/call/default/{call_id(other)}/mark_ended")
    assert ended.claims is not None and "user_id" not in ended.claims
    status, body = session(netns, logins["carol"], other)
    assert (status, body["reason"]) == (409, "not_live")


def test_call_page_bundles_streams_sdk_and_joins_the_stream_api_double_with_the_call_token(
    netns: Netns,
    pw: Playwright,
    splatform: Platform,
    double: StreamDouble,
    interview: str,
    media_dir: Path,
) -> None:
    """The browser part up to Stream's join request (no SFU here, so no media)."""

    async def scenario() -> tuple[list[str], str, dict]:
        carol = await launch_participant(pw, splatform, "carol", media_dir)
        requests: list[str] = []
        assert carol.page is not None
        page = carol.page
        page.on("request", lambda r: requests.append(r.url))
        try:
            await page.goto(f"{SERVICE}interviews/{interview}/call")
            await page.locator("#call-provider").wait_for()
            await page.locator("#lobby-join").wait_for()
            await page.wait_for_function("() => !document.getElementById('lobby-join').disabled")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(SCREENSHOTS / "video__stream-lobby.png"))
            await page.locator("#lobby-join").click()
            ended = page.locator("#call-ended-text")
            await ended.wait_for(timeout=60_000)
            text = await ended.text_content() or ""
            await page.screenshot(path=str(SCREENSHOTS / "video__stream-no-sfu.png"))
            info = await page.evaluate(
                "() => ({stream: window.ip.video.current instanceof window.ip.video.StreamCall,"
                " provider: window.ip.video.current.provider,"
                " state: window.ip.video.current.state})"
            )
            return requests, text, info
        finally:
            await carol.browser.close()

    requests, text, info = netns.run(scenario())
    assert (info["stream"], info["provider"], info["state"]) == (True, "stream", "ended"), info
    # every request went to the platform or to the configured Stream API, none to a CDN
    origins = {"/".join(u.split("/", 3)[:3]) for u in requests if u.startswith("http")}
    assert origins <= {splatform.url.rstrip("/"), double.url}, origins
    assert any(u.endswith("/static/build/stream-video.js") for u in requests), requests
    # the SDK authenticated the coordinator socket with the call token the service minted
    auth = double.wait_for("WS", "/video/connect")
    assert auth.query["api_key"] == API_KEY
    assert auth.claims is not None and auth.claims["user_id"] == user_id("carol")
    assert auth.claims["call_cids"] == [f"default:{call_id(interview)}"]
    joined = double.wait_for("POST", f"/video/call/default/{call_id(interview)}/join")
    assert joined.claims is not None and joined.claims["user_id"] == user_id("carol")
    # and, with no media server to reach, the page says so instead of hanging
    assert "Could not join the call through Stream" in text, text


def test_room_video_panel_loads_the_stream_bundle(
    netns: Netns, logins: dict[str, Browserless], interview: str
) -> None:
    """The room's Video call panel is the same lobby and call: with Stream configured it
    loads the bundled SDK and joins through it."""
    carol = logins["carol"]
    response = netns.call(carol.client.get, f"/services/interviews/room/{interview}/panel/call")
    assert response.status_code == 200, response.text
    assert 'data-provider="stream"' in response.text
    assert "static/build/stream-video.js" in response.text
    assert "cdn" not in response.text.lower()


def test_without_stream_keys_the_stream_endpoint_says_it_is_not_configured(
    netns: Netns, vplatform: Platform
) -> None:
    carol = netns.call(api_as, vplatform, "carol")
    try:
        live = netns.call(schedule_live, vplatform)
        response = netns.call(carol.api, "GET", f"interviews/{live}/video/stream")
        assert response.status_code == 404, response.text
        assert response.json()["reason"] == "stream_not_configured"
        assert "STREAM_API_KEY" in response.json()["message"]
    finally:
        carol.close()


def test_double_refuses_a_token_signed_with_another_secret(double: StreamDouble) -> None:
    """The double checks signatures, so the assertions above that rely on it can fail."""
    forged = jwt.encode({"user_id": user_id("carol")}, "not-the-secret" * 4, algorithm="HS256")
    with pytest.raises(jwt.InvalidSignatureError):
        double.verify(forged)
