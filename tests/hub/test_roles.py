"""Sign-up, sign-in and the one-time role choice against a real hub, proxy and service."""

from __future__ import annotations

from typing import Any

from tests.support.platform import Browserless, Platform, token_client


def test_signup_login_then_role_page(platform: Platform, person_factory: Any) -> None:
    who = Browserless(platform)
    message = who.signup("newcomer1", "correct-horse-battery", "newcomer1@interviewers.test")
    assert "successful" in message
    who.login("newcomer1", "correct-horse-battery")
    home = who.open_service()
    # first visit lands on the role page of the service
    assert home.url.path == "/services/interviews/role"
    assert "How will you use the platform?" in home.text
    me = who.api("GET", "me").json()
    assert me == {
        "name": "newcomer1",
        "role": None,
        "admin": False,
        "email": "newcomer1@interviewers.test",
        "can_become_interviewer_by_email": True,
    }
    chosen = who.api("POST", "me/role", {"role": "interviewer"})
    assert chosen.status_code == 201, chosen.text
    assert chosen.json()["role"] == "interviewer"
    home = who.open_service()
    assert home.url.path == "/services/interviews/"
    assert 'id="action-new-interview"' in home.text
    # hub group mirrors the role
    assert "newcomer1" in _group(platform, "interviewers")
    who.close()


def test_second_role_change_is_refused(person_factory: Any, platform: Platform) -> None:
    who, name = person_factory("candidate")
    again = who.api("POST", "me/role", {"role": "interviewer"})
    assert again.status_code == 409
    assert again.json()["reason"] == "role_already_set"
    assert "cannot be changed" in again.json()["message"]
    assert who.api("GET", "me").json()["role"] == "candidate"
    assert name in _group(platform, "candidates")
    assert name not in _group(platform, "interviewers")


def test_interviewer_without_domain_or_code_is_refused(person_factory: Any) -> None:
    who, _ = person_factory(None, email_domain="gmail.test")
    refused = who.api("POST", "me/role", {"role": "interviewer"})
    assert refused.status_code == 403
    body = refused.json()
    assert body["reason"] == "interviewer_not_allowed"
    assert "invitation code" in body["message"] and "interviewers.test" in body["message"]
    assert who.api("GET", "me").json()["role"] is None
    bad_code = who.api("POST", "me/role", {"role": "interviewer", "invitation_code": "NOPE"})
    assert bad_code.status_code == 403 and bad_code.json()["reason"] == "invalid_invitation"


def test_invitation_code_lets_one_person_become_interviewer(
    person_factory: Any, platform: Platform
) -> None:
    admin = Browserless(platform)
    admin.login("admin", "admin-demo-pass")
    created = admin.api("POST", "invitation-codes", {"note": "for tests", "max_uses": 1})
    assert created.status_code == 201, created.text
    code = created.json()["code"]
    first, _ = person_factory(None, email_domain="gmail.test")
    ok = first.api("POST", "me/role", {"role": "interviewer", "invitation_code": code.lower()})
    assert ok.status_code == 201, ok.text
    second, _ = person_factory(None, email_domain="gmail.test")
    used = second.api("POST", "me/role", {"role": "interviewer", "invitation_code": code})
    assert used.status_code == 403 and used.json()["reason"] == "invitation_used"
    listed = admin.api("GET", "invitation-codes").json()["items"]
    assert any(i["id"] == created.json()["id"] and i["uses"] == 1 for i in listed)
    assert all("code" not in i for i in listed)
    admin.close()


def test_reviewer_is_granted_by_admins_only(person_factory: Any, platform: Platform) -> None:
    who, name = person_factory(None)
    refused = who.api("POST", "me/role", {"role": "reviewer"})
    assert refused.status_code == 422  # not a choice a person can make
    admin = Browserless(platform)
    admin.login("admin", "admin-demo-pass")
    granted = admin.api("PUT", f"users/{name}/role", {"role": "reviewer", "reason": "hiring"})
    assert granted.status_code == 200, granted.text
    assert who.api("GET", "me").json()["role"] == "reviewer"
    assert name in _group(platform, "reviewers")
    # and the person still cannot change it themselves
    assert who.api("POST", "me/role", {"role": "candidate"}).status_code == 409
    admin.close()


def _group(platform: Platform, group: str) -> list[str]:
    admin = Browserless(platform)
    admin.login("admin", "admin-demo-pass")
    token = admin.token("admin")
    with token_client(platform, token) as client:
        users: list[str] = client.get(f"/hub/api/groups/{group}").json()["users"]
    admin.close()
    return users
