"""``gather_evidence``: tests, linters, timing and metrics for one submission, side by side.

Three strands run at once on the grader's sandbox: the tests (``correctness``), this review's
own workspace (a compile with warnings, then timed runs on generated inputs: ``workbench`` and
``ladder``) and, on the host, ruff and lizard, which only parse the text.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeVar

from ..grading import Grader
from ..problems import Problem
from .complexity import expected_class
from .correctness import run_tests
from .diagnostics import ruff_findings
from .inputs import InputCache
from .ladder import measure_complexity
from .metrics import code_metrics
from .models import ComplexityEvidence, Evidence, LintEvidence
from .summary import summarise
from .workbench import Built, Workbench, open_workbench

T = TypeVar("T")
SAFETY_S = 0.1  # left for the fit and the summary
CHECK_GRACE_S = 0.5  # the extra checker (go vet) may end this long after the budget
MIN_CUTOFF_S = 0.2

_inputs: InputCache | None = None


def default_inputs() -> InputCache:
    """The process-wide generated-input cache (under ``default_cache_dir()``)."""
    global _inputs
    if _inputs is None:
        _inputs = InputCache()
    return _inputs


def cutoff_for(problem: Problem, time_budget_s: float) -> float:
    """CPU seconds one timed run may take: a sixth of the budget, at most the time limit."""
    return max(MIN_CUTOFF_S, min(problem.time_limit_s, time_budget_s / 6))


async def gather_evidence(
    problem: Problem,
    language: str,
    source: str,
    grader: Grader,
    *,
    time_budget_s: float = 3.0,
    inputs: InputCache | None = None,
    cache_dir: Path | None = None,
    include_generated: bool = True,
    complexity: bool = True,
    max_n: int | None = None,
) -> Evidence:
    """Evidence for ``source`` in ``language`` against ``problem``.

    ``time_budget_s`` bounds the timing runs (they stop early rather than overrun); the tests
    always run to the end. ``cache_dir`` is where ``[[generated]]`` tests are materialised
    (default: ``default_cache_dir()``); ``include_generated=False`` leaves them out.
    ``max_n`` overrides the largest size timed (default: the problem's largest test).
    """
    started = time.perf_counter()
    deadline = started + time_budget_s - SAFETY_S
    if language not in grader.languages:
        raise ValueError(f"unknown language {language!r}")
    timings: dict[str, float] = {}

    async def timed(name: str, awaitable: Awaitable[T]) -> T:
        began = time.perf_counter()
        try:
            return await awaitable
        finally:
            timings[name] = round(time.perf_counter() - began, 3)

    tests_task = asyncio.create_task(
        timed(
            "tests",
            run_tests(
                problem,
                language,
                source,
                grader,
                cache_dir=cache_dir,
                include_generated=include_generated,
            ),
        )
    )
    bench_task = asyncio.create_task(
        timed(
            "workbench",
            _workbench(
                problem,
                language,
                source,
                grader,
                inputs or default_inputs(),
                deadline=deadline,
                cutoff_s=cutoff_for(problem, time_budget_s),
                complexity=complexity,
                max_n=max_n,
            ),
        )
    )
    metrics_task = asyncio.create_task(
        timed("metrics", asyncio.to_thread(code_metrics, language, source))
    )
    tests, (lint, measured), metrics = await asyncio.gather(tests_task, bench_task, metrics_task)
    if language == "python":
        lint = await timed("ruff", _ruff(source))
    evidence = Evidence(
        problem=problem.slug,
        language=language,
        tests=tests,
        lint=lint,
        complexity=measured,
        metrics=metrics,
        timings=timings,
    )
    evidence.summary = summarise(tests, lint, measured, evidence.metrics)
    evidence.seconds = round(time.perf_counter() - started, 3)
    return evidence


async def _ruff(source: str) -> LintEvidence:
    began = time.perf_counter()
    tool, findings, reason = await ruff_findings(source)
    return LintEvidence(
        tool=tool,
        ran=not reason,
        skipped_reason=reason,
        findings=findings,
        seconds=round(time.perf_counter() - began, 3),
    )


async def _workbench(
    problem: Problem,
    language: str,
    source: str,
    grader: Grader,
    inputs: InputCache,
    *,
    complexity: bool,
    **limits: Any,
) -> tuple[LintEvidence, ComplexityEvidence]:
    async with open_workbench(grader, language, source) as bench:
        built = await bench.build()
        check = asyncio.create_task(bench.check()) if built.ok else None
        try:
            measured = await _measure(bench, problem, inputs, built.ok, complexity, **limits)
        finally:
            checked, late = await _settle(check, limits["deadline"] + CHECK_GRACE_S)
        plan = bench.plan
        findings = built.findings + (checked.findings if checked else [])
        reason = "" if plan else f"no linter for {language}"
        if late and plan:
            reason = f"{plan.tool} did not finish within the time budget"
        lint = LintEvidence(
            tool=plan.tool if plan else language,
            ran=plan is not None,
            skipped_reason=reason,
            findings=findings,
            seconds=round(built.seconds + (checked.seconds if checked else 0.0), 3),
        )
        return lint, measured


async def _settle(task: asyncio.Task[Built] | None, until: float) -> tuple[Built | None, bool]:
    """The extra checker's result if it ends by ``until`` (perf_counter), else cancel it."""
    if task is None:
        return None, False
    try:
        return await asyncio.wait_for(task, max(0.0, until - time.perf_counter())), False
    except TimeoutError:
        return None, True


async def _measure(
    bench: Workbench,
    problem: Problem,
    inputs: InputCache,
    built: bool,
    complexity: bool,
    *,
    deadline: float,
    cutoff_s: float,
    max_n: int | None,
) -> ComplexityEvidence:
    skipped = ComplexityEvidence(
        ran=False,
        expected=problem.meta.expected_complexity,
        expected_class=expected_class(problem.meta.expected_complexity),
        skipped_reason="not requested",
    )
    if not complexity:
        return skipped
    if not built:
        skipped.skipped_reason = "the program does not compile"
        return skipped
    return await measure_complexity(
        bench, problem, inputs, deadline=deadline, cutoff_s=cutoff_s, max_n=max_n
    )
