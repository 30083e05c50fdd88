"""Real calls between Chromium participants inside the test's own loopback-only namespace."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from playwright.async_api import Page, expect

from tests.support.platform import Platform
from tests.video.netns import Netns
from tests.video.support import (
    SERVICE,
    Coturn,
    Participant,
    leave,
    open_call,
    schedule_live,
    stats,
    wait_receiving,
)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


async def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"video__{name}.png"), full_page=True)


async def wait_for(page: Page, predicate: str, timeout: float = 30) -> None:
    await page.wait_for_function(predicate, timeout=timeout * 1000, polling=250)


def test_two_people_lobby_call_screen_share_and_end_for_everyone(
    netns: Netns, vplatform: Platform, people: dict[str, Participant]
) -> None:
    interview = netns.call(schedule_live, vplatform)
    alice, carol = people["alice"], people["carol"]

    async def scenario() -> None:
        # carol checks her devices in the lobby first
        assert carol.page is not None
        page_c = carol.page
        await page_c.goto(f"{SERVICE}interviews/{interview}/call")
        await expect(page_c.locator("#lobby-join")).to_be_enabled()
        await expect(page_c.locator("#lobby-videoinput option")).to_have_count(1)
        await expect(page_c.locator("#lobby-audioinput option").first).to_be_attached()
        await wait_for(
            page_c,
            "() => Number(document.querySelector('.ipv-lobby [role=meter]')"
            ".getAttribute('aria-valuenow')) > 0",
        )
        await shot(page_c, "lobby")
        await page_c.locator("#lobby-join").click()
        await expect(page_c.locator("#call")).to_be_visible()

        page_a = await open_call(alice, interview)
        received_a, received_c = await asyncio.gather(
            wait_receiving(page_a, 1), wait_receiving(page_c, 1)
        )
        # names and roles on the tiles
        tile = page_c.locator(".ipv-tile[data-user=alice]")
        await expect(tile.locator(".ipv-role")).to_have_text("interviewer")
        await expect(page_a.locator(".ipv-tile[data-user=carol] .ipv-role")).to_have_text(
            "candidate"
        )
        await expect(tile.locator(".ipv-quality")).to_have_text("Good", timeout=10_000)
        assert next(iter(received_c.values()))["frameWidth"] == 320
        assert next(iter(received_a.values()))["user"] == "carol"

        # mute shows on the other side
        await page_a.locator("#ipv-mic").click()
        await expect(tile.locator(".ipv-mic-off")).to_be_visible()
        await page_a.locator("#ipv-mic").click()
        await expect(tile.locator(".ipv-mic-off")).to_be_hidden()

        # screen share replaces alice's camera track: carol decodes 1280x720
        await page_a.locator("#ipv-screen").click()
        await expect(page_a.locator("#ipv-screen")).to_have_text("Stop sharing")
        deadline = time.monotonic() + 30
        size = (0, 0)
        while time.monotonic() < deadline:
            s = next(iter((await stats(page_c)).values()))
            size = (s.get("frameWidth", 0), s.get("frameHeight", 0))
            if size == (1280, 720):
                break
            await asyncio.sleep(0.25)
        assert size == (1280, 720), size
        await page_c.locator("#ipv-layout").click()
        await expect(page_c.locator(".ipv-call")).to_have_attribute("data-layout", "speaker")
        await expect(page_c.locator(".ipv-tile.ipv-featured")).to_have_attribute(
            "data-user", "alice"
        )
        await shot(page_c, "screen-share-speaker-view")
        await page_a.locator("#ipv-screen").click()
        await expect(page_a.locator("#ipv-screen")).to_have_text("Share screen")

        # the candidate cannot end the call for everyone; an interviewer can
        await expect(page_c.locator("#ipv-end")).to_have_count(0)
        await page_a.locator("#ipv-end").click()
        await page_a.locator("#ipv-end-confirm").click()
        await expect(page_c.locator("#call-ended")).to_contain_text("ended the call for everyone")
        await expect(page_a.locator("#call-ended")).to_be_visible()
        # what is left of the call is the notice: no dead tiles, no controls that do nothing
        for gone in (".ipv-stage", "#ipv-mic", "#ipv-leave", ".ipv-status"):
            await expect(page_c.locator(gone)).to_be_hidden()
        await expect(page_c.locator("#call-rejoin")).to_be_focused()
        await shot(page_c, "ended-for-everyone")

    netns.run(scenario())


def test_three_people_mesh_everyone_decodes_everyone(
    netns: Netns, vplatform: Platform, people: dict[str, Participant]
) -> None:
    interview = netns.call(schedule_live, vplatform, "carol", ("bob",))

    async def scenario() -> None:
        pages = [await open_call(people[n], interview) for n in ("alice", "bob", "carol")]
        results = await asyncio.gather(*(wait_receiving(p, 2) for p in pages))
        for name, received in zip(("alice", "bob", "carol"), results, strict=True):
            senders = sorted(s["user"] for s in received.values())
            assert senders == sorted({"alice", "bob", "carol"} - {name}), (name, received)
        await shot(pages[2], "three-people-grid")
        await asyncio.gather(*(leave(p) for p in pages))

    netns.run(scenario())


def test_turn_relay_only(
    netns: Netns, vplatform: Platform, coturn: Coturn, people: dict[str, Participant]
) -> None:
    interview = netns.call(schedule_live, vplatform)

    async def scenario() -> None:
        page_a = await open_call(people["alice"], interview, relay=True)
        page_c = await open_call(people["carol"], interview, relay=True)
        for received in await asyncio.gather(wait_receiving(page_a, 1), wait_receiving(page_c, 1)):
            only = next(iter(received.values()))
            assert only["localCandidateType"] == "relay", only
            assert only["remoteCandidateType"] == "relay", only
        await asyncio.gather(leave(page_a), leave(page_c))

    netns.run(scenario())
    assert "realm <interviews.test> user <" in coturn.log_path.read_text(errors="replace")


def test_five_second_network_drop_recovers_without_reload(
    netns: Netns, vplatform: Platform, people: dict[str, Participant]
) -> None:
    interview = netns.call(schedule_live, vplatform)

    async def scenario() -> None:
        page_a = await open_call(people["alice"], interview)
        page_c = await open_call(people["carol"], interview)
        await asyncio.gather(wait_receiving(page_a, 1), wait_receiving(page_c, 1))
        marker = await page_c.evaluate("() => (window.__noReload = Math.random())")
        # drop every packet in the namespace for 5 s: media (UDP and ICE-TCP) and signalling
        await asyncio.to_thread(
            netns.sh,
            "nft",
            "add table inet videodrop; add chain inet videodrop out "
            "{ type filter hook output priority 0; policy drop; }",
        )
        try:
            seen = set()
            frozen = 0
            for tick in range(10):
                await asyncio.sleep(0.5)
                now = next(iter((await stats(page_c)).values()))
                seen.add(now["iceState"])
                if tick == 3:
                    frozen = now["framesDecoded"]
        finally:
            await asyncio.to_thread(netns.sh, "nft", "delete table inet videodrop")
        assert now["framesDecoded"] - frozen < 15, ("media still flowing during the drop", now)
        after = await asyncio.gather(
            wait_receiving(page_a, 1, min_frames=0), wait_receiving(page_c, 1, min_frames=0)
        )
        start = next(iter(after[1].values()))["framesDecoded"]
        deadline = time.monotonic() + 30
        recovered = None
        while time.monotonic() < deadline:
            s = next(iter((await stats(page_c)).values()))
            if s["framesDecoded"] > start + 30 and s["iceState"] in ("connected", "completed"):
                recovered = s
                break
            await asyncio.sleep(0.5)
        assert recovered is not None, "video did not resume after the drop"
        assert await page_c.evaluate("() => window.__noReload") == marker
        restarts = [next(iter((await stats(p)).values()))["restarts"] for p in (page_a, page_c)]
        assert sum(restarts) >= 1, ("no ICE restart after the drop", seen, restarts)
        await shot(page_c, "after-network-drop")
        await asyncio.gather(leave(page_a), leave(page_c))

    netns.run(scenario())
