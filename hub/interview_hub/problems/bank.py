"""Load problem folders into typed ``Problem`` objects, collecting every error with its place."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .schema import FILE_LANGUAGE, GeneratedTest, ProblemMeta, check_folder, pydantic_errors


class BankError(Exception):
    """A problem folder (or a whole bank) is invalid; ``errors`` holds ``(slug, message)``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{slug}: {message}" for slug, message in errors))


@dataclass(frozen=True)
class TestPair:
    __test__ = False  # not a pytest class

    name: str
    input: str
    output: str


@dataclass(frozen=True)
class Problem:
    meta: ProblemMeta
    path: Path
    statement: str
    starters: dict[str, str]
    solutions: dict[str, str]
    wrong: dict[str, str]
    visible: list[TestPair]
    hidden: list[TestPair]
    generator: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def time_limit_s(self) -> float:
        return self.meta.time_limit_s

    @property
    def memory_limit_mb(self) -> int:
        return self.meta.memory_limit_mb

    @property
    def checker(self) -> str:
        return self.meta.checker

    @property
    def generated(self) -> list[GeneratedTest]:
        """Specs of the hidden tests that are built on demand (``materialise``), not committed."""
        return self.meta.generated

    @property
    def tests(self) -> list[TestPair]:
        """Visible, then committed hidden tests; ``materialise(problem, cache_dir)`` gives the
        generated hidden tests, ``hidden_tests(problem, cache_dir)`` all hidden ones."""
        return [*self.visible, *self.hidden]


def _sources(directory: Path) -> dict[str, str]:
    if not directory.is_dir():
        return {}
    return {
        FILE_LANGUAGE[p.name]: p.read_text(encoding="utf-8")
        for p in sorted(directory.iterdir())
        if p.name in FILE_LANGUAGE
    }


def _tests(directory: Path, prefix: str) -> list[TestPair]:
    if not directory.is_dir():
        return []
    pairs = []
    for source in sorted(directory.glob("*.in")):
        answer = source.with_suffix(".out")
        if answer.is_file():
            pairs.append(
                TestPair(
                    f"{prefix} {source.stem}",
                    source.read_text(encoding="utf-8"),
                    answer.read_text(encoding="utf-8"),
                )
            )
    return pairs


def read_meta(folder: Path) -> tuple[ProblemMeta | None, list[str]]:
    path = folder / "problem.toml"
    if not path.is_file():
        return None, ["problem.toml is missing"]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, [f"problem.toml is not valid TOML: {error}"]
    try:
        return ProblemMeta.model_validate(data), []
    except ValidationError as error:
        return None, [f"problem.toml: {line}" for line in pydantic_errors(error)]


def problem_errors(folder: Path) -> list[str]:
    """Every problem with the folder, as readable messages (empty when it is valid)."""
    if not folder.is_dir():
        return [f"{folder} is not a directory"]
    meta, errors = read_meta(folder)
    errors += check_folder(folder, meta)
    if meta is not None and not errors:
        statement = (folder / "statement.md").read_text(encoding="utf-8")
        for test in _tests(folder / "tests" / "visible", "visible"):
            if test.input.strip() not in statement:
                errors.append(f"statement.md does not show the input of {test.name}")
            if test.output.strip() not in statement:
                errors.append(f"statement.md does not show the output of {test.name}")
    return errors


def load_problem(folder: Path) -> Problem:
    """Read one problem folder; ``BankError`` lists everything wrong with it."""
    folder = Path(folder)
    errors = problem_errors(folder)
    meta, _ = read_meta(folder) if folder.is_dir() else (None, [])
    if errors or meta is None:
        raise BankError([(folder.name, message) for message in errors])
    generator = folder / "generator.py"
    return Problem(
        meta=meta,
        path=folder,
        statement=(folder / "statement.md").read_text(encoding="utf-8"),
        starters=_sources(folder / "starter"),
        solutions=_sources(folder / "solutions"),
        wrong=_sources(folder / "wrong"),
        visible=_tests(folder / "tests" / "visible", "visible"),
        hidden=_tests(folder / "tests" / "hidden", "hidden"),
        generator=generator.read_text(encoding="utf-8") if generator.is_file() else None,
    )


def problem_folders(bank: Path) -> Iterator[Path]:
    """Sub-folders of the bank that are problems (anything but hidden and private names)."""
    for entry in sorted(Path(bank).iterdir()):
        if entry.is_dir() and not entry.name.startswith((".", "_")):
            yield entry


def validate_bank(bank: Path) -> list[tuple[str, list[str]]]:
    """``(folder name, errors)`` for every problem folder, in name order."""
    results = [(folder.name, problem_errors(folder)) for folder in problem_folders(bank)]
    slugs = [name for name, _ in results]
    for name in {s for s in slugs if slugs.count(s) > 1}:  # pragma: no cover - fs prevents it
        results.append((name, ["slug used twice"]))
    return results


def load_bank(bank: Path) -> list[Problem]:
    """Every problem of the bank, or ``BankError`` with every error of every invalid folder."""
    problems, errors = [], []
    for folder in problem_folders(Path(bank)):
        try:
            problems.append(load_problem(folder))
        except BankError as error:
            errors += error.errors
    if errors:
        raise BankError(errors)
    return problems
