"""``Grader.grade(checker=...)``: the comparison runs in the grader on the run's whole output
(not the 16 KiB kept for display), so tokens and float problems get their verdicts there."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader, Limits, TestCase, Verdict
from interview_hub.grading.runner import SHOWN_OUTPUT
from interview_hub.problems import checker_for

ECHO = "import sys\nsys.stdout.write(sys.stdin.read())\n"
# Prints 0..n-1 one per line, then a last value read from the input (to make it wrong late).
COUNT = (
    "import sys\n"
    "n, last = sys.stdin.read().split()\n"
    "print('\\n'.join(map(str, range(int(n)))))\n"
    "print(last)\n"
)
BIG = 40_000  # about 230 KB of output: far past SHOWN_OUTPUT


def numbers(n: int, last: str, sep: str = "\n") -> str:
    return sep.join(map(str, range(n))) + f"\n{last}\n"


async def test_tokens_checker_accepts_other_whitespace(grader: Grader) -> None:
    tests = [
        TestCase("1\n2   3\n", "1 2 3\n", "spaced"),
        TestCase("1 2 3 4\n", "1 2 3\n", "extra token"),
    ]
    exact = await grader.grade("python", ECHO, tests)
    assert [t.verdict for t in exact.tests] == [Verdict.WRONG_ANSWER, Verdict.WRONG_ANSWER]
    tokens = await grader.grade("python", ECHO, tests, checker=checker_for("tokens"))
    assert [t.verdict for t in tokens.tests] == [Verdict.ACCEPTED, Verdict.WRONG_ANSWER]
    assert tokens.verdict is Verdict.WRONG_ANSWER and tokens.passed == 1


async def test_float_checker_uses_the_tolerance(grader: Grader) -> None:
    tests = [
        TestCase("0.3333334\n", "0.333333333\n", "close"),
        TestCase("1000000000.5\n", "1e9\n", "relative above 1"),
        TestCase("0.3334\n", "0.333333333\n", "too far"),
        TestCase("nan\n", "0.5\n", "nan"),
        TestCase("0.5 0.5\n", "0.5\n", "extra number"),
    ]
    result = await grader.grade("python", ECHO, tests, checker=checker_for("float:1e-6"))
    assert [t.verdict for t in result.tests] == [Verdict.ACCEPTED] * 2 + [Verdict.WRONG_ANSWER] * 3


@pytest.mark.parametrize("checker", [None, "tokens", "float:1e-6"])
async def test_long_correct_output_is_accepted_and_shown_truncated(
    grader: Grader, checker: str | None
) -> None:
    expected = numbers(BIG, "7", sep=" " if checker else "\n")  # checkers ignore the layout
    assert len(expected) > 10 * SHOWN_OUTPUT
    cases = [
        TestCase(f"{BIG} 7\n", expected, "right"),
        TestCase(f"{BIG} 8\n", expected, "wrong at the very end"),
    ]
    result = await grader.grade(
        "python", COUNT, cases, checker=checker_for(checker) if checker else None
    )
    right, wrong = result.tests
    assert right.verdict is Verdict.ACCEPTED, right.stdout[-200:]
    assert wrong.verdict is Verdict.WRONG_ANSWER  # the difference lies past the shown part
    assert right.stdout.endswith("… (truncated)")
    assert len(right.stdout.encode()) <= SHOWN_OUTPUT + 64
    assert expected.replace(" ", "\n").startswith(right.stdout.removesuffix("\n… (truncated)"))


async def test_checker_sees_everything_and_only_finished_runs(grader: Grader) -> None:
    seen: list[tuple[str, str]] = []

    def record(expected: str, actual: str) -> bool:
        seen.append((expected, actual))
        return True

    crash = "import sys\nprint('x')\nsys.exit(3)\n"
    result = await grader.grade("python", crash, [TestCase("", "x\n")], checker=record)
    assert result.verdict is Verdict.RUNTIME_ERROR and seen == []
    result = await grader.grade(
        "python", COUNT, [TestCase(f"{BIG} 1\n", "anything")], checker=record
    )
    assert result.verdict is Verdict.ACCEPTED
    assert seen == [("anything", numbers(BIG, "1"))]
    run_only = await grader.grade("python", ECHO, [TestCase("hi\n", None)], checker=record)
    assert run_only.verdict is Verdict.ACCEPTED and len(seen) == 1  # no expected output


async def test_checker_failure_is_an_internal_error(grader: Grader) -> None:
    def broken(expected: str, actual: str) -> bool:
        raise ValueError("cannot compare")

    result = await grader.grade(
        "python", ECHO, [TestCase("1\n", "1\n"), TestCase("2\n", "2\n")], checker=broken
    )
    assert result.verdict is Verdict.INTERNAL_ERROR
    assert result.message == "checker failed: ValueError: cannot compare"
    assert [t.verdict for t in result.tests] == [Verdict.INTERNAL_ERROR] * 2


async def test_stop_on_failure_with_a_checker(grader: Grader) -> None:
    tests = [TestCase("1 2\n", "1\n2\n"), TestCase("3\n", "4\n"), TestCase("5\n", "5\n")]
    result = await grader.grade(
        "python",
        ECHO,
        tests,
        Limits(time_s=2),
        stop_on_failure=True,
        checker=checker_for("tokens"),
    )
    assert [t.verdict for t in result.tests] == [Verdict.ACCEPTED, Verdict.WRONG_ANSWER]
