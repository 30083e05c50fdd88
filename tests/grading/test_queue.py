"""The grading queue: workers ≤ cores, FIFO, positions, cancellation, errors; then real grading."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from typing import Any

import pytest

from interview_hub.grading import Grader, GradeResult, GradingQueue, Job, TestCase, Verdict
from interview_hub.grading.queue import default_workers


class StubGrader:
    """Grades instantly once released; records how many ran at once."""

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.order: list[str] = []
        self.release = asyncio.Event()

    async def grade(
        self, language: str, source: str, tests: Sequence[TestCase], *a: Any, **k: Any
    ) -> GradeResult:
        self.running += 1
        self.peak = max(self.peak, self.running)
        self.order.append(source)
        try:
            await self.release.wait()
            if source == "boom":
                raise RuntimeError("grader broke")
            return GradeResult(language, Verdict.ACCEPTED)
        finally:
            self.running -= 1


def _job(source: str) -> Job:
    return Job("python", source, [TestCase()])


def test_workers_never_exceed_cores() -> None:
    cores = len(os.sched_getaffinity(0))
    assert default_workers() == cores
    assert GradingQueue(StubGrader(), workers=64).workers == cores  # type: ignore[arg-type]
    assert GradingQueue(StubGrader(), workers=1).workers == 1  # type: ignore[arg-type]


async def test_positions_order_and_concurrency() -> None:
    stub = StubGrader()
    async with GradingQueue(stub, workers=1) as queue:  # type: ignore[arg-type]
        tickets = [await queue.submit(_job(f"s{i}")) for i in range(4)]
        first = tickets[0]
        while not first.running:
            await first.wait_position_change()
        assert [t.position for t in tickets] == [0, 1, 2, 3]
        assert queue.waiting == 3
        assert tickets[2].cancel() is True and first.cancel() is False
        assert [t.position for t in (tickets[1], tickets[3])] == [1, 2]
        last = tickets[3]
        stub.release.set()
        seen = []
        while last.position:
            seen.append(await last.wait_position_change())
        results = [await t.result() for t in (tickets[0], tickets[1], tickets[3])]
        assert all(r.verdict is Verdict.ACCEPTED for r in results)
        assert seen[-1] == 0
        assert stub.order == ["s0", "s1", "s3"] and stub.peak == 1
        with pytest.raises(asyncio.CancelledError):
            await tickets[2].result()


async def test_parallel_workers_and_errors() -> None:
    stub = StubGrader()
    async with GradingQueue(stub, workers=2) as queue:  # type: ignore[arg-type]
        tickets = [await queue.submit(_job(s)) for s in ("a", "boom", "c", "d")]
        while stub.running < 2:
            await tickets[1].wait_position_change()
        assert stub.peak == 2 and tickets[2].position == 1
        stub.release.set()
        with pytest.raises(RuntimeError, match="grader broke"):
            await tickets[1].result()
        assert (await tickets[3].result()).verdict is Verdict.ACCEPTED
    assert stub.peak <= 2


async def test_real_submissions_through_the_queue(grader: Grader) -> None:
    async with GradingQueue(grader) as queue:
        jobs = [Job("python", f"print({i} * 2)", [TestCase("", str(i * 2))]) for i in range(6)]
        tickets = [await queue.submit(job) for job in jobs]
        assert max(t.position for t in tickets) >= 6 - queue.workers
        results = await asyncio.gather(*(t.result() for t in tickets))
    assert [r.verdict for r in results] == [Verdict.ACCEPTED] * 6
