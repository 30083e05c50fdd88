"""Golden set, part 2: slow solutions; the timing finds the complexity class. Plus the
reference solutions as controls (no failing test, no slower-than-expected alarm)."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader
from interview_hub.review import gather_evidence
from interview_hub.review.ladder import ALARM_CONFIDENCE

from .evidence_checks import check_complexity, golden_evidence
from .golden import GOLDEN, Golden, problem

CASES = [case for case in GOLDEN if case.complexity]
CONTROLS = [("next-warmer-day", "python"), ("rain-between-walls", "cpp")]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_finds_the_complexity_class(case: Golden, grader: Grader) -> None:
    evidence = await golden_evidence(case, grader)
    check_complexity(case, evidence)
    assert evidence.tests.first_failure is None  # correct, only slow
    assert evidence.seconds < case.time_budget_s * 3  # loose: the machine may be busy


@pytest.mark.parametrize(("slug", "language"), CONTROLS)
async def test_reference_solutions_raise_no_alarm(slug: str, language: str, grader: Grader) -> None:
    bank = problem(slug)
    evidence = await gather_evidence(
        bank, language, bank.solutions[language], grader, include_generated=False
    )
    assert evidence.tests.first_failure is None
    assert evidence.summary[0].startswith("passes all")
    measured = evidence.complexity
    points = [(p.n, p.cpu_ms, p.status) for p in measured.points]
    assert measured.ran and measured.points
    assert not measured.slower_than_expected, (measured.fits[:3], points)
    if measured.best in ("n^2", "n^3", "2^n"):
        # a fast compiled solution grows by a few ms only: on a busy machine noise can tip a
        # weak fit, which must then say it is unsure (below the alarm's confidence)
        assert measured.confidence < ALARM_CONFIDENCE, (measured.fits[:3], points)
