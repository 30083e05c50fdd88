"""Evidence pieces that need no sandbox: the fit, parsers, clipping, summary, metrics, ruff."""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from interview_hub.grading.process import ProcessResult
from interview_hub.review import InputCache, expected_class, fit
from interview_hub.review.complexity import slower
from interview_hub.review.compose import (
    LARGE_INPUT_CHARS,
    chatml,
    finish_prose,
    input_block,
    no_fix_needed,
    parse_sections,
    section_lead,
    statement_for_model,
)
from interview_hub.review.correctness import clip
from interview_hub.review.diagnostics import (
    parse_esbuild,
    parse_gcc,
    parse_go_vet,
    parse_javac,
    parse_rustc,
    ruff_findings,
)
from interview_hub.review.inputs import ladder_seeds, size_range
from interview_hub.review.ladder import ALARM_CONFIDENCE, grid, measure_complexity
from interview_hub.review.metrics import code_metrics
from interview_hub.review.models import (
    CodeMetrics,
    ComplexityEvidence,
    Evidence,
    FailingTest,
    LintEvidence,
    TestEvidence,
)
from interview_hub.review.summary import tests_line as describe_tests

from .golden import problem

CURVES = {
    "n": lambda n: 0.017 + 1e-6 * n,
    "n log n": lambda n: 0.017 + 1.2e-7 * n * math.log2(n),
    "n^2": lambda n: 0.017 + 3e-8 * n * n,
    "2^n": lambda n: 0.005 + 1e-6 * 2**n,
}


@pytest.mark.parametrize("model", sorted(CURVES))
def test_fit_recovers_the_model(model: str) -> None:
    rng = random.Random(5)
    sizes = list(range(10, 23)) if model == "2^n" else [200 * 2**k for k in range(11)]
    points = [(n, CURVES[model](n) * (1 + rng.gauss(0, 0.03))) for n in sizes]
    points = [(n, t) for n, t in points if t < 1.0]
    fits = fit([n for n, _ in points], [t for _, t in points])
    assert fits[0].model == model
    assert abs(sum(f.probability for f in fits) - 1) < 1e-3


def test_linear_and_quadratic_are_far_apart() -> None:
    sizes = [200, 800, 3200, 6400, 12800]
    quadratic = fit(sizes, [0.015 + 2e-9 * n * n for n in sizes])
    assert quadratic[0].model == "n^2" and quadratic[0].probability > 0.99


def test_a_cut_off_size_counts_against_models_that_predict_less() -> None:
    """Measured on a loaded machine (the quadratic merge of the golden set): three sizes with
    signal, then a run cut off after 1.1 s. On its own the fit cannot tell n^2 from n log n;
    the cut-off run, which n log n says should have taken ~0.5 s, can."""
    sizes = [98.0, 391.0, 1562.0, 3125.0]
    times = [0.0184, 0.0210, 0.1313, 0.2545]
    alone = fit(sizes, times)
    assert alone[0].model == "n^2" and alone[0].probability < 0.6
    told = fit(sizes, times, [(6250.0, 1.117)])
    assert told[0].model == "n^2" and told[0].probability > 0.7
    by_model = {f.model: f.probability for f in told}
    assert by_model["n log n"] < {f.model: f.probability for f in alone}["n log n"] / 3
    # a cut-off the model already predicts changes nothing
    assert fit(sizes, times, [(6250.0, 0.05)])[0].probability == alone[0].probability


def test_expected_complexity_mapping() -> None:
    assert expected_class("n") == "n"
    assert expected_class("(n + m) log n") == "n log n"
    assert expected_class("n·m") == "n^2"
    assert expected_class("k·amount") is None
    assert slower("n^2", "n log n") and slower("n^2", "n")
    assert not slower("n log n", "n") and not slower("n", "n log n")


def test_grid_is_geometric_up_to_the_largest_test() -> None:
    sizes = grid(200000)
    assert sizes[-1] == 200000 and sizes[0] == 195
    assert all(b == pytest.approx(2 * a, rel=0.01) for a, b in itertools.pairwise(sizes))


def test_size_range_and_seeds_come_from_the_bank() -> None:
    warmer = problem("next-warmer-day")
    assert size_range(warmer) == max(spec.n for spec in warmer.generated)
    assert ladder_seeds(warmer) == [spec.seed for spec in warmer.generated][:3]
    assert size_range(problem("count-primes")) == 5000000  # HIDDEN_SIZES
    assert size_range(problem("queens-count")) is None


async def test_inputs_are_generated_once(tmp_path: Path) -> None:
    cache = InputCache(tmp_path)
    warmer = problem("next-warmer-day")
    assert not cache.cached(warmer, 50, 3)
    first = await cache.get(warmer, 50, 3)
    assert first.split()[0] == b"50" and cache.cached(warmer, 50, 3)
    again = InputCache(tmp_path)  # a new process reads the disk copy
    assert await again.get(warmer, 50, 3) == first


def test_clip_keeps_the_head_and_says_what_is_left() -> None:
    text = "".join(f"{i}\n" for i in range(1000))
    shown = clip(text)
    assert shown.startswith("0\n1\n") and "more lines" in shown and len(shown) < 300
    assert clip("1 2\n") == "1 2\n"
    # a cut inside a number moves back to the space before it
    numbers = "3\n" + " ".join(["-50"] * 100) + "\n"
    head = clip(numbers, lines=4, chars=20).split("\n…")[0]
    assert head == "3\n-50 -50 -50 -50", head
    # clipping a clipped text keeps the first note's totals
    once = clip(numbers, lines=4, chars=100)
    assert once.endswith("(1 more lines, 402 characters in all)"), once
    assert clip(once, lines=4, chars=20).endswith("(1 more lines, 402 characters in all)")


def test_the_model_reads_the_statement_without_examples_and_a_short_input() -> None:
    warmer = problem("next-warmer-day")
    shown = statement_for_model(warmer.statement)
    assert "## Input" in shown and "## Constraints" in shown and "Example" not in shown
    assert "1 ≤ n ≤ 200000" in shown
    big = "100000\n" + " ".join(str(-i) for i in range(100000)) + "\n"
    block = input_block(big)
    assert block.startswith("```\n100000\n0 -1 -2 ") and len(block) < LARGE_INPUT_CHARS + 60, block
    assert block.endswith(f"(1 more lines, {len(big):,} characters in all)\n```"), block
    # a small input is shown whole, however many lines it has (up to INPUT_LINES)
    pairs = "5 4\n1 2\n2 3\n4 5\n1 5\n"
    assert input_block(pairs) == f"```\n{pairs.rstrip()}\n```"
    assert "more lines" in input_block(pairs * 2)


GCC = """main.c: In function 'main':
main.c:5:9: warning: unused variable 'x' [-Wunused-variable]
    5 |     int x;
main.c:7:5: error: 'y' undeclared (first use in this function)
"""
JAVAC = """Main.java:6: warning: [rawtypes] found raw type: List
        List a = new ArrayList<Integer>();
1 warning
"""
GO_VET = """# command-line-arguments
./main.go:9:2: fmt.Printf format %d has arg s of wrong type string
"""
RUSTC = """warning: unused variable: `x`
 --> main.rs:2:9
  |
2 |     let x = 5;
  |         ^ help: if this is intentional, prefix it with an underscore: `_x`
  |
  = note: `#[warn(unused_variables)]` on by default

warning: 1 warning emitted
"""
ESBUILD = """▲ [WARNING] Comparison with -0 using the "===" operator will also match 0 \
[equals-negative-zero]

    main.ts:1:4:
      1 │ if (x === -0) {}
        ╵     ~~
"""


def test_compiler_output_parsers() -> None:
    gcc = parse_gcc(GCC, "gcc")
    assert [(f.code, f.line, f.severity) for f in gcc] == [
        ("-Wunused-variable", 5, "warning"),
        ("error", 7, "error"),
    ]
    assert [(f.code, f.line) for f in parse_javac(JAVAC)] == [("rawtypes", 6)]
    assert [(f.code, f.line) for f in parse_go_vet(GO_VET)] == [("vet", 9)]
    assert [(f.code, f.line) for f in parse_rustc(RUSTC)] == [("unused_variables", 2)]
    assert [(f.code, f.line, f.column) for f in parse_esbuild(ESBUILD)] == [
        ("equals-negative-zero", 1, 5)
    ]


async def test_ruff_finds_the_mutable_default() -> None:
    source = "def f(x=[]):\n    import os\n    x.append(1)\n    return x\n"
    tool, findings, reason = await ruff_findings(source)
    assert not reason and tool.startswith("ruff ")
    assert {"B006", "F401"} <= {f.code for f in findings}
    b006 = next(f for f in findings if f.code == "B006")
    assert b006.line == 1 and b006.severity == "warning"


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("python", "def f(a):\n    if a:\n        return 1\n    return 2\n"),
        (
            "go",
            "package main\nfunc f(a int) int {\n\tif a > 0 {\n\t\treturn 1\n\t}\n\treturn 2\n}\n",
        ),
        ("java", "class Main { static int f(int a) { if (a > 0) return 1; return 2; } }\n"),
    ],
)
def test_code_metrics(language: str, source: str) -> None:
    metrics = code_metrics(language, source)
    assert metrics.lines == source.count("\n")
    assert metrics.max_cyclomatic == 2 and metrics.functions[0].name.endswith("f")
    assert metrics.tokens > 10


FIRST_FAILURE = {
    "name": "hidden 01",
    "hidden": True,
    "verdict": "Wrong Answer",
    "input": "1\n-7\n",
    "expected": "-7\n",
    "actual": "0\n",
}


def test_summary_names_the_failing_test_and_quotes_short_io() -> None:
    tests = TestEvidence.model_validate(
        {
            "verdict": "Wrong Answer",
            "visible_total": 1,
            "visible_passed": 1,
            "hidden_total": 2,
            "results": [
                {"name": "visible 01", "hidden": False, "verdict": "Accepted"},
                {"name": "hidden 01", "hidden": True, "verdict": "Wrong Answer"},
                {"name": "hidden 02", "hidden": True, "verdict": "Accepted"},
            ],
            "first_failure": FIRST_FAILURE,
        }
    )
    assert describe_tests(tests) == (
        "fails 1 of 3 tests; first: hidden 01 (Wrong Answer) on input `1 ⏎ -7`: "
        "expected `-7`, got `0`"
    )


class _Inputs:
    """Inputs that are just the size: the walk's decisions, not the generator, are under test."""

    def cached(self, problem: object, n: int, seed: int) -> bool:
        return True

    async def get(self, problem: object, n: int, seed: int) -> bytes:
        return str(n).encode()


class _CostBench:
    """Charges ``cost(n)`` CPU seconds per run; past ``killed_at`` seconds the run is killed with
    SIGXCPU as the sandbox's CPU limit would (it sits above the ladder's cutoff)."""

    def __init__(self, cost: Callable[[int], float], killed_at: float) -> None:
        self.cost, self.killed_at, self.sizes = cost, killed_at, list[int]()

    async def run(self, data: bytes, cutoff: float, memory_mb: int) -> ProcessResult:
        n = int(data)
        self.sizes.append(n)
        cpu = self.cost(n)
        if cpu > self.killed_at:
            return ProcessResult(signal="SIGXCPU", cpu_s=self.killed_at, wall_s=self.killed_at)
        return ProcessResult(exit_code=0, cpu_s=cpu, wall_s=cpu + 0.01)


async def _ladder(
    cost: Callable[[int], float], killed_at: float
) -> tuple[ComplexityEvidence, list[tuple[int, str]], _CostBench]:
    bench = _CostBench(cost, killed_at)
    merge = problem("merge-meetings")
    found = await measure_complexity(
        bench,  # type: ignore[arg-type]
        merge,
        _Inputs(),  # type: ignore[arg-type]
        deadline=time.perf_counter() + 60,
        cutoff_s=1.0,
    )
    return found, [(p.n, p.status) for p in found.points], bench


async def test_a_run_that_finishes_past_the_cutoff_is_a_measurement() -> None:
    # quadratic, the top grid size takes 1.4 s: over the 1 s cutoff but under the CPU limit
    top = size_range(problem("merge-meetings"))
    assert top
    found, points, bench = await _ladder(lambda n: 0.015 + 1.4 * (n / top) ** 2, 2.0)
    assert (top, "ok") in points, points
    assert all(status == "ok" for _, status in points), points
    assert max(bench.sizes) == top
    assert found.best == "n^2" and found.confidence >= ALARM_CONFIDENCE, found.fits[:3]
    assert any("over the 1 s cutoff" in note for note in found.notes), found.notes


async def test_after_a_cut_off_run_the_walk_measures_half_way() -> None:
    top = size_range(problem("merge-meetings"))
    assert top
    # the top grid size would take 2.4 s: killed; half-way (√2 above the size below) fits
    found, points, _ = await _ladder(lambda n: 0.015 + 2.4 * (n / top) ** 2, 2.0)
    cut = [n for n, status in points if status == "cutoff"]
    assert cut == [top], points
    finished = sorted(n for n, status in points if status == "ok")
    assert finished[-1] == round(math.sqrt(top * grid(top)[-2])), points
    assert found.best == "n^2" and found.confidence >= ALARM_CONFIDENCE, found.fits[:3]


def _evidence(tests: TestEvidence, complexity: ComplexityEvidence) -> Evidence:
    return Evidence(
        problem="best-contiguous-sum",
        language="python",
        tests=tests,
        lint=LintEvidence(tool="ruff 0.17.5", ran=True),
        complexity=complexity,
        metrics=CodeMetrics(lines=9, non_blank=8, nloc=8, tokens=60, max_cyclomatic=1),
    )


def test_guided_sections_open_with_the_measured_facts() -> None:
    """The service writes the facts a section opens with; the model continues from them."""
    failing = TestEvidence.model_validate(
        {
            "verdict": "Wrong Answer",
            "visible_total": 2,
            "visible_passed": 2,
            "hidden_total": 2,
            "hidden_passed": 1,
            "first_failure": FIRST_FAILURE,
        }
    )
    quadratic = ComplexityEvidence(ran=True, best="n^2", expected="n", slower_than_expected=True)
    evidence = _evidence(failing, quadratic)
    assert section_lead("Summary", evidence) == "3 of 4 tests pass."
    assert section_lead("Correctness", evidence) == (
        "The first failing test is hidden 01 (Wrong Answer): it expects `-7` and the program "
        "prints `0`."
    )
    long_output = failing.model_copy(
        update={"first_failure": FailingTest(**{**FIRST_FAILURE, "expected": "1 " * 40})}
    )
    assert section_lead("Correctness", _evidence(long_output, quadratic)) == (
        "The first failing test is hidden 01 (Wrong Answer)"
    )
    lines = failing.model_copy(
        update={"first_failure": FailingTest(**{**FIRST_FAILURE, "expected": "1\n2\n"})}
    )
    assert section_lead("Correctness", _evidence(lines, quadratic)).endswith("(Wrong Answer)")
    assert section_lead("Complexity", evidence) == (
        "Measured: time grows like quadratic (n^2), slower than the expected n."
    )
    assert section_lead("Code quality", evidence) == "ruff 0.17.5: no findings."
    assert section_lead("Edge cases", evidence) == ""
    assert not no_fix_needed(evidence)
    passing = TestEvidence(verdict="Accepted", visible_total=2, visible_passed=2)
    linear = ComplexityEvidence(ran=True, best="n", expected="n")
    assert no_fix_needed(_evidence(passing, linear))
    assert not no_fix_needed(_evidence(passing, quadratic))  # correct but too slow: fix it
    # the prompt is Qwen's chat template, ending where the answer begins
    prompt = chatml([{"role": "system", "content": "S"}, {"role": "user", "content": "U"}])
    assert prompt == (
        "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n"
    )


def test_a_guided_section_ends_on_a_whole_sentence() -> None:
    # stopped by ". ": the full stop comes back
    assert finish_prose(" The loop starts at 0", cut_by_cap=False) == "The loop starts at 0."
    assert finish_prose("It fails on -7!", cut_by_cap=False) == "It fails on -7!"
    # cut by the token cap: back to the last whole sentence (a decimal point is not one)
    cut = finish_prose("It runs in 0.5 s. Then the second half was cut mid", cut_by_cap=True)
    assert cut == "It runs in 0.5 s."
    assert finish_prose("no sentence ended", cut_by_cap=True) == "no sentence ended …"
    # stopped at a code fence: the sentence announcing the block goes, or ends with a stop
    fenced = finish_prose("It prints 0. The expected output is:\n", cut_by_cap=False)
    assert fenced == "It prints 0."
    assert finish_prose("It fails on hidden 05 with the input:", False) == (
        "It fails on hidden 05 with the input."
    )
    # inline code at the end still gets its full stop; a closed code block does not
    assert finish_prose("It returns `0`", cut_by_cap=False) == "It returns `0`."
    assert finish_prose("x:\n```\n1\n```", cut_by_cap=False).endswith("```")
    # a paragraph stop inside a code block: the block is closed, so the next heading stays one
    opened = finish_prose("It fails on:\n```\n1\n-7", cut_by_cap=False)
    assert opened == "It fails on:\n```\n1\n-7\n```", opened
    answer = f"## Correctness\n\n{opened}\n\n## Complexity\n\nx\n\n## Proposed fix\n\n```py\ny\n```"
    assert list(parse_sections(answer)) == ["Correctness", "Complexity", "Proposed fix"]
