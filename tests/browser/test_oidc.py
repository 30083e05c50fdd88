"""In the browser: sign in through a real OpenID Connect provider, then choose a role.

The provider (``tests/oidc``, oidc-provider on Node.js) returns ``alice@example.com`` with
``email_verified: true`` for login ``alice``; with INTERVIEWER_EMAIL_DOMAINS=example.com that
email alone allows the interviewer role.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserLog
from tests.support.oidc import OIDCProvider, start_oidc_provider
from tests.support.platform import Platform


@pytest.fixture(scope="module")
def sso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, OIDCProvider]]:
    """A platform with AUTHENTICATOR=oidc and its identity provider, both stopped by PID."""
    platform = Platform(tmp_path_factory.mktemp("platform-oidc"))
    # The provider must know the hub's callback URL, and the hub reads the provider's discovery
    # document when it starts: the platform's port first, then the provider, then the hub.
    provider = start_oidc_provider(
        f"http://127.0.0.1:{platform.port}/hub/oauth_callback",
        client_secret=secrets.token_urlsafe(24),
    )
    try:
        platform.env = {
            "AUTHENTICATOR": "oidc",
            "OAUTH_CLIENT_ID": provider.client_id,
            "OAUTH_CLIENT_SECRET": provider.client_secret,
            "OIDC_ISSUER": provider.issuer,
            "PUBLIC_URL": platform.url,
            "INTERVIEWER_EMAIL_DOMAINS": "example.com",
        }
        platform.start()
        yield platform, provider
    finally:
        platform.stop()
        provider.stop()


@pytest.fixture(scope="module")
def platform(sso: tuple[Platform, OIDCProvider]) -> Platform:
    """Overrides the native-accounts platform of tests/conftest.py for this module."""
    return sso[0]


@pytest.fixture(scope="module")
def oidc_provider(sso: tuple[Platform, OIDCProvider]) -> OIDCProvider:
    return sso[1]


def test_sso_sign_in_then_interviewer_by_verified_email(
    page: Page,
    browser_log: BrowserLog,
    shot: Callable[..., Path],
    platform: Platform,
    oidc_provider: OIDCProvider,
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/hub/login"))
    sso = page.get_by_role("button", name="Sign in with SSO")
    expect(sso).to_be_visible()
    expect(page.locator("#username_input")).to_have_count(0)  # no local password form
    shot(page, "hub-login")

    sso.click()
    # the identity provider's own sign-in form
    expect(page).to_have_url(re.compile(rf"^{re.escape(oidc_provider.issuer)}/interaction/"))
    page.locator("#login").fill("alice")
    shot(page, "provider-login")
    page.locator("#submit").click()

    # consent is granted automatically; the hub sends a newcomer to the role choice
    expect(page).to_have_url(re.compile(rf"^{re.escape(platform.url)}/services/interviews/role$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welcome, alice. How will you use the platform?"
    )
    expect(page.locator("#current-user")).to_have_text("alice")
    expect(page.locator("#interviewer-by-email")).to_have_text(
        "Your email address (alice@example.com) allows this."
    )
    expect(page.locator("#invitation-block")).to_have_count(0)
    me = page.evaluate("window.ip.api('GET', 'me')")
    assert me["email"] == "alice@example.com" and me["can_become_interviewer_by_email"] is True
    shot(page, "role-page")

    page.get_by_label("Interviewer").check()
    page.get_by_role("button", name="Confirm my role").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(platform.url)}/services/interviews/$"))
    expect(page.locator("#current-role")).to_have_text("interviewer")
    expect(page.locator("#action-new-interview")).to_be_visible()
    expect(page.get_by_role("heading", name="Join interview")).to_be_visible()
    shot(page, "interviewer-home")

    # passwords belong to the identity provider: the hub offers no password pages
    page.get_by_role("link", name="Servers").click()
    expect(page.locator("nav.navbar").get_by_role("link", name="Interviews")).to_be_visible()
    expect(page.get_by_role("link", name="Change password")).to_have_count(0)
    # the test provider has no favicon; that is its business, not the platform's
    browser_log.assert_clean(rf"{re.escape(oidc_provider.issuer)}/favicon\.ico")
