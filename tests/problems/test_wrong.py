"""Every wrong solution is plausible (passes the visible tests, the examples of the statement)
yet fails at least one hidden test (committed or generated) in the grading sandbox."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader
from interview_hub.problems import Problem
from tests.problems.conftest import all_hidden, grade, param_id, problem_params

pytestmark = pytest.mark.sandbox


@pytest.mark.parametrize(("problem", "language"), problem_params("wrong"), ids=param_id)
async def test_wrong_solution_fails_a_hidden_test(
    grader: Grader, problem: Problem, language: str
) -> None:
    source = problem.wrong[language]
    compiled, visible = await grade(grader, problem, language, source, problem.visible)
    assert visible, f"did not compile:\n{compiled}"
    assert [(o.name, o.label) for o in visible if not o.accepted] == []
    tests = all_hidden(problem)
    _, hidden = await grade(grader, problem, language, source, tests, stop_on_failure=True)
    assert any(not o.accepted for o in hidden), "the wrong solution passes every hidden test"
