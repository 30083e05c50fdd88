"""Streaming parts that need no model: the section tracker, the early stop after the fix, the
stage/section callbacks, the per-review token cap and the review job's event log."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import pytest

from interview_hub.review import compose
from interview_hub.review.compose import (
    SECTIONS,
    FixCheck,
    SectionTracker,
    max_tokens_for,
    write_review,
)
from interview_hub.review.providers import Message, ReviewQueue
from interview_hub.service.domain.review_jobs import ReviewJob, ReviewJobs
from tests.review.golden import problem

from .test_units import ANSWER, _evidence

RAMBLE = "\n\nSome more words the model should never be asked to write."
FIXED = (
    "## Summary\nFails hidden 01.\n## Correctness\nWrong for all negative.\n## Complexity\n"
    "O(n).\n## Code quality\nFine.\n## Edge cases\nEmpty input.\n## Proposed fix\n"
    "```python\nprint(1)\n```" + RAMBLE
)


def test_tracker_completes_sections_in_order_as_text_streams() -> None:
    tracker = SectionTracker()
    done: list[str] = []
    for ch in ANSWER:
        done += [name for name, _ in tracker.feed(ch)]
    assert done == list(SECTIONS[:-1])  # the last one is open until the stream ends
    assert tracker.fix_written
    done += [name for name, _ in tracker.close()]
    assert done == list(SECTIONS)
    assert not SectionTracker().fix_written


def test_the_token_cap_grows_with_the_code_and_is_bounded() -> None:
    assert max_tokens_for("x" * 100) < max_tokens_for("x" * 1000) <= compose.MAX_TOKENS
    assert max_tokens_for("x" * 100_000) == compose.MAX_TOKENS


class FakeProvider:
    """Streams ``answer`` in small pieces; records the cap and whether it was closed early."""

    name = "fake"
    model_id = "fake-model"

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.queue = ReviewQueue()
        self.sent = 0
        self.closed_early = False
        self.max_tokens: int | None = None

    async def stream(
        self, messages: list[Message], *, max_tokens: int | None = None
    ) -> AsyncGenerator[str, None]:
        self.max_tokens = max_tokens
        try:
            for i in range(0, len(self.answer), 3):
                self.sent = i + 3
                yield self.answer[i : i + 3]
                await asyncio.sleep(0)
        except GeneratorExit:
            self.closed_early = True
            raise


async def test_write_review_streams_sections_and_stops_after_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked: list[str] = []

    async def fake_check(problem: Any, language: str, fix: str, grader: Any, **_: Any) -> FixCheck:
        checked.append(fix)
        return FixCheck(status="fails 2 tests", passed=8, total=10)

    monkeypatch.setattr(compose, "check_fix", fake_check)
    provider = FakeProvider(FIXED)
    stages: list[str] = []
    sections: list[str] = []
    pieces: list[str] = []
    written = await write_review(
        provider,  # type: ignore[arg-type]
        problem("best-subarray-sum"),
        "python",
        "print(0)\n",
        _evidence(),
        None,  # type: ignore[arg-type]
        on_text=pieces.append,
        on_stage=stages.append,
        on_section=lambda name, _: sections.append(name),
    )
    assert provider.closed_early and "never be asked" not in written.raw
    assert written.timings["stopped_after_fix"] == 1
    assert provider.max_tokens == max_tokens_for("print(0)\n")
    assert stages == ["writing", "checking_fix"]
    assert sections == list(SECTIONS)
    assert "".join(pieces) == written.raw and written.missing == []
    assert checked == ["print(1)\n"]
    assert "Checked in the grading sandbox: fails 2 tests." in written.text


async def test_no_fix_no_check() -> None:
    provider = FakeProvider("## Summary\nAll good.\n## Proposed fix\nNo fix needed.\n")
    stages: list[str] = []
    written = await write_review(
        provider,  # type: ignore[arg-type]
        problem("best-subarray-sum"),
        "python",
        "print(0)\n",
        _evidence(),
        None,  # type: ignore[arg-type]
        on_stage=stages.append,
    )
    assert stages == ["writing"] and written.fix is None and written.fix_check is None
    assert not provider.closed_early


async def test_a_job_replays_its_events_to_late_and_resuming_subscribers() -> None:
    job = ReviewJob(7, "abc")
    job.emit("status", status="queued")
    job.emit("evidence", evidence={}, seconds=0.1)
    backlog, queue = job.subscribe()
    assert [e["type"] for e in backlog] == ["status", "evidence"] and queue.empty()
    job.emit("queue", position=1)
    assert job.last_position == 1
    job.emit("token", text="Hi")
    job.emit("status", status="writing")
    assert job.last_position == 0
    job.emit("done", review={})
    live = [queue.get_nowait()["type"] for _ in range(queue.qsize())]
    assert live == ["queue", "token", "status", "done"] and job.finished
    resumed, _ = job.subscribe(after=3)
    assert [e["id"] for e in resumed] == [4, 5]
    job.unsubscribe(queue)


async def test_jobs_report_failures_and_are_cancelled_at_shutdown() -> None:
    jobs = ReviewJobs()
    failing = ReviewJob(1, "abc")

    async def boom(job: ReviewJob) -> None:
        raise RuntimeError("no sandbox")

    jobs.start(failing, boom)
    _, queue = failing.subscribe()
    event = await queue.get()
    assert event["type"] == "error" and "no sandbox" in event["message"]

    stuck = ReviewJob(2, "abc")
    forever = asyncio.Event()

    async def wait(job: ReviewJob) -> None:
        await forever.wait()

    jobs.start(stuck, wait)
    assert [j.review_id for j in jobs.running()] == [2]
    await jobs.drain()
    assert jobs.get(2) is stuck


async def test_sections_the_model_skipped_are_shown_from_the_evidence() -> None:
    """The review always has every heading; the ones the model left out say so and carry the
    measured evidence (here: the complexity estimate and the first failing test)."""
    provider = FakeProvider(
        "## Summary\nFails hidden 01.\n## Correctness\nWrong for all negative.\n"
        "## Code quality\nFine.\n## Proposed fix\nNo fix needed.\n"
    )
    written = await write_review(
        provider,  # type: ignore[arg-type]
        problem("best-subarray-sum"),
        "python",
        "print(0)\n",
        _evidence(),
        None,  # type: ignore[arg-type]
    )
    assert written.missing == ["Complexity", "Edge cases"]
    text = written.text
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS)
    complexity = text.split("## Complexity", 1)[1].split("## ", 1)[0]
    assert "did not write this section" in complexity
    assert "grows like n" in complexity and "Expected O(n)" in complexity
    edge = text.split("## Edge cases", 1)[1].split("## ", 1)[0]
    assert "hidden 01" in edge and "-5 -2 -9" in edge
    # what the model did write is kept as written, without the note
    summary = text.split("## Summary", 1)[1].split("## ", 1)[0]
    assert summary.strip() == "Fails hidden 01." and "did not write" not in summary
    assert "The model left out: Complexity, Edge cases" in text


async def test_a_reply_without_headings_is_shown_as_is() -> None:
    written = await write_review(
        FakeProvider("The code looks fine to me."),  # type: ignore[arg-type]
        problem("best-subarray-sum"),
        "python",
        "print(0)\n",
        _evidence(),
        None,  # type: ignore[arg-type]
    )
    assert written.sections == {} and written.text == "The code looks fine to me."
