"""A few short machine-written lines that say what the evidence shows, most important first."""

from __future__ import annotations

from .complexity import WORDS
from .models import CodeMetrics, ComplexityEvidence, LintEvidence, TestEvidence

INLINE = 40
HIGH_CYCLOMATIC = 10


def _inline(text: str) -> str | None:
    """``text`` on one line if it is short, else None."""
    flat = " ⏎ ".join(line.rstrip() for line in text.strip("\n").splitlines())
    if "… (" in text or len(flat) > INLINE:
        return None
    return flat or "(empty)"


def tests_line(tests: TestEvidence) -> str:
    if tests.verdict == "Compilation Error":
        first = next((ln for ln in tests.compile_output.splitlines() if ln.strip()), "")
        return f"does not compile: {first[:120]}".rstrip(": ")
    if tests.verdict == "Internal Error" and not tests.results:
        return f"tests could not run: {tests.message[:120]}"
    failure = tests.first_failure
    if failure is None:
        return (
            f"passes all {tests.total} tests ({tests.visible_total} visible, "
            f"{tests.hidden_total} hidden)"
        )
    failed = len(tests.failed_names)
    kind = "hidden" if failure.hidden else "visible"
    name = failure.name if failure.name.startswith(kind) else f"{kind} test {failure.name}"
    line = f"fails {failed} of {tests.total} tests; first: {name} ({failure.verdict})"
    given = _inline(failure.input)
    line += f" on input `{given}`" if given else f" on a {failure.input_lines}-line input"
    if failure.verdict == "Wrong Answer":
        want, got = _inline(failure.expected), _inline(failure.actual)
        if want and got:
            line += f": expected `{want}`, got `{got}`"
    return line


def complexity_line(complexity: ComplexityEvidence) -> str | None:
    if not complexity.ran or complexity.best is None:
        return None
    best = complexity.best
    measured = f"{WORDS[best]} ({best})" if WORDS[best] != best else best
    confidence = f"confidence {complexity.confidence:.2f}"
    if complexity.slower_than_expected and complexity.expected_class:
        expected = WORDS[complexity.expected_class]
        return f"{measured} where {expected} ({complexity.expected}) is expected ({confidence})"
    line = f"time grows like {best} ({confidence})"
    if complexity.expected:
        line += f"; expected {complexity.expected}"
    return line


def lint_line(lint: LintEvidence) -> str | None:
    if not lint.findings:
        return None
    order = {"error": 0, "warning": 1, "info": 2}
    top = sorted(lint.findings, key=lambda f: (order[f.severity], f.line or 0))[:3]
    shown = "; ".join(
        f"{f.code}{f' line {f.line}' if f.line else ''}: {f.message[:80]}" for f in top
    )
    count = len(lint.findings)
    return f"{lint.tool.split()[0]}: {count} finding{'s' * (count != 1)} — {shown}"


def metrics_line(metrics: CodeMetrics) -> str | None:
    worst = max(metrics.functions, key=lambda f: f.cyclomatic, default=None)
    if worst is None or worst.cyclomatic <= HIGH_CYCLOMATIC:
        return None
    return f"high cyclomatic complexity {worst.cyclomatic} in {worst.name} (line {worst.line})"


def summarise(
    tests: TestEvidence,
    lint: LintEvidence,
    complexity: ComplexityEvidence,
    metrics: CodeMetrics,
) -> list[str]:
    lines = [tests_line(tests)]
    if tests.not_run:
        lines.append(f"{len(tests.not_run)} larger test(s) not run after a large test failed")
    for extra in (complexity_line(complexity), lint_line(lint), metrics_line(metrics)):
        if extra:
            lines.append(extra)
    return lines
