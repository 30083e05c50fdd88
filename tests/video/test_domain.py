"""Video rules without processes: TURN credentials, ICE configuration, message validation."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from interview_hub.service.domain import video
from interview_hub.service.errors import Invalid


def test_turn_credentials_follow_cotruns_shared_secret_scheme() -> None:
    username, credential = video.turn_credentials("s3cret", "carol", 1_900_000_000)
    assert username == "1900000000:carol"
    digest = hmac.new(b"s3cret", b"1900000000:carol", hashlib.sha1).digest()
    assert credential == base64.b64encode(digest).decode()


def test_ice_servers_expire_and_relay_only_needs_turn() -> None:
    settings = video.VideoSettings(
        stun_urls=("stun:stun.example.org:3478",),
        turn_urls=("turn:turn.example.org:3478",),
        turn_secret="k",
        turn_ttl_s=600,
        ice_transport_policy="relay",
    )
    config = video.ice_servers(settings, "alice", now=1000)
    assert config["iceServers"][0] == {"urls": ["stun:stun.example.org:3478"]}
    assert config["iceServers"][1]["username"] == "1600:alice"
    assert config["iceTransportPolicy"] == "relay"
    assert config["expires_at"] == 1600
    bare = video.ice_servers(video.VideoSettings(ice_transport_policy="relay"), "alice")
    assert bare == {
        "iceServers": [],
        "iceTransportPolicy": "all",
        "turn": False,
        "expires_at": None,
    }


@pytest.mark.parametrize(
    "raw",
    [
        '{"type": "join"}',
        '{"type": "offer", "to": "abcdefgh", "sdp": "v=0\\r\\n"}',
        '{"type": "ice", "to": "abcdefgh", "candidate": null}',
        '{"type": "ice", "to": "abcdefgh", "candidate": {"candidate": "", "sdpMid": "0",'
        ' "sdpMLineIndex": 0, "usernameFragment": null}}',
        '{"type": "mute-state", "audio": false, "video": true, "screen": true}',
        '{"type": "end-for-everyone"}',
        '{"type": "leave"}',
    ],
)
def test_valid_messages_parse(raw: str) -> None:
    assert video.parse_signal(raw).type in video.MESSAGE_TYPES


@pytest.mark.parametrize(
    "raw",
    [
        b"{}",
        "nope",
        "[]",
        '{"type": "offer"}',
        '{"type": "offer", "to": "abc", "sdp": "v=0"}',
        '{"type": "offer", "to": "abcdefgh", "sdp": "x=0"}',
        '{"type": "join", "audio": 1}',
        '{"type": "leave", "to": "abcdefgh"}',
        '{"type": "ice", "to": "abcdefgh", "candidate": {"candidate": "x", "sdpMLineIndex": -1}}',
    ],
)
def test_invalid_messages_are_refused(raw: str | bytes) -> None:
    with pytest.raises(Invalid):
        video.parse_signal(raw)


class FakeConn:
    def __init__(self) -> None:
        self.sent: list[dict[str, object]] = []
        self.closed: tuple[int, str] | None = None

    def send(self, message: dict[str, object]) -> None:
        self.sent.append(message)

    def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


def test_rooms_hold_four_and_close_together() -> None:
    rooms = video.Rooms(max_participants=4)
    peers = [video.Peer(user=f"u{i}", role="interviewer", conn=FakeConn()) for i in range(4)]
    for count, peer in enumerate(peers):
        assert len(rooms.join("iv", peer)) == count
    with pytest.raises(video.RoomFull):
        rooms.join("iv", video.Peer(user="late", role="candidate", conn=FakeConn()))
    assert rooms.leave("iv", peers[0].id) is peers[0]
    assert rooms.close_room("iv", 4000, {"type": "ended", "reason": "x"}) == 3
    assert rooms.active() == []
    conn = peers[1].conn
    assert isinstance(conn, FakeConn) and conn.closed == (4000, "x")
