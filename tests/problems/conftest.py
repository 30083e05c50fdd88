"""Fixtures for the problem bank: the loaded bank, a grader (the real sandbox), a grading helper.

Sandbox tests carry the ``sandbox`` marker; they are spread over three modules so that
``pytest -n 2 --dist loadfile`` (scripts/test) runs them on both cores. The ``[[generated]]``
hidden tests are materialised into ``CACHE`` (``$INTERVIEW_PROBLEMS_CACHE`` or
``~/.cache/interview-platform/problems``): built once by whichever worker needs them first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from interview_hub.grading import Grader, Limits, Sandbox, TestCase, Verdict
from interview_hub.problems import (
    Problem,
    TestPair,
    checker_for,
    default_cache_dir,
    hidden_tests,
    load_bank,
)
from tests.support.needs import require_sandbox

BANK = Path(__file__).resolve().parents[2] / "problems"
CACHE = default_cache_dir()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sandbox: grades code in the grading sandbox (root)")


PROBLEMS = load_bank(BANK)


def problem_params(kind: str) -> list[tuple[Problem, str]]:
    """``(problem, language)`` for every source of ``kind`` (solutions, wrong, starters)."""
    return [(p, lang) for p in PROBLEMS for lang in getattr(p, kind)]


def param_id(value: object) -> str:
    return value.slug if isinstance(value, Problem) else str(value)


def all_hidden(problem: Problem) -> list[TestPair]:
    """Committed hidden tests, then the generated ones (from the cache, built if missing)."""
    return hidden_tests(problem, CACHE)


@pytest.fixture(scope="module")
def grader() -> Iterator[Grader]:
    require_sandbox()
    grader = Grader(Sandbox())
    yield grader
    grader.sandbox.close()


@dataclass
class Outcome:
    name: str
    label: str
    accepted: bool
    stdout: str


async def grade(
    grader: Grader,
    problem: Problem,
    language: str,
    source: str,
    tests: Sequence[TestPair],
    *,
    stop_on_failure: bool = False,
) -> tuple[str, list[Outcome]]:
    """Grade ``source`` against ``tests`` with the problem's limits and checker (applied by the
    grader to the whole output). Returns the compile output and one outcome per test run."""
    cases = [TestCase(t.input, t.output, t.name, t.name.startswith("hidden")) for t in tests]
    limits = Limits(time_s=problem.time_limit_s, memory_mb=problem.memory_limit_mb)
    result = await grader.grade(
        language,
        source,
        cases,
        limits,
        stop_on_failure=stop_on_failure,
        checker=checker_for(problem.checker),
    )
    assert result.verdict is not Verdict.INTERNAL_ERROR, result.message
    if result.verdict is Verdict.COMPILATION_ERROR:
        return result.compile_output, []
    outcomes = [
        Outcome(run.name, run.label, run.verdict is Verdict.ACCEPTED, run.stdout)
        for run in result.tests
    ]
    return result.compile_output, outcomes
