"""Every interview server on an origin of its own (SUBDOMAIN_HOST), in a real browser.

The candidate shares the interview's Jupyter server: whatever script runs on its pages may be
theirs (a replaced server, a labextension in their home, an output or widget rendered in an
interviewer's browser). These tests show that such a script, running in the interviewer's
browser on the lab page, cannot read the interviews service or the hub with the interviewer's
session, and cannot reach another interview's server.

Real hub (``hub.localhost``; Chromium resolves ``*.localhost`` to this machine), proxy routing
by host, the interviews service and BwrapSpawner servers; the service's clock is moved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import sign_in
from tests.spawners.conftest import singleuser_venv  # noqa: F401  (a fixture)
from tests.support.platform import Browserless, Platform, servers_platform

START = datetime(2027, 11, 2, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory,
    singleuser_venv: str,  # noqa: F811
) -> Iterator[Platform]:
    yield from servers_platform(tmp_path_factory, "origins", singleuser_venv, subdomains=True)


def set_clock(platform: Platform, moment: datetime) -> None:
    (platform.data_dir / "test-clock-offset").write_text(
        str((moment - datetime.now(UTC)).total_seconds())
    )


def schedule(platform: Platform, title: str, day: str) -> dict[str, Any]:
    alice = Browserless(platform)
    alice.login("alice", "alice-demo-pass")
    created = alice.api(
        "POST",
        "interviews",
        {
            "title": title,
            "date": day,
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 60,
            "candidate": "carol",
        },
    )
    assert created.status_code == 201, created.text
    alice.close()
    interview: dict[str, Any] = created.json()["interview"]
    return interview


def enter_room(page: Page, interview_id: str) -> str:
    """Open the waiting room and follow it into JupyterLab (authorising the share once)."""
    page.goto(f"/services/interviews/room/{interview_id}")
    lab = re.compile(r"//iv-[0-9a-f]{10}\.hub\.localhost:\d+/user/[^/]+/interview/lab")
    page.wait_for_url(re.compile(r"/hub/api/oauth2/authorize|/interview/lab"), timeout=120_000)
    if "/oauth2/authorize" in page.url:
        # a shared server asks its guests once to let it know who they are
        page.get_by_role("button", name=re.compile("Authorize", re.I)).click()
    page.wait_for_url(lab, timeout=60_000)
    expect(page.locator("#jp-main-dock-panel")).to_be_visible(timeout=60_000)
    return urlparse(page.url).netloc


def test_the_lab_origin_cannot_use_the_interviewers_session(
    platform: Platform, browser: Browser
) -> None:
    first = schedule(platform, "Origins one", "2027-11-02")
    second = schedule(platform, "Origins two", "2027-11-02")
    set_clock(platform, START - timedelta(minutes=5))

    context = browser.new_context(base_url=platform.url)
    page = context.new_page()
    sign_in(page, "alice", "alice-demo-pass")
    lab_host = enter_room(page, first["id"])
    owner = lab_host.split(".", 1)[0]
    assert re.fullmatch(r"iv-[0-9a-f]{10}", owner), lab_host
    assert lab_host != urlparse(platform.url).netloc

    # the room's panels are the service's pages, framed from the hub's origin: they load
    # (the service allows exactly this interview's origin to frame them) and talk to the lab
    live = re.compile(r"^Live · [\d:]+ left$")
    try:
        expect(page.locator("#interview-status")).to_have_text(live, timeout=45_000)
    except AssertionError:
        # on a loaded machine the service may miss its hub check once and send the frame to
        # the hub's login page, which refuses to be framed; a person would press Retry
        print("frames:", [frame.url for frame in page.frames])
        page.reload()
        expect(page.locator("#interview-status")).to_have_text(live, timeout=60_000)
    tab = page.locator(".jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id='interview-timer']")
    if "lm-mod-current" not in (tab.get_attribute("class") or ""):
        tab.click()
    timer = page.frame_locator("iframe[data-panel='interview-timer']")
    expect(timer.locator("#ip-end-button")).to_be_visible(timeout=30_000)
    frame_urls = [f.url for f in page.frames if "/panel/" in f.url]
    assert frame_urls and all(u.startswith(platform.url) for u in frame_urls), frame_urls

    hub = platform.url
    # what a candidate's script could try from the lab page, with the interviewer's browser
    probes = page.evaluate(
        """async (hub) => {
          const out = {};
          for (const [name, url] of Object.entries({
            notes: hub + '/services/interviews/api/interviews',
            me: hub + '/services/interviews/api/me',
            hub_user: hub + '/hub/api/user',
          })) {
            try {
              const r = await fetch(url, {credentials: 'include'});
              out[name] = 'read ' + r.status + ' ' + (await r.text()).slice(0, 80);
            } catch (e) {
              out[name] = 'blocked';
            }
          }
          // the service's path on the lab's own origin is not the service
          try {
            const local = await fetch('/services/interviews/api/me', {credentials: 'include'});
            out.same_origin_path = local.status + ' ' + (await local.text()).slice(0, 80);
          } catch (e) {
            out.same_origin_path = 'blocked';  // redirected off this origin
          }
          out.cookies = document.cookie;
          return out;
        }""",
        hub,
    )
    assert probes["notes"] == "blocked", probes
    assert probes["me"] == "blocked", probes
    assert probes["hub_user"] == "blocked", probes
    assert not str(probes["same_origin_path"]).startswith("200"), probes
    assert "jupyterhub" not in probes["cookies"], probes

    # another interview's server (same interviewer, also open) is another origin
    other = context.new_page()
    other_host = enter_room(other, second["id"])
    assert other_host != lab_host
    stolen = page.evaluate(
        """async (url) => {
          try {
            const r = await fetch(url, {credentials: 'include'});
            return 'read ' + r.status;
          } catch (e) { return 'blocked'; }
        }""",
        f"http://{other_host}/user/{other_host.split('.', 1)[0]}/interview/api/contents",
    )
    assert stolen == "blocked"

    # the service still works for the interviewer on its own origin
    service = context.new_page()
    service.goto("/services/interviews/")
    expect(service.locator("body")).to_contain_text("Origins one")
    expect(service.locator("body")).to_contain_text("Origins two")
    context.close()
