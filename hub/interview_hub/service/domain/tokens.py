"""API tokens for tools and integrations: created by admins, stored hashed, shown once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import ApiToken, utcnow
from ..errors import NotFound, Unauthenticated
from .people import audit

PREFIX = "ipt_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    record: ApiToken
    token: str


def create_token(session: Session, actor: str, name: str) -> NewToken:
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(name=name, token_hash=_hash(token), hint=token[-4:], created_by=actor)
    session.add(record)
    session.flush()
    audit(session, actor, "api_token.created", name)
    return NewToken(record, token)


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))


def revoke_token(session: Session, actor: str, token_id: int) -> ApiToken:
    record = session.get(ApiToken, token_id) if 0 < token_id < 2**63 else None
    if record is None:
        raise NotFound(f"No API token with id {token_id}.")
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        audit(session, actor, "api_token.revoked", record.name)
    return record


def authenticate(session: Session, token: str) -> ApiToken:
    if not token:
        raise Unauthenticated(
            "Send an API token in the X-Auth-Token header (an admin creates one on the "
            "People & roles page).",
            reason="token_required",
        )
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token.strip())))
    if record is None or record.revoked_at is not None:
        raise Unauthenticated("This API token is not valid or was revoked.", reason="invalid_token")
    record.last_used_at = utcnow()
    return record
