"""Shared by the golden modules: gather one golden case's evidence and check it."""

from __future__ import annotations

from interview_hub.grading import Grader
from interview_hub.review import Evidence, gather_evidence
from interview_hub.review.ladder import ALARM_CONFIDENCE

from .golden import Golden, problem


async def golden_evidence(case: Golden, grader: Grader) -> Evidence:
    evidence = await gather_evidence(
        problem(case.slug),
        case.language,
        case.source,
        grader,
        time_budget_s=case.time_budget_s,
        include_generated=case.include_generated,
    )
    # every evidence survives a JSON round trip (it is stored with the review)
    assert Evidence.model_validate_json(evidence.to_json()) == evidence
    return evidence


def check_failing(case: Golden, evidence: Evidence) -> None:
    failure = evidence.tests.first_failure
    assert failure is not None, evidence.summary
    assert failure.name == case.failing, evidence.summary
    assert failure.verdict != "Accepted"
    assert failure.name in evidence.tests.failed_names
    assert f"first: {case.failing}" in evidence.summary[0]
    assert failure.input and failure.expected is not None


def check_complexity(case: Golden, evidence: Evidence) -> None:
    measured = evidence.complexity
    points = [(p.n, p.cpu_ms, p.status) for p in measured.points]
    assert measured.best == case.complexity, (measured.notes, points)
    # the alarm's own threshold: timing on a loaded 2-core machine is noisy, the class and the
    # alarm are what the interviewer sees
    assert measured.confidence >= ALARM_CONFIDENCE, (measured.fits[:3], points)
    assert measured.slower_than_expected
    assert any("quadratic" in line for line in evidence.summary), evidence.summary
