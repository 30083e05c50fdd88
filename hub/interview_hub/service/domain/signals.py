"""Integrity signals: the candidate's tab hidden for a while, and large pastes.

Transparency, not hidden suspicion: the panel sees them on the playback timeline, and the
candidate sees the same list in the room (the timer panel). Both are facts, not verdicts.

* **Away**: the room's panel (a page of the service, which the candidate's scripts on the lab
  page cannot reach in subdomain mode) reports how long the tab was hidden
  (``visibilitychange``), once it is visible again. Only the candidate's own reports count.
* **Paste**: derived from the edit history (playback.py), not reported by any browser: a step
  of the candidate's that inserted ``PASTE_CHARS`` characters or more at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import AwaySignal, Interview
from ..errors import Conflict, Forbidden, Invalid
from . import playback
from .interviews import SchedulePolicy, Viewer, status_of

AWAY_MIN_S = 2.0  # a blink (a notification, a quick alt-tab and back) is not worth a line
AWAY_MAX_S = 6 * 3600.0


def can_read(interview: Interview, viewer: Viewer) -> bool:
    """The candidate (their own) and the hiring team."""
    return (
        viewer.name == interview.candidate
        or viewer.admin
        or viewer.role == "reviewer"
        or viewer.name in interview.interviewers
    )


def report_away(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    seconds: float,
    now: datetime,
    policy: SchedulePolicy,
) -> AwaySignal | None:
    """Record that the candidate's tab was hidden for ``seconds`` until ``now`` (None: too
    short to record)."""
    if viewer.name != interview.candidate:
        raise Forbidden(
            "Only the candidate's own tab reports when it was hidden.", reason="candidate_only"
        )
    if status_of(interview, now, policy) != "live":
        raise Conflict("Signals are recorded only while the interview is live.", reason="not_live")
    if not 0 < seconds <= AWAY_MAX_S:
        raise Invalid(
            f"seconds must be more than 0 and at most {AWAY_MAX_S:.0f}.", reason="bad_seconds"
        )
    if seconds < AWAY_MIN_S:
        return None
    row = AwaySignal(
        interview_id=interview.id,
        person=viewer.name,
        left_at=now - timedelta(seconds=seconds),
        seconds=round(seconds, 1),
    )
    session.add(row)
    session.flush()
    return row


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def away(session: Session, interview: Interview) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(AwaySignal)
        .where(AwaySignal.interview_id == interview.id)
        .order_by(AwaySignal.left_at)
    )
    return [
        {
            "kind": "away",
            "t": row.left_at.timestamp(),
            "seconds": row.seconds,
            "chars": None,
            "label": f"{row.person}'s tab was hidden for {_duration(row.seconds)}",
        }
        for row in rows
    ]


def pastes(line: playback.Timeline | None, candidate: str | None) -> list[dict[str, Any]]:
    if line is None or not candidate:
        return []
    return [
        {
            "kind": "paste",
            "t": step.time,
            "seconds": None,
            "chars": step.inserted,
            "label": f"{candidate} inserted {step.inserted} characters at once",
        }
        for step in line.pastes(candidate)
    ]


def merged(
    away_rows: list[dict[str, Any]], line: playback.Timeline | None, candidate: str | None
) -> list[dict[str, Any]]:
    """Every signal of the interview, by time: the hidden tab reports and the large pastes."""
    return sorted(away_rows + pastes(line, candidate), key=lambda s: s["t"])
