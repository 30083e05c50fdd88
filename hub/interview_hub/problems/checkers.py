"""Output checkers named in ``problem.toml``: ``exact``, ``tokens`` and ``float:<tolerance>``.

``exact`` is the grading sandbox's own comparison (trailing spaces on a line and trailing blank
lines ignored). ``checker_for(problem.checker)`` gives the ``(expected, actual) -> bool`` callable
that ``Grader.grade(..., checker=...)`` applies to a run's whole output inside the grader, so
``tokens`` and ``float`` problems get Wrong Answer / Accepted from the grader itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .schema import CHECKER

Checker = Callable[[str, str], bool]


@dataclass(frozen=True)
class OutputChecker:
    """A named checker as a callable ``(expected, actual) -> accepted``."""

    name: str

    def __call__(self, expected: str, actual: str) -> bool:
        return outputs_accepted(self.name, expected, actual)


def checker_for(name: str) -> Checker:
    """The callable for a ``problem.toml`` checker name: ``Grader.grade(..., checker=...)``."""
    if not CHECKER.match(name):
        raise ValueError(f"unknown checker {name!r}")
    return OutputChecker(name)


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def outputs_accepted(checker: str, expected: str, actual: str) -> bool:
    """Whether ``actual`` is an accepted output given the reference output ``expected``."""
    if checker == "exact":
        return _lines(expected) == _lines(actual)
    want, got = expected.split(), actual.split()
    if checker == "tokens":
        return want == got
    if checker.startswith("float:"):
        tolerance = float(checker.partition(":")[2])
        return len(want) == len(got) and all(
            _close(a, b, tolerance) for a, b in zip(want, got, strict=True)
        )
    raise ValueError(f"unknown checker {checker!r}")


def _close(expected: str, actual: str, tolerance: float) -> bool:
    try:
        a, b = float(expected), float(actual)
    except ValueError:
        return expected == actual
    if not math.isfinite(b):
        return False
    return abs(a - b) <= tolerance * max(1.0, abs(a))
