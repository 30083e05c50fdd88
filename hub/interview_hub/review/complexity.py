"""Fit measured run times against growth models and map ``expected_complexity`` to one of them.

Each model is ``time(n) = a + b·g(n)`` with ``a, b ≥ 0``: ``a`` is the start-up cost (interpreter,
JVM, reading the input is part of ``g``), ``g`` one of ``MODELS``. The fit is weighted least
squares with a noise of ``NOISE`` relative plus ``FLOOR_S`` absolute per point; models are
compared by the likelihood of their residuals (chi², widened by the best fit's own scatter when
that is larger than assumed), which gives each a probability; the best model's probability is
the confidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from .models import ModelFit

NOISE = 0.06  # relative scatter of a CPU-time measurement on a loaded 2-core machine
FLOOR_S = 0.001  # absolute scatter of a process's CPU time (start-up jitter)
MIN_GROWTH = 0.3  # below this relative growth over the sizes, time is "flat" (start-up bound)
EXPONENTIAL_MAX_N = 64  # 2^n is a candidate only for small sizes (n = 10, 11, 12, ...)
SUBLINEAR_GROWTH = 1.0  # a sub-linear best fit needs the time to at least double to count


def _log(n: float) -> float:
    return math.log2(max(n, 2.0))


# name → g(n) on a log scale (log g) so that 2^n and n^3 never overflow.
MODELS: dict[str, Callable[[float], float]] = {
    "1": lambda n: 0.0,
    "log n": lambda n: math.log(_log(n)),
    "n": lambda n: math.log(n),
    "n log n": lambda n: math.log(n) + math.log(_log(n)),
    "n^2": lambda n: 2 * math.log(n),
    "n^3": lambda n: 3 * math.log(n),
    "2^n": lambda n: n * math.log(2),
}
WORDS = {
    "1": "constant",
    "log n": "logarithmic",
    "n": "linear",
    "n log n": "n log n",
    "n^2": "quadratic",
    "n^3": "cubic",
    "2^n": "exponential",
}
DEGREE = {"1": 0.0, "log n": 0.1, "n": 1.0, "n log n": 1.2, "n^2": 2.0, "n^3": 3.0, "2^n": 10.0}

# expected_complexity strings (spaces removed) whose class in terms of the generator's N is clear.
_EXPECTED = {
    "1": "1",
    "logn": "log n",
    "n": "n",
    "q": "n",
    "m": "n",
    "n+m": "n",
    "nloglogn": "n",
    "nlogn": "n log n",
    "mlogm": "n log n",
    "qlogq": "n log n",
    "(n+m)logn": "n log n",
    "(n+m)log(n)": "n log n",
    "mlogn": "n log n",
    "nlog(sum)": "n log n",
    "n^2": "n^2",
    "n·m": "n^2",
    "n*m": "n^2",
    "n^3": "n^3",
    "2^n": "2^n",
    "n!": "2^n",
    "n·2^n": "2^n",
}


def expected_class(text: str | None) -> str | None:
    """The model matching ``problem.toml``'s ``expected_complexity``, or None when its variables
    do not clearly follow the generator's N (``k·amount``, ``r·c``)."""
    if not text:
        return None
    key = re.sub(r"\s+", "", text.lower()).replace("²", "^2").replace("³", "^3")
    return _EXPECTED.get(key)


def slower(measured: str, expected: str) -> bool:
    """Whether ``measured`` is polynomially worse than ``expected`` (n² vs n log n: yes;
    n log n vs n: no, that is within what timing can tell apart)."""
    return DEGREE[measured] - DEGREE[expected] >= 0.75


def _fit_one(
    name: str, sizes: Sequence[float], times: Sequence[float]
) -> tuple[float, float, float]:
    """``(a, b, chi²)`` for one model; ``b`` is the growth at the largest n."""
    g = MODELS[name]
    top = g(max(sizes))
    xs = [math.exp(g(n) - top) if name != "1" else 0.0 for n in sizes]
    ws = [1.0 / _sigma(t) ** 2 for t in times]
    sw = sum(ws)
    swx = sum(w * x for w, x in zip(ws, xs, strict=True))
    swxx = sum(w * x * x for w, x in zip(ws, xs, strict=True))
    swt = sum(w * t for w, t in zip(ws, times, strict=True))
    swxt = sum(w * x * t for w, x, t in zip(ws, xs, times, strict=True))
    det = sw * swxx - swx * swx
    a, b = swt / sw, 0.0
    if det > 1e-12 * sw * max(swxx, 1e-300):
        a2 = (swt * swxx - swx * swxt) / det
        b2 = (sw * swxt - swx * swt) / det
        if a2 >= 0 and b2 >= 0:
            a, b = a2, b2
        elif b2 > 0 and swxx > 0:  # a clipped to 0: time proportional to g
            a, b = 0.0, swxt / swxx
            alt = swt / sw  # or flat: keep whichever fits better
            if _chi2(alt, 0.0, xs, times) < _chi2(0.0, b, xs, times):
                a, b = alt, 0.0
    return a, b, _chi2(a, b, xs, times)


def _sigma(t: float) -> float:
    return math.hypot(NOISE * t, FLOOR_S)


def _chi2(a: float, b: float, xs: Sequence[float], times: Sequence[float]) -> float:
    return sum(((t - a - b * x) / _sigma(t)) ** 2 for x, t in zip(xs, times, strict=True))


def _rms(a: float, b: float, xs: Sequence[float], times: Sequence[float]) -> float:
    total = sum(((t - a - b * x) / t) ** 2 for x, t in zip(xs, times, strict=True))
    return math.sqrt(total / len(times))


def _censored_chi2(
    name: str, a: float, b: float, top_n: float, censored: Sequence[tuple[float, float]]
) -> float:
    """The misfit of a model at sizes that were cut off after ``t`` seconds (the time there is
    at least ``t``): a model that predicts less is penalised by how much less."""
    g = MODELS[name]
    top = g(top_n)
    total = 0.0
    for n, t in censored:
        predicted = a + b * (math.exp(min(g(n) - top, 50.0)) if name != "1" else 0.0)
        if predicted < t:
            total += ((t - predicted) / _sigma(t)) ** 2
    return total


def fit(
    sizes: Sequence[float],
    times: Sequence[float],
    censored: Sequence[tuple[float, float]] = (),
) -> list[ModelFit]:
    """Every model fitted to ``(n, seconds)`` points, best first, with probabilities.
    ``censored`` are ``(n, seconds)`` of runs cut off at that time: lower bounds that count
    against a model predicting less (a load spike that stops the ladder early still tells)."""
    if len(sizes) != len(times) or len(sizes) < 2:
        raise ValueError("need at least two points")
    times = [max(t, 1e-4) for t in times]
    names = [name for name in MODELS if name != "2^n" or max(sizes) <= EXPONENTIAL_MAX_N]
    raw = {name: _fit_one(name, sizes, times) for name in names}
    if censored:
        raw = {
            name: (a, b, chi2 + _censored_chi2(name, a, b, max(sizes), censored))
            for name, (a, b, chi2) in raw.items()
        }
    # the best model's scatter beyond the assumed noise widens every model's error bars
    spread = max(1.0, min(chi2 for _, _, chi2 in raw.values()) / max(1, len(times) - 2))
    scores = {name: -chi2 / (2 * spread) for name, (_, _, chi2) in raw.items()}
    top = max(scores.values())
    weights = {name: math.exp(score - top) for name, score in scores.items()}
    total = sum(weights.values())
    fits = [
        ModelFit(
            model=name,
            error=round(_rms_of(name, a, b, sizes, times), 4),
            probability=round(weights[name] / total, 4),
            constant_ms=round(a * 1000, 3),
            scale_ms=round(b * 1000, 3),
        )
        for name, (a, b, _) in raw.items()
    ]
    order = list(MODELS)
    fits.sort(key=lambda f: (-f.probability, f.error, order.index(f.model)))
    return fits


def _rms_of(name: str, a: float, b: float, sizes: Sequence[float], times: Sequence[float]) -> float:
    g = MODELS[name]
    top = g(max(sizes))
    xs = [math.exp(g(n) - top) if name != "1" else 0.0 for n in sizes]
    return _rms(a, b, xs, times)


def growth(times: Sequence[float]) -> float:
    """Relative growth of the time from the smallest to the largest size."""
    return (times[-1] - times[0]) / max(times[0], 1e-4)


def slope(sizes: Sequence[float], times: Sequence[float]) -> float | None:
    """Log-log slope of the time above the first (start-up bound) point, over the points where
    that excess is at least a third of the time; None with fewer than two such points."""
    base = times[0]
    pairs = [
        (math.log(n), math.log(t - base))
        for n, t in zip(sizes, times, strict=True)
        if t - base >= t / 3 and t - base > 0
    ]
    if len(pairs) < 2:
        return None
    mx = sum(p[0] for p in pairs) / len(pairs)
    my = sum(p[1] for p in pairs) / len(pairs)
    sxx = sum((p[0] - mx) ** 2 for p in pairs)
    if sxx <= 0:
        return None
    return round(sum((p[0] - mx) * (p[1] - my) for p in pairs) / sxx, 3)
