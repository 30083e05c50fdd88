"""Every reference solution, in every language it is given in, passes every visible and hidden
test (committed and generated) in the grading sandbox with the problem's limits and checker."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader
from interview_hub.problems import Problem
from tests.problems.conftest import all_hidden, grade, param_id, problem_params

pytestmark = pytest.mark.sandbox


@pytest.mark.parametrize(("problem", "language"), problem_params("solutions"), ids=param_id)
async def test_reference_passes_everything(grader: Grader, problem: Problem, language: str) -> None:
    tests = [*problem.visible, *all_hidden(problem)]
    compiled, outcomes = await grade(grader, problem, language, problem.solutions[language], tests)
    assert outcomes, f"did not compile:\n{compiled}"
    failed = [(o.name, o.label) for o in outcomes if not o.accepted]
    assert failed == []
    assert len(outcomes) == len(tests) == len(problem.tests) + len(problem.generated)
