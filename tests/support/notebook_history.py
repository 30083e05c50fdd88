"""A notebook edited by several Y clients, archived as the service's history recorder does
(``history.Archive``): for the playback tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycrdt

from interview_hub.service.domain import history

SERVER, CAROL, ALICE = 11, 22, 33


def awareness(*clients: tuple[int, dict[str, Any] | None]) -> bytes:
    """A y-protocols awareness update (what JupyterLab broadcasts)."""
    out = history._write_var_uint(len(clients))
    for client, state in clients:
        raw = json.dumps(state).encode()
        out += history._write_var_uint(client) + history._write_var_uint(1)
        out += history._write_var_uint(len(raw)) + raw
    return out


class Room:
    """Docs of several clients kept in sync; every change is archived as the recorder would."""

    def __init__(self, directory: Path, start: float = 1000.0) -> None:
        self.archive = history.Archive(directory).open()
        self.docs = {c: pycrdt.Doc(client_id=c) for c in (SERVER, CAROL, ALICE)}
        self.clock = start
        self.moments: list[tuple[float, list[str]]] = []

    def edit(self, client: int, change: Any, after: float = 1.5) -> None:
        doc = self.docs[client]
        before = doc.get_state()
        with doc.transaction():
            change(doc)
        update = doc.get_update(before)
        for other, peer in self.docs.items():
            if other != client:
                peer.apply_update(update)
        self.clock += after
        self.archive.append(self.clock, history.UPDATE, update)
        self.moments.append((self.clock, self.sources()))

    def names(self, payload: bytes) -> None:
        users = history.awareness_users(payload)
        self.archive.append(self.clock, history.AUTHORS, json.dumps(users).encode())

    def sources(self) -> list[str]:
        doc = self.docs[SERVER]
        return [c["source"] for c in history.render_notebook(doc)["cells"]]


def cell(cell_id: str, source: str) -> Any:
    return pycrdt.Map(
        {
            "id": cell_id,
            "cell_type": "code",
            "source": pycrdt.Text(source),
            "metadata": pycrdt.Map(),
            "outputs": pycrdt.Array(),
        }
    )


def text(doc: Any, index: int) -> Any:
    return doc.get("cells", type=pycrdt.Array)[index]["source"]
