"""The service's OpenAPI document, built over the application's real routes (no hub)."""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel
from tornado import web

from interview_hub.service.handlers.base import APIHandler, Operation
from interview_hub.service.handlers.meta import build_openapi

PREFIX = "/services/interviews/"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")

# ------------------------------------------------------------------ helpers (also used by
# tests/hub/test_bad_input.py and tests/hub/test_rbac.py)


@functools.cache
def service_app() -> web.Application:
    """The interviews service's tornado application, built in-process with throwaway settings."""
    from interview_hub.service.app import InterviewsService

    fake_env = {
        "JUPYTERHUB_API_TOKEN": "t" * 32,
        "JUPYTERHUB_API_URL": "http://127.0.0.1:9/hub/api",
        "JUPYTERHUB_SERVICE_PREFIX": PREFIX,
        "JUPYTERHUB_BASE_URL": "/",
    }
    saved = {k: os.environ.get(k) for k in fake_env}
    os.environ.update(fake_env)
    try:
        data_dir = tempfile.mkdtemp(prefix="openapi-test-")
        app, _ctx = InterviewsService(data_dir=data_dir).build()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return app


def api_routes() -> list[tuple[str, type[web.RequestHandler]]]:
    """(pattern relative to the service prefix, handler) of every route under ``api/``."""
    found = []
    for rule in service_app().wildcard_router.rules:
        pattern = rule.matcher.regex.pattern.rstrip("$")
        if pattern.startswith(f"{PREFIX}api/"):
            found.append((pattern[len(PREFIX) :], rule.target))
    return found


def openapi_path(pattern: str) -> str:
    """What a route pattern should look like as an OpenAPI path (independent of meta.py)."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", pattern)
    return "/" + path.replace("\\.", ".")


def expected_operations() -> dict[str, set[str]]:
    """OpenAPI path -> documented methods, read from the handlers' ``openapi`` attributes."""
    return {
        openapi_path(pattern): set(handler.openapi)  # type: ignore[attr-defined]
        for pattern, handler in api_routes()
        if getattr(handler, "openapi", None)
    }


def served_document() -> dict[str, Any]:
    doc: dict[str, Any] = service_app().settings["openapi_document"]
    return doc


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = doc["components"]["schemas"][name]
    return schema


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield path, method, op


# ------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return served_document()


def test_document_is_build_openapi_over_the_app_routes(doc: dict[str, Any]) -> None:
    rebuilt = build_openapi(api_routes(), PREFIX)
    assert rebuilt == doc
    json.dumps(doc)  # plain JSON all the way down


def test_every_api_route_is_documented(doc: dict[str, Any]) -> None:
    routes = api_routes()
    assert len(routes) >= 9
    undocumented = [p for p, h in routes if not getattr(h, "openapi", None)]
    assert undocumented == [], "every route under api/ needs an `openapi` attribute"
    documented = {path: set(item) for path, item in doc["paths"].items()}
    assert documented == expected_operations()
    for must in ("/api/openapi.json", "/api/me", "/api/me/role", "/api/users/{username}/role"):
        assert must in documented


def test_documented_methods_are_the_implemented_ones() -> None:
    for pattern, handler in api_routes():
        implemented = {
            m for m in HTTP_METHODS if getattr(handler, m) is not getattr(web.RequestHandler, m)
        }
        assert set(handler.openapi) == implemented, pattern  # type: ignore[attr-defined]
        assert issubclass(handler, APIHandler), pattern


def test_paths_are_plain_absolute_templates(doc: dict[str, Any]) -> None:
    assert doc["servers"] == [{"url": PREFIX.rstrip("/")}]
    for path in doc["paths"]:
        assert path.startswith("/api/"), path
        assert not re.search(r"[\\()^$?*+\[\]]", path), f"regex left in {path!r}"


def test_path_parameters_match_the_template(doc: dict[str, Any]) -> None:
    for path, method, op in operations(doc):
        placeholders = re.findall(r"\{(\w+)\}", path)
        params = op["parameters"]
        assert [p["name"] for p in params] == placeholders, (method, path)
        for param in params:
            assert param["in"] == "path" and param["required"] is True
            assert param["schema"] == {"type": "string"}


#: operations whose body may be left out (documented as such): an AI review without a body
#: reviews the interview's last graded submission
OPTIONAL_BODIES = {("post", "/api/interviews/{interview_id}/ai-reviews")}


def test_every_body_schema_forbids_unknown_fields(doc: dict[str, Any]) -> None:
    bodies = 0
    for path, method, op in operations(doc):
        if "requestBody" not in op:
            continue
        bodies += 1
        assert method != "get", (method, path)
        optional = (method, path) in OPTIONAL_BODIES
        assert op["requestBody"]["required"] is not optional, (method, path)
        content = op["requestBody"]["content"]
        assert list(content) == ["application/json"]
        schema = resolve(doc, content["application/json"]["schema"])
        assert schema["type"] == "object", path
        assert schema["additionalProperties"] is False, f"{method} {path} accepts any field"
        assert set(schema.get("required", [])) <= set(schema["properties"]), path
    assert bodies >= 3


def test_responses_cover_success_and_errors(doc: dict[str, Any]) -> None:
    for path, method, op in operations(doc):
        assert op["summary"].strip(), (method, path)
        assert op["description"].startswith("Who may call: ")
        codes = set(op["responses"])
        successes = {c for c in codes if c.startswith("2")}
        assert len(successes) == 1, (method, path, codes)
        public = op.get("security") == []
        if public:
            assert "401" not in codes and "403" not in codes, path
            assert op["description"] == "Who may call: anyone."
        else:
            assert {"400", "401", "403", "422"} <= codes, (method, path)
        for code in codes - successes:
            schema = op["responses"][code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}


def test_public_operations_are_exactly_openapi_and_health(doc: dict[str, Any]) -> None:
    public = {(p, m) for p, m, op in operations(doc) if op.get("security") == []}
    # /api/xsrf is public by design: the token only works with the caller's own session cookie,
    # and a cross-site page cannot read the answer
    assert public == {("/api/openapi.json", "get"), ("/api/health", "get"), ("/api/xsrf", "get")}
    assert doc["security"] == [{"hubToken": []}, {"hubCookie": []}]


def test_all_refs_resolve(doc: dict[str, Any]) -> None:
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    assert refs
    schemas = doc["components"]["schemas"]
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    assert "$defs" not in json.dumps(schemas)


def test_error_schema(doc: dict[str, Any]) -> None:
    error = doc["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"message", "reason"}


class _Thing(BaseModel):
    model_config = {"extra": "forbid"}
    size: int


class _ThingHandler(APIHandler):
    openapi = {
        "put": Operation("Change a thing", body=_Thing, response=_Thing, auth="admin"),
        "delete": Operation("Drop a thing", status=204),
    }


class _NoDocs(APIHandler):
    pass


def test_build_openapi_on_synthetic_routes() -> None:
    doc = build_openapi(
        [
            (r"api/things/(?P<thing_id>\d+)/x\.json", _ThingHandler),
            (r"api/hidden", _NoDocs),
        ],
        "/svc/",
    )
    assert list(doc["paths"]) == ["/api/things/{thing_id}/x.json"]
    item = doc["paths"]["/api/things/{thing_id}/x.json"]
    assert set(item) == {"put", "delete"}
    assert item["put"]["parameters"][0]["name"] == "thing_id"
    assert item["put"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/_Thing"
    }
    assert item["put"]["description"] == "Who may call: admin."
    assert item["delete"]["responses"]["204"] == {"description": "Success", "content": {}}
    assert doc["components"]["schemas"]["_Thing"]["additionalProperties"] is False
    assert doc["servers"] == [{"url": "/svc"}]


def test_openapi_spec_validator_accepts_the_document(doc: dict[str, Any]) -> None:
    import openapi_spec_validator

    openapi_spec_validator.validate(doc)
