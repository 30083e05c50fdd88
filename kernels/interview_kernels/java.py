"""Java 17 kernel: a warm javac (CompileServer, one per kernel) + ``java`` per cell.

A cell is a compilation unit: ``public class Main`` or any class with ``public static void
main(String[])``; the file is named after the public top-level type when there is one.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from . import procutil
from .base import Compiled, WrapperKernel, launch
from .process import RunResult
from .spec import PACKAGE_DIR, LanguageSpec

SPEC = LanguageSpec(
    name="java",
    display_name="Java 17",
    language="java",
    module="interview_kernels.java",
    tools=("java", "javac"),
    file_extension=".java",
    mimetype="text/x-java",
    codemirror_mode="text/x-java",
    pygments_lexer="java",
    version="17",
    logo_text="J",
    logo_color="#e76f00",
)

SERVER_SOURCE = PACKAGE_DIR / "java" / "CompileServer.java"
SERVER_DIR = "java-compile-server"
_PUBLIC_TYPE = re.compile(
    r"^\s*public\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\s+)*"
    r"(?:class|interface|enum|record|@interface)\s+([A-Za-z_$][\w$]*)",
    re.MULTILINE,
)
JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto")


def server_classes(cache: Path) -> Path:
    return cache / SERVER_DIR


class CompileServerError(RuntimeError):
    pass


class JavaKernel(WrapperKernel):
    spec = SPEC
    source_name = "Main.java"

    def setup(self) -> None:
        self._server: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._main_class = ""
        self._start_server()

    def helper_pids(self) -> set[int]:
        server = getattr(self, "_server", None)
        return {server.pid} if server is not None and server.poll() is None else set()

    def teardown(self) -> None:
        self._stop_server()

    def _start_server(self) -> None:
        java = self.tool("java")
        classes = server_classes(Path(self.cache_dir))
        if (classes / "CompileServer.class").is_file():
            argv = [java, *JVM_FLAGS, "-cp", str(classes), "CompileServer"]
        else:  # not prepared: the source launcher compiles it in memory (slower start)
            argv = [java, *JVM_FLAGS, str(SERVER_SOURCE)]
        self._buffer = b""
        self._server = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=self.workdir,
            env=self.compile_env(),
            start_new_session=True,
        )

    def _stop_server(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        procutil.kill_group(server.pid)
        with contextlib.suppress(Exception):
            server.wait(timeout=5)
        for pipe in (server.stdin, server.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def source_file(self, code: str) -> str:
        match = _PUBLIC_TYPE.search(code)
        return f"{match.group(1)}.java" if match else "Main.java"

    def compile(self, source: Path) -> Compiled:
        classes = self.workdir / "classes"
        shutil.rmtree(classes, ignore_errors=True)
        classes.mkdir()
        for other in self.workdir.glob("*.java"):
            if other != source:
                other.unlink()
        if self._server is None or self._server.poll() is not None:
            self._start_server()
        result = RunResult(returncode=0)
        self._raise_on_sigint = True
        try:
            status, main, output = self._request(f"classes\t{source.name}\n")
        except KeyboardInterrupt:
            self._stop_server()
            result.interrupted = True
            return Compiled(result, ok=False)
        except TimeoutError:
            self._stop_server()
            result.timed_out = True
            return Compiled(result, ok=False)
        except CompileServerError as exc:
            self._stop_server()
            result.returncode = 1
            result.output = f"javac compile server failed: {exc}\n"
            return Compiled(result, ok=False)
        finally:
            self._raise_on_sigint = False
        result.returncode = status
        result.output = output
        self._main_class = main
        if status == 0 and not main:
            result.returncode = 1
            result.output += "error: no class in this cell has public static void main(String[])\n"
        return Compiled(result)

    def _request(self, line: str) -> tuple[int, str, str]:
        server = self._server
        assert server is not None and server.stdin is not None and server.stdout is not None
        try:
            server.stdin.write(line.encode())
            server.stdin.flush()
        except BrokenPipeError as exc:
            raise CompileServerError("it exited") from exc
        deadline = time.monotonic() + self.compile_timeout
        fd = server.stdout.fileno()
        header = self._read_until(fd, lambda buf: b"\n" in buf, deadline)
        head, _, self._buffer = header.partition(b"\n")
        try:
            status_text, main, size_text = head.decode().split("\t")
            size = int(size_text)
        except ValueError as exc:
            raise CompileServerError(f"bad reply {head!r}") from exc
        body = self._read_until(fd, lambda buf: len(buf) >= size, deadline)
        text, self._buffer = body[:size], body[size:]
        return int(status_text), main, text.decode("utf-8", "replace")

    def _read_until(self, fd: int, done: Callable[[bytes], bool], deadline: float) -> bytes:
        while not done(self._buffer):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise CompileServerError("it exited")
            self._buffer += chunk
        return self._buffer

    def run_command(self, source: Path, args: list[str]) -> list[str]:
        java = self.tool("java")
        classes = str(self.workdir / "classes")
        return [java, *JVM_FLAGS, "-Xss64m", "-cp", classes, self._main_class, *args]


if __name__ == "__main__":
    launch(JavaKernel)
