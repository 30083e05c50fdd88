"""HTML pages: home per role, the one-time role choice, admin tools, errors."""

from __future__ import annotations

from tornado import web

from ...names import is_interview_account
from ..domain import interviews as iv
from ..domain import people, retention, tokens
from ..errors import Forbidden, NotFound, ServiceError
from .base import BaseHandler


class PageHandler(BaseHandler):
    async def page_identity(self) -> people.Identity:
        identity = await self.identity()
        if identity is None:  # @web.authenticated already redirected anonymous visitors
            raise web.HTTPError(403)
        return identity


class HomeHandler(PageHandler):
    @web.authenticated
    async def get(self) -> None:
        identity = await self.page_identity()
        with self.ctx.db.session() as session:
            person = people.ensure_person(session, identity.name, identity.email)
            role = person.role
            if role is None:
                self.redirect(f"{self.ctx.service_prefix}role")
                return
            viewer = iv.Viewer(identity.name, role, identity.admin)
            now = self.ctx.clock.now()
            mine = [
                iv.serialise(i, viewer, now, self.ctx.schedule, self.ctx.meeting_base)
                for i in iv.list_visible(session, viewer, limit=1000)
                if iv.is_participant(i, identity.name)
            ]
        upcoming = [i for i in mine if i["status"] in ("upcoming", "live")]
        history = sorted(
            (i for i in mine if i["status"] not in ("upcoming", "live")),
            key=lambda i: i["starts_at"],
            reverse=True,
        )
        self.finish(
            self.render_page(
                "home.html",
                identity=identity,
                role=role,
                nav="home",
                upcoming=upcoming,
                history=history[:50],
            )
        )


class RoleHandler(PageHandler):
    async def _show(
        self,
        identity: people.Identity,
        error: str | None = None,
        chosen: str | None = None,
        status: int = 200,
    ) -> None:
        with self.ctx.db.session() as session:
            person = people.ensure_person(session, identity.name, identity.email)
            role = person.role
        self.set_status(status)
        self.finish(
            self.render_page(
                "role.html",
                identity=identity,
                role=role,
                error=error,
                chosen=chosen,
                by_email=people.interviewer_allowed_by_email(identity, self.ctx.policy),
                domains=self.ctx.policy.interviewer_email_domains,
                nav="role",
            )
        )

    @web.authenticated
    async def get(self) -> None:
        await self._show(await self.page_identity())

    @web.authenticated
    async def post(self) -> None:
        identity = await self.page_identity()
        role = self.get_body_argument("role", "")
        code = self.get_body_argument("invitation_code", "").strip() or None
        try:
            with self.ctx.db.session() as session:
                change = people.choose_role(session, identity, role, code, self.ctx.policy)
                add, remove = change.group_changes()
                await self.ctx.hub.set_groups(identity.name, add=add, remove=remove)
        except ServiceError as exc:
            await self._show(identity, error=exc.message, chosen=role, status=exc.status)
            return
        self.ctx.forget(identity.name)
        self.redirect(self.ctx.service_prefix)


class AdminPageHandler(PageHandler):
    @web.authenticated
    async def get(self) -> None:
        identity = await self.page_identity()
        if not identity.admin:
            raise Forbidden("Only admins can open the admin page.", reason="admin_only")
        with self.ctx.db.session() as session:
            everyone = people.list_people(session, limit=1000)
            invitations = people.list_invitations(session)
            api_tokens = tokens.list_tokens(session)
            retention_days = retention.get_setting(
                session, retention.RETENTION_KEY, retention.DEFAULT_RETENTION_DAYS
            )
        hub_users = sorted(
            u["name"]
            for u in await self.ctx.hub.list_users()
            if not is_interview_account(u["name"])
        )
        known = {p.username: p for p in everyone}
        self.finish(
            self.render_page(
                "admin.html",
                identity=identity,
                nav="admin",
                hub_users=hub_users,
                known=known,
                invitations=invitations,
                api_tokens=api_tokens,
                retention_days=retention_days,
                native=self.settings.get("authenticator") == "native",
            )
        )


class NotFoundHandler(BaseHandler):
    def prepare(self) -> None:
        super().prepare()
        self.is_api = "/api/" in self.request.path
        raise NotFound("There is nothing at this address.")
