"""BwrapSpawner lifecycle on a real hub: stop leaves nothing behind, hub restarts re-attach."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest

from tests.spawners.conftest import (
    Server,
    host_processes_of,
    mounts_containing,
    processes_gone,
)
from tests.support.platform import Platform

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_stop_leaves_no_process_cgroup_or_mount(
    bwrap_platform: Platform, admin_token: str
) -> None:
    server = await Server(bwrap_platform, admin_token, "carol", "iv-stop").start()
    state = await server.state()
    uid = int(state["uid"])
    kernel = await server.kernel()
    out = await kernel.run(
        "import subprocess, time\n"
        "subprocess.Popen(['setsid', 'nohup', 'sleep', '1000'], start_new_session=True)\n"
        "subprocess.Popen('(sleep 1000 &) &', shell=True)\n"
        "count = lambda: subprocess.run(['pgrep', '-c', 'sleep'], capture_output=True).stdout\n"
        "deadline = time.monotonic() + 10\n"
        "while count().strip() != b'2' and time.monotonic() < deadline: time.sleep(0.05)\n"
        "print(count().decode())"
    )
    assert out.stdout.strip() == "2", out
    await kernel.close()
    assert host_processes_of(uid)
    await server.stop()
    assert await processes_gone(uid) == []
    assert not any(Path(p).exists() for p in state["cgroup"].values())
    assert not mounts_containing(f"/interview-sandboxes/{uid}-")
    assert not mounts_containing("/servers/carol/iv-stop/")


async def test_sandbox_survives_a_hub_restart_and_is_reattached(
    bwrap_platform: Platform, admin_token: str
) -> None:
    server = await Server(bwrap_platform, admin_token, "dave", "iv-restart").start()
    before = await server.state()
    kernel = await server.kernel()
    assert (await kernel.run("x = 41; x + 1")).result == "42"
    await kernel.close()
    bwrap_platform.restart()
    after = await server.state()
    assert after["pid"] == before["pid"] and after["forward_port"] == before["forward_port"]
    assert await server.status() == 200  # through the proxy and the re-created forwarder
    kernel.ws = None
    await kernel.connect()  # same kernel process, same variables: nothing restarted
    assert (await kernel.run("x + 1")).result == "42"
    await kernel.close()
    await server.stop()


async def test_hub_forgets_a_sandbox_that_died_while_it_was_down(
    bwrap_platform: Platform, admin_token: str
) -> None:
    server = await Server(bwrap_platform, admin_token, "dave", "iv-gone").start()
    state = await server.state()
    bwrap_platform.stop()
    for pid in (Path(state["cgroup"]["pids"]) / "cgroup.procs").read_text().split():
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGKILL)
    bwrap_platform.start()
    assert await server.model() == {}
    assert not any(Path(p).exists() for p in state["cgroup"].values())
    assert not mounts_containing(f"/interview-sandboxes/{state['uid']}-")
    assert await processes_gone(int(state["uid"])) == []
