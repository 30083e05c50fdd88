"""The Judge0 CE-compatible subset: languages, statuses, submissions through our sandbox."""

from __future__ import annotations

import base64
import binascii
import signal as signals
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...grading.runner import GradeResult, Limits, TestCase
from ...grading.verdicts import Verdict, judge0_status
from ..db.models import Submission, utcnow
from ..errors import BadRequest, Invalid, NotFound

#: Judge0 CE ids of the languages we run (names give the versions installed here)
LANGUAGES: dict[int, tuple[str, str]] = {
    50: ("c", "C (GCC 12)"),
    54: ("cpp", "C++ (GCC 12, C++17)"),
    60: ("go", "Go (1.19)"),
    62: ("java", "Java (OpenJDK 17)"),
    63: ("javascript", "JavaScript (Node.js 20)"),
    71: ("python", "Python (3.11)"),
    73: ("rust", "Rust (1.63)"),
    74: ("typescript", "TypeScript (esbuild, Node.js 20)"),
}
STATUSES = [
    {"id": 1, "description": "In Queue"},
    {"id": 2, "description": "Processing"},
    {"id": 3, "description": "Accepted"},
    {"id": 4, "description": "Wrong Answer"},
    {"id": 5, "description": "Time Limit Exceeded"},
    {"id": 6, "description": "Compilation Error"},
    {"id": 7, "description": "Runtime Error (SIGSEGV)"},
    {"id": 8, "description": "Runtime Error (SIGXFSZ)"},
    {"id": 9, "description": "Runtime Error (SIGFPE)"},
    {"id": 10, "description": "Runtime Error (SIGABRT)"},
    {"id": 11, "description": "Runtime Error (NZEC)"},
    {"id": 12, "description": "Runtime Error (Other)"},
    {"id": 13, "description": "Internal Error"},
    {"id": 14, "description": "Exec Format Error"},
]
DEFAULT_FIELDS = (
    "token",
    "stdout",
    "stderr",
    "compile_output",
    "message",
    "status",
    "time",
    "memory",
)
ALL_FIELDS = (
    *DEFAULT_FIELDS,
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "exit_code",
    "exit_signal",
    "wall_time",
    "created_at",
    "finished_at",
    "status_id",
    "language",
)
ENCODED = (
    "source_code",
    "stdin",
    "expected_output",
    "stdout",
    "stderr",
    "compile_output",
    "message",
)


def decode(value: str | None, encoded: bool, field: str) -> str | None:
    if value is None or not encoded:
        return value
    try:
        return base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise Invalid(
            f"{field} is not valid base64 of UTF-8 text.",
            fields=[{"field": field, "message": "invalid base64"}],
        ) from exc


def create(
    session: Session,
    api_token_id: int,
    *,
    language_id: int,
    source_code: str,
    stdin: str,
    expected_output: str | None,
) -> Submission:
    if language_id not in LANGUAGES:
        raise Invalid(
            f"Language with id {language_id} doesn't exist; see GET /languages.",
            fields=[{"field": "language_id", "message": "unknown language"}],
        )
    submission = Submission(
        token=str(uuid.uuid4()),
        api_token_id=api_token_id,
        language_id=language_id,
        source_code=source_code,
        stdin=stdin,
        expected_output=expected_output,
    )
    session.add(submission)
    session.flush()
    return submission


def limits_for(
    cpu_time_limit: float | None, wall_time_limit: float | None, memory_limit_kb: int | None
) -> Limits:
    return Limits(
        time_s=cpu_time_limit or 2.0,
        wall_s=wall_time_limit or None,
        memory_mb=max(16, (memory_limit_kb or 256_000) // 1024),
    )


def test_case(submission: Submission) -> TestCase:
    return TestCase(input=submission.stdin or "", expected_output=submission.expected_output)


def record(submission: Submission, result: GradeResult) -> None:
    if result.tests:
        test = result.tests[0]
        verdict, signal = test.verdict, test.signal
        submission.stdout, submission.stderr = test.stdout, test.stderr or None
        submission.exit_code = test.exit_code
        submission.time_s = round(test.time_ms / 1000, 3)
        submission.wall_time_s = round(test.wall_ms / 1000, 3)
        submission.memory_kb = test.memory_kb
        if signal:
            submission.exit_signal = int(getattr(signals, signal, 0)) or None
    else:
        verdict, signal = result.verdict, result.signal
    status = judge0_status(verdict, signal)
    submission.status_id = int(str(status["id"]))
    submission.status_description = str(status["description"])
    submission.compile_output = result.compile_output or None
    if verdict is Verdict.INTERNAL_ERROR:
        submission.message = result.message or "The sandbox failed; try again."
    elif verdict in (Verdict.MEMORY_LIMIT_EXCEEDED, Verdict.OUTPUT_LIMIT_EXCEEDED):
        submission.message = verdict.value  # Judge0 has no own status for these
    submission.finished_at = utcnow()


def get(session: Session, token: str, api_token_id: int, admin: bool = False) -> Submission:
    submission = session.scalar(select(Submission).where(Submission.token == token))
    if submission is None or (submission.api_token_id != api_token_id and not admin):
        raise NotFound(f"Submission {token} not found.")
    return submission


def render(submission: Submission, fields: str | None, encoded: bool) -> dict[str, Any]:
    wanted = (
        DEFAULT_FIELDS
        if not fields
        else (ALL_FIELDS if fields.strip() == "*" else tuple(f.strip() for f in fields.split(",")))
    )
    unknown = [f for f in wanted if f not in ALL_FIELDS]
    if unknown:
        raise BadRequest(f"Unknown fields: {', '.join(unknown)}.")
    values: dict[str, Any] = {
        "token": submission.token,
        "source_code": submission.source_code,
        "language_id": submission.language_id,
        "language": {"id": submission.language_id, "name": LANGUAGES[submission.language_id][1]},
        "stdin": submission.stdin,
        "expected_output": submission.expected_output,
        "stdout": submission.stdout,
        "stderr": submission.stderr,
        "compile_output": submission.compile_output,
        "message": submission.message,
        "status": {"id": submission.status_id, "description": submission.status_description},
        "status_id": submission.status_id,
        "time": None if submission.time_s is None else f"{submission.time_s:.3f}",
        "wall_time": None if submission.wall_time_s is None else f"{submission.wall_time_s:.3f}",
        "memory": submission.memory_kb,
        "exit_code": submission.exit_code,
        "exit_signal": submission.exit_signal,
        "created_at": submission.created_at.isoformat(),
        "finished_at": submission.finished_at.isoformat() if submission.finished_at else None,
    }
    out = {f: values[f] for f in wanted}
    if encoded:
        for key in ENCODED:
            if key in out and out[key] is not None:
                out[key] = base64.b64encode(str(out[key]).encode()).decode()
    return out
