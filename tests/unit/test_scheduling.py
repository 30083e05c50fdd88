"""Scheduling rules without processes: time zones, DST, statuses, calendar invites."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from interview_hub.service.db.models import Interview, Participant
from interview_hub.service.domain import interviews as iv
from interview_hub.service.domain.calendar import build_ics
from interview_hub.service.errors import Invalid

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
POLICY = iv.SchedulePolicy()


def test_india_time_is_converted_to_utc() -> None:
    start, warnings = iv.local_to_utc("2026-12-01", "20:30", "Asia/Kolkata")
    assert start == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert warnings == []


def test_spring_forward_gap_is_refused() -> None:
    with pytest.raises(Invalid) as err:
        iv.local_to_utc("2027-03-14", "02:30", "America/New_York")
    assert "does not exist in America/New_York" in err.value.message
    assert err.value.fields[0]["field"] == "start"


def test_fall_back_ambiguity_takes_the_first_and_says_so() -> None:
    start, warnings = iv.local_to_utc("2027-11-07", "01:30", "America/New_York")
    assert start == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # EDT, UTC-4
    assert len(warnings) == 1 and "happens twice" in warnings[0] and "UTC-04:00" in warnings[0]


def test_same_wall_clock_time_either_side_of_dst_differs_in_utc() -> None:
    before, _ = iv.local_to_utc("2027-03-13", "09:00", "Europe/Berlin")
    after, _ = iv.local_to_utc("2027-03-29", "09:00", "Europe/Berlin")
    assert before.hour == 8 and after.hour == 7


@pytest.mark.parametrize(
    ("date", "time", "tz", "duration", "end", "field", "words"),
    [
        ("2026-11-28", "10:00", "UTC", 60, None, "start", "in the past"),
        ("2026-12-01", "10:00", "Mars/Olympus", 60, None, "timezone", "not a time zone"),
        ("2026-12-01", "10:00", "UTC", 5, None, "duration_min", "15 to 480"),
        ("2026-12-01", "10:00", "UTC", None, "09:00", "end_time", "after the start"),
        ("2026-02-30", "10:00", "UTC", 60, None, "start", "YYYY-MM-DD"),
        ("2028-12-01", "10:00", "UTC", 60, None, "start", "a year ahead"),
    ],
)
def test_bad_schedules_name_the_field(
    date: str, time: str, tz: str, duration: int | None, end: str | None, field: str, words: str
) -> None:
    with pytest.raises(Invalid) as err:
        iv.make_schedule(date, time, tz, duration, end, NOW, POLICY)
    assert err.value.fields[0]["field"] == field
    assert words in err.value.message


def test_end_time_sets_the_duration() -> None:
    schedule = iv.make_schedule("2026-12-01", "10:00", "UTC", None, "11:30", NOW, POLICY)
    assert schedule.duration_min == 90


def _interview(start: datetime, minutes: int = 60) -> Interview:
    interview = Interview(
        public_id="abc",
        meeting_code="code",
        title="T",
        description="",
        starts_at=start,
        duration_min=minutes,
        timezone="Asia/Kolkata",
        language="python",
        problems=[],
        created_by="alice",
        sequence=0,
    )
    interview.participants = [
        Participant(username="carol", role="candidate"),
        Participant(username="alice", role="interviewer"),
    ]
    return interview


def test_status_follows_the_clock_and_the_join_window() -> None:
    start = NOW + timedelta(hours=1)
    interview = _interview(start)
    at = lambda delta: iv.status_of(interview, start + delta, POLICY)  # noqa: E731
    assert at(timedelta(minutes=-11)) == "upcoming"
    assert at(timedelta(minutes=-10)) == "live"
    assert at(timedelta(minutes=59)) == "live"
    assert at(timedelta(minutes=60)) == "completed"
    interview.decision = "pass"
    assert at(timedelta(minutes=61)) == "succeeded"
    interview.cancelled_at = NOW
    assert at(timedelta(minutes=-30)) == "cancelled"


def test_join_is_for_participants_inside_the_window_only() -> None:
    start = NOW + timedelta(hours=1)
    interview = _interview(start)
    carol = iv.Viewer("carol", "candidate")
    dave = iv.Viewer("dave", "candidate")
    bob = iv.Viewer("bob", "interviewer")
    inside = start - timedelta(minutes=5)
    assert iv.can_join(interview, carol, inside, POLICY)
    assert not iv.can_join(interview, carol, start - timedelta(minutes=11), POLICY)
    assert not iv.can_join(interview, dave, inside, POLICY)
    assert not iv.can_join(interview, bob, inside, POLICY)  # not on the panel
    assert iv.can_view(interview, bob) and not iv.can_change(interview, bob)
    assert not iv.can_view(interview, dave)


def test_candidates_never_see_the_decision() -> None:
    interview = _interview(NOW - timedelta(hours=3))
    interview.decision = "fail"
    carol = iv.serialise(interview, iv.Viewer("carol", "candidate"), NOW, POLICY, "https://x/m/")
    alice = iv.serialise(interview, iv.Viewer("alice", "interviewer"), NOW, POLICY, "https://x/m/")
    assert carol["status"] == "completed" and alice["status"] == "failed"
    assert carol["meeting_url"] == "https://x/m/code"
    assert (
        iv.serialise(interview, iv.Viewer("rita", "reviewer"), NOW, POLICY, "https://x/m/")[
            "meeting_url"
        ]
        is None
    )


def test_ics_carries_uid_organizer_attendees_zone_and_link() -> None:
    start, _ = iv.local_to_utc("2026-12-01", "20:30", "Asia/Kolkata")
    interview = _interview(start)
    text = build_ics(
        interview,
        meeting_url="https://hire.example/m/code",
        host="hire.example",
        organizer=("alice", "alice@example.com"),
        attendees=[("carol", "carol@example.org"), ("alice", "alice@example.com")],
        now=NOW,
    )
    cal = Calendar.from_ical(text)
    event = next(c for c in cal.walk("VEVENT"))
    assert str(event["uid"]) == "interview-abc@hire.example"
    assert str(cal["method"]) == "REQUEST"
    assert event.decoded("dtstart") == start
    assert "TZID=Asia/Kolkata" in text and "BEGIN:VTIMEZONE" in text
    assert str(event["organizer"]) == "mailto:alice@example.com"
    assert {str(a) for a in event["attendee"]} == {
        "mailto:carol@example.org",
        "mailto:alice@example.com",
    }
    assert str(event["location"]) == "https://hire.example/m/code"
    cancelled = build_ics(
        interview,
        meeting_url="u",
        host="h",
        organizer=("a", ""),
        attendees=[],
        now=NOW,
        cancelled=True,
    )
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled
