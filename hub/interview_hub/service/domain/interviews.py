"""Scheduling rules: who may see, change and join an interview, and what its status is."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markdown_it import MarkdownIt
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Interview, Participant, Person
from ..errors import Conflict, Forbidden, Invalid, NotFound
from .people import audit

STATUSES = ("upcoming", "live", "completed", "succeeded", "failed", "cancelled")
LANGUAGES = ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@dataclass(frozen=True)
class SchedulePolicy:
    join_window: timedelta = timedelta(minutes=10)
    candidate_sees_result: bool = False
    min_duration_min: int = 15
    max_duration_min: int = 8 * 60
    max_days_ahead: int = 366


@dataclass(frozen=True)
class Viewer:
    name: str
    role: str | None
    admin: bool = False

    @property
    def staff(self) -> bool:
        """Interviewers, reviewers and admins see every interview (read-only unless on panel)."""
        return self.admin or self.role in ("interviewer", "reviewer")


@dataclass(frozen=True)
class Schedule:
    """A validated start and duration (UTC), with notes for the scheduler."""

    starts_at: datetime
    duration_min: int
    timezone: str
    warnings: tuple[str, ...] = ()


def field_error(field: str, message: str) -> Invalid:
    return Invalid(message, fields=[{"field": field, "message": message}])


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise field_error(
            "timezone", f"{name!r} is not a time zone; use a name like Europe/Paris."
        ) from exc


def local_to_utc(date: str, time: str, timezone: str) -> tuple[datetime, list[str]]:
    """Convert a wall-clock time in ``timezone`` to UTC, refusing times a DST jump skips."""
    zone = zone_of(timezone)
    try:
        naive = datetime.fromisoformat(f"{date}T{time}")
    except ValueError as exc:
        raise field_error("start", "Give the date as YYYY-MM-DD and the time as HH:MM.") from exc
    if naive.tzinfo is not None:
        raise field_error("start", "Give the time without an offset; the time zone says it.")
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) != naive:
        raise field_error(
            "start",
            f"{date} {time} does not exist in {timezone}: the clocks jump forward then. "
            "Pick a time after the change.",
        )
    warnings = []
    if first != second:
        offset = naive.replace(tzinfo=zone, fold=0).strftime("%z")
        warnings.append(
            f"{date} {time} happens twice in {timezone} (clocks go back); "
            f"using the first one (UTC{offset[:3]}:{offset[3:]})."
        )
    return first, warnings


def make_schedule(
    date: str,
    time: str,
    timezone: str,
    duration_min: int | None,
    end_time: str | None,
    now: datetime,
    policy: SchedulePolicy,
) -> Schedule:
    starts_at, warnings = local_to_utc(date, time, timezone)
    if end_time is not None:
        ends_at, more = local_to_utc(date, end_time, timezone)
        warnings += more
        if ends_at <= starts_at:
            raise field_error("end_time", "The end must be after the start.")
        duration_min = int((ends_at - starts_at).total_seconds() // 60)
    if duration_min is None:
        raise field_error("duration_min", "Give a duration in minutes or an end time.")
    if not policy.min_duration_min <= duration_min <= policy.max_duration_min:
        raise field_error(
            "duration_min",
            f"An interview lasts {policy.min_duration_min} to {policy.max_duration_min} minutes.",
        )
    if starts_at <= now:
        raise field_error("start", "That time is in the past. Pick a time from now on.")
    if starts_at > now + timedelta(days=policy.max_days_ahead):
        raise field_error("start", "Schedule at most a year ahead.")
    return Schedule(starts_at, duration_min, timezone, tuple(warnings))


def status_of(interview: Interview, now: datetime, policy: SchedulePolicy) -> str:
    if interview.cancelled_at is not None:
        return "cancelled"
    if interview.decision == "pass":
        return "succeeded"
    if interview.decision == "fail":
        return "failed"
    if interview.ended_at is not None or now >= interview.ends_at:
        return "completed"
    if now >= interview.starts_at - policy.join_window:
        return "live"
    return "upcoming"


def is_participant(interview: Interview, name: str) -> bool:
    return any(p.username == name for p in interview.participants)


def can_view(interview: Interview, viewer: Viewer) -> bool:
    return viewer.staff or is_participant(interview, viewer.name)


def can_change(interview: Interview, viewer: Viewer) -> bool:
    return viewer.admin or viewer.name in interview.interviewers


def can_join(interview: Interview, viewer: Viewer, now: datetime, policy: SchedulePolicy) -> bool:
    return is_participant(interview, viewer.name) and status_of(interview, now, policy) == "live"


def require_hiring_team(interview: Interview, viewer: Viewer, action: str) -> None:
    """The panel, reviewers and admins may ``action`` (recordings, playback); candidates never."""
    if viewer.name == interview.candidate:
        raise Forbidden(f"Candidates cannot {action}.", reason="candidate")
    if viewer.admin or viewer.role == "reviewer" or viewer.name in interview.interviewers:
        return
    raise Forbidden(f"Only the panel, reviewers and admins can {action}.", reason="not_panel")


def get_visible(session: Session, viewer: Viewer, public_id: str) -> Interview:
    interview = session.scalar(select(Interview).where(Interview.public_id == public_id))
    if interview is None or not can_view(interview, viewer):
        # the same answer whether it does not exist or is not yours: ids leak nothing
        raise NotFound("No such interview, or it is not one of yours.")
    return interview


def by_meeting_code(session: Session, code: str) -> Interview | None:
    code = code.strip().rstrip("/").rsplit("/", 1)[-1]
    if not code or len(code) > 64:
        return None
    return session.scalar(select(Interview).where(Interview.meeting_code == code))


def list_visible(
    session: Session,
    viewer: Viewer,
    *,
    candidate: str = "",
    interviewer: str = "",
    start_from: datetime | None = None,
    start_to: datetime | None = None,
    query: str = "",
    limit: int = 500,
) -> list[Interview]:
    stmt = select(Interview).order_by(Interview.starts_at)
    if not viewer.staff:
        mine = select(Participant.interview_id).where(Participant.username == viewer.name)
        stmt = stmt.where(Interview.id.in_(mine))
    if candidate:
        stmt = stmt.where(
            Interview.id.in_(
                select(Participant.interview_id).where(
                    Participant.role == "candidate", Participant.username == candidate
                )
            )
        )
    if interviewer:
        stmt = stmt.where(
            Interview.id.in_(
                select(Participant.interview_id).where(
                    Participant.role == "interviewer", Participant.username == interviewer
                )
            )
        )
    if start_from is not None:
        stmt = stmt.where(Interview.starts_at >= start_from)
    if start_to is not None:
        stmt = stmt.where(Interview.starts_at < start_to)
    if query:
        stmt = stmt.where(Interview.title.ilike(f"%{query}%"))
    return list(session.scalars(stmt.limit(limit)))


def _people_with_role(session: Session, names: list[str], role: str, field: str) -> list[str]:
    found = {
        p.username: p for p in session.scalars(select(Person).where(Person.username.in_(names)))
    }
    for name in names:
        person = found.get(name)
        if person is None or person.role != role:
            raise field_error(field, f"{name!r} is not a registered {role}.")
    return names


def _overlap_warnings(
    session: Session,
    names: list[str],
    starts_at: datetime,
    ends_at: datetime,
    exclude_id: int | None,
) -> list[str]:
    stmt = (
        select(Interview)
        .join(Participant)
        .where(
            Participant.username.in_(names),
            Interview.cancelled_at.is_(None),
            Interview.ended_at.is_(None),
            Interview.starts_at < ends_at,
            Interview.starts_at > starts_at - timedelta(hours=24),
        )
    )
    warnings = []
    for other in session.scalars(stmt).unique():
        if other.id == exclude_id or other.ends_at <= starts_at:
            continue
        for name in sorted({p.username for p in other.participants} & set(names)):
            warnings.append(f"{name} already has “{other.title}” at an overlapping time.")
    return warnings


def _require_scheduler(viewer: Viewer) -> None:
    if not (viewer.admin or viewer.role == "interviewer"):
        raise Forbidden("Only interviewers can schedule interviews.", reason="interviewer_only")


def create_interview(
    session: Session,
    viewer: Viewer,
    *,
    title: str,
    description: str,
    schedule: Schedule,
    candidate: str,
    interviewers: list[str],
    language: str,
    problems: list[str],
    position: str = "",
) -> tuple[Interview, list[str]]:
    _require_scheduler(viewer)
    panel = list(dict.fromkeys([viewer.name, *interviewers]))
    if candidate in panel:
        raise field_error("candidate", "The candidate cannot also be an interviewer.")
    _people_with_role(session, [candidate], "candidate", "candidate")
    _people_with_role(
        session,
        [n for n in panel if n != viewer.name or not viewer.admin],
        "interviewer",
        "interviewers",
    )
    ends_at = schedule.starts_at + timedelta(minutes=schedule.duration_min)
    warnings = list(schedule.warnings) + _overlap_warnings(
        session, [candidate, *panel], schedule.starts_at, ends_at, None
    )
    interview = Interview(
        public_id=secrets.token_urlsafe(9),
        meeting_code=secrets.token_urlsafe(18),
        title=title,
        description=description,
        starts_at=schedule.starts_at,
        duration_min=schedule.duration_min,
        timezone=schedule.timezone,
        position=position,
        language=language,
        problems=problems,
        created_by=viewer.name,
        sequence=0,
    )
    interview.participants = [Participant(username=candidate, role="candidate")] + [
        Participant(username=name, role="interviewer") for name in panel
    ]
    session.add(interview)
    session.flush()
    audit(session, viewer.name, "interview.scheduled", interview.public_id, title=title)
    return interview, warnings


def _require_open(interview: Interview, now: datetime, policy: SchedulePolicy, what: str) -> None:
    status = status_of(interview, now, policy)
    if status not in ("upcoming", "live"):
        raise Conflict(
            f"This interview is {status}; it cannot be {what}.", reason=f"interview_{status}"
        )


def _require_changer(interview: Interview, viewer: Viewer) -> None:
    if not can_change(interview, viewer):
        raise Forbidden(
            "Only interviewers on this interview's panel (or an admin) can change it.",
            reason="not_on_panel",
        )


def update_interview(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    changes: dict[str, Any],
    schedule: Schedule | None,
    now: datetime,
    policy: SchedulePolicy,
) -> tuple[bool, list[str]]:
    """Apply a PATCH; returns (time changed, warnings)."""
    _require_changer(interview, viewer)
    _require_open(interview, now, policy, "changed")
    warnings: list[str] = []
    time_changed = False
    if "interviewers" in changes:
        panel = list(dict.fromkeys(changes["interviewers"]))
        if not panel:
            raise field_error("interviewers", "Keep at least one interviewer on the panel.")
        if interview.candidate in panel:
            raise field_error("interviewers", "The candidate cannot also be an interviewer.")
        _people_with_role(session, panel, "interviewer", "interviewers")
        keep = [p for p in interview.participants if p.role == "candidate"]
        current = {p.username: p for p in interview.participants if p.role == "interviewer"}
        interview.participants = keep + [
            current.get(name) or Participant(username=name, role="interviewer") for name in panel
        ]
    for key in ("title", "description", "language", "position", "problems"):
        if key in changes:
            setattr(interview, key, changes[key])
    if schedule is not None and (schedule.starts_at, schedule.duration_min, schedule.timezone) != (
        interview.starts_at,
        interview.duration_min,
        interview.timezone,
    ):
        time_changed = True
        interview.starts_at = schedule.starts_at
        interview.duration_min = schedule.duration_min
        interview.timezone = schedule.timezone
        warnings += list(schedule.warnings)
        warnings += _overlap_warnings(
            session,
            [p.username for p in interview.participants],
            interview.starts_at,
            interview.ends_at,
            interview.id,
        )
    interview.sequence += 1
    interview.updated_at = now
    audit(
        session,
        viewer.name,
        "interview.updated",
        interview.public_id,
        fields=sorted(changes),
        rescheduled=time_changed,
    )
    return time_changed, warnings


def cancel_interview(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    reason: str,
    now: datetime,
    policy: SchedulePolicy,
) -> None:
    _require_changer(interview, viewer)
    _require_open(interview, now, policy, "cancelled")
    interview.cancelled_at = now
    interview.cancelled_by = viewer.name
    interview.cancel_reason = reason
    interview.sequence += 1
    audit(session, viewer.name, "interview.cancelled", interview.public_id, reason=reason)


def end_interview(
    session: Session, viewer: Viewer, interview: Interview, now: datetime, policy: SchedulePolicy
) -> None:
    _require_changer(interview, viewer)
    if status_of(interview, now, policy) != "live":
        raise Conflict("Only a live interview can be ended.", reason="not_live")
    interview.ended_at = now
    interview.ended_by = viewer.name
    audit(session, viewer.name, "interview.ended", interview.public_id)


def render_markdown(text: str) -> str:
    html: str = _markdown.render(text)
    return html


def serialise(
    interview: Interview, viewer: Viewer, now: datetime, policy: SchedulePolicy, meeting_base: str
) -> dict[str, Any]:
    """The interview as this viewer may see it (candidates never see the decision)."""
    status = status_of(interview, now, policy)
    staff_view = viewer.staff or viewer.name in interview.interviewers
    if not staff_view and status in ("succeeded", "failed") and not policy.candidate_sees_result:
        status = "completed"
    participant = is_participant(interview, viewer.name)
    return {
        "id": interview.public_id,
        "title": interview.title,
        "description": interview.description,
        "description_html": render_markdown(interview.description),
        "starts_at": interview.starts_at.isoformat(),
        "ends_at": interview.ends_at.isoformat(),
        "join_opens_at": (interview.starts_at - policy.join_window).isoformat(),
        "duration_min": interview.duration_min,
        "timezone": interview.timezone,
        "language": interview.language,
        "problems": list(interview.problems or []),
        "status": status,
        "candidate": interview.candidate,
        "interviewers": interview.interviewers,
        "created_by": interview.created_by,
        "meeting_url": f"{meeting_base}{interview.meeting_code}"
        if participant or viewer.admin
        else None,
        "can_join": can_join(interview, viewer, now, policy),
        "can_change": can_change(interview, viewer) and status in ("upcoming", "live"),
        "is_participant": participant,
        "cancel_reason": interview.cancel_reason if interview.cancelled_at else None,
        "position": interview.position,
    }
