"""The interview room: a real JupyterLab on one origin, framing the real service's panels from
another origin, in Debian chromium. The lab page never calls the service; the panels talk to it
through postMessage only, and nothing secret reaches the candidate's browser."""

from __future__ import annotations

import functools
import http.server
import re
import secrets
import threading
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, FrameLocator, Page, WebSocket, expect

from tests.support.platform import Platform
from tests.support.room import HIDDEN_MARKERS, SECOND_SLUG, SLUG, SOLUTION

from .conftest import Lab, goto_lab, shot

RIGHT_TAB = ".jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id='{}']"
LEFT_TAB = ".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='{}']"
NOTE = f"PANEL-SECRET-NOTE-{secrets.token_hex(4)} hesitant on edge cases"
# every message either side of the bridge, in every frame of the page
RECORD_MESSAGES = """
window.__ipMessages = [];
window.addEventListener('message', e => {
  try { window.__ipMessages.push(e.origin + ' ' + JSON.stringify(e.data)); } catch (err) {}
});
"""


class Recorder:
    """Everything the candidate's browser receives: HTTP responses of the page and its frames,
    WebSocket frames, server-sent events (through CDP; the panels' frames are same-site, so
    they share the page's renderer and its CDP session) and postMessage payloads."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.responses: list[Any] = []
        self.texts: list[str] = []
        context.on("response", lambda response: self.responses.append(response))
        page.on("websocket", self._websocket)
        page.add_init_script(RECORD_MESSAGES)
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.eventSourceMessageReceived", lambda e: self.texts.append(e["data"]))
        self.cdp.on(
            "Network.webSocketFrameReceived",
            lambda e: self.texts.append(e["response"]["payloadData"]),
        )
        self.page = page

    def _websocket(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._frame)

    def _frame(self, payload: Any) -> None:
        if isinstance(payload, bytes):
            payload = payload.decode("utf-8", "replace")
        self.texts.append(str(payload))

    def everything(self) -> str:
        bodies = []
        for response in self.responses:
            bodies.append(f"{response.status} {response.url}")
            if "text/event-stream" in (response.headers.get("content-type") or ""):
                continue  # read through CDP above
            try:
                bodies.append(response.body().decode("utf-8", "replace"))
            except Exception:  # redirects and aborted requests have no body
                continue
        for frame in self.page.frames:
            try:
                bodies.append(frame.content())
                bodies.extend(frame.evaluate("window.__ipMessages || []"))
            except Exception:  # a frame that navigated away meanwhile
                continue
        return "\n".join([*bodies, *self.texts])


def open_tab(page: Page, widget_id: str) -> None:
    tab = page.locator(RIGHT_TAB.format(widget_id))
    if "lm-mod-current" not in (tab.get_attribute("class") or ""):
        tab.click()
    expect(page.locator(f"#{widget_id}")).to_be_visible()


def panel(page: Page, name: str) -> FrameLocator:
    return page.frame_locator(f"iframe[data-panel='interview-{name}']")


def edit_solution(page: Page, source: str) -> None:
    cell = page.locator(".jp-NotebookPanel .jp-Cell").nth(2)
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(f"%%writefile solution_{SLUG}.py\n{source}")
    expect(cell.locator(".cm-content")).to_contain_text(source.splitlines()[-1])


# ---------------------------------------------------------------------- server extension


def test_config_names_the_service_on_its_own_origin(lab: Lab, platform: Platform) -> None:
    config = lab.api("GET", "interview/config")
    assert config["service_url"] == platform.service_url
    assert config["notebook"] == "interview.ipynb"
    with pytest.raises(Exception) as refused:
        lab.api("GET", "interview/config", token=False)
    assert getattr(refused.value, "code", None) == 403


def test_lab_is_configured_for_interviews(lab: Lab) -> None:
    settings = lab.api("GET", "lab/api/settings/@jupyterlab/apputils-extension:notification")
    defaults = {k: v.get("default") for k, v in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"
    assert defaults["checkForUpdates"] is False
    assert lab.api("GET", "lab/api/news")["news"] == []


# ---------------------------------------------------------------------- the room


def test_room_candidate_and_interviewer(
    lab: Lab, platform: Platform, interview: str, open_room: Any
) -> None:
    context, page = open_room("carol")
    recorder = Recorder(context, page)
    goto_lab(page, lab)
    _, ivy = open_room("alice")
    goto_lab(ivy, lab)

    # the notebook opens on join; the panels are the service's pages, on the service's origin
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")).to_contain_text(
        "interview.ipynb"
    )
    for name in ("problem", "timer", "participants"):
        frame = page.locator(f"iframe[data-panel='interview-{name}']")
        expect(frame).to_have_attribute(
            "src", re.compile("^" + re.escape(f"{platform.service_url}room/{interview}/panel/"))
        )
    expect(page.locator("#interview-status")).to_have_text(re.compile(r"^Live · \d+:\d\d left$"))
    # the interviewer's lab adds Notes once the service says who they are; the candidate's not
    expect(ivy.locator(RIGHT_TAB.format("interview-notes"))).to_be_visible()
    expect(page.locator(RIGHT_TAB.format("interview-notes"))).to_have_count(0)

    # Problem: statement and visible tests for everyone, hidden tests as a count for the candidate
    open_tab(page, "interview-problem")
    problem = panel(page, "problem")
    expect(problem.locator("header h1")).to_have_text("Add two numbers")
    expect(problem.locator("#ip-statement")).to_contain_text("print their sum")
    expect(problem.locator(".ip-visible-test summary")).to_have_text(["small", "zero"])
    expect(problem.locator("#ip-hidden-count")).to_contain_text("2 hidden tests")
    expect(problem.locator("#ip-hidden-tests")).to_have_count(0)
    open_tab(ivy, "interview-problem")
    expect(panel(ivy, "problem").locator("#ip-hidden-tests")).to_contain_text("zz-hidden-alpha")
    shot(page, "candidate-problem")

    # Run tests sends the notebook's current code: first the wrong starter, then the fix
    problem.locator("#ip-run").click()
    expect(problem.locator("#ip-hidden-summary")).to_have_text("Hidden tests: 0 / 2 passed")
    expect(problem.locator("#ip-run-status")).to_contain_text("run by you")
    edit_solution(page, SOLUTION)
    problem.locator("#ip-run").click()
    expect(problem.locator("#ip-run-status")).to_contain_text("Accepted")
    expect(problem.locator("#ip-hidden-summary")).to_have_text("Hidden tests: 2 / 2 passed")
    expect(problem.locator("tr[data-test]")).to_have_count(2)
    expect(problem.locator(".ip-hidden-result")).to_have_count(0)
    shot(page, "candidate-results")
    # ... and the interviewer sees the same run, hidden tests in detail
    theirs = panel(ivy, "problem")
    expect(theirs.locator("#ip-run-status")).to_contain_text("run by carol")
    expect(theirs.locator("#ip-hidden-summary")).to_have_text("Hidden tests: 2 / 2 passed")
    expect(theirs.locator(".ip-hidden-result")).to_have_count(2)
    shot(ivy, "interviewer-results")

    # Notes: the interviewer's, autosaved to the service
    open_tab(ivy, "interview-notes")
    notes = panel(ivy, "notes")
    notes.locator("#ip-notes").fill(NOTE)
    expect(notes.locator("#ip-notes-saved")).to_contain_text("Saved")
    shot(ivy, "interviewer-notes")

    # the AI review page is offered to the panel too, and gets the notebook's code from the lab
    open_tab(ivy, "interview-review")
    expect(panel(ivy, "review").locator("#ar-source-text")).to_contain_text(
        "the notebook's current code"
    )
    expect(page.locator(RIGHT_TAB.format("interview-review"))).to_have_count(0)

    # candidate JS framing the notes panel gets the service's 403 page
    notes_url = f"{platform.service_url}room/{interview}/panel/notes?origin={lab.origin}"
    page.evaluate(
        """url => { const f = document.createElement('iframe'); f.id = 'sneaky';
                    f.src = url; document.body.appendChild(f); }""",
        notes_url,
    )
    sneaky = page.frame_locator("#sneaky")
    expect(sneaky.locator("#error-message")).to_contain_text("panel only")
    expect(sneaky.locator("#error-message")).to_have_attribute("data-status", "403")

    # presence from the parent is shown; a panel told to talk to another origin ignores us
    open_tab(page, "interview-participants")
    people = panel(page, "participants")
    expect(people.locator("li[data-user='carol']")).to_contain_text("candidate")
    expect(people.locator("li[data-user='alice']")).to_contain_text("interviewer")
    wrong_url = f"{platform.service_url}room/{interview}/panel/participants?origin=" + (
        lab.origin.replace("127.0.0.1", "localhost")
    )
    ready_before = page.evaluate(
        'window.__ipMessages.filter(m => m.includes(\'"panel":"participants"\')).length'
    )
    page.evaluate(
        """url => { const f = document.createElement('iframe'); f.id = 'wrong';
                    f.src = url; document.body.appendChild(f); }""",
        wrong_url,
    )
    wrong = page.frame_locator("#wrong")
    expect(wrong.locator("li[data-user='carol']")).to_be_attached()
    wrong_frame = next(f for f in page.frames if "origin=http://localhost" in f.url)
    wrong_frame.wait_for_load_state("load")
    page.evaluate(
        """origin => {
          const message = {type: 'ip:presence', names: ['carol', 'alice']};
          document.querySelector("iframe[data-panel='interview-participants']")
            .contentWindow.postMessage(message, origin);
          document.getElementById('wrong').contentWindow.postMessage(message, origin);
        }""",
        platform.url,
    )
    expect(people.locator("li[data-user='alice']")).to_have_attribute("data-present", "true")
    # the wrong-origin panel got the same message but ignores it: not from its origin
    wrong_frame.wait_for_function("window.__ipMessages.some(m => m.includes('ip:presence'))")
    expect(wrong.locator("li[data-user='alice']")).to_have_attribute("data-present", "false")
    # and what it posts (ip:ready, to the origin it was told) never reaches this page
    ready_after = page.evaluate(
        'window.__ipMessages.filter(m => m.includes(\'"panel":"participants"\')).length'
    )
    assert ready_after == ready_before
    shot(page, "candidate-participants")

    # joining asks the server for nothing the room does not use: no build check, no export
    # formats (each held the server's CPU ~0.5 s while the participant waited to type)
    asked = [response.url for response in recorder.responses]
    assert any("/api/contents/interview.ipynb" in url for url in asked)
    assert not [url for url in asked if "/lab/api/build" in url or "/api/nbconvert" in url]

    # nothing secret ever reached the candidate's browser
    received = recorder.everything()
    assert "Hidden tests: 2 / 2 passed" in received  # the recorder does see the panels
    assert "zz-hidden-alpha" not in received
    for marker in (*HIDDEN_MARKERS, NOTE, "PANEL-SECRET-NOTE"):
        assert marker not in received, marker


def test_a_page_on_another_origin_cannot_frame_a_panel(
    platform: Platform, interview: str, open_room: Any, tmp_path: Path
) -> None:
    """A real page on an origin that is not allowed (same site, so the person's cookies go
    with the frame's request and the service answers 200): chromium refuses to show it."""
    _, page = open_room("carol")
    target = f"{platform.service_url}room/{interview}/panel/problem"
    (tmp_path / "evil.html").write_text(
        f'<!doctype html><iframe id="victim" src="{target}"></iframe>'
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with page.expect_response(lambda r: r.url.startswith(target)) as framed:
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/evil.html")
        assert framed.value.status == 200
        policy = framed.value.headers["content-security-policy"]
        assert policy.startswith("frame-ancestors 'self'")
        assert f":{server.server_address[1]}" not in policy
        (child,) = [f for f in page.frames if f is not page.main_frame]
        child.wait_for_load_state("load")
        # Chromium replaces a refused frame by an error document: none of the panel is there
        assert not child.url.startswith(target), child.url
        assert "ip-data" not in child.content()
    finally:
        server.shutdown()
        server.server_close()


EVIL_PAGE = """<!doctype html><script>
  // a page on another origin, framed by the lab (as candidate script could do), pretends to be
  // a panel: the lab's half of the bridge must ignore it
  window.parent.postMessage({type: 'ip:insert-problem', problem: 'evil',
    cells: [{cell_type: 'markdown', id: 'evil-1', source: 'EVIL CELL'}]}, '*');
  window.parent.postMessage({type: 'ip:state', status: 'live', ends_at: '2030-01-01T00:00:00Z',
    participants: [], viewer: {name: 'carol', role: 'interviewer'}, note: 'EVIL STATE'}, '*');
</script>"""


def test_the_lab_ignores_messages_from_other_origins(
    lab: Lab, open_room: Any, tmp_path: Path
) -> None:
    _, page = open_room("carol")
    page.add_init_script(RECORD_MESSAGES)
    goto_lab(page, lab)
    expect(page.locator("#interview-status")).to_have_text(re.compile(r"^Live"))
    (tmp_path / "evil.html").write_text(EVIL_PAGE)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.evaluate(
            """url => { const f = document.createElement('iframe'); f.src = url;
                        document.body.appendChild(f); }""",
            f"http://127.0.0.1:{server.server_address[1]}/evil.html",
        )
        # both messages arrived (our recorder saw them, before the bridge's own listener)
        page.wait_for_function("window.__ipMessages.filter(m => m.includes('EVIL')).length >= 2")
    finally:
        server.shutdown()
        server.server_close()
    expect(page.locator(".jp-NotebookPanel .jp-Cell")).to_have_count(4)
    expect(page.locator(".jp-NotebookPanel")).not_to_contain_text("EVIL CELL")
    expect(page.locator(RIGHT_TAB.format("interview-notes"))).to_have_count(0)
    expect(page.locator("#interview-status")).not_to_contain_text("2030")


def test_add_a_problem_then_end_the_interview(
    lab: Lab, platform: Platform, interview: str, open_room: Any
) -> None:
    _, page = open_room("carol")
    goto_lab(page, lab)
    _, ivy = open_room("alice")
    goto_lab(ivy, lab)
    # an interviewer adds a problem: the service records it, the interviewer's lab puts its
    # public cells into the shared notebook, every Problem panel offers it
    open_tab(ivy, "interview-problem")
    adding = panel(ivy, "problem")
    adding.locator("#ip-add summary").click()
    adding.locator("#ip-add-select").select_option(SECOND_SLUG)
    adding.get_by_role("button", name="Add to the interview").click()
    expect(adding.locator("header h1")).to_have_text("Add two again")
    for who in (ivy, page):
        expect(who.locator(".jp-NotebookPanel .jp-Cell")).to_have_count(7)
        expect(who.locator(".jp-NotebookPanel")).to_contain_text("Add two again")
    open_tab(page, "interview-problem")
    expect(panel(page, "problem").locator("#ip-problem-select option")).to_have_count(2)

    open_tab(page, "interview-timer")
    expect(panel(page, "timer").locator("#ip-clock")).to_have_text(re.compile(r"^\d+:\d\d$"))
    expect(panel(page, "timer").locator("#ip-end-button")).to_have_count(0)

    open_tab(ivy, "interview-timer")
    timer = panel(ivy, "timer")
    timer.locator("#ip-end-button").click()
    expect(timer.locator("#ip-end-confirm")).to_be_visible()
    shot(ivy, "interviewer-end-confirm")
    timer.locator("#ip-end-yes").click()
    expect(timer.locator("#ip-end-status")).to_contain_text("has ended")
    expect(timer.locator("#ip-clock")).to_have_text("Ended")
    expect(ivy.locator("#interview-status")).to_have_text("Interview completed")
    # everyone's room follows (server-sent event → the panel re-reads → ip:state)
    expect(page.locator("#interview-status")).to_have_text("Interview completed")
    expect(panel(page, "timer").locator("#ip-clock")).to_have_text("Ended")
    shot(page, "candidate-ended")
