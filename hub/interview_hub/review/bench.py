"""Timings for ``scripts/bench-review``: ``time_evidence(cases, grader)`` gives one
``CaseTiming`` per case and run (``timing_summary`` the percentiles); ``time_review(case,
grader, provider)`` times a whole streamed review (evidence, first token, total)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..grading import Grader
from ..problems import Problem
from .compose import write_review
from .gather import gather_evidence
from .inputs import InputCache
from .providers import Provider


@dataclass(frozen=True)
class BenchCase:
    name: str
    problem: Problem
    language: str
    source: str
    include_generated: bool = True


@dataclass
class CaseTiming:
    name: str
    language: str
    run: int
    seconds: float  # gather_evidence, wall clock
    parts: dict[str, float] = field(default_factory=dict)  # tests, workbench, metrics, ruff
    summary: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


async def time_evidence(
    cases: Iterable[BenchCase],
    grader: Grader,
    *,
    runs: int = 1,
    time_budget_s: float = 3.0,
    inputs: InputCache | None = None,
    cache_dir: Path | None = None,
) -> list[CaseTiming]:
    """Gather evidence for every case ``runs`` times, one case at a time (as the service would
    for one review), and time each."""
    timings = []
    for run in range(runs):
        for case in cases:
            started = time.perf_counter()
            evidence = await gather_evidence(
                case.problem,
                case.language,
                case.source,
                grader,
                time_budget_s=time_budget_s,
                inputs=inputs,
                cache_dir=cache_dir,
                include_generated=case.include_generated,
            )
            timings.append(
                CaseTiming(
                    name=case.name,
                    language=case.language,
                    run=run,
                    seconds=round(time.perf_counter() - started, 3),
                    parts=dict(evidence.timings),
                    summary=list(evidence.summary),
                )
            )
    return timings


def timing_summary(timings: list[CaseTiming]) -> dict[str, float]:
    """``evidence_p50_s``, ``evidence_p90_s``, ``evidence_max_s`` over all timings."""
    values = sorted(t.seconds for t in timings)
    if not values:
        return {}
    p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
    return {
        "evidence_p50_s": round(statistics.median(values), 3),
        "evidence_p90_s": round(p90, 3),
        "evidence_max_s": round(values[-1], 3),
    }


@dataclass
class ReviewTiming:
    """One streamed review, timed from the request: evidence, first model token, end (after
    the proposed fix was checked in the sandbox)."""

    name: str
    language: str
    evidence_s: float
    first_token_s: float | None
    total_s: float
    queued_s: float = 0.0
    tokens: int = 0
    prompt_tokens: int = 0
    fix: str = ""
    missing: list[str] = field(default_factory=list)
    error: str = ""
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


async def time_review(case: BenchCase, grader: Grader, provider: Provider) -> ReviewTiming:
    """Evidence, then the written review streamed from ``provider``, as the service's review
    job runs them (``service/domain/review_jobs.py``)."""
    started = time.perf_counter()
    evidence = await gather_evidence(
        case.problem, case.language, case.source, grader, include_generated=case.include_generated
    )
    evidence_s = time.perf_counter() - started
    first: list[float] = []

    def on_text(_: str) -> None:
        if not first:
            first.append(time.perf_counter() - started)

    written = await write_review(
        provider,
        case.problem,
        case.language,
        case.source,
        evidence,
        grader,
        on_text=on_text,
        include_generated=case.include_generated,
    )
    t = written.timings
    return ReviewTiming(
        name=case.name,
        language=case.language,
        evidence_s=round(evidence_s, 3),
        first_token_s=round(first[0], 3) if first else None,
        total_s=round(time.perf_counter() - started, 3),
        queued_s=float(t.get("queued_s", 0.0)),
        tokens=int(t.get("completion_tokens") or t.get("chunks", 0)),
        prompt_tokens=int(t.get("prompt_tokens", 0)),
        fix=written.fix_check.status if written.fix_check else "no fix proposed",
        missing=list(written.missing),
        error=written.error,
        text=written.text,
    )


def p50(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None
