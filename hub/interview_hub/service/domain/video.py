"""Video calls: ICE servers with time-limited TURN credentials, signalling messages, rooms.

Pure rules, no tornado: the WebSocket handler (``handlers/video.py``) parses every message with
:func:`parse_signal`, keeps one :class:`Rooms` registry in memory and relays messages to the
addressed peer only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from ..errors import Conflict, Invalid

PEER_ID = r"^[A-Za-z0-9_-]{8,32}$"
MAX_SDP = 64 * 1024
ICE_POLICIES = ("all", "relay")


# ------------------------------------------------------------------------ ICE servers


@dataclass(frozen=True)
class VideoSettings:
    """STUN/TURN configuration; TURN credentials use coturn's shared-secret (REST API) scheme."""

    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str = ""
    turn_ttl_s: int = 6 * 3600
    ice_transport_policy: str = "all"
    max_participants: int = 4

    @property
    def turn_enabled(self) -> bool:
        return bool(self.turn_urls and self.turn_secret)


def turn_credentials(secret: str, user: str, expires_at: int) -> tuple[str, str]:
    """coturn ``use-auth-secret``: username ``<expiry>:<user>``, credential
    ``base64(HMAC-SHA1(secret, username))``."""
    username = f"{expires_at}:{user}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode("ascii")


def ice_servers(settings: VideoSettings, user: str, now: float | None = None) -> dict[str, Any]:
    """The RTCConfiguration parts a participant needs; TURN credentials expire after the TTL.

    Expiry uses the real wall clock (coturn checks it), never the service's test clock.
    """
    servers: list[dict[str, Any]] = []
    if settings.stun_urls:
        servers.append({"urls": list(settings.stun_urls)})
    expires_at = None
    if settings.turn_enabled:
        expires_at = int(now if now is not None else time.time()) + settings.turn_ttl_s
        username, credential = turn_credentials(settings.turn_secret, user, expires_at)
        servers.append(
            {"urls": list(settings.turn_urls), "username": username, "credential": credential}
        )
    policy = settings.ice_transport_policy if settings.turn_enabled else "all"
    return {
        "iceServers": servers,
        "iceTransportPolicy": policy,
        "turn": settings.turn_enabled,
        "expires_at": expires_at,
    }


# ------------------------------------------------------------------------ messages


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Join(_Message):
    """First message after the socket opens: enter the room."""

    type: Literal["join"]
    audio: bool = True
    video: bool = True


class Description(_Message):
    """An SDP offer or answer for one peer (perfect negotiation on both sides)."""

    type: Literal["offer", "answer"]
    to: Annotated[str, Field(pattern=PEER_ID)]
    sdp: Annotated[str, Field(min_length=3, max_length=MAX_SDP)]

    @field_validator("sdp")
    @classmethod
    def _looks_like_sdp(cls, value: str) -> str:
        if not value.startswith("v=0"):
            raise ValueError("sdp must be a session description (starting with v=0)")
        return value


class Candidate(_Message):
    """RTCIceCandidateInit."""

    candidate: Annotated[str, Field(max_length=2048)]
    sdpMid: Annotated[str, Field(max_length=64)] | None = None
    sdpMLineIndex: Annotated[int, Field(ge=0, le=64)] | None = None
    usernameFragment: Annotated[str, Field(max_length=256)] | None = None


class Ice(_Message):
    """A trickled ICE candidate for one peer; ``null`` marks the end of candidates."""

    type: Literal["ice"]
    to: Annotated[str, Field(pattern=PEER_ID)]
    candidate: Candidate | None


class Leave(_Message):
    type: Literal["leave"]


class MuteState(_Message):
    """What the sender currently sends; relayed to everyone else in the room."""

    type: Literal["mute-state"]
    audio: bool
    video: bool
    screen: bool = False


class EndForEveryone(_Message):
    """Interviewers only: close the call for every participant."""

    type: Literal["end-for-everyone"]


class Ping(_Message):
    type: Literal["ping"]


class RecordingState(_Message):
    """Interviewers only: the call is now (no longer) recorded; everyone is told."""

    type: Literal["recording"]
    state: Literal["started", "stopped"]
    id: Annotated[int, Field(ge=1)]


Signal = Annotated[
    Join | Description | Ice | Leave | MuteState | EndForEveryone | Ping | RecordingState,
    Field(discriminator="type"),
]
_SIGNAL: TypeAdapter[Signal] = TypeAdapter(Signal)
MESSAGE_TYPES = (
    "join",
    "offer",
    "answer",
    "ice",
    "leave",
    "mute-state",
    "end-for-everyone",
    "ping",
    "recording",
)


def parse_signal(raw: str | bytes) -> Signal:
    """Validate one WebSocket message; :class:`Invalid` lists what is wrong."""
    if isinstance(raw, bytes):
        raise Invalid("Send signalling messages as JSON text, not binary.")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise Invalid("The message is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise Invalid("The message must be a JSON object.")
    if data.get("type") not in MESSAGE_TYPES:
        raise Invalid(
            f"type must be one of {', '.join(MESSAGE_TYPES)}.",
            fields=[{"field": "type", "message": "unknown message type"}],
        )
    try:
        return _SIGNAL.validate_python(data)
    except ValidationError as exc:
        fields = [
            {
                "field": ".".join(str(p) for p in err["loc"][1:]) or "message",
                "message": str(err["msg"]).removeprefix("Value error, "),
            }
            for err in exc.errors()
        ]
        summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        raise Invalid(f"The message is invalid: {summary}", fields=fields) from exc


# ------------------------------------------------------------------------ rooms


class Connection(Protocol):
    """What a room needs from a participant's socket."""

    def send(self, message: dict[str, Any]) -> None: ...

    def close(self, code: int, reason: str) -> None: ...


@dataclass
class Peer:
    user: str
    role: str
    conn: Connection
    id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    audio: bool = True
    video: bool = True
    screen: bool = False
    joined_at: float = field(default_factory=time.time)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user": self.user,
            "role": self.role,
            "audio": self.audio,
            "video": self.video,
            "screen": self.screen,
        }


class RoomFull(Conflict):
    reason = "room_full"


@dataclass
class Rooms:
    """Every call in progress, by interview public id (one process, held in memory)."""

    max_participants: int = 4
    _rooms: dict[str, dict[str, Peer]] = field(default_factory=dict)
    #: the recording in progress per call: {"id", "by", "peer"}
    _recording: dict[str, dict[str, Any]] = field(default_factory=dict)

    def recording(self, interview_id: str) -> dict[str, Any] | None:
        found = self._recording.get(interview_id)
        return {"id": found["id"], "by": found["by"]} if found else None

    def recorder(self, interview_id: str) -> tuple[str, int] | None:
        """The peer id recording the call and the recording's id, if any."""
        found = self._recording.get(interview_id)
        return (found["peer"], found["id"]) if found else None

    def set_recording(self, interview_id: str, state: dict[str, Any] | None) -> None:
        if state is None:
            self._recording.pop(interview_id, None)
        else:
            self._recording[interview_id] = state

    def recording_stopped(self, interview_id: str, recording_id: int, by: str = "") -> bool:
        """Clear the call's recording state and tell everyone; False if it was not recording."""
        found = self._recording.get(interview_id)
        if found is None or found["id"] != recording_id:
            return False
        del self._recording[interview_id]
        message = {
            "type": "recording",
            "state": "stopped",
            "id": recording_id,
            "by": by or found["by"],
        }
        for peer in self.peers(interview_id):
            peer.conn.send(message)
        return True

    def join(self, interview_id: str, peer: Peer) -> list[Peer]:
        """Add ``peer``; returns the others already in the call."""
        room = self._rooms.setdefault(interview_id, {})
        if len(room) >= self.max_participants:
            raise RoomFull(
                f"The call already has {self.max_participants} participants, the most a "
                "peer-to-peer call supports."
            )
        others = list(room.values())
        room[peer.id] = peer
        return others

    def leave(self, interview_id: str, peer_id: str) -> Peer | None:
        room = self._rooms.get(interview_id)
        if room is None:
            return None
        peer = room.pop(peer_id, None)
        if not room:
            del self._rooms[interview_id]
        return peer

    def peer(self, interview_id: str, peer_id: str) -> Peer | None:
        return self._rooms.get(interview_id, {}).get(peer_id)

    def peers(self, interview_id: str) -> list[Peer]:
        return list(self._rooms.get(interview_id, {}).values())

    def others(self, interview_id: str, peer_id: str) -> Iterator[Peer]:
        return (p for p in self.peers(interview_id) if p.id != peer_id)

    def active(self) -> list[str]:
        return list(self._rooms)

    def close_room(self, interview_id: str, code: int, message: dict[str, Any]) -> int:
        """Tell everyone ``message`` and close their sockets; returns how many were closed."""
        peers = self._rooms.pop(interview_id, {})
        self._recording.pop(interview_id, None)
        for peer in peers.values():
            peer.conn.send(message)
            peer.conn.close(code, str(message.get("reason", "ended")))
        return len(peers)


# WebSocket close codes the client understands (4000-4999 are for applications)
CLOSE_ENDED_BY_INTERVIEWER = 4000
CLOSE_INTERVIEW_NOT_LIVE = 4001
CLOSE_NOT_PARTICIPANT = 4003
CLOSE_TOO_MANY_ERRORS = 4008
CLOSE_ROOM_FULL = 4009
#: codes after which the client must not reconnect
FINAL_CLOSE_CODES = (
    CLOSE_ENDED_BY_INTERVIEWER,
    CLOSE_INTERVIEW_NOT_LIVE,
    CLOSE_NOT_PARTICIPANT,
    CLOSE_ROOM_FULL,
)
