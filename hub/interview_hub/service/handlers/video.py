"""Video calls: the lobby page, ICE servers, and the signalling WebSocket of an interview.

Signalling runs through the interviews service (never through the candidate-controlled
interview server): a WebSocket per participant, authorised per interview (participants of a
live interview only), every message validated, relayed to the addressed peer only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel
from tornado import web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from ..db.models import Interview
from ..domain import interviews as iv
from ..domain import stream_video, video
from ..errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from .api_interviews import current_viewer
from .base import APIHandler, BaseHandler, Operation
from .pages_interviews import ViewerPage

VideoSettings = video.VideoSettings  # app.py builds it from its traitlets


class IceServersOut(BaseModel):
    iceServers: list[dict[str, Any]]
    iceTransportPolicy: str
    turn: bool
    expires_at: int | None


@dataclass
class VideoCalls:
    """Video settings and the rooms in memory; one per service, in tornado settings."""

    settings: video.VideoSettings = field(default_factory=video.VideoSettings)
    stream_settings: stream_video.StreamSettings = field(
        default_factory=stream_video.StreamSettings
    )
    check_interval_s: float = 2.0
    rooms: video.Rooms = field(init=False)
    stream: stream_video.StreamVideo | None = field(init=False)
    # Stream calls set up by this service (interview id → participants): ended, and removed
    # members blocked, by the supervisor when the interview stops being live
    stream_calls: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict, init=False)
    _supervisor: asyncio.Task[None] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.rooms = video.Rooms(self.settings.max_participants)
        self.stream = (
            stream_video.StreamVideo(self.stream_settings) if self.stream_settings.enabled else None
        )

    @property
    def provider(self) -> str:
        """``stream`` when Stream's keys are configured, else the self-hosted ``p2p`` mesh."""
        return "stream" if self.stream is not None else "p2p"

    def supervise(self, handler: BaseHandler) -> None:
        """Start the loop that closes calls whose interview stopped being live."""
        if self._supervisor is None or self._supervisor.done():
            ctx = handler.ctx
            self._supervisor = asyncio.get_running_loop().create_task(self._watch(ctx))

    async def _watch(self, ctx: Any) -> None:
        queue = ctx.events.subscribe()
        try:
            while self.rooms.active() or self.stream_calls:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(queue.get(), self.check_interval_s)
                try:
                    self.check_rooms(ctx)
                    await self.check_stream_calls(ctx)
                except Exception:  # the loop must survive a database hiccup
                    logging.getLogger("interviews.video").exception("video room check failed")
        finally:
            ctx.events.unsubscribe(queue)
            self._supervisor = None

    def check_rooms(self, ctx: Any) -> None:
        now = ctx.clock.now()
        with ctx.db.session() as session:
            for interview_id in self.rooms.active():
                interview = iv_by_public_id(session, interview_id)
                status = iv.status_of(interview, now, ctx.schedule) if interview else "cancelled"
                if status != "live":
                    self.rooms.close_room(
                        interview_id,
                        video.CLOSE_INTERVIEW_NOT_LIVE,
                        {"type": "ended", "reason": f"interview_{status}", "by": None},
                    )
                    continue
                assert interview is not None
                for peer in self.rooms.peers(interview_id):
                    if not iv.is_participant(interview, peer.user):
                        peer.conn.send({"type": "error", "reason": "not_participant"})
                        peer.conn.close(video.CLOSE_NOT_PARTICIPANT, "not_participant")

    async def check_stream_calls(self, ctx: Any) -> None:
        """End the Stream call of an interview that stopped being live; bring its members up
        to date (removed panelists are removed and blocked) while it is live."""
        if self.stream is None or not self.stream_calls:
            return
        now = ctx.clock.now()
        for interview_id in list(self.stream_calls):
            with ctx.db.session() as session:
                interview = iv_by_public_id(session, interview_id)
                status = iv.status_of(interview, now, ctx.schedule) if interview else "cancelled"
                if interview is not None and status == "live":
                    members = frozenset((p.username, p.role) for p in interview.participants)
                    left_s = (interview.ends_at - now).total_seconds()
                    title, creator = interview.title, interview.created_by
            if status != "live":
                del self.stream_calls[interview_id]
                await self.stream.end_call(interview_id)
            elif members != self.stream_calls[interview_id]:
                await self.stream.ensure_call(interview_id, title, sorted(members), creator, left_s)
                self.stream_calls[interview_id] = members


def iv_by_public_id(session: Any, public_id: str) -> Interview | None:
    from sqlalchemy import select

    found: Interview | None = session.scalar(
        select(Interview).where(Interview.public_id == public_id)
    )
    return found


def _calls(handler: web.RequestHandler) -> VideoCalls:
    calls: VideoCalls = handler.settings["video"]
    return calls


async def authorise_call(handler: BaseHandler, interview_id: str) -> tuple[iv.Viewer, str, Any]:
    """The viewer, their role in the call and the interview serialised, or a ServiceError."""
    viewer = await current_viewer(handler)
    ctx = handler.ctx
    with ctx.db.session() as session:
        interview = iv.get_visible(session, viewer, interview_id)
        if not iv.is_participant(interview, viewer.name):
            raise Forbidden(
                "Only the interview's candidate and panel can join its call.",
                reason="not_participant",
            )
        now = ctx.clock.now()
        status = iv.status_of(interview, now, ctx.schedule)
        data = iv.serialise(interview, viewer, now, ctx.schedule, ctx.meeting_base)
        role = next(p.role for p in interview.participants if p.username == viewer.name)
    return viewer, role, (data, status)


class IceServersHandler(APIHandler):
    openapi = {
        "get": Operation(
            "STUN/TURN servers for the interview's call, with TURN credentials that expire "
            "(coturn shared-secret scheme)",
            response=IceServersOut,
            auth="participants of a live interview",
        )
    }

    async def get(self, interview_id: str) -> None:
        viewer, _role, (_data, status) = await authorise_call(self, interview_id)
        if status != "live":
            raise Conflict(f"The interview is {status}; its call is closed.", reason="not_live")
        self.set_header("Cache-Control", "no-store")
        self.write_json(video.ice_servers(_calls(self).settings, viewer.name))


class StreamSessionOut(BaseModel):
    provider: str
    api_key: str
    base_url: str | None
    location_hint_url: str | None
    user: dict[str, str]
    role: str
    call: dict[str, str]
    token: str
    expires_at: int


class StreamSessionHandler(APIHandler):
    openapi = {
        "get": Operation(
            "Join the interview's call on Stream (when Stream is the video provider): the API "
            "key, the call, and a call token (JWT scoped to this call, expiring with the "
            "interview)",
            response=StreamSessionOut,
            auth="participants of a live interview",
        )
    }

    async def get(self, interview_id: str) -> None:
        viewer, role, (_data, status) = await authorise_call(self, interview_id)
        calls = _calls(self)
        if calls.stream is None:
            raise NotFound(
                "Stream is not this platform's video provider (set STREAM_API_KEY and "
                "STREAM_API_SECRET); use the self-hosted call.",
                reason="stream_not_configured",
            )
        if status != "live":
            raise Conflict(f"The interview is {status}; its call is closed.", reason="not_live")
        ctx = self.ctx
        now = ctx.clock.now()
        with ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            members = frozenset((p.username, p.role) for p in interview.participants)
            left_s = (interview.ends_at - now).total_seconds()
            title, creator = interview.title, interview.created_by
        await calls.stream.ensure_call(interview_id, title, sorted(members), creator, left_s)
        calls.stream_calls[interview_id] = members
        calls.supervise(self)
        self.set_header("Cache-Control", "no-store")
        self.write_json(calls.stream.session_payload(viewer.name, role, interview_id, left_s))


class CallPageHandler(ViewerPage):
    """The lobby: camera and microphone checks, then the call itself."""

    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer, role, (data, status) = await authorise_call(self, interview_id)
        if status != "live":
            raise Conflict(
                f"The interview is {status}; its call opens when the interview is live.",
                reason="not_live",
            )
        self.render_for(
            "lobby.html",
            viewer,
            interview=data,
            call_role=role,
            nav="",
            video_provider=_calls(self).provider,
        )


class SignalHandler(APIHandler, WebSocketHandler):
    """``/api/interviews/{id}/signal``: join, offer, answer, ice, leave, mute-state,
    end-for-everyone (interviewers), ping."""

    is_api = True
    openapi = {
        "get": Operation(
            "WebSocket for call signalling (JSON messages: join, offer, answer, ice, leave, "
            "mute-state, end-for-everyone); see docs/video.md",
            auth="participants of a live interview (cookie; the Origin must match the host)",
        )
    }
    max_errors = 20
    rate_per_s = 50.0
    burst = 400.0

    interview_id = ""
    peer: video.Peer | None = None
    role = ""
    errors = 0

    # ------------------------------------------------------------------ tornado knobs

    @property
    def max_message_size(self) -> int:
        return 2 * video.MAX_SDP

    @property
    def ping_interval(self) -> float:
        return 10.0

    @property
    def ping_timeout(self) -> float:
        return 30.0

    def check_origin(self, origin: str) -> bool:
        """Refuse cross-site WebSocket hijacking: the page must be on this host."""
        parsed = urlparse(origin)
        host = self.request.headers.get("Host", "")
        return bool(parsed.netloc) and parsed.netloc.lower() == host.lower()

    # ------------------------------------------------------------------ handshake

    async def get(self, *args: Any, **kwargs: Any) -> None:
        interview_id = kwargs["interview_id"]
        origin = self.request.headers.get("Origin")
        if origin is not None and not self.check_origin(origin):
            raise Forbidden("Cross-origin WebSocket refused.", reason="cross_origin")
        # who and which interview first, so a plain GET is answered like every other endpoint
        viewer, role, (_data, status) = await authorise_call(self, interview_id)
        if self.request.headers.get("Upgrade", "").lower() != "websocket":
            raise Invalid("Open this address as a WebSocket.", reason="websocket_only")
        if status != "live":
            raise Conflict(f"The interview is {status}; its call is closed.", reason="not_live")
        self.interview_id = interview_id
        self.viewer = viewer
        self.role = role
        self._tokens = self.burst
        self._last = time.monotonic()
        await WebSocketHandler.get(self, *args, **kwargs)

    def open(self, *args: Any, **kwargs: Any) -> None:
        self.log.info("signal: %s opened the call of %s", self.viewer.name, self.interview_id)

    # ------------------------------------------------------------------ Connection

    def send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(WebSocketClosedError):
            self.write_message(json.dumps(message))

    def close(self, code: int | None = None, reason: str | None = None) -> None:
        if self.ws_connection is not None:
            super().close(code, reason)

    # ------------------------------------------------------------------ messages

    def _rate_ok(self) -> bool:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate_per_s)
        self._last = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def refuse(self, exc: ServiceError, code: int = video.CLOSE_TOO_MANY_ERRORS) -> None:
        self.errors += 1
        self.send({"type": "error", **exc.payload()})
        if self.errors >= self.max_errors:
            self.close(code, "too_many_errors")

    def on_message(self, message: str | bytes) -> None:
        if not self._rate_ok():
            self.refuse(Conflict("Too many messages; slow down.", reason="rate_limited"))
            return
        try:
            msg = video.parse_signal(message)
            self.dispatch(msg)
        except ServiceError as exc:
            self.refuse(exc)

    def dispatch(self, msg: Any) -> None:
        calls = _calls(self)
        if isinstance(msg, video.Ping):
            self.send({"type": "pong"})
            return
        if isinstance(msg, video.Join):
            self.join(calls, msg)
            return
        if self.peer is None:
            raise Conflict("Send a join message first.", reason="join_first")
        if isinstance(msg, video.Description | video.Ice):
            target = calls.rooms.peer(self.interview_id, msg.to)
            if target is None or target.id == self.peer.id:
                raise Conflict("No such participant in this call.", reason="unknown_peer")
            relayed = msg.model_dump(mode="json", exclude={"to"})
            target.conn.send({**relayed, "from": self.peer.id})
        elif isinstance(msg, video.MuteState):
            self.peer.audio, self.peer.video, self.peer.screen = msg.audio, msg.video, msg.screen
            self.broadcast({"type": "mute-state", "from": self.peer.id, **self.peer.public()})
        elif isinstance(msg, video.RecordingState):
            self.recording_state(calls, msg)
        elif isinstance(msg, video.Leave):
            self.close(1000, "left")
        elif isinstance(msg, video.EndForEveryone):
            if self.role != "interviewer":
                raise Forbidden(
                    "Only interviewers can end the call for everyone.", reason="interviewer_only"
                )
            self.log.info("signal: %s ended the call of %s", self.viewer.name, self.interview_id)
            calls.rooms.close_room(
                self.interview_id,
                video.CLOSE_ENDED_BY_INTERVIEWER,
                {"type": "ended", "reason": "ended_by_interviewer", "by": self.viewer.name},
            )
            self.peer = None

    def recording_state(self, calls: VideoCalls, msg: video.RecordingState) -> None:
        """Tell everyone in the call (the sender too) that recording started or stopped."""
        assert self.peer is not None
        if self.role != "interviewer":
            raise Forbidden("Only interviewers can record the call.", reason="interviewer_only")
        if msg.state == "stopped":
            calls.rooms.recording_stopped(self.interview_id, msg.id, self.viewer.name)
            return
        from ..domain.recordings import is_recording

        with self.ctx.db.session() as session:
            if not is_recording(session, self.interview_id, msg.id, self.viewer.name):
                raise Conflict(
                    "No such recording in progress: start it with POST "
                    "api/interviews/{id}/recordings first.",
                    reason="unknown_recording",
                )
        calls.rooms.set_recording(
            self.interview_id, {"id": msg.id, "by": self.viewer.name, "peer": self.peer.id}
        )
        message = {"type": "recording", "state": "started", "id": msg.id, "by": self.viewer.name}
        for peer in calls.rooms.peers(self.interview_id):
            peer.conn.send(message)

    def join(self, calls: VideoCalls, msg: video.Join) -> None:
        if self.peer is not None:
            raise Conflict("You are already in this call.", reason="already_joined")
        peer = video.Peer(
            user=self.viewer.name, role=self.role, conn=self, audio=msg.audio, video=msg.video
        )
        try:
            others = calls.rooms.join(self.interview_id, peer)
        except video.RoomFull as exc:
            self.send({"type": "error", **exc.payload()})
            self.close(video.CLOSE_ROOM_FULL, "room_full")
            return
        self.peer = peer
        calls.supervise(self)
        self.send(
            {
                "type": "welcome",
                "peer": peer.public(),
                "peers": [p.public() for p in others],
                "ice": video.ice_servers(calls.settings, self.viewer.name),
                "max_participants": calls.settings.max_participants,
                "recording": calls.rooms.recording(self.interview_id),
            }
        )
        self.broadcast({"type": "peer-joined", "peer": peer.public()})

    def broadcast(self, message: dict[str, Any]) -> None:
        if self.peer is None:
            return
        for other in _calls(self).rooms.others(self.interview_id, self.peer.id):
            other.conn.send(message)

    def on_close(self) -> None:
        if self.peer is None:
            return
        peer, self.peer = self.peer, None
        recorder = _calls(self).rooms.recorder(self.interview_id)
        if recorder is not None and recorder[0] == peer.id:
            # the recorder's socket closed; it announces the recording again if it rejoins
            _calls(self).rooms.recording_stopped(self.interview_id, recorder[1])
        if _calls(self).rooms.leave(self.interview_id, peer.id) is not None:
            for other in _calls(self).rooms.peers(self.interview_id):
                other.conn.send({"type": "peer-left", "peer": peer.id})
        self.log.info("signal: %s left the call of %s", peer.user, self.interview_id)
