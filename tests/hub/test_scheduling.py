"""Scheduling against the real platform, with mail through a real SMTP server."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.support.platform import Browserless, Platform
from tests.support.smtp import SMTPServer, body_text, ics_of


@pytest.fixture(scope="module")
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory, smtp: SMTPServer) -> Iterator[Platform]:
    p = Platform(
        tmp_path_factory.mktemp("sched"),
        env={"DEMO_ACCOUNTS": "1", "INTERVIEWS_TEST_CLOCK": "1", **smtp.env},
    ).start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def alice(platform: Platform) -> Iterator[Browserless]:
    who = Browserless(platform)
    who.login("alice", "alice-demo-pass")
    who.open_service()
    yield who
    who.close()


@pytest.fixture(scope="module")
def carol(platform: Platform) -> Iterator[Browserless]:
    who = Browserless(platform)
    who.login("carol", "carol-demo-pass")
    who.open_service()
    yield who
    who.close()


def set_clock(platform: Platform, moment: datetime) -> None:
    offset = (moment - datetime.now(UTC)).total_seconds()
    (platform.data_dir / "test-clock-offset").write_text(str(offset))


@pytest.fixture(autouse=True)
def real_clock(platform: Platform) -> Iterator[None]:
    yield
    (Path(platform.data_dir) / "test-clock-offset").unlink(missing_ok=True)


def tomorrow() -> str:
    return (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")


def schedule(who: Browserless, **fields: object) -> httpx.Response:
    body = {
        "title": "Backend round",
        "date": tomorrow(),
        "time": "20:30",
        "timezone": "Asia/Kolkata",
        "duration_min": 45,
        "candidate": "carol",
        "interviewers": ["bob"],
        **fields,
    }
    return who.api("POST", "interviews", body)


def test_schedule_registered_candidate_mails_everyone_an_invite(
    alice: Browserless, carol: Browserless, smtp: SMTPServer
) -> None:
    created = schedule(alice, title="Mail check")
    assert created.status_code == 201, created.text
    interview = created.json()["interview"]
    assert interview["interviewers"] == ["alice", "bob"]
    assert interview["starts_at"].endswith("15:00:00+00:00")  # 20:30 IST
    for address in ("carol@example.org", "alice@example.com", "bob@example.com"):
        msg = smtp.mailbox.to(address, "Interview scheduled: Mail check")
        ics = ics_of(msg)
        assert f"UID:interview-{interview['id']}@127.0.0.1" in ics
        assert "TZID=Asia/Kolkata" in ics and interview["meeting_url"] in ics.replace("\r\n ", "")
        assert interview["meeting_url"] in body_text(msg)
    # the candidate sees it, with the meeting link, but cannot change it
    seen = carol.api("GET", f"interviews/{interview['id']}").json()
    assert seen["meeting_url"] == interview["meeting_url"] and seen["can_change"] is False
    assert carol.api("PATCH", f"interviews/{interview['id']}", {"title": "x"}).status_code == 403


def test_reschedule_and_cancel_notify_with_sequence(alice: Browserless, smtp: SMTPServer) -> None:
    interview = schedule(alice, title="Moving").json()["interview"]
    moved = alice.api("PATCH", f"interviews/{interview['id']}", {"time": "21:30"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["interview"]["starts_at"].endswith("16:00:00+00:00")
    ics = ics_of(smtp.mailbox.to("carol@example.org", "Interview rescheduled: Moving"))
    assert "SEQUENCE:1" in ics and "METHOD:REQUEST" in ics
    cancelled = alice.api("DELETE", f"interviews/{interview['id']}", {"reason": "Role filled"})
    assert cancelled.json()["status"] == "cancelled"
    msg = smtp.mailbox.to("bob@example.com", "Interview cancelled: Moving")
    assert "METHOD:CANCEL" in ics_of(msg) and "Role filled" in body_text(msg)
    again = alice.api("PATCH", f"interviews/{interview['id']}", {"time": "22:00"})
    assert again.status_code == 409 and again.json()["reason"] == "interview_cancelled"


def test_invite_by_email_creates_account_with_set_password_link(
    platform: Platform, alice: Browserless, smtp: SMTPServer
) -> None:
    created = schedule(
        alice, title="Invited", candidate=None, candidate_email="Grace.Hopper@navy.test"
    )
    assert created.status_code == 201, created.text
    invited = created.json()["invited"]
    assert invited["username"] == "grace.hopper" and invited["created"] is True
    msg = smtp.mailbox.to("grace.hopper@navy.test", "Interview scheduled: Invited")
    link = re.search(r"(http://\S+/hub/set-password/\S+)", body_text(msg))
    assert link, body_text(msg)
    grace = Browserless(platform)
    assert grace.client.get("/hub/signup").status_code == 200
    # nobody can claim the reserved name through open sign-up
    assert "successful" not in grace.signup("grace.hopper", "stolen-password-123", "x@evil.test")
    form = grace.client.get(link.group(1))
    assert "grace.hopper" in form.text
    done = grace.client.post(
        link.group(1),
        data={
            "password": "amazing-grace-1906",
            "password_confirmation": "amazing-grace-1906",
            "_xsrf": grace.hub_xsrf(),
        },
    )
    assert "Your password is set" in done.text
    grace.login("grace.hopper", "amazing-grace-1906")
    home = grace.open_service()
    assert home.url.path == "/services/interviews/"  # role already candidate: no role page
    assert "Invited" in home.text
    assert grace.api("GET", "me").json()["role"] == "candidate"
    grace.close()


def test_validation_messages_name_fields(alice: Browserless, carol: Browserless) -> None:
    past = schedule(alice, date="2020-01-01")
    assert past.status_code == 422 and past.json()["fields"][0]["field"] == "start"
    same = schedule(alice, candidate="alice")
    assert same.status_code == 422 and "cannot also be an interviewer" in same.json()["message"]
    not_candidate = schedule(alice, candidate="bob", interviewers=[])
    assert not_candidate.status_code == 422
    gap = schedule(alice, timezone="America/New_York", date="2027-03-14", time="02:30")
    assert gap.status_code == 422 and "does not exist" in gap.json()["message"]
    both = schedule(alice, candidate_email="x@y.test")
    assert both.status_code == 422
    assert schedule(carol).status_code == 403


def test_overlap_is_warned_not_refused(alice: Browserless) -> None:
    first = schedule(alice, title="One", date="2027-02-01", time="10:00", timezone="UTC")
    second = schedule(alice, title="Two", date="2027-02-01", time="10:30", timezone="UTC")
    assert first.status_code == second.status_code == 201
    warnings = second.json()["warnings"]
    assert any("carol already has “One”" in w for w in warnings)
    assert any("alice already has “One”" in w for w in warnings)


def test_join_window_follows_the_injected_clock(
    platform: Platform, alice: Browserless, carol: Browserless
) -> None:
    interview = schedule(
        alice, title="Window", date="2027-03-01", time="09:00", timezone="UTC"
    ).json()["interview"]
    start = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    link = interview["meeting_url"].split("/services/interviews/")[1]
    set_clock(platform, start - timedelta(minutes=11))
    early = carol.client.get(f"/services/interviews/{link}", follow_redirects=False)
    assert early.status_code == 409 and "opens at 08:50 UTC" in early.text
    assert carol.api("GET", f"interviews/{interview['id']}").json()["can_join"] is False
    set_clock(platform, start - timedelta(minutes=9))
    assert carol.api("GET", f"interviews/{interview['id']}").json()["can_join"] is True
    inside = carol.client.get(f"/services/interviews/{link}", follow_redirects=False)
    assert inside.status_code == 302 and interview["id"] in inside.headers["Location"]
    dave = Browserless(alice.platform)
    dave.login("dave", "dave-demo-pass1")
    dave.open_service()
    refused = dave.client.get(f"/services/interviews/{link}", follow_redirects=False)
    assert refused.status_code == 403 and "participants only" in refused.text
    assert dave.api("GET", f"interviews/{interview['id']}").status_code == 404
    dave.close()
    set_clock(platform, start + timedelta(minutes=61))
    assert carol.api("GET", f"interviews/{interview['id']}").json()["status"] == "completed"


def test_candidates_list_only_their_own(platform: Platform, alice: Browserless) -> None:
    schedule(alice, title="For dave", candidate="dave")
    dave = Browserless(platform)
    dave.login("dave", "dave-demo-pass1")
    dave.open_service()
    items = dave.api("GET", "interviews").json()["items"]
    assert items and {i["candidate"] for i in items} == {"dave"}
    dave.close()
    staff = alice.api("GET", "interviews?candidate=dave").json()["items"]
    assert {i["candidate"] for i in staff} == {"dave"}


def test_changes_are_pushed_as_server_sent_events(alice: Browserless, carol: Browserless) -> None:
    received: list[dict[str, str]] = []
    ready = threading.Event()
    got = threading.Event()

    def listen() -> None:
        with carol.client.stream(
            "GET",
            "/services/interviews/api/events",
            params={"_xsrf": carol.service_xsrf()},
            headers={"Sec-Fetch-Mode": "cors"},
            timeout=30,
        ) as response:
            assert response.status_code == 200
            for line in response.iter_lines():
                if line.startswith(": connected"):
                    ready.set()
                if line.startswith("data: "):
                    received.append(json.loads(line[6:]))
                    got.set()
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(10)
    interview = schedule(alice, title="Pushed").json()["interview"]
    assert got.wait(10)
    assert received[0] == {"type": "interview", "id": interview["id"], "change": "scheduled"}
    thread.join(5)
