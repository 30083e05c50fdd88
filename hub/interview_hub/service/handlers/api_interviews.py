"""JSON API for scheduling: interviews, calendar invites, the outbox and live events."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from tornado.iostream import StreamClosedError

from ..db.models import Interview, Mail, Problem
from ..domain import interviews as iv
from ..domain import notify, servers
from ..domain.accounts import invite_candidate
from ..domain.calendar import build_ics
from ..domain.people import get_person
from ..errors import Invalid
from ..schemas_interviews import (
    CancelInterview,
    InterviewOut,
    InterviewSaved,
    InterviewsOut,
    NewInterview,
    OutboxOut,
    UpdateInterview,
)
from .base import APIHandler, BaseHandler, Operation

ROLES_WHO_SEE_ALL = "interviewers, reviewers and admins see every interview; candidates see theirs"
#: how long opening the room waits for its notebook and kernel (``prepare_room``) before it
#: sends the participant on anyway: the lab starts a kernel itself if none is there yet
JOIN_PREPARE_WAIT_S = 30.0


async def current_viewer(handler: BaseHandler) -> iv.Viewer:
    identity = await handler.require_identity()
    with handler.ctx.db.session() as session:
        person = get_person(session, identity.name)
        role = person.role if person else None
    return iv.Viewer(identity.name, role, identity.admin)


def _parse_day(value: str | None, field: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise iv.field_error(field, f"{field} must be an ISO date or date-time.") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo("UTC"))
    return parsed


def check_problems(session: Session, slugs: list[str]) -> None:
    known = set(session.scalars(select(Problem.slug).where(Problem.slug.in_(slugs))))
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise iv.field_error("problems", f"Unknown problem(s): {', '.join(unknown)}.")


class SchedulingHandler(APIHandler):
    async def emails_for(self, interview: Interview) -> dict[str, str]:
        emails: dict[str, str] = {}
        with self.ctx.db.session() as session:
            for participant in interview.participants:
                person = get_person(session, participant.username)
                if person is not None and person.email:
                    emails[participant.username] = person.email
        for participant in interview.participants:
            if participant.username not in emails:
                identity = await self.ctx.identity(participant.username)
                if identity.email:
                    emails[participant.username] = identity.email
        return emails

    async def notify(
        self, interview: Interview, kind: str, extra: dict[str, str] | None = None
    ) -> None:
        emails = await self.emails_for(interview)
        with self.ctx.db.session() as session:
            fresh = session.get(Interview, interview.id)
            assert fresh is not None
            mails = notify.compose(
                session,
                fresh,
                kind,
                emails=emails,
                meeting_base=self.ctx.meeting_base,
                public_url=self.ctx.public_url,
                now=self.ctx.clock.now(),
                extra=extra,
            )
            ids = [m.id for m in mails]
        self.ctx.background(self._deliver(ids))

    async def _deliver(self, ids: list[int]) -> None:
        with self.ctx.db.session() as session:
            mails = [m for m in (session.get(Mail, i) for i in ids) if m is not None]
            await self.ctx.mailer.deliver(session, mails)

    def changed(self, interview: Interview, kind: str) -> None:
        self.ctx.events.publish({"type": "interview", "id": interview.public_id, "change": kind})


class InterviewsHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "List interviews the caller may see; query: status, candidate, interviewer, "
            "from, to (ISO dates), q (title)",
            response=InterviewsOut,
            auth=ROLES_WHO_SEE_ALL,
        ),
        "post": Operation(
            "Schedule an interview (or invite a candidate by email); everyone gets an email "
            "with a calendar invite",
            body=NewInterview,
            response=InterviewSaved,
            status=201,
            auth="interviewers and admins",
        ),
    }

    async def get(self) -> None:
        viewer = await current_viewer(self)
        status = self.get_query_argument("status", "")
        if status and status not in iv.STATUSES:
            raise Invalid(f"status must be one of {', '.join(iv.STATUSES)}.")
        with self.ctx.db.session() as session:
            found = iv.list_visible(
                session,
                viewer,
                candidate=self.get_query_argument("candidate", "")[:255],
                interviewer=self.get_query_argument("interviewer", "")[:255],
                start_from=_parse_day(self.get_query_argument("from", None), "from"),
                start_to=_parse_day(self.get_query_argument("to", None), "to"),
                query=self.get_query_argument("q", "")[:200],
            )
            items = [self.interview_out(i, viewer) for i in found]
        if status:
            items = [i for i in items if i["status"] == status]
        self.write_json({"items": items, "now": self.ctx.clock.now().isoformat()})

    async def post(self) -> None:
        viewer = await current_viewer(self)
        body = self.parse(NewInterview)
        if not (viewer.admin or viewer.role == "interviewer"):
            raise iv.Forbidden(
                "Only interviewers can schedule interviews.", reason="interviewer_only"
            )
        now = self.ctx.clock.now()
        schedule = iv.make_schedule(
            body.date,
            body.time,
            body.timezone,
            body.duration_min,
            body.end_time,
            now,
            self.ctx.schedule,
        )
        invited = None
        with self.ctx.db.session() as session:
            check_problems(session, body.problems)
            candidate = body.candidate
            if body.candidate_email:
                invited = await invite_candidate(
                    session,
                    self.ctx.hub,
                    body.candidate_email,
                    viewer.name,
                    link_secret=self.ctx.link_secret,
                    public_url=self.ctx.public_url,
                    hub_prefix=self.ctx.hub_prefix,
                    native=self.ctx.native_auth,
                )
                candidate = invited.username
                session.flush()
            assert candidate is not None
            interview, warnings = iv.create_interview(
                session,
                viewer,
                title=body.title,
                description=body.description,
                schedule=schedule,
                candidate=candidate,
                interviewers=body.interviewers,
                language=body.language,
                problems=body.problems,
                position=body.position,
            )
            out = self.interview_out(interview, viewer)
        extra = None
        if invited and invited.set_password_url:
            extra = {
                invited.username: (
                    f"An account was created for you: {invited.username}. Set your password "
                    f"here (the link works once): {invited.set_password_url}"
                )
            }
        elif invited and invited.created:
            extra = {invited.username: "Sign in with your organisation's account to join."}
        await self.notify(interview, "scheduled", extra)
        self.changed(interview, "scheduled")
        payload: dict[str, Any] = {"interview": out, "warnings": warnings}
        if invited:
            payload["invited"] = {
                "username": invited.username,
                "email": invited.email,
                "created": invited.created,
                "set_password_url": invited.set_password_url,
            }
        self.write_json(payload, status=201)


class InterviewHandler(SchedulingHandler):
    openapi = {
        "get": Operation("One interview", response=InterviewOut, auth=ROLES_WHO_SEE_ALL),
        "patch": Operation(
            "Change or reschedule (interviewers on the panel, admins); a new time notifies "
            "everyone",
            body=UpdateInterview,
            response=InterviewSaved,
            auth="panel interviewers and admins",
        ),
        "delete": Operation(
            "Cancel (the record stays, status cancelled; everyone is notified)",
            body=CancelInterview,
            response=InterviewOut,
            auth="panel interviewers and admins",
        ),
    }

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            out = self.interview_out(iv.get_visible(session, viewer, interview_id), viewer)
        self.write_json(out)

    async def patch(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        body = self.parse(UpdateInterview)
        changes = body.model_dump(exclude_unset=True)
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if body.problems:
                check_problems(session, body.problems)
            schedule = None
            if {"date", "time", "timezone", "duration_min", "end_time"} & changes.keys():
                zone = iv.zone_of(body.timezone or interview.timezone)
                local = interview.starts_at.astimezone(zone)
                schedule = iv.make_schedule(
                    body.date or local.strftime("%Y-%m-%d"),
                    body.time or local.strftime("%H:%M"),
                    body.timezone or interview.timezone,
                    body.duration_min or interview.duration_min,
                    body.end_time,
                    now,
                    self.ctx.schedule,
                )
            moved, warnings = iv.update_interview(
                session, viewer, interview, changes, schedule, now, self.ctx.schedule
            )
            out = self.interview_out(interview, viewer)
        if moved:
            await self.notify(interview, "rescheduled")
        self.changed(interview, "rescheduled" if moved else "updated")
        self.write_json({"interview": out, "warnings": warnings})

    async def delete(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        reason = self.parse(CancelInterview).reason if self.request.body else ""
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            iv.cancel_interview(
                session, viewer, interview, reason, self.ctx.clock.now(), self.ctx.schedule
            )
            out = self.interview_out(interview, viewer)
        await self.notify(interview, "cancelled")
        self.ctx.background(self.ctx.reconcile_now())
        self.changed(interview, "cancelled")
        self.write_json(out)


class InterviewEndHandler(SchedulingHandler):
    openapi = {
        "post": Operation(
            "End a live interview for everyone (status completed)",
            response=InterviewOut,
            auth="panel interviewers and admins",
        )
    }

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            iv.end_interview(session, viewer, interview, self.ctx.clock.now(), self.ctx.schedule)
            out = self.interview_out(interview, viewer)
        self.ctx.background(self.ctx.reconcile_now())
        self.changed(interview, "ended")
        self.write_json(out)


class InterviewICSHandler(SchedulingHandler):
    openapi = {"get": Operation("The calendar invite (text/calendar)", auth=ROLES_WHO_SEE_ALL)}

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
        emails = await self.emails_for(interview)
        from urllib.parse import urlparse

        ics = build_ics(
            interview,
            meeting_url=f"{self.ctx.meeting_base}{interview.meeting_code}"
            if iv.is_participant(interview, viewer.name) or viewer.admin
            else f"{self.ctx.public_url.rstrip('/')}{self.ctx.service_prefix}"
            f"interviews/{interview.public_id}",
            host=urlparse(self.ctx.public_url).hostname or "localhost",
            organizer=(interview.created_by, emails.get(interview.created_by, "")),
            attendees=[(p.username, emails.get(p.username, "")) for p in interview.participants],
            now=self.ctx.clock.now(),
            cancelled=interview.cancelled_at is not None,
        )
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.set_header(
            "Content-Disposition", f'attachment; filename="interview-{interview.public_id}.ics"'
        )
        self.finish(ics)


class OutboxHandler(APIHandler):
    openapi = {
        "get": Operation(
            "Mail the platform sent or holds (admins only)", response=OutboxOut, auth="admin"
        )
    }

    async def get(self) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        from ..domain.mail import outbox

        with self.ctx.db.session() as session:
            items = [
                {
                    "id": m.id,
                    "created_at": m.created_at.isoformat(),
                    "kind": m.kind,
                    "to_user": m.to_user,
                    "to_addr": m.to_addr,
                    "subject": m.subject,
                    "body": m.body,
                    "has_invite": bool(m.ics),
                    "status": m.status,
                    "error": m.error,
                }
                for m in outbox(session)
            ]
        self.write_json({"items": items, "smtp_configured": self.ctx.mailer.settings.enabled})


class EventsHandler(APIHandler):
    """Server-sent events: ``interview`` events carry an id only; clients re-read the API."""

    openapi = {"get": Operation("Live changes as server-sent events (text/event-stream)")}
    keepalive_s = 15.0

    async def get(self) -> None:
        await self.require_identity()
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Accel-Buffering", "no")
        queue = self.ctx.events.subscribe()
        try:
            self.write("retry: 2000\n: connected\n\n")
            await self.flush()
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), self.keepalive_s)
                    self.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n")
                except TimeoutError:
                    self.write(": keepalive\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            self.ctx.events.unsubscribe(queue)


class InterviewServerHandler(SchedulingHandler):
    """Start (if needed) and share the interview's server with the calling participant."""

    openapi = {
        "post": Operation(
            "Open the interview room: starts the server if needed and shares it with you "
            "(participants, inside the join window); answers whether it is ready and where",
            auth="participants of a live interview",
        )
    }

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        manager = self.ctx.servers
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if not iv.is_participant(interview, viewer.name):
                raise iv.Forbidden(
                    "Only the interview's participants can open its room.", reason="not_participant"
                )
            status = iv.status_of(interview, now, self.ctx.schedule)
            if status != "live":
                raise iv.Conflict(
                    f"The interview is {status}; the room is open only while it is live.",
                    reason=f"interview_{status}",
                )
            if manager is None or not manager.policy.enabled:
                self.write_json(
                    {
                        "enabled": False,
                        "ready": False,
                        "url": None,
                        "message": "Interview servers are not enabled here.",
                    }
                )
                return
            ready = await manager.ensure_running(interview, now)
            await manager.ensure_shared(interview, [viewer.name])
            if ready:
                problems = servers.problems_of(interview, session)
                # saved before the requests to the server: no write lock held across them
                session.commit()
                await manager.prepare_room(interview, problems, wait_s=JOIN_PREPARE_WAIT_S)
            url = manager.server_url(interview)
        self.write_json(
            {
                "enabled": True,
                "ready": ready,
                "url": f"{url}lab/tree/{servers.NOTEBOOK}" if ready else None,
                "message": "Ready." if ready else "Starting the interview server…",
            }
        )
