"""The interview notebook's control cell renders as ipywidgets in JupyterLab 4.6 and works.

JupyterLab of the single-user environment (ipywidgets + jupyterlab_widgets), Debian chromium:
the notebook the service generates is opened, its control cell run, "Run visible tests" pressed
(results shown), and "Submit for grading" reports plainly when the service is unreachable.
The submit against a real service is tested in tests/hub/test_notebook_grading.py.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, expect

from interview_hub.service.domain.servers import starter_notebook
from tests.support.platform import ROOT, free_port, singleuser_venv_path
from tests.unit.test_notebook_template import SLUG, as_row, interview


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    venv = singleuser_venv_path()
    root = tmp_path_factory.mktemp("lab")
    problem = as_row(SLUG)
    notebook = starter_notebook(interview("python"), [problem])  # type: ignore[arg-type]
    (root / "interview.ipynb").write_text(json.dumps(notebook))
    (root / f"solution_{SLUG}.py").write_text(problem.solutions["python"])
    home = root / ".home"
    home.mkdir()
    token = secrets.token_hex(16)
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "INTERVIEWS_API_URL": "http://127.0.0.1:9/services/interviews/api/",
        "PATH": f"{venv}/bin:/usr/bin:/bin",
    }
    env.pop("JUPYTER_PATH", None)
    process = subprocess.Popen(
        [
            f"{venv}/bin/jupyter-lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ],
        cwd=root,
        env=env,
        stdout=(root / ".home" / "lab.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # startup: no event to wait on but the port answering
        try:
            if httpx.get(f"{url}/api/status", params={"token": token}).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert process.poll() is None, (root / ".home" / "lab.log").read_text()[-3000:]
        time.sleep(0.2)
    yield f"{url}/lab/tree/interview.ipynb?token={token}"
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_control_cell_renders_and_runs_the_visible_tests(browser: Browser, lab: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(lab)
        cell = page.locator(".jp-CodeCell", has_text="Interview control")
        expect(cell).to_be_visible(timeout=90_000)
        # under load the kernel and the shared document take a while: run the cell only once
        # the kernel is idle and the click has made the cell the active one
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        expect(idle).to_be_visible(timeout=120_000)
        handle = cell.element_handle()  # (its text may scroll out of CodeMirror's view)
        cell.locator(".jp-InputArea-editor").click()
        page.wait_for_function("cell => cell.classList.contains('jp-mod-active')", arg=handle)
        page.keyboard.press("Shift+Enter")
        # (CodeMirror renders only the visible lines of a long cell: find the widget by its
        # own elements, not by the cell's source)
        view = page.locator(".jp-OutputArea-output", has=page.locator(".widget-button"))
        run = view.get_by_role("button", name="Run visible tests")
        submit = view.get_by_role("button", name="Submit for grading")
        expect(run).to_be_visible(timeout=90_000)
        expect(submit).to_be_visible()
        expect(view.get_by_role("combobox", name="Problem")).to_contain_text(SLUG)

        run.click()
        total = len(as_row(SLUG).visible)
        expect(view.get_by_text(f"Visible tests: {total}/{total} passed")).to_be_visible()
        expect(view.locator("table tr")).to_have_count(total + 1)

        submit.click()
        expect(view.get_by_text("Submit failed")).to_be_visible()
        expect(view.get_by_text("not reachable from this server")).to_be_visible()
        expect(submit).to_be_enabled()
    except Exception:
        shots = ROOT / "test-artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "notebook-widget.png"), full_page=True)
        raise
    finally:
        context.close()


def test_lab_serves_the_widgets_extension(lab: str) -> None:
    base, _, query = lab.partition("/lab/tree/interview.ipynb?")
    page = httpx.get(f"{base}/lab?{query}", timeout=30).text
    assert "@jupyter-widgets/jupyterlab-manager" in page
