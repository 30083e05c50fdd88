"""Linter findings: ruff for Python (on the host: it only parses), and parsers for what the
compilers print inside the sandbox (gcc/g++ ``-Wall -Wextra``, ``javac -Xlint:all``,
``go vet``, rustc, esbuild for TypeScript and JavaScript)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shutil
import sys
from pathlib import Path

from .models import Finding, Severity

# Likely bugs and muddles, not style: pyflakes, syntax/runtime pycodestyle errors, bugbear
# (B006 mutable default, B008, B023 loop closures...), simplify, and pylint's error/warning
# rules plus a few refactor hints. E741 (a variable named l) is usual in interview code.
RUFF_RULES = ("E4", "E7", "E9", "F", "B", "SIM", "PLE", "PLW", "PLR1704", "PLR1714", "PLR5501")
RUFF_IGNORE = ("E741", "PLW0603", "PLW2901")
RUFF_TIMEOUT_S = 10.0
MAX_FINDINGS = 50


def ruff_binary() -> str | None:
    candidate = Path(sys.executable).with_name("ruff")
    if candidate.is_file():
        return str(candidate)
    with contextlib.suppress(ImportError, FileNotFoundError):
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    return shutil.which("ruff")


async def ruff_findings(source: str) -> tuple[str, list[Finding], str]:
    """``(tool, findings, skipped reason)`` for a Python source, given to ruff on stdin."""
    binary = ruff_binary()
    if binary is None:
        return "ruff", [], "ruff is not installed"
    command = [
        binary,
        "check",
        "--isolated",
        "--no-cache",
        "--quiet",
        "--exit-zero",
        "--ignore-noqa",  # a candidate's suppression comments hide nothing from the review
        "--output-format",
        "json",
        "--select",
        ",".join(RUFF_RULES),
        "--ignore",
        ",".join(RUFF_IGNORE),
        "--stdin-filename",
        "main.py",
        "-",
    ]
    process = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd="/",
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(source.encode()), RUFF_TIMEOUT_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        return "ruff", [], "ruff timed out"
    try:
        if process.returncode:
            raise ValueError(process.returncode)
        items = json.loads(out or b"[]")
    except ValueError:
        return "ruff", [], "ruff failed: " + err.decode(errors="replace")[:300]
    findings = []
    for item in items[:MAX_FINDINGS]:
        code = item.get("code") or "syntax"
        location = item.get("location") or {}
        findings.append(
            Finding(
                tool="ruff",
                code=code,
                message=str(item.get("message", "")),
                severity=_ruff_severity(code),
                line=location.get("row"),
                column=location.get("column"),
            )
        )
    return "ruff " + await _ruff_version(binary), findings, ""


def _ruff_severity(code: str) -> Severity:
    if code == "syntax" or code.startswith(("E9", "F8", "F6", "F7", "PLE")):
        return "error"
    if code.startswith(("F", "B", "PLW")):
        return "warning"
    return "info"


_versions: dict[str, str] = {}


async def _ruff_version(binary: str) -> str:
    if binary not in _versions:
        process = await asyncio.create_subprocess_exec(
            binary, "--version", stdout=asyncio.subprocess.PIPE
        )
        out, _ = await process.communicate()
        _versions[binary] = out.decode().split()[-1] if out.split() else "?"
    return _versions[binary]


# -- compiler output ------------------------------------------------------------------------
_GCC = re.compile(
    r"^(?:\./)?[\w.]+\.(?:c|cpp):(\d+):(\d+): (warning|error|fatal error): (.*?)"
    r"(?: \[(-W[^\]]+)\])?$"
)
_JAVAC = re.compile(r"^(?:\./)?\w+\.java:(\d+): (warning|error): (?:\[([\w-]+)\] )?(.*)$")
_GO = re.compile(r"^(?:vet: )?(?:\./)?main\.go:(\d+):(\d+): (.*)$")
_RUST_HEAD = re.compile(r"^(warning|error)(?:\[(E\d+)\])?: (.*)$")
_RUST_AT = re.compile(r"^\s*--> [\w./]+:(\d+):(\d+)")
_RUST_LINT = re.compile(r"#\[(?:warn|deny)\(([\w:]+)\)\]")
_ESBUILD_HEAD = re.compile(r"^[▲✘X] \[(WARNING|ERROR)\] (.*?)(?: \[([\w-]+)\])?$")
_ESBUILD_AT = re.compile(r"^\s+[\w./]+:(\d+):(\d+):\s*$")


def _severity(word: str) -> Severity:
    return "error" if "error" in word.lower() else "warning"


def parse_gcc(output: str, tool: str) -> list[Finding]:
    findings = []
    for line in output.splitlines():
        match = _GCC.match(line)
        if match:
            row, col, kind, message, flag = match.groups()
            findings.append(
                Finding(
                    tool=tool,
                    code=flag or kind.replace(" ", "-"),
                    message=message,
                    severity=_severity(kind),
                    line=int(row),
                    column=int(col),
                )
            )
    return findings[:MAX_FINDINGS]


def parse_javac(output: str) -> list[Finding]:
    findings = []
    for line in output.splitlines():
        match = _JAVAC.match(line)
        if match:
            row, kind, lint, message = match.groups()
            findings.append(
                Finding(
                    tool="javac",
                    code=lint or kind,
                    message=message,
                    severity=_severity(kind),
                    line=int(row),
                )
            )
    return findings[:MAX_FINDINGS]


def parse_go_vet(output: str) -> list[Finding]:
    findings = []
    for line in output.splitlines():
        match = _GO.match(line.strip())
        if match:
            row, col, message = match.groups()
            findings.append(
                Finding(tool="go vet", code="vet", message=message, line=int(row), column=int(col))
            )
    return findings[:MAX_FINDINGS]


def parse_rustc(output: str) -> list[Finding]:
    findings: list[Finding] = []
    current: dict[str, object] | None = None
    for line in output.splitlines():
        head = _RUST_HEAD.match(line)
        if head:
            kind, code, message = head.groups()
            if re.match(r"^\d+ warnings? emitted$|^aborting due to", message):
                current = None
                continue
            current = {"kind": kind, "code": code or kind, "message": message}
            findings.append(_rust_finding(current))
            continue
        if current is None:
            continue
        at = _RUST_AT.match(line)
        if at and findings[-1].line is None:
            findings[-1] = findings[-1].model_copy(
                update={"line": int(at.group(1)), "column": int(at.group(2))}
            )
        lint = _RUST_LINT.search(line)
        if lint and findings[-1].code in ("warning", "error"):
            findings[-1] = findings[-1].model_copy(update={"code": lint.group(1)})
    return findings[:MAX_FINDINGS]


def _rust_finding(data: dict[str, object]) -> Finding:
    return Finding(
        tool="rustc",
        code=str(data["code"]),
        message=str(data["message"]),
        severity=_severity(str(data["kind"])),
    )


def parse_esbuild(output: str) -> list[Finding]:
    findings: list[Finding] = []
    for line in output.splitlines():
        head = _ESBUILD_HEAD.match(line)
        if head:
            kind, message, code = head.groups()
            findings.append(
                Finding(
                    tool="esbuild",
                    code=code or kind.lower(),
                    message=message,
                    severity=_severity(kind),
                )
            )
            continue
        at = _ESBUILD_AT.match(line)
        if at and findings and findings[-1].line is None:
            findings[-1] = findings[-1].model_copy(
                update={"line": int(at.group(1)), "column": int(at.group(2)) + 1}
            )
    return findings[:MAX_FINDINGS]
