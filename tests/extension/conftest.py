"""The room as it runs: the real platform (hub + proxy + interviews service) and a real
`jupyter lab` with our extension on ANOTHER port, so the lab is another origin than the service,
exactly as with subdomains; Debian chromium through Playwright.

The lab runs from a cached venv (``labenv.py``: JupyterLab 4.6.6, jupyter-collaboration 5.0.4 and
the extension's wheel, rebuilt when the sources change), with token auth and no hub: the person is
known to the service by their service cookie, which the panels' iframes carry.
``INTERVIEWS_EXTRA_FRAME_ORIGINS`` lets the lab's origin frame the panels.
"""

from __future__ import annotations

import json
import os
import secrets
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

from tests.support.platform import Platform, free_port
from tests.support.platform import signed_in as login
from tests.support.room import SLUG, WRONG, config_with_frame_origins, live_interview

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

# JupyterLab's first load on a busy 2-core machine takes several seconds
expect.set_options(timeout=30_000)


def notebook(interview_id: str, solution: str = WRONG) -> dict[str, Any]:
    """A notebook shaped like the one the service writes (cell ids, ``interview.id``)."""
    cells = [
        ("markdown", "brief", "# Room panels"),
        ("markdown", f"{SLUG}-statement", "# Add two numbers\n\nSee the Problem panel."),
        ("code", f"{SLUG}-solution", f"%%writefile solution_{SLUG}.py\n" + solution),
        ("code", f"{SLUG}-tests", "# the notebook's own runner of the visible tests"),
    ]
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


@dataclass
class Lab:
    url: str
    origin: str
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

    def notebook_cells(self) -> list[dict[str, Any]]:
        model = self.api("GET", "api/contents/interview.ipynb")
        cells: list[dict[str, Any]] = model["content"]["cells"]
        return cells


@pytest.fixture(scope="session")
def lab_venv() -> Path:
    venv, seconds = ensure_lab_env()
    if seconds:
        print(f"\nbuilt the lab environment in {seconds:.0f} s: {venv}")
    return venv


@pytest.fixture(scope="module")
def lab_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, lab_port: int) -> Iterator[Platform]:
    """The real platform; the lab's origin (and the same port on localhost, another origin used
    by the wrong-origin test) may frame the panels."""
    data = tmp_path_factory.mktemp("room-platform")
    origins = f"http://127.0.0.1:{lab_port},http://localhost:{lab_port}"
    p = Platform(
        data,
        env={"DEMO_ACCOUNTS": "1", "INTERVIEWS_TEST_CLOCK": "1"},
        config_file=config_with_frame_origins(data, origins),
    ).start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def interview(platform: Platform) -> str:
    alice = login(platform, "alice", "alice-demo-pass")
    try:
        return live_interview(platform, alice, "carol")
    finally:
        alice.close()


def start_lab(
    venv: Path,
    base: Path,
    port: int,
    service_url: str,
    interview_id: str,
    interview_env: bool,
    *,
    extra_args: tuple[str, ...] = (),
    token: str = "",
) -> tuple[Lab, subprocess.Popen[bytes]]:
    """Start (or, on the same ``base`` and ``token``, restart) a lab on ``port``."""
    root = base / "root"
    root.mkdir(exist_ok=True)
    if not (root / "interview.ipynb").exists():
        (root / "interview.ipynb").write_text(json.dumps(notebook(interview_id)))
    config = base / "config"
    config.mkdir(exist_ok=True)
    token = token or secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "HOME": str(base),
        "INTERVIEWS_SERVICE_URL": service_url,
    }
    for name in ("JUPYTERHUB_API_TOKEN", "INTERVIEW_ID", "PYTHONPATH"):
        env.pop(name, None)
    if interview_env:
        env["INTERVIEW_ID"] = interview_id
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
            *extra_args,
        ],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    started = Lab(
        url=f"http://127.0.0.1:{port}/",
        origin=f"http://127.0.0.1:{port}",
        token=token,
        root=root,
        log=log,
    )
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


@pytest.fixture(scope="module")
def lab(
    lab_venv: Path,
    tmp_path_factory: pytest.TempPathFactory,
    lab_port: int,
    platform: Platform,
    interview: str,
) -> Iterator[Lab]:
    """The room as the platform starts it: INTERVIEW_ID and the service's absolute URL in the
    server's environment."""
    started, process = start_lab(
        lab_venv,
        tmp_path_factory.mktemp("lab"),
        lab_port,
        platform.service_url,
        interview,
        interview_env=True,
    )
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


PASSWORDS = {
    "carol": "carol-demo-pass",
    "alice": "alice-demo-pass",
    "bob": "bob-demo-pass1",
    "admin": "admin-demo-pass",
}


def sign_in(context: BrowserContext, platform: Platform, user: str) -> None:
    """Sign in on the hub's form and visit the service once, so its cookie is set."""
    page = context.new_page()
    page.goto(f"{platform.url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(PASSWORDS[user])
    page.locator("#login_submit").click()
    page.wait_for_url(f"{platform.service_url}**")
    page.close()


@pytest.fixture
def open_room(
    lab: Lab, platform: Platform, browser: Browser, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """open_room(user) → (context, page): the lab as that person, signed in to the platform."""
    contexts: list[BrowserContext] = []
    pages: list[tuple[str, Page]] = []

    def make(user: str) -> tuple[BrowserContext, Page]:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        sign_in(context, platform, user)
        page = context.new_page()
        pages.append((user, page))
        return context, page

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for user, page in pages:
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}-{user}.png"))
    for context in contexts:
        context.close()


def goto_lab(page: Page, lab: Lab) -> None:
    # on a busy machine jupyter-collaboration may ask whether to keep waiting for the
    # notebook, and keeps asking after it has loaded: answer it whenever it blocks an action
    slow = page.locator(".jp-Dialog", has_text="taking some time to load")
    page.add_locator_handler(
        slow, lambda dialog: dialog.get_by_role("button", name="Continue waiting").click()
    )
    page.goto(f"{lab.url}lab?token={lab.token}")
    expect(page.locator(".jp-NotebookPanel .jp-Cell").nth(2)).to_contain_text("writefile")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"extension-{name}.png"))
