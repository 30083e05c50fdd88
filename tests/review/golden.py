"""The golden set: buggy or slow solutions to real bank problems, with what the evidence must
show for each (the failing test by name, or the measured complexity class).

Used by ``tests/review/test_golden.py`` and, through ``bench_cases``, by ``scripts/bench-review``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interview_hub.problems import Problem, load_problem
from interview_hub.review.bench import BenchCase

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "problems"
SOURCES = Path(__file__).resolve().parent / "golden"
LANGUAGE_OF = {
    ".py": "python",
    ".c": "c",
    ".cpp": "cpp",
    ".java": "java",
    ".js": "javascript",
    ".ts": "typescript",
    ".go": "go",
    ".rs": "rust",
}

# On a 2-core machine that other jobs load (load average 8-11 seen), a 3 s budget can end the
# size walk after three sizes; the timing cases get 6 s so that their class is deterministic.
COMPLEXITY_BUDGET = 6.0


@dataclass(frozen=True)
class Golden:
    file: str  # in golden/
    slug: str  # the bank problem
    bug: str
    failing: str | None = None  # the first failing test the evidence must name
    complexity: str | None = None  # the class the timing must find
    include_generated: bool = False  # the large [[generated]] tests too
    time_budget_s: float = 3.0  # the service's; the timing cases get more (see COMPLEXITY_BUDGET)

    @property
    def language(self) -> str:
        return LANGUAGE_OF[Path(self.file).suffix]

    @property
    def source(self) -> str:
        return (SOURCES / self.file).read_text(encoding="utf-8")

    @property
    def name(self) -> str:
        return Path(self.file).stem


GOLDEN = [
    Golden("py_kadane_all_negative.py", "best-subarray-sum", "wrong base case", "hidden 01"),
    Golden("py_coins_zero_amount.py", "fewest-coins", "unhandled empty amount", "hidden 01"),
    Golden("py_primes_off_by_one.py", "count-primes", "off by one (p < n)", "hidden 02"),
    Golden("py_mutable_default.py", "friend-groups", "mutable default argument", "hidden 05"),
    Golden(
        "py_quadratic_warmer.py",
        "next-warmer-day",
        "quadratic scan",
        complexity="n^2",
        time_budget_s=COMPLEXITY_BUDGET,
    ),
    Golden(
        "py_quadratic_merge.py",
        "merge-meetings",
        "quadratic merge",
        complexity="n^2",
        time_budget_s=COMPLEXITY_BUDGET,
    ),
    Golden(
        "py_wrong_when_large.py",
        "best-subarray-sum",
        "wrong only on large inputs",
        "hidden big-1",
        include_generated=True,
    ),
    Golden("c_overflow_subarray.c", "best-subarray-sum", "int overflow", "hidden 04"),
    Golden("java_overflow_rain.java", "rain-between-walls", "int overflow", "hidden 07"),
    Golden("cpp_ship_off_by_one.cpp", "ship-within-days", "off by one (lower bound)", "hidden 01"),
    Golden(
        "cpp_quadratic_rain.cpp",
        "rain-between-walls",
        "quadratic scan",
        complexity="n^2",
        time_budget_s=COMPLEXITY_BUDGET,
    ),
    Golden("go_edit_base_case.go", "edit-distance", "wrong base case (dp[i][0])", "visible 01"),
    Golden(
        "go_quadratic_subarray.go",
        "best-subarray-sum",
        "quadratic",
        complexity="n^2",
        time_budget_s=COMPLEXITY_BUDGET,
    ),
    Golden("js_window_off_by_one.js", "longest-distinct-window", "off by one", "visible 01"),
    Golden("ts_brackets_unmatched_close.ts", "balanced-brackets", "empty stack", "hidden 02"),
]


def problem(slug: str) -> Problem:
    return load_problem(BANK / slug)


def bench_cases() -> list[BenchCase]:
    """The golden set as benchmark cases (every one with the large tests, as in service)."""
    return [
        BenchCase(g.name, problem(g.slug), g.language, g.source, include_generated=True)
        for g in GOLDEN
    ]
