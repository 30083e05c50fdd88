"""Scheduling pages: New interview, the interview page, the dashboard, meeting links, outbox."""

from __future__ import annotations

from tornado import web

from ..domain import feedback, problems
from ..domain import interviews as iv
from ..domain.mail import outbox
from ..errors import Conflict, Forbidden, Invalid, NotFound
from .api_interviews import current_viewer
from .base import BaseHandler


class ViewerPage(BaseHandler):
    async def page_viewer(self) -> iv.Viewer:
        viewer = await current_viewer(self)
        if viewer.role is None and not viewer.admin:
            self.redirect(f"{self.ctx.service_prefix}role")
            raise web.Finish()
        return viewer

    def render_for(self, template: str, viewer: iv.Viewer, **ns: object) -> None:
        identity = {"name": viewer.name, "admin": viewer.admin}
        self.finish(
            self.render_page(
                template, identity=identity, role=viewer.role, languages=iv.LANGUAGES, **ns
            )
        )


class ScheduleHandler(ViewerPage):
    @web.authenticated
    async def get(self) -> None:
        viewer = await self.page_viewer()
        if not (viewer.admin or viewer.role == "interviewer"):
            raise Forbidden("Only interviewers can schedule interviews.", reason="interviewer_only")
        self.render_for("schedule.html", viewer, nav="new")


class InterviewPageHandler(ViewerPage):
    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer = await self.page_viewer()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            data = self.interview_out(interview, viewer)
        self.render_for("interview.html", viewer, interview=data, nav="")


class DashboardHandler(ViewerPage):
    @web.authenticated
    async def get(self) -> None:
        viewer = await self.page_viewer()
        if not viewer.staff:
            raise Forbidden(
                "The dashboard is for interviewers and reviewers.", reason="role_required"
            )
        self.render_for("dashboard.html", viewer, nav="dashboard", statuses=iv.STATUSES)


class MeetingHandler(ViewerPage):
    """The unique meeting link: participants inside the join window are let in."""

    @web.authenticated
    async def get(self, code: str) -> None:
        viewer = await self.page_viewer()
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            interview = iv.by_meeting_code(session, code)
            if interview is None:
                raise NotFound("This meeting link is not valid. Check the link in your invite.")
            if not iv.is_participant(interview, viewer.name):
                raise Forbidden(
                    "This meeting link is for the interview's participants only.",
                    reason="not_participant",
                )
            status = iv.status_of(interview, now, self.ctx.schedule)
            public_id = interview.public_id
            opens = interview.starts_at - self.ctx.schedule.join_window
        if status == "upcoming":
            raise Conflict(
                f"The interview opens at {opens.strftime('%H:%M UTC on %d %B %Y')}, "
                f"{int(self.ctx.schedule.join_window.total_seconds() // 60)} minutes before "
                "the start. Come back then.",
                reason="not_open_yet",
            )
        if status != "live":
            raise Conflict(f"This interview is {status}.", reason=f"interview_{status}")
        if self.ctx.servers is not None and self.ctx.servers.policy.enabled:
            self.redirect(f"{self.ctx.service_prefix}room/{public_id}")
            return
        # without interview servers the meeting link leads to the interview's page
        self.redirect(f"{self.ctx.service_prefix}interviews/{public_id}?joined=1")


class JoinByCodeHandler(ViewerPage):
    @web.authenticated
    async def get(self) -> None:
        await self.page_viewer()
        code = self.get_query_argument("code", "").strip()
        if not code:
            raise Invalid("Paste the meeting link or type the interview code.")
        with self.ctx.db.session() as session:
            interview = iv.by_meeting_code(session, code)
        if interview is None:
            raise NotFound("No interview matches that link or code. Check your invitation email.")
        self.redirect(f"{self.ctx.service_prefix}m/{interview.meeting_code}")


class OutboxPageHandler(ViewerPage):
    @web.authenticated
    async def get(self) -> None:
        viewer = await self.page_viewer()
        if not viewer.admin:
            raise Forbidden("Only admins can read the outbox.", reason="admin_only")
        with self.ctx.db.session() as session:
            mails = outbox(session)
        self.render_for(
            "outbox.html", viewer, nav="outbox", mails=mails, smtp=self.ctx.mailer.settings.enabled
        )


class RoomHandler(ViewerPage):
    """Waiting room: shows progress while the interview server starts, then opens JupyterLab."""

    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer = await self.page_viewer()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if not iv.is_participant(interview, viewer.name):
                raise Forbidden(
                    "Only the interview's participants can enter its room.",
                    reason="not_participant",
                )
            data = self.interview_out(interview, viewer)
        self.render_for("room.html", viewer, interview=data, nav="")


class FeedbackPageHandler(ViewerPage):
    """Rate the interview (panel), read others' feedback when allowed, decide pass/fail."""

    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer = await self.page_viewer()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if viewer.name == interview.candidate:
                raise NotFound("No such interview, or it is not one of yours.")
            view = feedback.view(session, viewer, interview)
            data = self.interview_out(interview, viewer)
        self.render_for("feedback.html", viewer, interview=data, fb=view, nav="")


class ReviewsPageHandler(ViewerPage):
    @web.authenticated
    async def get(self) -> None:
        viewer = await self.page_viewer()
        if not viewer.staff:
            raise Forbidden("The review list is for the hiring team.", reason="role_required")
        self.render_for("reviews.html", viewer, nav="reviews")


class ProblemsPageHandler(ViewerPage):
    @web.authenticated
    async def get(self) -> None:
        viewer = await self.page_viewer()
        if not viewer.staff:
            raise Forbidden("The problem bank is for interviewers.", reason="role_required")
        with self.ctx.db.session() as session:
            items = [problems.summary(p) for p in problems.list_problems(session)]
        self.render_for(
            "problems.html",
            viewer,
            nav="problems",
            problems=items,
            can_write=viewer.admin or viewer.role == "interviewer",
        )


class ProblemPageHandler(ViewerPage):
    @web.authenticated
    async def get(self, slug: str) -> None:
        viewer = await self.page_viewer()
        if not viewer.staff:
            raise Forbidden("The problem bank is for interviewers.", reason="role_required")
        with self.ctx.db.session() as session:
            problem = problems.staff_view(problems.get(session, slug))
        problem["statement_html"] = iv.render_markdown(problem["statement"])
        self.render_for(
            "problem.html",
            viewer,
            nav="problems",
            problem=problem,
            can_write=viewer.admin or viewer.role == "interviewer",
        )


class ProblemEditPageHandler(ViewerPage):
    @web.authenticated
    async def get(self, slug: str | None = None) -> None:
        viewer = await self.page_viewer()
        if not (viewer.admin or viewer.role == "interviewer"):
            raise Forbidden("Only interviewers write problems.", reason="interviewer_only")
        problem = None
        if slug:
            with self.ctx.db.session() as session:
                problem = problems.staff_view(problems.get(session, slug))
        self.render_for(
            "problem_edit.html",
            viewer,
            nav="problems",
            problem=problem,
            order=problems.LANGUAGE_ORDER,
        )
