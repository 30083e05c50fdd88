"""AI code review in the service: evidence first (always), then the model's text when one is set.

With no model configured the review is evidence-only and says so. Reviews are for the panel and
the hiring team; a candidate never receives one. ``review_jobs`` runs a review as a job whose
progress streams to the panel; the structured model result (sections, the fix's sandbox check,
timings) is kept in the row's ``evidence`` JSON under ``model_review`` (no schema change, so the
table stays as migration 0009 made it) and comes out of ``review_out`` as ``details``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...grading.runner import Grader
from ...problems.bank import Problem as BankProblem
from ...problems.bank import TestPair, load_problem
from ...problems.schema import GeneratedTest, ProblemMeta
from ...review import gather_evidence
from ...review.compose import SYSTEM, write_review
from ...review.providers import Provider, ProviderError, configured_provider
from ..db.models import Interview, Problem, Review, TestRun
from ..errors import Forbidden, NotFound
from .interviews import Viewer

PROMPT_VERSION = "evidence-v1"
NO_MODEL = (
    "Evidence only: no review model is configured on this platform (set a local model, "
    "Gemini or an OpenAI-compatible endpoint to add a written review)."
)


def can_request(interview: Interview, viewer: Viewer) -> bool:
    return viewer.name in interview.interviewers or viewer.admin


def can_read(interview: Interview, viewer: Viewer) -> bool:
    return can_request(interview, viewer) or viewer.role == "reviewer"


def authorise_read(interview: Interview, viewer: Viewer) -> None:
    """Panel interviewers, reviewers and admins; the candidate (whatever else they are) never."""
    if viewer.name == interview.candidate:
        raise Forbidden(
            "AI reviews are for interviewers, never for the candidate.",
            reason="interviewers_only",
        )
    if not can_read(interview, viewer):
        raise Forbidden("AI reviews are for the panel and the hiring team.", reason="not_on_panel")


def authorise_request(interview: Interview, viewer: Viewer) -> None:
    authorise_read(interview, viewer)
    if not can_request(interview, viewer):
        raise Forbidden("Only the interview's panel asks for AI reviews.", reason="not_on_panel")


def last_submission(session: Session, interview: Interview) -> TestRun | None:
    """The newest graded "Run tests" of this interview (the code a review defaults to)."""
    return session.scalars(
        select(TestRun)
        .where(TestRun.interview_id == interview.id)
        .order_by(TestRun.created_at.desc(), TestRun.id.desc())
        .limit(1)
    ).first()


def get_review(session: Session, interview: Interview, review_id: int) -> Review:
    item = session.get(Review, review_id)
    if item is None or item.interview_id != interview.id:
        raise NotFound(f"No AI review {review_id} in this interview.")
    return item


def bank_problem(problem: Problem, bank_dir: Path | None) -> BankProblem:
    """The problem as the evidence engine reads it: from its folder, or rebuilt from the row."""
    if problem.origin == "bank" and bank_dir is not None and (bank_dir / problem.slug).is_dir():
        return load_problem(bank_dir / problem.slug)
    meta = ProblemMeta.model_construct(
        slug=problem.slug,
        title=problem.title,
        difficulty=problem.difficulty,  # type: ignore[arg-type]
        topics=list(problem.topics),
        time_limit_s=problem.time_limit_s,
        memory_limit_mb=problem.memory_limit_mb,
        checker=problem.checker,
        expected_complexity=problem.expected_complexity,
        signature=None,
        generated=[GeneratedTest(**g) for g in problem.generated],
    )
    pairs = lambda items: [TestPair(t["name"], t["input"], t["output"]) for t in items]  # noqa: E731
    return BankProblem(
        meta=meta,
        path=Path("/nonexistent"),
        statement=problem.statement,
        starters=dict(problem.starters),
        solutions=dict(problem.solutions),
        wrong={},
        visible=pairs(problem.visible),
        hidden=pairs(problem.hidden),
        generator=problem.generator,
    )


@dataclass
class Outcome:
    """What a review request produced: the evidence (always) and the written review's record."""

    evidence: dict[str, Any]
    model: str = ""
    prompt_version: str = PROMPT_VERSION
    text: str = NO_MODEL
    details: dict[str, Any] = field(default_factory=dict)  # sections, fix check, timings


def provider() -> tuple[Provider | None, str]:
    """The configured review model (``REVIEW_PROVIDER``), or None and why not."""
    try:
        return configured_provider(), ""
    except ProviderError as exc:
        return None, str(exc)


async def review(
    grader: Grader,
    problem: Problem,
    language: str,
    source: str,
    bank_dir: Path | None,
    model: Provider | None = None,
) -> Outcome:
    """Evidence first; then, with a model (``model`` or the configured one), its written
    review, whose proposed fix has been run through the grading sandbox."""
    bank = bank_problem(problem, bank_dir)
    evidence = await gather_evidence(bank, language, source, grader)
    outcome = Outcome(evidence=evidence.model_dump(mode="json"))
    reason = ""
    if model is None:
        model, reason = provider()
    if model is None:
        if reason:
            outcome.text = f"{NO_MODEL} The configured model is unavailable: {reason}"
        return outcome
    written = await write_review(model, bank, language, source, evidence, grader)
    outcome.model = written.model
    outcome.prompt_version = written.prompt_version
    outcome.text = written.text
    outcome.details = written.as_dict()
    return outcome


async def warm_model(log: Any) -> None:
    """Start the configured local model and cache the fixed system prompt (no-op for the other
    providers, without a model, or once done)."""
    model, _ = provider()
    warm = getattr(model, "warm", None)
    if warm is None:
        return
    try:
        await warm(
            [{"role": "system", "content": SYSTEM["function"]}, {"role": "user", "content": "#"}]
        )
    except ProviderError as exc:
        log.warning("The review model could not be warmed: %s", exc)


def review_out(item: Review) -> dict[str, Any]:
    evidence = dict(item.evidence or {})
    details = evidence.pop("model_review", None)
    return {
        "id": item.id,
        "requested_by": item.requested_by,
        "problem": item.problem_slug,
        "language": item.language,
        "created_at": item.created_at.isoformat(),
        "model": item.model or None,
        "prompt_version": item.prompt_version,
        "text": item.text,
        "status": item.status,
        "evidence": evidence,
        "details": details,
    }


def list_for(session: Session, viewer: Viewer, interview: Interview) -> list[dict[str, Any]]:
    if not can_read(interview, viewer):
        raise Forbidden("AI reviews are for the panel and the hiring team.", reason="not_on_panel")
    rows = session.scalars(
        select(Review).where(Review.interview_id == interview.id).order_by(Review.created_at.desc())
    )
    return [review_out(r) for r in rows]
