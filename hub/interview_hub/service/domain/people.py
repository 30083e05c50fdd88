"""People and their one platform role: chosen once, corrected only by an admin."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...settings import ROLE_GROUPS, ROLES
from ..db.models import AuditEvent, InvitationCode, Person, utcnow
from ..errors import Conflict, Forbidden, Invalid, NotFound

SELF_CHOSEN = ("candidate", "interviewer")


@dataclass(frozen=True)
class RolePolicy:
    interviewer_email_domains: tuple[str, ...] = ()
    trust_unverified_email: bool = True


@dataclass(frozen=True)
class Identity:
    """What the hub tells us about the signed-in person."""

    name: str
    admin: bool = False
    email: str = ""
    email_verified: bool = False
    groups: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RoleChange:
    person: Person
    old_role: str | None
    new_role: str | None

    def group_changes(self) -> tuple[list[str], list[str]]:
        add = [ROLE_GROUPS[self.new_role]] if self.new_role else []
        remove = [g for r, g in ROLE_GROUPS.items() if r != self.new_role]
        return add, remove


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def get_person(session: Session, username: str) -> Person | None:
    return session.scalar(select(Person).where(Person.username == username))


def ensure_person(session: Session, username: str, email: str = "") -> Person:
    person = get_person(session, username)
    if person is None:
        person = Person(username=username, email=email or None)
        session.add(person)
        session.flush()
    elif email and not person.email:
        person.email = email
    return person


def audit(
    session: Session,
    actor: str,
    action: str,
    subject: str = "",
    invitation_id: int | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEvent(
            actor=actor, action=action, subject=subject, detail=detail, invitation_id=invitation_id
        )
    )


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def interviewer_allowed_by_email(identity: Identity, policy: RolePolicy) -> bool:
    domain = email_domain(identity.email)
    if not domain or domain not in {d.lower() for d in policy.interviewer_email_domains}:
        return False
    return identity.email_verified or policy.trust_unverified_email


def _redeem(session: Session, code: str, now: datetime) -> InvitationCode:
    invitation = session.scalar(
        select(InvitationCode).where(InvitationCode.code_hash == _hash_code(code))
    )
    if invitation is None or invitation.revoked_at is not None:
        raise Forbidden(
            "This invitation code is not valid. Check it, or ask an admin for one.",
            reason="invalid_invitation",
        )
    if invitation.expires_at <= now:
        raise Forbidden(
            "This invitation code has expired. Ask an admin for a new one.",
            reason="invitation_expired",
        )
    if invitation.uses >= invitation.max_uses:
        raise Forbidden(
            "This invitation code has already been used. Ask an admin for a new one.",
            reason="invitation_used",
        )
    invitation.uses += 1
    return invitation


def choose_role(
    session: Session,
    identity: Identity,
    role: str,
    invitation_code: str | None,
    policy: RolePolicy,
    now: datetime | None = None,
) -> RoleChange:
    """The one-time choice a person makes on first sign-in."""
    now = now or utcnow()
    if role not in SELF_CHOSEN:
        raise Forbidden(
            f"The {role} role is granted by admins only. Choose candidate or interviewer.",
            reason="role_admin_only",
        )
    person = ensure_person(session, identity.name, identity.email)
    if person.role is not None:
        raise Conflict(
            f"Your role is already {person.role}; it cannot be changed. "
            "Ask an admin if it is wrong.",
            reason="role_already_set",
        )
    invitation_id = None
    if role == "interviewer" and not interviewer_allowed_by_email(identity, policy):
        if not invitation_code:
            domains = ", ".join(policy.interviewer_email_domains)
            hint = f" or an email address at {domains}" if domains else ""
            raise Forbidden(
                f"To become an interviewer you need an invitation code from an admin{hint}.",
                reason="interviewer_not_allowed",
            )
        invitation_id = _redeem(session, invitation_code, now).id
    person.role = role
    person.role_set_at = now
    person.role_set_by = identity.name
    audit(
        session,
        identity.name,
        "role.chosen",
        identity.name,
        invitation_id=invitation_id,
        role=role,
        via="invitation" if invitation_id else "self",
    )
    return RoleChange(person, None, role)


def admin_set_role(
    session: Session, actor: Identity, username: str, role: str | None, reason: str
) -> RoleChange:
    if not actor.admin:
        raise Forbidden("Only an admin can change someone's role.", reason="admin_only")
    if role is not None and role not in ROLES:
        raise Invalid(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    person = ensure_person(session, username)
    old = person.role
    person.role = role
    person.role_set_at = utcnow()
    person.role_set_by = actor.name
    audit(session, actor.name, "role.set_by_admin", username, old=old, new=role, reason=reason)
    return RoleChange(person, old, role)


def list_people(
    session: Session, role: str | None = None, query: str = "", limit: int = 200
) -> list[Person]:
    stmt = select(Person).order_by(Person.username)
    if role:
        stmt = stmt.where(Person.role == role)
    if query:
        # the query is literal text: % and _ are not wildcards
        literal = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Person.username.ilike(f"%{literal}%", escape="\\"))
    return list(session.scalars(stmt.limit(limit)))


def require_person(session: Session, username: str) -> Person:
    person = get_person(session, username)
    if person is None:
        raise NotFound(f"No person named {username!r} has signed in yet.")
    return person


@dataclass(frozen=True)
class NewInvitation:
    invitation: InvitationCode
    code: str


def create_invitation(
    session: Session, actor: Identity, note: str, max_uses: int, valid_days: int
) -> NewInvitation:
    if not actor.admin:
        raise Forbidden("Only an admin can create invitation codes.", reason="admin_only")
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    invitation = InvitationCode(
        code_hash=_hash_code(code),
        hint=code[-4:],
        role="interviewer",
        note=note,
        created_by=actor.name,
        expires_at=utcnow() + timedelta(days=valid_days),
        max_uses=max_uses,
        uses=0,
    )
    session.add(invitation)
    session.flush()
    audit(session, actor.name, "invitation.created", "", invitation_id=invitation.id, note=note)
    return NewInvitation(invitation, code)


def list_invitations(session: Session) -> list[InvitationCode]:
    return list(session.scalars(select(InvitationCode).order_by(InvitationCode.id.desc())))


def revoke_invitation(session: Session, actor: Identity, invitation_id: int) -> InvitationCode:
    if not actor.admin:
        raise Forbidden("Only an admin can revoke invitation codes.", reason="admin_only")
    # ids beyond the database's 64-bit integers cannot exist (and would not bind)
    in_range = 0 < invitation_id < 2**63
    invitation = session.get(InvitationCode, invitation_id) if in_range else None
    if invitation is None:
        raise NotFound(f"No invitation code with id {invitation_id}.")
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit(session, actor.name, "invitation.revoked", "", invitation_id=invitation.id)
    return invitation
