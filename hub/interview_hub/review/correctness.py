"""Visible and hidden test results from the grading sandbox, with the first failing test.

Two grades run side by side: the visible and committed hidden tests (small: every one runs), and
the ``[[generated]]`` large tests sorted by size with ``stop_on_failure`` (one slow solution
costs one time limit there, not one per large test; the rest are listed as not run).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from pathlib import Path

from ..grading import Grader, GradeResult, Limits, TestCase, TestResult
from ..problems import Problem, TestPair, checker_for, materialise
from .models import FailingTest, TestEvidence, TestOutcome

SHOWN_LINES = 20
SHOWN_CHARS = 1500
ACCEPTED = "Accepted"


_CLIP_NOTE = re.compile(r"\n… \((\d+) more lines, ([\d,]+) characters in all\)$")


def clip(text: str, lines: int = SHOWN_LINES, chars: int = SHOWN_CHARS) -> str:
    """The head of ``text`` (at most ``lines`` lines and ``chars`` characters), saying what was
    left out. A cut inside a word moves back to the space before it (a clipped ``-50`` must not
    read as ``-5``); clipping a clipped text keeps the first note's totals."""
    note = _CLIP_NOTE.search(text)
    body = text[: note.start()] if note else text
    total_lines = body.count("\n") + (int(note.group(1)) if note else 0)
    total_chars = int(note.group(2).replace(",", "")) if note else len(text)
    kept = body.splitlines(keepends=True)[:lines]
    head = "".join(kept)[:chars]
    if len(head) == len(body):
        return text
    if head and not head[-1].isspace() and not body[len(head)].isspace():
        space = max(head.rfind(" "), head.rfind("\t"), head.rfind("\n"))
        if space > 0:
            head = head[:space]
    rest_lines = total_lines - head.count("\n")
    return head.rstrip("\n") + f"\n… ({rest_lines} more lines, {total_chars:,} characters in all)"


def _cases(pairs: Sequence[TestPair], hidden: bool) -> list[TestCase]:
    return [TestCase(p.input, p.output, p.name, hidden=hidden) for p in pairs]


async def run_tests(
    problem: Problem,
    language: str,
    source: str,
    grader: Grader,
    *,
    cache_dir: Path | None = None,
    include_generated: bool = True,
) -> TestEvidence:
    started = time.perf_counter()
    limits = Limits(time_s=problem.time_limit_s, memory_mb=problem.memory_limit_mb)
    checker = checker_for(problem.checker)
    small = [*_cases(problem.visible, False), *_cases(problem.hidden, True)]
    large_task = None
    if include_generated and problem.generated:
        large_task = asyncio.create_task(
            _grade_large(problem, language, source, grader, limits, cache_dir)
        )
    first = await grader.grade(language, source, small, limits, checker=checker)
    large, large_cases = (await large_task) if large_task else (None, [])
    cases = {case.name: case for case in [*small, *large_cases]}
    evidence = TestEvidence(
        verdict=first.label, compile_output=first.compile_output, message=first.message
    )
    results: list[TestResult] = list(first.tests)
    if large is not None and first.label != "Compilation Error":
        results += large.tests
        ran = {t.name for t in large.tests}
        evidence.not_run = [c.name for c in large_cases if c.name not in ran]
        if first.label == ACCEPTED and large.label != ACCEPTED:
            evidence.verdict = large.label
            evidence.message = large.message
    evidence.results = [
        TestOutcome(
            name=r.name,
            hidden=r.hidden,
            verdict=r.label,
            time_ms=r.time_ms,
            wall_ms=r.wall_ms,
            memory_kb=r.memory_kb,
        )
        for r in results
    ]
    for hidden in (False, True):
        mine = [r for r in results if r.hidden == hidden]
        total = len(mine) + (len(evidence.not_run) if hidden else 0)
        passed = sum(r.label == ACCEPTED for r in mine)
        if hidden:
            evidence.hidden_passed, evidence.hidden_total = passed, total
        else:
            evidence.visible_passed, evidence.visible_total = passed, total
    failing = next((r for r in results if r.label != ACCEPTED), None)
    if failing is not None:
        evidence.first_failure = _failing(failing, cases.get(failing.name))
    evidence.seconds = round(time.perf_counter() - started, 3)
    return evidence


async def _grade_large(
    problem: Problem,
    language: str,
    source: str,
    grader: Grader,
    limits: Limits,
    cache_dir: Path | None,
) -> tuple[GradeResult, list[TestCase]]:
    pairs = await asyncio.to_thread(materialise, problem, cache_dir)
    cases = sorted(_cases(pairs, True), key=lambda c: len(c.input))
    checker = checker_for(problem.checker)
    result = await grader.grade(
        language, source, cases, limits, checker=checker, stop_on_failure=True
    )
    return result, cases


def _failing(result: TestResult, case: TestCase | None) -> FailingTest:
    given = case.input if case else ""
    expected = (case.expected_output or "") if case else ""
    return FailingTest(
        name=result.name,
        hidden=result.hidden,
        verdict=result.label,
        input=clip(given),
        expected=clip(expected),
        actual=clip(result.stdout),
        stderr=clip(result.stderr, lines=12, chars=1000),
        input_bytes=len(given.encode()),
        input_lines=given.count("\n"),
        expected_bytes=len(expected.encode()),
        actual_bytes=len(result.stdout.encode()),
    )
