"""Verdicts with Judge0's names and ids, and how a finished process maps to one."""

from __future__ import annotations

import enum
import signal
from collections.abc import Callable

Checker = Callable[[str, str], bool]
"""``(expected, actual) -> accepted``: compares a run's whole stdout with the expected output."""


class Verdict(enum.StrEnum):
    """Judge0 CE status descriptions; ``judge0_id`` gives the matching status id."""

    ACCEPTED = "Accepted"
    WRONG_ANSWER = "Wrong Answer"
    TIME_LIMIT_EXCEEDED = "Time Limit Exceeded"
    MEMORY_LIMIT_EXCEEDED = "Memory Limit Exceeded"
    RUNTIME_ERROR = "Runtime Error"
    COMPILATION_ERROR = "Compilation Error"
    OUTPUT_LIMIT_EXCEEDED = "Output Limit Exceeded"
    INTERNAL_ERROR = "Internal Error"

    @property
    def judge0_id(self) -> int:
        return _JUDGE0_IDS[self]


_JUDGE0_IDS = {
    Verdict.ACCEPTED: 3,
    Verdict.WRONG_ANSWER: 4,
    Verdict.TIME_LIMIT_EXCEEDED: 5,
    Verdict.COMPILATION_ERROR: 6,
    Verdict.RUNTIME_ERROR: 11,  # Runtime Error (NZEC); signals use 7-10 and 12, see judge0_status
    Verdict.INTERNAL_ERROR: 13,
    Verdict.MEMORY_LIMIT_EXCEEDED: 12,  # Judge0 has no own status: "Runtime Error (Other)"
    Verdict.OUTPUT_LIMIT_EXCEEDED: 12,
}

_JUDGE0_SIGNAL_IDS = {"SIGSEGV": 7, "SIGXFSZ": 8, "SIGFPE": 9, "SIGABRT": 10}


def signal_name(signo: int) -> str:
    """``SIGSEGV`` for 11; ``SIG<n>`` for numbers Python does not name."""
    try:
        return signal.Signals(signo).name
    except ValueError:
        return f"SIG{signo}"


def judge0_status(verdict: Verdict, signal: str | None = None) -> dict[str, object]:
    """Judge0's ``{"id", "description"}`` pair, with its per-signal runtime error ids."""
    if verdict is Verdict.RUNTIME_ERROR:
        if signal in _JUDGE0_SIGNAL_IDS:
            return {"id": _JUDGE0_SIGNAL_IDS[signal], "description": f"Runtime Error ({signal})"}
        if signal:
            return {"id": 12, "description": "Runtime Error (Other)"}
        return {"id": 11, "description": "Runtime Error (NZEC)"}
    return {"id": verdict.judge0_id, "description": verdict.value}


def describe(verdict: Verdict, signal: str | None = None) -> str:
    """Readable label: ``Runtime Error (SIGSEGV)`` or just the verdict's name."""
    if verdict is Verdict.RUNTIME_ERROR and signal:
        return f"{verdict.value} ({signal})"
    return verdict.value


def outputs_match(expected: str, actual: str) -> bool:
    """Compare ignoring trailing whitespace on each line and trailing blank lines."""
    return _normalise(expected) == _normalise(actual)


def _normalise(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines
