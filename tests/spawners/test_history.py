"""The service's history recorder against a real `jupyter lab` with jupyter-collaboration.

A headless pycrdt client types into a cell of the interview notebook; the recorder (the
service's module, unchanged) archives every update outside the server's root. The notebook
rebuilt from the archive at chosen moments equals what the typing client saw then, character by
character, also across a restart of the server in the middle of the typing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import secrets
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import httpx
import pycrdt
import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from interview_hub.service.domain import history
from interview_hub.service.domain.interviews import SchedulePolicy
from interview_hub.service.domain.servers import SERVER, ServerManager, ServerPolicy, server_path
from tests.extension.labenv import ensure_lab_env
from tests.spawners.test_interview_lifecycle import START, login, set_clock
from tests.support.platform import Platform, free_port, servers_platform

NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "cells": [
        {"cell_type": "markdown", "id": "brief", "metadata": {}, "source": "# History"},
        {
            "cell_type": "code",
            "id": "solution",
            "metadata": {},
            "source": "",
            "execution_count": None,
            "outputs": [],
        },
    ],
}


class Lab:
    """A standalone `jupyter lab` (token auth) that can be stopped and started on one root."""

    def __init__(self, venv: Path, base: Path, base_url: str = "/") -> None:
        self.venv, self.base, self.base_url = venv, base, base_url
        self.root = base / "root"
        self.root.mkdir()
        (self.root / "interview.ipynb").write_text(json.dumps(NOTEBOOK))
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}{base_url}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    async def start(self) -> None:
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(self.base / "config"),
            "JUPYTER_DATA_DIR": str(self.base / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.base / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "HOME": str(self.base),
        }
        for name in ("JUPYTERHUB_API_TOKEN", "INTERVIEW_ID", "PYTHONPATH"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [
                str(self.venv / "bin" / "jupyter"),
                "lab",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                f"--ServerApp.base_url={self.base_url}",
            ],
            env=env,
            stdout=(self.base / "lab.log").open("ab"),
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        deadline = time.monotonic() + 90
        async with httpx.AsyncClient(timeout=5, headers=self.headers) as client:
            while True:
                try:
                    if (await client.get(f"{self.url}api/status")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = (self.base / "lab.log").read_text()[-4000:]
                    raise RuntimeError(f"jupyter lab did not start:\n{log}")
                await asyncio.sleep(0.2)

    def saved(self) -> list[str]:
        """The cells' sources in the file on disk."""
        try:
            cells = json.loads((self.root / "interview.ipynb").read_text())["cells"]
        except (OSError, ValueError):
            return []
        return [history._source(cell["source"]) for cell in cells]

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


class Typist:
    """A headless collaborator: full two-way y-websocket sync, types into a cell."""

    def __init__(self, lab: Lab, user: str = "") -> None:
        self.lab = lab
        self.user = user  # announced in the room's awareness, as JupyterLab does
        self.doc: Any = None
        self.ws: WebSocketClientConnection | None = None
        self.synced = asyncio.Event()
        self.reader: asyncio.Task[None] | None = None
        self.applying = False
        self.sent: list[Any] = []

    async def connect(self) -> None:
        self.doc = pycrdt.Doc()  # fresh: what the server has is the truth
        self.synced = asyncio.Event()
        async with httpx.AsyncClient(timeout=20, headers=self.lab.headers) as client:
            response = await client.put(
                f"{self.lab.url}api/collaboration/session/{quote('interview.ipynb')}",
                json={"format": "json", "type": "notebook"},
            )
            response.raise_for_status()
            session = response.json()
        url = self.lab.url.replace("http://", "ws://")
        room = f"json:notebook:{session['fileId']}"
        request = HTTPRequest(
            f"{url}api/collaboration/room/{room}?sessionId={session['sessionId']}",
            headers=self.lab.headers,
        )
        self.ws = await websocket_connect(request)
        self.doc.observe(self._local)
        await self.ws.write_message(
            history._sync_message(history.STEP1, self.doc.get_state()), binary=True
        )
        self.reader = asyncio.create_task(self._read(self.ws))
        if self.user:
            state = json.dumps({"user": {"username": self.user, "name": self.user}}).encode()
            update = (
                history._write_var_uint(1)
                + history._write_var_uint(self.doc.client_id)
                + history._write_var_uint(1)
                + history._write_var_uint(len(state))
                + state
            )
            message = bytes([history.AWARENESS]) + history._write_var_uint(len(update)) + update
            await self.ws.write_message(message, binary=True)
        await asyncio.wait_for(self.synced.wait(), 30)
        await until(lambda: len(self.cells()) == 2, "the notebook's cells at the typist")

    def _local(self, event: Any) -> None:
        if not self.applying and self.ws is not None:
            message = history._sync_message(history.SYNC_UPDATE, event.update)
            # tornado writes at once; the future only reports completion
            self.sent.append(self.ws.write_message(message, binary=True))

    async def _read(self, ws: WebSocketClientConnection) -> None:
        while (message := await ws.read_message()) is not None:
            if isinstance(message, str) or message[0] != history.SYNC:
                continue
            size, start = history._read_var_uint(message, 2)
            payload = bytes(message[start : start + size])
            if message[1] == history.STEP1:
                reply = self.doc.get_update(payload)
                await ws.write_message(history._sync_message(history.STEP2, reply), binary=True)
            else:
                self.applying = True
                try:
                    self.doc.apply_update(payload)
                finally:
                    self.applying = False
                if message[1] == history.STEP2:
                    self.synced.set()

    def cells(self) -> list[Any]:
        return list(self.doc.get("cells", type=pycrdt.Array))

    def type(self, text: str) -> None:
        source = self.cells()[1]["source"]
        with self.doc.transaction():
            source.insert(len(source), text)

    def delete(self, count: int) -> None:
        source = self.cells()[1]["source"]
        del source[len(source) - count : len(source)]

    def sources(self) -> list[str]:
        return [cell["source"] for cell in history.render_notebook(self.doc)["cells"]]

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader


async def until(check: Callable[[], bool], what: str, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


@pytest.fixture(scope="module")
def lab_venv() -> Path:
    venv, _ = ensure_lab_env()
    return venv


@pytest.fixture
async def lab(lab_venv: Path, tmp_path: Path) -> AsyncIterator[Lab]:
    (tmp_path / "server").mkdir()
    started = Lab(lab_venv, tmp_path / "server")
    try:
        await started.start()
        yield started
    finally:
        started.stop()  # every server this test started stops here


Step = Callable[[Typist], Awaitable[None] | None]


async def test_recorder_replays_every_moment_across_a_restart(lab: Lab, tmp_path: Path) -> None:
    archive = tmp_path / "data" / "archive" / "iv-test" / "history"
    recorder = history.HistoryRecorder(
        server=lab.url, headers=lab.headers, directory=archive, snapshot_every=1.0
    ).start()
    typist = Typist(lab)
    moments: list[tuple[float, list[str]]] = []

    async def moment() -> None:
        """Once the recorder holds what the typist sees, note the service time and the text."""
        expected = typist.sources()
        await until(
            lambda: (
                [c["source"] for c in history.render_notebook(recorder.doc)["cells"]] == expected
            ),
            f"the recorder to see {expected!r}",
        )
        moments.append((time.time(), expected))

    try:
        await asyncio.wait_for(recorder.connected.wait(), 30)
        await typist.connect()
        await moment()  # the notebook as written, before any typing
        for chunk in ("def add(a, b):\n", "    return a", " + b\n"):
            for char in chunk:
                typist.type(char)
            await moment()
        typist.delete(4)  # "+ b\n" → "    return a" + " "
        await moment()

        # the server restarts mid-typing (after its autosave: jupyter-collaboration drops a
        # ystore that is out of sync with the file, see the next test): the recorder reconnects
        await until(lambda: lab.saved() == moments[-1][1], "the server's autosave")
        connections = recorder.connections
        await typist.close()
        lab.stop()
        await until(lambda: not recorder.connected.is_set(), "the recorder to notice")
        await lab.start()
        await until(lambda: recorder.connections > connections, "the recorder to reconnect", 60)
        await asyncio.wait_for(recorder.connected.wait(), 30)
        await typist.connect()
        assert typist.sources() == moments[-1][1]  # nothing typed was lost on the server
        typist.type("- b\n\nprint(add(2, 3))\n")
        await moment()
        typist.type("# done")
        await moment()
    finally:
        await typist.close()
        await recorder.stop()

    assert len(moments) >= 7
    for when, expected in moments:
        rebuilt = [cell["source"] for cell in history.notebook_at(archive, when)["cells"]]
        assert rebuilt == expected, f"at {when}: {rebuilt!r} != {expected!r}"
    final = moments[-1][1]
    assert final[1] == "def add(a, b):\n    return a - b\n\nprint(add(2, 3))\n# done"

    # the archive: append-only records, snapshots, the rendered notebook, the state vector
    records = list(history.read_records(archive / "updates.bin"))
    # the server usually resumes its document from the ystore; jupyter-collaboration sometimes
    # finds the ystore "out of sync" with the file it has just saved and starts a new document
    # (upstream data-loss family): then the recorder records one reset, never a merge
    kinds = [r.kind for r in records]
    assert kinds.count(history.RESET) <= 1 and set(kinds) <= {history.UPDATE, history.RESET}
    assert [r.time for r in records] == sorted(r.time for r in records)
    rendered = json.loads((archive / "interview.ipynb").read_text())
    assert [cell["source"] for cell in rendered["cells"]] == final
    assert list((archive / "snapshots").glob("*.ydoc"))
    state = json.loads((archive / "state.json").read_text())
    assert state["records"] == len(records)
    snapshot: Any = pycrdt.Doc()
    snapshot.apply_update(sorted((archive / "snapshots").glob("*.ydoc"))[-1].read_bytes())
    assert history.decode_state_vector(snapshot.get_state()) == history.decode_state_vector(
        bytes.fromhex(state["state_vector"])
    )

    # no duplicates: replaying everything twice changes nothing (Y updates are idempotent)
    doc = history.replay(archive)
    resets = [i for i, kind in enumerate(kinds) if kind == history.RESET]
    for record in records[resets[-1] if resets else 0 :]:
        doc.apply_update(record.payload)
    assert [c["source"] for c in history.render_notebook(doc)["cells"]] == final

    # outside the server's reach: not under its root (the candidate's writable directory)
    assert not archive.resolve().is_relative_to(lab.root.resolve())
    assert not any(p.name == "updates.bin" for p in lab.root.rglob("*"))


async def test_recorder_restarts_from_its_archive(lab: Lab, tmp_path: Path) -> None:
    """A restarted service resumes from the archive and stores only what is new."""
    archive = tmp_path / "archive" / "history"
    typist = Typist(lab)
    first = history.HistoryRecorder(server=lab.url, headers=lab.headers, directory=archive)
    try:
        first.start()
        await asyncio.wait_for(first.connected.wait(), 30)
        await typist.connect()
        typist.type("x = 1\n")
        await until(
            lambda: "x = 1" in str(first.doc.get("cells", type=pycrdt.Array)[1]["source"]),
            "the first recorder to see the typing",
        )
        await first.stop()
        count = len(list(history.read_records(archive / "updates.bin")))
        typist.type("y = 2\n")
        second = history.HistoryRecorder(server=lab.url, headers=lab.headers, directory=archive)
        assert history.render_notebook(second.doc)["cells"][1]["source"] == "x = 1\n"
        second.start()
        try:
            await until(
                lambda: (
                    history.render_notebook(second.doc)["cells"][1]["source"] == "x = 1\ny = 2\n"
                ),
                "the second recorder to catch up",
            )
        finally:
            await second.stop()
    finally:
        await typist.close()
    records = list(history.read_records(archive / "updates.bin"))
    assert len(records) == count + 1  # only the difference, never the whole document again
    assert history.notebook_at(archive, time.time())["cells"][1]["source"] == "x = 1\ny = 2\n"


async def test_recorder_keeps_what_the_server_lost(lab: Lab, tmp_path: Path) -> None:
    """The candidate deletes the server's ystore and the server restarts: the server starts a
    new document from the file; the archive still has every moment before, and records a reset
    instead of merging the two documents into duplicate cells."""
    archive = tmp_path / "archive" / "history"
    recorder = history.HistoryRecorder(server=lab.url, headers=lab.headers, directory=archive)
    typist = Typist(lab)
    try:
        recorder.start()
        await asyncio.wait_for(recorder.connected.wait(), 30)
        await typist.connect()
        typist.type("secret = 42\n")
        await until(lambda: lab.saved() == typist.sources(), "the server's autosave")
        typist.type("lost_on_the_server = True\n")
        expected = typist.sources()
        await until(
            lambda: (
                [c["source"] for c in history.render_notebook(recorder.doc)["cells"]] == expected
            ),
            "the recorder to see the typing",
        )
        before = time.time()
        await typist.close()
        lab.stop()
        (lab.root / ".jupyter_ystore.db").unlink()
        connections = recorder.connections
        await lab.start()
        await until(lambda: recorder.connections > connections, "the recorder to reconnect", 60)
        await asyncio.wait_for(recorder.connected.wait(), 30)
        await typist.connect()
        server_now = typist.sources()
        assert server_now[1] == "secret = 42\n"  # what the file had
    finally:
        await typist.close()
        await recorder.stop()
    kinds = [r.kind for r in history.read_records(archive / "updates.bin")]
    assert kinds.count(history.RESET) == 1
    assert [c["source"] for c in history.notebook_at(archive, before)["cells"]] == expected
    after = [c["source"] for c in history.notebook_at(archive, time.time())["cells"]]
    assert after == server_now  # one copy of each cell, no duplicates


async def test_server_manager_records_while_the_server_runs(lab_venv: Path, tmp_path: Path) -> None:
    """ServerManager's wiring: the recorder reaches the server the way write_notebook does
    (hub URL + /user/<owner>/interview/, the service's token) and writes the final snapshot
    into DATA_DIR/archive/<interview>/history/ when it stops."""
    interview = SimpleNamespace(public_id="pub123", server_name="iv-0123456789")
    (tmp_path / "server").mkdir()
    lab = Lab(lab_venv, tmp_path / "server", base_url=server_path(interview.server_name, SERVER))
    manager = ServerManager(
        hub=None,  # type: ignore[arg-type]  # record_history/stop_history never call the hub
        policy=ServerPolicy(enabled=True),
        schedule=SchedulePolicy(),
        public_hub_url=f"http://127.0.0.1:{lab.port}",
        token=lab.token,
        history_root=str(tmp_path / "data"),
    )
    typist = Typist(lab)
    try:
        manager.record_history(interview)  # type: ignore[arg-type]
        await lab.start()  # the recorder waits for the server and the notebook
        recorder = manager._recorders["pub123"]
        await asyncio.wait_for(recorder.connected.wait(), 60)
        await typist.connect()
        typist.type("print('hi')")
        await until(
            lambda: history.render_notebook(recorder.doc)["cells"][1]["source"] == "print('hi')",
            "the recorder to see the typing",
        )
        await manager.stop_history(interview)  # type: ignore[arg-type]
    finally:
        await typist.close()
        await manager.stop_history(interview)  # type: ignore[arg-type]
        lab.stop()
    folder = tmp_path / "data" / "archive" / "pub123" / "history"
    rendered = json.loads((folder / "interview.ipynb").read_text())
    assert rendered["cells"][1]["source"] == "print('hi')"
    assert history.notebook_at(folder, time.time())["cells"][1]["source"] == "print('hi')"


@pytest.fixture(scope="module")
def hub_platform(
    tmp_path_factory: pytest.TempPathFactory, singleuser_venv: str
) -> Iterator[Platform]:
    yield from servers_platform(tmp_path_factory, "history", singleuser_venv)


async def test_the_service_records_a_real_interview(hub_platform: Platform) -> None:
    """Real hub, proxy, service and BwrapSpawner: the service's own recorder (service token,
    through the proxy) archives what is typed and writes the final notebook when it ends."""
    platform = hub_platform
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    admin = login(platform, "admin", "admin-demo-pass")
    admin_token = admin.token("admin")
    body = {
        "title": "History",
        "date": "2027-11-02",
        "time": "10:00",
        "timezone": "UTC",
        "duration_min": 60,
        "candidate": "carol",
    }
    iid = alice.api("POST", "interviews", body).json()["interview"]["id"]
    set_clock(platform, START - timedelta(minutes=5))  # live
    deadline = time.monotonic() + 120
    while not (room := carol.api("POST", f"interviews/{iid}/server").json())["ready"]:
        assert time.monotonic() < deadline, room
        await asyncio.sleep(0.5)
    base = room["url"].split("lab/tree/")[0]
    folder = platform.data_dir / "archive" / iid / "history"
    await until(
        lambda: bool(list(history.read_records(folder / "updates.bin"))),
        "the service's recorder to join the room",
        60,
    )

    server = SimpleNamespace(
        url=f"{platform.url}{base}", headers={"Authorization": f"token {admin_token}"}
    )
    typist = Typist(server, user="carol")  # type: ignore[arg-type]
    try:
        await typist.connect()
        for chunk in ("total = 0\n", "for i in range(3):\n", "    total += i\n"):
            typist.type(chunk)
            expected = typist.sources()
            await until(
                lambda: (
                    # the records are on the service's clock (moved to the interview's day)
                    [c["source"] for c in history.notebook_at(folder, math.inf)["cells"]]
                    == expected  # noqa: B023 (awaited right here)
                ),
                f"the archive to hold {expected!r}",
            )
    finally:
        await typist.close()
    # the recorder learned who typed from the room's awareness: the playback names carol
    line = alice.api("GET", f"interviews/{iid}/playback").json()
    names = [a["name"] for a in line["authors"]]
    assert {"carol": "candidate"}.items() <= {a["name"]: a["role"] for a in line["authors"]}.items()
    typed = [step for step in line["steps"] if names[step[1]] == "carol"]
    assert len(typed) >= 3, line
    assert line["start"] > START.timestamp() - 3600  # the service's clock, not the host's
    assert alice.api("POST", f"interviews/{iid}/end").status_code == 200
    await until(lambda: (folder / "interview.ipynb").exists(), "the final snapshot", 30)
    final = json.loads((folder / "interview.ipynb").read_text())
    assert final["cells"][1]["source"] == "total = 0\nfor i in range(3):\n    total += i\n"
    # the archive is the service's: outside every server's directory, closed to other uids
    assert not folder.resolve().is_relative_to((platform.data_dir / "servers").resolve())
    assert folder.stat().st_uid == os.geteuid() and folder.stat().st_mode & 0o077 == 0
    for who in (alice, carol, admin):
        who.close()
