"""``ServerManager.prepare_room`` against interview servers that misbehave (a real HTTP server on
127.0.0.1 that hangs, answers with a proxy's error page or starts a kernel too slowly): opening
the room never waits longer than its bound, never raises, releases its lock, and tries again
the next time."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from interview_hub.service.domain.interviews import SchedulePolicy
from interview_hub.service.domain.servers import NOTEBOOK, ServerManager, ServerPolicy

OWNER = "iv-0123456789"


@dataclass
class FakeServer:
    """An HTTP/1.1 server whose answer to each request is ``behave(method, path)``: a status
    and body, or None to hang until the client gives up."""

    behave: Callable[[str, str], tuple[int, str] | None]
    requests: list[tuple[str, str]] = field(default_factory=list)
    port: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode()
            method, target = head.split(" ", 2)[:2]
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            path = target.split("?", 1)[0]
            self.requests.append((method, path))
            answer = self.behave(method, path)
            if answer is None:
                await asyncio.Event().wait()  # hang (until the test's server closes)
                return
            status, body = answer
            data = body.encode()
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n".encode()
                + data
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[FakeServer], Any]]:
    servers: list[asyncio.Server] = []

    async def start(fake: FakeServer) -> FakeServer:
        server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
        fake.port = server.sockets[0].getsockname()[1]
        servers.append(server)
        return fake

    yield start
    for server in servers:
        server.close()


def manager_for(port: int) -> ServerManager:
    return ServerManager(
        hub=None,  # type: ignore[arg-type]  # prepare_room talks to the server, not the hub
        policy=ServerPolicy(enabled=True),
        schedule=SchedulePolicy(),
        public_hub_url=f"http://127.0.0.1:{port}",
        token="service-token",
        history_root="/nonexistent",
    )


def interview() -> Any:
    return SimpleNamespace(
        id=1, public_id="pub123", server_name=OWNER, language="python", title="T", problems=[]
    )


async def prepare(manager: ServerManager, wait_s: float) -> float:
    began = time.monotonic()
    await manager.prepare_room(interview(), [], wait_s=wait_s)
    return time.monotonic() - began


async def test_a_hanging_server_costs_the_join_its_bound_and_no_more(serve: Any) -> None:
    fake = await serve(FakeServer(lambda method, path: None))
    manager = manager_for(fake.port)
    took = await prepare(manager, 0.5)
    assert 0.4 < took < 3, took
    assert OWNER not in manager._prepared
    # the lock was released: the next try asks the server again instead of waiting forever
    took = await prepare(manager, 0.5)
    assert took < 3 and len(fake.requests) == 2, fake.requests


async def test_a_proxy_error_page_is_not_a_missing_notebook(serve: Any) -> None:
    """The proxy's 503 (no route yet) must not make the service write a notebook over the one
    the participants may be editing; it tries again later."""
    fake = await serve(FakeServer(lambda method, path: (503, '{"message": "no route"}')))
    manager = manager_for(fake.port)
    await prepare(manager, 5)
    assert [m for m, _ in fake.requests] == ["GET"]
    assert OWNER not in manager._prepared


async def test_an_unreachable_server_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    manager = manager_for(9)  # the discard port: nothing listens on 127.0.0.1:9
    await prepare(manager, 5)
    assert OWNER not in manager._prepared
    assert "not finished" in caplog.text and "ConnectError" in caplog.text


async def test_a_slow_kernel_is_found_by_its_session_on_the_next_try(serve: Any) -> None:
    sessions: list[dict[str, str]] = []

    def behave(method: str, path: str) -> tuple[int, str] | None:
        if path.endswith(f"api/contents/{NOTEBOOK}"):
            return 200, json.dumps({"name": NOTEBOOK})
        if method == "GET" and path.endswith("api/sessions"):
            return 200, json.dumps(sessions)
        return None  # the kernel's start outlasts the join's bound

    fake = await serve(FakeServer(behave))
    manager = manager_for(fake.port)
    manager.record_history = lambda interview: None  # type: ignore[method-assign]
    took = await prepare(manager, 0.5)
    assert took < 3 and OWNER not in manager._prepared
    assert ("POST", f"/user/{OWNER}/interview/api/sessions") in fake.requests
    sessions.append({"path": NOTEBOOK})  # meanwhile the server finished starting it
    await prepare(manager, 5)
    assert OWNER in manager._prepared
    posts = [r for r in fake.requests if r[0] == "POST"]
    assert len(posts) == 1, fake.requests  # not started a second time
