"""Accounts created by invitation: a reserved hub name and a one-time set-password link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...links import sign_set_password
from ..db.models import Person, utcnow
from ..errors import Invalid
from ..hubapi import HubClient
from .people import audit

LINK_TTL_S = 14 * 24 * 3600


@dataclass(frozen=True)
class Invitation:
    username: str
    email: str
    created: bool
    set_password_url: str | None


def username_for(email: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@", 1)[0].lower())[:40] or "candidate"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


async def invite_candidate(
    session: Session,
    hub: HubClient,
    email: str,
    inviter: str,
    *,
    link_secret: str,
    public_url: str,
    hub_prefix: str,
    native: bool,
) -> Invitation:
    email = email.strip().lower()
    existing = session.scalar(select(Person).where(func.lower(Person.email) == email))
    if existing is not None:
        if existing.role not in (None, "candidate"):
            raise Invalid(
                f"{email} belongs to an {existing.role}, not a candidate.",
                fields=[{"field": "candidate_email", "message": "not a candidate"}],
            )
        if existing.role is None:
            existing.role, existing.role_set_by, existing.role_set_at = (
                "candidate",
                inviter,
                utcnow(),
            )
        return Invitation(existing.username, email, False, None)
    taken = {u["name"] for u in await hub.list_users()}
    taken |= set(session.scalars(select(Person.username)))
    username = username_for(email, taken)
    await hub.create_user(username)
    session.add(
        Person(
            username=username,
            email=email,
            role="candidate",
            role_set_by=inviter,
            role_set_at=utcnow(),
        )
    )
    audit(session, inviter, "account.invited", username, email=email)
    url = None
    if native:
        token = sign_set_password(link_secret, username, ttl_s=LINK_TTL_S)
        url = f"{public_url.rstrip('/')}{hub_prefix}set-password/{token}"
    return Invitation(username, email, True, url)
