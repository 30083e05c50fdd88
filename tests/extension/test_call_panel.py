"""The video call as a panel of the room's JupyterLab, beside the notebook: the service's call
page in a frame that alone may use the camera and microphone (the lab page gets neither).

Chromium's fake camera and microphone; the call is joined (signalling over the service's
WebSocket on 127.0.0.1). Calls between browsers are tested in tests/video, inside a network
namespace.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, FrameLocator, Locator, expect, sync_playwright

from tests.support.platform import Platform

from .conftest import CHROMIUM, CHROMIUM_ARGS, Lab, goto_lab, shot
from .test_room import RIGHT_TAB, open_tab

FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *FAKE_MEDIA], headless=True
        )
        yield b
        b.close()


def call_panel(page: Any) -> FrameLocator:
    frame: FrameLocator = page.frame_locator("iframe[data-panel='interview-call']")
    return frame


def playing(video: Locator, within: float = 30.0) -> None:
    """The element shows frames of a live stream (the fake camera's)."""
    deadline = time.monotonic() + within
    while not video.evaluate("v => v.videoWidth > 0 && v.readyState >= 2 && !v.paused"):
        assert time.monotonic() < deadline, "the video never played"
        time.sleep(0.1)


def test_the_call_panel_beside_the_notebook(
    lab: Lab, platform: Platform, interview: str, open_room: Any
) -> None:
    _, page = open_room("carol")
    goto_lab(page, lab)
    frame = page.locator("iframe[data-panel='interview-call']")
    expect(frame).to_have_attribute(
        "src", re.compile("^" + re.escape(f"{platform.service_url}room/{interview}/panel/call"))
    )
    expect(frame).to_have_attribute("allow", re.compile(r"camera.*microphone.*display-capture"))
    expect(page.locator(RIGHT_TAB.format("interview-call"))).to_have_attribute(
        "title", re.compile("Video call")
    )

    open_tab(page, "interview-call")
    call = call_panel(page)
    expect(call.locator("#lobby-heading")).to_have_text("Check your camera and microphone")
    expect(call.locator("#call-page")).to_have_attribute("data-role", "candidate")
    preview = call.locator("video.ipv-preview")
    playing(preview)
    join = call.locator("#lobby-join")
    expect(join).to_be_enabled()
    # the notebook stays where it was: the call sits in the right sidebar
    expect(page.locator(".jp-NotebookPanel")).to_be_visible()
    shot(page, "call-panel-lobby-candidate")

    join.click()
    expect(call.locator("#call")).to_be_visible()
    tile = call.locator("figure.ipv-tile").first
    expect(tile).to_be_visible()
    playing(tile.locator("video"))
    expect(call.locator("#ipv-end")).to_have_count(0)  # "End for everyone" is the panel's
    shot(page, "call-panel-in-call-candidate")

    # carol leaves (two browsers in one call would connect over the host's interfaces: the
    # calls between browsers are tested inside a network namespace, tests/video)
    call.locator("#ipv-leave").click()
    expect(call.locator("#call-ended")).to_be_visible()
    expect(call.locator(".ipv-stage")).to_be_hidden()
    expect(call.locator("#ipv-leave")).to_be_hidden()

    # an interviewer's panel offers "End for everyone"
    _, ivy = open_room("alice")
    goto_lab(ivy, lab)
    open_tab(ivy, "interview-call")
    theirs = call_panel(ivy)
    expect(theirs.locator("#call-page")).to_have_attribute("data-role", "interviewer")
    theirs.locator("#lobby-join").click()
    expect(theirs.locator("#ipv-end")).to_be_visible()
    expect(theirs.locator("figure.ipv-tile")).to_have_count(1)
    shot(ivy, "call-panel-in-call-interviewer")
