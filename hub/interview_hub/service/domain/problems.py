"""The problem bank in the service's database: synced from problems/, or written in the UI."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...problems.bank import BankError, load_problem, problem_folders
from ...problems.bank import Problem as BankProblem
from ..db.models import Problem, utcnow
from ..errors import Conflict, Forbidden, NotFound
from .people import audit

log = logging.getLogger("interviews.problems")

LANGUAGE_ORDER = ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")


def _hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def bank_fields(problem: BankProblem) -> dict[str, Any]:
    meta = problem.meta
    return {
        "title": meta.title,
        "difficulty": meta.difficulty,
        "topics": list(meta.topics),
        "statement": problem.statement,
        "starters": dict(problem.starters),
        "visible": [
            {"name": t.name, "input": t.input, "output": t.output} for t in problem.visible
        ],
        "hidden": [{"name": t.name, "input": t.input, "output": t.output} for t in problem.hidden],
        "generated": [spec.model_dump() for spec in problem.meta.generated],
        "solutions": dict(problem.solutions),
        "generator": problem.generator,
        "time_limit_s": meta.time_limit_s,
        "memory_limit_mb": meta.memory_limit_mb,
        "checker": meta.checker,
        "expected_complexity": meta.expected_complexity,
    }


def load_valid(bank: Path) -> tuple[list[BankProblem], list[str]]:
    """The valid problems of a bank, and one line per error of the invalid ones."""
    problems, errors = [], []
    for folder in problem_folders(bank):
        try:
            problems.append(load_problem(folder))
        except BankError as error:
            errors += [f"{slug}: {message}" for slug, message in error.errors]
    return problems, errors


def sync_bank(session: Session, bank: Path) -> dict[str, int]:
    """Load every valid bank problem (idempotent); invalid folders are logged and skipped.

    Problems an interviewer edited are left alone.
    """
    counts = {"added": 0, "updated": 0, "unchanged": 0, "kept_custom": 0, "invalid": 0}
    problems, errors = load_valid(bank)
    for line in errors:
        log.warning("problem bank: %s", line)
    counts["invalid"] = len({line.split(":", 1)[0] for line in errors})
    for problem in problems:
        fields = bank_fields(problem)
        digest = _hash(fields)
        row = session.scalar(select(Problem).where(Problem.slug == problem.slug))
        if row is None:
            session.add(
                Problem(
                    slug=problem.slug,
                    origin="bank",
                    content_hash=digest,
                    created_by="bank",
                    **fields,
                )
            )
            counts["added"] += 1
        elif row.origin != "bank":
            counts["kept_custom"] += 1
        elif row.content_hash != digest:
            for key, value in fields.items():
                setattr(row, key, value)
            row.content_hash, row.updated_at = digest, utcnow()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def list_problems(session: Session) -> list[Problem]:
    return list(session.scalars(select(Problem).order_by(Problem.difficulty, Problem.title)))


def get(session: Session, slug: str) -> Problem:
    problem = session.scalar(select(Problem).where(Problem.slug == slug))
    if problem is None:
        raise NotFound(f"No problem {slug!r} in the bank.")
    return problem


def summary(problem: Problem) -> dict[str, Any]:
    return {
        "slug": problem.slug,
        "title": problem.title,
        "difficulty": problem.difficulty,
        "topics": problem.topics,
        "origin": problem.origin,
        "visible_tests": len(problem.visible),
        "hidden_tests": len(problem.hidden) + len(problem.generated),
        "expected_complexity": problem.expected_complexity,
    }


def public_view(problem: Problem) -> dict[str, Any]:
    """What a candidate may see: never hidden tests, solutions or the generator."""
    return {
        "slug": problem.slug,
        "title": problem.title,
        "difficulty": problem.difficulty,
        "statement": problem.statement,
        "starters": {k: problem.starters[k] for k in LANGUAGE_ORDER if k in problem.starters},
        "visible": problem.visible,
        "time_limit_s": problem.time_limit_s,
        "memory_limit_mb": problem.memory_limit_mb,
    }


def staff_view(problem: Problem) -> dict[str, Any]:
    return {
        **public_view(problem),
        **summary(problem),
        "hidden": problem.hidden,
        "generated": problem.generated,
        "solutions": problem.solutions,
        "checker": problem.checker,
        "created_by": problem.created_by,
        "updated_at": problem.updated_at.isoformat(),
    }


def save_custom(
    session: Session, actor: str, slug: str | None, fields: dict[str, Any], can_write: bool
) -> Problem:
    if not can_write:
        raise Forbidden("Only interviewers can write problems.", reason="interviewer_only")
    if slug is None:
        new_slug = str(fields.pop("slug"))
        if session.scalar(select(Problem).where(Problem.slug == new_slug)) is not None:
            raise Conflict(
                f"A problem called {new_slug!r} exists; choose another slug.", reason="slug_taken"
            )
        problem = Problem(slug=new_slug, origin="custom", created_by=actor, **fields)
        session.add(problem)
        audit(session, actor, "problem.created", new_slug)
    else:
        fields.pop("slug", None)
        problem = get(session, slug)
        for key, value in fields.items():
            setattr(problem, key, value)
        problem.origin = "custom"  # an edited bank problem is no longer overwritten by syncs
        audit(session, actor, "problem.edited", slug)
    problem.content_hash = _hash({k: v for k, v in fields.items()})
    problem.updated_at = utcnow()
    session.flush()
    return problem
