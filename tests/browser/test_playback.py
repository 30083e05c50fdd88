"""Code playback on a real platform: the API replays the archived history at any moment, with who
typed what and markers for test runs and notes; the page plays it in a real browser.

The history is written with the recorder's own ``Archive`` (three Y clients: the server, carol
and alice, with a long idle pause), as the service writes it during an interview
(tests/spawners/test_history.py records a real one); the test run and the notes go through the
service's API.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycrdt
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import sign_in
from tests.support.notebook_history import ALICE, CAROL, SERVER, Room, awareness, cell, text
from tests.support.platform import ROOT, Browserless, Platform, demo_platform, small_bank
from tests.support.platform import signed_in as login

SLUG = "balanced-brackets"
FINAL = (ROOT / "problems" / SLUG / "solutions" / "python.py").read_text()


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    bank = small_bank(tmp_path_factory, SLUG)
    yield from demo_platform(tmp_path_factory, "playback", env={"PROBLEMS_DIR": str(bank)})


@pytest.fixture(scope="module")
def alice(platform: Platform) -> Iterator[Browserless]:
    who = login(platform, "alice")
    yield who
    who.close()


def schedule(alice: Browserless, title: str) -> str:
    created = alice.api(
        "POST",
        "interviews",
        {
            "title": title,
            "date": "2027-09-01",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "interviewers": ["bob"],
            "problems": [SLUG],
        },
    )
    assert created.status_code == 201, created.text
    return str(created.json()["interview"]["id"])


@pytest.fixture(scope="module")
def recorded(platform: Platform, alice: Browserless) -> dict[str, Any]:
    """An interview with a history around now: the notebook written, carol types, a long
    pause, alice adds a line, carol finishes; alice runs the tests and writes notes."""
    iid = schedule(alice, "Playback")
    room = Room(platform.data_dir / "archive" / iid / "history", start=time.time() - 90)
    brief = pycrdt.Array([cell("brief", "# Balanced brackets"), cell("code", "")])
    room.edit(SERVER, lambda d: d.__setitem__("cells", brief))
    room.names(awareness((CAROL, {"user": {"username": "carol", "name": "Carol"}})))
    room.names(awareness((ALICE, {"user": {"username": "alice", "name": "Alice"}})))
    first, rest = FINAL[:22], FINAL[22:]
    for char in first:
        room.edit(CAROL, lambda d, c=char: text(d, 1).insert(len(text(d, 1)), c), after=1.0)
    note = "# what about ''?\n"
    room.edit(ALICE, lambda d: text(d, 1).insert(0, note), after=60.0)  # after a pause
    for at in range(0, len(rest), 6):  # a word at a time from here
        part = rest[at : at + 6]
        room.edit(CAROL, lambda d, p=part: text(d, 1).insert(len(text(d, 1)), p), after=0.5)
    room.edit(CAROL, lambda d: text(d, 1).__delitem__(slice(0, len(note))), after=2.0)
    # a large paste (a generated test table), then taken out again
    pasted = "".join(f"# case {i}: {'()' * i}\n" for i in range(8))
    room.edit(CAROL, lambda d: text(d, 1).insert(len(text(d, 1)), pasted), after=3.0)
    room.edit(CAROL, lambda d: text(d, 1).__delitem__(slice(len(FINAL), None)), after=1.0)
    room.archive.close()
    assert room.sources()[1] == FINAL

    queued = alice.api(
        "POST",
        "grade",
        {"interview_id": iid, "problem": SLUG, "language": "python", "source": FINAL},
    )
    assert queued.status_code == 202, queued.text
    deadline = time.monotonic() + 120
    while alice.api("GET", f"grade/{queued.json()['id']}").json()["status"] not in ("done",):
        assert time.monotonic() < deadline, "grading did not finish"
        time.sleep(0.2)
    saved = alice.api("PUT", f"interviews/{iid}/notes", {"text": "Asked about the empty string."})
    assert saved.status_code == 200, saved.text
    return {"id": iid, "room": room}


def test_the_timeline_has_every_edit_its_authors_and_the_moments(
    alice: Browserless, recorded: dict[str, Any]
) -> None:
    got = alice.api("GET", f"interviews/{recorded['id']}/playback")
    assert got.status_code == 200, got.text
    line = got.json()
    room = recorded["room"]
    assert len(line["steps"]) == len(room.moments)
    assert line["start"] == pytest.approx(room.moments[0][0])
    assert line["end"] == pytest.approx(room.moments[-1][0])
    authors = {a["name"]: a["role"] for a in line["authors"]}
    assert authors == {"": "notebook", "carol": "candidate", "alice": "interviewer"}
    names = [a["name"] for a in line["authors"]]
    by_step = [names[author] for _, author in line["steps"]]
    assert by_step[0] == "" and by_step.count("alice") == 1 and by_step[-1] == "carol"
    kinds = [m["kind"] for m in line["markers"]]
    assert sorted(kinds) == ["note", "paste", "test"], line["markers"]
    paste = next(m for m in line["markers"] if m["kind"] == "paste")
    assert re.fullmatch(r"carol inserted \d{3} characters at once", paste["label"]), paste
    assert paste["t"] == pytest.approx(room.moments[-2][0])
    test = next(m for m in line["markers"] if m["kind"] == "test")
    assert "alice ran the tests (python): Accepted" in test["label"]
    assert re.search(r"hidden \d+/\d+", test["label"])


def test_the_notebook_at_ten_moments_is_exactly_what_it_was(
    alice: Browserless, recorded: dict[str, Any]
) -> None:
    room = recorded["room"]
    picks = room.moments[:: max(1, len(room.moments) // 9)][:9] + room.moments[-1:]
    assert len(picks) == 10
    for when, expected in picks:
        frame = alice.api("GET", f"interviews/{recorded['id']}/playback/notebook?t={when}")
        assert frame.status_code == 200, frame.text
        assert [c["source"] for c in frame.json()["cells"]] == expected
    final = frame.json()["cells"][1]
    owners = {final["source"][a:b]: who for a, b, who in final["runs"]}
    assert owners == {FINAL: "carol"}  # alice's line was deleted again
    before = alice.api(
        "GET", f"interviews/{recorded['id']}/playback/notebook?t={room.moments[0][0] - 1}"
    )
    assert before.json()["cells"] == [] and before.json()["step"] == 0


def test_who_may_replay_and_bad_moments(
    platform: Platform, alice: Browserless, recorded: dict[str, Any]
) -> None:
    iid = recorded["id"]
    carol = login(platform, "carol")
    dave = login(platform, "dave")
    try:
        for path in (f"interviews/{iid}/playback", f"interviews/{iid}/playback/notebook?t=1"):
            denied = carol.api("GET", path)
            assert denied.status_code == 403 and denied.json()["reason"] == "candidate"
            assert dave.api("GET", path).status_code == 404
        page = carol.client.get(f"/services/interviews/interviews/{iid}/playback")
        assert page.status_code == 403 and "Candidates cannot replay this interview." in page.text
    finally:
        carol.close()
        dave.close()
    for bad in ("", "?t=", "?t=soon", "?t=nan", "?t=inf"):
        answer = alice.api("GET", f"interviews/{iid}/playback/notebook{bad}")
        assert answer.status_code == 422 and answer.json()["reason"] == "bad_time", bad
        assert "?t=<seconds>" in answer.json()["message"]
    empty = schedule(alice, "Never ran")
    missing = alice.api("GET", f"interviews/{empty}/playback")
    assert missing.status_code == 404 and missing.json()["reason"] == "no_history"


def notebook_sources(page: Page) -> list[str]:
    sources: list[str] = page.locator("#pb-notebook .pb-source").evaluate_all(
        "nodes => nodes.map(n => n.textContent)"
    )
    return sources


def test_the_page_plays_jumps_and_tints_each_author(
    browser: Browser,
    platform: Platform,
    alice: Browserless,
    recorded: dict[str, Any],
    shot: Any,
) -> None:
    room = recorded["room"]
    total = len(room.moments)
    context = browser.new_context(base_url=platform.url)
    page = context.new_page()
    try:
        sign_in(page, "alice", "alice-demo-pass")
        page.goto(f"/services/interviews/interviews/{recorded['id']}")
        page.locator("#playback-link").click()
        expect(page.locator("#pb-player")).to_be_visible()
        expect(page.locator("#pb-clock")).to_contain_text(f"edit 1 of {total}")
        expect(page.locator("#pb-notebook .pb-source").first).to_have_text("# Balanced brackets")
        legend = page.locator("#pb-legend")
        expect(legend).to_contain_text("carol (candidate)")
        expect(legend).to_contain_text("alice (interviewer)")

        # keyboard: "]" is the next edit, "k" plays; at 32x with idle time skipped, the
        # 60 s pause does not hold the playback up
        page.locator("#pb-notebook").focus()
        page.keyboard.press("]")
        page.keyboard.press("]")
        expect(page.locator("#pb-clock")).to_contain_text(f"edit 3 of {total}")
        page.select_option("#pb-speed", "32")
        page.keyboard.press("k")
        expect(page.locator("#pb-play")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#pb-clock")).to_contain_text(f"edit {total} of {total}", timeout=15000)
        expect(page.locator("#pb-play")).to_have_attribute("aria-pressed", "false")
        expect(page.locator("#pb-notebook")).to_have_attribute("data-step", str(total))
        assert notebook_sources(page) == room.moments[-1][1]

        # the moment alice's line was there: her text is tinted as hers, carol's as carol's
        alice_step = next(i for i, (_, s) in enumerate(room.moments) if s[1].startswith("# what"))
        page.locator("#pb-range").focus()
        page.locator("#pb-range").fill(str(room.moments[alice_step][0] - room.moments[0][0]))
        expect(page.locator("#pb-notebook")).to_have_attribute("data-step", str(alice_step + 1))
        assert notebook_sources(page) == room.moments[alice_step][1]
        code = page.locator("#pb-notebook .pb-cell").nth(1)
        expect(code.locator("[data-author=alice]")).to_have_text("# what about ''?\n")
        expect(code.locator("[data-author=carol]")).to_have_text(FINAL[:22])
        colours = code.locator("span").evaluate_all(
            "spans => spans.map(s => getComputedStyle(s).backgroundColor)"
        )
        assert len(set(colours)) == 2, colours
        shot(page, "playback-alice")

        # the moments list jumps to the test run and the notes (keyboard reachable buttons)
        tests = page.locator("#pb-marker-list button[data-kind=test]")
        expect(tests).to_contain_text("alice ran the tests (python): Accepted")
        expect(page.locator("#pb-markers .pb-marker")).to_have_count(3)
        expect(page.locator("#pb-marker-list button[data-kind=paste]")).to_contain_text(
            "carol inserted"
        )
        line = alice.api("GET", f"interviews/{recorded['id']}/playback").json()
        ran = next(m["t"] for m in line["markers"] if m["kind"] == "test")
        done = sum(1 for when, _ in room.moments if when <= ran)
        tests.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#pb-clock")).to_contain_text(f"edit {done} of {total}")
        expect(page.locator("#pb-notebook")).to_have_attribute("data-step", str(done))
        assert notebook_sources(page) == room.moments[done - 1][1]
    finally:
        context.close()


def test_the_candidates_hidden_tab_is_listed_for_both_sides(
    browser: Browser, platform: Platform, alice: Browserless, shot: Any, tmp_path: Path
) -> None:
    """The timer panel of the candidate reports a hidden tab once it is visible again; the
    candidate and the panel see the same line, and the playback marks it."""
    iid = schedule(alice, "Signals")
    live = datetime(2027, 9, 1, 10, 5, tzinfo=UTC)
    offset = platform.data_dir / "test-clock-offset"
    offset.write_text(str(live.timestamp() - time.time()))
    room = Room(platform.data_dir / "archive" / iid / "history", start=live.timestamp() - 60)
    room.edit(SERVER, lambda d: d.__setitem__("cells", pycrdt.Array([cell("code", "")])))
    room.archive.close()
    carol = login(platform, "carol")
    context = browser.new_context(base_url=platform.url)
    page = context.new_page()
    try:
        path = f"interviews/{iid}/signals"
        for bad in ({"kind": "away", "seconds": 0}, {"kind": "away", "seconds": 1e9},
                    {"kind": "away", "seconds": "long"}, {"kind": "paste", "seconds": 5},
                    {"kind": "away"}):  # fmt: skip
            assert carol.api("POST", path, bad).status_code == 422, bad
        refused = alice.api("POST", path, {"kind": "away", "seconds": 30})
        assert refused.status_code == 403 and refused.json()["reason"] == "candidate_only"
        short = carol.api("POST", path, {"kind": "away", "seconds": 1.5})
        assert short.status_code == 200 and short.json()["signals"] == []

        sign_in(page, "carol", "carol-demo-pass")
        page.goto(f"/services/interviews/room/{iid}/panel/timer")
        expect(page.locator("#ip-signals-title")).to_have_text("What the panel sees")
        expect(page.locator("#ip-signal-list")).to_contain_text("Nothing so far.")
        # the tab is hidden, 95 s pass (the page's clock is moved on), it is visible again
        page.evaluate(
            """() => {
              const hide = (state) => {
                const value = {value: state, configurable: true};
                Object.defineProperty(document, "visibilityState", value);
                document.dispatchEvent(new Event("visibilitychange"));
              };
              hide("hidden");
              const real = Date.now.bind(Date);
              Date.now = () => real() + 95000;
              hide("visible");
            }"""
        )
        away = page.locator("#ip-signal-list [data-kind=away]")
        expect(away).to_have_count(1)
        expect(away).to_contain_text(re.compile(r"carol's tab was hidden for 1 min 3[45] s"))
        shot(page, "timer-candidate")

        listed = alice.api("GET", path).json()["signals"]
        assert [s["kind"] for s in listed] == ["away"] and 94 <= listed[0]["seconds"] <= 96
        assert listed[0]["t"] == pytest.approx(live.timestamp() - 95, abs=15)
        dave = login(platform, "dave")
        assert dave.api("GET", path).status_code == 404
        dave.close()
        markers = alice.api("GET", f"interviews/{iid}/playback").json()["markers"]
        assert [m["kind"] for m in markers] == ["away"], markers
        recording_on_the_timeline(browser, platform, alice, iid, tmp_path)

        offset.write_text(str(live.timestamp() + 7200 - time.time()))  # it has ended
        late = carol.api("POST", path, {"kind": "away", "seconds": 30})
        assert late.status_code == 409 and late.json()["reason"] == "not_live"
    finally:
        offset.unlink(missing_ok=True)
        carol.close()
        context.close()


def recording_on_the_timeline(
    browser: Browser, platform: Platform, alice: Browserless, iid: str, tmp_path: Path
) -> None:
    """A 6 s recording of the live interview (uploaded as the call page does) sits on the
    playback's timeline: scrubbing the timeline moves the video, seeking the video moves
    the timeline."""
    media = tmp_path / "call.webm"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         "testsrc=duration=6:size=160x120:rate=10", "-c:v", "libvpx", "-b:v", "100k",
         "-f", "webm", str(media)],
        check=True,
    )  # fmt: skip
    started = alice.api("POST", f"interviews/{iid}/recordings")
    assert started.status_code == 201, started.text
    rid = started.json()["id"]
    put = alice.api(
        "PUT",
        f"interviews/{iid}/recordings/{rid}/chunks/0",
        content=media.read_bytes(),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert put.status_code == 200, put.text
    done = alice.api("POST", f"interviews/{iid}/recordings/{rid}/finish")
    assert done.status_code == 200 and done.json()["status"] == "ready", done.text

    line = alice.api("GET", f"interviews/{iid}/playback").json()
    [recording] = line["recordings"]
    assert recording["duration_s"] == pytest.approx(6, abs=0.5)
    at = recording["start"] - line["start"]  # seconds after the first edit
    context = browser.new_context(base_url=platform.url)
    page = context.new_page()
    try:
        sign_in(page, "alice", "alice-demo-pass")
        page.goto(f"/services/interviews/interviews/{iid}/playback")
        expect(page.locator("#pb-recording")).to_be_visible()
        expect(page.locator("#pb-video-none")).to_be_visible()  # the first edit: no recording
        page.locator("#pb-range").fill(str(at + 2.5))
        expect(page.locator("#pb-video-none")).to_be_hidden()
        page.wait_for_function(
            "() => Math.abs(document.getElementById('pb-video').currentTime - 2.5) < 0.3"
        )
        # the viewer seeks the video itself: the timeline follows
        page.evaluate("() => { document.getElementById('pb-video').currentTime = 4.5; }")
        page.wait_for_function(
            f"() => Math.abs(Number(document.getElementById('pb-range').value) - {at + 4.5}) < 0.3"
        )
        # the report: the same player (with the recording) and the signals
        page.goto(f"/services/interviews/interviews/{iid}/report")
        expect(page.locator("#report-signals [data-kind=away]")).to_contain_text(
            "carol's tab was hidden for 1 min"
        )
        expect(page.locator("#playback-title")).to_have_text("Code playback and recording")
        expect(page.locator("#pb-recording")).to_be_visible()
        expect(page.locator("#pb-clock")).to_contain_text("edit 1 of 1")
    finally:
        context.close()
