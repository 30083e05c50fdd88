"""A bounded grading queue: at most ``workers`` submissions run at once (≤ cores), FIFO, and
every waiting submission can tell its position."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .runner import Grader, GradeResult, Limits, TestCase
from .verdicts import Checker


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)))


@dataclass
class Job:
    language: str
    source: str
    tests: Sequence[TestCase]
    limits: Limits | None = None
    stop_on_failure: bool = False
    checker: Checker | None = None  # (expected, actual) -> bool; default: exact lines


@dataclass(eq=False)
class Ticket:
    """A queued submission: ``position`` is 1 for the next to run, 0 once running."""

    id: int
    job: Job
    queue: GradingQueue
    future: asyncio.Future[GradeResult] = field(repr=False)
    running: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def position(self) -> int:
        return 0 if self.running or self.future.done() else self.queue._position(self)

    async def result(self) -> GradeResult:
        return await asyncio.shield(self.future)

    async def wait_position_change(self) -> int:
        """Wait until the position changes (or the job finishes); return the new position."""
        self.changed.clear()
        if not self.future.done():
            waiter: asyncio.Future[Any] = asyncio.ensure_future(self.changed.wait())
            pending: set[asyncio.Future[Any]] = {waiter, self.future}
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
        return self.position

    def cancel(self) -> bool:
        """Withdraw a waiting submission (a running one finishes)."""
        if self.running or self.future.done():
            return False
        self.queue._withdraw(self)
        self.future.cancel()
        return True


class GradingQueue:
    def __init__(self, grader: Grader, workers: int | None = None) -> None:
        cores = default_workers()
        self.grader = grader
        self.workers = max(1, min(workers or cores, cores))
        self._waiting: list[Ticket] = []
        self._wakeup = asyncio.Condition()
        self._tasks: list[asyncio.Task[None]] = []
        self._ids = itertools.count(1)
        self.on_position: Callable[[Ticket, int], Awaitable[None] | None] | None = None

    async def start(self) -> None:
        if not self._tasks:
            self._tasks = [asyncio.create_task(self._worker()) for _ in range(self.workers)]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        for ticket in self._waiting:
            ticket.future.cancel()
        self._waiting.clear()

    async def __aenter__(self) -> GradingQueue:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def submit(self, job: Job) -> Ticket:
        await self.start()
        future: asyncio.Future[GradeResult] = asyncio.get_running_loop().create_future()
        ticket = Ticket(next(self._ids), job, self, future)
        async with self._wakeup:
            self._waiting.append(ticket)
            self._wakeup.notify()
        return ticket

    async def grade(self, job: Job) -> GradeResult:
        return await (await self.submit(job)).result()

    def _position(self, ticket: Ticket) -> int:
        try:
            return self._waiting.index(ticket) + 1
        except ValueError:
            return 0

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _withdraw(self, ticket: Ticket) -> None:
        if ticket in self._waiting:
            self._waiting.remove(ticket)
            self._moved()

    def _moved(self) -> None:
        for ticket in self._waiting:
            ticket.changed.set()

    async def _worker(self) -> None:
        while True:
            async with self._wakeup:
                await self._wakeup.wait_for(lambda: bool(self._waiting))
                ticket = self._waiting.pop(0)
            ticket.running = True
            ticket.changed.set()
            self._moved()
            job = ticket.job
            try:
                result = await self.grader.grade(
                    job.language,
                    job.source,
                    job.tests,
                    job.limits,
                    stop_on_failure=job.stop_on_failure,
                    checker=job.checker,
                )
            except asyncio.CancelledError:
                ticket.future.cancel()
                raise
            except Exception as error:
                if not ticket.future.done():
                    ticket.future.set_exception(error)
            else:
                if not ticket.future.done():
                    ticket.future.set_result(result)
