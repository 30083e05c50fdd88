"""One submission's own sandbox workspace for the review: a compile with warnings on (its output
is the linter evidence), an extra checker where the language has one (``go vet``, esbuild for
JavaScript), then timed runs on generated inputs. Every command runs in the grading sandbox."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace

from ..grading import Grader, Language, Limits, ProcessResult, Sandbox, Workspace
from ..grading.runner import COMPILE_LIMITS
from .diagnostics import parse_esbuild, parse_gcc, parse_go_vet, parse_javac, parse_rustc
from .models import Finding

Parser = Callable[[str], list[Finding]]
LINT_LIMITS = replace(COMPILE_LIMITS, cpu_s=10, wall_s=20)


@dataclass(frozen=True)
class LintPlan:
    """How a language's warnings are obtained: a compile command with warnings on (replacing
    the grader's), and/or an extra checker command; ``parser`` reads their output."""

    tool: str
    parser: Parser
    compile: list[str] | None = None
    check: list[str] | None = None
    check_env: dict[str, str] | None = None


def _with_flags(command: list[str], flags: list[str]) -> list[str]:
    return [command[0], *flags, *command[1:]]


def lint_plan(lang: Language, esbuild: str | None) -> LintPlan | None:
    """None for Python (ruff runs on the host) and anything unknown."""
    compile_ = lang.compile
    if lang.key in ("c", "cpp") and compile_:
        tool = ("gcc" if lang.key == "c" else "g++") + " -Wall -Wextra"
        return LintPlan(
            tool, lambda out: parse_gcc(out, tool), _with_flags(compile_, ["-Wall", "-Wextra"])
        )
    if lang.key == "java" and compile_:
        flags = [("-Xlint:all" if arg == "-nowarn" else arg) for arg in compile_]
        if "-Xlint:all" not in flags:
            flags.insert(1, "-Xlint:all")
        return LintPlan("javac -Xlint:all", parse_javac, flags)
    if lang.key == "go" and compile_:
        vet = [compile_[0], "vet", "{source}"]
        return LintPlan("go vet", parse_go_vet, compile_, vet, lang.compile_env)
    if lang.key == "rust" and compile_:
        return LintPlan("rustc", parse_rustc, compile_)
    if lang.key == "typescript" and compile_:
        flags = [("--log-level=warning" if a.startswith("--log-level") else a) for a in compile_]
        return LintPlan("esbuild", parse_esbuild, flags)
    if lang.key == "javascript" and esbuild:
        check = [esbuild, "{source}", "--log-level=warning", "--color=false"]
        return LintPlan("esbuild", parse_esbuild, None, [*check, "--outfile=/tmp/lint.js"])
    return None


@dataclass
class Built:
    ok: bool
    output: str  # compiler (and checker) output, for the linter evidence
    findings: list[Finding]
    seconds: float


class Workbench:
    """Compile once, then run the program as often as needed, in one sandbox workspace."""

    def __init__(
        self, sandbox: Sandbox, lang: Language, name: str, workspace: Workspace, esbuild: str | None
    ) -> None:
        self.sandbox, self.lang, self.name, self.workspace = sandbox, lang, name, workspace
        self.plan = lint_plan(lang, esbuild)

    async def build(self) -> Built:
        """Compile with warnings: the program the timed runs use."""
        started = time.perf_counter()
        command = self.lang.compile_command(self.name)
        if self.plan and self.plan.compile:
            command = [arg.replace("{source}", self.name) for arg in self.plan.compile]
        output, ok = "", True
        if command is not None:
            result = await self.sandbox.run(
                self.workspace,
                command,
                limits=COMPILE_LIMITS,
                env=self.lang.compile_env,
                writable=True,
            )
            output = _text(result.stderr + result.stdout)
            ok = result.exit_code == 0 and not result.setup_error
        findings = self.plan.parser(output) if self.plan else []
        return Built(ok, output, findings, time.perf_counter() - started)

    async def check(self) -> Built:
        """The extra checker (``go vet``: ~1.2 s, so it runs beside the timed runs)."""
        started = time.perf_counter()
        if not (self.plan and self.plan.check):
            return Built(True, "", [], 0.0)
        check = [arg.replace("{source}", self.name) for arg in self.plan.check]
        result = await self.sandbox.run(
            self.workspace, check, limits=LINT_LIMITS, env=self.plan.check_env or {}
        )
        output = _text(result.stderr + result.stdout)
        return Built(True, output, self.plan.parser(output), time.perf_counter() - started)

    async def run(self, data: bytes, cpu_s: float, memory_mb: int) -> ProcessResult:
        """One run on ``data``, killed after ``cpu_s`` of CPU time."""
        limits = Limits(time_s=cpu_s, memory_mb=memory_mb, wall_s=cpu_s * 3 + 0.5)
        argv = self.lang.run_command(self.name, memory_mb * 1024 * 1024)
        return await self.sandbox.run(
            self.workspace,
            argv,
            stdin=data,
            limits=limits.process_limits(self.lang),
            env=self.lang.env,
        )


def _text(data: bytes, limit: int = 64 * 1024) -> str:
    return data[:limit].decode("utf-8", errors="replace")


@contextlib.asynccontextmanager
async def open_workbench(grader: Grader, language: str, source: str) -> AsyncIterator[Workbench]:
    lang = grader.languages[language]
    name = lang.source_name(source)
    typescript = grader.languages.get("typescript")
    esbuild = typescript.compile[0] if typescript and typescript.compile else None
    async with grader.sandbox.workspace({name: source.encode()}) as workspace:
        yield Workbench(grader.sandbox, lang, name, workspace, esbuild)
