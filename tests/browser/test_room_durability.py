"""The hub (and with it the proxy) restarted in the middle of an interview loses no typing.

Real hub, proxy, service and BwrapSpawner server; candidate and interviewer in the room's
JupyterLab through the proxy. The interview server outlives the hub (cleanup_servers=False);
while the hub is down the candidate keeps typing, and once it is back both pages and the file
hold every character (tests/extension/test_durability.py covers the other scenarios against a
lab of its own).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_room_origins import START, schedule, set_clock
from tests.spawners.conftest import singleuser_venv  # noqa: F401  (a fixture)
from tests.support.platform import Browserless, Platform, client, servers_platform


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory,
    singleuser_venv: str,  # noqa: F811
) -> Iterator[Platform]:
    yield from servers_platform(tmp_path_factory, "hub-restart", singleuser_venv)


def solution(page: Page):  # type: ignore[no-untyped-def]
    """The editor of the notebook's first code cell (the candidate's solution)."""
    return page.locator(".jp-NotebookPanel .jp-CodeCell .cm-content").first


def text(page: Page) -> str:
    shown: str = solution(page).evaluate(
        "e => Array.from(e.querySelectorAll('.cm-line')).map(l => l.textContent).join('\\n')"
    )
    return shown


def enter(page: Page, interview_id: str) -> None:
    """The waiting room, then JupyterLab (authorising the shared server once)."""
    page.goto(f"/services/interviews/room/{interview_id}")
    page.wait_for_url(re.compile(r"/hub/api/oauth2/authorize|/interview/lab"), timeout=120_000)
    if "/oauth2/authorize" in page.url:
        page.get_by_role("button", name=re.compile("Authorize", re.I)).click()
    page.wait_for_url(re.compile(r"/user/iv-[0-9a-f]{10}/interview/lab"), timeout=60_000)


def saved(platform: Platform, owner_path: str) -> tuple[str, int]:
    """The solution cell as the server wrote it to disk, and the number of cells (through the
    proxy, with admin's token)."""
    admin = Browserless(platform)
    try:
        admin.login("admin", "admin-demo-pass")
        token = admin.token("admin", "durability")
    finally:
        admin.close()
    with client(platform.url, headers={"Authorization": f"token {token}"}, timeout=30) as hub:
        model = hub.get(f"{owner_path}api/contents/interview.ipynb").json()
    cells = model["content"]["cells"]
    source = next(c for c in cells if c["cell_type"] == "code")["source"]
    return ("".join(source) if isinstance(source, list) else str(source)), len(cells)


def test_the_hub_restarted_mid_typing_loses_nothing(platform: Platform, browser: Browser) -> None:
    interview = schedule(platform, "Hub restart", "2027-11-02")
    set_clock(platform, START - timedelta(minutes=5))
    pages = []
    for name in ("carol", "alice"):
        page = browser.new_context(base_url=platform.url).new_page()
        sign_in(page, name, f"{name}-demo-pass")
        enter(page, interview["id"])
        expect(solution(page)).to_be_visible(timeout=60_000)
        pages.append(page)
    carol, alice = pages
    path = carol.url.split("lab", 1)[0].split(platform.url, 1)[-1]  # /user/<owner>/interview/
    original = text(carol)

    solution(carol).click()
    carol.keyboard.press("Control+End")
    carol.keyboard.type("\n# before")
    expect(solution(alice)).to_contain_text("# before")

    platform.stop(servers=False)  # the hub and its proxy go; the interview server stays
    carol.keyboard.type("\n# during")
    platform.start()
    solution(alice).click()
    alice.keyboard.press("Control+Home")
    alice.keyboard.type("# after\n")

    expected = "# after\n" + original + "\n# before\n# during"
    deadline = time.monotonic() + 120
    while True:
        shown = [text(page) for page in pages]
        on_disk, cells = saved(platform, path)
        if shown == [expected, expected] and on_disk == expected:
            break
        assert time.monotonic() < deadline, f"{expected!r}\n{shown!r}\n{on_disk!r}"
        time.sleep(0.5)
    # no cell doubled by the reconnect, no modal dialog that would have taken the keyboard
    assert [page.locator(".jp-NotebookPanel .jp-Cell").count() for page in pages] == [cells] * 2
    for page in pages:
        expect(page.locator(".jp-Dialog")).to_have_count(0)
        page.context.close()
