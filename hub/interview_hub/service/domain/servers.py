"""Interview servers: one named server per interview, owned by the service's host account.

The service is the only holder of a powerful hub token. It starts the server a few minutes
before the interview (prewarm), shares it with the participants for the interview window only,
and revokes the shares and stops the server when the interview is over. A reconcile loop makes
the hub match the database, so a restart of either side converges again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import httpx
from jupyterhub.utils import subdomain_hook_idna
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session

from ...names import is_interview_account
from ..db.models import Interview, Problem
from ..hubapi import HubClient
from .interviews import SchedulePolicy, render_markdown, status_of
from .notebook_widget import control_cell

log = logging.getLogger("interviews.servers")

NOTEBOOK = "interview.ipynb"
KERNELS = {  # language → (kernelspec name, display name, file extension)
    "python": ("python3", "Python 3", ".py"),
    "c": ("c", "C17", ".c"),
    "cpp": ("cpp", "C++17", ".cpp"),
    "java": ("java", "Java 17", ".java"),
    "javascript": ("javascript", "JavaScript (Node.js)", ".js"),
    "typescript": ("typescript", "TypeScript", ".ts"),
    "go": ("go", "Go", ".go"),
    "rust": ("rust", "Rust", ".rs"),
}


#: the named server every interview account runs (``/user/<account>/interview/``)
SERVER = "interview"


@dataclass(frozen=True)
class ServerPolicy:
    enabled: bool = False
    owner_group: str = "interview-owners"
    prewarm: timedelta = timedelta(minutes=5)
    interval_s: float = 5.0


def new_server_name() -> str:
    """The interview's own hub account (``iv-`` + 10 hex digits), which owns its server."""
    name = "iv-" + secrets.token_hex(5)
    assert is_interview_account(name)
    return name


def server_path(owner: str, name: str) -> str:
    return f"/user/{quote(owner, safe='')}/{quote(name, safe='')}/"


def _cell(kind: str, cell_id: str, source: str) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


PY_RUNNER = """# Runs solution_{slug}.py (written by the cell above) on the visible tests.
import subprocess, sys
TESTS = {tests!r}
for name, given, expected in TESTS:
    run = subprocess.run([sys.executable, "solution_{slug}.py"], input=given, text=True,
                         capture_output=True, timeout=10)
    got = run.stdout.rstrip()
    ok = run.returncode == 0 and got.splitlines() == expected.rstrip().splitlines()
    print(f"{{'PASS' if ok else 'FAIL'}}  test {{name}}")
    if not ok:
        print("  input:   ", given.strip()[:200]); print("  expected:", expected.strip()[:200])
        print("  got:     ", (got or run.stderr.strip())[:200])
"""


def starter_notebook(interview: Interview, problems: list[Any] | None = None) -> dict[str, Any]:
    """The interview notebook: the brief, then per problem its statement, starter code in the
    interview's language and its visible tests. Never hidden tests or solutions."""
    kernel, display, ext = KERNELS.get(interview.language, KERNELS["python"])
    intro = f"# {interview.title}\n\n{interview.description}".strip()
    cells = [_cell("markdown", "brief", intro)]
    for problem in problems or []:
        slug = problem.slug
        cells.append(_cell("markdown", f"{slug}-statement", problem.statement))
        starter = problem.starters.get(interview.language, "")
        visible = [(t["name"], t["input"], t["output"]) for t in problem.visible]
        if interview.language == "python":
            cells.append(
                _cell("code", f"{slug}-solution", f"%%writefile solution_{slug}.py\n" + starter)
            )
            cells.append(_cell("code", f"{slug}-tests", PY_RUNNER.format(slug=slug, tests=visible)))
        else:
            cells.append(_cell("code", f"{slug}-solution", starter))
            shown = "\n\n".join(
                f"**Test {n}**\n\n```\n{i.strip()}\n```\n\nexpected\n\n```\n{o.strip()}\n```"
                for n, i, o in visible
            )
            cells.append(
                _cell(
                    "markdown",
                    f"{slug}-tests",
                    "Visible tests (run them with **Run tests** in the Problem "
                    "panel; use `%%stdin` at the top of a cell to try an input):"
                    f"\n\n{shown}",
                )
            )
    if len(cells) == 1:
        cells.append(_cell("code", "solution", ""))
    elif interview.language == "python":
        cells.append(control_cell(interview.public_id, interview.language, problems or []))
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": kernel, "display_name": display, "language": interview.language},
            "language_info": {"name": interview.language, "file_extension": ext},
            "interview": {"id": interview.public_id},
        },
        "cells": cells,
    }


_DOES_NOT_EXIST = re.compile(r"file or directory\b.{0,300}?\bdoes not exist")


def file_absent(response: httpx.Response) -> bool:
    """Whether ``response`` is Jupyter Server's contents API saying the file does not exist (a
    404 whose body says ``file or directory '…' does not exist``), not a 404 or error page of
    the hub or the proxy."""
    return response.status_code == 404 and bool(_DOES_NOT_EXIST.search(response.text[:500]))


def _done(response: httpx.Response, what: str, interview: Interview) -> bool:
    """Whether the interview server did ``what`` (200/201); else logged."""
    if response.status_code in (200, 201):
        return True
    log.warning(
        "could not %s for %s: %s %s",
        what,
        interview.public_id,
        response.status_code,
        response.text[:200],
    )
    return False


def problems_of(interview: Interview, session: Session | None = None) -> list[Problem]:
    """The interview's problems from the bank, in the interview's order."""
    session = session or object_session(interview)
    slugs = list(interview.problems or [])
    if session is None or not slugs:
        return []
    chosen = list(session.scalars(select(Problem).where(Problem.slug.in_(slugs))))
    chosen.sort(key=lambda p: slugs.index(p.slug))
    return chosen


@dataclass
class ServerManager:
    hub: HubClient
    policy: ServerPolicy
    schedule: SchedulePolicy
    public_hub_url: str
    token: str
    #: the platform's public URL (PUBLIC_URL) and, when the hub routes servers by host,
    #: SUBDOMAIN_HOST: each interview server then has an origin of its own
    public_url: str = ""
    subdomain_host: str = ""
    _granted: dict[str, set[str]] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    _owners: set[str] = field(default_factory=set)
    #: names given out in this process, by interview id, until a session commits one
    _names: dict[int, str] = field(default_factory=dict)
    #: the edit history of each running interview, recorded outside the sandbox (history.py)
    history_root: str = field(default_factory=lambda: os.environ.get("DATA_DIR", ".data"))
    #: the service's clock (UNIX seconds) for history records, so that they line up with the
    #: test runs and notes on the playback timeline
    clock: Callable[[], float] = time.time
    _recorders: dict[str, Any] = field(default_factory=dict)
    #: owners whose running server has its notebook, kernel and recorder (``prepare_room``)
    _prepared: set[str] = field(default_factory=set)
    _preparing: dict[str, asyncio.Lock] = field(default_factory=dict)

    async def setup(self) -> None:
        return None

    def owner_of(self, interview: Interview) -> str:
        """The hub account that owns the interview's server: one account per interview, so
        that with SUBDOMAIN_HOST every interview has an origin of its own."""
        return self.assign_name(interview)

    def server_url(self, interview: Interview) -> str:
        """Where browsers open the interview's server: an absolute URL on its own origin with
        SUBDOMAIN_HOST, else a path on the platform's origin."""
        path = server_path(self.owner_of(interview), SERVER)
        return f"{self.server_origin(interview)}{path}" if self.subdomain_host else path

    async def ensure_owner(self, interview: Interview) -> str:
        """Create the interview's hub account (member of the owners' group) once. An existing
        account is used only if it already is an interview owner: a person's account never
        owns an interview server."""
        owner = self.owner_of(interview)
        if owner in self._owners:
            return owner
        user = await self.hub.get_user(owner)
        if user is None:
            await self.hub.create_user(owner)
            await self.hub.set_groups(owner, [self.policy.owner_group], [])
        elif self.policy.owner_group not in (user.get("groups") or []):
            raise RuntimeError(
                f"the hub account {owner!r} exists and is not in {self.policy.owner_group!r}: "
                "refusing to run an interview server as it"
            )
        self._owners.add(owner)
        return owner

    def server_origin(self, interview: Interview) -> str:
        """The browser origin of the interview's server (scheme://host[:port]): the owner's
        subdomain of SUBDOMAIN_HOST when set, else the platform's public origin. Pages of
        the service that the room embeds allow exactly this origin to frame them and to talk
        to them with postMessage."""
        if self.subdomain_host:
            url = urlparse(self.subdomain_host)
            host = subdomain_hook_idna(self.owner_of(interview), url.hostname or "", "user")
            port = f":{url.port}" if url.port else ""
            return f"{url.scheme}://{host}{port}"
        url = urlparse(self.public_url or self.public_hub_url)
        return f"{url.scheme}://{url.netloc}"

    def assign_name(self, interview: Interview) -> str:
        if not interview.server_name:
            # the reconcile loop and a join request can reach a new interview in two sessions
            # before either commits: both must pick the same account, or the server starts
            # under one name while the row keeps the other
            interview.server_name = self._names.setdefault(interview.id, new_server_name())
        return interview.server_name

    async def ensure_running(self, interview: Interview, now: datetime) -> bool:
        """Start the interview's server if needed; True once the hub reports it ready."""
        owner = await self.ensure_owner(interview)
        model = await self.hub.server_model(owner, SERVER)
        if model and model.get("ready"):
            return True
        if not model or not model.get("pending"):
            log.info("starting server %s for interview %s", owner, interview.public_id)
            self._prepared.discard(owner)  # a new server: its kernel is to be started again
            await self.hub.start_server(owner, SERVER)
            interview.server_started_at = interview.server_started_at or now
            interview.server_stopped_at = None
        return False

    async def ensure_shared(self, interview: Interview, users: list[str]) -> None:
        owner = self.owner_of(interview)
        granted = self._granted.setdefault(owner, set())
        for user in users:
            if user not in granted:
                await self.hub.share(owner, SERVER, user)
                granted.add(user)

    async def shutdown(self, interview: Interview, now: datetime) -> None:
        """Revoke every share, then stop the server (access ends before the stop finishes)."""
        owner = interview.server_name
        if not owner:
            return
        await self.hub.revoke(owner, SERVER)
        self._granted.pop(owner, None)
        await self.stop_history(interview)  # the final snapshot, while the server still runs
        await self.hub.stop_server(owner, SERVER)
        interview.server_stopped_at = now
        log.info("stopped server %s of interview %s", owner, interview.public_id)

    def _server_request(self, interview: Interview, path: str) -> tuple[str, dict[str, str]]:
        """The URL of ``path`` on the interview's server, and the headers the service sends."""
        owner = self.owner_of(interview)
        url = f"{self.public_hub_url.rstrip('/')}{server_path(owner, SERVER)}{path}"
        headers = {"Authorization": f"token {self.token}"}
        if self.subdomain_host:
            # the proxy routes by host: ask for the interview's own host
            headers["Host"] = urlparse(self.server_origin(interview)).netloc
        return url, headers

    async def prepare_room(
        self, interview: Interview, problems: list[Any] | None = None, *, wait_s: float = 60.0
    ) -> None:
        """Once the server is ready (at prewarm, or on the first join if that came first): the
        notebook written, its kernel started and the history recorder in its room. A
        participant's JupyterLab then joins a room already in memory and a kernel already
        running (it connects to the notebook's session instead of starting one), so the first
        join does not pay for a kernel's start on the same CPUs as JupyterLab's own.

        Never raises and never takes longer than ``wait_s``: a join must not hang on a slow or
        failing server (what was not done is done on the next reconcile or join; a kernel
        still starting is found by its session then)."""
        owner = self.owner_of(interview)
        # the reconcile loop and a join can prepare at once: one at a time, so that both never
        # see the notebook missing and write it twice
        lock = self._preparing.setdefault(owner, asyncio.Lock())
        try:
            async with asyncio.timeout(wait_s):
                async with lock:
                    if owner in self._prepared:
                        return
                    if await self.write_notebook(interview, problems):
                        self.record_history(interview)
                        if await self.start_kernel(interview):
                            self._prepared.add(owner)
        except (TimeoutError, httpx.HTTPError) as error:
            log.warning(
                "preparing the room of %s is not finished (%r); trying again later",
                interview.public_id,
                error,
            )

    async def write_notebook(self, interview: Interview, problems: list[Any] | None = None) -> bool:
        """Create the interview notebook through the server's contents API (once); whether it
        is there."""
        url, headers = self._server_request(interview, f"api/contents/{NOTEBOOK}")
        async with httpx.AsyncClient(timeout=20) as client:
            existing = await client.get(url, headers=headers, params={"content": "0"})
            if existing.status_code == 200:
                return True
            if not file_absent(existing):
                # anything but the server's own "does not exist" (the proxy without its route
                # after a restart, the hub's answer for a server coming up, a 5xx): writing now
                # could replace the notebook the participants are editing (the room reloads a
                # file changed on disk), so try again later
                log.info(
                    "not writing %s for %s yet: the server answered %s",
                    NOTEBOOK,
                    interview.public_id,
                    existing.status_code,
                )
                return False
            body = {
                "type": "notebook",
                "format": "json",
                "content": starter_notebook(interview, problems),
            }
            response = await client.put(url, headers=headers, content=json.dumps(body))
            return _done(response, f"write {NOTEBOOK}", interview)

    async def start_kernel(self, interview: Interview) -> bool:
        """Start the notebook's kernel as a session on its path (unless one is there): the
        session JupyterLab looks for when it opens the notebook. Whether one runs."""
        url, headers = self._server_request(interview, "api/sessions")
        kernel = KERNELS.get(interview.language, KERNELS["python"])[0]
        async with httpx.AsyncClient(timeout=60) as client:
            listed = await client.get(url, headers=headers)
            if listed.status_code == 200 and any(
                s.get("path") == NOTEBOOK for s in listed.json() if isinstance(s, dict)
            ):
                return True
            body = {
                "path": NOTEBOOK,
                "name": NOTEBOOK,
                "type": "notebook",
                "kernel": {"name": kernel},
            }
            response = await client.post(url, headers=headers, content=json.dumps(body))
            return _done(response, f"start the {kernel} kernel", interview)

    async def reconcile(self, session: Session, now: datetime) -> None:
        """Make the hub match the interviews: prewarm, share while live, stop when over."""
        if not self.policy.enabled:
            return
        async with self._lock:
            horizon = now + self.policy.prewarm + self.schedule.join_window
            stmt = select(Interview).where(
                Interview.starts_at <= horizon,
                or_(Interview.server_stopped_at.is_(None), Interview.server_name.is_(None)),
                Interview.starts_at >= now - timedelta(days=2),
            )
            for interview in list(session.scalars(stmt)):
                try:
                    await self._reconcile_one(interview, now)
                except Exception:  # one bad interview must not stop the others
                    log.exception("reconciling interview %s failed", interview.public_id)
                # what this interview changed is saved now: a transaction left open across the
                # next interview's requests to the hub and its server would hold SQLite's
                # write lock for that long, and a request writing meanwhile would wait on it
                try:
                    session.commit()
                except Exception:  # (a failed flush: the next interviews still get their turn)
                    session.rollback()
                    log.exception("saving interview %s failed", interview.public_id)

    async def _reconcile_one(self, interview: Interview, now: datetime) -> None:
        status = status_of(interview, now, self.schedule)
        if status in ("upcoming", "live"):
            ready = await self.ensure_running(interview, now)
            if ready and self.owner_of(interview) not in self._prepared:
                # (no problem query on every 5 s tick once the room is prepared)
                await self.prepare_room(interview, problems_of(interview))
            if status == "live":
                await self.ensure_shared(interview, [p.username for p in interview.participants])
                await self._revoke_removed(interview)
        elif interview.server_name and interview.server_stopped_at is None:
            await self.shutdown(interview, now)
        elif not interview.server_name:
            interview.server_stopped_at = now  # never started: nothing to do any more

    # --- edit history (domain/history.py) ------------------------------------------------------

    def record_history(self, interview: Interview) -> None:
        """Join the notebook's room and archive its updates (once per interview; the recorder
        waits for the notebook, reconnects after server restarts and resumes its archive)."""
        if interview.public_id in self._recorders:
            return
        try:  # never in the way of sharing and stopping: a failure is logged and retried
            from .history import HistoryRecorder  # needs pycrdt (only with servers on)

            headers = {"Authorization": f"token {self.token}"}
            if self.subdomain_host:
                headers["Host"] = urlparse(self.server_origin(interview)).netloc
            owner = self.owner_of(interview)
            base = f"{self.public_hub_url.rstrip('/')}{server_path(owner, SERVER)}"
            folder = Path(self.history_root).resolve() / "archive" / interview.public_id
            recorder = HistoryRecorder(
                server=base,
                headers=headers,
                directory=folder / "history",
                path=NOTEBOOK,
                clock=self.clock,
            )
            self._recorders[interview.public_id] = recorder.start()
        except Exception:
            log.exception("cannot record the history of %s", interview.public_id)

    async def stop_history(self, interview: Interview) -> None:
        recorder = self._recorders.pop(interview.public_id, None)
        if recorder is not None:
            try:
                await recorder.stop()
            except Exception:
                log.exception("final history snapshot of %s failed", interview.public_id)

    async def _revoke_removed(self, interview: Interview) -> None:
        owner = interview.server_name
        if not owner:
            return
        wanted = {p.username for p in interview.participants}
        for user in await self.hub.shares(owner, SERVER) - wanted:
            await self.hub.revoke(owner, SERVER, user)
            self._granted.get(owner, set()).discard(user)


def describe_for_room(interview: Interview) -> dict[str, str]:
    return {"title": interview.title, "description_html": render_markdown(interview.description)}
