"""JSON API and event stream for AI code reviews (panel, reviewers and admins; never candidates).

``POST …/ai-reviews`` stores a review row and starts its job (``domain/review_jobs.py``):
202 with the review's id and its event stream's URL (``?wait=1``: 201 with the finished review).
``GET …/ai-reviews/{rid}/events`` streams the job as server-sent events; for a review that
finished long ago it replays what was stored.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from tornado.iostream import StreamClosedError

from ..db.models import Review
from ..domain import interviews as iv
from ..domain import problems as pb
from ..domain import review_jobs as jobs
from ..domain import reviews
from ..errors import NotFound
from ..schemas import Strict
from .api_interviews import SchedulingHandler, current_viewer
from .base import Operation

Language = Literal["python", "c", "cpp", "java", "javascript", "typescript", "go", "rust"]


class ReviewIn(Strict):
    """The code to review; send none of the fields to review the interview's last graded
    submission ("Run tests")."""

    problem: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)
    language: Language | None = None
    source: str | None = Field(default=None, min_length=1, max_length=256 * 1024)

    @model_validator(mode="after")
    def _all_or_none(self) -> ReviewIn:
        given = [self.problem is not None, self.language is not None, self.source is not None]
        if any(given) and not all(given):
            raise ValueError(
                "send problem, language and source together, or none of them to review the "
                "last graded submission"
            )
        return self


def live(job_registry: jobs.ReviewJobs, item: dict[str, Any]) -> dict[str, Any]:
    """A review still running here gets its queue position; one whose job is gone (the service
    restarted while it ran) says so."""
    if item["status"] in jobs.FINAL:
        return item
    job = job_registry.get(item["id"])
    if job is None:
        item["status"] = "error"
        item["text"] = item["text"] or "Interrupted: the service restarted during the review."
    else:
        item["queue_position"] = job.last_position
    return item


def _review_id(value: str) -> int:
    """A review id from the path: anything but a plausible number names no review."""
    if not value.isdigit() or len(value) > 12:
        raise NotFound(f"No AI review {value[:40]!r} in this interview: review ids are numbers.")
    return int(value)


async def readable_review(
    handler: SchedulingHandler, interview_id: str, review_id: str
) -> tuple[int, dict[str, Any]]:
    """The review's id and stored form, for someone who may read the interview's reviews."""
    viewer = await current_viewer(handler)
    rid = _review_id(review_id)
    with handler.ctx.db.session() as session:
        interview = iv.get_visible(session, viewer, interview_id)
        reviews.authorise_read(interview, viewer)
        return rid, reviews.review_out(reviews.get_review(session, interview, rid))


class ReviewsHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "AI reviews of this interview, newest first",
            auth="panel interviewers, reviewers and admins",
        ),
        "post": Operation(
            "Review the given code (or the last graded submission): tests, linters, measured "
            "complexity, code metrics, then a written review when a model is configured. Runs "
            "as a job: 202 with the review id and its event stream (?wait=1: 201 when done)",
            body=ReviewIn,
            status=202,
            auth="panel interviewers and admins",
            body_required=False,
        ),
    }

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            reviews.authorise_read(interview, viewer)
            items = reviews.list_for(session, viewer, interview)
        self.write_json({"items": [live(self.ctx.review_jobs, item) for item in items]})

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            reviews.authorise_request(interview, viewer)
            body = self.parse(ReviewIn) if self.request.body else ReviewIn()
            if body.source is None:
                last = reviews.last_submission(session, interview)
                if last is None:
                    raise iv.Conflict(
                        "There is no graded submission in this interview yet: run the tests "
                        "in the notebook first, or send problem, language and source.",
                        reason="no_submission",
                    )
                slug, language, source = last.problem_slug, last.language, last.source
            else:
                assert body.problem and body.language
                slug, language, source = body.problem, body.language, body.source
            problem = pb.get(session, slug)
            item = Review(
                interview_id=interview.id,
                requested_by=viewer.name,
                problem_slug=slug,
                language=language,
                source=source,
                evidence={},
                model="",
                prompt_version="",
                text="",
                status="queued",
            )
            session.add(item)
            session.flush()
            out = reviews.review_out(item)
        bank = Path(self.settings["problems_dir"]) if self.settings.get("problems_dir") else None
        request = jobs.ReviewRequest(out["id"], problem, language, source, bank)
        job = jobs.ReviewJob(out["id"], interview_id)
        job.emit("status", status="queued")

        async def grader() -> Any:
            return (await self.ctx.grading()).grader

        def stored() -> None:
            self.ctx.events.publish({"type": "review", "id": interview_id})

        ctx = self.ctx
        ctx.review_jobs.start(job, lambda j: jobs.run(j, request, ctx.db, grader, stored))
        stored()
        if self.get_query_argument("wait", "0") not in ("0", "false", ""):
            _, queue = job.subscribe()
            try:
                while not job.finished:
                    await queue.get()
            finally:
                job.unsubscribe(queue)
            final = job.events[-1]
            if final["type"] == "error":
                raise iv.Conflict(final["message"], reason="review_failed")
            self.write_json(final["review"], status=201)
            return
        base = f"{self.ctx.service_prefix}api/interviews/{interview_id}/ai-reviews/{out['id']}"
        out["events_url"] = f"{base}/events"
        out["url"] = base
        self.write_json(out, status=202)


class ReviewHandler(SchedulingHandler):
    openapi = {
        "get": Operation(
            "One AI review (with its queue position while it runs)",
            auth="panel interviewers, reviewers and admins",
        )
    }

    async def get(self, interview_id: str, review_id: str) -> None:
        _, item = await readable_review(self, interview_id, review_id)
        self.write_json(live(self.ctx.review_jobs, item))


class ReviewEventsHandler(SchedulingHandler):
    """Server-sent events of one review's job: ``id``, ``event`` (the type) and JSON ``data``
    per event; resumes after ``Last-Event-ID``."""

    openapi = {
        "get": Operation(
            "The review's progress as server-sent events (text/event-stream): evidence, queue "
            "position, token, section, fix, done or error",
            auth="panel interviewers, reviewers and admins",
        )
    }
    keepalive_s = 15.0

    async def get(self, interview_id: str, review_id: str) -> None:
        rid, stored = await readable_review(self, interview_id, review_id)
        after = self._last_event_id()
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-cache, no-store")
        self.set_header("X-Accel-Buffering", "no")
        job = self.ctx.review_jobs.get(rid)
        try:
            self.write("retry: 3000\n\n")
            if job is None:
                await self._replay(stored)
                return
            backlog, queue = job.subscribe(after)
            try:
                for event in backlog:
                    self._send(event)
                await self.flush()
                if backlog and backlog[-1]["type"] in jobs.FINAL:
                    return
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), self.keepalive_s)
                    except TimeoutError:
                        self.write(": keepalive\n\n")
                        await self.flush()
                        continue
                    self._send(event)
                    # tokens come in bursts: send what is already waiting in one write
                    while not queue.empty() and event["type"] not in jobs.FINAL:
                        event = queue.get_nowait()
                        self._send(event)
                    await self.flush()
                    if event["type"] in jobs.FINAL:
                        return
            finally:
                job.unsubscribe(queue)
        except StreamClosedError:
            pass

    def _last_event_id(self) -> int:
        value = self.request.headers.get("Last-Event-ID", "") or self.get_query_argument(
            "after", ""
        )
        return int(value) if value.isdigit() and len(value) < 9 else -1

    def _send(self, event: dict[str, Any]) -> None:
        self.write(f"id: {event['id']}\nevent: {event['type']}\ndata: {json.dumps(event)}\n\n")

    async def _replay(self, stored: dict[str, Any]) -> None:
        """A review with no job here: what was stored, as the same events."""
        events: list[dict[str, Any]] = []
        if stored["evidence"]:
            events.append({"type": "evidence", "evidence": stored["evidence"]})
        details = stored.get("details") or {}
        for name, text in (details.get("sections") or {}).items():
            events.append({"type": "section", "name": name, "text": text})
        if details.get("fix_check"):
            events.append({"type": "fix", **details["fix_check"]})
        if stored["status"] == "done":
            events.append({"type": "done", "review": stored})
        else:
            message = stored["text"] or "Interrupted: the service restarted during the review."
            events.append({"type": "error", "message": message})
        for i, event in enumerate(events):
            self._send({"id": i, **event})
        await self.flush()
