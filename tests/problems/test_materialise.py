"""``[[generated]]`` hidden tests: built from generator.py and the Python reference, cached by
content hash, built once under concurrency, never left half-written."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from interview_hub.problems import (
    MaterialiseError,
    Problem,
    hidden_tests,
    load_problem,
    materialise,
)
from interview_hub.problems.__main__ import main
from interview_hub.problems.build import load_generator
from interview_hub.problems.materialise import content_hash, default_cache_dir, materialise_all
from tests.problems.conftest import BANK, CACHE, PROBLEMS

SMALL = '\n[[generated]]\nname = "small-1"\nn = 20\nseed = 7\n'
SMALL += '\n[[generated]]\nname = "small-2"\nn = 30\nseed = 8\n'


def small_problem(bank: Path, extra: str = SMALL) -> Path:
    """pair-with-target with two small generated tests instead of its big ones."""
    folder = bank / "pair-with-target"
    shutil.copytree(BANK / "pair-with-target", folder, ignore=shutil.ignore_patterns("__pycache__"))
    toml = folder / "problem.toml"
    toml.write_text(toml.read_text().split("\n[[generated]]")[0] + extra)
    return folder


def entries(cache: Path, slug: str = "pair-with-target") -> list[str]:
    return sorted(p.name for p in (cache / slug).iterdir())


def test_materialise_builds_once_then_reads_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = load_problem(small_problem(tmp_path / "bank"))
    cache = tmp_path / "cache"
    made = materialise_all(problem, cache)
    assert [m.test.name for m in made] == ["hidden small-1", "hidden small-2"]
    assert all(m.built for m in made)
    for item in made:
        assert (
            item.test.input
            == subprocess.run(
                [
                    sys.executable,
                    str(problem.path / "generator.py"),
                    str(item.spec.n),
                    str(item.spec.seed),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        reference = subprocess.run(
            [sys.executable, str(problem.path / "solutions" / "python.py")],
            input=item.test.input,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert item.test.output == reference
        assert item.path == cache / "pair-with-target" / content_hash(problem, item.spec)
        assert sorted(p.name for p in item.path.iterdir()) == ["input", "output", "spec.json"]
    assert entries(cache) == sorted([".lock", *(m.path.name for m in made)])

    def no_subprocess(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(subprocess, "run", no_subprocess)
    again = materialise_all(problem, cache)
    assert [m.test for m in again] == [m.test for m in made]
    assert not any(m.built for m in again)
    assert materialise(problem, cache) == [m.test for m in made]
    assert hidden_tests(problem, cache) == [*problem.hidden, *(m.test for m in made)]


def test_hash_follows_the_sources_not_the_name(tmp_path: Path) -> None:
    folder = small_problem(tmp_path / "bank")
    problem = load_problem(folder)
    first, second = problem.generated
    before = content_hash(problem, first)
    assert before != content_hash(problem, second)
    renamed = SMALL.replace("small-1", "renamed")
    shutil.rmtree(folder)
    assert content_hash(load_problem(small_problem(tmp_path / "bank", renamed)), first) == before
    for source in ("generator.py", "solutions/python.py"):
        path = folder / source
        path.write_text(path.read_text() + "\n# edited\n")
        changed = load_problem(folder)
        assert content_hash(changed, changed.generated[0]) != before
        before = content_hash(changed, changed.generated[0])


def test_failures_leave_no_partial_entry(tmp_path: Path) -> None:
    folder = small_problem(tmp_path / "bank")
    cache = tmp_path / "cache"
    generator = folder / "generator.py"
    text = generator.read_text()
    generator.write_text(text.replace("    n = max(2, n)", "    raise SystemExit('no input')"))
    with pytest.raises(MaterialiseError, match=r"small-1 \(n=20, seed=7\): generator\.py exited"):
        materialise(load_problem(folder), cache)
    assert entries(cache) == [".lock"]

    generator.write_text(text.replace("    n = max(2, n)", "    import time; time.sleep(30)"))
    with pytest.raises(MaterialiseError, match=r"generator\.py took longer than 0\.5 s"):
        materialise(load_problem(folder), cache, timeout_s=0.5)
    assert entries(cache) == [".lock"]

    generator.write_text(text)
    reference = folder / "solutions" / "python.py"
    reference.write_text("import sys\nsys.exit('reference broke')\n")
    with pytest.raises(MaterialiseError, match=r"solutions/python\.py exited with 1:\nreference"):
        materialise(load_problem(folder), cache)
    assert entries(cache) == [".lock"]


def test_concurrent_callers_build_each_test_once(tmp_path: Path) -> None:
    problem = load_problem(small_problem(tmp_path / "bank"))
    cache = tmp_path / "cache"
    with ThreadPoolExecutor(3) as pool:
        runs = list(pool.map(lambda _: materialise_all(problem, cache), range(3)))
    assert sum(m.built for run in runs for m in run) == len(problem.generated)
    assert runs[0] and all([m.test for m in run] == [m.test for m in runs[0]] for run in runs)


def test_validate_materialise_reports_and_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = tmp_path / "bank"
    folder = small_problem(bank)
    cache = tmp_path / "cache"
    assert main(["validate", str(bank)]) == 0
    assert not cache.exists()  # validation alone never builds anything
    args = ["validate", str(bank), "--materialise", "--cache-dir", str(cache)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.search(r"pair-with-target: 2 generated tests \(.* MB\), 2 built, 0 cached", out)
    assert f"generated tests in {cache};" in out
    assert main(args) == 0
    assert "0 built, 2 cached" in capsys.readouterr().out
    (folder / "solutions" / "python.py").write_text("raise SystemExit(3)\n")
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "error: pair-with-target: pair-with-target [[generated]] small-1" in out
    assert out.splitlines()[-1] == "0 of 1 problems valid"


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("INTERVIEW_PROBLEMS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "interview-platform" / "problems"
    monkeypatch.setenv("INTERVIEW_PROBLEMS_CACHE", str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere"


def _smallest_generated(problem: Problem) -> tuple[int, int]:
    return min(((g.n, i) for i, g in enumerate(problem.generated)), default=(0, -1))


def test_bank_generated_tests_match_their_generator() -> None:
    """The bank's smallest generated test (from the shared cache) is generate(n, Random(seed))
    and sits after the committed hidden tests."""
    problem = min((p for p in PROBLEMS if p.generated), key=lambda p: _smallest_generated(p)[0])
    tests = hidden_tests(problem, CACHE)
    assert len(tests) == len(problem.hidden) + len(problem.generated)
    index = _smallest_generated(problem)[1]
    spec = problem.generated[index]
    made = tests[len(problem.hidden) + index]
    assert made.name == f"hidden {spec.name}"
    assert made.input == load_generator(problem.path).generate(spec.n, random.Random(spec.seed))
