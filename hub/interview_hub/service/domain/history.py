"""The interview notebook's edit history, recorded by the service outside the sandbox.

jupyter-collaboration keeps its own history (``.jupyter_ystore.db``) under the server's root,
writable by the candidate's terminal and gone with the server. The service therefore joins the
notebook's collaboration room as one more (silent) client and appends every Y update it
receives, timestamped by the service's clock, to ``DATA_DIR/archive/<interview>/history/``:

* ``updates.bin``: append-only records ``>dcI`` (service time, kind, payload length) + payload,
  fsync'd in small batches. Kinds: ``U`` a Y update, ``R`` a reset (the server came back with a
  document of another lineage, e.g. its ystore was lost: the payload is its full state and
  replay starts a new document there, so nothing is merged twice into duplicate cells); ``A``
  who is who: JSON ``{"<Y client id>": "<hub user name>"}`` for clients first seen (or renamed)
  in the room's awareness, which jupyter-collaboration does not keep (playback.py colours each
  person's edits with it).
* ``snapshots/<ms>.ydoc``: the full document state as one update, periodically and at the end;
  ``state.json`` the state vector and the number of records at the last snapshot.
* ``interview.ipynb``: the notebook rendered at the last snapshot.

The recorder never sends content into the room (it answers the server's sync step 1 with an
empty update), so it cannot push stale or duplicate cells into the live document. On every
(re)connect it asks for the server's full state: applying an update twice is a no-op for a
CRDT (Yjs/yrs items are identified by (client, clock) and deletions form a set), so only the
part that is new relative to the recorder's state vector is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

log = logging.getLogger("interviews.history")

HEADER = struct.Struct(">dcI")  # service time (unix seconds), kind, payload length
UPDATE, RESET, AUTHORS = b"U", b"R", b"A"
EMPTY_UPDATE = b"\x00\x00"
# y-websocket framing (y-protocols): message type, then for SYNC a sync type and a payload
SYNC, AWARENESS = 0, 1
STEP1, STEP2, SYNC_UPDATE = 0, 1, 2


def _pycrdt() -> Any:
    import pycrdt  # the service needs pycrdt (the same version as the single-user env)

    return pycrdt


# --- the archive file -------------------------------------------------------------------------


@dataclass
class Record:
    time: float
    kind: bytes
    payload: bytes


def read_records(path: Path) -> Iterator[Record]:
    """Every complete record; a torn last record (crash mid-write) is ignored."""
    yield from read_tail(path, 0)[0]


def read_tail(path: Path, offset: int) -> tuple[list[Record], int]:
    """The complete records from byte ``offset`` on, and the offset after the last of them."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except FileNotFoundError:
        return [], offset
    found, at = [], 0
    while at + HEADER.size <= len(data):
        when, kind, size = HEADER.unpack_from(data, at)
        start = at + HEADER.size
        if start + size > len(data):
            break
        found.append(Record(when, kind, data[start : start + size]))
        at = start + size
    return found, offset + at


@dataclass
class Archive:
    """``<archive>/<interview>/history/``; appends are fsync'd at most ``sync_every`` s late."""

    directory: Path
    sync_every: float = 0.2
    _fd: int = -1
    _dirty: bool = False
    _timer: asyncio.TimerHandle | None = None
    count: int = 0
    keep: int = 20
    _snapshot_count: int = -1

    @property
    def updates(self) -> Path:
        return self.directory / "updates.bin"

    def open(self) -> Archive:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.directory / "snapshots").mkdir(exist_ok=True, mode=0o700)
        self.count = sum(1 for _ in read_records(self.updates))
        size = sum(HEADER.size + len(r.payload) for r in read_records(self.updates))
        self._fd = os.open(self.updates, os.O_WRONLY | os.O_CREAT, 0o600)
        os.ftruncate(self._fd, size)  # drop a torn tail so that new records stay readable
        os.lseek(self._fd, size, os.SEEK_SET)
        return self

    def append(self, when: float, kind: bytes, payload: bytes) -> None:
        os.write(self._fd, HEADER.pack(when, kind, len(payload)) + payload)
        self.count += 1
        self._dirty = True
        if self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.sync()
                return
            self._timer = loop.call_later(self.sync_every, self.sync)

    def sync(self) -> None:
        self._timer = None
        if self._dirty and self._fd >= 0:
            os.fsync(self._fd)
            self._dirty = False

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.sync()
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def snapshot(self, when: float, doc: Any) -> None:
        """The full state as one update, its state vector, and the rendered notebook (only when
        something was recorded since the last one; the newest ``keep`` snapshots stay)."""
        self.sync()
        if self.count == self._snapshot_count and (self.directory / "state.json").exists():
            return
        self._snapshot_count = self.count
        name = self.directory / "snapshots" / f"{int(when * 1000)}.ydoc"
        _write_atomic(name, doc.get_update())
        for old in sorted((self.directory / "snapshots").glob("*.ydoc"))[: -self.keep]:
            old.unlink()  # every snapshot can be rebuilt from updates.bin
        state = {"time": when, "records": self.count, "state_vector": doc.get_state().hex()}
        _write_atomic(self.directory / "state.json", json.dumps(state).encode())
        rendered = json.dumps(render_notebook(doc), indent=1).encode()
        _write_atomic(self.directory / "interview.ipynb", rendered)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


# --- documents ------------------------------------------------------------------------------


def _read_var_uint(data: bytes, offset: int) -> tuple[int, int]:
    num, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        num |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return num, offset


def _write_var_uint(num: int) -> bytes:
    out = bytearray()
    while num > 0x7F:
        out.append(0x80 | (num & 0x7F))
        num >>= 7
    out.append(num)
    return bytes(out)


def decode_state_vector(data: bytes) -> dict[int, int]:
    count, offset = _read_var_uint(data, 0)
    vector = {}
    for _ in range(count):
        client, offset = _read_var_uint(data, offset)
        clock, offset = _read_var_uint(data, offset)
        vector[client] = clock
    return vector


def covers(newer: dict[int, int], older: dict[int, int]) -> bool:
    """True when a document with state ``newer`` contains everything of ``older``."""
    return all(newer.get(client, 0) >= clock for client, clock in older.items())


def _source(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def render_notebook(doc: Any) -> dict[str, Any]:
    """nbformat JSON of a jupyter_ydoc YNotebook document (``cells`` array, ``meta`` map)."""
    pycrdt = _pycrdt()
    cells = []
    for ycell in doc.get("cells", type=pycrdt.Array):
        raw = ycell.to_py() if hasattr(ycell, "to_py") else dict(ycell)
        cell: dict[str, Any] = {
            "cell_type": raw.get("cell_type", "code"),
            "id": raw.get("id", ""),
            "metadata": raw.get("metadata") or {},
            "source": _source(raw.get("source")),
        }
        if cell["cell_type"] == "code":
            count = raw.get("execution_count")
            cell["execution_count"] = int(count) if count is not None else None
            cell["outputs"] = list(raw.get("outputs") or [])
        cells.append(cell)
    meta = doc.get("meta", type=pycrdt.Map).to_py() or {}
    return {
        "nbformat": int(meta.get("nbformat") or 4),
        "nbformat_minor": int(meta.get("nbformat_minor") or 5),
        "metadata": meta.get("metadata") or {},
        "cells": cells,
    }


def replay(directory: Path, until: float | None = None) -> Any:
    """The document as the service had it at service time ``until`` (None: everything)."""
    pycrdt = _pycrdt()
    doc = pycrdt.Doc()
    for record in read_records(directory / "updates.bin"):
        if until is not None and record.time > until:
            break
        if record.kind == AUTHORS:
            continue
        if record.kind == RESET:
            doc = pycrdt.Doc()
        doc.apply_update(record.payload)
    return doc


def announced(record: Record) -> dict[int, str]:
    """Y client id → hub user name in one ``A`` record (nothing for any other record, or a
    payload that is not such a map)."""
    if record.kind != AUTHORS:
        return {}
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        return {int(k): str(v) for k, v in json.loads(record.payload).items()}
    return {}


def authors(directory: Path) -> dict[int, str]:
    """Y client id → hub user name, from every ``A`` record."""
    names: dict[int, str] = {}
    for record in read_records(directory / "updates.bin"):
        names.update(announced(record))
    return names


def awareness_users(payload: bytes) -> dict[int, str]:
    """Client id → user name in one y-protocols awareness update (``varUint count``, then per
    client ``varUint id, varUint clock, varString JSON state``); clients that left (state
    ``null``) and states without a user are skipped."""
    found: dict[int, str] = {}
    count, offset = _read_var_uint(payload, 0)
    for _ in range(count):
        client, offset = _read_var_uint(payload, offset)
        _clock, offset = _read_var_uint(payload, offset)
        size, offset = _read_var_uint(payload, offset)
        raw = payload[offset : offset + size]
        offset += size
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            state = json.loads(raw.decode())
            user = state.get("user") if isinstance(state, dict) else None
            name = user.get("username") or user.get("name") if isinstance(user, dict) else None
            if isinstance(name, str) and name:
                found[client] = name[:255]
    return found


def notebook_at(directory: Path, when: float) -> dict[str, Any]:
    """The interview notebook (nbformat JSON) at service time ``when``."""
    return render_notebook(replay(directory, when))


# --- the recorder ---------------------------------------------------------------------------


def _sync_message(kind: int, payload: bytes) -> bytes:
    return bytes([SYNC, kind]) + _write_var_uint(len(payload)) + payload


@dataclass
class HistoryRecorder:
    """Joins ``<server>/api/collaboration/room/json:notebook:<fileId>`` and archives updates.

    ``server``: the server's base URL (``…/user/<owner>/interview/``) as the service reaches it;
    ``headers``: ``Authorization: token …`` (and ``Host`` when the proxy routes by host).
    """

    server: str
    headers: dict[str, str]
    directory: Path
    path: str = "interview.ipynb"
    clock: Callable[[], float] = time.time
    snapshot_every: float = 30.0
    backoff: tuple[float, float] = (0.2, 10.0)
    archive: Archive = field(init=False)
    doc: Any = field(init=False)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    connections: int = 0
    _task: asyncio.Task[None] | None = None
    _ws: WebSocketClientConnection | None = None
    _stopping: bool = False
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    names: dict[int, str] = field(default_factory=dict)  # Y client id → user (A records)

    def __post_init__(self) -> None:
        self.archive = Archive(self.directory).open()
        self.doc = replay(self.directory)  # a restarted service continues where it was
        self.names = authors(self.directory)

    def start(self) -> HistoryRecorder:
        if self._task is None:
            self._task = asyncio.create_task(self._run())
        return self

    async def stop(self) -> None:
        """Disconnect, then write the final snapshot."""
        self._stopping = True
        if self._ws is not None:
            self._ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self.archive.snapshot(self.clock(), self.doc)
        self.archive.close()

    async def changed(self) -> None:
        """Wait for the next stored record (for tests and status)."""
        self._changed.clear()
        await self._changed.wait()

    def _store(self, kind: bytes, payload: bytes) -> None:
        self.archive.append(self.clock(), kind, payload)
        self._changed.set()

    async def _run(self) -> None:
        delay = self.backoff[0]
        last_snapshot = time.monotonic()
        while not self._stopping:
            try:
                await self._session()
                delay = self.backoff[0]
            except asyncio.CancelledError:
                raise
            except httpx.HTTPStatusError as error:
                # 404: the notebook is not written yet; 503/502: the server is (re)starting
                if error.response.status_code == 404:
                    delay = max(self.backoff[0], 1.0) / 2  # poll every second until it exists
                log.info("history of %s: %s; retrying in %.1f s", self.server, error, delay)
            except Exception as error:  # websocket dropped, connection refused, …
                log.info("history of %s: %s; retrying in %.1f s", self.server, error, delay)
            finally:
                self.connected.clear()
                self._ws = None
            if self._stopping:
                break
            if time.monotonic() - last_snapshot > self.snapshot_every:
                self.archive.snapshot(self.clock(), self.doc)
                last_snapshot = time.monotonic()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.backoff[1])

    async def _session(self) -> None:
        async with httpx.AsyncClient(timeout=20, headers=self.headers) as client:
            response = await client.put(
                f"{self.server}api/collaboration/session/{quote(self.path)}",
                json={"format": "json", "type": "notebook"},
            )
            response.raise_for_status()
            session = response.json()
        room = f"json:notebook:{session['fileId']}"
        url = self.server.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        request = HTTPRequest(
            f"{url}api/collaboration/room/{room}?sessionId={quote(session['sessionId'])}",
            headers=self.headers,
            connect_timeout=20,
        )
        ws = self._ws = await websocket_connect(request, max_message_size=256 * 1024 * 1024)
        # ask for everything the server has: the reply tells whether it is still our document
        await ws.write_message(_sync_message(STEP1, b"\x00"), binary=True)
        self.connections += 1
        pending: list[bytes] = []  # live updates that arrive before the full state
        synced = False
        last_snapshot = time.monotonic()
        while True:
            if time.monotonic() - last_snapshot > self.snapshot_every:
                self.archive.snapshot(self.clock(), self.doc)
                last_snapshot = time.monotonic()
            message = await ws.read_message()
            if message is None:
                raise ConnectionError(f"room closed ({ws.close_code} {ws.close_reason})")
            if isinstance(message, str) or len(message) < 2:
                continue
            if message[0] == AWARENESS:
                self._awareness(message)
                continue
            if message[0] != SYNC:
                continue  # RAW (save replies), chat
            kind = message[1]
            payload_size, start = _read_var_uint(message, 2)
            payload = bytes(message[start : start + payload_size])
            if kind == STEP1:
                # a silent client: never send our content into the room
                await ws.write_message(_sync_message(STEP2, EMPTY_UPDATE), binary=True)
            elif kind == STEP2 and not synced:
                self._full_state(payload)
                for update in pending:
                    self._update(update)
                pending.clear()
                synced = True
                self.connected.set()
            elif kind in (STEP2, SYNC_UPDATE):
                if synced:
                    self._update(payload)
                else:
                    pending.append(payload)

    def _full_state(self, state: bytes) -> None:
        pycrdt = _pycrdt()
        server = pycrdt.Doc()
        server.apply_update(state)
        theirs = decode_state_vector(server.get_state())
        ours = decode_state_vector(self.doc.get_state())
        if not covers(theirs, ours):
            log.warning("history of %s: the server's document is a new one; reset", self.server)
            self.doc = server
            self._store(RESET, state)
            return
        # what we lack (the delete set always comes in full: storing it again is harmless)
        new = server.get_update(self.doc.get_state())
        if new != EMPTY_UPDATE:
            self.doc.apply_update(new)
            self._store(UPDATE, new)

    def _awareness(self, message: bytes) -> None:
        try:
            size, start = _read_var_uint(message, 1)
            users = awareness_users(bytes(message[start : start + size]))
        except IndexError:  # a truncated message: nothing to learn from it
            return
        new = {c: n for c, n in users.items() if self.names.get(c) != n}
        if new:
            self.names.update(new)
            self._store(AUTHORS, json.dumps({str(c): n for c, n in new.items()}).encode())

    def _update(self, update: bytes) -> None:
        if update == EMPTY_UPDATE:
            return
        self.doc.apply_update(update)
        self._store(UPDATE, update)
