"""Service metadata: the OpenAPI document and a health check (both without sign-in)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text

from ... import __version__
from ..schemas import ErrorOut, Health
from .base import APIHandler, Operation

ERROR_STATUSES = {
    "400": "Malformed request (not JSON, not an object)",
    "401": "Not signed in",
    "403": "Signed in, but not allowed (reason says why), or a missing XSRF token",
    "409": "Conflicts with the current state",
    "413": "Body too large",
    "422": "Fields failed validation (fields lists each)",
}


def _path_template(pattern: str) -> tuple[str, list[str]]:
    names: list[str] = []

    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        names.append(name)
        return "{" + name + "}"

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", repl, pattern.rstrip("$"))
    path = re.sub(r"\\(.)", r"\1", path)  # regex escapes such as ``openapi\.json``
    # OpenAPI path keys start with "/" and are appended to the server URL
    return "/" + path.lstrip("/"), names


def build_openapi(routes: list[tuple[str, Any]], prefix: str) -> dict[str, Any]:
    schemas: dict[str, Any] = {}

    def ref(model: type[BaseModel]) -> dict[str, str]:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            schemas[name] = sub
        schemas[model.__name__] = schema
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    error_ref = ref(ErrorOut)
    paths: dict[str, Any] = {}
    for pattern, handler in routes:
        ops: dict[str, Operation] = getattr(handler, "openapi", {})
        if not ops:
            continue
        path, names = _path_template(pattern)
        item: dict[str, Any] = {}
        for method, op in ops.items():
            entry: dict[str, Any] = {
                "summary": op.summary,
                "description": f"Who may call: {'anyone' if op.public else op.auth}.",
                "parameters": [
                    {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                    for n in names
                ],
                "responses": {
                    str(op.status): {
                        "description": "Success",
                        "content": {"application/json": {"schema": ref(op.response)}}
                        if op.response
                        else {},
                    },
                    **{
                        code: {
                            "description": desc,
                            "content": {"application/json": {"schema": error_ref}},
                        }
                        for code, desc in ERROR_STATUSES.items()
                        if not op.public or code == "400"
                    },
                },
            }
            if op.body is not None:
                entry["requestBody"] = {
                    "required": op.body_required,
                    "content": {"application/json": {"schema": ref(op.body)}},
                }
            if op.public:
                entry["security"] = []
            item[method] = entry
        paths[path] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Interview Platform — interviews service",
            "version": __version__,
            "description": "JSON API of the interviews service. Browser calls authenticate with "
            "the service's cookie and must send X-XSRFToken; scripts send "
            "'Authorization: token <JupyterHub API token>'.",
        },
        "servers": [{"url": prefix.rstrip("/")}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "hubToken": {"type": "apiKey", "in": "header", "name": "Authorization"},
                "hubCookie": {"type": "apiKey", "in": "cookie", "name": "jupyterhub-services"},
            },
        },
        "security": [{"hubToken": []}, {"hubCookie": []}],
        "paths": paths,
    }


class OpenAPIHandler(APIHandler):
    openapi = {"get": Operation("This OpenAPI document", public=True)}

    def get(self) -> None:
        self.write_json(self.settings["openapi_document"])


class HealthHandler(APIHandler):
    openapi = {"get": Operation("Health check", response=Health, public=True)}

    def get(self) -> None:
        with self.ctx.db.session() as session:
            session.execute(text("SELECT 1"))
        self.write_json(Health(status="ok", database=self.ctx.db.engine.dialect.name))
