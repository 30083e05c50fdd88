"""Base handlers: authentication through the hub, body parsing, one error mapping."""

from __future__ import annotations

import json
import traceback
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from jupyterhub.services.auth import HubOAuthenticated
from pydantic import BaseModel, ValidationError
from tornado import web

from ..context import ServiceContext
from ..db.models import Interview
from ..domain.interviews import Viewer, serialise
from ..domain.people import Identity
from ..errors import BadRequest, Forbidden, Invalid, PayloadTooLarge, ServiceError, Unauthenticated

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Operation:
    """OpenAPI description of one method of an API handler."""

    summary: str
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    auth: str = "signed-in user"
    public: bool = False
    body_required: bool = True


class BaseHandler(HubOAuthenticated, web.RequestHandler):
    is_api = False

    @property
    def ctx(self) -> ServiceContext:
        ctx: ServiceContext = self.settings["ctx"]
        return ctx

    @property
    def hub_auth(self) -> Any:
        return self.settings["hub_auth"]

    @hub_auth.setter
    def hub_auth(self, auth: Any) -> None:  # HubAuthenticated's setter; settings win
        pass

    def prepare(self) -> None:
        self.request_id = uuid.uuid4().hex[:12]
        self.set_header("X-Request-Id", self.request_id)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_frame_headers()
        limit = self.settings["api_max_body_bytes"]
        length = self.request.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit // 1024} KiB.")
        if len(self.request.body or b"") > limit:
            raise PayloadTooLarge(f"The request body is larger than {limit // 1024} KiB.")

    def set_frame_headers(self) -> None:
        """Only the service's own pages may frame it (the room's panels widen this)."""
        self.set_header("Content-Security-Policy", "frame-ancestors 'self'")
        self.set_header("X-Frame-Options", "SAMEORIGIN")

    # ---------------------------------------------------------------- identity

    async def identity(self) -> Identity | None:
        model = self.current_user
        if not model or model.get("kind", "user") != "user":
            return None
        return await self.ctx.identity(model["name"])

    async def require_identity(self) -> Identity:
        identity = await self.identity()
        if identity is None:
            if self.get_cookie(self.hub_auth.cookie_name):
                # HubOAuth drops cookie authentication when the XSRF check fails.
                raise Forbidden(
                    "The XSRF token is missing or wrong: send the X-XSRFToken header with the "
                    "value of the _xsrf cookie, or reload the page.",
                    reason="xsrf",
                )
            raise Unauthenticated("Sign in first.", reason="not_signed_in")
        return identity

    def require_admin(self, identity: Identity) -> None:
        if not identity.admin:
            raise Forbidden("Only an admin can do this.", reason="admin_only")

    # ---------------------------------------------------------------- bodies

    def parse(self, model: type[M]) -> M:
        ctype = self.request.headers.get("Content-Type", "")
        if ctype and "json" not in ctype:
            raise BadRequest("Send the body as JSON (Content-Type: application/json).")
        try:
            data = json.loads(self.request.body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadRequest(f"The body is not valid JSON: {exc}") from exc
        except RecursionError as exc:
            raise BadRequest("The body is nested too deeply.") from exc
        if not isinstance(data, dict):
            raise BadRequest("The body must be a JSON object.")
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            fields = [
                {
                    "field": ".".join(str(p) for p in err["loc"]) or "body",
                    "message": str(err["msg"]).removeprefix("Value error, "),
                }
                for err in exc.errors()
            ]
            summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
            raise Invalid(f"Some fields are wrong: {summary}", fields=fields) from exc

    def interview_out(self, interview: Interview, viewer: Viewer) -> dict[str, Any]:
        """The interview as ``viewer`` may see it, now."""
        return serialise(
            interview, viewer, self.ctx.clock.now(), self.ctx.schedule, self.ctx.meeting_base
        )

    def write_json(self, payload: Any, status: int = 200) -> None:
        if isinstance(payload, BaseModel):
            payload = payload.model_dump(mode="json")
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(payload))

    # ---------------------------------------------------------------- errors

    def _handle_request_exception(self, e: BaseException) -> None:
        if isinstance(e, ServiceError):
            if self._finished:
                return
            self.send_error(e.status, exc_info=(type(e), e, e.__traceback__))
            return
        super()._handle_request_exception(e)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, ServiceError | web.HTTPError):
            return super().log_exception(typ, value, tb)
        self.log.error(
            "request %s failed:\n%s",
            getattr(self, "request_id", "?"),
            "".join(traceback.format_exception(typ, value, tb)),
        )

    @property
    def log(self) -> Any:
        return self.settings["log"]

    def error_payload(self, status: int, exc: BaseException | None) -> dict[str, Any]:
        if isinstance(exc, ServiceError):
            payload = exc.payload()
        elif isinstance(exc, web.HTTPError) and status < 500:
            message = exc.log_message % exc.args if exc.log_message else self._reason
            if status == 403 and "xsrf" in (message or "").lower():
                message = (
                    "The XSRF token is missing or wrong: send the X-XSRFToken header "
                    "with the value of the _xsrf cookie, or reload the page."
                )
                payload = {"message": message, "reason": "xsrf"}
            else:
                payload = {
                    "message": message or self._reason,
                    "reason": self._reason.lower().replace(" ", "_"),
                }
        elif status < 500:
            payload = {"message": self._reason, "reason": self._reason.lower().replace(" ", "_")}
        else:
            payload = {
                "message": "Something went wrong on our side. If it keeps happening, "
                f"give the administrator this request id: {getattr(self, 'request_id', '?')}.",
                "reason": "internal_error",
            }
        payload["request_id"] = getattr(self, "request_id", None)
        return payload

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        payload = self.error_payload(status_code, exc)
        # send_error cleared every header: restore the ones every response carries
        self.clear_header("Content-Type")
        if getattr(self, "request_id", None):
            self.set_header("X-Request-Id", self.request_id)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_frame_headers()
        if self.is_api or self.request.path.rstrip("/").endswith(".json"):
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps(payload))
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        model = getattr(self, "_hub_auth_user_cache", None)  # never re-authenticate here
        identity = {"name": model["name"], "admin": False} if model else None
        self.finish(
            self.render_page("error.html", status=status_code, error=payload, identity=identity)
        )

    # ---------------------------------------------------------------- pages

    def render_page(self, template: str, **ns: Any) -> str:
        env = self.settings["jinja_env"]
        ns.setdefault("identity", None)
        ns.setdefault("nav", "")
        html: str = env.get_template(template).render(
            prefix=self.ctx.service_prefix,
            hub_prefix=self.ctx.hub_prefix,
            static=lambda path: f"{self.ctx.service_prefix}static/{path}",
            hub_static=lambda path: f"{self.ctx.hub_prefix}static/{path}",
            xsrf_token=self.xsrf_token.decode()
            if isinstance(self.xsrf_token, bytes)
            else self.xsrf_token,
            **ns,
        )
        return html


class APIHandler(BaseHandler):
    is_api = True
    openapi: dict[str, Operation] = {}

    def get_login_url(self) -> str:  # never redirect API calls to a login page
        raise Unauthenticated("Sign in first.")
