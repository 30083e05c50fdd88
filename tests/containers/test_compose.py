"""docker-compose.yml brought up by podman-compose inside a network namespace this test makes:
hub + PostgreSQL on the compose network, an interview server spawned as a sibling container."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.containers.conftest import build_image
from tests.support.needs import require
from tests.support.platform import ROOT, VENV_BIN


def _compose_tool() -> str:
    found = shutil.which("podman-compose") or str(VENV_BIN / "podman-compose")
    return found if Path(found).exists() else ""


@pytest.fixture(scope="module")
def netns() -> Iterator[str]:
    """A fresh network namespace (loopback only), held by a sleeping process."""
    require(
        shutil.which("unshare") and shutil.which("nsenter"), "util-linux unshare/nsenter missing"
    )
    holder = subprocess.Popen(["unshare", "--net", "sleep", "infinity"])
    path = f"/proc/{holder.pid}/ns/net"
    deadline = time.monotonic() + 5
    while os.readlink(path) == os.readlink("/proc/self/ns/net"):
        assert time.monotonic() < deadline, "unshare did not make a namespace"
        time.sleep(0.05)
    subprocess.run(["nsenter", f"--net={path}", "ip", "link", "set", "lo", "up"], check=True)
    yield path
    holder.kill()
    holder.wait()


@pytest.fixture(scope="module")
def compose(
    podman_env: dict[str, str], netns: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[list[str], dict[str, str], str]]:
    tool = _compose_tool()
    require(tool, "podman-compose is not installed (pip install -e '.[containers]')")
    env = dict(podman_env)
    for name in ("postgres", "hub"):
        build_image(env, name)
    # the hub spawns this image: build it here too (another module may not have yet, on a
    # fresh machine's image store), and name it rather than rely on :latest
    singleuser, _, _ = build_image(env, "singleuser")
    data = tmp_path_factory.mktemp("compose-data")
    env.update(
        CONTAINER_IMAGE=singleuser,
        CONTAINERS_CONF=str(Path(env["PODMAN_SERVICE_DIR"]) / "containers.conf"),
        CONTAINER_SOCKET=env["CONTAINER_API_URL"].removeprefix("unix://"),
        DATA_DIR=str(data),
        POSTGRES_PASSWORD=secrets.token_hex(12),
        DEMO_ACCOUNTS="1",
    )
    project = f"ivtest{secrets.token_hex(3)}"
    command = ["nsenter", f"--net={netns}", tool, "-p", project,
               "-f", str(ROOT / "docker-compose.yml")]  # fmt: skip
    try:
        # podman-compose waits for a dependency that never starts (e.g. netavark failing to
        # set up the network) without end: bound it
        up = subprocess.run(
            [*command, "up", "-d"], env=env, capture_output=True, text=True, timeout=300
        )
    except subprocess.TimeoutExpired as stuck:
        subprocess.run([*command, "down", "-v"], env=env, capture_output=True, timeout=120)
        pytest.fail(f"podman-compose up did not finish in 300 s: {stuck.stderr!r:.3000}")
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    yield command, env, project
    down = subprocess.run([*command, "down", "-v"], env=env, capture_output=True, text=True)
    assert down.returncode == 0, down.stderr[-3000:]


def test_compose_hub_spawns_a_sibling_container(
    compose: tuple[list[str], dict[str, str], str], netns: str
) -> None:
    command, env, project = compose
    began = time.monotonic()
    client = subprocess.run(
        [
            "nsenter",
            f"--net={netns}",
            str(VENV_BIN / "python"),
            "-m",
            "tests.containers.compose_client",
            "http://127.0.0.1:8000",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    logs = subprocess.run([*command, "logs", "hub"], env=env, capture_output=True, text=True)
    assert client.returncode == 0, client.stderr[-3000:] + logs.stdout[-4000:]
    result = json.loads(client.stdout.strip().splitlines()[-1])
    print(f"compose: up -> server stopped in {time.monotonic() - began:.1f} s, {result}")
    assert result["lab"] and result["status"] == 200 and result["stopped"] in (202, 204)
    # the hub keeps its database in the compose PostgreSQL
    ps = subprocess.run(
        ["podman", "exec", f"{project}_postgres_1", "psql", "-h", "/run/postgresql", "-p", "5432",
         "-U", "interviews", "-tAc",
         "select count(*) from users where name = 'carol'"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert ps.stdout.strip() == "1", ps.stdout + ps.stderr
