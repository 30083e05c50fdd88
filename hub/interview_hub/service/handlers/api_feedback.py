"""JSON API for verdicts: feedback (blind until submitted), the decision, the reviewers' list."""

from __future__ import annotations

from pydantic import Field

from ..domain import feedback as fb
from ..domain import interviews as iv
from ..domain import notes
from ..schemas import Strict
from ..schemas_interviews import DecisionIn, FeedbackIn
from .api_interviews import SchedulingHandler, _parse_day, current_viewer
from .base import Operation

WHO = "panel interviewers (blind until they submit), reviewers and admins"


class VerdictHandler(SchedulingHandler):
    def changed_id(self, interview_id: str, kind: str) -> None:
        self.ctx.events.publish({"type": "interview", "id": interview_id, "change": kind})


class FeedbackHandler(VerdictHandler):
    openapi = {
        "get": Operation("The feedback you may see, the rubric and the decision", auth=WHO),
        "put": Operation(
            "Submit or edit your feedback (panel interviewers, once completed); "
            "every edit is kept as a version",
            body=FeedbackIn,
            auth="panel interviewers",
        ),
    }

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if iv.is_participant(interview, viewer.name) and viewer.name == interview.candidate:
                raise iv.NotFound("No such interview, or it is not one of yours.")
            out = fb.view(session, viewer, interview)
        self.write_json(out)

    async def put(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            body = self.parse(FeedbackIn)
            fb.save_feedback(
                session,
                viewer,
                interview,
                rating=body.rating,
                rubric_scores=body.rubric,
                comments=body.comments,
                recommendation=body.recommendation,
                now=self.ctx.clock.now(),
                policy=self.ctx.schedule,
            )
            session.flush()
            out = fb.view(session, viewer, interview)
        self.changed_id(interview_id, "feedback")
        self.write_json(out)


class DecisionHandler(VerdictHandler):
    openapi = {
        "post": Operation(
            "Decide pass or fail with a reason; the status becomes succeeded or failed",
            body=DecisionIn,
            auth="panel interviewers, reviewers and admins",
        )
    }

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            body = self.parse(DecisionIn)
            fb.decide(
                session,
                viewer,
                interview,
                body.decision,
                body.reason,
                self.ctx.clock.now(),
                self.ctx.schedule,
            )
            out = self.interview_out(interview, viewer)
        self.changed_id(interview_id, "decision")
        self.write_json(out)


class ReviewsHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "Completed interviews with decisions and scores; query: position, from, to, decision",
            auth="reviewers, interviewers and admins",
        )
    }

    async def get(self) -> None:
        viewer = await current_viewer(self)
        if not viewer.staff:
            raise iv.Forbidden("The review list is for the hiring team.", reason="role_required")
        position = self.get_query_argument("position", "").strip().lower()
        decision = self.get_query_argument("decision", "")
        with self.ctx.db.session() as session:
            found = iv.list_visible(
                session,
                viewer,
                start_from=_parse_day(self.get_query_argument("from", None), "from"),
                start_to=_parse_day(self.get_query_argument("to", None), "to"),
                limit=2000,
            )
            rows = fb.review_rows(session, found, self.ctx.clock.now(), self.ctx.schedule)
        if position:
            rows = [r for r in rows if position in r["position"].lower()]
        if decision in ("pass", "fail", "none"):
            rows = [r for r in rows if (r["decision"] or "none") == decision]
        rows.sort(key=lambda r: r["starts_at"], reverse=True)
        self.write_json({"items": rows})


class NotesIn(Strict):
    text: str = Field(max_length=100_000)


class NotesHandler(VerdictHandler):
    openapi = {
        "get": Operation(
            "Interviewer notes: yours and the panel's (never the candidate)",
            auth="panel interviewers, reviewers and admins",
        ),
        "put": Operation(
            "Autosave your notes (each save is kept with its time)",
            body=NotesIn,
            auth="panel interviewers",
        ),
    }

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if viewer.name == interview.candidate:
                raise iv.NotFound("No such interview, or it is not one of yours.")
            out = notes.read(session, viewer, interview)
        self.write_json(out)

    async def put(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if viewer.name == interview.candidate:
                raise iv.NotFound("No such interview, or it is not one of yours.")
            body = self.parse(NotesIn)
            note = notes.save(session, viewer, interview, body.text, self.ctx.clock.now())
            out = {"text": note.text, "updated_at": note.updated_at.isoformat()}
        self.write_json(out)
