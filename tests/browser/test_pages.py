"""In the browser: shared navigation, dark theme, error pages and the admin tools."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PASSWORD, BrowserLog, sign_in
from tests.conftest import unique
from tests.support.platform import Browserless, Platform, token_client

SERVICE_HOME = re.compile(r"/services/interviews/$")
HUB_HOME = re.compile(r"/hub/home$")
HUB_LOGIN = re.compile(r"/hub/login")


def test_hub_and_service_share_navigation(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path], person_factory: Any
) -> None:
    _, name = person_factory("interviewer")
    sign_in(page, name)
    expect(page).to_have_url(SERVICE_HOME)

    # the service's navigation: Home, Servers (the hub) and Logout
    nav = page.get_by_role("navigation", name="Main")
    home_link = nav.get_by_role("link", name="Home", exact=True)
    expect(home_link).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Servers")).to_have_attribute("href", "/hub/home")
    expect(nav.locator("#logout")).to_have_text("Logout")
    expect(nav.locator("#current-user")).to_have_text(name)
    expect(nav.get_by_role("link", name="People & roles")).to_have_count(0)  # not an admin

    # service -> hub
    nav.get_by_role("link", name="Servers").click()
    expect(page).to_have_url(HUB_HOME)
    hub_nav = page.locator("nav.navbar")
    interviews = hub_nav.get_by_role("link", name="Interviews", exact=True)
    expect(interviews).to_be_visible()
    expect(interviews).to_have_attribute("href", "/services/interviews/")
    expect(hub_nav.get_by_role("link", name="Change password")).to_be_visible()
    shot(page, "hub-home")

    # hub -> service
    interviews.click()
    expect(page).to_have_url(SERVICE_HOME)
    expect(page.locator("#action-new-interview")).to_be_visible()

    # logout from the service ends the session for hub and service alike
    page.locator("#logout").click()
    expect(page).to_have_url(HUB_LOGIN)
    page.goto("/services/interviews/")
    expect(page).to_have_url(HUB_LOGIN)
    expect(page.locator("#username_input")).to_be_visible()
    browser_log.assert_clean()


def test_dark_theme_toggle_switches_and_persists(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path], person_factory: Any
) -> None:
    _, name = person_factory("candidate")
    sign_in(page, name)
    html = page.locator("html")
    toggle = page.locator("#dark-theme-toggle")
    expect(html).to_have_attribute("data-bs-theme", "light")
    expect(toggle).to_have_accessible_name("Toggle dark mode")

    toggle.click()
    expect(html).to_have_attribute("data-bs-theme", "dark")
    page.reload()
    expect(html).to_have_attribute("data-bs-theme", "dark")
    shot(page, "service-home-dark")  # after the reload: no colour transitions half-way
    # the role page and the hub's pages follow the same setting
    page.goto("/services/interviews/role")
    expect(html).to_have_attribute("data-bs-theme", "dark")
    page.goto("/hub/home")
    expect(html).to_have_attribute("data-bs-theme", "dark")

    page.goto("/services/interviews/")
    page.locator("#dark-theme-toggle").click()
    expect(html).to_have_attribute("data-bs-theme", "light")
    page.reload()
    expect(html).to_have_attribute("data-bs-theme", "light")
    browser_log.assert_clean()


def test_unknown_service_address_shows_a_friendly_404(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path]
) -> None:
    response = page.goto("/services/interviews/no/such/page")
    assert response is not None and response.status == 404
    assert response.headers.get("content-type", "").startswith("text/html")
    expect(page).to_have_title("404 · Interview Platform")
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.locator("#error-message")).to_have_text("There is nothing at this address.")
    expect(page.get_by_text(re.compile(r"Request id: \w+ · HTTP 404"))).to_be_visible()
    expect(page.get_by_role("link", name="Back to home")).to_have_attribute(
        "href", "/services/interviews/"
    )
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and 'File "' not in body
    shot(page, "service-404")

    # an unknown service altogether: the hub's own 404 page, also without a traceback
    response = page.goto("/services/no-such-service/")
    assert response is not None and response.status == 404
    expect(page.locator("body")).to_contain_text("404")
    expect(page.locator("body")).not_to_contain_text("Traceback")
    shot(page, "hub-404")
    browser_log.assert_clean(
        r"HTTP error: 404 GET .*(no/such/page|no-such-service)", r"status of 404"
    )


def test_admin_creates_an_invitation_code_shown_once(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path]
) -> None:
    sign_in(page, "admin", "admin-demo-pass")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="People & roles").click()
    expect(page).to_have_url(re.compile(r"/services/interviews/admin$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("People & roles")
    expect(page.locator("#people-table tr[data-user=carol] .role-cell")).to_have_text("candidate")

    note = unique("for-jane-")
    page.get_by_label("For whom").fill(note)
    page.get_by_label("Uses").fill("2")
    page.get_by_role("button", name="Create code").click()
    box = page.locator("#new-code")
    expect(box).to_be_visible()
    expect(box).to_contain_text("it is shown only once")
    match = re.search(r"New code: ([0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6})", box.inner_text())
    assert match, box.inner_text()
    code = match.group(1)
    shot(page, "code-created")

    # after a reload the list shows the code's last characters, never the code itself
    page.reload()
    expect(page.locator("#new-code")).to_be_hidden()
    row = page.locator("#codes-table tbody tr", has_text=note)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"…{code[-4:]}")
    expect(row).to_contain_text("0 / 2")
    expect(row).to_contain_text("admin")
    assert code not in page.content()
    shot(page, "codes-after-reload")
    browser_log.assert_clean()


def test_admin_creates_a_set_password_link_that_works_once(
    page: Page,
    browser: Browser,
    browser_log: BrowserLog,
    shot: Callable[..., Path],
    platform: Platform,
) -> None:
    # an account added by an admin in the hub has no password of its own
    invited = unique("invited")
    admin = Browserless(platform)
    admin.login("admin", "admin-demo-pass")
    with token_client(platform, admin.token("admin")) as hub:
        assert hub.post(f"/hub/api/users/{invited}").status_code == 201
    admin.close()

    sign_in(page, "admin", "admin-demo-pass")
    page.goto("/services/interviews/admin")
    row = page.locator(f"#people-table tr[data-user={invited}]")
    expect(row.locator(".role-cell")).to_have_text("— not chosen —")
    row.get_by_role("button", name="Create link").click()
    output = row.get_by_role("textbox", name=f"Set-password link for {invited}")
    expect(output).to_be_visible()
    expect(output).to_have_value(re.compile(rf"^{re.escape(platform.url)}/hub/set-password/\S+$"))
    expect(output).to_be_focused()
    expect(page.locator("#admin-status")).to_have_text(
        f"Link for {invited} created; valid 7 days, once."
    )
    link = output.input_value()
    shot(page, "link-created")
    browser_log.assert_clean()

    # the invited person opens the link in their own browser, sets a password, signs in
    other = browser.new_context(base_url=platform.url)
    try:
        person = other.new_page()
        person.goto(link)
        expect(person.locator("#set-password-username")).to_have_text(invited)
        person.get_by_label("New password").fill(PASSWORD)
        person.get_by_label("Type it again").fill(PASSWORD)
        person.get_by_role("button", name="Set password").click()
        expect(person.get_by_role("status")).to_contain_text(f"Your password is set for {invited}")
        shot(person, "password-set")
        response = person.goto(link)
        assert response is not None and response.status == 400
        expect(person.get_by_role("alert")).to_contain_text("already been used")
        expect(person.locator("#set-password-submit")).to_have_count(0)
        sign_in(person, invited)
        expect(person).to_have_url(re.compile(r"/services/interviews/role$"))
    finally:
        other.close()


def test_candidate_gets_a_403_page_for_the_admin_page(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path], person_factory: Any
) -> None:
    _, name = person_factory("candidate")
    sign_in(page, name)
    expect(page.get_by_role("link", name="People & roles")).to_have_count(0)
    response = page.goto("/services/interviews/admin")
    assert response is not None and response.status == 403
    expect(page).to_have_title("403 · Interview Platform")
    expect(page.get_by_role("heading", level=1)).to_have_text("You don't have access")
    expect(page.locator("#error-message")).to_have_text("Only admins can open the admin page.")
    expect(page.locator("#people-table")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Traceback")
    shot(page, "candidate-403")
    browser_log.assert_clean(r"HTTP error: 403 GET .*/services/interviews/admin$", r"status of 403")
