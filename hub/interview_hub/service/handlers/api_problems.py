"""JSON API: the problem bank, and 'Run tests' (grading) during interviews."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ..db.models import Interview
from ..domain import grading
from ..domain import interviews as iv
from ..domain import problems as pb
from ..schemas import Strict
from . import notebook_grading as nb
from .api_interviews import SchedulingHandler, current_viewer
from .base import Operation

Language = Literal["python", "c", "cpp", "java", "javascript", "typescript", "go", "rust"]
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class TestIn(Strict):
    __test__ = False
    name: str = Field(min_length=1, max_length=40)
    input: str = Field(max_length=2_000_000)
    output: str = Field(max_length=2_000_000)


class ProblemIn(Strict):
    slug: str = Field(pattern=SLUG, max_length=64)
    title: str = Field(min_length=3, max_length=100)
    difficulty: Literal["easy", "medium", "hard"]
    topics: list[str] = Field(min_length=1, max_length=6)
    statement: str = Field(min_length=10, max_length=50_000)
    starters: dict[Language, str] = Field(description="Starter code for every language.")
    visible: list[TestIn] = Field(min_length=1, max_length=20)
    hidden: list[TestIn] = Field(min_length=1, max_length=200)
    solutions: dict[Language, str] = Field(default_factory=dict)
    time_limit_s: float = Field(default=2.0, gt=0, le=10)
    memory_limit_mb: int = Field(default=256, ge=16, le=1024)
    checker: str = Field(default="exact", pattern=r"^(exact|tokens|float:[0-9.eE-]+)$")
    expected_complexity: str | None = Field(default=None, max_length=40)

    @field_validator("starters")
    @classmethod
    def _every_language(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [k for k in pb.LANGUAGE_ORDER if k not in value]
        if missing:
            raise ValueError(f"give starter code for every language; missing: {', '.join(missing)}")
        return value


class GradeIn(Strict):
    interview_id: str = Field(pattern=r"^[\w-]{1,32}$")
    problem: str = Field(pattern=SLUG, max_length=64)
    language: Language
    source: str = Field(max_length=256 * 1024)


def _fields(body: ProblemIn) -> dict[str, Any]:
    data = body.model_dump()
    data["visible"] = [dict(t) for t in data["visible"]]
    data["hidden"] = [dict(t) for t in data["hidden"]]
    return data


class ProblemsHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "The problem bank (interviewers, reviewers, admins)",
            auth="interviewers, reviewers and admins",
        ),
        "post": Operation(
            "Write a new problem (same validation as the bank)",
            body=ProblemIn,
            status=201,
            auth="interviewers and admins",
        ),
    }

    async def get(self) -> None:
        viewer = await current_viewer(self)
        if not viewer.staff:
            raise iv.Forbidden("The problem bank is for interviewers.", reason="role_required")
        with self.ctx.db.session() as session:
            items = [pb.summary(p) for p in pb.list_problems(session)]
        self.write_json({"items": items})

    async def post(self) -> None:
        viewer = await current_viewer(self)
        body = self.parse(ProblemIn)
        with self.ctx.db.session() as session:
            problem = pb.save_custom(
                session,
                viewer.name,
                None,
                _fields(body),
                viewer.admin or viewer.role == "interviewer",
            )
            out = pb.staff_view(problem)
        self.write_json(out, status=201)


class ProblemHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "One problem: everything for staff; statement, starters and visible "
            "tests for a candidate whose live interview uses it",
            auth="staff, or the candidate of a live interview with this problem",
        ),
        "put": Operation(
            "Edit a problem (an edited bank problem is no longer re-synced)",
            body=ProblemIn,
            auth="interviewers and admins",
        ),
    }

    async def get(self, slug: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            if viewer.staff:
                out = pb.staff_view(pb.get(session, slug))
            else:
                mine = [
                    i
                    for i in iv.list_visible(session, viewer)
                    if slug in (i.problems or [])
                    and iv.status_of(i, self.ctx.clock.now(), self.ctx.schedule) == "live"
                ]
                if not mine:
                    raise iv.NotFound(f"No problem {slug!r} in your interviews.")
                out = pb.public_view(pb.get(session, slug))
        self.write_json(out)

    async def put(self, slug: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            pb.get(session, slug)
            body = self.parse(ProblemIn)
            if body.slug != slug:
                raise iv.Invalid(
                    "The slug of a problem cannot change.",
                    fields=[{"field": "slug", "message": "must stay " + slug}],
                )
            problem = pb.save_custom(
                session,
                viewer.name,
                slug,
                _fields(body),
                viewer.admin or viewer.role == "interviewer",
            )
            out = pb.staff_view(problem)
        self.write_json(out)


class GradeHandler(SchedulingHandler):
    openapi = {
        "post": Operation(
            "Run the visible and hidden tests on the current code in the grading sandbox; "
            "answers at once with a job id and queue position",
            body=GradeIn,
            status=202,
            auth="participants of the interview (candidates while it is live, for its problems); "
            "or the interview server's own token (its notebook), rate-limited, candidate's view",
        )
    }

    async def post(self) -> None:
        if (caller := await nb.server_caller(self)) is not None:
            return await nb.grade(self, caller, self.parse(GradeIn))
        viewer = await current_viewer(self)
        body = self.parse(GradeIn)
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            interview: Interview = iv.get_visible(session, viewer, body.interview_id)
            on_panel = viewer.name in interview.interviewers
            if not (on_panel or viewer.admin or viewer.name == interview.candidate):
                raise iv.Forbidden(
                    "Only the interview's participants run its tests.", reason="not_participant"
                )
            if not on_panel and not viewer.admin:
                if iv.status_of(interview, now, self.ctx.schedule) != "live":
                    raise iv.Conflict(
                        "Tests run only while the interview is live.", reason="not_live"
                    )
                if body.problem not in (interview.problems or []):
                    raise iv.NotFound(f"No problem {body.problem!r} in this interview.")
            job = await nb.submit(self, session, interview, body, viewer.name, now)
        nb.accepted(self, job, body.source)

    async def _record(self, job: grading.GradeJob, source: str) -> None:
        result = await self.ctx.grade_jobs.finish(job)
        if result is None:
            return
        with self.ctx.db.session() as session:
            session.add(grading.test_run(job, source, result))
        self.ctx.events.publish({"type": "test_run", "id": job.interview_public_id, "job": job.id})


class GradeJobHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "A 'Run tests' job: queued (with position), running, done",
            auth="the interview's participants",
        )
    }

    async def get(self, job_id: str) -> None:
        if (caller := await nb.server_caller(self)) is not None:
            return self.write_json(nb.job_view(self, caller, job_id))
        viewer = await current_viewer(self)
        job = self.ctx.grade_jobs.jobs.get(int(job_id)) if job_id.isdigit() else None
        if job is None:
            raise iv.NotFound("No such test run (finished runs are kept for a while only).")
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, job.interview_public_id)
            staff = viewer.name in interview.interviewers or viewer.admin
            if not (staff or viewer.name == interview.candidate):
                raise iv.Forbidden(
                    "Only the interview's participants see its test runs.", reason="not_participant"
                )
        self.write_json({**nb.job_out(job, staff), "requested_by": job.requested_by})
