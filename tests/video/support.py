"""Helpers for the video tests and ``scripts/bench-video``: fake media, coturn, live interviews,
Chromium participants with distinct fake cameras and microphones."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, Playwright

from tests.support.platform import Browserless, Platform, free_port

CHROMIUM = "/usr/bin/chromium"
DEMO = {
    "admin": "admin-demo-pass",
    "alice": "alice-demo-pass",
    "bob": "bob-demo-pass1",
    "carol": "carol-demo-pass",
    "dave": "dave-demo-pass1",
}
#: one look and one tone per participant, so every stream is told apart
MEDIA = {
    "alice": ("testsrc=size=320x240:rate=15", 440),
    "bob": ("smptebars=size=320x240:rate=15", 660),
    "carol": ("testsrc2=size=320x240:rate=15", 880),
}
MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--allow-loopback-in-peer-connection",
]
BASE_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
TURN_SECRET = "video-tests-shared-secret"
SERVICE = "/services/interviews/"
FFMPEG = ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i"]


def missing_tools() -> list[str]:
    tools = {"ffmpeg": "ffmpeg", "turnserver": "coturn", "nft": "nftables", "ip": "iproute2"}
    gone = [pkg for tool, pkg in tools.items() if shutil.which(tool) is None]
    if not Path(CHROMIUM).exists():
        gone.append("chromium")
    return gone


def make_media(directory: Path, name: str) -> tuple[Path, Path]:
    """A 2 s looping Y4M video and WAV tone for ``name`` (made once, reused)."""
    source, tone = MEDIA[name]
    directory.mkdir(parents=True, exist_ok=True)
    video, audio = directory / f"{name}.y4m", directory / f"{name}.wav"
    if not video.exists():
        subprocess.run(
            [*FFMPEG, source, "-t", "2", "-pix_fmt", "yuv420p", str(video)],
            check=True,
        )
    if not audio.exists():
        subprocess.run(
            [*FFMPEG, f"sine=frequency={tone}:sample_rate=48000", "-t", "2", str(audio)],
            check=True,
        )
    return video, audio


def chromium_args(video: Path, audio: Path) -> list[str]:
    return [
        *BASE_ARGS,
        *MEDIA_ARGS,
        f"--use-file-for-fake-video-capture={video}",
        f"--use-file-for-fake-audio-capture={audio}",
    ]


@dataclass
class Coturn:
    """coturn on 127.0.0.1 with the shared-secret (TURN REST API) scheme."""

    log_path: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def start(self) -> Coturn:
        self.port = self.port or free_port()
        relay_low = 40000 + (self.port % 1000) * 20
        command = [
            "turnserver",
            "-n",
            "--listening-ip=127.0.0.1",
            f"--listening-port={self.port}",
            "--relay-ip=127.0.0.1",
            f"--min-port={relay_low}",
            f"--max-port={relay_low + 19}",
            "--use-auth-secret",
            f"--static-auth-secret={TURN_SECRET}",
            "--realm=interviews.test",
            "--allow-loopback-peers",
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            "--fingerprint",
            "--no-tcp-relay",
            "--log-file=stdout",
            "--simple-log",
            "--verbose",
            f"--pidfile={self.log_path.parent / 'turnserver.pid'}",
            f"--userdb={self.log_path.parent / 'turndb'}",
        ]
        out = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"turnserver exited:\n{self.log_path.read_text()[-3000:]}")
            if "Total General servers" in self.log_path.read_text(errors="replace"):
                time.sleep(0.2)
                return self
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def platform_env(turn: Coturn | None) -> dict[str, str]:
    env = {"DEMO_ACCOUNTS": "1", "INTERVIEWS_TEST_CLOCK": "1"}
    if turn is not None:
        env |= {"TURN_URLS": turn.url, "TURN_SECRET": TURN_SECRET, "TURN_TTL": "600"}
    return env


def api_as(platform: Platform, name: str) -> Browserless:
    who = Browserless(platform)
    who.login(name, DEMO[name])
    who.open_service()
    return who


def schedule_live(
    platform: Platform, candidate: str = "carol", interviewers: tuple[str, ...] = ("bob",)
) -> str:
    """An interview by alice that starts in 5 minutes: inside the join window, so live."""
    alice = api_as(platform, "alice")
    try:
        start = datetime.now(UTC) + timedelta(minutes=5)
        response = alice.api(
            "POST",
            "interviews",
            {
                "title": f"Video call {start:%H%M%S%f}",
                "date": start.strftime("%Y-%m-%d"),
                "time": start.strftime("%H:%M"),
                "timezone": "UTC",
                "duration_min": 60,
                "candidate": candidate,
                "interviewers": list(interviewers),
            },
        )
        assert response.status_code == 201, response.text
        interview = response.json()["interview"]
        assert interview["status"] == "live", interview
        return str(interview["id"])
    finally:
        alice.close()


def end_interview(platform: Platform, interview_id: str, by: str = "alice") -> None:
    who = api_as(platform, by)
    try:
        response = who.api("POST", f"interviews/{interview_id}/end")
        assert response.status_code == 200, response.text
    finally:
        who.close()


# ------------------------------------------------------------------ browsers (async, in netns)


@dataclass
class Participant:
    name: str
    browser: Browser
    context: BrowserContext
    page: Page | None = None


async def launch_participant(
    pw: Playwright, platform: Platform, name: str, media_dir: Path
) -> Participant:
    video, audio = make_media(media_dir, name)
    browser = await pw.chromium.launch(
        executable_path=CHROMIUM, args=chromium_args(video, audio), headless=True
    )
    context = await browser.new_context(
        base_url=platform.url, viewport={"width": 1280, "height": 860}, locale="en-GB"
    )
    context.set_default_timeout(30_000)
    page = await context.new_page()
    await page.goto("/hub/login")
    await page.locator("#username_input").fill(name)
    await page.locator("#password_input").fill(DEMO[name])
    await page.locator("#login_submit").click()
    await page.wait_for_url(f"**{SERVICE}**")
    return Participant(name, browser, context, page)


async def open_call(who: Participant, interview_id: str, *, relay: bool = False) -> Page:
    """Open the call page and join at once (``autojoin``); returns the page."""
    assert who.page is not None
    query = "?autojoin=1" + ("&relay=1" if relay else "")
    await who.page.goto(f"{SERVICE}interviews/{interview_id}/call{query}")
    await who.page.wait_for_function(
        "() => window.ip && window.ip.video && window.ip.video.current"
    )
    return who.page


async def stats(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = await page.evaluate("() => window.ip.video.current.inboundStats()")
    return result


async def wait_receiving(
    page: Page, peers: int, *, timeout: float = 40, min_frames: int = 1
) -> dict[str, Any]:
    """Wait until ``page`` decodes video and receives non-silent audio from ``peers`` others."""
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        last = await stats(page)
        ok = [
            s
            for s in last.values()
            if s.get("framesDecoded", 0) >= min_frames
            and s.get("audioSamples", 0) > 0
            and s.get("audioEnergy", 0) > 0
        ]
        if len(last) == peers and len(ok) == peers:
            return last
        await asyncio.sleep(0.25)
    raise AssertionError(f"not receiving from {peers} peer(s) after {timeout} s: {last}")


async def leave(page: Page) -> None:
    await page.evaluate("() => window.ip.video.current && window.ip.video.current.leave()")
