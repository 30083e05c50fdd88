"""AI code review, step 1: the evidence a review is built from.

``gather_evidence(problem, language, source, grader)`` runs the visible and hidden tests in the
grading sandbox, collects linter findings (ruff; compiler warnings, ``go vet``, esbuild inside
the sandbox), measures how the run time grows on generated inputs and fits it against
1, log n, n, n log n, n², n³ and 2ⁿ, counts code size and cyclomatic complexity, and writes a
short summary: an ``Evidence`` model (JSON with ``model_dump(mode="json")``).
"""

from .complexity import expected_class, fit
from .gather import gather_evidence
from .inputs import InputCache
from .models import (
    CodeMetrics,
    ComplexityEvidence,
    Evidence,
    FailingTest,
    Finding,
    LintEvidence,
    ModelFit,
    Point,
    TestEvidence,
    TestOutcome,
)

__all__ = [
    "CodeMetrics",
    "ComplexityEvidence",
    "Evidence",
    "FailingTest",
    "Finding",
    "InputCache",
    "LintEvidence",
    "ModelFit",
    "Point",
    "TestEvidence",
    "TestOutcome",
    "expected_class",
    "fit",
    "gather_evidence",
]
