"""A real `jupyter lab` (token auth on 127.0.0.1, no hub) with our extension, plus chromium.

The lab runs from a cached venv (``labenv.py``: JupyterLab 4.6.6, jupyter-collaboration 5.0.4 and
the extension's wheel, rebuilt when the sources change). The interviews service is replaced by
``stub_service.py``, loaded into the same server so it answers on the same origin under
``/services/interviews/`` as the real one does behind the hub's proxy: these tests cover the
room on its own; the real service and hub are covered by the browser tests on a real platform.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from .labenv import ensure_lab_env

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INTERVIEW_ID = "iv-stub-1"
SOLUTION = (
    "def solve(nums, target):\n"
    "    seen = {}\n"
    "    for i, x in enumerate(nums):\n"
    "        if target - x in seen:\n"
    "            return seen[target - x], i\n"
    "        seen[x] = i\n"
)

# JupyterLab's first load on a busy 2-core machine takes several seconds
expect.set_options(timeout=30_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def notebook(cells: list[tuple[str, str, str]], interview_id: str = INTERVIEW_ID) -> dict[str, Any]:
    """A notebook shaped like the one the service writes (cell ids, ``interview.id``)."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "interview": {"id": interview_id},
        },
        "cells": [
            {
                "cell_type": kind,
                "id": cell_id,
                "metadata": {},
                "source": source,
                **({"execution_count": None, "outputs": []} if kind == "code" else {}),
            }
            for kind, cell_id, source in cells
        ],
    }


INTERVIEW_NOTEBOOK = notebook(
    [
        ("markdown", "brief", "# Stub interview"),
        ("markdown", "pair-with-target-statement", "Pair with target: see the Problem panel."),
        (
            "code",
            "pair-with-target-solution",
            "%%writefile solution_pair-with-target.py\n" + SOLUTION,
        ),
        ("code", "pair-with-target-tests", "# the notebook's own runner of the visible tests"),
    ]
)


@dataclass
class Lab:
    url: str
    token: str
    root: Path
    log: Path

    def api(self, method: str, path: str, body: Any = None, token: bool = True) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if token:
            request.add_header("Authorization", f"token {self.token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def stub_state(self) -> dict[str, Any]:
        state: dict[str, Any] = self.api("GET", "services/interviews/_stub/state")
        return state

    def stub_change(self, **change: Any) -> None:
        self.api("POST", "services/interviews/_stub/state", change)


@pytest.fixture(scope="session")
def lab_venv() -> Path:
    venv, seconds = ensure_lab_env()
    if seconds:
        print(f"\nbuilt the lab environment in {seconds:.0f} s: {venv}")
    return venv


def start_lab(venv: Path, base: Path, interview_env: bool) -> tuple[Lab, subprocess.Popen[bytes]]:
    root = base / "root"
    root.mkdir()
    (root / "interview.ipynb").write_text(json.dumps(INTERVIEW_NOTEBOOK))
    config = base / "config"
    config.mkdir()
    # the stub service is a second server extension; ours is enabled by the wheel's config
    (config / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"stub_service": True}}})
    )
    port = free_port()
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "PYTHONPATH": str(HERE),
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "HOME": str(base),
    }
    for name in ("JUPYTERHUB_API_TOKEN", "INTERVIEW_ID", "INTERVIEWS_SERVICE_URL"):
        env.pop(name, None)
    if interview_env:
        env["INTERVIEW_ID"] = INTERVIEW_ID
    log = base / "lab.log"
    process = subprocess.Popen(
        [
            str(venv / "bin" / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--InterviewExtensionApp.poll_interval_s=2",
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    started = Lab(url=f"http://127.0.0.1:{port}/", token=token, root=root, log=log)
    deadline = time.monotonic() + 60
    while True:
        try:
            started.api("GET", "api/status")
            return started, process
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                tail = log.read_text()[-4000:]
                raise RuntimeError("jupyter lab did not start:\n" + tail) from None
            time.sleep(0.3)


def stop_lab(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def lab(lab_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The room as the platform starts it: INTERVIEW_ID in the server's environment."""
    started, process = start_lab(lab_venv, tmp_path_factory.mktemp("lab"), interview_env=True)
    yield started
    stop_lab(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # module scope: a live sync Playwright runs an event loop on the main thread, which breaks
    # asyncio tests and other Playwright users that run later in the same worker
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def open_room(lab: Lab, browser: Browser, request: pytest.FixtureRequest) -> Iterator[Any]:
    """open_room(user[, lab]) → a page showing the lab as that person of the stub service."""
    contexts: list[BrowserContext] = []
    pages: list[tuple[str, Page]] = []

    def make(user: str, where: Lab | None = None) -> Page:
        target = where or lab
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        # the service's cookie lives on the service's path, like HubOAuth's
        context.add_cookies(
            [
                {
                    "name": "stub_user",
                    "value": user,
                    "domain": "127.0.0.1",
                    "path": "/services/interviews/",
                }
            ]
        )
        page = context.new_page()
        page.goto(f"{target.url}lab?token={target.token}")
        pages.append((user, page))
        return page

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for user, page in pages:
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}-{user}.png"))
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _reset_stub(request: pytest.FixtureRequest) -> None:
    if "lab" in request.fixturenames:
        lab: Lab = request.getfixturevalue("lab")
        lab.stub_change(reset=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"extension-{name}.png"))
