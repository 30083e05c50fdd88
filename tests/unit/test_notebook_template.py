"""The interview notebook: statement, starter and visible tests; never hidden tests or solutions."""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx

from interview_hub.problems.bank import load_problem
from interview_hub.service.domain.servers import file_absent, starter_notebook
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


def test_control_cell_has_visible_tests_only(tmp_path: Path) -> None:
    problem = as_row(SLUG)
    notebook = starter_notebook(interview("python"), [problem])  # type: ignore[arg-type]
    control = next(c for c in notebook["cells"] if c["id"] == "interview-control")
    source = control["source"]
    compile(source, "control", "exec")
    assert "'abc123'" in source and "JUPYTERHUB_API_TOKEN" in source
    for test in problem.visible:
        assert repr(test["input"])[1:-1] in source
    text = json.dumps(notebook)
    for test in problem.hidden:
        if test["input"] not in {t["input"] for t in problem.visible} and len(test["input"]) > 12:
            assert json.dumps(test["input"])[1:-1] not in text
    assert "stack.pop() != match[c]" not in text
    assert notebook["metadata"]["interview"] == {"id": "abc123"}  # nothing else in metadata
    assert all(set(c["metadata"]) <= {"tags"} for c in notebook["cells"])
    for language in ("cpp", "java", "go"):  # the widget needs the Python kernel
        cells = starter_notebook(interview(language), [problem])["cells"]  # type: ignore[arg-type]
        assert "interview-control" not in {c["id"] for c in cells}


def test_control_cell_runs_the_visible_tests_in_the_kernel(tmp_path: Path) -> None:
    """The cell's logic with ipywidgets stood in by plain attributes (the real widget runs in
    a kernel in tests/hub/test_notebook_grading.py)."""
    import sys
    import types

    problem = as_row(SLUG)
    notebook = starter_notebook(interview("python"), [problem])  # type: ignore[arg-type]
    source = next(c for c in notebook["cells"] if c["id"] == "interview-control")["source"]

    class Widget:
        def __init__(self, **kw: Any) -> None:
            self.__dict__.update({"value": 0, "bar_style": "", "disabled": False, **kw})

        def on_click(self, handler: Any) -> None:
            self.handler = handler

    fake = types.ModuleType("ipywidgets")
    for name in ("Dropdown", "Button", "IntProgress", "HTML", "VBox", "HBox"):
        setattr(fake, name, lambda *a, **kw: Widget(**kw))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    old = sys.modules.get("ipywidgets")
    sys.modules["ipywidgets"] = fake
    try:
        scope: dict[str, Any] = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(source, scope)
        control = scope["interview_control"]
        control.problem.value = SLUG
        control.run_visible()
        assert "Run the solution cell first" in control.status.value
        (tmp_path / f"solution_{SLUG}.py").write_text(problem.solutions["python"])
        control.run_visible()
        total = len(problem.visible)
        assert f"{total}/{total} passed" in control.status.value
        (tmp_path / f"solution_{SLUG}.py").write_text("print('MAYBE')")
        control.run_visible()
        assert f"0/{total} passed" in control.status.value and "Failed" in control.results.value
    finally:
        os.chdir(cwd)
        if old is None:
            sys.modules.pop("ipywidgets", None)
        else:
            sys.modules["ipywidgets"] = old


def test_the_notebook_is_written_only_when_the_server_says_it_does_not_exist() -> None:
    """Only Jupyter Server's own JSON 404 means "not there": a missing proxy route after a hub
    restart, the hub's own pages and 5xx must not make the service write the starter notebook
    over the one the participants are editing (a real loss, seen in the hub-restart test)."""
    url = "http://hub.test/user/iv-0123456789/interview/api/contents/interview.ipynb"
    request = httpx.Request("GET", url)

    def answer(status: int, **kwargs: Any) -> httpx.Response:
        return httpx.Response(status, request=request, **kwargs)

    # what jupyter_server 2.x answers (plain text from the handler; JSON from the manager)
    assert file_absent(answer(404, text="file or directory 'interview.ipynb' does not exist"))
    missing = {"message": "file or directory does not exist: 'interview.ipynb'", "reason": None}
    assert file_absent(answer(404, json=missing))
    assert not file_absent(answer(404, text="<html>404: Not Found</html>"))  # the hub's page
    assert not file_absent(answer(404, json={"status": 404, "message": "Not Found"}))
    assert not file_absent(answer(503, json=missing))
    assert not file_absent(answer(502, text="Bad Gateway"))
    assert not file_absent(answer(200, json={"name": "interview.ipynb"}))
