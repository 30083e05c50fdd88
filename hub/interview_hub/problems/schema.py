"""What a problem folder must contain: ``problem.toml`` as a pydantic model, plus folder checks.

::

    problems/<slug>/
      problem.toml      metadata (``ProblemMeta``)
      statement.md      task, input, output, constraints, examples (the visible tests)
      starter/<lang>    one skeleton per language in ``LANGUAGES``
      solutions/<lang>  reference solutions: python and at least one compiled language
      wrong/<lang>      plausible wrong solutions that fail at least one hidden test
      tests/visible/NN.in, NN.out    tests/hidden/NN.in, NN.out
      generator.py      optional: ``python3 generator.py N SEED`` prints an input of size ~N

Large hidden tests are not committed: ``[[generated]]`` entries in ``problem.toml`` name them by
``n`` and ``seed``, and ``materialise.materialise`` builds them (generator.py for the input,
solutions/python.py for the output) into a cache.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Language key (as the grading sandbox names it) → file name inside starter/, solutions/, wrong/.
LANGUAGES: dict[str, str] = {
    "python": "python.py",
    "c": "c.c",
    "cpp": "cpp.cpp",
    "java": "java.java",
    "javascript": "javascript.js",
    "typescript": "typescript.ts",
    "go": "go.go",
    "rust": "rust.rs",
}
COMPILED = ("c", "cpp", "java", "go", "rust")
FILE_LANGUAGE = {name: key for key, name in LANGUAGES.items()}

TOPICS = frozenset(
    {
        "arrays",
        "strings",
        "hashing",
        "two-pointers",
        "sliding-window",
        "stacks",
        "queues",
        "binary-search",
        "sorting",
        "intervals",
        "linked-lists",
        "trees",
        "graphs",
        "bfs",
        "dfs",
        "topological-sort",
        "shortest-paths",
        "union-find",
        "heaps",
        "greedy",
        "dp",
        "backtracking",
        "bit-manipulation",
        "math",
        "primes",
        "simulation",
        "design",
        "prefix-sums",
        "matrices",
        "divide-and-conquer",
    }
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHECKER = re.compile(r"^(exact|tokens|float:(\d+(\.\d*)?|\.\d+)([eE]-?\d+)?)$")
COMPLEXITY = re.compile(r"^[a-z0-9 ()^*+·/.,!]+$")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
# Reserved words in one of the starter languages: not usable as parameter or function names.
RESERVED = frozenset(
    [
        "abstract",
        "as",
        "async",
        "await",
        "break",
        "case",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extern",
        "false",
        "final",
        "float",
        "fn",
        "for",
        "func",
        "function",
        "go",
        "if",
        "impl",
        "import",
        "in",
        "int",
        "interface",
        "let",
        "long",
        "loop",
        "main",
        "map",
        "match",
        "mod",
        "move",
        "mut",
        "new",
        "null",
        "package",
        "pub",
        "range",
        "ref",
        "return",
        "self",
        "short",
        "static",
        "string",
        "struct",
        "super",
        "switch",
        "this",
        "trait",
        "true",
        "try",
        "type",
        "unsafe",
        "use",
        "var",
        "void",
        "where",
        "while",
    ]
)

ParamType = Literal["int", "str", "int[]", "str[]", "int[][]"]
ReturnType = Literal["int", "str", "float", "int[]", "str[]", "int[][]"]
TEST_NAME = re.compile(r"^\d{2,3}\.(in|out)$")
# Committed test files stay small; anything larger belongs in [[generated]].
MAX_TEST_BYTES = 256 * 1024
MAX_GENERATED_N = 10**8
HIDDEN_TESTS = (8, 30)  # committed hidden tests + [[generated]] ones


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _identifier(value: str) -> str:
    if not IDENTIFIER.match(value):
        raise ValueError("must be snake_case: a lowercase letter, then letters, digits or _")
    if value in RESERVED:
        raise ValueError(f"{value!r} is a reserved word in one of the starter languages")
    return value


class Param(_Strict):
    """One input value, read in order. Arrays give their length as an earlier int's name or a
    number: ``len`` for ``int[]``/``str[]`` (one value per token), ``rows``/``cols`` for
    ``int[][]`` (row by row)."""

    name: str
    type: ParamType
    len: str | int | None = None
    rows: str | int | None = None
    cols: str | int | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _identifier(value)

    @model_validator(mode="after")
    def _sizes(self) -> Param:
        want = {"int": (), "str": (), "int[]": ("len",), "str[]": ("len",)}
        needed = want.get(self.type, ("rows", "cols"))
        for key in ("len", "rows", "cols"):
            given = getattr(self, key) is not None
            if given != (key in needed):
                verb = "needs" if key in needed else "must not have"
                raise ValueError(f"a {self.type} parameter {verb} {key!r}")
        return self


class Signature(_Strict):
    """The function candidates implement; starters for every language are generated from it."""

    function: str
    params: list[Param] = Field(min_length=1)
    returns: ReturnType

    @field_validator("function")
    @classmethod
    def _function(cls, value: str) -> str:
        return _identifier(value)

    @model_validator(mode="after")
    def _sizes_refer_back(self) -> Signature:
        seen: set[str] = set()
        for param in self.params:
            for key in ("len", "rows", "cols"):
                size = getattr(param, key)
                if isinstance(size, str) and size not in seen:
                    raise ValueError(
                        f"{param.name}.{key} = {size!r} must name an earlier int parameter"
                    )
                if isinstance(size, int) and size < 0:
                    raise ValueError(f"{param.name}.{key} must not be negative")
            if param.name in seen:
                raise ValueError(f"parameter {param.name!r} appears twice")
            if param.type == "int":
                seen.add(param.name)
            else:
                seen.add("\0" + param.name)  # names are unique but only ints may be sizes
        return self


class GeneratedTest(_Strict):
    """A hidden test built on demand, not committed: ``python3 generator.py N SEED`` gives the
    input and ``solutions/python.py`` the expected output (see ``materialise``)."""

    name: str = Field(pattern=SLUG.pattern, max_length=40)
    n: int = Field(ge=1, le=MAX_GENERATED_N)
    seed: int = Field(ge=0, le=2**63 - 1)


class ProblemMeta(_Strict):
    """``problem.toml``."""

    slug: str = Field(pattern=SLUG.pattern, max_length=64)
    title: str = Field(min_length=3, max_length=100)
    difficulty: Literal["easy", "medium", "hard"]
    topics: Annotated[list[str], Field(min_length=1, max_length=6)]
    time_limit_s: float = Field(gt=0, le=10)
    memory_limit_mb: int = Field(ge=16, le=1024)
    checker: str = "exact"
    expected_complexity: str | None = Field(default=None, max_length=40)
    signature: Signature | None = None
    generated: list[GeneratedTest] = Field(default_factory=list, max_length=HIDDEN_TESTS[1])

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, topics: list[str]) -> list[str]:
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic(s) {unknown}; known: {', '.join(sorted(TOPICS))}")
        if len(set(topics)) != len(topics):
            raise ValueError("topics repeat")
        return topics

    @field_validator("checker")
    @classmethod
    def _checker(cls, value: str) -> str:
        if not CHECKER.match(value):
            raise ValueError('must be "exact", "tokens" or "float:<tolerance>", e.g. "float:1e-6"')
        return value

    @field_validator("expected_complexity")
    @classmethod
    def _complexity(cls, value: str | None) -> str | None:
        if value is not None and not COMPLEXITY.match(value):
            raise ValueError('must look like "n", "n log n", "n^2" or "(n + m) log n"')
        return value

    @field_validator("generated")
    @classmethod
    def _generated_unique(cls, tests: list[GeneratedTest]) -> list[GeneratedTest]:
        names = [t.name for t in tests]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"test name(s) {repeated} appear more than once")
        specs = [(t.n, t.seed) for t in tests]
        if len(set(specs)) != len(specs):
            raise ValueError("two tests have the same n and seed (the same input)")
        return tests


def pydantic_errors(error: Exception) -> list[str]:
    """``field.path: message`` lines from a pydantic ``ValidationError``."""
    lines = []
    for item in getattr(error, "errors", lambda: [])():
        where = ".".join(str(part) for part in item.get("loc", ())) or "(top level)"
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    return lines or [str(error)]


def check_folder(folder: Path, meta: ProblemMeta | None) -> list[str]:
    """Everything about the folder layout that ``problem.toml`` alone cannot say."""
    errors: list[str] = []
    allowed_top = {"problem.toml", "statement.md", "starter", "solutions", "wrong", "tests"}
    allowed_top |= {"generator.py", "README.md", "__pycache__"}
    for entry in sorted(folder.iterdir()):
        if entry.name not in allowed_top:
            errors.append(f"unexpected {entry.name!r} in the problem folder")
    if meta is not None and meta.slug != folder.name:
        errors.append(f"slug {meta.slug!r} differs from the folder name {folder.name!r}")
    statement = folder / "statement.md"
    if not statement.is_file():
        errors.append("statement.md is missing")
    else:
        text = statement.read_text(encoding="utf-8")
        for heading in ("## Input", "## Output", "## Constraints", "## Examples"):
            if heading not in text:
                errors.append(f"statement.md has no {heading!r} section")
    errors += _check_sources(folder, "starter", required=tuple(LANGUAGES))
    errors += _check_sources(folder, "solutions", required=("python",))
    solutions = folder / "solutions"
    if solutions.is_dir() and not any((solutions / LANGUAGES[k]).is_file() for k in COMPILED):
        errors.append(
            "solutions/ needs at least one compiled language (" + ", ".join(COMPILED) + ")"
        )
    errors += _check_sources(folder, "wrong", required=())
    wrong = folder / "wrong"
    if not wrong.is_dir() or not any(wrong.iterdir()):
        errors.append("wrong/ needs at least one wrong solution (wrong/python.py)")
    java = folder / "starter" / LANGUAGES["java"]
    if java.is_file() and not re.search(r"\bclass\s+Main\b", java.read_text(encoding="utf-8")):
        errors.append("starter/java.java must declare class Main")
    errors += _check_tests(folder / "tests" / "visible", "tests/visible", 1, 5)
    generated = len(meta.generated) if meta is not None else 0
    if generated and not (folder / "generator.py").is_file():
        errors.append("[[generated]] tests need generator.py")
    errors += _check_tests(folder / "tests" / "hidden", "tests/hidden", *HIDDEN_TESTS, generated)
    tests = folder / "tests"
    if tests.is_dir():
        for entry in tests.iterdir():
            if entry.name not in ("visible", "hidden"):
                errors.append(f"unexpected tests/{entry.name} (only visible/ and hidden/)")
    return errors


def _check_sources(folder: Path, name: str, required: tuple[str, ...]) -> list[str]:
    directory = folder / name
    if not directory.is_dir():
        return [f"{name}/ is missing"]
    errors = []
    for entry in sorted(directory.iterdir()):
        if entry.name not in FILE_LANGUAGE:
            errors.append(
                f"{name}/{entry.name}: unknown file (expected one of "
                + ", ".join(LANGUAGES.values())
                + ")"
            )
        elif not entry.read_text(encoding="utf-8").strip():
            errors.append(f"{name}/{entry.name} is empty")
    for key in required:
        if not (directory / LANGUAGES[key]).is_file():
            errors.append(f"{name}/{LANGUAGES[key]} is missing ({key})")
    return errors


def _check_tests(
    directory: Path, label: str, least: int, most: int, generated: int = 0
) -> list[str]:
    if not directory.is_dir():
        return [f"{label}/ is missing"]
    errors = []
    stems: dict[str, set[str]] = {}
    for entry in sorted(directory.iterdir()):
        if not TEST_NAME.match(entry.name) or not entry.is_file():
            errors.append(f"{label}/{entry.name}: test files are named NN.in and NN.out")
            continue
        stem, suffix = entry.name.split(".")
        stems.setdefault(stem, set()).add(suffix)
        size = entry.stat().st_size
        if size > MAX_TEST_BYTES:
            errors.append(
                f"{label}/{entry.name} is larger than {MAX_TEST_BYTES // 1024} KiB: "
                "make it a [[generated]] test in problem.toml"
            )
        if size == 0:
            errors.append(f"{label}/{entry.name} is empty")
    for stem, suffixes in sorted(stems.items()):
        for missing in {"in", "out"} - suffixes:
            errors.append(f"{label}/{stem}.{missing} is missing (tests come in .in/.out pairs)")
    if not least <= len(stems) + generated <= most:
        count = f"{len(stems)} tests" + (f" (+{generated} generated)" if generated else "")
        errors.append(f"{label}/ has {count}; expected {least} to {most}")
    return errors
