"""In the browser: sign up, sign in, choose a role once, land on the home page for that role."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import BrowserLog, sign_in, sign_up
from tests.conftest import unique

ROLE_PAGE = re.compile(r"/services/interviews/role$")
HOME_PAGE = re.compile(r"/services/interviews/$")


def _new_person(page: Page, email_domain: str, prefix: str) -> str:
    name = unique(prefix)
    sign_up(page, name, f"{name}@{email_domain}")
    sign_in(page, name)
    expect(page).to_have_url(ROLE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Welcome, {name}. How will you use the platform?"
    )
    return name


def _tab_to(page: Page, element_id: str, limit: int = 25) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_interviewer_by_email_domain_chooses_role_with_keyboard_only(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path]
) -> None:
    name = _new_person(page, "interviewers.test", "iv")
    by_email = page.locator("#interviewer-by-email")
    expect(by_email).to_have_text(f"Your email address ({name}@interviewers.test) allows this.")
    expect(page.locator("#invitation-block")).to_have_count(0)
    expect(page.locator("#role-candidate")).to_be_checked()
    shot(page, "role-page")

    # Keyboard only: Tab into the radio group, arrow to Interviewer, Space, Tab to submit, Enter.
    _tab_to(page, "role-candidate")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#role-interviewer")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#role-interviewer")).to_be_checked()
    expect(page.locator("#role-candidate")).not_to_be_checked()
    _tab_to(page, "role-submit")
    page.keyboard.press("Enter")

    expect(page).to_have_url(HOME_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")
    expect(page.locator("#current-role")).to_have_text("interviewer")
    new_interview = page.locator("#action-new-interview")
    expect(new_interview).to_be_visible()
    expect(new_interview).to_have_text("New interview")
    expect(page.get_by_role("heading", name="Join interview")).to_be_visible()
    expect(page.locator("#action-join")).to_be_visible()
    expect(page.locator("#upcoming-empty")).to_contain_text("No upcoming interviews")
    shot(page, "interviewer-home")
    browser_log.assert_clean()


def test_candidate_chooses_role_and_sees_join_and_empty_state(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path]
) -> None:
    name = _new_person(page, "gmail.test", "cand")
    expect(page.locator("#invitation-block")).to_be_visible()
    # clicking anywhere on the card (a <label>) selects the role
    page.locator("label[for=role-interviewer]").click()
    expect(page.locator("#role-interviewer")).to_be_checked()
    page.get_by_text("I am invited to interviews").click()
    expect(page.locator("#role-candidate")).to_be_checked()
    page.get_by_role("button", name="Confirm my role").click()

    expect(page).to_have_url(HOME_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")
    expect(page.locator("#current-role")).to_have_text("candidate")
    expect(page.get_by_role("heading", name="Join interview")).to_be_visible()
    expect(page.locator("#join-code")).to_be_visible()
    expect(page.locator("#action-join")).to_be_visible()
    expect(page.locator("#upcoming-empty")).to_have_text(
        "No upcoming interviews yet. When an interviewer invites you, "
        "it appears here and in your email."
    )
    expect(page.locator("#action-new-interview")).to_have_count(0)
    expect(page.get_by_text("New interview")).to_have_count(0)
    shot(page, "candidate-home")
    browser_log.assert_clean()


def test_interviewer_without_domain_or_code_is_refused_and_keeps_no_role(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path]
) -> None:
    _new_person(page, "gmail.test", "nocode")
    expect(page.locator("#interviewer-by-email")).to_have_count(0)
    expect(page.locator("#role-interviewer").locator("xpath=..")).to_contain_text(
        "Needs an invitation code from an admin or an email address at interviewers.test."
    )
    page.locator("#role-interviewer").check()
    expect(page.locator("#invitation_code")).to_have_value("")
    with page.expect_response(re.compile(r"/services/interviews/role$")) as posted:
        page.locator("#role-submit").click()
    assert posted.value.status == 403
    assert any(re.search(r"^403 POST .*/role$", line) for line in browser_log.error_responses)

    error = page.locator("#role-error")
    expect(error).to_be_visible()
    expect(error).to_have_text(
        "To become an interviewer you need an invitation code from an admin "
        "or an email address at interviewers.test."
    )
    # still the choice form, with the person's choice kept
    expect(page.locator("#role-form")).to_be_visible()
    expect(page.locator("#role-interviewer")).to_be_checked()
    expect(page.locator("#current-role")).to_have_count(0)
    shot(page, "refused")

    # no role was stored: the home page still sends the person to the choice
    page.goto("/services/interviews/")
    expect(page).to_have_url(ROLE_PAGE)
    expect(page.locator("#role-form")).to_be_visible()
    me = page.evaluate("window.ip.api('GET', 'me')")
    assert me["role"] is None and me["can_become_interviewer_by_email"] is False
    browser_log.assert_clean(r"HTTP error: 403 POST .*/services/interviews/role$", r"status of 403")


def test_person_with_a_role_sees_it_fixed_on_the_role_page(
    page: Page, browser_log: BrowserLog, shot: Callable[..., Path], person_factory: Any
) -> None:
    _, name = person_factory("candidate", email_domain="gmail.test")
    sign_in(page, name)
    expect(page).to_have_url(HOME_PAGE)  # a role is set: no detour through the choice
    page.goto("/services/interviews/role")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your role")
    expect(page.locator("#role-fixed")).to_have_text("candidate")
    expect(page.get_by_text("A role is chosen once")).to_be_visible()
    expect(page.locator("#role-form")).to_have_count(0)
    expect(page.locator("input[type=radio]")).to_have_count(0)
    shot(page, "fixed-role")
    page.get_by_role("link", name="Go to home").click()
    expect(page).to_have_url(HOME_PAGE)
    browser_log.assert_clean()
