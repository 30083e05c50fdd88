"""The bank on disk: every folder validates, covers the brief, and its generated parts are fresh."""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter

import pytest

from interview_hub.problems import LANGUAGES, Problem, validate_bank
from interview_hub.problems.__main__ import main
from interview_hub.problems.build import SEED0, load_generator
from interview_hub.problems.schema import MAX_TEST_BYTES
from interview_hub.problems.starters import starters
from tests.problems.conftest import BANK, PROBLEMS, param_id

COMMITTED_BUDGET = 4 * 2**20  # bytes of the whole bank on disk; big tests are [[generated]]


def test_whole_bank_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert [(name, errors) for name, errors in validate_bank(BANK) if errors] == []
    assert main(["validate", str(BANK)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if line.startswith("ok ")]) == len(PROBLEMS)
    assert out[-1] == f"{len(PROBLEMS)} of {len(PROBLEMS)} problems valid"


def test_bank_covers_the_brief() -> None:
    assert len(PROBLEMS) >= 25
    levels = Counter(p.meta.difficulty for p in PROBLEMS)
    assert min(levels[d] for d in ("easy", "medium", "hard")) >= 4, levels
    topics = {t for p in PROBLEMS for t in p.meta.topics}
    wanted = {"arrays", "strings", "hashing", "two-pointers", "sliding-window", "stacks"}
    wanted |= {"binary-search", "sorting", "intervals", "linked-lists", "trees", "bfs", "dfs"}
    wanted |= {"topological-sort", "shortest-paths", "union-find", "heaps", "greedy", "dp"}
    wanted |= {"backtracking", "bit-manipulation", "math", "primes", "simulation", "design"}
    assert wanted - topics == set()
    assert len([p for p in PROBLEMS if p.generator]) >= 8
    assert len([p for p in PROBLEMS if p.generated]) >= 8
    assert {p.checker for p in PROBLEMS} >= {"exact", "tokens"}
    assert any(p.checker.startswith("float:") for p in PROBLEMS)


@pytest.mark.parametrize("problem", PROBLEMS, ids=param_id)
def test_problem_parts(problem: Problem) -> None:
    assert set(problem.starters) == set(LANGUAGES)
    assert "python" in problem.solutions and len(problem.solutions) >= 2
    assert "python" in problem.wrong
    assert 2 <= len(problem.visible) <= 3 and 5 <= len(problem.hidden) <= 20
    assert 8 <= len(problem.hidden) + len(problem.generated) <= 25
    for test in problem.visible:  # the examples in the statement are the visible tests
        assert test.input.strip() in problem.statement
    hidden_inputs = {t.input for t in problem.hidden}
    assert len(hidden_inputs) == len(problem.hidden), "duplicate hidden tests"


def test_committed_bank_stays_small() -> None:
    """Large hidden tests are [[generated]] specs, not files: the bank stays a few MB in git."""
    files = [p for p in BANK.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert sum(p.stat().st_size for p in files) < COMMITTED_BUDGET
    tests = [p for p in files if p.parent.parent.name == "tests"]
    assert tests and max(p.stat().st_size for p in tests) <= MAX_TEST_BYTES


@pytest.mark.parametrize("problem", PROBLEMS, ids=param_id)
def test_starters_match_signature(problem: Problem) -> None:
    """Starters are generated from [signature]; a hand edit would drift from the statement."""
    assert problem.meta.signature is not None
    assert starters(problem.meta.signature) == problem.starters


@pytest.mark.parametrize(
    "problem",
    # problems whose hidden tests are all hand-picked have no generated sizes to reproduce
    [p for p in PROBLEMS if p.generator and load_generator(p.path).HIDDEN_SIZES],
    ids=param_id,
)
def test_generator_cli_and_hidden_tests_reproduce(problem: Problem) -> None:
    """``python3 generator.py N SEED`` prints the input the hidden test of that size holds, and
    generated tests use seeds of their own."""
    module = load_generator(problem.path)
    sizes = list(module.HIDDEN_SIZES)
    index = min(range(len(sizes)), key=lambda i: sizes[i])
    made = subprocess.run(
        [sys.executable, str(problem.path / "generator.py"), str(sizes[index]), str(SEED0 + index)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    hidden = problem.hidden[len(module.EDGE_CASES) + index]
    assert made == hidden.input
    assert module.generate(sizes[index], random.Random(SEED0 + index)) == made
    committed = {(n, SEED0 + i) for i, n in enumerate(sizes)}
    assert committed.isdisjoint((g.n, g.seed) for g in problem.generated)
