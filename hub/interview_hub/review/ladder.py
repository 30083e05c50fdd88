"""Empirical time complexity: run the program on generated inputs of growing size, then fit.

Sizes come from a geometric grid ``n_max / 2^j`` (``j = GRID_STEPS … 0``), where ``n_max`` is the
largest size the problem's own tests use. The walk starts at the bottom and takes 4x steps while
the time stays at start-up level, 2x steps once it grows; it stops when a run exceeds the CPU
cutoff, crashes, the next run would not fit in the time budget, or the grid ends; after a cut-off
run it measures once half-way between that size and the largest finished one. The first sizes
run every seed of the problem's large tests (authors choose them to catch slow code); once the
time grows, the walk keeps the slowest seed only, so a scan that is quadratic on falling runs but
fast on random data is measured on the falling runs.
"""

from __future__ import annotations

import asyncio
import math
import time

from ..grading.process import ProcessResult
from ..problems import Problem
from .complexity import (
    MIN_GROWTH,
    SUBLINEAR_GROWTH,
    WORDS,
    expected_class,
    fit,
    growth,
    slope,
    slower,
)
from .inputs import GeneratorError, InputCache, ladder_seeds, size_range
from .models import ComplexityEvidence, Point, PointStatus
from .workbench import Workbench

GRID_STEPS = 10
MAX_RUNS = 16
MULTI_SEED_SIZES = 3
MIN_POINTS = 3
#: a measured class slower than expected is an alarm only from this confidence on
ALARM_CONFIDENCE = 0.6


def grid(n_max: int) -> list[int]:
    return sorted({max(1, round(n_max / 2**j)) for j in range(GRID_STEPS, -1, -1)})


def _signal(cpu: float, baseline: float) -> bool:
    return cpu - baseline >= max(0.25 * baseline, 0.002)


def _fastest_per_size(points: list[Point]) -> list[Point]:
    best: dict[int, Point] = {}
    for point in points:
        if point.n not in best or point.cpu_ms < best[point.n].cpu_ms:
            best[point.n] = point
    return [best[n] for n in sorted(best)]


def _point(n: int, seed: int, result: ProcessResult, status: PointStatus = "ok") -> Point:
    return Point(
        n=n,
        seed=seed,
        cpu_ms=round(result.cpu_s * 1000, 2),
        wall_ms=round(result.wall_s * 1000, 2),
        status=status,
    )


class _Walk:
    def __init__(self, problem: Problem, inputs: InputCache, deadline: float) -> None:
        self.problem, self.inputs, self.deadline = problem, inputs, deadline
        self.points: list[Point] = []
        self.generate_rate = 2e-6  # host seconds per unit of n, updated as inputs are made
        self.prefetched: list[asyncio.Task[bytes]] = []

    def of_seed(self, seed: int) -> list[Point]:
        return sorted((p for p in self.points if p.seed == seed), key=lambda p: p.n)

    def estimate(self, n: int, seed: int, cutoff: float) -> float:
        """Wall seconds the run at ``n`` will likely take, input generation included."""
        cost = 0.0 if self.inputs.cached(self.problem, n, seed) else self.generate_rate * n + 0.03
        done = _fastest_per_size(
            [p for p in self.of_seed(seed) if p.status == "ok"]
            or [p for p in self.points if p.status == "ok"]
        )
        if not done:
            return cost + 0.15
        last, base = done[-1], done[0].cpu_ms / 1000
        cpu, overhead = last.cpu_ms / 1000, max(0.0, (last.wall_ms - last.cpu_ms) / 1000)
        exponent = 1.5
        if len(done) >= 2 and done[-2].cpu_ms / 1000 - base > 0 and cpu - base > 0:
            rise = math.log((cpu - base) / (done[-2].cpu_ms / 1000 - base))
            exponent = min(3.0, max(1.0, rise / math.log(last.n / done[-2].n)))
        predicted = base + max(cpu - base, 0.001) * (n / last.n) ** exponent
        return cost + min(predicted, cutoff * 1.1) + overhead

    async def run(self, bench: Workbench, n: int, seed: int, cutoff: float) -> ProcessResult:
        """One timed run at ``n`` (its input made now if not cached)."""
        data = await self.inputs.get(self.problem, n, seed)
        return await bench.run(data, cutoff, self.problem.memory_limit_mb)

    def prefetch(self, n: int, seed: int) -> None:
        if not self.inputs.cached(self.problem, n, seed):
            self.prefetched.append(asyncio.ensure_future(self.inputs.get(self.problem, n, seed)))

    async def close(self) -> None:
        for task in self.prefetched:
            task.cancel()
        await asyncio.gather(*self.prefetched, return_exceptions=True)


async def measure_complexity(
    bench: Workbench,
    problem: Problem,
    inputs: InputCache,
    *,
    deadline: float,
    cutoff_s: float,
    max_n: int | None = None,
) -> ComplexityEvidence:
    """Walk the size grid within ``deadline`` (a ``time.perf_counter()`` value) and fit."""
    started = time.perf_counter()
    evidence = ComplexityEvidence(
        ran=False,
        expected=problem.meta.expected_complexity,
        expected_class=expected_class(problem.meta.expected_complexity),
    )
    n_max = max_n or size_range(problem)
    if not problem.generator:
        evidence.skipped_reason = "the problem has no generator.py"
    elif not n_max:
        evidence.skipped_reason = "no input size known ([[generated]] tests or HIDDEN_SIZES)"
    if evidence.skipped_reason or n_max is None:
        return evidence
    walk = _Walk(problem, inputs, deadline)
    try:
        await _walk(walk, bench, problem, grid(n_max), cutoff_s, evidence)
        await _bisect_top(walk, bench, cutoff_s, _chosen_seed(evidence, walk))
        await _confirm(walk, bench, cutoff_s, _chosen_seed(evidence, walk))
    except GeneratorError as error:
        evidence.notes.append(str(error))
    finally:
        await walk.close()
    evidence.ran = bool(walk.points)
    if not walk.points:
        evidence.skipped_reason = evidence.skipped_reason or "no run fitted in the time budget"
    _conclude(evidence, walk)
    evidence.seconds = round(time.perf_counter() - started, 3)
    return evidence


async def _walk(
    walk: _Walk,
    bench: Workbench,
    problem: Problem,
    sizes: list[int],
    cutoff: float,
    evidence: ComplexityEvidence,
) -> None:
    active = ladder_seeds(problem)
    evidence.seed = active[0] if len(active) == 1 else None
    memory = problem.memory_limit_mb
    index, multi, baseline = 0, 0, None
    while index < len(sizes) and len(walk.points) < MAX_RUNS:
        n = sizes[index]
        nxt = sizes[min(index + 1, len(sizes) - 1)]
        for seed in active:
            walk.prefetch(nxt, seed)
        here: list[Point] = []
        for seed in active:
            if time.perf_counter() + walk.estimate(n, seed, cutoff) > walk.deadline:
                evidence.notes.append(f"stopped before n={n}: the time budget would run out")
                return
            made = time.perf_counter()
            was_cached = walk.inputs.cached(problem, n, seed)
            data = await walk.inputs.get(problem, n, seed)
            if not was_cached and n >= 1000:
                walk.generate_rate = max(1e-7, (time.perf_counter() - made) / n)
            result = await bench.run(data, cutoff, memory)
            status: PointStatus = "ok"
            if result.timed_out or result.cpu_exceeded:
                status = "cutoff"
            elif result.exit_code != 0 or result.signal or result.oom_killed:
                status = "crashed"
                first = result.stderr.decode(errors="replace").strip().splitlines()[-1:]
                what = result.signal or f"exit {result.exit_code}"
                evidence.notes.append(f"crashed at n={n} ({what}) {''.join(first)[:200]}".strip())
            point = _point(n, seed, result, status)
            walk.points.append(point)
            here.append(point)
            if status != "ok":
                break
        if any(p.status != "ok" for p in here):
            bad = next(p for p in here if p.status != "ok")
            if bad.status == "cutoff":
                evidence.notes.append(f"n={n} took more than the {cutoff:g} s cutoff")
            evidence.seed = bad.seed
            break
        late = [p for p in here if p.cpu_ms > cutoff * 1000]
        if late:
            # it finished (the CPU limit is whole seconds, the cutoff is not): an exact
            # measurement at the top of the ladder, which the fit needs most; the next size
            # would only be cut off
            slowest = max(late, key=lambda p: p.cpu_ms)
            evidence.notes.append(
                f"n={n} took {slowest.cpu_ms / 1000:.2f} s, over the {cutoff:g} s cutoff:"
                " the largest size measured"
            )
            evidence.seed = slowest.seed
            break
        worst = max(here, key=lambda p: p.cpu_ms)
        if baseline is None:
            baseline = min(p.cpu_ms for p in here) / 1000
        grows = _signal(worst.cpu_ms / 1000, baseline)
        multi += 1
        if len(active) > 1 and (grows or multi >= MULTI_SEED_SIZES):
            active = [worst.seed]
            evidence.seed = worst.seed
        step = 1 if grows else 2
        if index + step >= len(sizes) and index < len(sizes) - 1:
            step = len(sizes) - 1 - index
        index += step


async def _bisect_top(walk: _Walk, bench: Workbench, cutoff: float, seed: int | None) -> None:
    """After a cut-off run, measure once half-way (on a log scale) between it and the largest
    finished size: that is where the leading term dominates most, and with 2x steps the
    quadratic and the cubic fit can otherwise differ by one noisy point."""
    if seed is None:
        return
    runs = walk.of_seed(seed)
    cut = [p for p in runs if p.status == "cutoff"]
    done = [p for p in runs if p.status == "ok"]
    if not cut or not done:
        return
    below = max(done, key=lambda p: p.n)
    n = round(math.sqrt(below.n * min(p.n for p in cut)))
    if n <= below.n or below.cpu_ms < 20:  # start-up bound: the cut-off run jumped, not grew
        return
    if time.perf_counter() + walk.estimate(n, seed, cutoff) > walk.deadline:
        return
    result = await walk.run(bench, n, seed, cutoff)
    if result.exit_code != 0 and not (result.timed_out or result.cpu_exceeded):
        return  # a crash half-way says nothing about the growth
    walk.points.append(
        _point(n, seed, result, "cutoff" if result.timed_out or result.cpu_exceeded else "ok")
    )


#: the largest sizes run a second time (the fastest of the two counts): on a loaded machine one
#: slow run at the top of the ladder bends the fit toward a worse class
CONFIRM_TOP = 2


async def _confirm(walk: _Walk, bench: Workbench, cutoff: float, seed: int | None) -> None:
    """Run the largest finished sizes of the chosen seed once more, while the budget allows.

    CPU time only grows under contention (caches, the other core's load), never shrinks, so
    the faster run of a size is the better estimate of its cost."""
    done = [p for p in walk.of_seed(seed) if p.status == "ok"] if seed is not None else []
    for point in sorted(done, key=lambda p: p.n)[-CONFIRM_TOP:][::-1]:
        if point.cpu_ms < 20 or len(walk.points) >= MAX_RUNS + CONFIRM_TOP:
            continue  # start-up bound: nothing to confirm
        # its own time, not the estimate (capped at the cutoff): it may have finished past it
        cost = max(walk.estimate(point.n, point.seed, cutoff), point.wall_ms / 1000)
        if time.perf_counter() + cost > walk.deadline:
            return
        result = await walk.run(bench, point.n, point.seed, cutoff)
        if result.timed_out or result.cpu_exceeded or result.exit_code != 0 or result.signal:
            continue
        walk.points.append(_point(point.n, point.seed, result))


def _chosen_seed(evidence: ComplexityEvidence, walk: _Walk) -> int | None:
    """The walk's seed, or with several seeds still running, the slowest at the top size."""
    if evidence.seed is None and walk.points:
        top = max(p.n for p in walk.points)
        return max((p for p in walk.points if p.n == top), key=lambda p: p.cpu_ms).seed
    return evidence.seed


def _conclude(evidence: ComplexityEvidence, walk: _Walk) -> None:
    evidence.seed = _chosen_seed(evidence, walk)
    seed = evidence.seed
    evidence.points = sorted(walk.points, key=lambda p: (p.n, p.seed))
    chosen = (
        _fastest_per_size([p for p in walk.of_seed(seed) if p.status == "ok"])
        if seed is not None
        else []
    )
    if len(chosen) < MIN_POINTS:
        if walk.points:
            evidence.notes.append(
                f"only {len(chosen)} size(s) finished within the cutoff: too few to fit"
            )
        return
    sizes = [float(p.n) for p in chosen]
    times = [p.cpu_ms / 1000 for p in chosen]
    evidence.slope = slope(sizes, times)
    if growth(times) < MIN_GROWTH:
        evidence.notes.append(
            f"time stayed at start-up level ({times[-1] * 1000:.1f} ms at n={chosen[-1].n}):"
            " too fast to tell the growth"
        )
        return
    rising = [t for t in times[1:] if _signal(t, times[0])]
    if len(rising) < 2:
        evidence.notes.append(
            f"only {len(rising)} size(s) ran measurably longer than start-up: too few to fit"
        )
        return
    censored = [p for p in walk.of_seed(seed) if p.status == "cutoff"] if seed is not None else []
    evidence.fits = fit(sizes, times, [(float(p.n), p.cpu_ms / 1000) for p in censored])
    best = evidence.fits[0]
    if best.model in ("1", "log n") and growth(times) < SUBLINEAR_GROWTH:
        evidence.notes.append(
            f"time grew only from {times[0] * 1000:.1f} to {times[-1] * 1000:.1f} ms"
            " (start-up and JIT bound): too little to tell the growth"
        )
        return
    evidence.best, evidence.confidence = best.model, best.probability
    if censored and best.model in ("1", "log n"):
        evidence.confidence = round(evidence.confidence / 2, 4)
    if evidence.expected_class:
        evidence.slower_than_expected = (
            slower(best.model, evidence.expected_class) and evidence.confidence >= ALARM_CONFIDENCE
        )
    evidence.notes.append(
        f"best fit {WORDS[best.model]} ({best.model}) over n={chosen[0].n}..{chosen[-1].n}"
    )
