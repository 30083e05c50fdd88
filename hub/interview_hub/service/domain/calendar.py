"""iCalendar invitations (RFC 5545) with the scheduler's time zone and the meeting link."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from ..db.models import Interview

PRODID = "-//Interview Platform//Interviews//EN"


def interview_uid(interview: Interview, host: str) -> str:
    return f"interview-{interview.public_id}@{host or 'interview-platform'}"


def build_ics(
    interview: Interview,
    *,
    meeting_url: str,
    host: str,
    organizer: tuple[str, str],
    attendees: list[tuple[str, str]],
    now: datetime,
    cancelled: bool = False,
) -> str:
    """Return the .ics text. ``organizer`` and ``attendees`` are (name, email) pairs."""
    zone = ZoneInfo(interview.timezone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", interview_uid(interview, host))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", interview.ends_at.astimezone(zone))
    event.add("summary", interview.title)
    event.add("description", f"{interview.description}\n\nJoin: {meeting_url}".strip())
    event.add("location", meeting_url)
    event.add("url", meeting_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    org_name, org_email = organizer
    org = vCalAddress(f"mailto:{org_email or 'noreply@' + (host or 'localhost')}")
    org.params["cn"] = vText(org_name)
    event["organizer"] = org
    for name, email in attendees:
        if not email:
            continue
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    cal.add_missing_timezones()
    text: str = cal.to_ical().decode()
    return text
