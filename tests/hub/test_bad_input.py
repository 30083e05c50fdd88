"""Bad input to every JSON endpoint of the service, against a real hub, proxy and service.

The endpoints and their body schemas come from the OpenAPI document, so a new endpoint with a
body is covered without touching this file (unless it has a path parameter nobody here knows
how to fill: then the test says so). Every answer must be a 4xx with a JSON ``message`` and
``reason`` (as mapped in handlers/base.py: 400 malformed, 403 XSRF, 413 too large, 422 fields),
never a 5xx, and nothing may be saved.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import unique
from tests.support.platform import Browserless, Platform, token_client
from tests.unit.test_openapi import operations, resolve, served_document

PREFIX = "/services/interviews"
LIMIT = 64 * 1024  # InterviewsService.api_max_body_bytes
#: GET endpoints that never end (server-sent events): not part of the "nothing changed" check
STREAMS = {"/api/events"}

DOC = served_document()  # what the service serves (checked against the live one below)


# ------------------------------------------------------------------ schema helpers


def _non_null(schema: dict[str, Any]) -> dict[str, Any]:
    schema = resolve(DOC, schema)
    for branch in schema.get("anyOf", []):
        branch = resolve(DOC, branch)
        if branch.get("type") != "null":
            return branch
    return schema


def example(schema: dict[str, Any]) -> Any:
    """A value that satisfies a simple schema (used for endpoints without a VALID_BODIES entry)."""
    schema = _non_null(schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        size = max(schema.get("minLength", 0), 5)
        return "x" * min(size, schema.get("maxLength", size))
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        props = schema.get("properties", {})
        return {name: example(props[name]) for name in schema.get("required", [])}
    return None


def wrong_type(schema: dict[str, Any]) -> Any:
    """A value of a type pydantic will not coerce into what the schema wants."""
    kind = _non_null(schema).get("type", "string")
    return {
        "string": 12345,
        "integer": "twelve",
        "number": "twelve",
        "boolean": "maybe",
        "array": "not-a-list",
        "object": "not-an-object",
    }.get(kind, {"unexpected": ["structure"]})


def string_fields(schema: dict[str, Any]) -> list[str]:
    return [
        name
        for name, prop in schema.get("properties", {}).items()
        if _non_null(prop).get("type") == "string"
    ]


def enum_fields(schema: dict[str, Any]) -> list[str]:
    return [
        name for name, prop in schema.get("properties", {}).items() if "enum" in _non_null(prop)
    ]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # OpenAPI template, e.g. /api/users/{username}/role
    schema: dict[str, Any]
    auth: str  # the operation's "Who may call" line

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def token_only(op: dict[str, Any]) -> bool:
    """The Judge0-compatible API authenticates with API tokens only (see test_judge0.py)."""
    return "X-Auth-Token" in op.get("description", "")


def body_endpoints() -> list[Endpoint]:
    found = []
    for path, method, op in operations(DOC):
        if "requestBody" in op and not token_only(op):
            schema = resolve(DOC, op["requestBody"]["content"]["application/json"]["schema"])
            found.append(Endpoint(method.upper(), path, schema, op["description"]))
    return found


ENDPOINTS = body_endpoints()


# ------------------------------------------------------------------ the cases

Body = Callable[[dict[str, Any]], bytes | None]


@dataclass(frozen=True)
class Case:
    kind: str
    body: Body  # valid body -> bytes to send
    status: int
    reason: str
    content_type: str | None = "application/json"
    xsrf: bool = True
    field: str | None = None  # a field the 422 must name

    def id(self, endpoint: Endpoint) -> str:
        return f"{endpoint.label} {self.kind}"


def _dump(value: Any) -> bytes:
    return json.dumps(value).encode()


def _with(field: str, value: Any) -> Body:
    return lambda valid: _dump({**valid, field: value})


def _without(field: str) -> Body:
    return lambda valid: _dump({k: v for k, v in valid.items() if k != field})


def _raw_field(field: str, json_text: str) -> Body:
    """The valid body with one field's JSON text replaced verbatim (for escapes json can't make)."""

    def make(valid: dict[str, Any]) -> bytes:
        rest = json.dumps({k: v for k, v in valid.items() if k != field})
        inner = rest[1:-1]
        return ("{" + f'"{field}": {json_text}' + (", " + inner if inner else "") + "}").encode()

    return make


def _padded(size: int) -> Body:
    return lambda valid: _dump(valid) + b" " * (size - len(_dump(valid)))


LOOKALIKES = {
    "fullwidth": lambda s: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s),
    "zero-width": lambda s: s[:1] + "\u200b" + s[1:],
    "rtl-override": lambda s: "\u202e" + s,
    "cyrillic": lambda s: (
        s.replace("a", "\u0430").replace("e", "\u0435").replace("c", "\u0441")
        + ("\u0456" if not set(s) & set("aec") else "")
    ),
}


def cases_for(endpoint: Endpoint) -> list[Case]:
    schema = endpoint.schema
    props = schema.get("properties", {})
    cases = [
        Case("unknown field", _with("surprise", 1), 422, "invalid", field="surprise"),
        Case("unknown field (admin)", _with("admin", True), 422, "invalid", field="admin"),
        Case("array", lambda v: b"[]", 400, "bad_request"),
        Case("array of the body", lambda v: _dump([v]), 400, "bad_request"),
        Case("string", lambda v: b'"x"', 400, "bad_request"),
        Case("null", lambda v: b"null", 400, "bad_request"),
        Case("number", lambda v: b"42", 400, "bad_request"),
        Case("invalid JSON", lambda v: b'{"role": ', 400, "bad_request"),
        Case("single quotes", lambda v: _dump(v).replace(b'"', b"'"), 400, "bad_request"),
        Case("trailing garbage", lambda v: _dump(v) + b"}", 400, "bad_request"),
        Case("deeply nested", lambda v: b"[" * 5000 + b"]" * 5000, 400, "bad_request"),
        Case("invalid UTF-8", lambda v: b'{"x": "\xff\xfe\xc3"}', 400, "bad_request"),
        Case("text/plain", lambda v: _dump(v), 400, "bad_request", content_type="text/plain"),
        Case(
            "form-encoded",
            lambda v: b"role=candidate&reason=because",
            400,
            "bad_request",
            content_type="application/x-www-form-urlencoded",
        ),
        Case(
            "multipart",
            lambda v: _dump(v),
            400,
            "bad_request",
            content_type="multipart/form-data; boundary=x",
        ),
        Case("5 MB", _padded(5 * 1024 * 1024), 413, "too_large"),
        Case("100 KB", _padded(100 * 1024), 413, "too_large"),
        Case("just over the limit", _padded(LIMIT + 1), 413, "too_large"),
        Case("60 KB non-object", lambda v: b"[" + b" " * 60 * 1024 + b"]", 400, "bad_request"),
        Case("no XSRF header", lambda v: _dump(v), 403, "xsrf", xsrf=False),
    ]
    for name in props:
        cases.append(
            Case(
                f"wrong type {name}",
                _with(name, wrong_type(props[name])),
                422,
                "invalid",
                field=name,
            )
        )
    for name in schema.get("required", []):
        cases.append(Case(f"missing {name}", _without(name), 422, "invalid", field=name))
    for name in string_fields(schema):
        cases.append(
            Case(
                f"lone surrogate in {name}",
                _raw_field(name, '"a\\ud800b"'),
                422,
                "invalid",
                field=name,
            )
        )
        cases.append(Case(f"NUL in {name}", _with(name, "ab\u0000cd"), 422, "invalid", field=name))
    for name in enum_fields(schema):
        allowed = _non_null(props[name])["enum"]
        for label, spoof in LOOKALIKES.items():
            cases.append(
                Case(f"{label} {name}", _with(name, spoof(allowed[0])), 422, "invalid", field=name)
            )
    return cases


CASES = [
    pytest.param(endpoint, case, id=case.id(endpoint))
    for endpoint in ENDPOINTS
    for case in cases_for(endpoint)
]


# ------------------------------------------------------------------ people and resources


def _person(platform: Platform, role: str | None) -> tuple[Browserless, str]:
    who = Browserless(platform)
    name = unique("bad")
    message = who.signup(name, "correct-horse-battery", f"{name}@gmail.test")
    assert "successful" in message, message
    who.login(name, "correct-horse-battery")
    who.open_service()
    if role:
        assert who.api("POST", "me/role", {"role": role}).status_code == 201
    return who, name


@pytest.fixture(scope="module")
def admin(platform: Platform) -> Iterator[Browserless]:
    who = Browserless(platform)
    who.login("admin", "admin-demo-pass")
    who.open_service()
    yield who
    who.close()


@pytest.fixture(scope="module")
def admin_token(platform: Platform, admin: Browserless) -> Iterator[httpx.Client]:
    with token_client(platform, admin.token("admin", "bad input")) as client:
        yield client


@pytest.fixture(scope="module")
def roleless(platform: Platform) -> Iterator[Browserless]:
    """Signed in, no role yet: a valid POST me/role would succeed, so it must never get through."""
    who, _ = _person(platform, None)
    yield who
    who.close()


@pytest.fixture(scope="module")
def target(platform: Platform) -> Iterator[str]:
    """A candidate whose role an admin could change (the {username} of the endpoints)."""
    who, name = _person(platform, "candidate")
    yield name
    who.close()


class Resources:
    """Real ids for path parameters, made on first use."""

    def __init__(self, admin: Browserless, target: str) -> None:
        self.admin = admin
        self.target = target
        self._made: dict[str, str] = {}

    def get(self, param: str) -> str:
        if param not in self._made:
            maker = getattr(self, f"make_{param}", None)
            if maker is None:
                pytest.fail(f"tests/hub/test_bad_input.py: teach Resources to make a {param}")
            self._made[param] = str(maker())
        return self._made[param]

    def make_username(self) -> str:
        return self.target

    def make_invitation_id(self) -> int:
        created = self.admin.api("POST", "invitation-codes", {"note": "bad input", "max_uses": 1})
        assert created.status_code == 201, created.text
        return int(created.json()["id"])

    def make_interview_id(self) -> str:
        created = self.admin.api("POST", "interviews", valid_body("POST", "/api/interviews", self))
        assert created.status_code == 201, created.text
        return str(created.json()["interview"]["id"])

    def make_slug(self) -> str:
        created = self.admin.api("POST", "problems", valid_problem("bad-input-target"))
        assert created.status_code == 201, created.text
        return str(created.json()["slug"])

    def make_job_id(self) -> int:
        return 1  # GET only: refused before any lookup when the XSRF token is missing

    def make_recording_id(self) -> int:
        return 1  # GET media only: refused before any lookup when the XSRF token is missing

    def make_review_id(self) -> int:
        return 1  # GET only: refused before any lookup when the XSRF token is missing

    def make_token_id(self) -> int:
        created = self.admin.api("POST", "tokens", {"name": "bad input"})
        assert created.status_code == 201, created.text
        return int(created.json()["id"])

    def url(self, path: str) -> str:
        return PREFIX + re.sub(r"\{(\w+)\}", lambda m: self.get(m.group(1)), path)


@pytest.fixture(scope="module")
def resources(admin: Browserless, target: str) -> Resources:
    made = Resources(admin, target)
    # make what the document's paths need now, before any "nothing changed" snapshot
    for param in sorted({p for path in DOC["paths"] for p in re.findall(r"\{(\w+)\}", path)}):
        if hasattr(made, f"make_{param}"):
            made.get(param)
    return made


#: Bodies that WOULD change something if they got through (so "nothing changed" means a lot).
VALID_BODIES: dict[tuple[str, str], Callable[[Resources], dict[str, Any]]] = {
    ("POST", "/api/me/role"): lambda r: {"role": "candidate"},
    ("PUT", "/api/users/{username}/role"): lambda r: {"role": "reviewer", "reason": "promotion"},
    ("POST", "/api/invitation-codes"): lambda r: {"note": "must not exist", "max_uses": 7},
    ("POST", "/api/interviews"): lambda r: {
        "title": "Bad input target",
        "date": (date.today() + timedelta(days=60)).isoformat(),
        "time": "10:00",
        "timezone": "UTC",
        "candidate": r.target,
    },
    ("PATCH", "/api/interviews/{interview_id}"): lambda r: {"title": "Must not be renamed"},
    ("DELETE", "/api/interviews/{interview_id}"): lambda r: {"reason": "must not be cancelled"},
    ("POST", "/api/tokens"): lambda r: {"name": "must not exist"},
    ("POST", "/api/problems"): lambda r: valid_problem("must-not-exist"),
    ("PUT", "/api/problems/{slug}"): lambda r: {
        **valid_problem(r.get("slug")),
        "title": "Must not be renamed",
    },
    ("POST", "/api/grade"): lambda r: {
        "interview_id": r.get("interview_id"),
        "problem": "no-such-problem",
        "language": "python",
        "source": "print(1)",
    },
    ("POST", "/api/interviews/{interview_id}/ai-reviews"): lambda r: {
        "problem": "no-such-problem",
        "language": "python",
        "source": "print(1)",
    },
}


def valid_problem(slug: str) -> dict[str, Any]:
    langs = ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")
    return {
        "slug": slug,
        "title": "Bad input target",
        "difficulty": "easy",
        "topics": ["math"],
        "statement": "Print the sum of two numbers.",
        "starters": {k: "x" for k in langs},
        "visible": [{"name": "01", "input": "1 2\n", "output": "3\n"}],
        "hidden": [{"name": "02", "input": "2 2\n", "output": "4\n"}],
    }


def valid_body(method: str, path: str, resources: Resources) -> dict[str, Any]:
    maker = VALID_BODIES.get((method, path))
    if maker is not None:
        return maker(resources)
    endpoint = next(e for e in ENDPOINTS if (e.method, e.path) == (method, path))
    body: dict[str, Any] = example(endpoint.schema)
    return body


def caller_for(endpoint: Endpoint, admin: Browserless, roleless: Browserless) -> Browserless:
    return roleless if endpoint.auth == "Who may call: signed-in user." else admin


def snapshot(admin: Browserless, roleless: Browserless) -> dict[str, Any]:
    """Every list the admin can read, plus the role-less person's own record."""
    state: dict[str, Any] = {"me": roleless.api("GET", "me").json()}
    for path, method, op in operations(DOC):
        if (
            method != "get"
            or "{" in path
            or op.get("security") == []
            or path in STREAMS
            or token_only(op)
        ):
            continue
        response = admin.api("GET", path.removeprefix("/api/"))
        assert response.status_code == 200, (path, response.text)
        data = response.json()
        if isinstance(data, dict):
            data.pop("now", None)
        state[path] = data
    return state


@pytest.fixture
def unchanged(admin: Browserless, roleless: Browserless, resources: Resources) -> Iterator[None]:
    before = snapshot(admin, roleless)
    yield
    assert snapshot(admin, roleless) == before, "a refused request changed something"


def check_error(response: httpx.Response, status: int, reason: str) -> dict[str, Any]:
    assert response.status_code < 500, (response.status_code, response.text[:500])
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    payload: dict[str, Any] = response.json()
    assert payload["reason"] == reason, payload
    assert isinstance(payload["message"], str) and len(payload["message"]) > 5, payload
    return payload


def send(
    who: Browserless,
    method: str,
    url: str,
    content: bytes | None,
    content_type: str | None = "application/json",
    xsrf: bool = True,
) -> httpx.Response:
    headers = {"Sec-Fetch-Mode": "cors"}
    if content_type:
        headers["Content-Type"] = content_type
    if xsrf:
        headers["X-XSRFToken"] = who.service_xsrf()
    return who.client.request(method, url, content=content, headers=headers)


# ------------------------------------------------------------------ tests


def test_cases_come_from_the_live_document(platform: Platform) -> None:
    live = httpx.get(f"{platform.url}{PREFIX}/api/openapi.json", timeout=10).json()
    assert live == DOC
    assert {e.label for e in ENDPOINTS} >= {
        "POST /api/me/role",
        "PUT /api/users/{username}/role",
        "POST /api/invitation-codes",
    }


@pytest.mark.parametrize(("endpoint", "case"), CASES)
@pytest.mark.usefixtures("unchanged")
def test_bad_body(
    endpoint: Endpoint,
    case: Case,
    admin: Browserless,
    roleless: Browserless,
    resources: Resources,
) -> None:
    who = caller_for(endpoint, admin, roleless)
    url = resources.url(endpoint.path)
    content = case.body(valid_body(endpoint.method, endpoint.path, resources))
    response = send(who, endpoint.method, url, content, case.content_type, case.xsrf)
    payload = check_error(response, case.status, case.reason)
    if case.field is not None:
        named = [f["field"] for f in payload["fields"]]
        assert any(f == case.field or f.startswith(f"{case.field}.") for f in named), payload


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.label for e in ENDPOINTS])
@pytest.mark.usefixtures("unchanged")
def test_valid_body_with_bad_token_auth(
    endpoint: Endpoint, admin_token: httpx.Client, resources: Resources
) -> None:
    """Token callers get the same answers (and need no XSRF token)."""
    url = resources.url(endpoint.path)
    headers = {"Content-Type": "application/json"}
    for content, status, reason in (
        (b"[]", 400, "bad_request"),
        (b"{", 400, "bad_request"),
        (_dump({**valid_body(endpoint.method, endpoint.path, resources), "zz": 1}), 422, "invalid"),
    ):
        response = admin_token.request(endpoint.method, url, content=content, headers=headers)
        check_error(response, status, reason)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.label for e in ENDPOINTS])
@pytest.mark.usefixtures("unchanged")
def test_wrong_xsrf_token(
    endpoint: Endpoint, admin: Browserless, roleless: Browserless, resources: Resources
) -> None:
    who = caller_for(endpoint, admin, roleless)
    body = _dump(valid_body(endpoint.method, endpoint.path, resources))
    for token in ("nonsense", admin.hub_xsrf()):  # garbage, and the hub's (other path) token
        response = who.client.request(
            endpoint.method,
            resources.url(endpoint.path),
            content=body,
            headers={"Content-Type": "application/json", "X-XSRFToken": token},
        )
        check_error(response, 403, "xsrf")
    # plain form posts from another site (no fetch metadata, no header) are refused as well
    response = who.client.request(
        endpoint.method,
        resources.url(endpoint.path),
        content=body,
        headers={"Content-Type": "application/json"},
    )
    check_error(response, 403, "xsrf")


GETS = [
    pytest.param(path, id=f"GET {path}")
    for path, method, op in operations(DOC)
    if method == "get" and op.get("security") != [] and not token_only(op)
]


@pytest.mark.parametrize("path", GETS)
def test_get_without_xsrf_from_fetch_is_refused(
    path: str, admin: Browserless, resources: Resources
) -> None:
    url = resources.url(path)
    response = admin.client.get(url, headers={"Sec-Fetch-Mode": "cors"})
    check_error(response, 403, "xsrf")
    response = admin.client.get(url, headers={"Sec-Fetch-Mode": "same-origin"})
    check_error(response, 403, "xsrf")


def test_get_with_xsrf_or_as_navigation_works(admin: Browserless) -> None:
    url = f"{PREFIX}/api/me"
    fetched = admin.client.get(
        url, headers={"Sec-Fetch-Mode": "cors", "X-XSRFToken": admin.service_xsrf()}
    )
    assert fetched.status_code == 200 and fetched.json()["name"] == "admin"
    navigated = admin.client.get(url, headers={"Sec-Fetch-Mode": "navigate"})
    assert navigated.status_code == 200


JUNK_PATH_VALUES = [
    ("99999999999999999999999", "huge-number"),
    ("..%2Fgroups%2Finterviewers", "dot-dot-slash"),
    ("%2E%2E", "dot-dot"),
    ("%E2%80%AEnimda", "rtl-override"),
    ("%00", "nul"),
    ("x" * 300, "very-long"),
]


def _documented(path: str) -> bool:
    """Whether a concrete path (under /api) is one of the documented routes."""
    return any(
        re.fullmatch(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)), path)
        for template in DOC["paths"]
    )


def _resolves_elsewhere(path: str, value: str) -> bool:
    """A dot-dot value, once the client and the proxy resolve it, can turn one route into
    another documented one (``/api/interviews/../ai-reviews/../events`` is ``/api/events``):
    that request is the other route's business, not a junk parameter."""
    raw = re.sub(r"\{\w+\}", value.replace("%2E", "."), path)
    resolved = posixpath.normpath(raw)
    return resolved != raw and _documented(resolved)


def _junk_cases() -> list[Any]:
    return [
        pytest.param(method.upper(), path, value, id=f"{method.upper()} {path}-{value_id}")
        for path, method, op in operations(DOC)
        if "{" in path
        for value, value_id in JUNK_PATH_VALUES
        if not _resolves_elsewhere(path, value)
    ]


@pytest.mark.parametrize(("method", "path", "value"), _junk_cases())
@pytest.mark.usefixtures("unchanged")
def test_junk_path_parameters_are_not_found(
    method: str, path: str, value: str, admin: Browserless, resources: Resources
) -> None:
    url = PREFIX + re.sub(r"\{\w+\}", value, path)
    content = None
    if (method, path) in VALID_BODIES:
        content = _dump(valid_body(method, path, resources))
    response = send(admin, method, url, content)
    check_error(response, 404, "not_found")


@pytest.mark.parametrize(
    ("query", "status", "reason"),
    [
        pytest.param("role=admin", 422, "invalid", id="unknown-role"),
        pytest.param("role=", 422, "invalid", id="empty-role"),
        pytest.param("role=%E2%80%AEcandidate", 422, "invalid", id="rtl-role"),
        pytest.param("q=%FF", 400, "bad_request", id="invalid-utf8"),
        pytest.param("role=%FF", 400, "bad_request", id="invalid-utf8-role"),
    ],
)
def test_bad_query_parameters(query: str, status: int, reason: str, admin: Browserless) -> None:
    response = admin.api("GET", f"users?{query}")
    check_error(response, status, reason)


@pytest.mark.parametrize(
    "query",
    ["q=%25", "q=_", "q=%00", "q=" + "a" * 5000, "q=%E2%80%AE", "q=%F0%9F%92%A9"],
    ids=["percent", "underscore", "nul", "very-long", "rtl", "emoji"],
)
def test_odd_searches_are_fine(query: str, admin: Browserless) -> None:
    response = admin.api("GET", f"users?{query}")
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["items"], list)


@pytest.mark.parametrize("text", ["%", "_"], ids=["percent", "underscore"])
def test_search_text_is_not_a_wildcard(text: str, admin: Browserless) -> None:
    everyone = admin.api("GET", "users").json()["items"]
    assert len(everyone) >= 5
    found = admin.api("GET", "users", params={"q": text}).json()["items"]
    assert [p["username"] for p in found] == [
        p["username"] for p in everyone if text in p["username"]
    ]
