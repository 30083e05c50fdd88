"""AI reviews as jobs: the evidence is published first, then the model's text as it streams.

``ReviewJobs.start`` runs one review in the background for a stored ``iv_reviews`` row whose
``status`` moves queued → evidence → waiting → writing → checking_fix → done (or error). Every
step is an event, kept in order on the job so that a subscriber who arrives late (or
reconnects with ``Last-Event-ID``) gets the ones it missed, then the live ones:

- ``status`` {status}: the step the job is at;
- ``evidence`` {evidence, seconds}: tests, linters, measured complexity, code metrics;
- ``queue`` {position}: reviews ahead of this one for the model (one at a time per model
  process; 1 = next);
- ``token`` {text}: a piece of the model's answer;
- ``section`` {name, text}: a section of the answer is complete;
- ``fix`` {status, passed, total, failed}: the proposed fix, run through the grading sandbox;
- ``done`` {review}: the stored review (as ``GET …/ai-reviews`` lists it); or
- ``error`` {message}: the job failed; whatever was stored stays.

Events hold review content: they are for the panel and the hiring team only (the handler
authorises every subscriber like the review endpoints).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...grading.runner import Grader
from ...review import gather_evidence
from ...review.compose import write_review
from ..db.models import Problem, Review
from ..db.session import Database
from .reviews import NO_MODEL, PROMPT_VERSION, bank_problem, provider, review_out

log = logging.getLogger("interviews.reviews")
FINAL = ("done", "error")


@dataclass
class ReviewJob:
    """One review's events, in order, and the queues of those following it live."""

    review_id: int
    interview_id: str  # the public id
    events: list[dict[str, Any]] = field(default_factory=list)
    finished_at: float | None = None
    _listeners: set[asyncio.Queue[dict[str, Any]]] = field(default_factory=set)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def emit(self, kind: str, **data: Any) -> None:
        event = {"id": len(self.events), "type": kind, **data}
        self.events.append(event)
        if kind in FINAL:
            self.finished_at = time.monotonic()
        for queue in list(self._listeners):
            queue.put_nowait(event)

    def subscribe(self, after: int = -1) -> tuple[list[dict[str, Any]], asyncio.Queue[Any]]:
        """The events after id ``after`` so far, and a queue that receives every later one.
        (No await in between: nothing is lost or doubled.) ``unsubscribe`` when done."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._listeners.add(queue)
        return self.events[after + 1 :], queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._listeners.discard(queue)

    @property
    def last_position(self) -> int:
        for event in reversed(self.events):
            if event["type"] == "queue":
                return int(event["position"])
            if event["type"] == "status" and event["status"] in ("writing", "checking_fix"):
                return 0
        return 0


@dataclass
class ReviewJobs:
    """The service's running (and recently finished) review jobs, by review id."""

    keep_s: float = 900.0  # finished jobs answer their event stream from memory this long
    _jobs: dict[int, ReviewJob] = field(default_factory=dict)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def get(self, review_id: int) -> ReviewJob | None:
        self._prune()
        return self._jobs.get(review_id)

    def running(self) -> list[ReviewJob]:
        return [j for j in self._jobs.values() if not j.finished]

    def start(self, job: ReviewJob, work: Callable[[ReviewJob], Awaitable[None]]) -> None:
        self._prune()
        self._jobs[job.review_id] = job
        task = asyncio.get_running_loop().create_task(_guarded(job, work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """At shutdown: stop the running reviews (their rows then read as interrupted)."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _prune(self) -> None:
        now = time.monotonic()
        for rid, job in list(self._jobs.items()):
            if job.finished_at is not None and now - job.finished_at > self.keep_s:
                del self._jobs[rid]


async def _guarded(job: ReviewJob, work: Callable[[ReviewJob], Awaitable[None]]) -> None:
    try:
        await work(job)
    except Exception as exc:  # the job's subscribers must hear of it; the log gets the trace
        log.exception("AI review %s failed", job.review_id)
        if not job.finished:
            job.emit("error", message=f"The review failed: {type(exc).__name__}: {exc}"[:500])


@dataclass
class ReviewRequest:
    """What to review, resolved and authorised by the handler."""

    review_id: int
    problem: Problem
    language: str
    source: str
    bank_dir: Path | None


async def run(
    job: ReviewJob,
    request: ReviewRequest,
    db: Database,
    grader: Callable[[], Awaitable[Grader]],
    on_stored: Callable[[], None] | None = None,
) -> None:
    """Evidence, then (with a model) the written review; the row is updated at each step."""

    def store(**values: Any) -> dict[str, Any]:
        with db.session() as session:
            row = session.get(Review, request.review_id)
            if row is None:  # deleted meanwhile (account or interview deletion)
                return {}
            for key, value in values.items():
                setattr(row, key, value)
            session.flush()
            out = review_out(row)
        if on_stored:
            on_stored()
        return out

    def status(value: str) -> None:
        job.emit("status", status=value)
        store(status=value)

    try:
        status("evidence")
        began = time.perf_counter()
        bank = await asyncio.to_thread(bank_problem, request.problem, request.bank_dir)
        sandbox = await grader()
        evidence = await gather_evidence(bank, request.language, request.source, sandbox)
        found = evidence.model_dump(mode="json")
        job.emit("evidence", evidence=found, seconds=round(time.perf_counter() - began, 3))
        store(evidence=found)

        model, reason = provider()
        if model is None:
            text = NO_MODEL + (f" The configured model is unavailable: {reason}" if reason else "")
            out = store(text=text, status="done", model="", prompt_version=PROMPT_VERSION)
            job.emit("done", review=out)
            return

        status("waiting")
        written = await write_review(
            model,
            bank,
            request.language,
            request.source,
            evidence,
            sandbox,
            on_position=lambda n: job.emit("queue", position=n),
            on_stage=status,
            on_text=lambda piece: job.emit("token", text=piece),
            on_section=lambda name, text: job.emit("section", name=name, text=text),
        )
        details = written.as_dict()
        if details["fix_check"] is not None:
            job.emit("fix", **details["fix_check"])
        out = store(
            evidence={**found, "model_review": details},
            text=written.text,
            model=written.model[:100],
            prompt_version=written.prompt_version[:32],
            status="done",
        )
        job.emit("done", review=out)
    except Exception as exc:
        message = f"The review failed: {type(exc).__name__}: {exc}"[:500]
        log.exception("AI review %s failed", request.review_id)
        with contextlib.suppress(Exception):  # the subscribers hear of it even if this fails
            store(status="error", text=message)
        job.emit("error", message=message)
