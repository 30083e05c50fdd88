"""Recording the call: the upload API, the signalling message, and a real 20 s recorded call.

Everything runs inside the test's loopback-only network namespace (see netns.py), with the
platform started inside it; the call uses real Chromium with a distinct fake camera and tone per
participant (alice 440 Hz, carol 880 Hz; bob's 660 Hz is not in the call and serves as control).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from tests.support.platform import Browserless, Platform
from tests.video.netns import Netns
from tests.video.support import (
    SERVICE,
    Participant,
    api_as,
    end_interview,
    leave,
    open_call,
    schedule_live,
    wait_receiving,
)
from tests.video.test_signalling import connect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
RECORD_SECONDS = 20


# ------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def logins(netns: Netns, vplatform: Platform) -> Iterator[dict[str, Browserless]]:
    found = {n: netns.call(api_as, vplatform, n) for n in ("alice", "bob", "carol", "dave")}

    def admin_login() -> Browserless:
        who = Browserless(vplatform)
        who.login("admin", "admin-demo-pass")
        who.open_service()
        return who

    found["admin"] = netns.call(admin_login)
    yield found
    for who in found.values():
        who.close()


@pytest.fixture(scope="module")
def sample_webm(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A 3 s WebM (VP8 + Opus) like MediaRecorder makes, without cues (ffmpeg -cues none)."""
    out = tmp_path_factory.mktemp("webm") / "sample.webm"
    subprocess.run(
        [
            "ffmpeg", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", "-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus",
            "-f", "webm", str(out),
        ],
        check=True,
    )  # fmt: skip
    return out.read_bytes()


def call(netns: Netns, who: Browserless, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return netns.call(who.api, method, path, **kwargs)


def put_chunk(
    netns: Netns, who: Browserless, interview: str, rid: int, seq: int, data: bytes
) -> httpx.Response:
    return call(
        netns,
        who,
        "PUT",
        f"interviews/{interview}/recordings/{rid}/chunks/{seq}",
        content=data,
        headers={"Content-Type": "application/octet-stream"},
    )


def ffprobe_duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip())


def ffprobe_streams(path: Path) -> list[dict[str, Any]]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    streams: list[dict[str, Any]] = json.loads(out)["streams"]
    return streams


def gray_frame(path: Path, at_s: float, size: tuple[int, int]) -> list[bytes]:
    """One decoded frame of the recording as rows of 8-bit luminance."""
    width, height = size
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", f"{at_s:.2f}", "-i", str(path), "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    assert len(raw) == width * height, (len(raw), size)
    return [raw[y * width : (y + 1) * width] for y in range(height)]


def packet_spans(path: Path) -> dict[str, Any]:
    """First and last packet time and the largest gap of each stream (for failure reports)."""
    spans: dict[str, Any] = {}
    for kind in ("v", "a"):
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", kind, "-show_entries",
             "packet=pts_time", "-of", "csv=p=0", str(path)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        times = [float(t.strip(",")) for t in out.split() if t.strip(",")]
        gaps = [b - a for a, b in itertools.pairwise(times)]
        spans[kind] = {
            "first": times[0] if times else None,
            "last": times[-1] if times else None,
            "packets": len(times),
            "max_gap": round(max(gaps), 3) if gaps else None,
        }
    return spans


def band_rms_db(path: Path, freq: int) -> float:
    """RMS level (dB) of the recording's audio in a narrow band around ``freq``."""
    band = f"bandpass=f={freq}:width_type=q:w=12"
    result = subprocess.run(
        [
            "ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-vn",
            "-af", f"{band},{band},astats=measure_perchannel=none:measure_overall=RMS_level",
            "-f", "null", "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    found = re.findall(r"RMS level dB: (-?[\d.]+|-inf)", result.stderr)
    assert found, result.stderr[-2000:]
    return float(found[-1]) if found[-1] != "-inf" else -200.0


def schedule_panel_of_one(platform: Platform) -> str:
    """A live interview whose panel is alice alone (bob is an interviewer, but not on it)."""
    alice = api_as(platform, "alice")
    try:
        start = datetime.now(UTC) + timedelta(minutes=5)
        response = alice.api(
            "POST",
            "interviews",
            {
                "title": f"Recording {start:%H%M%S%f}",
                "date": start.strftime("%Y-%m-%d"),
                "time": start.strftime("%H:%M"),
                "timezone": "UTC",
                "duration_min": 60,
                "candidate": "dave",
                "interviewers": [],
            },
        )
        assert response.status_code == 201, response.text
        return str(response.json()["interview"]["id"])
    finally:
        alice.close()


# ------------------------------------------------------------------ API


def test_recording_api_authorisation_order_and_limits(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless], sample_webm: bytes
) -> None:
    interview = netns.call(schedule_live, vplatform, "carol", ("bob",))
    bob, carol, alice = logins["bob"], logins["carol"], logins["alice"]
    base = f"interviews/{interview}/recordings"

    # who may record: the panel only; candidates and strangers are told why
    refused = call(netns, carol, "POST", base)
    assert refused.status_code == 403 and refused.json()["reason"] == "candidate", refused.text
    stranger = call(netns, logins["dave"], "POST", base)
    assert stranger.status_code == 404, stranger.text
    no_xsrf = call(netns, bob, "POST", base, xsrf=False)
    assert no_xsrf.status_code == 403 and no_xsrf.json()["reason"] == "xsrf", no_xsrf.text
    created = call(netns, bob, "POST", base)
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    assert created.json()["status"] == "recording" and created.json()["next_seq"] == 0

    parts = [sample_webm[i : i + 20_000] for i in range(0, len(sample_webm), 20_000)]
    assert len(parts) >= 3

    # only the one who started it uploads; the candidate never
    assert put_chunk(netns, alice, interview, rid, 0, parts[0]).json()["reason"] == "not_recorder"
    assert put_chunk(netns, carol, interview, rid, 0, parts[0]).status_code == 403

    # a gap is refused with the chunk the service expects
    gap = put_chunk(netns, bob, interview, rid, 1, parts[1])
    assert gap.status_code == 409, gap.text
    assert gap.json()["reason"] == "gap" and gap.json()["expected_seq"] == 0
    assert "send chunk 0 first" in gap.json()["message"]
    # the first chunk must start a WebM file
    not_webm = put_chunk(netns, bob, interview, rid, 0, b"hello world")
    assert not_webm.status_code == 422 and not_webm.json()["reason"] == "not_webm"

    first = put_chunk(netns, bob, interview, rid, 0, parts[0])
    assert first.status_code == 200, first.text
    assert first.json() == {"seq": 0, "stored": True, "next_seq": 1, "bytes": len(parts[0])}
    # the same chunk again (a retry after a lost answer): acknowledged, not stored twice
    again = put_chunk(netns, bob, interview, rid, 0, parts[0])
    assert again.status_code == 200
    assert again.json() == {"seq": 0, "stored": False, "next_seq": 1, "bytes": len(parts[0])}

    # oversized chunks: 413 with the limit
    huge = put_chunk(netns, bob, interview, rid, 1, b"\0" * (4 * 1024 * 1024 + 1))
    assert huge.status_code == 413 and huge.json()["reason"] == "chunk_too_large", huge.text
    assert "4096 KiB" in huge.json()["message"]
    empty = put_chunk(netns, bob, interview, rid, 1, b"")
    assert empty.status_code == 422 and empty.json()["reason"] == "empty_chunk"

    for seq, part in enumerate(parts[1:], start=1):
        response = put_chunk(netns, bob, interview, rid, seq, part)
        assert response.status_code == 200 and response.json()["stored"], response.text
    assert response.json()["bytes"] == len(sample_webm)

    finished = call(netns, bob, "POST", f"{base}/{rid}/finish")
    assert finished.status_code == 200, finished.text
    body = finished.json()
    assert body["status"] == "ready" and abs(body["duration_s"] - 3.0) < 0.3, body
    stored = vplatform.data_dir / "archive" / interview / "recordings" / f"{rid}.webm"
    assert stored.is_file() and body["bytes"] == stored.stat().st_size
    assert not (stored.parent / f"{rid}.chunks").exists()
    # finishing twice returns the same recording; chunks after it are refused
    assert call(netns, bob, "POST", f"{base}/{rid}/finish").json()["status"] == "ready"
    late = put_chunk(netns, bob, interview, rid, len(parts), parts[0])
    assert late.status_code == 409 and late.json()["reason"] == "recording_closed"

    # watching: the panel and admins; never the candidate
    assert call(netns, carol, "GET", base).status_code == 403
    listed = call(netns, alice, "GET", base).json()["recordings"]
    assert [r["id"] for r in listed] == [rid] and listed[0]["started_by"] == "bob"
    assert call(netns, logins["admin"], "GET", base).status_code == 200
    media = f"{base}/{rid}/media"
    ranged = call(netns, alice, "GET", media, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206, ranged.text
    assert ranged.headers["Content-Range"] == f"bytes 0-99/{stored.stat().st_size}"
    assert ranged.headers["Content-Type"] == "video/webm" and len(ranged.content) == 100
    assert ranged.content == stored.read_bytes()[:100]
    tail = call(netns, alice, "GET", media, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == stored.read_bytes()[-10:]
    outside = call(netns, alice, "GET", media, headers={"Range": "bytes=999999999-"})
    assert outside.status_code == 416
    assert call(netns, carol, "GET", media).status_code == 403
    page = netns.call(carol.client.get, f"{SERVICE}interviews/{interview}/recordings")
    assert page.status_code == 403 and "Candidates cannot watch" in page.text
    page = netns.call(bob.client.get, f"{SERVICE}interviews/{interview}/recordings")
    assert page.status_code == 200 and f'data-recording="{rid}"' in page.text
    assert "<video" in page.text and "Duration <span" in page.text
    interview_page = netns.call(bob.client.get, f"{SERVICE}interviews/{interview}")
    assert 'id="recordings-link"' in interview_page.text
    candidate_page = netns.call(carol.client.get, f"{SERVICE}interviews/{interview}")
    assert 'id="recordings-link"' not in candidate_page.text

    # a stream that is not WebM after all: 422, kept as failed, never a 500
    broken = call(netns, bob, "POST", base).json()["id"]
    garbage = b"\x1a\x45\xdf\xa3" + b"\x00" * 64
    assert put_chunk(netns, bob, interview, broken, 0, garbage).is_success
    failed = call(netns, bob, "POST", f"{base}/{broken}/finish")
    assert failed.status_code == 422 and failed.json()["reason"] == "remux_failed", failed.text
    empty_rec = call(netns, bob, "POST", base).json()["id"]
    nothing = call(netns, bob, "POST", f"{base}/{empty_rec}/finish")
    assert nothing.status_code == 409 and nothing.json()["reason"] == "empty_recording"


def test_only_the_panel_records_and_not_after_the_interview_ended(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless], sample_webm: bytes
) -> None:
    interview = netns.call(schedule_panel_of_one, vplatform)
    base = f"interviews/{interview}/recordings"
    bob, alice = logins["bob"], logins["alice"]
    # bob is an interviewer, but not on this panel: he may see the interview, not record it
    not_panel = call(netns, bob, "POST", base)
    assert not_panel.status_code == 403 and not_panel.json()["reason"] == "not_panel"
    assert call(netns, bob, "GET", base).json()["reason"] == "not_panel"
    rid = call(netns, alice, "POST", base).json()["id"]
    assert put_chunk(netns, alice, interview, rid, 0, sample_webm[:30_000]).is_success

    netns.call(end_interview, vplatform, interview, "alice")
    ended = call(netns, alice, "POST", base)
    assert ended.status_code == 409 and ended.json()["reason"] == "not_live", ended.text
    assert "completed" in ended.json()["message"]
    # the chunks in flight when the interview ended still arrive (a short grace) ...
    assert put_chunk(netns, alice, interview, rid, 1, sample_webm[30_000:]).is_success
    # ... but not later
    offset = vplatform.data_dir / "test-clock-offset"
    offset.write_text("600")
    try:
        late = put_chunk(netns, alice, interview, rid, 2, b"more")
        assert late.status_code == 409 and late.json()["reason"] == "not_live", late.text
        # what was uploaded can still be saved, from the recordings page, by the panel
        page = netns.call(alice.client.get, f"{SERVICE}interviews/{interview}/recordings")
        assert f'class="btn btn-sm btn-outline-primary recording-save" data-recording="{rid}"' in (
            page.text
        )
        assert call(netns, bob, "POST", f"{base}/{rid}/finish").status_code == 403
        saved = call(netns, alice, "POST", f"{base}/{rid}/finish")
        assert saved.status_code == 200 and saved.json()["status"] == "ready", saved.text
        assert abs(saved.json()["duration_s"] - 3.0) < 0.3
    finally:
        offset.unlink(missing_ok=True)


def test_recording_state_is_a_validated_signalling_message(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless]
) -> None:
    interview = netns.call(schedule_live, vplatform, "carol", ("bob",))
    rid = call(netns, logins["bob"], "POST", f"interviews/{interview}/recordings").json()["id"]

    async def scenario() -> None:
        bob = await connect(vplatform, logins["bob"], interview)
        carol = await connect(vplatform, logins["carol"], interview)
        welcome = await bob.join()
        assert welcome["recording"] is None
        await carol.join()
        joined = await bob.recv()
        assert joined is not None and joined["type"] == "peer-joined", joined
        await carol.send({"type": "recording", "state": "started", "id": rid})
        error = await carol.recv()
        assert error is not None and error["reason"] == "interviewer_only", error
        await bob.send({"type": "recording", "state": "started", "id": 999999})
        error = await bob.recv()
        assert error is not None and error["reason"] == "unknown_recording", error
        await bob.send({"type": "recording", "state": "paused", "id": rid})
        error = await bob.recv()
        assert error is not None and error["fields"][0]["field"] == "state", error
        await bob.send({"type": "recording", "state": "started", "id": rid})
        for who in (bob, carol):
            told = await who.recv()
            assert told == {"type": "recording", "state": "started", "id": rid, "by": "bob"}
        # whoever joins later learns it at once
        alice = await connect(vplatform, logins["alice"], interview)
        assert (await alice.join())["recording"] == {"id": rid, "by": "bob"}
        # the recorder's socket closes: everyone is told the recording stopped
        bob.conn.close()
        stopped = [m for m in [await carol.recv(), await carol.recv()] if m]
        assert {"type": "recording", "state": "stopped", "id": rid, "by": "bob"} in stopped
        carol.conn.close()
        alice.conn.close()

    netns.run(scenario())


# ------------------------------------------------------------------ a real recorded call


LOSE_ONE_ANSWER = """() => {
  // the answer to chunk 3 is lost once: the service stored it, the browser sees a failed fetch
  const real = window.fetch.bind(window);
  window.__lostAnswers = 0;
  window.fetch = async (url, init) => {
    if (/\\/chunks\\/3$/.test(String(url)) && window.__lostAnswers === 0) {
      window.__lostAnswers += 1;
      await real(url, init);
      throw new TypeError("Failed to fetch (the answer was lost)");
    }
    return real(url, init);
  };
}"""


def block_platform(netns: Netns, port: int) -> None:
    """Reset every TCP connection to the platform (uploads, signalling); media (UDP) flows."""
    netns.sh(
        "nft",
        "add table inet recdrop; add chain inet recdrop out "
        "{ type filter hook output priority 0; policy accept; }; "
        f"add rule inet recdrop out tcp dport {port} reject with tcp reset",
    )


def unblock_platform(netns: Netns) -> None:
    netns.sh("nft", "delete table inet recdrop")


async def summary_of(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = await page.evaluate("() => window.ip.recorder.current.summary()")
    return result


def test_twenty_second_recorded_call_has_its_duration_and_both_voices(
    netns: Netns, vplatform: Platform, people: dict[str, Participant]
) -> None:
    interview = netns.call(schedule_live, vplatform, "carol", ("bob",))
    alice, carol = people["alice"], people["carol"]

    async def scenario() -> dict[str, Any]:
        page_a = await open_call(alice, interview)
        page_c = await open_call(carol, interview)
        await asyncio.gather(wait_receiving(page_a, 1), wait_receiving(page_c, 1))
        await page_a.evaluate(LOSE_ONE_ANSWER)
        # the candidate has no Record control; the interviewer asks for consent first
        await expect(page_c.locator("#ipv-record")).to_have_count(0)
        await page_a.locator("#ipv-record").click()
        await expect(page_a.locator("#ipv-consent")).to_be_visible()
        await expect(page_a.locator("#ipv-consent-start")).to_be_focused()
        await expect(page_c.locator("#ipv-recording")).to_be_hidden()
        await page_a.keyboard.press("Enter")
        await page_a.wait_for_function(
            "() => window.ip.recorder.current.state === 'recording'", polling=100
        )
        wall_start = time.monotonic()
        for page in (page_a, page_c):
            # MediaRecorder takes a moment to start on a busy machine
            await expect(page.locator("#ipv-recording")).to_be_visible(timeout=20_000)
            await expect(page.locator("#ipv-recording")).to_contain_text(
                "This interview is being recorded"
            )
            await expect(page.locator("#ipv-recording .ipv-rec-dot")).to_be_visible()
        await expect(page_a.locator("#ipv-record")).to_have_text("Stop recording")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page_c.screenshot(path=str(SCREENSHOTS / "video__recording-candidate.png"))
        await page_a.screenshot(path=str(SCREENSHOTS / "video__recording-interviewer.png"))
        # a dropped connection while recording: chunks wait in memory, retries back off
        await page_a.wait_for_function(
            "() => window.ip.recorder.current.summary().acked >= 5", polling=200
        )
        await asyncio.to_thread(block_platform, netns, vplatform.port)
        try:
            # one failure is the lost answer; two more while the connection is down
            await page_a.wait_for_function(
                "() => window.ip.recorder.current.summary().failures >= 3", polling=100
            )
            during = await summary_of(page_a)
        finally:
            await asyncio.to_thread(unblock_platform, netns)
        await page_a.wait_for_function(
            "() => window.ip.recorder.current.summary().pending === 0", polling=200
        )
        # the rest of the 20 s the issue asks for
        await asyncio.sleep(max(0.0, RECORD_SECONDS - (time.monotonic() - wall_start)))
        await page_a.locator("#ipv-record").click()
        wall = time.monotonic() - wall_start
        await page_a.wait_for_function(
            "() => ['saved', 'failed'].includes(window.ip.recorder.current.state)",
            timeout=60_000,
            polling=200,
        )
        summary = await summary_of(page_a)
        lost = await page_a.evaluate("() => window.__lostAnswers")
        await expect(page_a.locator("#ipv-record-status")).to_contain_text("Recording saved")
        await expect(page_c.locator("#ipv-recording")).to_be_hidden()
        await asyncio.gather(leave(page_a), leave(page_c))

        # the recordings page plays it and seeks (Range requests, cues from the remux)
        await page_a.goto(f"{SERVICE}interviews/{interview}/recordings")
        player = page_a.locator("video.recording-player")
        await expect(player).to_have_count(1)
        await page_a.wait_for_function(
            "() => document.querySelector('video.recording-player').readyState >= 1", polling=200
        )
        duration = await player.evaluate("v => v.duration")
        await player.evaluate(
            "v => new Promise(r => { v.addEventListener('seeked', r, {once: true}); "
            "v.currentTime = 12; })"
        )
        position = await player.evaluate("v => v.currentTime")
        await page_a.screenshot(path=str(SCREENSHOTS / "video__recordings-page.png"))
        return {
            "summary": summary,
            "wall": wall,
            "lost": lost,
            "during": during,
            "player_duration": duration,
            "position": position,
        }

    got = netns.run(scenario(), timeout=300)
    summary = got["summary"]
    assert summary["state"] == "saved", summary
    # uploads failed while the connection was down and were retried; the lost answer's chunk
    # was sent again and acknowledged as already stored
    assert got["lost"] == 1 and summary["duplicates"] == 1, summary
    assert got["during"]["pending"] >= 1 and summary["failures"] >= 3, (got["during"], summary)
    # no duplicated and no missing bytes: the service stored exactly what MediaRecorder made
    assert summary["acked"] == summary["chunks"] and summary["pending"] == 0, summary
    assert summary["bytesSent"] == summary["bytesRecorded"], summary

    path = vplatform.data_dir / "archive" / interview / "recordings" / f"{summary['id']}.webm"
    recorded_s = summary["durationMs"] / 1000
    probed = ffprobe_duration(path)
    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS.parent / "video__recording.webm")
    print(json.dumps({"summary": summary, "wall": got["wall"], "streams": packet_spans(path)}))
    assert abs(probed - recorded_s) <= 1.0, (probed, recorded_s)
    assert abs(probed - got["wall"]) <= 1.5, (probed, got["wall"])
    assert abs(summary["result"]["duration_s"] - probed) < 0.01
    # the picture runs for the whole recording, too (not only the sound)
    video = packet_spans(path)["v"]
    assert video["last"] >= probed - 1.5 and video["packets"] >= 5 * probed, video
    kinds = {s["codec_type"]: s["codec_name"] for s in ffprobe_streams(path)}
    assert kinds == {"video": "vp8", "audio": "opus"}, kinds
    assert abs(got["player_duration"] - probed) < 0.5 and abs(got["position"] - 12) < 0.5, got
    # each tile's name is drawn at its top left, where a player's controls do not cover it:
    # white text on the letterbox above the 4:3 picture, and nothing drawn at the bottom
    frame = gray_frame(path, at_s=probed / 2, size=(640, 360))
    for left in (0, 320):  # two tiles side by side: alice and carol
        top = [frame[y][x] for y in range(8, 25) for x in range(left + 10, left + 60)]
        bottom = [frame[y][x] for y in range(336, 356) for x in range(left + 10, left + 60)]
        assert max(top) > 150, (left, max(top))
        assert max(bottom) < 80, (left, max(bottom))

    # both voices are in the mix: alice's 440 Hz and carol's 880 Hz tones stand well above
    # bob's 660 Hz (bob was not in the call)
    alice_db, carol_db, control_db = (band_rms_db(path, f) for f in (440, 880, 660))
    print(
        json.dumps(
            {
                "recorded_s": round(recorded_s, 2),
                "ffprobe_s": round(probed, 2),
                "bytes": summary["result"]["bytes"],
                "chunks": summary["chunks"],
                "alice_440_db": alice_db,
                "carol_880_db": carol_db,
                "control_660_db": control_db,
            }
        )
    )
    assert alice_db > control_db + 15, (alice_db, control_db)
    assert carol_db > control_db + 15, (carol_db, control_db)
    assert alice_db > -50 and carol_db > -50, (alice_db, carol_db)


def test_leaving_while_recording_saves_the_recording_and_says_so(
    netns: Netns, vplatform: Platform, people: dict[str, Participant]
) -> None:
    interview = netns.call(schedule_live, vplatform, "carol", ("bob",))

    async def scenario() -> dict[str, Any]:
        page = await open_call(people["alice"], interview)
        await page.locator("#ipv-record").click()
        await page.locator("#ipv-consent-start").click()
        await page.wait_for_function(
            "() => window.ip.recorder.current?.summary().acked >= 2", polling=100, timeout=30_000
        )
        await page.locator("#ipv-leave").click()
        # the call's controls are gone; the save status stays, beside the notice
        status = page.locator("#ipv-record-status")
        await expect(status).to_contain_text("Recording saved", timeout=30_000)
        await expect(status).to_be_visible()
        await expect(page.locator("#call-ended")).to_contain_text("You left the call")
        await expect(page.locator("#ipv-record")).to_be_hidden()
        await expect(page.locator(".ipv-stage")).to_be_hidden()
        return await summary_of(page)

    summary = netns.run(scenario(), timeout=120)
    assert summary["state"] == "saved" and summary["acked"] == summary["chunks"], summary
    path = vplatform.data_dir / "archive" / interview / "recordings" / f"{summary['id']}.webm"
    assert ffprobe_duration(path) > 0.5


# ------------------------------------------------------------------ retention (no processes)


def test_retention_deletes_recordings_with_the_archive(tmp_path: Path) -> None:
    from interview_hub.service.db.models import Interview, Recording
    from interview_hub.service.db.session import Database
    from interview_hub.service.domain.recordings import LocalRecordingStore, local_store
    from interview_hub.service.domain.retention import forget_person, purge_expired

    db = Database(f"sqlite:///{tmp_path}/interviews.sqlite")
    db.migrate()
    now = datetime(2027, 6, 1, tzinfo=UTC)
    store = local_store(tmp_path)
    with db.session() as session:
        interview = Interview(
            public_id="old-one",
            meeting_code="old-one-code",
            title="Long ago",
            starts_at=now - timedelta(days=400),
            duration_min=60,
            timezone="UTC",
            created_by="alice",
        )
        session.add(interview)
        session.flush()
        ready = Recording(interview_id=interview.id, started_by="bob", status="ready")
        open_one = Recording(interview_id=interview.id, started_by="bob", status="recording")
        session.add_all([ready, open_one])
        session.flush()
        ready.path = LocalRecordingStore.key("old-one", ready.id)
        (tmp_path / "archive" / ready.path).parent.mkdir(parents=True)
        (tmp_path / "archive" / ready.path).write_bytes(b"\x1a\x45\xdf\xa3 webm")
        store.put_chunk("old-one", open_one.id, 0, b"\x1a\x45\xdf\xa3")
        ids = (ready.id, open_one.id)
    assert store.chunk_exists("old-one", ids[1], 0)

    with db.session() as session:
        assert purge_expired(session, tmp_path, now) == ["old-one"]
    assert not (tmp_path / "archive" / "old-one").exists()
    with db.session() as session:
        rows = [session.get(Recording, i) for i in ids]
        assert [(r.status, r.path) for r in rows if r] == [("purged", ""), ("purged", "")]
        forget_person(session, "admin", "bob")
    with db.session() as session:
        names = {r.started_by for r in session.query(Recording)}
    assert len(names) == 1 and names.pop().startswith("deleted-"), names
