"""Video tests run inside a loopback-only network namespace that the test makes (see netns.py).

Fixtures:
* ``netns``: the namespace thread (one per pytest worker); skips when it cannot be made.
* ``coturn``: coturn on 127.0.0.1 inside it, shared-secret auth.
* ``vplatform``: hub + proxy + service started inside it, TURN configured, test clock on.
* ``pw`` / ``people``: Playwright (async API, on the namespace's loop) and one Chromium per
  participant (alice and bob on the panel, carol the candidate), each with its own fake camera
  and microphone files, signed in once per module.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Playwright, async_playwright

from tests.support.needs import require
from tests.support.platform import Platform
from tests.video.netns import Netns, NetnsUnavailable
from tests.video.support import (
    Coturn,
    Participant,
    launch_participant,
    missing_tools,
    platform_env,
)


@pytest.fixture(scope="session")
def netns() -> Iterator[Netns]:
    gone = missing_tools()
    require(not gone, f"install the Debian packages: {' '.join(gone)}")
    ns: Netns | None = None
    problem = ""
    try:
        ns = Netns()
    except NetnsUnavailable as exc:
        problem = f"cannot make a network namespace (run as root): {exc}"
    require(ns, problem)
    assert ns is not None
    yield ns
    ns.close()


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def coturn(netns: Netns, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coturn]:
    turn = Coturn(tmp_path_factory.mktemp("coturn") / "turnserver.log")
    netns.call(turn.start)
    yield turn
    netns.call(turn.stop)


@pytest.fixture(scope="session")
def vplatform(
    netns: Netns, coturn: Coturn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    platform = Platform(tmp_path_factory.mktemp("vplatform"), env=platform_env(coturn))
    netns.call(platform.start)
    yield platform
    netns.call(platform.stop)


@pytest.fixture(scope="module")
def pw(netns: Netns) -> Iterator[Playwright]:
    async def start() -> Playwright:
        return await async_playwright().start()

    playwright = netns.run(start())
    yield playwright
    netns.run(playwright.stop())


@pytest.fixture(scope="module")
def people(
    netns: Netns, pw: Playwright, vplatform: Platform, media_dir: Path
) -> Iterator[dict[str, Participant]]:
    async def launch_all() -> list[Participant]:
        return list(
            await asyncio.gather(
                *(
                    launch_participant(pw, vplatform, n, media_dir)
                    for n in ("alice", "bob", "carol")
                )
            )
        )

    found = {p.name: p for p in netns.run(launch_all())}
    yield found

    async def close_all() -> None:
        for p in found.values():
            await p.browser.close()

    netns.run(close_all())
