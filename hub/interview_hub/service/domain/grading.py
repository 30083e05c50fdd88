"""'Run tests' during an interview: queue the submission, keep the outcome, shape it per viewer.

Candidates see their visible tests in full and only pass/fail counts of hidden tests;
the panel sees which hidden tests failed (never their inputs in the candidate's browser).
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from ...grading.queue import GradingQueue, Job, Ticket
from ...grading.runner import GradeResult, Limits, TestCase
from ...problems.bank import Problem as BankProblem
from ...problems.checkers import checker_for
from ...problems.materialise import materialise
from ...problems.schema import GeneratedTest
from ..db.models import Problem, TestRun


def generated_tests(problem: Problem, cache_dir: Path | None) -> list[dict[str, str]]:
    """Build (once, cached by content) the big hidden tests kept as [[generated]] specs."""
    if not problem.generated:
        return []
    specs = [GeneratedTest(**spec) for spec in problem.generated]
    shim = SimpleNamespace(
        slug=problem.slug,
        generator=problem.generator,
        solutions=problem.solutions,
        meta=SimpleNamespace(generated=specs),
    )
    built = materialise(cast(BankProblem, shim), cache_dir)
    return [{"name": t.name, "input": t.input, "output": t.output} for t in built]


def tests_for(problem: Problem, generated: list[dict[str, str]] | None = None) -> list[TestCase]:
    hidden = [*problem.hidden, *(generated or [])]
    return [
        TestCase(input=t["input"], expected_output=t["output"], name=t["name"])
        for t in problem.visible
    ] + [
        TestCase(input=t["input"], expected_output=t["output"], name=t["name"], hidden=True)
        for t in hidden
    ]


async def job_for(
    problem: Problem, language: str, source: str, cache_dir: Path | None = None
) -> Job:
    generated = await asyncio.to_thread(generated_tests, problem, cache_dir)
    return Job(
        language=language,
        source=source,
        tests=tests_for(problem, generated),
        limits=Limits(time_s=problem.time_limit_s, memory_mb=problem.memory_limit_mb),
        checker=checker_for(problem.checker),
    )


def shape(result: dict[str, Any], staff: bool, visible: list[dict[str, str]]) -> dict[str, Any]:
    """The stored result as this viewer may see it."""
    inputs = {t["name"]: t for t in visible}
    shown_visible = []
    hidden = [t for t in result["tests"] if t["hidden"]]
    for test in result["tests"]:
        if test["hidden"]:
            continue
        case = inputs.get(test["name"], {})
        shown_visible.append(
            {
                "name": test["name"],
                "verdict": test["verdict"],
                "time_ms": test["time_ms"],
                "memory_kb": test["memory_kb"],
                "input": case.get("input", ""),
                "expected": case.get("output", ""),
                "stdout": test["stdout"][:4000],
                "stderr": test["stderr"][:2000],
            }
        )
    out: dict[str, Any] = {
        "verdict": result["verdict"],
        "compile_output": result["compile_output"],
        "visible": shown_visible,
        "hidden": {"passed": sum(t["verdict"] == "Accepted" for t in hidden), "total": len(hidden)},
    }
    if staff:
        out["hidden"]["tests"] = [
            {
                "name": t["name"],
                "verdict": t["verdict"],
                "time_ms": t["time_ms"],
                "memory_kb": t["memory_kb"],
            }
            for t in hidden
        ]
    return out


@dataclass
class GradeJob:
    id: int
    interview_id: int
    interview_public_id: str
    problem_slug: str
    language: str
    requested_by: str
    created_at: datetime
    ticket: Ticket
    visible: list[dict[str, str]]
    result: dict[str, Any] | None = None
    error: str | None = None

    @property
    def status(self) -> str:
        if self.result is not None:
            return "done"
        if self.error is not None:
            return "failed"
        return "running" if self.ticket.position == 0 else "queued"


@dataclass
class GradeJobs:
    """In-memory index of recent jobs; the outcome is also stored as a TestRun."""

    keep: int = 500
    cache_dir: Path | None = None
    jobs: dict[int, GradeJob] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def submit(
        self,
        queue: GradingQueue,
        problem: Problem,
        *,
        interview_id: int,
        interview_public_id: str,
        language: str,
        source: str,
        requested_by: str,
        now: datetime,
    ) -> GradeJob:
        ticket = await queue.submit(await job_for(problem, language, source, self.cache_dir))
        job = GradeJob(
            next(self._ids),
            interview_id,
            interview_public_id,
            problem.slug,
            language,
            requested_by,
            now,
            ticket,
            list(problem.visible),
        )
        self.jobs[job.id] = job
        while len(self.jobs) > self.keep:
            self.jobs.pop(next(iter(self.jobs)))
        return job

    async def finish(self, job: GradeJob) -> GradeResult | None:
        try:
            result = await job.ticket.result()
        except (asyncio.CancelledError, Exception) as exc:  # the sandbox itself failed
            job.error = f"Grading failed: {exc}"
            return None
        job.result = result.to_dict()
        return result


def test_run(job: GradeJob, source: str, result: GradeResult) -> TestRun:
    data = result.to_dict()
    visible = [t for t in data["tests"] if not t["hidden"]]
    hidden = [t for t in data["tests"] if t["hidden"]]
    return TestRun(
        interview_id=job.interview_id,
        problem_slug=job.problem_slug,
        language=job.language,
        requested_by=job.requested_by,
        source=source,
        verdict=data["verdict"],
        visible_passed=sum(t["verdict"] == "Accepted" for t in visible),
        visible_total=len(visible),
        hidden_passed=sum(t["verdict"] == "Accepted" for t in hidden),
        hidden_total=len(hidden),
        result=data,
        created_at=job.created_at,
    )
