"""Call recordings: start, ordered chunk uploads, finish (remux), list, watch (HTTP Range).

Only the panel interviewers of a live interview record; the panel, reviewers and admins watch;
candidates never. See ``domain/recordings.py`` for the rules and docs/video.md for the protocol.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from tornado import web

from ..db.models import Recording
from ..domain import interviews as iv
from ..domain import recordings as rec
from ..errors import Conflict, Invalid, NotFound, PayloadTooLarge
from .api_interviews import current_viewer
from .base import APIHandler, BaseHandler, Operation
from .pages_interviews import ViewerPage


@dataclass
class Recordings:
    """Recording policy and store; one per service, in tornado settings (``recordings``)."""

    policy: rec.RecordingPolicy = field(default_factory=rec.RecordingPolicy)
    store: rec.RecordingStore | None = None

    def store_for(self, data_dir: Path) -> rec.RecordingStore:
        if self.store is None:
            self.store = rec.local_store(data_dir)
        return self.store


class RecordingOut(BaseModel):
    id: int
    interview: str
    started_by: str
    started_at: str
    ended_at: str | None
    status: str
    bytes: int
    duration_s: float | None
    next_seq: int
    media_url: str | None


class RecordingsOut(BaseModel):
    recordings: list[RecordingOut]


class ChunkOut(BaseModel):
    seq: int
    stored: bool
    next_seq: int
    bytes: int


def _recordings(handler: web.RequestHandler) -> Recordings:
    found: Recordings | None = handler.settings.get("recordings")
    if found is None:
        found = handler.settings["recordings"] = Recordings()
    return found


class RecordingsAPI(APIHandler):
    @property
    def recs(self) -> Recordings:
        return _recordings(self)

    @property
    def store(self) -> rec.RecordingStore:
        return self.recs.store_for(self.ctx.data_dir)

    def out(self, recording: Recording, interview_id: str) -> dict[str, Any]:
        return rec.serialise(recording, interview_id, self.ctx.service_prefix)


class RecordingsHandler(RecordingsAPI):
    openapi = {
        "get": Operation(
            "The interview's call recordings",
            response=RecordingsOut,
            auth="the panel, reviewers and admins (never the candidate)",
        ),
        "post": Operation(
            "Start a recording of the call (the browser then uploads chunks 0, 1, 2 …)",
            response=RecordingOut,
            status=201,
            auth="panel interviewers of a live interview",
            body_required=False,
        ),
    }

    async def get(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            rec.require_watcher(interview, viewer)
            found = [self.out(r, interview_id) for r in rec.list_for(session, interview)]
        self.set_header("Cache-Control", "no-store")
        self.write_json({"recordings": found})

    async def post(self, interview_id: str) -> None:
        viewer = await current_viewer(self)
        if self.request.body.strip() not in (b"", b"{}"):
            raise Invalid("Send no body (or {}) to start a recording.", reason="no_body_expected")
        with self.ctx.db.session() as session:
            recording = rec.start(
                session, viewer, interview_id, self.ctx.clock.now(), self.ctx.schedule
            )
            payload = self.out(recording, interview_id)
        self.log.info("recording %s of %s started by %s", payload["id"], interview_id, viewer.name)
        self.write_json(payload, status=201)


class ChunkHandler(RecordingsAPI):
    openapi = {
        "put": Operation(
            "Upload chunk `seq` (raw bytes of the MediaRecorder WebM stream, in order from 0). "
            "Sending a stored chunk again is acknowledged without storing it twice; a chunk "
            "ahead of the expected one is refused with 409 `gap` and `expected_seq`",
            response=ChunkOut,
            auth="the panel interviewer who started the recording",
            body_required=True,
        )
    }

    def prepare(self) -> None:
        # chunks are binary and larger than JSON bodies: their own limit instead of the API's
        limit = self.recs.policy.max_chunk_bytes
        length = self.request.headers.get("Content-Length")
        too_big = (length is not None and length.isdigit() and int(length) > limit) or len(
            self.request.body or b""
        ) > limit
        self.request_id = os.urandom(6).hex()
        self.set_header("X-Request-Id", self.request_id)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        if too_big:
            raise PayloadTooLarge(
                f"A chunk may be at most {limit // 1024} KiB; record with a shorter timeslice.",
                reason="chunk_too_large",
            )

    async def put(self, interview_id: str, recording_id: str, seq: str) -> None:
        viewer = await current_viewer(self)
        number = int(seq)
        with self.ctx.db.session() as session:
            interview, recording = rec.open_for_upload(
                session,
                viewer,
                interview_id,
                int(recording_id),
                self.ctx.clock.now(),
                self.recs.policy,
            )
            result = rec.put_chunk(
                self.store, interview, recording, number, self.request.body, self.recs.policy
            )
        self.write_json(
            {
                "seq": result.seq,
                "stored": result.stored,
                "next_seq": result.next_seq,
                "bytes": result.bytes,
            }
        )


class FinishHandler(RecordingsAPI):
    openapi = {
        "post": Operation(
            "Finish a recording: the service joins the chunks and remuxes them with ffmpeg "
            "(duration, seekable); repeating it returns the finished recording",
            response=RecordingOut,
            auth="panel interviewers (also after the interview, to save an interrupted one)",
            body_required=False,
        )
    }

    async def post(self, interview_id: str, recording_id: str) -> None:
        viewer = await current_viewer(self)
        rid = int(recording_id)
        with self.ctx.db.session() as session:
            _interview, recording = rec.open_for_finish(session, viewer, interview_id, rid)
            if recording.status == "ready":
                self.write_json(self.out(recording, interview_id))
                return
            if recording.status != "recording":
                raise Conflict(
                    f"The recording is {recording.status}; it cannot be finished again.",
                    reason=f"recording_{recording.status}",
                )
            if recording.next_seq == 0:
                raise Conflict(
                    "Nothing was uploaded: send chunk 0 before finishing.", reason="empty_recording"
                )
            recording.status = "finishing"
            chunks = recording.next_seq
        result = await rec.remux(self.store, interview_id, rid, chunks, self.recs.policy)
        now = self.ctx.clock.now()
        with self.ctx.db.session() as session:
            done = session.get(Recording, rid)
            assert done is not None
            recording = done
            recording.ended_at = now
            if result.ok:
                recording.status = "ready"
                recording.bytes = result.bytes
                recording.duration_s = result.duration_s
                recording.path = rec.LocalRecordingStore.key(interview_id, rid)
            else:
                recording.status = "failed"
            payload = self.out(recording, interview_id)
        calls = self.settings.get("video")
        if calls is not None:
            calls.rooms.recording_stopped(interview_id, rid)
        if not result.ok:
            self.log.warning(
                "recording %s of %s: remux failed: %s", rid, interview_id, result.error
            )
            raise Invalid(
                f"The uploaded recording is not a readable WebM stream ({result.error}); "
                "it was kept as failed.",
                reason="remux_failed",
            )
        self.log.info(
            "recording %s of %s ready: %s bytes, %.1f s",
            rid,
            interview_id,
            result.bytes,
            result.duration_s or 0.0,
        )
        self.write_json(payload)


class MediaHandler(APIHandler, web.StaticFileHandler):
    """The finished file with HTTP Range (206), ETag and Last-Modified, after authorisation."""

    is_api = True
    openapi = {
        "get": Operation(
            "The finished recording (video/webm) with HTTP Range support, for <video>",
            auth="the panel, reviewers and admins (never the candidate)",
        )
    }

    def initialize(self, **kwargs: Any) -> None:  # type: ignore[override]
        web.StaticFileHandler.initialize(self, path="/", default_filename=None)

    def prepare(self) -> None:
        BaseHandler.prepare(self)

    @classmethod
    def get_content_version(cls, abspath: str) -> str:
        # size and mtime, not a hash of a file that may be gigabytes
        stat = os.stat(abspath)
        return f"{stat.st_size:x}-{int(stat.st_mtime_ns):x}"

    def get_content_type(self) -> str:
        return "video/webm"

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "private, max-age=0, must-revalidate")

    async def resolve(self, interview_id: str, recording_id: str) -> str:
        viewer = await current_viewer(self)
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            rec.require_watcher(interview, viewer)
            recording = session.get(Recording, int(recording_id))
            if recording is None or recording.interview_id != interview.id:
                raise NotFound("No such recording in this interview.", reason="no_recording")
            if recording.status != "ready":
                raise Conflict(
                    f"The recording is {recording.status}; only finished recordings play.",
                    reason=f"recording_{recording.status}",
                )
            path = _recordings(self).store_for(self.ctx.data_dir).local_path(recording.path)
        if path is None:
            raise NotFound("The recording's file is gone (deleted by retention?).", reason="gone")
        return str(path)

    async def get(self, interview_id: str, recording_id: str, include_body: bool = True) -> None:  # type: ignore[override]
        path = await self.resolve(interview_id, recording_id)
        await web.StaticFileHandler.get(self, path.lstrip("/"), include_body=include_body)

    async def head(self, interview_id: str, recording_id: str) -> None:  # type: ignore[override]
        await self.get(interview_id, recording_id, include_body=False)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        BaseHandler.write_error(self, status_code, **kwargs)


class RecordingsPageHandler(ViewerPage):
    """``/interviews/{id}/recordings``: list and player, for the panel, reviewers and admins."""

    @web.authenticated
    async def get(self, interview_id: str) -> None:
        viewer = await self.page_viewer()
        with self.ctx.db.session() as session:
            interview = iv.get_visible(session, viewer, interview_id)
            rec.require_watcher(interview, viewer)
            data = self.interview_out(interview, viewer)
            found = [
                rec.serialise(r, interview_id, self.ctx.service_prefix)
                for r in rec.list_for(session, interview)
            ]
        self.render_for(
            "recordings.html",
            viewer,
            interview=data,
            recordings=found,
            on_panel=viewer.name in interview.interviewers,
            nav="",
        )
