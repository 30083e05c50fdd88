"""The claim gap: a user an admin creates cannot be claimed by sign-up; a one-time link sets
the password. Runs on its own platform (it restarts it), not the shared module fixture.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from interview_hub.links import sign_set_password
from interview_hub.settings import read_secret
from tests.conftest import DEFAULT_ENV
from tests.support.platform import Browserless, Platform, token_client

GOOD_PASSWORD = "tangerine-orbit-7-lantern"
OTHER_PASSWORD = "quartz-meadow-5-violin"


@pytest.fixture(scope="module")
def own_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    platform = Platform(tmp_path_factory.mktemp("set-password"), env=dict(DEFAULT_ENV)).start()
    yield platform
    platform.stop()


@pytest.fixture(scope="module")
def admin(own_platform: Platform) -> Iterator[Browserless]:
    who = Browserless(own_platform)
    who.login("admin", "admin-demo-pass")
    who.open_service()
    yield who
    who.close()


@pytest.fixture(scope="module")
def admin_token(own_platform: Platform, admin: Browserless) -> Iterator[httpx.Client]:
    with token_client(own_platform, admin.token("admin", "set-password tests")) as client:
        yield client


@pytest.fixture
def visitor(own_platform: Platform) -> Iterator[Browserless]:
    who = Browserless(own_platform)
    yield who
    who.close()


def create_hub_user(admin_token: httpx.Client, name: str) -> None:
    created = admin_token.post(f"/hub/api/users/{name}")
    assert created.status_code == 201, created.text
    assert created.json()["name"] == name and created.json()["admin"] is False


def get_link(admin: Browserless, name: str) -> str:
    """The path of a fresh set-password link (the URL's host is the public URL)."""
    response = admin.api("POST", f"users/{name}/set-password-link")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["username"] == name and body["expires_in_days"] == 7
    url = httpx.URL(body["url"])
    assert url.path.startswith("/hub/set-password/"), body["url"]
    assert str(url).startswith(admin.platform.url), (body["url"], admin.platform.url)
    return url.path


def alerts(html: str) -> list[str]:
    found = re.findall(
        r'<div class="alert[^"]*"[^>]*role="(?:alert|status)"[^>]*>(.*?)</div>', html, re.S
    )
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", a)).strip() for a in found]


def set_password(
    who: Browserless, path: str, password: str, confirm: str | None = None
) -> httpx.Response:
    return who.client.post(
        path,
        data={
            "password": password,
            "password_confirmation": password if confirm is None else confirm,
            "_xsrf": who.hub_xsrf(),
        },
    )


def can_log_in(platform: Platform, name: str, password: str) -> bool:
    who = Browserless(platform)
    try:
        response = who.login(name, password)
        if response.url.path == "/hub/login":
            assert "Invalid username or password." in response.text, response.text[-2000:]
            return False
        me = who.client.get(
            "/hub/api/user", headers={"X-XSRFToken": who.hub_xsrf(), "Sec-Fetch-Mode": "cors"}
        )
        assert me.status_code == 200 and me.json()["name"] == name
        return True
    finally:
        who.close()


# ------------------------------------------------------------------ the gap is closed


@pytest.fixture(scope="module")
def newhire(admin_token: httpx.Client) -> str:
    create_hub_user(admin_token, "newhire")
    return "newhire"


def test_signup_cannot_claim_an_admin_created_name(
    own_platform: Platform, newhire: str, visitor: Browserless
) -> None:
    message = visitor.signup(newhire, GOOD_PASSWORD, "intruder@gmail.test")
    assert "already in use" in message, message
    # the same name spelled differently is the same hub user
    other = Browserless(own_platform)
    try:
        message = other.signup(newhire.upper(), GOOD_PASSWORD, "intruder@gmail.test")
        assert "successful" not in message, message
    finally:
        other.close()
    # and the would-be squatter cannot sign in with the password they chose
    assert not can_log_in(own_platform, newhire, GOOD_PASSWORD)


def test_login_fails_until_a_password_is_set(own_platform: Platform, newhire: str) -> None:
    # at most a couple of tries: five failures block the name for two minutes
    assert not can_log_in(own_platform, newhire, "")
    assert not can_log_in(own_platform, newhire, "newhire")


def test_bulk_created_users_are_reserved_too(
    own_platform: Platform, admin_token: httpx.Client, visitor: Browserless
) -> None:
    created = admin_token.post("/hub/api/users", json={"usernames": ["bulk1", "bulk2"]})
    assert created.status_code == 201, created.text
    for name in ("bulk1", "bulk2"):
        message = visitor.signup(name, GOOD_PASSWORD, f"{name}@gmail.test")
        assert "already in use" in message, message


# ------------------------------------------------------------------ the one-time link


def test_link_sets_the_password_once(
    own_platform: Platform, admin: Browserless, newhire: str, visitor: Browserless
) -> None:
    path = get_link(admin, newhire)

    form = visitor.client.get(path)
    assert form.status_code == 200
    assert re.search(r'<strong id="set-password-username">newhire</strong>', form.text)
    assert f'action="{path}"' in form.text and 'name="_xsrf"' in form.text
    assert alerts(form.text) == []

    for password, confirm, message in (
        ("short", None, "Use at least 10 characters."),
        ("", None, "Use at least 10 characters."),
        ("password123", None, "This password is too common."),
        (GOOD_PASSWORD, OTHER_PASSWORD, "The two passwords differ."),
    ):
        refused = set_password(visitor, path, password, confirm)
        assert refused.status_code == 400, (password, refused.status_code)
        assert any(message in a for a in alerts(refused.text)), (password, alerts(refused.text))
        assert 'id="set-password-username">newhire<' in refused.text  # the form stays

    done = set_password(visitor, path, GOOD_PASSWORD)
    assert done.status_code == 200, done.text[-2000:]
    assert any("Your password is set for newhire" in a for a in alerts(done.text))
    assert can_log_in(own_platform, newhire, GOOD_PASSWORD)

    again = visitor.client.get(path)
    assert again.status_code == 400
    assert any("already been used" in a for a in alerts(again.text)), alerts(again.text)
    assert "<form" not in again.text.split('id="set-password-main"', 1)[1]

    reused = set_password(visitor, path, OTHER_PASSWORD)
    assert reused.status_code == 400
    assert any("already been used" in a for a in alerts(reused.text))
    assert can_log_in(own_platform, newhire, GOOD_PASSWORD)  # the password did not change


def test_signed_in_person_lands_on_the_role_page(own_platform: Platform, newhire: str) -> None:
    who = Browserless(own_platform)
    try:
        who.login(newhire, GOOD_PASSWORD)
        page = who.open_service()
        assert page.url.path == "/services/interviews/role"
        assert who.api("GET", "me").json()["role"] is None
    finally:
        who.close()


def test_a_new_link_works_after_the_first_was_used(
    own_platform: Platform, admin: Browserless, admin_token: httpx.Client, visitor: Browserless
) -> None:
    create_hub_user(admin_token, "forgetful")
    first, second = get_link(admin, "forgetful"), get_link(admin, "forgetful")
    assert first != second
    assert set_password(visitor, first, GOOD_PASSWORD).status_code == 200
    assert set_password(visitor, second, OTHER_PASSWORD).status_code == 200
    assert can_log_in(own_platform, "forgetful", OTHER_PASSWORD)


def test_link_for_unknown_user_is_not_found(admin: Browserless) -> None:
    response = admin.api("POST", "users/nobody-here/set-password-link")
    assert response.status_code == 404
    assert response.json()["reason"] == "not_found"


# ------------------------------------------------------------------ forged and expired links


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forged_for(secret: str, name: str) -> str:
    """A real link for one user with the username in its body swapped (signature kept)."""
    real = sign_set_password(secret, "newhire")
    body, mac = real.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["u"] = name
    return f"{_b64(json.dumps(payload, separators=(',', ':')).encode())}.{mac}"


BAD_LINKS = {
    "expired": (lambda s: sign_set_password(s, "newhire", ttl_s=-60), "has expired"),
    "wrong-secret": (lambda s: sign_set_password("not-the-secret", "admin"), "not valid"),
    "swapped-username": (lambda s: _forged_for(s, "admin"), "not valid"),
    "truncated": (lambda s: sign_set_password(s, "admin")[:-5], "not valid"),
    "garbage": (lambda s: "garbage", "not valid"),
    "no-signature": (lambda s: sign_set_password(s, "admin").split(".")[0], "not valid"),
    "unicode": (lambda s: "%C3%A9t%C3%A9.%E2%80%AE", "not valid"),
    "deleted-account": (lambda s: sign_set_password(s, "ghost-user"), "no longer exists"),
}


@pytest.mark.parametrize("kind", list(BAD_LINKS))
def test_bad_links_are_refused_clearly(
    own_platform: Platform, visitor: Browserless, kind: str
) -> None:
    make, message = BAD_LINKS[kind]
    token = make(read_secret(own_platform.data_dir, "link_secret"))
    path = f"/hub/set-password/{token}"
    page = visitor.client.get(path)
    assert page.status_code == 400, (kind, page.status_code, page.text[-1500:])
    assert any(message in a for a in alerts(page.text)), (kind, alerts(page.text))
    assert "Ask an administrator" in page.text or "no longer exists" in page.text
    posted = set_password(visitor, path, GOOD_PASSWORD)
    assert posted.status_code == 400, (kind, posted.status_code)
    assert any(message in a for a in alerts(posted.text)), (kind, alerts(posted.text))
    assert "Your password is set" not in posted.text


def test_forged_links_did_not_touch_admin(own_platform: Platform) -> None:
    assert can_log_in(own_platform, "admin", "admin-demo-pass")
    assert not can_log_in(own_platform, "ghost-user", GOOD_PASSWORD)


def test_post_without_xsrf_is_refused(
    own_platform: Platform, admin: Browserless, admin_token: httpx.Client, visitor: Browserless
) -> None:
    create_hub_user(admin_token, "xsrfvictim")
    path = get_link(admin, "xsrfvictim")
    visitor.client.get(path)
    response = visitor.client.post(
        path, data={"password": GOOD_PASSWORD, "password_confirmation": GOOD_PASSWORD}
    )
    assert response.status_code == 403
    # the link was not spent
    assert set_password(visitor, path, GOOD_PASSWORD).status_code == 200


# ------------------------------------------------------------------ restart (keep last)


def test_used_link_stays_used_after_restart(
    own_platform: Platform, admin: Browserless, admin_token: httpx.Client
) -> None:
    create_hub_user(admin_token, "restartee")
    used = get_link(admin, "restartee")
    unused = get_link(admin, "restartee")
    who = Browserless(own_platform)
    try:
        assert set_password(who, used, GOOD_PASSWORD).status_code == 200
    finally:
        who.close()

    own_platform.restart()

    after = Browserless(own_platform)
    try:
        page = after.client.get(used)
        assert page.status_code == 400
        assert any("already been used" in a for a in alerts(page.text))
        assert set_password(after, used, OTHER_PASSWORD).status_code == 400
        assert can_log_in(own_platform, "restartee", GOOD_PASSWORD)
        # the signing secret survived too: a link made before the restart still works
        form = after.client.get(unused)
        assert form.status_code == 200
        assert 'id="set-password-username">restartee<' in form.text
        # the name is still reserved against sign-up
        assert "already in use" in after.signup("newhire", GOOD_PASSWORD, "x@gmail.test")
    finally:
        after.close()
    assert Path(own_platform.data_dir, "jupyterhub.sqlite").exists()
