"""JSON API for AI code reviews (interviewers only; candidates are refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from ..db.models import Review
from ..domain import interviews as iv
from ..domain import problems as pb
from ..domain import reviews
from ..schemas import Strict
from .api_interviews import SchedulingHandler, current_viewer
from .base import Operation

Language = Literal["python", "c", "cpp", "java", "javascript", "typescript", "go", "rust"]


class ReviewIn(Strict):
    problem: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)
    language: Language
    source: str = Field(min_length=1, max_length=256 * 1024)


class ReviewsHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "AI reviews of this interview, newest first",
            auth="panel interviewers, reviewers and admins",
        ),
        "post": Operation(
            "Review the given code: tests, linters, measured complexity, code "
            "metrics (and a written review when a model is configured)",
            body=ReviewIn,
            status=201,
            auth="panel interviewers and admins",
        ),
    }

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if viewer.name == interview.candidate:
                raise iv.Forbidden(
                    "AI reviews are for interviewers, never for the candidate.",
                    reason="interviewers_only",
                )
            items = reviews.list_for(session, viewer, interview)
        self.write_json({"items": items})

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if viewer.name == interview.candidate:
                raise iv.Forbidden(
                    "AI reviews are for interviewers, never for the candidate.",
                    reason="interviewers_only",
                )
            if not reviews.can_request(interview, viewer):
                raise iv.Forbidden(
                    "Only the interview's panel asks for AI reviews.", reason="not_on_panel"
                )
            body = self.parse(ReviewIn)
            problem = pb.get(session, body.problem)
            interview_pk = interview.id
        queue = await self.ctx.grading()
        bank = Path(self.settings["problems_dir"]) if self.settings.get("problems_dir") else None
        done = await reviews.review(queue.grader, problem, body.language, body.source, bank)
        with self.ctx.db.session() as session:
            item = Review(
                interview_id=interview_pk,
                requested_by=viewer.name,
                problem_slug=body.problem,
                language=body.language,
                source=body.source,
                evidence=done.evidence,
                model=done.model[:100],
                prompt_version=done.prompt_version[:32],
                text=done.text,
                status="done",
            )
            session.add(item)
            session.flush()
            out = reviews.review_out(item)
        if done.details:
            out["model_review"] = done.details
        self.ctx.events.publish({"type": "review", "id": interview_id})
        self.write_json(out, status=201)
