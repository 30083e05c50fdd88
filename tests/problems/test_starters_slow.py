"""Every starter compiles and runs on the examples in the grading sandbox: it reads the input as
described and prints something (a wrong answer until the candidate writes the function)."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader
from interview_hub.problems import Problem
from tests.problems.conftest import grade, param_id, problem_params

SLOW = {"java", "rust", "cpp"}  # slow compilers; the other starters are in test_starters.py

pytestmark = pytest.mark.sandbox


@pytest.mark.parametrize(
    ("problem", "language"),
    [(p, lang) for p, lang in problem_params("starters") if lang in SLOW],
    ids=param_id,
)
async def test_slow_starter_compiles_and_runs(
    grader: Grader, problem: Problem, language: str
) -> None:
    compiled, outcomes = await grade(
        grader, problem, language, problem.starters[language], problem.visible
    )
    assert outcomes, f"does not compile:\n{compiled}"
    assert {o.label for o in outcomes} <= {"Accepted", "Wrong Answer"}, [
        (o.name, o.label, o.stdout[:200]) for o in outcomes
    ]
