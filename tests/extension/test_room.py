"""The interview room in a real JupyterLab, with the interviews service replaced by a stub."""

from __future__ import annotations

import json
import re
import time
import urllib.error
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import SOLUTION, Lab, shot, start_lab, stop_lab
from .stub_service import token_for

RIGHT_TAB = ".jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id='{}']"
LEFT_TAB = ".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='{}']"


def wait_for(predicate: Any, timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def page_config(page: Page) -> dict[str, Any]:
    text = page.locator("#jupyter-config-data").text_content() or "{}"
    config: dict[str, Any] = json.loads(text)
    return config


def open_tab(page: Page, widget_id: str) -> None:
    tab = page.locator(RIGHT_TAB.format(widget_id))
    if "lm-mod-current" not in (tab.get_attribute("class") or ""):
        tab.click()
    expect(page.locator(f"#{widget_id}")).to_be_visible()


# ---------------------------------------------------------------------- server extension


def test_config_endpoint_needs_the_servers_auth(lab: Lab) -> None:
    config = lab.api("GET", "interview/config")
    assert config["interview_id"] == "iv-stub-1"
    assert config["service_url"] == "/services/interviews/"
    assert config["notebook"] == "interview.ipynb"
    assert config["poll_interval_s"] == 2
    with pytest.raises(urllib.error.HTTPError) as refused:
        lab.api("GET", "interview/config", token=False)
    assert refused.value.code == 403


def test_lab_is_configured_for_interviews(lab: Lab) -> None:
    settings = lab.api("GET", "lab/api/settings/@jupyterlab/apputils-extension:notification")
    # our overrides.d file changes the schema's defaults
    defaults = {k: v.get("default") for k, v in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"
    assert defaults["checkForUpdates"] is False
    # the server side of news is off as well (LabApp.news_url = None)
    news = lab.api("GET", "lab/api/news")
    assert news["news"] == []


# ---------------------------------------------------------------------- the room, candidate


def test_candidate_room_with_stub_service(lab: Lab, open_room: Any) -> None:
    page = open_room("cand")

    # the interview notebook opens on load, in front
    current = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")
    expect(current).to_contain_text("interview.ipynb")
    expect(page.locator(".jp-NotebookPanel .jp-Cell").nth(2)).to_contain_text("def solve")

    # our panels are in the right sidebar; the notes panel is not offered to a candidate
    for widget_id in ("interview-problem", "interview-timer", "interview-participants"):
        expect(page.locator(RIGHT_TAB.format(widget_id))).to_be_visible()
    expect(page.locator(RIGHT_TAB.format("interview-notes"))).to_have_count(0)

    # the Problem panel is shown first, with the statement rendered from Markdown
    problem = page.locator("#interview-problem")
    expect(problem).to_be_visible()
    expect(problem.locator(".jp-InterviewProblem-statement h1")).to_have_text("Pair with target")
    expect(problem.locator(".jp-InterviewProblem-statement strong")).to_have_text("target")
    expect(problem.locator(".jp-InterviewProblem-statement code").first).to_have_text("n")
    expect(problem.locator(".jp-InterviewProblem-test summary")).to_have_text(
        ["sample-1", "sample-2"]
    )
    expect(problem.locator(".jp-InterviewProblem-meta")).to_contain_text("python")

    # news and the extension manager are off
    disabled = page_config(page)["disabledExtensions"]
    assert "@jupyterlab/extensionmanager-extension" in disabled
    assert "@jupyterlab/apputils-extension:announcements" in disabled
    expect(page.locator(LEFT_TAB.format("extensionmanager.main-view"))).to_have_count(0)
    expect(page.locator(".jp-toast-message", has_text="news")).to_have_count(0)
    shot(page, "candidate-problem")

    # Run tests sends the problem's solution cell (without its %%writefile line, without the
    # notebook's own test cell); hidden tests come back as counts only
    problem.locator(".jp-InterviewProblem-run").click()
    expect(problem.locator(".jp-InterviewResults-hiddenCount")).to_have_text(
        "Hidden tests: 3 / 5 passed"
    )
    expect(problem.locator(".jp-InterviewResults-table tbody tr[data-test]")).to_have_count(2)
    expect(problem.locator(".jp-InterviewResults-hidden")).to_have_count(0)
    expect(problem.locator(".jp-InterviewProblem-runStatus")).to_contain_text("run by you")
    shot(page, "candidate-results")
    state = lab.stub_state()
    (job,) = state["grades"]
    assert job["by"] == "cand"
    assert job["body"] == {
        "interview_id": "iv-stub-1",
        "problem": "pair-with-target",
        "language": "python",
        "source": SOLUTION,
    }

    # every call carried the person's service cookie and the service's XSRF token
    api_calls = [e for e in state["log"] if "/api/" in e["path"]]
    assert {e["path"].rsplit("/api/", 1)[1] for e in api_calls} >= {
        "xsrf",
        "me",
        "interviews/iv-stub-1",
        "problems/pair-with-target",
        "grade",
        "grade/1",
    }
    for entry in api_calls:
        if not entry["path"].endswith(("/xsrf", "/events")):
            assert entry["xsrf"] == token_for("cand"), entry
    assert not any(e["path"].endswith("/notes") for e in state["log"])

    # timer and participants
    open_tab(page, "interview-timer")
    expect(page.locator(".jp-InterviewTimer-clock")).to_have_text(re.compile(r"^(4[0-9]|50):\d\d$"))
    expect(page.locator(".jp-InterviewTimer-end")).to_be_hidden()
    open_tab(page, "interview-participants")
    people = page.locator(".jp-InterviewParticipants-list li")
    expect(people.filter(has_text="cand (you)")).to_have_attribute("data-present", "true")
    expect(people.filter(has_text="ivy")).to_have_attribute("data-present", "false")
    expect(people.filter(has_text="ivy")).to_contain_text("interviewer")
    # presence comes from jupyter-collaboration's awareness: this standalone server names its
    # browser user with a random id (under the hub it is the hub name), listed as a guest
    expect(people.filter(has_text="guest").first).to_have_attribute("data-present", "true")
    shot(page, "candidate-participants")


def test_timer_warns_in_the_last_five_minutes_with_stub_service(lab: Lab, open_room: Any) -> None:
    lab.stub_change(ends_in_s=240)
    page = open_room("cand")
    open_tab(page, "interview-timer")
    clock = page.locator(".jp-InterviewTimer-clock")
    expect(clock).to_have_text(re.compile(r"^[34]:\d\d$"))
    expect(clock).to_have_class(re.compile("jp-mod-warning"))
    expect(page.locator(".jp-toast-message", has_text="minutes left")).to_be_visible()
    shot(page, "timer-warning")


# ---------------------------------------------------------------------- the room, interviewer


def test_interviewer_notes_and_end_with_stub_service(lab: Lab, open_room: Any) -> None:
    candidate = open_room("cand")
    page = open_room("ivy")

    # notes: offered to the panel, autosaved to the service
    notes_tab = page.locator(RIGHT_TAB.format("interview-notes"))
    expect(notes_tab).to_be_visible()
    open_tab(page, "interview-notes")
    text = page.locator(".jp-InterviewNotes-text")
    expect(text).to_be_enabled()
    text.fill("Strong start; asked about duplicates.")
    wait_for(
        lambda: (
            lab.stub_state()["notes"].get("ivy", {}).get("text")
            == "Strong start; asked about duplicates."
        ),
        what="the notes to be saved",
    )
    expect(page.locator(".jp-InterviewNotes-saved")).to_contain_text("Saved")
    shot(page, "interviewer-notes")

    # an interviewer sees hidden tests in detail
    open_tab(page, "interview-problem")
    page.locator(".jp-InterviewProblem-run").click()
    expect(page.locator(".jp-InterviewResults-hidden")).to_have_count(5)
    shot(page, "interviewer-results")

    # End interview: confirm, the service ends it, every room shows it
    open_tab(page, "interview-timer")
    shot(page, "interviewer-timer")
    page.locator(".jp-InterviewTimer-end").click()
    page.locator(".jp-Dialog .jp-mod-warn", has_text="End interview").click()
    expect(page.locator(".jp-InterviewTimer-clock")).to_have_text("Ended")
    assert lab.stub_state()["ended_by"] == "ivy"
    expect(page.locator(".jp-InterviewTimer-end")).to_be_hidden()
    shot(page, "interviewer-ended")
    # (the workspace is the server's, shared by everyone: the candidate's sidebar may show any
    # panel, so bring the Problem panel to the front first)
    open_tab(candidate, "interview-problem")
    expect(
        candidate.locator("#interview-problem .jp-InterviewNotice", has_text="has ended")
    ).to_be_visible()
    expect(candidate.locator(".jp-InterviewProblem-run")).to_be_disabled()
    shot(candidate, "candidate-ended")


# ---------------------------------------------------------------------- without INTERVIEW_ID


@pytest.fixture(scope="module")
def lab_without_env(lab_venv: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    started, process = start_lab(lab_venv, tmp_path_factory.mktemp("lab-noenv"), False)
    yield started
    stop_lab(process)


def test_interview_id_from_the_notebook_with_stub_service(
    lab_without_env: Lab, open_room: Any
) -> None:
    # the server does not know its interview; the notebook the service wrote does
    assert lab_without_env.api("GET", "interview/config")["interview_id"] == ""
    page = open_room("cand", lab_without_env)
    expect(page.locator("#interview-problem .jp-InterviewProblem-statement h1")).to_have_text(
        "Pair with target"
    )
    log = lab_without_env.stub_state()["log"]
    assert any(e["path"].endswith("/api/interviews/iv-stub-1") for e in log)
