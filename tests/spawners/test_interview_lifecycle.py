"""An interview's server end to end: prewarmed by the service, shared while live, then closed.

Real hub, proxy, service and BwrapSpawner; the service clock is moved, never slept on.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.spawners.jupyter_ws import Kernel
from tests.support.platform import Browserless, Platform, servers_platform, token_client
from tests.support.platform import signed_in as login

START = datetime(2027, 11, 2, 10, 0, tzinfo=UTC)
SERVER = "interview"  # every interview account runs this named server


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, singleuser_venv: str) -> Iterator[Platform]:
    yield from servers_platform(tmp_path_factory, "lifecycle", singleuser_venv)


def set_clock(platform: Platform, moment: datetime) -> None:
    (platform.data_dir / "test-clock-offset").write_text(
        str((moment - datetime.now(UTC)).total_seconds())
    )


def wait_for(check: Any, timeout: float, what: str) -> Any:
    """Poll the hub's REST API (it has no push channel for this) until ``check`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


async def in_kernel(base: str, token: str, code: str) -> str:
    kernel = await Kernel(base, token).start()
    try:
        done = await kernel.run(code)
    finally:
        await kernel.close()
    return done.stdout + done.stderr


def open_lab(who: Browserless, path: str) -> httpx.Response:
    """Open a shared server as a person: the first visit may ask to authorise it once."""
    response = who.client.get(path)
    if 'name="scopes"' in response.text and "Authorize" in response.text:
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', response.text)
        scopes = re.findall(r'name="scopes" value="([^"]+)"', response.text)
        assert xsrf, response.text[:500]
        response = who.client.post(
            str(response.url), data={"_xsrf": xsrf.group(1), "scopes": scopes}
        )
    return response


def test_prewarm_share_join_and_close(platform: Platform) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    dave = login(platform, "dave", "dave-demo-pass1")
    admin = login(platform, "admin", "admin-demo-pass")
    admin_token = admin.token("admin")
    hub = token_client(platform, admin_token)
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": "Sandboxed",
            "date": "2027-11-02",
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
        },
    ).json()["interview"]["id"]

    def server() -> dict[str, Any]:
        """The interview's server, owned by the interview's own hub account."""
        owners = hub.get("/hub/api/groups/interview-owners").json()["users"]
        if not owners:
            return {}
        assert len(owners) == 1 and re.fullmatch(r"iv-[0-9a-f]{10}", owners[0]), owners
        user = hub.get(f"/hub/api/users/{owners[0]}").json()
        return {"owner": owners[0], **((user.get("servers") or {}).get(SERVER) or {})}

    # 14 minutes before: inside prewarm (5) + join window (10), not yet live
    set_clock(platform, START - timedelta(minutes=14))
    owner = wait_for(
        lambda: server().get("ready") and server()["owner"], 90, "the prewarmed server"
    )
    base = f"/user/{owner}/{SERVER}/"
    assert hub.get(f"/hub/api/shares/{owner}/{SERVER}").json()["items"] == []  # not shared yet

    def notebook_sessions() -> list[dict[str, Any]]:
        listed = hub.get(f"{base}api/sessions")
        assert listed.status_code == 200, listed.text
        return [s for s in listed.json() if s["path"] == "interview.ipynb"]

    # prewarmed before anyone joins: the notebook is written and its kernel already runs as
    # the notebook's session (JupyterLab joins it instead of starting one)
    prewarmed = wait_for(notebook_sessions, 60, "the prewarmed notebook's kernel")
    assert len(prewarmed) == 1 and prewarmed[0]["kernel"]["name"] == "python3", prewarmed
    assert hub.get(f"{base}api/contents/interview.ipynb").status_code == 200
    assert carol.api("POST", f"interviews/{iid}/server").status_code == 409
    # nobody can sign up under (or sign in as) the interview's account
    stranger = Browserless(platform)
    assert "successful" not in stranger.signup(owner, "a-long-enough-password-1").lower()
    stranger.login(owner, "a-long-enough-password-1")
    assert "jupyterhub-hub-login" not in {c.name for c in stranger.client.cookies.jar}
    stranger.close()

    # live: the candidate opens the room and gets JupyterLab on the shared server
    set_clock(platform, START - timedelta(minutes=5))
    began = time.monotonic()
    room = carol.api("POST", f"interviews/{iid}/server").json()
    assert room["ready"] is True and room["url"].startswith(f"{base}lab/tree/")
    lab = open_lab(carol, room["url"])
    assert lab.status_code == 200 and "JupyterLab" in lab.text
    join_s = time.monotonic() - began
    notebook = hub.get(f"{base}api/contents/interview.ipynb")
    assert notebook.status_code == 200 and "Sandboxed" in notebook.text
    print(f"prewarmed join took {join_s:.2f} s")
    # the join neither wrote the notebook again nor started a second kernel
    assert [s["kernel"]["id"] for s in notebook_sessions()] == [prewarmed[0]["kernel"]["id"]]

    # the notebook's grading control reaches the service from inside the sandbox
    reached = asyncio.run(
        in_kernel(
            f"{platform.url}{base}",
            admin_token,
            "import os, urllib.request\n"
            "url = os.environ['INTERVIEWS_API_URL'] + 'health'\n"
            "print(urllib.request.urlopen(url, timeout=20).read().decode())",
        )
    )
    assert '"status":"ok"' in reached.replace(" ", ""), reached

    # nobody else gets in, and the candidate cannot manage the server
    refused = dave.client.get(f"{base}lab", follow_redirects=True)
    assert refused.status_code in (403, 404) or "/hub/login" in str(refused.url)
    carol_token = token_client(platform, carol.token("carol"))
    assert carol_token.delete(f"/hub/api/users/{owner}/servers/{SERVER}").status_code in (403, 404)
    assert carol_token.post(
        f"/hub/api/shares/{owner}/{SERVER}", json={"user": "dave"}
    ).status_code in (403, 404)
    assert server()["ready"]

    # the interviewer ends it: access goes, the server stops, within 15 s
    ended_at = time.monotonic()
    assert alice.api("POST", f"interviews/{iid}/end").status_code == 200
    wait_for(lambda: not server().get("ready"), 15, "the server to stop")
    wait_for(
        lambda: hub.get(f"/hub/api/shares/{owner}/{SERVER}").json()["items"] == [],
        15,
        "the shares to go",
    )
    print(f"access ended {time.monotonic() - ended_at:.2f} s after End interview")
    after = carol.client.get(f"{base}api/contents", headers={"Sec-Fetch-Mode": "cors"})
    assert after.status_code != 200
    for who in (alice, carol, dave, admin):
        who.close()
    hub.close()
    carol_token.close()
