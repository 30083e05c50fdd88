"""Compile and run commands per language, with Debian's toolchains (paths inside the sandbox).

Python runs with ``-S``: the standard library only, without the ~15 ms that processing the system
site-packages costs at every start. Interpreted languages check syntax at the start of each run
through a tiny bootstrap (one interpreter start per test instead of two): a syntax error exits
with ``SYNTAX_ERROR_STATUS`` and the runner reports Compilation Error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .assets import Assets
from .process import MiB
from .sandbox import BOX

SYNTAX_ERROR_STATUS = 113
JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64"
CXX_FLAGS = ["-std=c++17", "-O2"]
GO_ROOT = "/usr/lib/go"

PY_BOOTSTRAP = f"""\
import builtins, sys
builtins.exit = builtins.quit = sys.exit  # -S skips site, which defines them
with open('main.py', 'rb') as f:
    src = f.read()
try:
    code = compile(src, 'main.py', 'exec')
except (SyntaxError, ValueError) as e:
    import traceback
    traceback.print_exception(e, limit=0)
    sys.exit({SYNTAX_ERROR_STATUS})
sys.argv[:] = ['main.py']
g = sys.modules['__main__'].__dict__
g['__file__'] = '{BOX}/main.py'
del src, f
exec(code, g)
"""

JS_BOOTSTRAP = f"""\
const fs = require('fs'), vm = require('vm'), file = '{BOX}/main.js';
try {{
  vm.compileFunction(fs.readFileSync(file, 'utf8'),
    ['exports', 'require', 'module', '__filename', '__dirname'], {{ filename: file }});
}} catch (e) {{
  if (e instanceof SyntaxError) {{ console.error(e.stack); process.exit({SYNTAX_ERROR_STATUS}); }}
  throw e;
}}
process.argv.splice(1, 1, file);
require(file);
"""


@dataclass(frozen=True)
class Language:
    key: str
    name: str
    version: str
    source_file: str
    run: list[str]
    compile: list[str] | None = None
    env: dict[str, str] = field(default_factory=dict)
    compile_env: dict[str, str] = field(default_factory=dict)
    memory_extra: int = 0  # added to the cgroup limit for the runtime itself (JVM, V8)
    pids_extra: int = 0
    address_space_ok: bool = True  # RLIMIT_AS usable as fallback without a memory cgroup
    syntax_check_in_run: bool = False
    # Per-run argument tweaks that depend on the memory limit (e.g. -Xmx).
    run_args: Callable[[int], list[str]] | None = None

    def source_name(self, source: str) -> str:
        if self.key == "java":
            match = re.search(r"public\s+(?:final\s+|abstract\s+)*class\s+([A-Za-z_]\w*)", source)
            if match:
                return f"{match.group(1)}.java"
        return self.source_file

    def run_command(self, source_name: str, memory_bytes: int) -> list[str]:
        extra = self.run_args(memory_bytes) if self.run_args else []
        stem = source_name.rsplit(".", 1)[0]
        return [arg.replace("{stem}", stem) for arg in self.run[:1] + extra + self.run[1:]]

    def compile_command(self, source_name: str) -> list[str] | None:
        if self.compile is None:
            return None
        return [arg.replace("{source}", source_name) for arg in self.compile]


def _java_run_args(memory: int) -> list[str]:
    return [f"-Xmx{max(16, memory // MiB)}m", "-Xss64m"]


def _node_run_args(memory: int) -> list[str]:
    return [f"--max-old-space-size={max(16, memory // MiB)}", "--stack-size=32000"]


def build_languages(assets: Assets | None = None) -> dict[str, Language]:
    """Every language; TypeScript and the C++ header cache need the sandbox assets."""
    cxx = ["/usr/bin/g++", *CXX_FLAGS, "-pipe", "-fdiagnostics-color=never"]
    pch = assets.cxx_pch("/usr/bin/g++", CXX_FLAGS) if assets else None
    if pch:
        cxx += ["-I", pch]
    esbuild = assets.esbuild() if assets else None
    java_opts = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"]
    languages = [
        Language(
            "python",
            "Python",
            "3.11",
            "main.py",
            run=["/usr/bin/python3", "-S", "-c", PY_BOOTSTRAP],
            syntax_check_in_run=True,
        ),
        Language(
            "c",
            "C",
            "gcc 12 (C17)",
            "main.c",
            compile=[
                "/usr/bin/gcc",
                "-std=gnu17",
                "-O2",
                "-pipe",
                "-fdiagnostics-color=never",
                "-o",
                "main",
                "{source}",
                "-lm",
            ],
            run=[f"{BOX}/main"],
        ),
        Language(
            "cpp",
            "C++",
            "g++ 12 (C++17)",
            "main.cpp",
            compile=[*cxx, "-o", "main", "{source}"],
            run=[f"{BOX}/main"],
        ),
        Language(
            "java",
            "Java",
            "OpenJDK 17",
            "Main.java",
            compile=[
                f"{JAVA_HOME}/bin/javac",
                *(f"-J{o}" for o in java_opts),
                "-J-Xmx512m",
                "-encoding",
                "UTF-8",
                "-nowarn",
                "-d",
                ".",
                "{source}",
            ],
            run=[
                f"{JAVA_HOME}/bin/java",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:ActiveProcessorCount=1",
                "-cp",
                BOX,
                "{stem}",
            ],
            run_args=_java_run_args,
            memory_extra=128 * MiB,
            pids_extra=32,
            address_space_ok=False,
        ),
        Language(
            "javascript",
            "JavaScript",
            "Node.js 20",
            "main.js",
            run=["/usr/bin/node", "-e", JS_BOOTSTRAP],
            run_args=_node_run_args,
            memory_extra=64 * MiB,
            pids_extra=16,
            address_space_ok=False,
            syntax_check_in_run=True,
        ),
        Language(
            "go",
            "Go",
            "1.19",
            "main.go",
            compile=[f"{GO_ROOT}/bin/go", "build", "-o", "main", "{source}"],
            compile_env={
                "GOCACHE": "/tmp/gocache",
                "GOPATH": "/tmp/gopath",
                "CGO_ENABLED": "0",
                "GOROOT": GO_ROOT,
                "GO111MODULE": "off",
            },
            run=[f"{BOX}/main"],
            env={"GOMAXPROCS": "1"},
            pids_extra=16,
            address_space_ok=False,
        ),
        Language(
            "rust",
            "Rust",
            "rustc 1.63",
            "main.rs",
            compile=[
                "/usr/bin/rustc",
                "--edition",
                "2021",
                "-O",
                "-C",
                "debuginfo=0",
                "--color",
                "never",
                "-o",
                "main",
                "{source}",
            ],
            run=[f"{BOX}/main"],
        ),
    ]
    if esbuild:
        languages.append(
            Language(
                "typescript",
                "TypeScript",
                "esbuild → Node.js 20",
                "main.ts",
                compile=[
                    esbuild,
                    "{source}",
                    "--outfile=main.js",
                    "--format=cjs",
                    "--platform=node",
                    "--target=node20",
                    "--log-level=error",
                    "--color=false",
                ],
                run=["/usr/bin/node", "-e", JS_BOOTSTRAP],
                run_args=_node_run_args,
                memory_extra=64 * MiB,
                pids_extra=16,
                address_space_ok=False,
            )
        )
    return {language.key: language for language in languages}
