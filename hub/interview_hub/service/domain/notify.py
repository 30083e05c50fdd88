"""Emails with calendar invites for scheduled, rescheduled and cancelled interviews."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..db.models import Interview, Mail
from .calendar import build_ics
from .mail import Outgoing, queue_mail

SUBJECTS = {
    "scheduled": "Interview scheduled: {title}",
    "rescheduled": "Interview rescheduled: {title}",
    "cancelled": "Interview cancelled: {title}",
}


def when_text(interview: Interview) -> str:
    zone = ZoneInfo(interview.timezone)
    start = interview.starts_at.astimezone(zone)
    end = interview.ends_at.astimezone(zone)
    utc = interview.starts_at.strftime("%H:%M UTC")
    zone_text = f"{interview.timezone}, UTC{start:%z}"
    return f"{start:%A %d %B %Y, %H:%M} to {end:%H:%M} ({zone_text}) — {utc}"


def compose(
    session: Session,
    interview: Interview,
    kind: str,
    *,
    emails: dict[str, str],
    meeting_base: str,
    public_url: str,
    now: datetime,
    extra: dict[str, str] | None = None,
) -> list[Mail]:
    """Queue one message per participant with an email; ``extra`` adds a line per username."""
    host = urlparse(public_url).hostname or "localhost"
    meeting_url = f"{meeting_base}{interview.meeting_code}"
    organizer = interview.created_by
    ics = build_ics(
        interview,
        meeting_url=meeting_url,
        host=host,
        organizer=(organizer, emails.get(organizer, "")),
        attendees=[(p.username, emails.get(p.username, "")) for p in interview.participants],
        now=now,
        cancelled=kind == "cancelled",
    )
    subject = SUBJECTS[kind].format(title=interview.title)
    queued = []
    for participant in interview.participants:
        address = emails.get(participant.username)
        if not address:
            continue
        lines = [f"Hello {participant.username},", ""]
        if kind == "cancelled":
            lines.append(
                f"The interview “{interview.title}” on {when_text(interview)} has been cancelled."
            )
            if interview.cancel_reason:
                lines.append(f"Reason: {interview.cancel_reason}")
        else:
            verb = "is scheduled" if kind == "scheduled" else "has moved to a new time"
            lines += [
                f"The interview “{interview.title}” {verb}:",
                f"  When: {when_text(interview)}",
                f"  Role: {participant.role}",
                f"  Join: {meeting_url}",
                "",
                "The Join button opens a few minutes before the start.",
            ]
        if extra and participant.username in extra:
            lines += ["", extra[participant.username]]
        lines += ["", f"— Interview Platform ({public_url})"]
        queued.append(
            queue_mail(
                session,
                Outgoing(
                    kind=f"interview.{kind}",
                    to_addr=address,
                    to_user=participant.username,
                    subject=subject,
                    body="\n".join(lines),
                    ics=ics,
                    interview_id=interview.id,
                ),
            )
        )
    return queued
