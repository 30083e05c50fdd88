"""The shared wrapper kernel: cell -> source file -> compile -> run, with live output."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

from ipykernel.kernelbase import Kernel
from traitlets import Bool, Float, Int, Unicode, default

from . import __version__, magics, procutil
from .process import InputSource, Runner, RunResult
from .spec import LanguageSpec, default_cache_dir, find_tool

_ERROR_LINE = re.compile(r"(error|Error|ERROR)\b")
_LOCATION = re.compile(r"^\S+:\d+(:\d+)?:")
_PLACE = re.compile(r"[\w./-]+\.\w+:\d+(?::\d+)?")


def _env_number(name: str, fallback: float) -> float:
    try:
        return float(os.environ[name])
    except (KeyError, ValueError):
        return fallback


class ToolMissing(RuntimeError):
    pass


class Compiled:
    """Outcome of a compile step."""

    def __init__(self, result: RunResult | None = None, *, ok: bool | None = None) -> None:
        self.result = result
        self.ok = ok if ok is not None else (result is None or result.returncode == 0)
        self.output = result.output if result else ""


class WrapperKernel(Kernel):
    """Base class of the compiled/interpreted language kernels.

    Subclasses set ``spec`` and ``source_name`` and implement :meth:`run_command`, plus
    :meth:`compile_commands` (or :meth:`compile`) when the language compiles.
    """

    spec: ClassVar[LanguageSpec]
    source_name: ClassVar[str] = "main.txt"
    implementation = "interview_kernels"
    implementation_version = __version__

    timeout = Float(
        help="Seconds a cell's program may run (0: no limit); a %%timeout line overrides it. "
        "Default from INTERVIEW_KERNEL_TIMEOUT, else 10.",
    ).tag(config=True)
    compile_timeout = Float(
        help="Seconds a compile may take. Default from INTERVIEW_KERNEL_COMPILE_TIMEOUT, else 60.",
    ).tag(config=True)
    output_limit = Int(
        help="Bytes of output per cell before the program is killed. Default from "
        "INTERVIEW_KERNEL_OUTPUT_LIMIT, else 1 MiB.",
    ).tag(config=True)
    cache_dir = Unicode(
        help="Precompiled artifacts (C++ header, Java archive, Go build cache). Default from "
        "INTERVIEW_KERNELS_CACHE, else ~/.cache/interview-kernels.",
    ).tag(config=True)
    use_pty = Bool(
        True,
        help="Give programs a pseudo-terminal as stdout so C stdio flushes each line "
        "(live output) instead of buffering until exit.",
    ).tag(config=True)

    @default("timeout")
    def _default_timeout(self) -> float:
        return _env_number("INTERVIEW_KERNEL_TIMEOUT", 10.0)

    @default("compile_timeout")
    def _default_compile_timeout(self) -> float:
        return _env_number("INTERVIEW_KERNEL_COMPILE_TIMEOUT", 60.0)

    @default("output_limit")
    def _default_output_limit(self) -> int:
        return int(_env_number("INTERVIEW_KERNEL_OUTPUT_LIMIT", 1 << 20))

    @default("cache_dir")
    def _default_cache_dir(self) -> str:
        return str(default_cache_dir())

    @property
    def language_info(self) -> dict[str, Any]:  # type: ignore[override]
        return self.spec.language_info()

    @property
    def banner(self) -> str:  # type: ignore[override]
        return f"{self.spec.display_name} (interview_kernels {__version__})"

    @property
    def kernel_info(self) -> dict[str, Any]:
        info: dict[str, Any] = super().kernel_info
        # One program at a time: no subshells; no debugger.
        info["supported_features"] = []
        return info

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.workdir = Path(tempfile.mkdtemp(prefix=f"ik-{self.spec.name}-"))
        self.program_cwd = os.getcwd()
        procutil.become_subreaper()
        self.runner = Runner(
            self._emit_output,
            keep=self.helper_pids,
            output_limit=self.output_limit,
            use_pty=self.use_pty,
            scratch=str(self.workdir),
        )
        self._parent: dict[str, Any] | None = None
        self._silent = False
        self._raise_on_sigint = False
        self._cleaned = False
        self._cleanup_lock = threading.Lock()
        atexit.register(self.cleanup)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_sigterm)
        self.setup()

    # ---- hooks for languages -------------------------------------------------------------
    def setup(self) -> None:
        """Start helpers (compile servers) in the background."""

    def teardown(self) -> None:
        """Stop helpers."""

    def helper_pids(self) -> set[int]:
        """Processes that outlive a cell (compile servers)."""
        return set()

    def source_file(self, code: str) -> str:
        return self.source_name

    def compile_commands(self, source: Path) -> list[list[str]]:
        return []

    def compile(self, source: Path) -> Compiled:
        result: RunResult | None = None
        for argv in self.compile_commands(source):
            result = self.runner.run(
                argv,
                cwd=str(self.workdir),
                env=self.compile_env(),
                timeout=self.compile_timeout,
                capture=True,
            )
            if result.returncode != 0 or result.interrupted or result.timed_out:
                return Compiled(result, ok=False)
        return Compiled(result)

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        raise NotImplementedError

    def compile_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({"LC_ALL": "C.UTF-8", "TERM": "dumb", "NO_COLOR": "1"})
        return env

    def program_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({"TERM": "dumb", "NO_COLOR": "1"})
        return env

    def tool(self, name: str) -> str:
        path = find_tool(name)
        if path is None:
            raise ToolMissing(f"{name} is not installed")
        return path

    # ---- messages ----------------------------------------------------------------------------
    def _emit_output(self, name: str, text: str) -> None:
        if self._silent or not self.session:
            return
        self.session.send(
            self.iopub_socket,
            "stream",
            {"name": name, "text": text},
            parent=self._parent,
            ident=self._topic("stream"),
        )

    def _error(self, ename: str, evalue: str) -> dict[str, Any]:
        traceback = [f"{ename}: {evalue}"]
        content = {"ename": ename, "evalue": evalue, "traceback": traceback}
        if not self._silent and self.session:
            self.session.send(
                self.iopub_socket, "error", content, parent=self._parent, ident=self._topic("error")
            )
        return {"status": "error", "execution_count": self.execution_count, **content}

    def _ok(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "execution_count": self.execution_count,
            "payload": [],
            "user_expressions": {},
        }

    # ---- interrupt and input -----------------------------------------------------------------
    def pre_handler_hook(self) -> None:
        self.saved_sigint_handler = signal.signal(signal.SIGINT, self._on_sigint)

    def post_handler_hook(self) -> None:
        signal.signal(signal.SIGINT, self.saved_sigint_handler)

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        # Both interrupt modes end here: "signal" (jupyter_client signals us) and "message"
        # (ipykernel signals its own process group on interrupt_request).
        self.runner.interrupt()
        if self.runner.in_input or self._raise_on_sigint:
            raise KeyboardInterrupt

    def _ask_line(self) -> str:
        line: str = self.raw_input("")
        if line == "^D":
            raise EOFError
        return line

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        self.cleanup()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    def cleanup(self) -> None:
        with self._cleanup_lock:
            if self._cleaned:
                return
            self._cleaned = True
        with contextlib.suppress(Exception):
            self.runner.kill_everything()
        with contextlib.suppress(Exception):
            self.teardown()
        with contextlib.suppress(Exception):
            procutil.sweep(os.getpid(), set())
        shutil.rmtree(self.workdir, ignore_errors=True)

    async def do_shutdown(self, restart: bool) -> dict[str, Any]:
        self.cleanup()
        return {"status": "ok", "restart": restart}

    # ---- execution ---------------------------------------------------------------------------
    async def do_execute(
        self,
        code: str,
        silent: bool,
        store_history: bool = True,
        user_expressions: dict[str, Any] | None = None,
        allow_stdin: bool = False,
        *,
        cell_meta: dict[str, Any] | None = None,
        cell_id: str | None = None,
    ) -> dict[str, Any]:
        self._parent = self.get_parent("shell")
        self._silent = silent
        self._allow_stdin = allow_stdin
        self.runner.reset()
        try:
            cell = magics.parse(code)
        except magics.MagicError as exc:
            return self._error("MagicError", str(exc))
        if not cell.code.strip():
            return self._ok()
        try:
            return self._execute(cell, allow_stdin)
        except ToolMissing as exc:
            return self._error("ToolMissing", str(exc))

    def _execute(self, cell: magics.Cell, allow_stdin: bool) -> dict[str, Any]:
        source = self.workdir / self.source_file(cell.code)
        source.write_text(cell.code if cell.code.endswith("\n") else cell.code + "\n")
        compiled = self.compile(source)
        if compiled.output:
            self._emit_output("stderr", compiled.output)
        if not compiled.ok:
            return self._compile_error(compiled)

        stdin: bytes | InputSource | None = None
        if cell.stdin is not None:
            stdin = cell.stdin
        elif allow_stdin:
            stdin = self._ask_line
        timeout = self.timeout if cell.timeout is None else cell.timeout
        result = self.runner.run(
            self.run_command(source, cell.args),
            cwd=self.program_cwd,
            env=self.program_env(),
            timeout=timeout,
            stdin=stdin,
        )
        return self._run_outcome(result, timeout)

    def _compile_error(self, compiled: Compiled) -> dict[str, Any]:
        result = compiled.result
        if result is not None and result.interrupted:
            return self._error("KeyboardInterrupt", "Interrupted during compilation")
        if result is not None and result.timed_out:
            return self._error(
                "CompilationError", f"Compilation took longer than {self.compile_timeout:g} s"
            )
        lines = [line.strip() for line in compiled.output.splitlines() if line.strip()]
        located = [line for line in lines if _LOCATION.match(line)]
        summary = next((line for line in located if _ERROR_LINE.search(line)), None)
        summary = summary or next((line for line in lines if _ERROR_LINE.search(line)), None)
        summary = summary or (located[0] if located else None)
        if summary is None:
            summary = lines[0] if lines else "compilation failed"
            if result is not None and result.returncode:
                summary = f"{summary} (compiler exited with status {result.returncode})"
        elif not _LOCATION.match(summary):
            # rustc and esbuild put the location on a later line: bring it along
            after = lines[lines.index(summary) + 1 :]
            where = next((m for line in after if (m := _PLACE.search(line))), None)
            if where:
                summary = f"{where.group(0)}: {summary}"
        return self._error("CompilationError", summary)

    def _run_outcome(self, result: RunResult, timeout: float) -> dict[str, Any]:
        if result.interrupted:
            return self._error("KeyboardInterrupt", "Interrupted: the program was killed")
        if result.timed_out:
            return self._error(
                "TimeLimitExceeded",
                f"Time limit exceeded: killed after {timeout:g} s (change it with %%timeout N)",
            )
        if result.output_limited:
            return self._error(
                "OutputLimitExceeded",
                f"Output limit exceeded: killed after {self.output_limit} bytes of output",
            )
        rc = result.returncode
        if rc is None or rc == 0:
            return self._ok()
        return self._error("RuntimeError", describe_status(rc))


def describe_status(returncode: int) -> str:
    if returncode >= 0:
        return f"Exited with status {returncode}"
    signum = -returncode
    try:
        name = signal.Signals(signum).name
    except ValueError:
        return f"Killed by signal {signum}"
    text = signal.strsignal(signum)
    return f"Killed by {name} ({text})" if text else f"Killed by {name}"


def launch(kernel_class: type[WrapperKernel]) -> None:
    """Entry point of ``python -m interview_kernels.<language>``."""
    from ipykernel.kernelapp import IPKernelApp

    if sys.path and sys.path[0] == "":
        del sys.path[0]
    IPKernelApp.launch_instance(kernel_class=kernel_class)
