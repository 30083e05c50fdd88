"""Time to evidence per case, for ``scripts/bench-review``: ``time_evidence(cases, grader)``
gives one ``CaseTiming`` per case and run; ``timing_summary`` the percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..grading import Grader
from ..problems import Problem
from .gather import gather_evidence
from .inputs import InputCache


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
