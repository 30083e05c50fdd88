"""The AI review page embedded as the room's side panel would embed it (a ~350 px iframe that
receives the candidate's code by postMessage): an interviewer sees evidence, then the model's
text streaming, then the fix's sandbox badge; a candidate's browser never receives a review.

The model is a stub OpenAI-compatible server in this process (``REVIEW_PROVIDER=openai``) that
streams a fixed answer slowly, so the test sees the text arrive piece by piece and costs no
model CPU; the real model is tested in tests/review_model/test_review_stream.py.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import BrowserLog, sign_in
from tests.support.platform import ROOT, Browserless, Platform, free_port

SLUG = "balanced-brackets"
WRONG = (ROOT / "problems" / SLUG / "wrong" / "python.py").read_text()
FIX = (ROOT / "problems" / SLUG / "solutions" / "python.py").read_text()
MARKER = "Zebra-marker review"
ANSWER = (
    f"## Summary\n{MARKER}: the code fails a hidden test.\n\n"
    "## Correctness\nThe first failing test closes a bracket on an empty stack.\n\n"
    "## Complexity\nLinear, as expected.\n\n"
    "## Code quality\nReadable.\n\n"
    "## Edge cases\nAn empty stack on a closing bracket.\n\n"
    f"## Proposed fix\n```python\n{FIX}```\n"
)


class StubModel(ThreadingHTTPServer):
    """``POST /v1/chat/completions`` with ``stream: true``: ANSWER in 4-character chunks."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", free_port()), _StubHandler)
        self.requests: list[dict[str, Any]] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _StubHandler(BaseHTTPRequestHandler):
    server: StubModel

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        # the service hangs up once the fix's code block is closed: that ends the answer
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for i in range(0, len(ANSWER), 4):
                chunk = {"choices": [{"index": 0, "delta": {"content": ANSWER[i : i + 4]}}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                time.sleep(0.02)  # a model's pace: the page must show text before the end
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()


@pytest.fixture(scope="module")
def stub() -> Iterator[StubModel]:
    server = StubModel()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, stub: StubModel) -> Iterator[Platform]:
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / SLUG, bank / SLUG)
    p = Platform(
        tmp_path_factory.mktemp("ai-review"),
        env={
            "DEMO_ACCOUNTS": "1",
            "INTERVIEWS_TEST_CLOCK": "1",
            "PROBLEMS_DIR": str(bank),
            "REVIEW_PROVIDER": "openai",
            "OPENAI_BASE_URL": stub.base_url,
            "REVIEW_MODEL": "stub-model",
        },
    ).start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def interview_id(platform: Platform) -> str:
    alice = Browserless(platform)
    alice.login("alice", "alice-demo-pass")
    alice.open_service()
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": "Panel review",
            "date": "2027-10-01",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "problems": [SLUG],
        },
    ).json()["interview"]["id"]
    alice.close()
    (platform.data_dir / "test-clock-offset").write_text(
        str((datetime(2027, 10, 1, 10, 5, tzinfo=UTC) - datetime.now(UTC)).total_seconds())
    )
    return str(iid)


EMBED = """([src, width]) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.id = 'panel';
  frame.title = 'AI review';
  frame.style.width = width + 'px';
  frame.style.height = '900px';
  frame.onload = () => resolve(true);
  frame.src = src;
  document.body.prepend(frame);
})"""
FOREIGN = """([problem]) => new Promise((resolve) => {
  // a frame with an opaque origin ("null"), not on the panel's allow-list
  const evil = document.createElement('iframe');
  evil.setAttribute('sandbox', 'allow-scripts');
  evil.srcdoc = `<script>parent.frames[0].postMessage({type: 'interview-source',
    problem: '${problem}', language: 'python', source: 'print(1)'}, '*');</` + `script>`;
  evil.onload = () => resolve(true);
  document.body.append(evil);
})"""


def test_embedded_panel_streams_a_review_for_an_interviewer(
    page: Page, platform: Platform, interview_id: str, stub: StubModel, browser_log: BrowserLog
) -> None:
    sign_in(page, "alice", "alice-demo-pass")
    page.goto(f"/services/interviews/interviews/{interview_id}")
    link = page.locator("#ai-review-link")
    expect(link).to_have_attribute(
        "href", f"/services/interviews/interviews/{interview_id}/ai-review"
    )
    # the embedding page: same origin as the platform (on its allow-list), a 350 px panel
    page.evaluate(EMBED, [f"/services/interviews/interviews/{interview_id}/ai-review?embed=1", 350])
    panel = page.frame_locator("#panel")
    expect(panel.locator("#ar-source-text")).to_contain_text("none yet")
    expect(panel.locator('nav[aria-label="Main"]')).to_have_count(0)
    expect(panel.locator("#ar-request")).to_be_disabled()  # no code yet
    page.evaluate(FOREIGN, ["evil-problem"])
    page.evaluate(
        """([problem, source, origin]) => document.getElementById('panel').contentWindow
             .postMessage({type: 'interview-source', problem, language: 'python', source},
                          origin)""",
        [SLUG, WRONG, platform.url],
    )
    expect(panel.locator("#ar-source-text")).to_contain_text(f"notebook's current code — {SLUG}")
    expect(panel.locator("#ar-source-text")).not_to_contain_text("evil")
    button = panel.locator("#ar-request")
    expect(button).to_be_enabled()
    button.focus()
    page.keyboard.press("Enter")  # keyboard only
    expect(panel.locator("#ar-evidence")).to_contain_text("Evidence")
    # text streams in: part of it is on the page while the stream still runs
    streaming = panel.locator("#ar-text.ar-streaming")
    expect(streaming).to_contain_text(MARKER)
    expect(panel.locator("#ar-text")).to_contain_text("Proposed fix", timeout=60_000)
    expect(panel.locator("#ar-fix-badge")).to_have_text("Fix: passes all tests", timeout=60_000)
    expect(panel.locator("#ar-text.ar-streaming")).to_have_count(0)
    expect(panel.locator("#ar-progress")).to_have_text("Done.")
    expect(panel.locator("#ar-history > li")).to_have_count(1)
    expect(panel.locator("#ar-history > li summary")).to_contain_text("passes all tests")
    # the model was handed the code the embedding page sent
    user = next(m["content"] for m in stub.requests[-1]["messages"] if m["role"] == "user")
    assert WRONG.strip()[:80] in user
    assert stub.requests[-1]["temperature"] == 0 and stub.requests[-1]["stream"] is True
    # the panel fits: nothing wider than the 350 px frame
    width = (
        page.frame_locator("#panel")
        .locator("body")
        .evaluate("b => b.scrollWidth <= window.innerWidth")
    )
    assert width
    browser_log.assert_clean()


def test_a_candidates_browser_never_receives_a_review(
    browser: Browser, platform: Platform, interview_id: str
) -> None:
    alice = Browserless(platform)
    alice.login("alice", "alice-demo-pass")
    alice.open_service()
    made = alice.api(
        "POST",
        f"interviews/{interview_id}/ai-reviews?wait=1",
        {"problem": SLUG, "language": "python", "source": WRONG},
        timeout=120,
    )
    assert made.status_code == 201 and MARKER in made.json()["text"]
    review_id = made.json()["id"]
    alice.close()

    ctx = browser.new_context(base_url=platform.url)
    bodies: list[str] = []

    def keep(response: Any) -> None:
        with contextlib.suppress(Exception):  # redirects and aborted loads have no body
            bodies.append(response.text())

    ctx.on("response", keep)
    page = ctx.new_page()
    sign_in(page, "carol", "carol-demo-pass")
    page.goto(f"/services/interviews/interviews/{interview_id}")
    expect(page.locator("#interview-title")).to_have_text("Panel review")
    expect(page.locator("#ai-review-link")).to_have_count(0)
    base = f"/services/interviews/api/interviews/{interview_id}/ai-reviews"
    statuses = page.evaluate(
        """async ([base, id]) => {
          const xsrf = document.querySelector('meta[name="xsrf-token"]')?.content || '';
          const h = {'X-XSRFToken': xsrf};
          const r = [];
          for (const [m, u] of [['GET', base], ['GET', `${base}/${id}`],
                                ['GET', `${base}/${id}/events?_xsrf=${xsrf}`], ['POST', base]]) {
            const body = m === 'POST' ? '{}' : undefined;
            const res = await fetch(u, {method: m, headers: h, body});
            r.push(`${res.status} ${(await res.json()).reason}`);
          }
          return r;
        }""",
        [base, review_id],
    )
    assert statuses == ["403 interviewers_only"] * 4  # refused by the server, by role
    refused = page.goto(f"/services/interviews/interviews/{interview_id}/ai-review?embed=1")
    assert refused is not None and refused.status == 403
    page.goto("/services/interviews/")
    page.wait_for_load_state("networkidle")
    ctx.close()
    assert bodies and not any(MARKER in b or "ai-review-config" in b for b in bodies)
