"""Signed, expiring set-password links shared by the hub and the interviews service.

The service signs ``{"u": username, "exp": unix_time, "n": nonce}`` with a secret that only
the hub and the service can read; the hub verifies it and records the nonce once used, so a
link works exactly once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass


class LinkError(ValueError):
    """The link is malformed, forged or expired."""


@dataclass(frozen=True)
class SetPasswordClaim:
    username: str
    expires_at: int
    nonce: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_set_password(secret: str, username: str, ttl_s: int = 7 * 24 * 3600) -> str:
    payload = {"u": username, "exp": int(time.time()) + ttl_s, "n": secrets.token_hex(8)}
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    mac = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify_set_password(secret: str, token: str, now: float | None = None) -> SetPasswordClaim:
    try:
        body, mac = token.split(".", 1)
        expected = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
        # the canonical encoding only: a changed padding bit in the last character decodes to
        # the same bytes, and would otherwise pass
        if not hmac.compare_digest(_b64(expected).encode(), mac.encode()):
            raise LinkError("This link is not valid. Ask an administrator for a new one.")
        payload = json.loads(_unb64(body))
        claim = SetPasswordClaim(str(payload["u"]), int(payload["exp"]), str(payload["n"]))
    except LinkError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise LinkError("This link is not valid. Ask an administrator for a new one.") from exc
    if claim.expires_at < (time.time() if now is None else now):
        raise LinkError("This link has expired. Ask an administrator for a new one.")
    return claim


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
