"""Who may do what: hub RBAC and the service's own checks, against a real hub, proxy and service.

One platform for the module; demo accounts: admin (hub admin), alice and bob (interviewers),
carol and dave (candidates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.platform import Browserless, Platform, token_client
from tests.unit.test_openapi import expected_operations

SERVICE_API = "/services/interviews/api/"


# ------------------------------------------------------------------ people


def _signed_in(platform: Platform, name: str, password: str) -> Browserless:
    who = Browserless(platform)
    response = who.login(name, password)
    assert response.status_code == 200 and "/hub/login" not in str(response.url), response.url
    who.open_service()
    return who


@pytest.fixture(scope="module")
def carol(platform: Platform) -> Iterator[Browserless]:
    who = _signed_in(platform, "carol", "carol-demo-pass")
    yield who
    who.close()


@pytest.fixture(scope="module")
def alice(platform: Platform) -> Iterator[Browserless]:
    who = _signed_in(platform, "alice", "alice-demo-pass")
    yield who
    who.close()


@pytest.fixture(scope="module")
def admin(platform: Platform) -> Iterator[Browserless]:
    who = _signed_in(platform, "admin", "admin-demo-pass")
    yield who
    who.close()


@pytest.fixture(scope="module")
def carol_token(platform: Platform, carol: Browserless) -> Iterator[httpx.Client]:
    with token_client(platform, carol.token("carol", "rbac tests")) as client:
        yield client


@pytest.fixture(scope="module")
def alice_token(platform: Platform, alice: Browserless) -> Iterator[httpx.Client]:
    with token_client(platform, alice.token("alice", "rbac tests")) as client:
        yield client


@pytest.fixture(scope="module")
def admin_token(platform: Platform, admin: Browserless) -> Iterator[httpx.Client]:
    with token_client(platform, admin.token("admin", "rbac tests")) as client:
        yield client


@pytest.fixture(scope="module")
def invitation_id(admin: Browserless) -> int:
    created = admin.api("POST", "invitation-codes", {"note": "rbac", "max_uses": 1})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


@pytest.fixture(scope="module")
def anonymous(platform: Platform) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=platform.url, timeout=30) as client:
        yield client


def snapshot(admin: Browserless, admin_token: httpx.Client) -> dict[str, Any]:
    """Everything a refused call must leave alone: roles, invitations, hub users and groups."""
    people = admin.api("GET", "users")
    codes = admin.api("GET", "invitation-codes")
    hub_users = admin_token.get("/hub/api/users")
    assert people.status_code == codes.status_code == hub_users.status_code == 200
    return {
        "roles": {p["username"]: p["role"] for p in people.json()["items"]},
        "codes": [(c["id"], c["uses"], c["revoked"], c["max_uses"]) for c in codes.json()["items"]],
        "hub": {
            u["name"]: (u["admin"], sorted(u["groups"]), sorted(u.get("servers", {})))
            for u in hub_users.json()
        },
    }


def _json_error(response: httpx.Response, status: int, reason: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["reason"] == reason, body
    assert isinstance(body["message"], str) and body["message"]
    return body


def _service_call(
    auth: str, who: Browserless, token: httpx.Client, method: str, path: str, body: Any
) -> httpx.Response:
    if auth == "cookie":
        return who.api(method, path, body)
    return token.request(method, f"{SERVICE_API}{path}", json=body)


# ------------------------------------------------------------------ candidates on the hub API


def test_candidate_token_cannot_list_hub_users(carol_token: httpx.Client) -> None:
    response = carol_token.get("/hub/api/users")
    assert response.status_code == 403, response.text
    assert "list:users" in response.json()["message"]
    # the token itself is fine: the candidate may read themself
    me = carol_token.get("/hub/api/user")
    assert me.status_code == 200
    assert me.json()["name"] == "carol" and me.json()["admin"] is False
    assert me.json()["groups"] == ["candidates"]


def test_candidate_token_cannot_see_another_user(carol_token: httpx.Client) -> None:
    alice = carol_token.get("/hub/api/users/alice")
    nobody = carol_token.get("/hub/api/users/no-such-user")
    # the hub answers 404 whether or not the user exists: no way to probe for names
    assert alice.status_code == nobody.status_code == 404
    assert alice.json()["message"] == nobody.json()["message"]


def test_candidate_token_cannot_start_another_users_server(
    carol_token: httpx.Client, admin_token: httpx.Client
) -> None:
    for path in ("/hub/api/users/alice/server", "/hub/api/users/alice/servers/stolen"):
        response = carol_token.post(path)
        assert response.status_code == 404, (path, response.text)
    alice = admin_token.get("/hub/api/users/alice").json()
    assert alice["servers"] == {}
    assert alice["pending"] is None and alice["server"] is None
    # nor stop it, nor make tokens for alice
    assert carol_token.delete("/hub/api/users/alice/server").status_code == 404
    tokens = carol_token.post("/hub/api/users/alice/tokens", json={"note": "steal"})
    assert tokens.status_code == 403


@pytest.mark.parametrize("path", ["/user/alice/", "/user/alice/lab", "/user/alice/api/kernels"])
def test_candidate_cannot_reach_alice_server(
    carol: Browserless, carol_token: httpx.Client, path: str
) -> None:
    for label, client in (("cookie", carol.client), ("token", carol_token)):
        first = client.get(path, follow_redirects=False)
        # no server behind the proxy: the hub gets the request and redirects to itself
        assert first.status_code == 302, (label, first.status_code)
        assert first.headers["location"].startswith("/hub/user/alice/"), label
        final = client.get(path, follow_redirects=True)
        assert final.url.path.startswith("/hub/"), (label, final.url)
        assert final.status_code == 404, (label, final.status_code, final.text[:300])
        assert "jupyter-config-data" not in final.text  # not a Jupyter server page


def test_candidate_cannot_open_hub_admin_page(carol: Browserless) -> None:
    response = carol.client.get("/hub/admin", follow_redirects=False)
    assert response.status_code == 403


# ------------------------------------------------------------------ candidates on the service API

STAFF_CALLS = [
    pytest.param("GET", "users", None, "role_required", id="list-people"),
    pytest.param("GET", "users?role=candidate", None, "role_required", id="list-candidates"),
    pytest.param(
        "PUT",
        "users/bob/role",
        {"role": "reviewer", "reason": "sneaky"},
        "admin_only",
        id="set-role",
    ),
    pytest.param(
        "PUT",
        "users/carol/role",
        {"role": "interviewer", "reason": "me!"},
        "admin_only",
        id="set-own-role",
    ),
    pytest.param("GET", "invitation-codes", None, "admin_only", id="list-codes"),
    pytest.param(
        "POST",
        "invitation-codes",
        {"note": "sneaky", "max_uses": 1000},
        "admin_only",
        id="create-code",
    ),
    pytest.param("DELETE", "invitation-codes/{invitation_id}", None, "admin_only", id="revoke"),
    pytest.param("POST", "users/bob/set-password-link", None, "admin_only", id="password-link"),
    pytest.param("POST", "users/carol/set-password-link", None, "admin_only", id="own-link"),
]


@pytest.mark.parametrize("auth", ["cookie", "token"])
@pytest.mark.parametrize(("method", "path", "body", "reason"), STAFF_CALLS)
def test_candidate_cannot_call_staff_endpoints(
    carol: Browserless,
    carol_token: httpx.Client,
    admin: Browserless,
    admin_token: httpx.Client,
    invitation_id: int,
    auth: str,
    method: str,
    path: str,
    body: Any,
    reason: str,
) -> None:
    before = snapshot(admin, admin_token)
    path = path.format(invitation_id=invitation_id)
    response = _service_call(auth, carol, carol_token, method, path, body)
    payload = _json_error(response, 403, reason)
    assert "url" not in payload and "items" not in payload
    assert snapshot(admin, admin_token) == before


@pytest.mark.parametrize("auth", ["cookie", "token"])
@pytest.mark.parametrize(
    ("method", "path", "body", "reason"), [p for p in STAFF_CALLS if p.values[3] == "admin_only"]
)
def test_interviewer_cannot_call_admin_endpoints(
    alice: Browserless,
    alice_token: httpx.Client,
    admin: Browserless,
    admin_token: httpx.Client,
    invitation_id: int,
    auth: str,
    method: str,
    path: str,
    body: Any,
    reason: str,
) -> None:
    before = snapshot(admin, admin_token)
    path = path.format(invitation_id=invitation_id)
    response = _service_call(auth, alice, alice_token, method, path, body)
    _json_error(response, 403, reason)
    assert snapshot(admin, admin_token) == before


def test_candidate_can_still_use_own_endpoints(
    carol: Browserless, carol_token: httpx.Client
) -> None:
    assert carol.api("GET", "me").json()["role"] == "candidate"
    assert carol_token.get(f"{SERVICE_API}me").json()["name"] == "carol"


# ------------------------------------------------------------------ interviewers


def test_interviewer_lists_users_on_hub_and_service(
    alice: Browserless, alice_token: httpx.Client
) -> None:
    hub = alice_token.get("/hub/api/users")
    assert hub.status_code == 200, hub.text
    names = {u["name"] for u in hub.json()}
    assert {"admin", "alice", "bob", "carol", "dave"} <= names
    for auth in ("cookie", "token"):
        service = _service_call(auth, alice, alice_token, "GET", "users", None)
        assert service.status_code == 200, service.text
        roles = {p["username"]: p["role"] for p in service.json()["items"]}
        assert roles["carol"] == "candidate" and roles["bob"] == "interviewer"
    candidates = alice.api("GET", "users?role=candidate").json()["items"]
    assert {p["username"] for p in candidates} >= {"carol", "dave"}
    assert all(p["role"] == "candidate" for p in candidates)


def test_interviewer_is_not_a_hub_admin(alice_token: httpx.Client) -> None:
    me = alice_token.get("/hub/api/user").json()
    assert me["name"] == "alice" and me["admin"] is False
    assert me["groups"] == ["interviewers"]
    scopes = set(me["scopes"])
    assert {"admin-ui", "list:users"} <= scopes
    assert not scopes & {"admin:users", "admin:groups", "admin:servers", "groups", "servers"}


@pytest.mark.parametrize("auth", ["cookie", "token"])
def test_interviewer_admin_actions_fail(
    alice: Browserless,
    alice_token: httpx.Client,
    admin: Browserless,
    admin_token: httpx.Client,
    auth: str,
) -> None:
    """What the hub's admin page would do for alice; each is refused and nothing changes."""
    before = snapshot(admin, admin_token)
    hub_headers = {"X-XSRFToken": alice.hub_xsrf(), "Sec-Fetch-Mode": "cors"}

    def hub(method: str, path: str, body: Any = None) -> httpx.Response:
        if auth == "cookie":
            return alice.client.request(method, path, json=body, headers=hub_headers)
        return alice_token.request(method, path, json=body)

    attempts = [
        ("POST", "/hub/api/users", {"usernames": ["made-by-alice"]}, 403),
        ("POST", "/hub/api/users/made-by-alice2", None, 403),
        ("PATCH", "/hub/api/users/alice", {"admin": True}, 403),
        ("PATCH", "/hub/api/users/bob", {"admin": True}, 403),
        ("DELETE", "/hub/api/users/bob", None, 403),
        ("POST", "/hub/api/groups/interviewers/users", {"users": ["carol"]}, 403),
        ("DELETE", "/hub/api/groups/candidates/users", {"users": ["carol"]}, 403),
        ("POST", "/hub/api/groups/new-group", None, 403),
        ("POST", "/hub/api/users/bob/server", None, 404),
        ("POST", "/hub/api/users/bob/tokens", {"note": "steal"}, 403),
        ("DELETE", "/hub/api/users/bob/server", None, 404),
    ]
    for method, path, body, status in attempts:
        response = hub(method, path, body)
        assert response.status_code == status, (method, path, response.status_code, response.text)
    for name in ("made-by-alice", "made-by-alice2"):
        assert admin_token.get(f"/hub/api/users/{name}").status_code == 404
    assert admin_token.get("/hub/api/groups/new-group").status_code == 404
    assert snapshot(admin, admin_token) == before


def test_interviewer_sees_hub_admin_page_but_cannot_administer(
    alice: Browserless, admin_token: httpx.Client
) -> None:
    # the admin-ui scope lets an interviewer open the hub's admin page (to see who is around)
    page = alice.client.get("/hub/admin", follow_redirects=False)
    assert page.status_code == 200
    assert 'id="react-admin-hook"' in page.text
    # while the service's admin tools stay closed
    service_admin = alice.client.get("/services/interviews/admin")
    assert service_admin.status_code == 403
    assert service_admin.headers["content-type"].startswith("text/html")
    assert "Only admins can open the admin page." in service_admin.text
    assert admin_token.get("/hub/api/users/alice").json()["admin"] is False


def test_candidate_cannot_open_service_admin_page(carol: Browserless) -> None:
    response = carol.client.get("/services/interviews/admin")
    assert response.status_code == 403
    assert "Only admins can open the admin page." in response.text


# ------------------------------------------------------------------ anonymous


def _documented_calls() -> list[Any]:
    calls = []
    for path, methods in sorted(expected_operations().items()):
        for method in sorted(methods):
            calls.append(pytest.param(method.upper(), path, id=f"{method.upper()} {path}"))
    return calls


def _concrete(path: str) -> str:
    return (
        path.lstrip("/")
        .replace("{username}", "alice")
        .replace("{invitation_id}", "1")
        .replace("{interview_id}", "1")
        .replace("{token_id}", "1")
        .replace("{slug}", "balanced-brackets")
        .replace("{job_id}", "1")
        .replace("{recording_id}", "1")
        .replace("{review_id}", "1")
        .replace("{seq}", "0")
        .replace("{token}", "00000000-0000-4000-8000-000000000000")
    )


@pytest.mark.parametrize(("method", "path"), _documented_calls())
def test_anonymous_api_calls(anonymous: httpx.Client, method: str, path: str) -> None:
    url = f"/services/interviews/{_concrete(path)}"
    assert "{" not in url, f"add a value for the path parameter in {path}"
    body = {} if method in ("POST", "PUT", "PATCH") else None
    response = anonymous.request(method, url, json=body, headers={"Sec-Fetch-Mode": "cors"})
    if path in ("/api/openapi.json", "/api/health", "/api/xsrf"):
        assert response.status_code == 200
        return
    if path.startswith("/api/judge0/"):  # API-token endpoints (see test_judge0.py)
        payload = _json_error(response, 401, "token_required")
        assert "X-Auth-Token" in payload["message"]
        return
    payload = _json_error(response, 401, "not_signed_in")
    assert payload["message"] == "Sign in first."
    assert response.headers.get("location") is None


@pytest.mark.parametrize("auth", ["token garbage", "token", "Bearer nope", "Basic YTpi"])
def test_bad_tokens_are_not_signed_in(anonymous: httpx.Client, auth: str) -> None:
    response = anonymous.get(f"{SERVICE_API}me", headers={"Authorization": auth})
    _json_error(response, 401, "not_signed_in")


@pytest.mark.parametrize("page", ["", "role", "admin", "join?code=abc"])
def test_anonymous_pages_go_to_hub_login(platform: Platform, page: str) -> None:
    with httpx.Client(base_url=platform.url, timeout=30) as client:
        first = client.get(f"/services/interviews/{page}")
        assert first.status_code == 302
        assert first.headers["location"].startswith("/hub/api/oauth2/authorize?")
        final = client.get(f"/services/interviews/{page}", follow_redirects=True)
    assert final.status_code == 200
    assert final.url.path == "/hub/login"
    assert re.search(r'<input[^>]+name="username"', final.text)


def test_openapi_is_public_and_lists_every_route(anonymous: httpx.Client) -> None:
    response = anonymous.get(f"{SERVICE_API}openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    served = {path: set(item) for path, item in doc["paths"].items()}
    assert served == expected_operations()
    # every documented path is routed (nothing answers with the catch-all 404)
    for path in served:
        probe = anonymous.options(f"/services/interviews/{_concrete(path)}")
        assert probe.status_code != 404, path
