"""Grading from the interview notebook, authenticated by the interview server's own token.

The control cell of the interview notebook (``domain/notebook_widget.py``) runs in the server's
Python kernel and sends the server's ``JUPYTERHUB_API_TOKEN``. The hub tells us that token's
scopes; a server token holds ``access:servers!server=<owner>/<server>`` for exactly one server
and no access to this service. Such a token may grade **only for the interview whose server it
belongs to**, while that interview is live, with the candidate's view (hidden tests as counts),
and at most ``NOTEBOOK_RATE`` submissions per window per interview, one at a time: everybody on
the shared server (the candidate too, through a terminal) can read the token, so it never gets
more than the candidate has.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..db.models import Interview
from ..domain import grading
from ..domain import interviews as iv
from ..domain import problems as pb
from ..errors import Forbidden, ServiceError

if TYPE_CHECKING:
    from .api_problems import GradeIn
    from .base import BaseHandler

SERVER_SCOPE = re.compile(r"^access:servers!server=(?P<owner>[^/]+)/(?P<server>[^/]*)$")
#: the named server of an interview's own hub account (``domain/servers.py``)
INTERVIEW_SERVER = "interview"
NOTEBOOK_RATE = (10, 60.0)  # submissions per seconds, per interview


class TooManyRequests(ServiceError):
    status = 429
    reason = "rate_limited"


@dataclass(frozen=True)
class ServerCaller:
    """The interview server (hub account and server name) whose token made the request."""

    owner: str
    server: str

    @property
    def label(self) -> str:
        return f"notebook:{self.owner}/{self.server}"[:255]


@dataclass
class NotebookRate:
    """Per interview: at most ``limit`` submissions in ``window_s``, and one at a time."""

    limit: int = NOTEBOOK_RATE[0]
    window_s: float = NOTEBOOK_RATE[1]
    recent: dict[int, deque[float]] = field(default_factory=dict)
    open_jobs: dict[int, grading.GradeJob] = field(default_factory=dict)

    def check(self, interview_id: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        running = self.open_jobs.get(interview_id)
        if running is not None and running.status in ("queued", "running"):
            raise TooManyRequests(
                f"Test run {running.id} from this notebook is still {running.status}: wait for "
                "its result before submitting again.",
                reason="run_in_progress",
            )
        times = self.recent.setdefault(interview_id, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        if len(times) >= self.limit:
            wait = int(self.window_s - (now - times[0])) + 1
            raise TooManyRequests(
                f"At most {self.limit} submissions from the notebook per "
                f"{int(self.window_s)} s: try again in {wait} s.",
            )
        times.append(now)

    def started(self, interview_id: int, job: grading.GradeJob) -> None:
        self.open_jobs[interview_id] = job


def _rate(handler: BaseHandler) -> NotebookRate:
    rate: NotebookRate = handler.settings.setdefault("notebook_grading_rate", NotebookRate())
    return rate


async def server_caller(handler: BaseHandler) -> ServerCaller | None:
    """The interview server whose token authenticates this request; None for anyone else
    (people, with their cookie or their own token, go through the usual checks)."""
    if handler.current_user is not None:
        return None
    token = handler.hub_auth.get_token(handler, in_cookie=False)
    if not token:
        return None
    model = await handler.hub_auth.user_for_token(token, sync=False)
    if not model or model.get("kind", "user") != "user":
        return None
    access = [s for s in model.get("scopes", []) if s.startswith("access:servers")]
    matches = [m for m in map(SERVER_SCOPE.match, access) if m]
    if len(access) != 1 or len(matches) != 1 or matches[0]["owner"] != model.get("name"):
        # a person's token without access to the service, or a token for several servers
        raise Forbidden(
            "This token may not use the interviews service: sign in, or use the token of an "
            "interview's own server (JUPYTERHUB_API_TOKEN in its kernels).",
            reason="not_an_interview_server",
        )
    return ServerCaller(matches[0]["owner"], matches[0]["server"])


def interview_of(handler: BaseHandler, session: Any, caller: ServerCaller) -> Interview:
    """The interview whose server ``caller`` is: its own hub account (server ``interview``)
    or, for the shared host account, its named server."""
    # (the shared host account of earlier versions, if the policy still names one)
    host = getattr(getattr(handler.ctx.servers, "policy", None), "owner", "interview-host")
    if caller.server == INTERVIEW_SERVER and caller.owner != host:
        name = caller.owner
    elif caller.owner == host:
        name = caller.server
    else:
        name = ""
    interview = (
        session.scalar(select(Interview).where(Interview.server_name == name)) if name else None
    )
    if interview is None:
        raise Forbidden(
            "This server does not belong to any interview.", reason="not_an_interview_server"
        )
    return interview


async def grade(handler: Any, caller: ServerCaller, body: GradeIn) -> None:
    """``POST /api/grade`` from the interview's notebook."""
    now = handler.ctx.clock.now()
    with handler.ctx.db.session() as session:
        interview = interview_of(handler, session, caller)
        if body.interview_id != interview.public_id:
            raise iv.NotFound(
                "This server's token grades only for its own interview "
                f"({interview.public_id}), not {body.interview_id!r}."
            )
        if iv.status_of(interview, now, handler.ctx.schedule) != "live":
            raise iv.Conflict("Tests run only while the interview is live.", reason="not_live")
        if body.problem not in (interview.problems or []):
            raise iv.NotFound(f"No problem {body.problem!r} in this interview.")
        rate = _rate(handler)
        rate.check(interview.id)
        job = await submit(handler, session, interview, body, caller.label, now)
        rate.started(interview.id, job)
    accepted(handler, job, body.source)


def accepted(handler: Any, job: grading.GradeJob, source: str) -> None:
    """202 with the job's id and queue position; the result is recorded when it is done."""
    handler.ctx.background(handler._record(job, source))
    handler.write_json(
        {"id": job.id, "status": job.status, "position": job.ticket.position}, status=202
    )


async def submit(
    handler: Any, session: Any, interview: Interview, body: GradeIn, requested_by: str, now: Any
) -> grading.GradeJob:
    """Queue a 'Run tests' job for ``interview`` (callers have checked who may)."""
    problem = pb.get(session, body.problem)
    queue = await handler.ctx.grading()
    job: grading.GradeJob = await handler.ctx.grade_jobs.submit(
        queue,
        problem,
        interview_id=interview.id,
        interview_public_id=interview.public_id,
        language=body.language,
        source=body.source,
        requested_by=requested_by,
        now=now,
    )
    return job


def job_out(job: grading.GradeJob, staff: bool) -> dict[str, Any]:
    """A job as its caller sees it: hidden tests in detail for staff, as counts otherwise."""
    out: dict[str, Any] = {
        "id": job.id,
        "status": job.status,
        "position": job.ticket.position,
        "problem": job.problem_slug,
        "language": job.language,
    }
    if job.result is not None:
        out["result"] = grading.shape(job.result, staff, job.visible)
    if job.error is not None:
        out["error"] = job.error
    return out


def job_view(handler: BaseHandler, caller: ServerCaller, job_id: str) -> dict[str, Any]:
    """``GET /api/grade/{id}`` from the notebook: only its interview's runs, candidate's view."""
    job = handler.ctx.grade_jobs.jobs.get(int(job_id)) if job_id.isdigit() else None
    with handler.ctx.db.session() as session:
        interview = interview_of(handler, session, caller)
    if job is None or job.interview_id != interview.id:
        raise iv.NotFound("No such test run (finished runs are kept for a while only).")
    return job_out(job, False)
