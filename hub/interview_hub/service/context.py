"""What every handler needs, built once by the application and handed over in settings."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..grading.queue import GradingQueue
from ..grading.runner import Grader
from .db.session import Database
from .domain.clock import Clock
from .domain.grading import GradeJobs
from .domain.interviews import SchedulePolicy
from .domain.mail import Mailer, SMTPSettings
from .domain.people import Identity, RolePolicy
from .domain.review_jobs import ReviewJobs
from .domain.servers import ServerManager
from .events import EventHub
from .hubapi import HubClient


@dataclass
class ServiceContext:
    db: Database
    hub: HubClient
    policy: RolePolicy
    link_secret: str
    public_url: str
    hub_prefix: str = "/hub/"
    service_prefix: str = "/services/interviews/"
    identity_ttl_s: float = 10.0
    data_dir: Path = field(default_factory=lambda: Path(".data"))
    native_auth: bool = True
    clock: Clock = field(default_factory=Clock)
    schedule: SchedulePolicy = field(default_factory=SchedulePolicy)
    mailer: Mailer = field(default_factory=lambda: Mailer(SMTPSettings()))
    events: EventHub = field(default_factory=EventHub)
    servers: ServerManager | None = None
    grade_jobs: GradeJobs = field(default_factory=GradeJobs)
    review_jobs: ReviewJobs = field(default_factory=ReviewJobs)
    _grading: GradingQueue | None = None
    _grading_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _identities: dict[str, tuple[float, Identity]] = field(default_factory=dict)

    async def identity(self, name: str) -> Identity:
        """Admin flag and email of a hub user, cached for a few seconds."""
        cached = self._identities.get(name)
        now = time.monotonic()
        if cached and now - cached[0] < self.identity_ttl_s:
            return cached[1]
        model = await self.hub.get_user(name) or {}
        identity = identity_from_model(name, model)
        self._identities[name] = (now, identity)
        return identity

    def forget(self, name: str) -> None:
        self._identities.pop(name, None)

    @property
    def meeting_base(self) -> str:
        return f"{self.public_url.rstrip('/')}{self.service_prefix}m/"

    def background(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run ``coro`` after the response; keep a reference so it is not collected."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def grading(self) -> GradingQueue:
        """The shared grading queue (workers ≤ cores), built on first use."""
        async with self._grading_lock:
            if self._grading is None:
                grader = await asyncio.to_thread(Grader)
                queue = GradingQueue(grader)
                await queue.start()
                self._grading = queue
        return self._grading

    async def reconcile_now(self) -> None:
        """Bring interview servers in line with the interviews (prewarm, share, stop)."""
        if self.servers is None:
            return
        with self.db.session() as session:
            await self.servers.reconcile(session, self.clock.now())

    async def reconcile_forever(self) -> None:
        if self.servers is None or not self.servers.policy.enabled:
            return
        while True:
            try:
                await self.reconcile_now()
            except Exception:  # the loop must survive a hub restart or a database hiccup
                logging.getLogger("interviews.servers").exception("reconcile failed")
            await asyncio.sleep(self.servers.policy.interval_s)

    async def purge_forever(self, interval_s: float = 3600.0) -> None:
        """Delete interview files past the retention period, hourly."""
        from .domain.retention import purge_expired

        while True:
            try:
                with self.db.session() as session:
                    purge_expired(session, self.data_dir, self.clock.now())
            except Exception:
                logging.getLogger("interviews.retention").exception("purge failed")
            await asyncio.sleep(interval_s)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.review_jobs.drain()
        if self._grading is not None:
            await self._grading.stop()


def identity_from_model(name: str, model: dict[str, Any]) -> Identity:
    state = model.get("auth_state") or {}
    email = str(state.get("email") or "")
    verified = bool(state.get("email_verified"))
    oauth_user = state.get("oauth_user") or {}
    if not email and isinstance(oauth_user, dict):
        email = str(oauth_user.get("email") or "")
        verified = bool(oauth_user.get("email_verified") or oauth_user.get("verified_email"))
    return Identity(
        name=name,
        admin=bool(model.get("admin")),
        email=email,
        email_verified=verified,
        groups=tuple(model.get("groups") or ()),
    )
