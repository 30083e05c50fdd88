"""The interview notebook: statement, starter and visible tests; never hidden tests or solutions."""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from interview_hub.problems.bank import load_problem
from interview_hub.service.domain.servers import starter_notebook
from tests.support.platform import ROOT

SLUG = "balanced-brackets"


def as_row(slug: str) -> SimpleNamespace:
    bank = load_problem(ROOT / "problems" / slug)

    def pairs(tests: list[Any]) -> list[dict[str, str]]:
        return [{"name": t.name, "input": t.input, "output": t.output} for t in tests]

    return SimpleNamespace(
        slug=slug,
        statement=bank.statement,
        starters=bank.starters,
        visible=pairs(bank.visible),
        hidden=pairs(bank.hidden),
        solutions=bank.solutions,
    )


def interview(language: str) -> SimpleNamespace:
    return SimpleNamespace(
        title="Round 1", description="Be **kind**.", language=language, public_id="abc123"
    )


def test_nothing_secret_is_in_the_notebook() -> None:
    problem = as_row(SLUG)
    for language in ("python", "cpp", "java", "go"):
        notebook = starter_notebook(interview(language), [problem])  # type: ignore[arg-type]
        text = json.dumps(notebook)
        assert problem.statement.splitlines()[0] in text
        assert json.dumps(problem.starters[language])[1:-1] in text
        visible_inputs = {t["input"] for t in problem.visible}
        long_hidden = [
            t for t in problem.hidden if len(t["input"]) > 12 and t["input"] not in visible_inputs
        ]
        assert long_hidden
        for test in long_hidden:
            assert json.dumps(test["input"])[1:-1] not in text
        assert "stack.pop() != match[c]" not in text  # the reference solution's code
        assert (
            notebook["metadata"]["kernelspec"]["name"]
            == {"python": "python3", "cpp": "cpp", "java": "java", "go": "go"}[language]
        )


def test_python_runner_cell_checks_the_visible_tests(tmp_path: Path) -> None:
    problem = as_row(SLUG)
    cells = starter_notebook(interview("python"), [problem])["cells"]  # type: ignore[arg-type]
    runner = next(c for c in cells if c["id"] == f"{SLUG}-tests")["source"]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        results = {}
        for label, source in (("right", problem.solutions["python"]), ("wrong", "print('NO')")):
            (tmp_path / f"solution_{SLUG}.py").write_text(source)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(runner, {})
            results[label] = [
                ln.split()[0] for ln in out.getvalue().splitlines() if not ln.startswith("  ")
            ]
        assert results["right"] == ["PASS"] * len(problem.visible)
        assert "FAIL" in results["wrong"]
    finally:
        os.chdir(cwd)
