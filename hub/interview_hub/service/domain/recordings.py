"""Call recordings: who may record and watch, ordered chunk uploads, remux, storage.

An interviewer's browser records the mixed call with MediaRecorder and uploads it in numbered
chunks (0, 1, 2, …). The service keeps every chunk as its own file until the recording is
finished, so a chunk sent twice (a retry after a lost response) is recognised by its number and
never stored twice, and a gap is refused with the number the service expects. Finishing joins
the chunks and remuxes them with ``ffmpeg -c copy`` (MediaRecorder's WebM has no duration and no
cues: the remux makes it seekable) into the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Interview, Recording
from ..errors import Conflict, Forbidden, Invalid, NotFound, PayloadTooLarge
from . import interviews as iv
from .people import audit

log = logging.getLogger("interviews.recordings")
WEBM_MAGIC = b"\x1a\x45\xdf\xa3"
STATUSES = ("recording", "finishing", "ready", "failed", "purged")


@dataclass(frozen=True)
class RecordingPolicy:
    #: largest chunk accepted (MediaRecorder with a 1-2 s timeslice makes ~100-500 KB)
    max_chunk_bytes: int = 4 * 1024 * 1024
    #: chunks and "finish" of a recording are still accepted this long after the interview ends,
    #: so the last seconds in flight when someone clicks "End interview" are not lost
    grace: timedelta = timedelta(minutes=2)
    #: largest recording (sum of chunks)
    max_bytes: int = 4 * 1024 * 1024 * 1024
    ffmpeg: str = "ffmpeg"
    ffprobe: str = "ffprobe"


class Gap(Conflict):
    """A chunk ahead of the next expected one; the answer says which one to send."""

    reason = "gap"

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(
            f"Chunk {got} arrived before chunk {expected}: send chunk {expected} first "
            "(chunks are stored in order).",
            fields=[{"field": "seq", "message": f"expected {expected}"}],
        )
        self.expected = expected

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "expected_seq": self.expected}


# ------------------------------------------------------------------------ storage


class RecordingStore(Protocol):
    """Where chunks and finished recordings live; local disk now, object storage later.

    Keys are relative paths such as ``<interview public id>/recordings/<id>.webm``.
    """

    def put_chunk(self, interview: str, recording: int, seq: int, data: bytes) -> None: ...

    def chunk_exists(self, interview: str, recording: int, seq: int) -> bool: ...

    def assemble(self, interview: str, recording: int, count: int, into: Path) -> int: ...

    def save(self, source: Path, key: str) -> None: ...

    def local_path(self, key: str) -> Path | None: ...

    def drop_chunks(self, interview: str, recording: int) -> None: ...

    def delete(self, key: str) -> None: ...


class LocalRecordingStore:
    """``DATA_DIR/archive/<interview>/recordings/``: the interview's archive folder, so
    retention deletes recordings with the rest of the interview's files."""

    def __init__(self, archive_root: Path) -> None:
        self.root = archive_root

    @staticmethod
    def key(interview: str, recording: int) -> str:
        return f"{interview}/recordings/{recording}.webm"

    def _chunks(self, interview: str, recording: int) -> Path:
        return self.root / interview / "recordings" / f"{recording}.chunks"

    def _chunk(self, interview: str, recording: int, seq: int) -> Path:
        return self._chunks(interview, recording) / f"{seq:08d}.part"

    def put_chunk(self, interview: str, recording: int, seq: int, data: bytes) -> None:
        folder = self._chunks(interview, recording)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self._chunk(interview, recording, seq))  # all or nothing
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def chunk_exists(self, interview: str, recording: int, seq: int) -> bool:
        return self._chunk(interview, recording, seq).is_file()

    def assemble(self, interview: str, recording: int, count: int, into: Path) -> int:
        with into.open("wb") as out:
            for seq in range(count):
                with self._chunk(interview, recording, seq).open("rb") as part:
                    shutil.copyfileobj(part, out)
        return into.stat().st_size

    def save(self, source: Path, key: str) -> None:
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    def local_path(self, key: str) -> Path | None:
        path = self.root / key
        return path if key and path.is_file() else None

    def drop_chunks(self, interview: str, recording: int) -> None:
        shutil.rmtree(self._chunks(interview, recording), ignore_errors=True)

    def delete(self, key: str) -> None:
        if key:
            with contextlib.suppress(FileNotFoundError):
                (self.root / key).unlink()


def local_store(data_dir: Path) -> LocalRecordingStore:
    return LocalRecordingStore(data_dir / "archive")


# ------------------------------------------------------------------------ rules


def _interview(session: Session, viewer: iv.Viewer, public_id: str) -> Interview:
    return iv.get_visible(session, viewer, public_id)


def require_panel(interview: Interview, viewer: iv.Viewer) -> None:
    """Only the interview's panel interviewers record."""
    if viewer.name == interview.candidate:
        raise Forbidden("Candidates cannot record the interview.", reason="candidate")
    if viewer.name not in interview.interviewers:
        raise Forbidden(
            "Only the interview's panel interviewers can record its call.", reason="not_panel"
        )


def require_watcher(interview: Interview, viewer: iv.Viewer) -> None:
    """Panel interviewers, reviewers and admins watch recordings; candidates never."""
    iv.require_hiring_team(interview, viewer, "watch this interview's recordings")


def _open_window(interview: Interview, now: datetime, policy: RecordingPolicy) -> bool:
    """Uploads of a started recording continue until the interview's end plus the grace."""
    if interview.cancelled_at is not None:
        return False
    end = min(interview.ended_at or interview.ends_at, interview.ends_at)
    return now < end + policy.grace


def start(
    session: Session, viewer: iv.Viewer, public_id: str, now: datetime, schedule: iv.SchedulePolicy
) -> Recording:
    interview = _interview(session, viewer, public_id)
    require_panel(interview, viewer)
    status = iv.status_of(interview, now, schedule)
    if status != "live":
        raise Conflict(
            f"The interview is {status}; only a live interview can be recorded.", reason="not_live"
        )
    recording = Recording(
        interview_id=interview.id, started_by=viewer.name, started_at=now, status="recording"
    )
    session.add(recording)
    session.flush()
    audit(session, viewer.name, "recording.started", public_id, recording=recording.id)
    return recording


def _recording(session: Session, interview: Interview, recording_id: int) -> Recording:
    found = session.scalar(
        select(Recording).where(
            Recording.id == recording_id, Recording.interview_id == interview.id
        )
    )
    if found is None:
        raise NotFound("No such recording in this interview.", reason="no_recording")
    return found


def open_for_upload(
    session: Session,
    viewer: iv.Viewer,
    public_id: str,
    recording_id: int,
    now: datetime,
    policy: RecordingPolicy,
) -> tuple[Interview, Recording]:
    """The interview and recording a chunk or ``finish`` may go to, or a ServiceError."""
    interview = _interview(session, viewer, public_id)
    require_panel(interview, viewer)
    recording = _recording(session, interview, recording_id)
    if recording.started_by != viewer.name:
        raise Forbidden(
            f"This recording belongs to {recording.started_by}; only they upload to it.",
            reason="not_recorder",
        )
    if not _open_window(interview, now, policy) and recording.status == "recording":
        raise Conflict(
            "The interview has ended; this recording no longer accepts uploads.",
            reason="not_live",
        )
    return interview, recording


def open_for_finish(
    session: Session, viewer: iv.Viewer, public_id: str, recording_id: int
) -> tuple[Interview, Recording]:
    """Finishing adds no data: any panel interviewer may save what was uploaded, at any time
    (the recorder's browser may have crashed, or the interview ended long ago)."""
    interview = _interview(session, viewer, public_id)
    require_panel(interview, viewer)
    return interview, _recording(session, interview, recording_id)


@dataclass(frozen=True)
class ChunkResult:
    seq: int
    stored: bool  # False: the same seq was already stored (a retry): nothing written
    next_seq: int
    bytes: int


def put_chunk(
    store: RecordingStore,
    interview: Interview,
    recording: Recording,
    seq: int,
    data: bytes,
    policy: RecordingPolicy,
) -> ChunkResult:
    """Store chunk ``seq`` once; a chunk already stored is acknowledged, not written again."""
    if recording.status != "recording":
        raise Conflict(
            f"The recording is {recording.status}; it no longer accepts chunks.",
            reason="recording_closed",
        )
    if seq < recording.next_seq:
        return ChunkResult(seq, False, recording.next_seq, recording.bytes)
    if seq > recording.next_seq:
        raise Gap(recording.next_seq, seq)
    if not data:
        raise Invalid("The chunk is empty.", reason="empty_chunk")
    if len(data) > policy.max_chunk_bytes:
        raise PayloadTooLarge(
            f"A chunk may be at most {policy.max_chunk_bytes // 1024} KiB; record with a "
            "shorter timeslice.",
            reason="chunk_too_large",
        )
    # MediaRecorder may hand out the very first byte alone: compare what there is of the magic
    if seq == 0 and data[:4] != WEBM_MAGIC[: len(data[:4])]:
        raise Invalid(
            "The first chunk must start a WebM file (MediaRecorder with video/webm); it "
            f"starts with {data[:8].hex(' ')}, not {WEBM_MAGIC.hex(' ')}.",
            reason="not_webm",
        )
    if recording.bytes + len(data) > policy.max_bytes:
        raise PayloadTooLarge(
            f"The recording would exceed {policy.max_bytes // 1024**2} MiB.",
            reason="recording_too_large",
        )
    store.put_chunk(interview.public_id, recording.id, seq, data)
    recording.next_seq = seq + 1
    recording.bytes += len(data)
    return ChunkResult(seq, True, recording.next_seq, recording.bytes)


async def _run(*command: str) -> tuple[int, str, str]:
    """Run a program without blocking the event loop."""
    proc = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    return proc.returncode or 0, out.decode(errors="replace"), err.decode(errors="replace")


async def probe_duration(path: Path, policy: RecordingPolicy = RecordingPolicy()) -> float | None:
    code, out, _ = await _run(
        policy.ffprobe,
        "-v",
        "error",
        "-show_entries",
        "format=duration",
        "-of",
        "default=noprint_wrappers=1:nokey=1",
        str(path),
    )
    try:
        return float(out.strip()) if code == 0 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Remuxed:
    ok: bool
    bytes: int = 0
    duration_s: float | None = None
    error: str = ""


async def remux(
    store: RecordingStore,
    interview_public_id: str,
    recording_id: int,
    chunks: int,
    policy: RecordingPolicy,
) -> Remuxed:
    """Join the chunks and ``ffmpeg -c copy`` them into the store (duration, cues: seekable)."""
    key = LocalRecordingStore.key(interview_public_id, recording_id)
    with tempfile.TemporaryDirectory(prefix="recording-") as tmp:
        joined, out = Path(tmp) / "in.webm", Path(tmp) / "out.webm"
        await asyncio.to_thread(store.assemble, interview_public_id, recording_id, chunks, joined)
        code, _, err = await _run(
            policy.ffmpeg,
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-i",
            str(joined),
            "-c",
            "copy",
            str(out),
        )
        if code != 0 or not out.is_file() or out.stat().st_size == 0:
            lines = [line for line in err.strip().splitlines() if line.strip()]
            return Remuxed(False, error=lines[-1] if lines else f"ffmpeg exited with {code}")
        duration = await probe_duration(out, policy)
        size = out.stat().st_size
        await asyncio.to_thread(store.save, out, key)
    store.drop_chunks(interview_public_id, recording_id)
    return Remuxed(True, size, duration)


def serialise(recording: Recording, interview_public_id: str, prefix: str) -> dict[str, Any]:
    base = f"{prefix}api/interviews/{interview_public_id}/recordings/{recording.id}"
    return {
        "id": recording.id,
        "interview": interview_public_id,
        "started_by": recording.started_by,
        "started_at": recording.started_at.isoformat(),
        "ended_at": recording.ended_at.isoformat() if recording.ended_at else None,
        "status": recording.status,
        "bytes": recording.bytes,
        "duration_s": recording.duration_s,
        "next_seq": recording.next_seq,
        "media_url": f"{base}/media" if recording.status == "ready" else None,
    }


def list_for(session: Session, interview: Interview) -> list[Recording]:
    return list(
        session.scalars(
            select(Recording)
            .where(Recording.interview_id == interview.id)
            .order_by(Recording.started_at, Recording.id)
        )
    )


def purge(session: Session, store: RecordingStore, interview: Interview, now: datetime) -> int:
    """Retention: delete the interview's recordings (files and chunks); keep the rows."""
    count = 0
    for recording in list_for(session, interview):
        if recording.status == "purged":
            continue
        store.delete(recording.path)
        store.drop_chunks(interview.public_id, recording.id)
        recording.status, recording.path = "purged", ""
        recording.ended_at = recording.ended_at or now
        count += 1
    return count


def is_recording(session: Session, interview_public_id: str, recording_id: int, user: str) -> bool:
    """Is ``recording_id`` an open recording of that interview, started by ``user``?"""
    found = session.scalar(
        select(Recording)
        .join(Interview, Interview.id == Recording.interview_id)
        .where(
            Interview.public_id == interview_public_id,
            Recording.id == recording_id,
            Recording.started_by == user,
            Recording.status == "recording",
        )
    )
    return found is not None
