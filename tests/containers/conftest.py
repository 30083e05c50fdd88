"""A real hub + proxy + service whose spawner is IsolatedDockerSpawner, talking to Podman's Docker
API (``podman system service``) on a socket this test session owns.

Needs root, Debian's podman (configured by scripts/podman-service: runc, cgroupfs, file events,
ulimits) and debootstrap; the single-user image is built once by ``images/build`` (the debootstrap
tarball is cached under ~/.cache/interview-platform, the images in Podman's own storage).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.spawners.conftest import Server, _stop_all_servers
from tests.support.needs import require
from tests.support.platform import ROOT, Browserless, Platform

LIMITS = {"mem_limit": "768M", "cpu_limit": 0.5, "pids_limit": 200, "disk_limit": "64M"}
CONFIG = """
from interview_hub.hubconfig import configure
from interview_hub.spawners.docker import configure_docker

c = get_config()  # noqa: F821
configure_docker(c, configure(c), **{limits})
"""


def _missing() -> str:
    if os.geteuid() != 0:
        return "container tests need root (rootful Podman, per-server uids)"
    for tool in ("podman", "debootstrap", "runc"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install podman debootstrap runc)"
    try:
        import dockerspawner  # noqa: F401
    except ImportError:
        return "dockerspawner is not installed (pip install -e '.[containers]')"
    return ""


@pytest.fixture(scope="session")
def podman_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """`podman system service` on a socket in a directory of this session."""
    missing = _missing()
    require(not missing, missing)
    env = {**os.environ, "PODMAN_SERVICE_DIR": str(tmp_path_factory.mktemp("podman"))}
    script = str(ROOT / "scripts" / "podman-service")
    url = subprocess.run(
        [script, "start"], env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout.strip()
    env["CONTAINER_API_URL"] = url
    yield env
    subprocess.run([script, "stop"], env=env, check=False)


def build_image(env: dict[str, str], which: str = "singleuser") -> tuple[str, float, str]:
    """Run images/build; returns (tag, seconds, its stderr)."""
    began = time.monotonic()
    done = subprocess.run(
        [str(ROOT / "images" / "build"), which],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1], time.monotonic() - began, done.stderr


@pytest.fixture(scope="session")
def image(podman_env: dict[str, str]) -> str:
    tag, seconds, _ = build_image(podman_env)
    print(f"images/build took {seconds:.1f} s -> {tag}")
    return tag


@pytest.fixture(scope="module")
def docker_platform(
    tmp_path_factory: pytest.TempPathFactory, podman_env: dict[str, str], image: str
) -> Iterator[Platform]:
    data = tmp_path_factory.mktemp("containers")
    config = data / "jupyterhub_config.py"
    config.write_text(CONFIG.format(limits=repr(LIMITS)))
    platform = Platform(
        data,
        env={
            "DEMO_ACCOUNTS": "1",
            "CONTAINER_API_URL": podman_env["CONTAINER_API_URL"],
            "CONTAINER_IMAGE": image,
        },
        config_file=config,
    ).start()
    yield platform
    if platform.process is not None:
        _stop_all_servers(platform)  # servers outlive the hub (cleanup_servers=False)
    platform.stop()


@pytest.fixture(scope="module")
def admin_token(docker_platform: Platform) -> str:
    admin = Browserless(docker_platform)
    try:
        admin.login("admin", "admin-demo-pass")
        return admin.token("admin", "container tests")
    finally:
        admin.close()


@pytest.fixture(scope="module")
async def server(docker_platform: Platform, admin_token: str) -> AsyncIterator[Server]:
    began = time.monotonic()
    started = await Server(docker_platform, admin_token, "carol", "iv-c").start()
    print(f"container spawn -> ready {time.monotonic() - began:.2f} s")
    yield started
    if await started.model():
        await started.stop()


def engine(podman_env: dict[str, str]) -> Any:
    import docker

    return docker.APIClient(base_url=podman_env["CONTAINER_API_URL"], version="auto")


def containers_named(podman_env: dict[str, str], name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = engine(podman_env).containers(all=True, filters={"name": name})
    return found


def data_paths(platform: Platform) -> list[Path]:
    data = platform.data_dir
    return [data / "jupyterhub.sqlite", data / "interviews.sqlite", data / "secrets"]
