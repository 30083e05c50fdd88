"""Golden set, part 1: buggy solutions; the evidence names the first failing test."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader

from .evidence_checks import check_failing, golden_evidence
from .golden import GOLDEN, Golden

CASES = [case for case in GOLDEN if case.failing]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_names_the_failing_test(case: Golden, grader: Grader) -> None:
    evidence = await golden_evidence(case, grader)
    check_failing(case, evidence)
    if case.include_generated:  # a large test failed: the larger ones are skipped, and said so
        assert evidence.tests.not_run
        assert any("not run" in line for line in evidence.summary)
    if case.name == "py_mutable_default":  # ruff names the cause, despite the file's noqa
        assert "B006" in evidence.lint.codes
        assert any("B006" in line for line in evidence.summary)


def test_golden_set_spans_languages_and_bugs() -> None:
    assert len(GOLDEN) >= 12
    assert len({case.language for case in GOLDEN}) >= 4
    assert sum(1 for case in GOLDEN if case.complexity) >= 3
