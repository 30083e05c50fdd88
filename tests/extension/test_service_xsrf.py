"""How the room's panels reach the real interviews service: same origin, the person's cookie.

A page outside ``/services/interviews/`` (the lab lives under ``/user/...``; here ``/hub/home``
stands in for it) cannot read the service's ``_xsrf`` cookie, so the panels ask
``GET api/xsrf`` (hub/interview_hub/service/handlers/lab.py) for the token. Skipped until that
route is wired into the service's app.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from tests.support.platform import Platform

CALLS = """async () => {
  const out = {};
  let r = await fetch('/services/interviews/api/me');
  out.without_header = r.status;
  r = await fetch('/services/interviews/api/xsrf');
  out.xsrf = r.status;
  const token = (await r.json()).xsrf;
  r = await fetch('/services/interviews/api/me', {headers: {'X-XSRFToken': token}});
  out.me = [r.status, (await r.json()).name];
  r = await fetch('/services/interviews/api/me', {headers: {'X-XSRFToken': 'wrong'}});
  out.wrong = [r.status, (await r.json()).reason];
  out.events = await new Promise(resolve => {
    const s = new EventSource('/services/interviews/api/events?_xsrf=' + encodeURIComponent(token));
    s.onopen = () => { s.close(); resolve('open'); };
    s.onerror = () => { s.close(); resolve('error'); };
  });
  return out;
}"""

RECONNECT = """() => new Promise(resolve => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = '/services/interviews/';
  frame.onload = () => { frame.remove(); resolve(true); };
  document.body.appendChild(frame);
})"""

SIGNED_IN = {
    "without_header": 403,
    "xsrf": 200,
    "me": [200, "carol"],
    "wrong": [403, "xsrf"],
    "events": "open",
}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = Platform(tmp_path_factory.mktemp("platform"), env={"DEMO_ACCOUNTS": "1"}).start()
    try:
        if httpx.get(f"{p.service_url}api/xsrf", timeout=10).status_code == 404:
            pytest.skip("GET /services/interviews/api/xsrf is not routed in the service yet")
        yield p
    finally:
        p.stop()


def test_panels_reach_the_service_from_outside_its_path(hub: Platform, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("input[name=username]", "carol")
    page.fill("input[name=password]", "carol-demo-pass")
    page.click("[type=submit]")
    page.wait_for_url("**/services/interviews/**")
    page.goto(f"{hub.url}/hub/home")
    assert page.evaluate(CALLS) == SIGNED_IN

    # the service's _xsrf cookie is set on page navigations only: without it, the endpoint
    # sets it, and the calls still work
    def keep(predicate: Any) -> None:
        cookies = [c for c in context.cookies() if predicate(c)]
        context.clear_cookies()
        context.add_cookies(cookies)  # type: ignore[arg-type]

    keep(lambda c: not (c["name"] == "_xsrf" and c["path"].startswith("/services/")))
    assert page.evaluate(CALLS) == SIGNED_IN

    # an expired service session: 401, then the panels' Reconnect (a hidden same-origin frame
    # through the hub's OAuth, no prompt) signs in again
    keep(lambda c: not c["path"].startswith("/services/"))
    signed_out = page.evaluate(CALLS)
    assert signed_out["me"][0] == 401
    page.evaluate(RECONNECT)
    assert page.evaluate(CALLS) == SIGNED_IN
    context.close()
