"""One error family for the service, mapped once to HTTP status and ``{message, reason}``."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    status = 400
    reason = "bad_request"

    def __init__(
        self, message: str, *, reason: str | None = None, fields: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if reason:
            self.reason = reason
        self.fields = fields or []

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "reason": self.reason}
        if self.fields:
            body["fields"] = self.fields
        return body


class BadRequest(ServiceError):
    status = 400
    reason = "bad_request"


class Unauthenticated(ServiceError):
    status = 401
    reason = "not_signed_in"


class Forbidden(ServiceError):
    status = 403
    reason = "forbidden"


class NotFound(ServiceError):
    status = 404
    reason = "not_found"


class Conflict(ServiceError):
    status = 409
    reason = "conflict"


class PayloadTooLarge(ServiceError):
    status = 413
    reason = "too_large"


class Invalid(ServiceError):
    status = 422
    reason = "invalid"


class HubUnavailable(ServiceError):
    status = 502
    reason = "hub_unavailable"
