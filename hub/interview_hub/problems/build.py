"""Authoring tool: regenerate a problem's tests, examples section and starters from its sources.

A problem's ``generator.py`` defines::

    EXAMPLES: list[str]       visible tests (inputs), shown in statement.md
    EDGE_CASES: list[str]     hand-picked hidden inputs
    HIDDEN_SIZES: list[int]   one random hidden input per size: generate(n, Random(SEED0 + i))
    def generate(n: int, rng: random.Random) -> str

Expected outputs come from running ``solutions/python.py`` on the host (trusted code). The
"## Examples" section of statement.md is rewritten from the visible tests, and the starters from
``[signature]`` in problem.toml. Only small tests are written as files (``MAX_TEST_BYTES``);
large ones are ``[[generated]]`` specs in problem.toml, built on demand by ``materialise``.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from .bank import read_meta
from .schema import LANGUAGES, MAX_TEST_BYTES
from .starters import starters

SEED0 = 1000
EXAMPLES_HEADING = "## Examples"


def load_generator(folder: Path) -> ModuleType:
    path = folder / "generator.py"
    name = "generator_" + folder.name.replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_reference(folder: Path, data: str, timeout: float = 60) -> str:
    done = subprocess.run(
        [sys.executable, str(folder / "solutions" / "python.py")],
        input=data,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"{folder.name}: reference failed: {done.stderr[-2000:]}")
    return done.stdout


def _write_tests(folder: Path, kind: str, inputs: list[str]) -> list[tuple[str, str]]:
    directory = folder / "tests" / kind
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    pairs = []
    for index, data in enumerate(inputs, 1):
        if not data.endswith("\n"):
            data += "\n"
        answer = run_reference(folder, data)
        if max(len(data.encode()), len(answer.encode())) > MAX_TEST_BYTES:
            raise RuntimeError(
                f"{folder.name}: {kind} test {index} is larger than {MAX_TEST_BYTES // 1024} KiB; "
                "move its size from HIDDEN_SIZES to a [[generated]] entry in problem.toml"
            )
        (directory / f"{index:02d}.in").write_text(data, encoding="utf-8")
        (directory / f"{index:02d}.out").write_text(answer, encoding="utf-8")
        pairs.append((data, answer))
    return pairs


def examples_markdown(pairs: list[tuple[str, str]], notes: list[str]) -> str:
    parts = [EXAMPLES_HEADING, ""]
    for index, (data, answer) in enumerate(pairs, 1):
        parts += [f"### Example {index}", "", "Input:", "", "```", data.rstrip("\n"), "```", ""]
        parts += ["Output:", "", "```", answer.rstrip("\n"), "```", ""]
        if index <= len(notes) and notes[index - 1]:
            parts += [notes[index - 1].strip(), ""]
    return "\n".join(parts)


def build_problem(folder: Path) -> None:
    meta, errors = read_meta(folder)
    if meta is None:
        raise RuntimeError(f"{folder.name}: {errors}")
    if meta.signature is not None:
        (folder / "starter").mkdir(exist_ok=True)
        for key, source in starters(meta.signature).items():
            (folder / "starter" / LANGUAGES[key]).write_text(source, encoding="utf-8")
    generator = load_generator(folder)
    visible = _write_tests(folder, "visible", list(generator.EXAMPLES))
    hidden = list(generator.EDGE_CASES)
    for index, size in enumerate(generator.HIDDEN_SIZES):
        hidden.append(generator.generate(size, random.Random(SEED0 + index)))
    _write_tests(folder, "hidden", hidden)
    statement = folder / "statement.md"
    text = statement.read_text(encoding="utf-8")
    head = text.split(EXAMPLES_HEADING)[0].rstrip("\n")
    notes = list(getattr(generator, "NOTES", []))
    statement.write_text(head + "\n\n" + examples_markdown(visible, notes), encoding="utf-8")
