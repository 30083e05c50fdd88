"""JSON API: the signed-in person, roles, people, invitation codes, set-password links."""

from __future__ import annotations

from pydantic import Field

from ...links import sign_set_password
from ..db.models import InvitationCode, Person
from ..domain import people, retention
from ..domain.people import RoleChange
from ..errors import Forbidden, Invalid, NotFound
from ..schemas import (
    AdminSetRole,
    ChooseRole,
    InvitationCreated,
    InvitationOut,
    InvitationsOut,
    Me,
    NewInvitationCode,
    PeopleOut,
    PersonOut,
    SetPasswordLink,
    Strict,
)
from .base import APIHandler, Operation

LINK_TTL_DAYS = 7


def person_out(person: Person) -> PersonOut:
    return PersonOut.model_validate(person, from_attributes=True)


def invitation_out(inv: InvitationCode) -> InvitationOut:
    return InvitationOut(
        id=inv.id,
        hint=inv.hint,
        note=inv.note,
        created_by=inv.created_by,
        created_at=inv.created_at,
        expires_at=inv.expires_at,
        max_uses=inv.max_uses,
        uses=inv.uses,
        revoked=inv.revoked_at is not None,
    )


class RoleSyncMixin(APIHandler):
    async def sync_groups(self, change: RoleChange) -> None:
        """Mirror the role into hub groups (the hub enforces RBAC through them)."""
        add, remove = change.group_changes()
        await self.ctx.hub.set_groups(change.person.username, add=add, remove=remove)
        self.ctx.forget(change.person.username)


class MeHandler(APIHandler):
    openapi = {"get": Operation("Who am I: name, role and admin flag", response=Me)}

    async def get(self) -> None:
        identity = await self.require_identity()
        with self.ctx.db.session() as session:
            person = people.ensure_person(session, identity.name, identity.email)
            role = person.role
        self.write_json(
            Me(
                name=identity.name,
                role=role,
                admin=identity.admin,
                email=identity.email,
                can_become_interviewer_by_email=people.interviewer_allowed_by_email(
                    identity, self.ctx.policy
                ),
            )
        )


class MyRoleHandler(RoleSyncMixin):
    openapi = {
        "post": Operation(
            "Choose your role once (candidate, or interviewer with an allowed email domain or "
            "an invitation code); a second choice is refused with 409",
            body=ChooseRole,
            response=PersonOut,
            status=201,
        )
    }

    async def post(self) -> None:
        identity = await self.require_identity()
        body = self.parse(ChooseRole)
        with self.ctx.db.session() as session:
            change = people.choose_role(
                session, identity, body.role, body.invitation_code, self.ctx.policy
            )
            await self.sync_groups(change)
            out = person_out(change.person)
        self.write_json(out, status=201)


class PeopleHandler(APIHandler):
    openapi = {
        "get": Operation(
            "List people with their roles (interviewers, reviewers and admins); query: role, q",
            response=PeopleOut,
            auth="interviewer, reviewer or admin",
        )
    }

    async def get(self) -> None:
        identity = await self.require_identity()
        role = self.get_query_argument("role", None)
        query = self.get_query_argument("q", "")[:100]
        with self.ctx.db.session() as session:
            me = people.get_person(session, identity.name)
            if not identity.admin and (me is None or me.role not in ("interviewer", "reviewer")):
                raise Forbidden(
                    "Only interviewers, reviewers and admins can list people.",
                    reason="role_required",
                )
            if role is not None and role not in ("candidate", "interviewer", "reviewer"):
                raise Invalid("role must be candidate, interviewer or reviewer.")
            items = [person_out(p) for p in people.list_people(session, role, query)]
        self.write_json(PeopleOut(items=items))


class PersonRoleHandler(RoleSyncMixin):
    openapi = {
        "put": Operation(
            "Set or correct a person's role (admins only)",
            body=AdminSetRole,
            response=PersonOut,
            auth="admin",
        )
    }

    async def put(self, username: str) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        body = self.parse(AdminSetRole)
        if await self.ctx.hub.get_user(username) is None:
            raise NotFound(f"There is no hub user named {username!r}.")
        with self.ctx.db.session() as session:
            change = people.admin_set_role(session, identity, username, body.role, body.reason)
            await self.sync_groups(change)
            out = person_out(change.person)
        self.write_json(out)


class InvitationsHandler(APIHandler):
    openapi = {
        "get": Operation(
            "List interviewer invitation codes (admins only)", response=InvitationsOut, auth="admin"
        ),
        "post": Operation(
            "Create an interviewer invitation code; the code is shown once",
            body=NewInvitationCode,
            response=InvitationCreated,
            status=201,
            auth="admin",
        ),
    }

    async def get(self) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        with self.ctx.db.session() as session:
            items = [invitation_out(i) for i in people.list_invitations(session)]
        self.write_json(InvitationsOut(items=items))

    async def post(self) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        body = self.parse(NewInvitationCode)
        with self.ctx.db.session() as session:
            new = people.create_invitation(
                session, identity, body.note, body.max_uses, body.valid_days
            )
            out = InvitationCreated(**invitation_out(new.invitation).model_dump(), code=new.code)
        self.write_json(out, status=201)


class InvitationHandler(APIHandler):
    openapi = {
        "delete": Operation(
            "Revoke an invitation code (admins only)", response=InvitationOut, auth="admin"
        )
    }

    async def delete(self, invitation_id: str) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        with self.ctx.db.session() as session:
            out = invitation_out(people.revoke_invitation(session, identity, int(invitation_id)))
        self.write_json(out)


class SetPasswordLinkHandler(APIHandler):
    openapi = {
        "post": Operation(
            "Create a one-time set-password link for a local account (admins only)",
            response=SetPasswordLink,
            status=201,
            auth="admin",
        )
    }

    async def post(self, username: str) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        if self.settings.get("authenticator", "native") != "native":
            raise Invalid("Passwords are managed by the identity provider here.")
        if await self.ctx.hub.get_user(username) is None:
            raise NotFound(f"There is no hub user named {username!r}.")
        token = sign_set_password(self.ctx.link_secret, username, ttl_s=LINK_TTL_DAYS * 86400)
        url = f"{self.ctx.public_url.rstrip('/')}{self.ctx.hub_prefix}set-password/{token}"
        with self.ctx.db.session() as session:
            people.audit(session, identity.name, "set_password_link.created", username)
        self.write_json(
            SetPasswordLink(username=username, url=url, expires_in_days=LINK_TTL_DAYS), status=201
        )


class RetentionIn(Strict):
    days: int = Field(ge=1, le=3650, description="Keep interview files this many days.")


class RetentionHandler(APIHandler):
    openapi = {
        "get": Operation("How long interview files are kept (admins only)", auth="admin"),
        "put": Operation(
            "Set the retention period; older files are deleted (admins only)",
            body=RetentionIn,
            auth="admin",
        ),
    }

    async def get(self) -> None:
        self.require_admin(await self.require_identity())
        with self.ctx.db.session() as session:
            days = retention.get_setting(
                session, retention.RETENTION_KEY, retention.DEFAULT_RETENTION_DAYS
            )
        self.write_json({"days": days})

    async def put(self) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        body = self.parse(RetentionIn)
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            days = retention.set_retention(session, identity.name, body.days, now)
            purged = retention.purge_expired(session, self.ctx.data_dir, now)
        self.write_json({"days": days, "purged": purged})


class PersonHandler(RoleSyncMixin):
    openapi = {
        "delete": Operation(
            "Delete a person's account: the hub account goes, the service keeps scores and "
            "decisions under a pseudonym (admins only)",
            auth="admin",
        )
    }

    async def delete(self, username: str) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        if await self.ctx.hub.get_user(username) is None:
            raise NotFound(f"There is no hub user named {username!r}.")
        with self.ctx.db.session() as session:
            alias = retention.forget_person(session, identity.name, username)
            await self.ctx.hub.delete_user(username)
        self.ctx.forget(username)
        self.write_json({"deleted": username, "replaced_by": alias})
