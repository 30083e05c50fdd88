"""Code playback: the archived edit history (history.py) stepped record by record, with who
typed each character.

A ``Timeline`` reads ``updates.bin`` once: every update or reset is a step with its service
time and author. The author of an update is the client whose Y clock it advanced, named through
the ``A`` records (awareness: which hub user each client id announced); an update that only
deletes advances no clock, so it goes to the last author seen. Characters keep the author who
inserted them: each step diffs every cell's source with its previous one (common prefix and
suffix; typing and deleting touch one place) and gives the inserted span to the step's author.
Text that came from the server itself (the notebook as written, problem cells the service
adds) has the author ``""``.

``frame(t)`` is the notebook at service time ``t``: from the nearest checkpoint (every
``CHECKPOINT_EVERY`` steps: the document, the sources and their authors) forward, so a jump
costs at most that many updates. Timelines are cached per archive and extended with the new
records when it grows (during the interview), so a live timeline costs only what is new.

A step by the candidate that inserts ``PASTE_CHARS`` characters or more at once is a large
paste (or a generated block): an integrity signal, on the panel's timeline and in the
candidate's own view.

Authors are what the clients announce in the room's awareness, which jupyter-collaboration
relays without checking: a participant could announce another's name. ``build`` keeps only
the interview's own participants and calls everyone else "unknown".
"""

from __future__ import annotations

import asyncio
import bisect
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import history
from .retention import pseudonym

CHECKPOINT_EVERY = 100
PASTE_CHARS = 80
UNKNOWN = "unknown"
_cache: OrderedDict[str, Timeline] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 8
# replays run off the event loop, one at a time, in one thread (a long interview takes seconds)
_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="playback")


async def off_loop(work: Callable[[], Any]) -> Any:
    return await asyncio.get_running_loop().run_in_executor(_worker, work)


def _cells(doc: Any) -> list[tuple[str, str, str]]:
    """(id, cell type, source) of every cell; cells without an id get their position (only
    these three keys are read: outputs can be large and change on every run)."""
    pycrdt = history._pycrdt()
    found = []
    for i, ycell in enumerate(doc.get("cells", type=pycrdt.Array)):
        keys = set(ycell.keys())
        cell_id = str(ycell["id"]) if "id" in keys else ""
        kind = str(ycell["cell_type"]) if "cell_type" in keys else "code"
        source = ycell["source"] if "source" in keys else ""
        found.append((cell_id or f"#{i}", kind, history._source(source)))
    return found


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (binary search over slice compares, done in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _respan(before: str, owners: list[str], after: str, author: str) -> tuple[list[str], int]:
    """Owners of ``after``'s characters (``before``'s kept, the changed middle to ``author``)
    and how many characters the change inserted."""
    if before == after:
        return owners, 0
    prefix = _common_prefix(before, after)
    limit = min(len(before), len(after)) - prefix
    suffix = min(_common_prefix(before[::-1], after[::-1]), limit)
    inserted = len(after) - prefix - suffix
    return owners[:prefix] + [author] * inserted + owners[len(owners) - suffix :], inserted


@dataclass
class _State:
    """The replay's position: the document and, per cell id, its source and owners."""

    doc: Any
    sources: dict[str, str] = field(default_factory=dict)
    owners: dict[str, list[str]] = field(default_factory=dict)
    last_author: str = ""

    def checkpoint(self) -> _Checkpoint:
        return _Checkpoint(
            self.doc.get_update(),
            dict(self.sources),
            {k: list(v) for k, v in self.owners.items()},
            self.last_author,
        )


@dataclass(frozen=True)
class _Checkpoint:
    """A ``_State`` at rest: the document as one update (no Y document kept across calls)."""

    update: bytes
    sources: dict[str, str]
    owners: dict[str, list[str]]
    last_author: str

    def restore(self) -> _State:
        doc = history._pycrdt().Doc()
        doc.apply_update(self.update)
        owners = {k: list(v) for k, v in self.owners.items()}
        return _State(doc, dict(self.sources), owners, self.last_author)


@dataclass
class Step:
    time: float
    author: str
    inserted: int = 0  # characters this step added (0 for a reset)


class Timeline:
    """Every step of one archive, and checkpoints to start a replay from."""

    def __init__(self, directory: Path, participants: set[str] | None = None) -> None:
        self.updates = directory / "updates.bin"
        self.participants = participants
        self.names: dict[int, str] = {}
        self.records: list[history.Record] = []
        self.steps: list[Step] = []
        self.times: list[float] = []
        self.checkpoints: list[tuple[int, _Checkpoint]] = []
        self.offset = 0
        self.state = _State(history._pycrdt().Doc())
        self.extend()

    def extend(self) -> None:
        """Step through the records appended since the last call."""
        found, self.offset = history.read_tail(self.updates, self.offset)
        # names first: a client may announce itself after its first update
        for record in found:
            for client, name in history.announced(record).items():
                self.names[client] = self._shown(name)
        for record in found:
            if record.kind not in (history.UPDATE, history.RESET):
                continue
            index = len(self.records)
            if index % CHECKPOINT_EVERY == 0:
                self.checkpoints.append((index, self.state.checkpoint()))
            self.records.append(record)
            author, inserted = self._apply(self.state, record)
            self.steps.append(Step(record.time, author, inserted))
            self.times.append(record.time)

    def _shown(self, name: str) -> str:
        """A participant's name as the interview has it now: a deleted account's pseudonym
        (retention.forget_person), anyone else who announced a name "unknown"."""
        if self.participants is None or name in self.participants:
            return name
        alias = pseudonym(name)
        return alias if alias in self.participants else UNKNOWN

    def pastes(self, person: str) -> list[Step]:
        """``person``'s steps that inserted ``PASTE_CHARS`` characters or more at once."""
        return [s for s in self.steps if s.author == person and s.inserted >= PASTE_CHARS]

    def _apply(self, state: _State, record: history.Record) -> tuple[str, int]:
        pycrdt = history._pycrdt()
        before = history.decode_state_vector(state.doc.get_state())
        if record.kind == history.RESET:
            state.doc = pycrdt.Doc()
            before = {}
        state.doc.apply_update(record.payload)
        after = history.decode_state_vector(state.doc.get_state())
        advanced = [c for c, clock in after.items() if clock > before.get(c, 0)]
        if record.kind == history.RESET:
            author = ""  # the server's document after a reset: nobody typed it just now
        elif not advanced:
            author = state.last_author  # deletions only: whoever typed last
        else:
            # one named client: that person; none: the server's own client (the file as
            # loaded, cells the service adds); several (a catch-up after a reconnect): unknown
            named = {self.names[c] for c in advanced if c in self.names}
            author = named.pop() if len(named) == 1 else ("" if not named else UNKNOWN)
        if author:
            state.last_author = author
        cells = _cells(state.doc)
        sources, owners = {}, {}
        inserted = 0
        for cell_id, _kind, source in cells:
            old = state.sources.get(cell_id)
            if old is None:
                owners[cell_id] = [author] * len(source)
                inserted += len(source)
            else:
                owners[cell_id], added = _respan(old, state.owners[cell_id], source, author)
                inserted += added
            sources[cell_id] = source
        state.sources, state.owners = sources, owners
        return author, (0 if record.kind == history.RESET else inserted)

    @property
    def start(self) -> float | None:
        return self.times[0] if self.times else None

    @property
    def end(self) -> float | None:
        return self.times[-1] if self.times else None

    def frame(self, when: float) -> dict[str, Any]:
        """The notebook after every step up to ``when``: cells with their owners as runs."""
        count = bisect.bisect_right(self.times, when)
        at = bisect.bisect_right([i for i, _ in self.checkpoints], count) - 1
        state = self.checkpoints[at][1].restore() if at >= 0 else _State(history._pycrdt().Doc())
        start = self.checkpoints[at][0] if at >= 0 else 0
        for record in self.records[start:count]:
            self._apply(state, record)
        cells = []
        for cell_id, kind, source in _cells(state.doc):
            runs: list[list[Any]] = []
            for offset, owner in enumerate(state.owners.get(cell_id, [])):
                if runs and runs[-1][2] == owner:
                    runs[-1][1] = offset + 1
                else:
                    runs.append([offset, offset + 1, owner])
            cells.append({"id": cell_id, "cell_type": kind, "source": source, "runs": runs})
        return {
            "step": count,
            "time": self.times[count - 1] if count else None,
            "cells": cells,
        }


def timeline(directory: Path, participants: set[str] | None = None) -> Timeline | None:
    """The archive's timeline (cached; extended when the archive has grown, rebuilt when it
    was replaced); None without a history."""
    updates = directory / "updates.bin"
    try:
        size = updates.stat().st_size
    except FileNotFoundError:
        return None
    key = str(updates.resolve())
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
    if found is None or size < found.offset or found.participants != participants:
        found = Timeline(directory, participants)
    elif size > found.offset:
        found.extend()
    if not found.steps:
        return None
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return found
