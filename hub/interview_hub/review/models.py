"""The evidence a review is built from, as pydantic models (``model_dump(mode="json")`` gives
JSON; ``Evidence.model_validate_json`` reads a stored one back).

Evidence holds hidden tests' inputs and expected outputs: it lives in the interviews service and
goes to interviewers only, never to a candidate's browser or an interview server.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EVIDENCE_VERSION = 1
Severity = Literal["error", "warning", "info"]
PointStatus = Literal["ok", "cutoff", "crashed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TestOutcome(_Model):
    __test__ = False  # not a pytest class

    name: str
    hidden: bool
    verdict: str
    time_ms: float = 0.0
    wall_ms: float = 0.0
    memory_kb: int = 0


class FailingTest(_Model):
    """The first failing test, with its input, expected and actual output cut to a readable
    size (``*_bytes`` and ``*_lines`` give the full sizes)."""

    name: str
    hidden: bool
    verdict: str
    input: str
    expected: str
    actual: str
    stderr: str = ""
    input_bytes: int = 0
    input_lines: int = 0
    expected_bytes: int = 0
    actual_bytes: int = 0


class TestEvidence(_Model):
    __test__ = False

    verdict: str  # overall, the grader's label ("Accepted", "Wrong Answer", ...)
    visible_passed: int = 0
    visible_total: int = 0
    hidden_passed: int = 0
    hidden_total: int = 0
    results: list[TestOutcome] = Field(default_factory=list)
    not_run: list[str] = Field(default_factory=list)  # skipped after a large test failed
    first_failure: FailingTest | None = None
    compile_output: str = ""
    message: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        return self.visible_passed + self.hidden_passed

    @property
    def total(self) -> int:
        return self.visible_total + self.hidden_total

    @property
    def failed_names(self) -> list[str]:
        return [r.name for r in self.results if r.verdict != "Accepted"]


class Finding(_Model):
    tool: str
    code: str
    message: str
    severity: Severity = "warning"
    line: int | None = None
    column: int | None = None


class LintEvidence(_Model):
    tool: str  # "ruff 0.17.5", "gcc -Wall -Wextra", "javac -Xlint:all", "go vet", ...
    ran: bool
    skipped_reason: str = ""
    findings: list[Finding] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


class Point(_Model):
    n: int
    seed: int
    cpu_ms: float
    wall_ms: float
    status: PointStatus = "ok"


class ModelFit(_Model):
    model: str  # "1", "log n", "n", "n log n", "n^2", "n^3", "2^n"
    error: float  # root mean square of the relative residuals
    probability: float
    constant_ms: float = 0.0
    scale_ms: float = 0.0  # time at the largest measured n minus the constant


class ComplexityEvidence(_Model):
    ran: bool
    skipped_reason: str = ""
    best: str | None = None
    confidence: float = 0.0
    slope: float | None = None  # log-log slope of the time above start-up
    expected: str | None = None  # problem.toml's expected_complexity
    expected_class: str | None = None  # the same as one of the fitted models, if it maps
    slower_than_expected: bool = False
    points: list[Point] = Field(default_factory=list)
    fits: list[ModelFit] = Field(default_factory=list)
    seed: int | None = None
    notes: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class FunctionMetrics(_Model):
    name: str
    line: int
    cyclomatic: int
    nloc: int
    tokens: int


class CodeMetrics(_Model):
    lines: int
    non_blank: int
    nloc: int  # lizard: lines of code without comments and blank lines
    tokens: int
    functions: list[FunctionMetrics] = Field(default_factory=list)
    max_cyclomatic: int = 0
    average_cyclomatic: float = 0.0


class Evidence(_Model):
    version: int = EVIDENCE_VERSION
    problem: str
    language: str
    tests: TestEvidence
    lint: LintEvidence
    complexity: ComplexityEvidence
    metrics: CodeMetrics
    summary: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = Field(default_factory=dict)

    def to_json(self) -> str:
        return self.model_dump_json()
