"""Code playback: the page, its timeline and the notebook at any moment (domain/playback.py).

The panel, reviewers and admins replay how the code was written; candidates never (the
timeline carries the panel's notes and the hidden-test counts of every run).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from tornado import web

from ..db.models import Interview, TestRun
from ..domain import interviews as iv
from ..domain import notes
from ..domain import playback as pb
from ..domain.retention import archive_dir
from ..errors import Invalid, NotFound
from .api_interviews import current_viewer
from .base import APIHandler, Operation
from .pages_interviews import ViewerPage

#: gaps longer than this are idle time, which the player can skip
IDLE_GAP_S = 5.0
#: revisions of one person's notes closer than this make one marker
NOTE_GROUP_S = 60.0


class AuthorOut(BaseModel):
    name: str
    role: str


class MarkerOut(BaseModel):
    t: float
    kind: str
    label: str


class PlaybackOut(BaseModel):
    interview: str
    title: str
    start: float
    end: float
    idle_gap_s: float
    authors: list[AuthorOut]
    steps: list[list[float]]
    markers: list[MarkerOut]


class CellOut(BaseModel):
    id: str
    cell_type: str
    source: str
    runs: list[list[Any]]


class FrameOut(BaseModel):
    t: float
    step: int
    time: float | None
    cells: list[CellOut]


def require_player(interview: Interview, viewer: iv.Viewer) -> None:
    iv.require_hiring_team(interview, viewer, "replay this interview")


def _epoch(moment: datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def markers(session: Session, interview: Interview) -> list[dict[str, Any]]:
    """Test runs and note revisions on the service's clock (the history's clock too)."""
    found: list[dict[str, Any]] = []
    runs = session.scalars(
        select(TestRun).where(TestRun.interview_id == interview.id).order_by(TestRun.created_at)
    )
    for run in runs:
        label = (
            f"{run.requested_by} ran the tests ({run.language}): {run.verdict}, visible "
            f"{run.visible_passed}/{run.visible_total}, hidden {run.hidden_passed}/"
            f"{run.hidden_total}"
        )
        found.append({"t": _epoch(run.created_at), "kind": "test", "label": label})
    last: dict[str, float] = {}
    for revision in notes.revisions(session, interview):
        when = datetime.fromisoformat(revision["saved_at"]).timestamp()
        author = revision["author"]
        if author in last and when - last[author] < NOTE_GROUP_S:
            last[author] = when
            continue
        last[author] = when
        found.append({"t": when, "kind": "note", "label": f"{author} wrote notes"})
    return sorted(found, key=lambda m: m["t"])


class PlaybackAPI(APIHandler):
    async def load(self, interview_id: str) -> tuple[pb.Timeline, dict[str, Any]]:
        """The timeline (built off the event loop) and what the answer needs of the interview."""
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            require_player(interview, viewer)
            found = markers(session, interview)
            people = {name: "interviewer" for name in interview.interviewers}
            if interview.candidate:
                people[interview.candidate] = "candidate"
            folder = archive_dir(self.ctx.data_dir, interview) / "history"
            info = {"id": interview.public_id, "title": interview.title}
        line = await pb.off_loop(lambda: pb.timeline(folder, set(people)))
        if line is None:
            raise NotFound(
                "No edit history was recorded for this interview (its notebook server never "
                "ran, or the history was deleted after the retention period).",
                reason="no_history",
            )
        return line, {"markers": found, "people": people, **info}


class PlaybackHandler(PlaybackAPI):
    openapi = {
        "get": Operation(
            "The interview's edit history as a timeline: every step (seconds after the start, "
            "author index), the authors, and markers for test runs and notes",
            response=PlaybackOut,
            auth="the panel, reviewers and admins (never the candidate)",
        )
    }

    async def get(self, interview_id: str) -> None:
        line, extra = await self.load(interview_id)
        start, end = line.start or 0.0, line.end or 0.0
        names = sorted({s.author for s in line.steps}, key=lambda n: (n != "", n))
        role = {**extra["people"], "": "notebook", pb.UNKNOWN: "unknown"}
        index = {name: i for i, name in enumerate(names)}
        self.set_header("Cache-Control", "no-store")
        self.write_json(
            {
                "interview": extra["id"],
                "title": extra["title"],
                "start": start,
                "end": end,
                "idle_gap_s": IDLE_GAP_S,
                "authors": [{"name": n, "role": role.get(n, "unknown")} for n in names],
                "steps": [[round(s.time - start, 3), index[s.author]] for s in line.steps],
                "markers": [m for m in extra["markers"] if start - 60 <= m["t"] <= end + 60],
            }
        )


class PlaybackFrameHandler(PlaybackAPI):
    openapi = {
        "get": Operation(
            "The notebook at moment `t` (query parameter: UNIX seconds on the service's clock): "
            "every cell's source and who typed each part (runs of [start, end, author])",
            response=FrameOut,
            auth="the panel, reviewers and admins (never the candidate)",
        )
    }

    async def get(self, interview_id: str) -> None:
        line, _ = await self.load(interview_id)  # who may ask comes before what is asked
        raw = self.get_query_argument("t", "")
        try:
            when = float(raw)
        except ValueError:
            when = math.nan
        if not math.isfinite(when):
            raise Invalid(
                "Give the moment as ?t=<seconds>, a UNIX time such as the timeline's start.",
                reason="bad_time",
            )
        frame = await pb.off_loop(lambda: line.frame(when))
        self.set_header("Cache-Control", "no-store")
        self.write_json({"t": when, **frame})


class PlaybackPageHandler(ViewerPage):
    """``/interviews/{id}/playback``: the player (the data comes from the API above)."""

    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer = await self.page_viewer()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            require_player(interview, viewer)
            data = self.interview_out(interview, viewer)
        self.render_for("playback.html", viewer, interview=data, nav="")
