"""The notebook's control cell submits for grading with the interview server's own token.

Real hub, proxy, service and BwrapSpawner: the service starts the interview's server and writes
the notebook; the test reads the server's JUPYTERHUB_API_TOKEN from the running server process
(as root), runs the notebook's solution and control cells in a real ipykernel of the single-user
environment (with ipywidgets) and presses "Submit for grading" through the widget object.

The kernel runs on the host for most tests here (its environment is set by the test); the last
test runs the same cells in a kernel of the sandboxed server itself, where the spawner forwards
the service's API into the sandbox (docs/isolation.md).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.kernels.client import Kernel
from tests.spawners.conftest import _missing
from tests.support.needs import require
from tests.support.platform import (
    ROOT,
    Platform,
    demo_platform,
    singleuser_venv_path,
    small_bank,
    token_client,
)
from tests.support.platform import signed_in as login

SLUG = "balanced-brackets"
SOLUTION = (ROOT / "problems" / SLUG / "solutions" / "python.py").read_text()
WRONG = (ROOT / "problems" / SLUG / "wrong" / "python.py").read_text()
START = datetime(2027, 11, 2, 10, 0, tzinfo=UTC)
SERVER = "interview"


@pytest.fixture(scope="module")
def singleuser_venv() -> str:
    missing = _missing()
    require(not missing, missing)
    return singleuser_venv_path()


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_bank(tmp_path_factory, SLUG)


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, singleuser_venv: str, bank: Path
) -> Iterator[Platform]:
    yield from demo_platform(
        tmp_path_factory,
        "nbgrading",
        env={
            "INTERVIEW_SERVERS": "1",
            "SINGLEUSER_VENV": singleuser_venv,
            "PREWARM_MINUTES": "5",
            "PROBLEMS_DIR": str(bank),
        },
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


def server_token(owner: str) -> str:
    """The running server's JUPYTERHUB_API_TOKEN, read from its process (we are root)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            env = dict(
                item.split("=", 1)
                for item in (entry / "environ").read_bytes().decode().split("\0")
                if "=" in item
            )
        except (OSError, UnicodeDecodeError):
            continue
        if env.get("JUPYTERHUB_USER") == owner and env.get("JUPYTERHUB_SERVER_NAME") == SERVER:
            return env["JUPYTERHUB_API_TOKEN"]
    return ""


@pytest.fixture(scope="module")
def room(platform: Platform) -> Iterator[dict[str, Any]]:
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    admin = login(platform, "admin", "admin-demo-pass")
    hub = token_client(platform, admin.token("admin"))
    created = alice.api(
        "POST",
        "interviews",
        {
            "title": "Widget",
            "date": "2027-11-02",
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
            "problems": [SLUG],
            "language": "python",
        },
    )
    assert created.status_code == 201, created.text
    iid = created.json()["interview"]["id"]
    (platform.data_dir / "test-clock-offset").write_text(
        str((START - timedelta(minutes=5) - datetime.now(UTC)).total_seconds())
    )

    # the candidate opens the room: the service starts the server and writes the notebook
    opened = wait_for(
        lambda: (r := carol.api("POST", f"interviews/{iid}/server").json()).get("ready") and r,
        180,
        "the interview's server",
    )
    path = opened["url"].split("/user/", 1)[1].split("/")
    account = path[0]
    assert path[1] == SERVER, opened
    notebook_url = f"/user/{account}/{SERVER}/api/contents/interview.ipynb"
    notebook = wait_for(
        lambda: (r := hub.get(notebook_url)).status_code == 200 and r.json()["content"],
        60,
        "the interview notebook",
    )
    token = wait_for(lambda: server_token(account), 30, "the server's token")
    yield {
        "id": iid,
        "owner": account,
        "notebook": notebook,
        "token": token,
        "carol": carol,
        "alice": alice,
    }
    for who in (alice, carol, admin):
        who.close()
    hub.close()


@pytest.fixture(scope="module")
def kernel(
    room: dict[str, Any], platform: Platform, singleuser_venv: str, tmp_path_factory: Any
) -> Iterator[Kernel]:
    """A real ipykernel of the single-user environment, with the server's token."""
    from jupyter_client.manager import start_new_kernel

    prefix = tmp_path_factory.mktemp("kernelspec")
    spec = prefix / "kernels" / "nbgrading"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    f"{singleuser_venv}/bin/python",
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "nbgrading",
                "language": "python",
                "env": {
                    "JUPYTERHUB_API_TOKEN": room["token"],
                    "INTERVIEWS_API_URL": f"{platform.service_url}api/",
                },
            }
        )
    )
    work = tmp_path_factory.mktemp("kernel-cwd")
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(prefix)
    try:
        manager, client = start_new_kernel(
            kernel_name="nbgrading", startup_timeout=60, cwd=str(work)
        )
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old
    started = Kernel("nbgrading", manager, client)
    yield started
    started.shutdown()


def cell(notebook: dict[str, Any], cell_id: str) -> str:
    return str(next(c for c in notebook["cells"] if c["id"] == cell_id)["source"])


def submit_in_kernel(kernel: Kernel, room: dict[str, Any], source: str) -> dict[str, Any]:
    solution = cell(room["notebook"], f"{SLUG}-solution").split("\n", 1)[0] + "\n" + source
    assert kernel.run(solution).status == "ok"
    out = kernel.run(
        "import json\n_r = interview_control.submit()\n"
        "print(json.dumps({'result': _r, 'status': interview_control.status.value,"
        " 'table': interview_control.results.value,"
        " 'progress': interview_control.progress.value}))",
        timeout=180,
    )
    assert out.status == "ok", (out.ename, out.evalue, out.stderr)
    shown: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return shown


def test_the_notebook_has_the_control_cell_and_nothing_secret(room: dict[str, Any]) -> None:
    text = json.dumps(room["notebook"])
    assert "Submit for grading" in text and "Run visible tests" in text
    hidden = ROOT / "problems" / SLUG / "tests" / "hidden"
    for path in sorted(hidden.glob("*.in")):
        content = path.read_text()
        if len(content) > 12 and path.stat().st_size <= 4096:
            assert json.dumps(content)[1:-1] not in text, path.name
    assert json.dumps(SOLUTION)[1:-1] not in text


def test_submit_from_the_widget_in_a_kernel(kernel: Kernel, room: dict[str, Any]) -> None:
    shown = kernel.run(cell(room["notebook"], "interview-control"))
    assert shown.status == "ok", (shown.ename, shown.evalue)
    assert any(kind == "display_data" for _, kind, _ in shown.messages)  # the widget view

    good = submit_in_kernel(kernel, room, SOLUTION)
    result = good["result"]
    assert result is not None, good["status"]
    assert result["verdict"] == "Accepted" and "Accepted" in good["status"]
    assert set(result["hidden"]) == {"passed", "total"}  # counts only, never which
    assert result["hidden"]["passed"] == result["hidden"]["total"] > 0
    assert good["progress"] == 3 and "<table>" in good["table"]
    assert f"{result['hidden']['passed']}/{result['hidden']['total']}" in good["table"]

    bad = submit_in_kernel(kernel, room, WRONG)
    assert bad["result"]["hidden"]["passed"] < bad["result"]["hidden"]["total"]
    assert "Wrong Answer" in bad["status"] and "tests" not in bad["result"]["hidden"]


# (before the next test: it uses up this interview's notebook submissions for a minute)
def test_submit_from_the_widget_inside_the_sandbox(
    room: dict[str, Any], platform: Platform
) -> None:
    """The same control cell in a kernel of the sandboxed interview server itself: the spawner
    forwards the service's API into the sandbox (INTERVIEWS_API_URL) and the kernel holds the
    server's own token."""
    import asyncio

    from tests.spawners.jupyter_ws import Kernel as RemoteKernel

    admin = login(platform, "admin", "admin-demo-pass")
    token = admin.token("admin", "sandbox kernel")
    admin.close()
    base = f"{platform.url}/user/{room['owner']}/{SERVER}/"
    solution = cell(room["notebook"], f"{SLUG}-solution").split("\n", 1)[0] + "\n" + SOLUTION

    async def run() -> str:
        kernel = await RemoteKernel(base, token).start()
        try:
            for code in (solution, cell(room["notebook"], "interview-control")):
                done = await kernel.run(code, timeout=120)
                assert done.status == "ok", done
            shown = await kernel.run(
                "import json, os\n_r = interview_control.submit()\n"
                "print(json.dumps({'url': os.environ.get('INTERVIEWS_API_URL', ''),"
                " 'result': _r, 'status': interview_control.status.value}))",
                timeout=240,
            )
            assert shown.status == "ok", shown
            return shown.stdout
        finally:
            await kernel.close()

    out = json.loads(asyncio.run(run()).strip().splitlines()[-1])
    assert out["url"].startswith("http://127.0.0.1:"), out  # the forwarded service port
    assert out["result"] is not None, out
    assert out["result"]["verdict"] == "Accepted", out
    assert set(out["result"]["hidden"]) == {"passed", "total"}
    assert "Accepted" in out["status"]


def test_the_token_grades_only_its_own_interview(room: dict[str, Any], platform: Platform) -> None:
    body = {"interview_id": room["id"], "problem": SLUG, "language": "python", "source": ""}
    with token_client(platform, room["token"]) as server:
        api = "/services/interviews/api/"
        other = server.post(f"{api}grade", json={**body, "interview_id": "someoneelse"})
        assert other.status_code == 404 and room["id"] in other.json()["message"]
        missing = server.post(f"{api}grade", json={**body, "problem": "count-islands"})
        assert missing.status_code == 404
        # nothing else of the service opens to this token
        assert server.get(f"{api}interviews").status_code in (401, 403)
        assert server.get(f"{api}problems/{SLUG}").status_code in (401, 403)
        # a run of the candidate (cookie) shows in the candidate's view only
        job = room["carol"].api("POST", "grade", {**body, "source": WRONG}).json()["id"]
        seen = wait_for(
            lambda: (j := server.get(f"{api}grade/{job}").json())["status"] == "done" and j,
            120,
            "the candidate's run",
        )
        assert set(seen["result"]["hidden"]) == {"passed", "total"}
        assert server.get(f"{api}grade/999999").status_code == 404

        # one at a time, then at most 10 per minute
        slow = server.post(f"{api}grade", json={**body, "source": "import time; time.sleep(1)"})
        assert slow.status_code == 202, slow.text
        busy = server.post(f"{api}grade", json=body)
        assert busy.status_code == 429 and busy.json()["reason"] == "run_in_progress"
        refused = None
        for _ in range(12):
            previous = slow.json()["id"]
            wait_for(
                lambda: server.get(f"{api}grade/{previous}").json()["status"] == "done",  # noqa: B023
                60,
                "the previous run",
            )
            attempt = server.post(f"{api}grade", json={**body, "source": "print(1)"})
            if attempt.status_code == 429:
                refused = attempt.json()
                break
            assert attempt.status_code == 202, attempt.text
            slow = attempt
        assert refused is not None and refused["reason"] == "rate_limited"
        assert "try again in" in refused["message"]


def test_a_share_grant_is_not_a_server_token(room: dict[str, Any], platform: Platform) -> None:
    """The candidate holds access to the server through the share; a token the candidate
    makes with exactly that scope is still the candidate's, not the server's."""
    carol = room["carol"]
    made = carol.client.post(
        "/hub/api/users/carol/tokens",
        json={"scopes": [f"access:servers!server={room['owner']}/{SERVER}"], "note": "x"},
        headers={"X-XSRFToken": carol.hub_xsrf(), "Sec-Fetch-Mode": "cors"},
    )
    assert made.status_code == 201, made.text
    body = {"interview_id": room["id"], "problem": SLUG, "language": "python", "source": "1"}
    with httpx.Client(
        base_url=platform.url, headers={"Authorization": f"token {made.json()['token']}"}
    ) as client:
        refused = client.post("/services/interviews/api/grade", json=body)
    assert refused.status_code == 403 and refused.json()["reason"] == "not_an_interview_server"
