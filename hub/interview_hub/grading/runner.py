"""Grade one submission: write the source, compile once, run every test, compare, give verdicts."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .languages import SYNTAX_ERROR_STATUS, Language, build_languages
from .process import MiB, ProcessLimits, ProcessResult, SandboxError
from .sandbox import Sandbox, Workspace
from .verdicts import Verdict, describe, outputs_match

MAX_SOURCE_BYTES = 256 * 1024
SHOWN_OUTPUT = 16 * 1024
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
    result: ProcessResult, limits: Limits, expected: str | None
) -> tuple[Verdict, str | None]:
    """Verdict (and signal name for runtime errors) of one finished test run."""
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
    if expected is not None and not outputs_match(expected, result.stdout.decode(errors="replace")):
        return Verdict.WRONG_ANSWER, None
    return Verdict.ACCEPTED, None


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
    ) -> GradeResult:
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
                    workspace, lang, name, tests, limits, stop_on_failure, on_start
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
            verdict, signal = classify(result, limits, test.expected_output)
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
                    grade.message = result.setup_error or ""
                if stop_on_failure:
                    break
        return grade
