"""Code playback: the page, its timeline and the notebook at any moment (domain/playback.py),
and the integrity signals (domain/signals.py) that the timeline and the candidate's room show.

The panel, reviewers and admins replay how the code was written; candidates never (the
timeline carries the panel's notes and the hidden-test counts of every run). The candidate
sees the signals about their own tab, the same ones the panel sees.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from tornado import web

from ..db.models import Interview, TestRun
from ..domain import interviews as iv
from ..domain import notes
from ..domain import playback as pb
from ..domain import recordings as rec
from ..domain import signals as sig
from ..domain.retention import archive_dir
from ..errors import Forbidden, Invalid, NotFound
from ..schemas import Strict
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


class RecordingRef(BaseModel):
    id: int
    start: float
    duration_s: float
    media_url: str
    started_by: str


class PlaybackOut(BaseModel):
    interview: str
    title: str
    start: float
    end: float
    idle_gap_s: float
    authors: list[AuthorOut]
    steps: list[list[float]]
    markers: list[MarkerOut]
    recordings: list[RecordingRef]


class CellOut(BaseModel):
    id: str
    cell_type: str
    source: str
    runs: list[list[Any]]


class SignalOut(BaseModel):
    kind: str
    t: float
    seconds: float | None
    chars: int | None
    label: str


class SignalsOut(BaseModel):
    signals: list[SignalOut]
    paste_chars: int
    away_min_s: float


class AwayIn(Strict):
    kind: Literal["away"]
    seconds: float = Field(gt=0, le=sig.AWAY_MAX_S)


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


def _people(interview: Interview) -> dict[str, str]:
    people = {name: "interviewer" for name in interview.interviewers}
    if interview.candidate:
        people[interview.candidate] = "candidate"
    return people


def history_of(data_dir: Path, interview: Interview) -> tuple[Path, set[str]]:
    """Where the interview's history is, and whose names it may show."""
    return archive_dir(data_dir, interview) / "history", set(_people(interview))


async def timeline_of(where: tuple[Path, set[str]]) -> pb.Timeline | None:
    """The timeline, built or extended in the playback thread (no database session held)."""
    found: pb.Timeline | None = await pb.off_loop(lambda: pb.timeline(*where))
    return found


class PlaybackAPI(APIHandler):
    async def load(self, interview_id: str) -> tuple[pb.Timeline, dict[str, Any]]:
        """The timeline (built off the event loop) and what the answer needs of the interview."""
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            require_player(interview, viewer)
            found = markers(session, interview)
            away = sig.away(session, interview)
            recordings = [
                {
                    "id": r.id,
                    "start": _epoch(r.started_at),
                    "duration_s": r.duration_s or 0.0,
                    "media_url": rec.serialise(r, interview.public_id, self.ctx.service_prefix)[
                        "media_url"
                    ],
                    "started_by": r.started_by,
                }
                for r in rec.list_for(session, interview)
                if r.status == "ready"
            ]
            where = history_of(self.ctx.data_dir, interview)
            people = _people(interview)
            info = {"id": interview.public_id, "title": interview.title}
            candidate = interview.candidate
        line = await timeline_of(where)
        if line is None:
            raise NotFound(
                "No edit history was recorded for this interview (its notebook server never "
                "ran, or the history was deleted after the retention period).",
                reason="no_history",
            )
        found = sorted(found + sig.merged(away, line, candidate), key=lambda m: m["t"])
        found = [{"t": m["t"], "kind": m["kind"], "label": m["label"]} for m in found]
        return line, {"markers": found, "people": people, "recordings": recordings, **info}


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
                "recordings": extra["recordings"],
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


class SignalsHandler(APIHandler):
    openapi = {
        "get": Operation(
            "Integrity signals of the interview: the candidate's tab hidden (with how long) and "
            "large pastes found in the edit history",
            response=SignalsOut,
            auth="the candidate (their own) and the panel, reviewers and admins",
        ),
        "post": Operation(
            "Report that the candidate's tab was hidden for `seconds` until now (the room's "
            "panel sends it when the tab is visible again; under 2 s is not recorded)",
            body=AwayIn,
            response=SignalsOut,
            auth="the interview's candidate, while it is live",
        ),
    }

    async def listing(self, away: list[dict[str, Any]], interview: dict[str, Any]) -> None:
        line = await timeline_of(interview["history"])
        found = sig.merged(away, line, interview["candidate"])
        self.set_header("Cache-Control", "no-store")
        self.write_json(
            {
                "signals": found,
                "paste_chars": pb.PASTE_CHARS,
                "away_min_s": sig.AWAY_MIN_S,
            }
        )

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            if not sig.can_read(interview, viewer):
                raise Forbidden(
                    "Signals are for the candidate and the hiring team.", reason="not_panel"
                )
            away = sig.away(session, interview)
            info = self.about(interview)
        await self.listing(away, info)

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)  # before reading the body
            body = self.parse(AwayIn)
            now = self.ctx.clock.now()
            sig.report_away(session, viewer, interview, body.seconds, now, self.ctx.schedule)
            away = sig.away(session, interview)
            info = self.about(interview)
        await self.listing(away, info)

    def about(self, interview: Interview) -> dict[str, Any]:
        return {
            "history": history_of(self.ctx.data_dir, interview),
            "candidate": interview.candidate,
        }


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
