"""A real hub + proxy + service whose spawner is BwrapSpawner, and helpers to run servers.

Needs root, bubblewrap, util-linux (setpriv, mount) and e2fsprogs; the single-user venv is built
(or found in the cache) by ``scripts/build-singleuser-env``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.spawners.jupyter_ws import Kernel, Terminal
from tests.support.needs import require
from tests.support.platform import Browserless, Platform, singleuser_venv_path

#: small limits so that the bombs are quick; the test asserts against these numbers
LIMITS = {
    "mem_limit": "768M",
    "pids_limit": 200,
    "cpu_limit": 1.0,
    "disk_limit": "256M",
    "tmp_size": "64M",
}
CONFIG = """
from interview_hub.hubconfig import configure
from interview_hub.spawners import configure_bwrap

c = get_config()  # noqa: F821
configure_bwrap(c, configure(c), **{limits})
"""


def _missing() -> str:
    if os.geteuid() != 0:
        return "BwrapSpawner tests need root (cgroups, uids, loop mounts)"
    for tool in ("bwrap", "setpriv", "mkfs.ext4", "mount"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return ""


@pytest.fixture(scope="module")
def singleuser_venv() -> str:
    missing = _missing()
    require(not missing, missing)
    return singleuser_venv_path()


@pytest.fixture(scope="module")
def bwrap_platform(
    tmp_path_factory: pytest.TempPathFactory, singleuser_venv: str
) -> Iterator[Platform]:
    data = tmp_path_factory.mktemp("bwrap")
    config = data / "jupyterhub_config.py"
    config.write_text(CONFIG.format(limits=json.dumps(LIMITS)))
    platform = Platform(
        data,
        env={"DEMO_ACCOUNTS": "1", "SINGLEUSER_VENV": singleuser_venv},
        config_file=config,
    ).start()
    yield platform
    if platform.process is not None:
        _stop_all_servers(platform)
    platform.stop()


def _stop_all_servers(platform: Platform, timeout: float = 60) -> None:
    """Servers outlive the hub (cleanup_servers=False): stop them before the hub goes."""
    platform.stop_servers(timeout)


@pytest.fixture(scope="module")
def admin_token(bwrap_platform: Platform) -> str:
    admin = Browserless(bwrap_platform)
    try:
        admin.login("admin", "admin-demo-pass")
        return admin.token("admin", "bwrap tests")
    finally:
        admin.close()


@dataclass
class Server:
    platform: Platform
    token: str
    owner: str
    name: str

    @property
    def base(self) -> str:
        return f"{self.platform.url}/user/{self.owner}/{self.name}/"

    @property
    def api(self) -> str:
        return f"{self.platform.url}/hub/api/users/{self.owner}/servers/{self.name}"

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=60, headers={"Authorization": f"token {self.token}"})

    async def model(self) -> dict[str, Any]:
        async with self.client() as client:
            response = await client.get(f"{self.platform.url}/hub/api/users/{self.owner}")
            response.raise_for_status()
            return dict(response.json()["servers"].get(self.name) or {})

    async def state(self) -> dict[str, Any]:
        return dict((await self.model()).get("state") or {})

    async def start(self) -> Server:
        """Ask the hub to spawn, then follow the progress stream until the server is ready."""
        async with self.client() as client:
            response = await client.post(self.api, json={})
            assert response.status_code in (201, 202), response.text
            if response.status_code == 202:
                async with client.stream("GET", f"{self.api}/progress") as events:
                    async for line in events.aiter_lines():
                        if line.startswith("data:") and json.loads(line[5:]).get("ready"):
                            break
        model = await self.model()
        assert model.get("ready"), model
        return self

    async def stop(self) -> None:
        """Stop; the hub answers 202 while stopping, then the server disappears from the model."""
        async with self.client() as client:
            response = await client.delete(self.api)
            assert response.status_code in (202, 204), response.text
        deadline = time.monotonic() + 30
        # the hub answers 204 once stopped (BwrapSpawner stops in ~1 s, well inside the hub's
        # slow_stop_timeout); 202 only if it took longer, and the hub has no stop event to await
        while await self.model() and time.monotonic() < deadline:
            await asyncio.sleep(0.2)

    async def status(self) -> int:
        async with self.client() as client:
            return (await client.get(f"{self.base}api/status")).status_code

    async def kernel(self, name: str = "python3") -> Kernel:
        return await Kernel(self.base, self.token, name=name).start()

    async def terminal(self) -> Terminal:
        return await Terminal(self.base, self.token).start()


@pytest.fixture(scope="module")
async def server_a(bwrap_platform: Platform, admin_token: str) -> AsyncIterator[Server]:
    server = await Server(bwrap_platform, admin_token, "carol", "iv-a").start()
    yield server
    if await server.model():
        await server.stop()


@pytest.fixture(scope="module")
async def server_b(bwrap_platform: Platform, admin_token: str) -> AsyncIterator[Server]:
    server = await Server(bwrap_platform, admin_token, "dave", "iv-b").start()
    yield server
    if await server.model():
        await server.stop()


def host_processes_of(uid: int) -> list[int]:
    """Every host process running as ``uid`` (real uid)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("Uid:") and int(line.split()[1]) == uid:
                    found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found


async def processes_gone(uid: int, within: float = 5.0) -> list[str]:
    """Wait until no host process runs as ``uid``; killed tasks finish exiting asynchronously
    (no event to await), so poll briefly. Returns what is left (pid and state)."""
    deadline = time.monotonic() + within
    while (left := host_processes_of(uid)) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    described = []
    for pid in left:
        try:
            status = Path(f"/proc/{pid}/status").read_text().splitlines()
            described.append(f"{pid} {status[0]} {status[2]}")
        except OSError:
            continue
    return described


def mounts_containing(text: str) -> list[str]:
    return [line for line in Path("/proc/self/mountinfo").read_text().splitlines() if text in line]
