"""Grade one submission: write the source, compile once, run every test, compare, give verdicts.

Outputs are compared on everything the run printed (up to ``Limits.output_kb``), before the copy
kept in ``TestResult.stdout`` is cut to ``SHOWN_OUTPUT``: by default exactly (trailing whitespace
ignored, ``outputs_match``), or by a ``checker(expected, actual) -> bool`` given to ``grade``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .languages import SYNTAX_ERROR_STATUS, Language, build_languages
from .process import MiB, ProcessLimits, ProcessResult, SandboxError
from .sandbox import Sandbox, Workspace
from .verdicts import Checker, Verdict, describe, outputs_match

MAX_SOURCE_BYTES = 256 * 1024
SHOWN_OUTPUT = 16 * 1024
CHECK_IN_THREAD = 256 * 1024  # outputs at least this long are compared off the event loop
COMPILE_LIMITS = ProcessLimits(
    cpu_s=20,
    wall_s=40,
    memory_bytes=1536 * MiB,
    pids=256,
    file_bytes=256 * MiB,
    nofile=1024,
    output_bytes=1 * MiB,
    stderr_keep=64 * 1024,
    tmpfs_bytes=1024 * MiB,
    cpu_cores=1.0,
)
_MEMORY_MESSAGES = re.compile(
    rb"java\.lang\.OutOfMemoryError|^MemoryError|JavaScript heap out of memory|"
    rb"fatal error: runtime: out of memory|memory allocation of \d+ bytes failed|std::bad_alloc",
    re.MULTILINE,
)


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest class

    input: str = ""
    expected_output: str | None = None  # None: run only (Judge0 without expected output)
    name: str = ""
    hidden: bool = False


@dataclass(frozen=True)
class Limits:
    time_s: float = 2.0
    memory_mb: int = 256
    output_kb: int = 8192
    file_mb: int = 16
    pids: int = 64
    wall_s: float | None = None  # default: 2 * time + 1 s

    def process_limits(self, language: Language) -> ProcessLimits:
        memory = self.memory_mb * MiB
        return ProcessLimits(
            cpu_s=self.time_s,
            wall_s=self.wall_s or self.time_s * 2 + 1,
            memory_bytes=memory + language.memory_extra,
            pids=self.pids + language.pids_extra,
            file_bytes=self.file_mb * MiB,
            output_bytes=self.output_kb * 1024,
            tmpfs_bytes=max(self.file_mb * MiB, 64 * MiB),
            address_space_bytes=memory * 2 if language.address_space_ok else None,
        )


@dataclass
class TestResult:
    name: str
    hidden: bool
    verdict: Verdict
    signal: str | None = None
    exit_code: int | None = None
    time_ms: float = 0.0  # CPU time of everything in the run's cgroup
    wall_ms: float = 0.0
    memory_kb: int = 0  # peak of the run's cgroup
    stdout: str = ""
    stderr: str = ""

    @property
    def label(self) -> str:
        return describe(self.verdict, self.signal)


@dataclass
class GradeResult:
    language: str
    verdict: Verdict
    signal: str | None = None
    compile_output: str = ""
    compile_ms: float = 0.0
    tests: list[TestResult] = field(default_factory=list)
    message: str = ""

    @property
    def passed(self) -> int:
        return sum(t.verdict is Verdict.ACCEPTED for t in self.tests)

    @property
    def label(self) -> str:
        return describe(self.verdict, self.signal)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["verdict"] = self.label
        for test, result in zip(data["tests"], self.tests, strict=True):
            test["verdict"] = result.label
        data["passed"], data["total"] = self.passed, len(self.tests)
        return data


def _text(data: bytes, limit: int = SHOWN_OUTPUT) -> str:
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("\n… (truncated)" if len(data) > limit else "")


def classify(
    result: ProcessResult,
    limits: Limits,
    expected: str | None,
    checker: Checker | None = None,
) -> tuple[Verdict, str | None]:
    """Verdict (and signal name for runtime errors) of one finished test run; the whole captured
    stdout is compared with ``expected`` by ``checker`` (default ``outputs_match``)."""
    if result.setup_error:
        return Verdict.INTERNAL_ERROR, None
    if result.output_exceeded:
        return Verdict.OUTPUT_LIMIT_EXCEEDED, None
    if result.oom_killed:
        return Verdict.MEMORY_LIMIT_EXCEEDED, None
    if result.timed_out or result.cpu_exceeded or result.cpu_s > limits.time_s:
        return Verdict.TIME_LIMIT_EXCEEDED, None
    failed = result.signal is not None or result.exit_code != 0
    if failed and _MEMORY_MESSAGES.search(result.stderr):
        return Verdict.MEMORY_LIMIT_EXCEEDED, None
    if result.signal is not None:
        return Verdict.RUNTIME_ERROR, result.signal
    if result.exit_code != 0:
        return Verdict.RUNTIME_ERROR, None
    if expected is not None and not (checker or outputs_match)(expected, _decoded(result)):
        return Verdict.WRONG_ANSWER, None
    return Verdict.ACCEPTED, None


def _decoded(result: ProcessResult) -> str:
    return result.stdout.decode(errors="replace")


async def _classify(
    result: ProcessResult, limits: Limits, expected: str | None, checker: Checker | None
) -> tuple[Verdict, str | None, str]:
    """``classify`` with the comparison of long outputs in a worker thread (a checker on
    megabytes of output would otherwise stall every other grade); a checker that raises gives
    Internal Error with its message."""
    verdict, signal = classify(result, limits, None)
    if verdict is not Verdict.ACCEPTED or expected is None:
        return verdict, signal, ""
    compare = checker or outputs_match
    actual = _decoded(result)
    try:
        if len(actual) + len(expected) >= CHECK_IN_THREAD:
            same = await asyncio.to_thread(compare, expected, actual)
        else:
            same = compare(expected, actual)
    except Exception as error:
        return Verdict.INTERNAL_ERROR, None, f"checker failed: {type(error).__name__}: {error}"
    return (Verdict.ACCEPTED if same else Verdict.WRONG_ANSWER), None, ""


class Grader:
    """Compile-once, run-many grading on top of a ``Sandbox``."""

    def __init__(
        self, sandbox: Sandbox | None = None, languages: Mapping[str, Language] | None = None
    ) -> None:
        self.sandbox = sandbox or Sandbox()
        self.languages = dict(languages or build_languages(self.sandbox.assets))

    async def grade(
        self,
        language: str,
        source: str,
        tests: Sequence[TestCase],
        limits: Limits | None = None,
        *,
        stop_on_failure: bool = False,
        on_start: Callable[[Workspace, int], None] | None = None,
        checker: Checker | None = None,
    ) -> GradeResult:
        """Compile ``source`` once and run every test. A test with an ``expected_output`` is
        Accepted when ``checker(expected, actual)`` is true for the run's whole stdout (default:
        the exact comparison, ``outputs_match``); ``TestResult.stdout`` keeps only the first
        ``SHOWN_OUTPUT`` bytes."""
        limits = limits or Limits()
        lang = self.languages.get(language)
        if lang is None:
            return GradeResult(language, Verdict.INTERNAL_ERROR, message="unknown language")
        data = source.encode()
        if len(data) > MAX_SOURCE_BYTES:
            return GradeResult(
                language, Verdict.COMPILATION_ERROR, compile_output="source is too large"
            )
        name = lang.source_name(source)
        try:
            async with self.sandbox.workspace({name: data}) as workspace:
                return await self._grade_in(
                    workspace, lang, name, tests, limits, stop_on_failure, on_start, checker
                )
        except SandboxError as error:
            return GradeResult(language, Verdict.INTERNAL_ERROR, message=str(error))

    async def _grade_in(
        self,
        workspace: Workspace,
        lang: Language,
        name: str,
        tests: Sequence[TestCase],
        limits: Limits,
        stop_on_failure: bool,
        on_start: Callable[[Workspace, int], None] | None,
        checker: Checker | None = None,
    ) -> GradeResult:
        grade = GradeResult(lang.key, Verdict.ACCEPTED)
        started = (lambda pid: on_start(workspace, pid)) if on_start else None
        command = lang.compile_command(name)
        if command is not None:
            compiled = await self.sandbox.run(
                workspace,
                command,
                limits=COMPILE_LIMITS,
                env=lang.compile_env,
                writable=True,
                on_start=started,
            )
            grade.compile_ms = compiled.wall_s * 1000
            output = _text(compiled.stderr + compiled.stdout)
            if compiled.setup_error:
                grade.verdict, grade.message = Verdict.INTERNAL_ERROR, compiled.setup_error
                return grade
            if compiled.timed_out or compiled.cpu_exceeded:
                output += "\nCompilation timed out."
            elif compiled.oom_killed:
                output += "\nThe compiler ran out of memory."
            elif compiled.output_exceeded:
                output += "\nThe compiler printed too much."
            elif compiled.exit_code == 0:
                grade.compile_output = output
                output = ""
            if output:
                grade.verdict, grade.compile_output = Verdict.COMPILATION_ERROR, output.strip()
                return grade
        run_limits = limits.process_limits(lang)
        argv = lang.run_command(name, limits.memory_mb * MiB)
        for index, test in enumerate(tests):
            result = await self.sandbox.run(
                workspace,
                argv,
                stdin=test.input.encode(),
                limits=run_limits,
                env=lang.env,
                on_start=started,
            )
            if lang.syntax_check_in_run and result.exit_code == SYNTAX_ERROR_STATUS and not index:
                grade.verdict = Verdict.COMPILATION_ERROR
                grade.compile_output = _text(result.stderr).strip()
                grade.tests.clear()
                return grade
            verdict, signal, problem = await _classify(
                result, limits, test.expected_output, checker
            )
            grade.tests.append(
                TestResult(
                    name=test.name or f"test {index + 1}",
                    hidden=test.hidden,
                    verdict=verdict,
                    signal=signal,
                    exit_code=result.exit_code,
                    time_ms=round(result.cpu_s * 1000, 1),
                    wall_ms=round(result.wall_s * 1000, 1),
                    memory_kb=result.memory_bytes // 1024,
                    stdout=_text(result.stdout),
                    stderr=_text(result.stderr),
                )
            )
            if verdict is not Verdict.ACCEPTED and grade.verdict is Verdict.ACCEPTED:
                grade.verdict, grade.signal = verdict, signal
                if verdict is Verdict.INTERNAL_ERROR:
                    grade.message = result.setup_error or problem
                if stop_on_failure:
                    break
        return grade
