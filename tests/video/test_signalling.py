"""The signalling WebSocket and ICE servers, driven by plain WebSocket clients (no browser)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from tests.support.platform import Browserless, Platform
from tests.video.netns import Netns
from tests.video.support import TURN_SECRET, api_as, end_interview, schedule_live

SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


@pytest.fixture(scope="module")
def logins(netns: Netns, vplatform: Platform) -> Iterator[dict[str, Browserless]]:
    found = {n: netns.call(api_as, vplatform, n) for n in ("alice", "bob", "carol", "dave")}
    yield found
    for who in found.values():
        who.close()


def ws_request(
    platform: Platform, who: Browserless | None, interview: str, origin: str | None = None
) -> HTTPRequest:
    headers = {"Sec-Fetch-Mode": "websocket", "Origin": origin or platform.url}
    if who is not None:
        headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in who.client.cookies.jar)
    return HTTPRequest(
        f"ws://127.0.0.1:{platform.port}/services/interviews/api/interviews/{interview}/signal",
        headers=headers,
    )


class Client:
    def __init__(self, conn: WebSocketClientConnection) -> None:
        self.conn = conn

    async def send(self, message: Any) -> None:
        await self.conn.write_message(message if isinstance(message, str) else json.dumps(message))

    async def recv(self, timeout: float = 5) -> dict[str, Any] | None:
        raw = await asyncio.wait_for(self.conn.read_message(), timeout)
        return None if raw is None else json.loads(raw)

    async def nothing(self, wait: float = 0.5) -> bool:
        try:
            await asyncio.wait_for(self.conn.read_message(), wait)
        except TimeoutError:
            return True
        return False

    async def join(self) -> dict[str, Any]:
        await self.send({"type": "join", "audio": True, "video": True})
        welcome = await self.recv()
        assert welcome is not None and welcome["type"] == "welcome", welcome
        return welcome


async def connect(platform: Platform, who: Browserless | None, interview: str) -> Client:
    return Client(await websocket_connect(ws_request(platform, who, interview)))


async def refused(request: HTTPRequest) -> tuple[int, dict[str, Any]]:
    with pytest.raises(HTTPClientError) as info:
        await websocket_connect(request)
    response = info.value.response
    body = json.loads(response.body) if response is not None and response.body else {}
    return info.value.code, body


def test_messages_reach_the_addressed_peer_only(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless]
) -> None:
    interview = netns.call(schedule_live, vplatform, "carol", ("bob",))

    async def scenario() -> None:
        alice, bob, carol = [
            await connect(vplatform, logins[n], interview) for n in ("alice", "bob", "carol")
        ]
        a = await alice.join()
        assert a["peers"] == [] and a["peer"]["role"] == "interviewer"
        assert a["ice"]["turn"] is True
        b = await bob.join()
        assert [p["user"] for p in b["peers"]] == ["alice"]
        joined = await alice.recv()
        assert joined is not None and joined["type"] == "peer-joined"
        c = await carol.join()
        assert c["peer"]["role"] == "candidate"
        for other in (alice, bob):
            seen = await other.recv()
            assert seen is not None and seen["peer"]["user"] == "carol"
        await alice.send({"type": "offer", "to": c["peer"]["id"], "sdp": SDP})
        got = await carol.recv()
        assert got == {"type": "offer", "from": a["peer"]["id"], "sdp": SDP}
        candidate = {"candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "sdpMid": "0"}
        await carol.send({"type": "ice", "to": a["peer"]["id"], "candidate": candidate})
        got = await alice.recv()
        assert got is not None and got["candidate"]["candidate"] == candidate["candidate"]
        assert await bob.nothing(), "bob received a message addressed to someone else"
        await carol.send({"type": "mute-state", "audio": False, "video": True})
        for other in (alice, bob):
            state = await other.recv()
            assert state is not None and state["type"] == "mute-state" and state["audio"] is False
        await bob.send({"type": "leave"})
        for other in (alice, carol):
            left = await other.recv()
            assert left == {"type": "peer-left", "peer": b["peer"]["id"]}
        for client in (alice, carol):
            client.conn.close()

    netns.run(scenario())


def test_malformed_messages_are_refused(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless]
) -> None:
    interview = netns.call(schedule_live, vplatform)

    async def scenario() -> None:
        alice = await connect(vplatform, logins["alice"], interview)
        carol = await connect(vplatform, logins["carol"], interview)
        await alice.send({"type": "offer", "to": "x" * 16, "sdp": SDP})
        error = await alice.recv()
        assert error is not None and error["reason"] == "join_first"
        a = await alice.join()
        c = await carol.join()
        await alice.recv()  # carol joined
        to = c["peer"]["id"]
        bad: list[tuple[Any, str]] = [
            ("not json", "invalid"),
            ("[1, 2]", "invalid"),
            ({"type": "shout", "to": to}, "invalid"),
            ({"type": "offer", "to": to, "sdp": "hello"}, "invalid"),
            ({"type": "offer", "to": to, "sdp": SDP, "extra": 1}, "invalid"),
            ({"type": "offer", "sdp": SDP}, "invalid"),
            ({"type": "offer", "to": "../../etc", "sdp": SDP}, "invalid"),
            ({"type": "answer", "to": to, "sdp": SDP + "a=x\r\n" * 14000}, "invalid"),
            ({"type": "ice", "to": to, "candidate": {"candidate": 5}}, "invalid"),
            ({"type": "mute-state", "audio": "yes", "video": True}, "invalid"),
            ({"type": "offer", "to": "A" * 16, "sdp": SDP}, "unknown_peer"),
            ({"type": "offer", "to": a["peer"]["id"], "sdp": SDP}, "unknown_peer"),
            ({"type": "join"}, "already_joined"),
        ]
        for message, reason in bad:
            await alice.send(message)
            error = await alice.recv()
            assert error is not None and error["type"] == "error", (message, error)
            assert error["reason"] == reason, (message, error)
        await alice.conn.write_message(b"\x00\x01", binary=True)
        error = await alice.recv()
        assert error is not None and error["reason"] == "invalid"
        assert await carol.nothing(), "a refused message reached the other peer"
        # the candidate may not end the call for everyone
        await carol.send({"type": "end-for-everyone"})
        error = await carol.recv()
        assert error is not None and error["reason"] == "interviewer_only"
        await carol.send({"type": "ping"})
        assert await carol.recv() == {"type": "pong"}
        # a client that keeps sending junk is disconnected
        for _ in range(30):
            await alice.send("junk")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if await alice.recv() is None:
                break
        assert alice.conn.close_code == 4008
        # a message over the size limit closes the socket (1009: message too big)
        await carol.send({"type": "ping", "junk": SDP * 5000})
        while (message := await carol.recv()) is not None:
            assert message["type"] == "peer-left", message
        # tornado sends 1009 then aborts; the close frame may lose the race
        assert carol.conn.close_code in (1009, None)

    netns.run(scenario())


def test_only_participants_of_a_live_interview_can_join(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless]
) -> None:
    interview = netns.call(schedule_live, vplatform)  # carol and the panel alice, bob

    async def scenario() -> None:
        code, body = await refused(ws_request(vplatform, logins["dave"], interview))
        assert code == 404, body  # another candidate learns nothing about the interview
        code, body = await refused(ws_request(vplatform, None, interview))
        assert code in (401, 403), body
        code, body = await refused(
            ws_request(vplatform, logins["carol"], interview, origin="http://evil.test")
        )
        assert (code, body["reason"]) == (403, "cross_origin")
        code, body = await refused(ws_request(vplatform, logins["carol"], "no-such-interview"))
        assert code == 404

        carol = await connect(vplatform, logins["carol"], interview)
        await carol.join()
        await asyncio.to_thread(end_interview, vplatform, interview)
        ended = await carol.recv(10)
        assert ended is not None and ended["type"] == "ended", ended
        assert ended["reason"] == "interview_completed"
        assert await carol.recv() is None
        assert carol.conn.close_code == 4001
        code, body = await refused(ws_request(vplatform, logins["carol"], interview))
        assert (code, body["reason"]) == (409, "not_live")

    netns.run(scenario())


def test_a_call_holds_four_people_at_most(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless]
) -> None:
    interview = netns.call(schedule_live, vplatform)

    async def scenario() -> None:
        clients = [await connect(vplatform, logins["alice"], interview) for _ in range(5)]
        for client in clients[:4]:
            await client.join()
        await clients[4].send({"type": "join"})
        error = await clients[4].recv()
        assert error is not None and error["reason"] == "room_full"
        assert await clients[4].recv() is None
        assert clients[4].conn.close_code == 4009
        for client in clients[:4]:
            client.conn.close()

    netns.run(scenario())


def test_ice_servers_give_time_limited_turn_credentials(
    netns: Netns, vplatform: Platform, logins: dict[str, Browserless]
) -> None:
    interview = netns.call(schedule_live, vplatform)
    response = netns.call(logins["carol"].api, "GET", f"interviews/{interview}/ice-servers")
    assert response.status_code == 200, response.text
    body = response.json()
    turn = body["iceServers"][-1]
    expiry, user = turn["username"].split(":", 1)
    assert user == "carol"
    assert 0 < int(expiry) - time.time() <= 600
    expected = hmac.new(TURN_SECRET.encode(), turn["username"].encode(), hashlib.sha1).digest()
    assert turn["credential"] == base64.b64encode(expected).decode()
    assert response.headers["Cache-Control"] == "no-store"
    other = netns.call(logins["dave"].api, "GET", f"interviews/{interview}/ice-servers")
    assert other.status_code == 404
    page = netns.call(
        logins["dave"].client.get, f"/services/interviews/interviews/{interview}/call"
    )
    assert page.status_code == 404
