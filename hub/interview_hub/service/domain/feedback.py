"""Verdicts: each panel interviewer's feedback (blind until they submit), and the decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Feedback, FeedbackVersion, Interview
from ..errors import Conflict, Forbidden, Invalid
from .interviews import SchedulePolicy, Viewer, render_markdown, status_of
from .people import audit

RECOMMENDATIONS = ("strong_no", "no", "mixed", "yes", "strong_yes")
RECOMMENDATION_LABELS = {
    "strong_no": "Strong no",
    "no": "No",
    "mixed": "Mixed",
    "yes": "Yes",
    "strong_yes": "Strong yes",
}
CLOSED = ("completed", "succeeded", "failed")


@dataclass(frozen=True)
class Competency:
    key: str
    label: str
    anchors: dict[int, str] = field(default_factory=dict)


DEFAULT_RUBRIC = (
    Competency(
        "problem_solving",
        "Problem solving",
        {
            1: "Could not make progress even with hints",
            3: "Reached a working approach with some hints",
            5: "Found an optimal approach independently and explained trade-offs",
        },
    ),
    Competency(
        "code_quality",
        "Code quality",
        {
            1: "Hard to follow; incorrect structure",
            3: "Readable, some rough edges",
            5: "Clean, idiomatic, well-structured",
        },
    ),
    Competency(
        "communication",
        "Communication",
        {
            1: "Did not explain their thinking",
            3: "Explained when asked",
            5: "Thought aloud clearly and adapted to feedback",
        },
    ),
    Competency(
        "testing",
        "Testing",
        {
            1: "No testing or edge cases",
            3: "Tested the main cases",
            5: "Systematic tests including edge cases and complexity",
        },
    ),
)


def rubric_json(rubric: tuple[Competency, ...]) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "label": c.label, "anchors": {str(k): v for k, v in c.anchors.items()}}
        for c in rubric
    ]


def _require_closed(interview: Interview, now: datetime, policy: SchedulePolicy, what: str) -> str:
    status = status_of(interview, now, policy)
    if status not in CLOSED:
        raise Conflict(
            f"{what} opens once the interview is completed (it is {status}).",
            reason="not_completed",
        )
    return status


def save_feedback(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    *,
    rating: int,
    rubric_scores: dict[str, int],
    comments: str,
    recommendation: str,
    now: datetime,
    policy: SchedulePolicy,
    rubric: tuple[Competency, ...] = DEFAULT_RUBRIC,
) -> Feedback:
    if viewer.name not in interview.interviewers:
        raise Forbidden(
            "Only interviewers on this interview's panel give feedback.", reason="not_on_panel"
        )
    _require_closed(interview, now, policy, "Feedback")
    wanted = {c.key for c in rubric}
    if set(rubric_scores) != wanted:
        missing = sorted(wanted - set(rubric_scores))
        extra = sorted(set(rubric_scores) - wanted)
        raise Invalid(
            "Score every competency of the rubric"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(extra)}" if extra else "")
            + ".",
            fields=[{"field": "rubric", "message": "does not match the rubric"}],
        )
    feedback = session.scalar(
        select(Feedback).where(
            Feedback.interview_id == interview.id, Feedback.author == viewer.name
        )
    )
    if feedback is None:
        feedback = Feedback(
            interview_id=interview.id,
            author=viewer.name,
            version=1,
            rating=rating,
            rubric=rubric_scores,
            comments=comments,
            recommendation=recommendation,
            submitted_at=now,
            updated_at=now,
        )
        session.add(feedback)
    else:
        feedback.version += 1
        feedback.rating, feedback.rubric = rating, dict(rubric_scores)
        feedback.comments, feedback.recommendation = comments, recommendation
        feedback.updated_at = now
    session.flush()
    session.add(
        FeedbackVersion(
            feedback_id=feedback.id,
            version=feedback.version,
            rating=rating,
            rubric=dict(rubric_scores),
            comments=comments,
            recommendation=recommendation,
            saved_at=now,
        )
    )
    audit(session, viewer.name, "feedback.saved", interview.public_id, version=feedback.version)
    return feedback


def feedback_out(feedback: Feedback) -> dict[str, Any]:
    return {
        "author": feedback.author,
        "version": feedback.version,
        "rating": feedback.rating,
        "rubric": feedback.rubric,
        "comments": feedback.comments,
        "comments_html": render_markdown(feedback.comments),
        "recommendation": feedback.recommendation,
        "submitted_at": feedback.submitted_at.isoformat(),
        "updated_at": feedback.updated_at.isoformat(),
    }


def aggregate(items: list[Feedback], rubric: tuple[Competency, ...]) -> dict[str, Any]:
    if not items:
        return {"count": 0, "rating": None, "rubric": {}, "recommendations": {}}
    return {
        "count": len(items),
        "rating": round(mean(f.rating for f in items), 2),
        "rubric": {c.key: round(mean(f.rubric.get(c.key, 0) for f in items), 2) for c in rubric},
        "recommendations": {
            r: sum(f.recommendation == r for f in items)
            for r in RECOMMENDATIONS
            if any(f.recommendation == r for f in items)
        },
    }


def view(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    rubric: tuple[Competency, ...] = DEFAULT_RUBRIC,
) -> dict[str, Any]:
    """What this viewer may see of the feedback: blind for panel members who have not submitted."""
    on_panel = viewer.name in interview.interviewers
    if not (on_panel or viewer.admin or viewer.role == "reviewer"):
        raise Forbidden(
            "Feedback is for the interview's panel, reviewers and admins.", reason="not_on_panel"
        )
    items = list(
        session.scalars(
            select(Feedback)
            .where(Feedback.interview_id == interview.id)
            .order_by(Feedback.submitted_at)
        )
    )
    mine = next((f for f in items if f.author == viewer.name), None)
    may_see_others = not on_panel or mine is not None
    others = [f for f in items if f.author != viewer.name]
    return {
        "rubric": rubric_json(rubric),
        "recommendations": [{"key": k, "label": RECOMMENDATION_LABELS[k]} for k in RECOMMENDATIONS],
        "can_submit": on_panel,
        "mine": feedback_out(mine) if mine else None,
        "others": [feedback_out(f) for f in others] if may_see_others else [],
        "others_hidden": 0 if may_see_others else len(others),
        "aggregate": aggregate(items, rubric) if may_see_others else None,
        "decision": {
            "decision": interview.decision,
            "reason": interview.decision_reason,
            "decided_by": interview.decided_by,
            "decided_at": interview.decided_at.isoformat() if interview.decided_at else None,
        },
        "can_decide": on_panel or viewer.role == "reviewer" or viewer.admin,
    }


def decide(
    session: Session,
    viewer: Viewer,
    interview: Interview,
    decision: str,
    reason: str,
    now: datetime,
    policy: SchedulePolicy,
) -> None:
    if not (viewer.name in interview.interviewers or viewer.role == "reviewer" or viewer.admin):
        raise Forbidden("Only the panel, reviewers and admins decide.", reason="not_on_panel")
    if interview.cancelled_at is not None:
        raise Conflict("A cancelled interview has no decision.", reason="interview_cancelled")
    _require_closed(interview, now, policy, "The decision")
    previous = interview.decision
    interview.decision, interview.decision_reason = decision, reason
    interview.decided_by, interview.decided_at = viewer.name, now
    audit(
        session,
        viewer.name,
        "decision.made",
        interview.public_id,
        decision=decision,
        previous=previous,
    )


def review_rows(
    session: Session, interviews: list[Interview], now: datetime, policy: SchedulePolicy
) -> list[dict[str, Any]]:
    """Completed interviews with decision and scores, for the hiring team's list."""
    ids = [i.id for i in interviews]
    by_interview: dict[int, list[Feedback]] = {}
    if ids:
        for f in session.scalars(select(Feedback).where(Feedback.interview_id.in_(ids))):
            by_interview.setdefault(f.interview_id, []).append(f)
    rows = []
    for interview in interviews:
        status = status_of(interview, now, policy)
        if status not in CLOSED:
            continue
        items = by_interview.get(interview.id, [])
        rows.append(
            {
                "id": interview.public_id,
                "title": interview.title,
                "position": interview.position,
                "candidate": interview.candidate,
                "interviewers": interview.interviewers,
                "starts_at": interview.starts_at.isoformat(),
                "status": status,
                "decision": interview.decision,
                "feedback_count": len(items),
                "rating": round(mean(f.rating for f in items), 2) if items else None,
            }
        )
    return rows
