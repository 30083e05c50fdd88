"""Run one program: live output, stdin, time limit, interrupt, and no process left behind."""

from __future__ import annotations

import codecs
import contextlib
import errno
import fcntl
import os
import select
import struct
import subprocess
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import procutil

OutputSink = Callable[[str, str], None]
"""Receives ``(stream_name, text)`` from reader threads as the program writes."""

InputSource = Callable[[], str]
"""Returns one line the program asked for; raises EOFError to close stdin, KeyboardInterrupt."""


@dataclass
class RunResult:
    returncode: int | None = None
    timed_out: bool = False
    interrupted: bool = False
    output_limited: bool = False
    elapsed: float = 0.0
    output: str = ""
    """Merged stdout+stderr in capture mode (compilers)."""


@dataclass
class _Pumps:
    threads: list[threading.Thread] = field(default_factory=list)
    captured: list[str] = field(default_factory=list)


class Runner:
    """Runs programs one at a time in their own session (process group = pid).

    ``interrupt()`` may be called from a signal handler or another thread.
    """

    def __init__(
        self,
        on_output: OutputSink,
        *,
        keep: Callable[[], set[int]] = set,
        output_limit: int = 1 << 20,
        use_pty: bool = True,
        input_poll: float = 0.02,
        scratch: str | None = None,
    ) -> None:
        self.scratch = scratch or tempfile.gettempdir()
        self.on_output = on_output
        self.keep = keep
        self.output_limit = output_limit
        self.use_pty = use_pty
        self.input_poll = input_poll
        self.in_input = False
        self._pgid: int | None = None
        self._interrupted = False
        self._limited = False
        self._written = 0
        self._stdin_w: int | None = None
        self._lock = threading.Lock()

    # ---- control from other threads / signal handlers -------------------------------------
    def reset(self) -> None:
        """Forget an interrupt from a previous cell (call at the start of each cell)."""
        self._interrupted = False

    def interrupt(self) -> None:
        self._interrupted = True
        pgid = self._pgid
        if pgid is not None:
            procutil.kill_group(pgid)

    def kill_everything(self) -> None:
        """Kill the current program and every non-kept descendant (shutdown path)."""
        self.interrupt()
        procutil.sweep(os.getpid(), self.keep())

    # ---- running ---------------------------------------------------------------------------
    def run(
        self,
        argv: list[str],
        *,
        cwd: str,
        env: dict[str, str],
        timeout: float | None,
        stdin: bytes | InputSource | None = None,
        capture: bool = False,
    ) -> RunResult:
        self._limited = False
        self._written = 0
        result = RunResult()
        if self._interrupted:  # interrupted between the compile and the run
            result.interrupted = True
            return result
        pumps = _Pumps()
        parent_fds: list[int] = []
        child_fds: list[int] = []
        stdin_w: int | None = None
        stdin_target: str | None = None
        probe: int | None = None

        if stdin is None:
            stdin_fd = os.open(os.devnull, os.O_RDONLY)
            child_fds.append(stdin_fd)
        elif isinstance(stdin, bytes):
            stdin_fd = _bytes_fd(stdin, self.scratch)
            child_fds.append(stdin_fd)
        else:
            stdin_w, stdin_fd, stdin_target = _interactive_stdin(self.use_pty)
            child_fds.append(stdin_fd)
            # our view of the program's end: how much it has not read yet (FIONREAD)
            probe = os.dup(stdin_fd)
            parent_fds.append(probe)

        if capture:
            read_out, write_out = os.pipe()
            stdout_fd = stderr_fd = write_out
            child_fds.append(write_out)
            sources = [("stdout", read_out)]
        else:
            if self.use_pty:
                read_out, stdout_fd = os.openpty()
                attrs = termios.tcgetattr(stdout_fd)
                attrs[1] &= ~termios.OPOST  # no \n -> \r\n
                attrs[3] &= ~(termios.ECHO | termios.ICANON)
                termios.tcsetattr(stdout_fd, termios.TCSANOW, attrs)
            else:
                read_out, stdout_fd = os.pipe()
            read_err, stderr_fd = os.pipe()
            child_fds += [stdout_fd, stderr_fd]
            sources = [("stdout", read_out), ("stderr", read_err)]
        parent_fds += [fd for _, fd in sources]

        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=stdin_fd,
                stdout=stdout_fd,
                stderr=stderr_fd,
                cwd=cwd,
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        except OSError as exc:
            for fd in child_fds + parent_fds + ([stdin_w] if stdin_w is not None else []):
                os.close(fd)
            result.returncode = 127
            result.output = f"cannot start {argv[0]}: {exc.strerror}\n"
            if not capture:
                self.on_output("stderr", result.output)
            return result
        self._pgid = proc.pid
        for fd in child_fds:
            os.close(fd)
        for name, fd in sources:
            thread = threading.Thread(
                target=self._pump, args=(fd, name, capture, pumps), daemon=True
            )
            thread.start()
            pumps.threads.append(thread)

        pidfd = os.pidfd_open(proc.pid)
        try:
            if self._interrupted:  # interrupted while we were starting it
                procutil.kill_group(proc.pid)
            self._stdin_w = stdin_w
            self._wait(proc, pidfd, timeout, stdin, stdin_w, stdin_target, probe, result)
        finally:
            os.close(pidfd)
            if probe is not None:
                os.close(probe)
            if self._stdin_w is not None:
                with contextlib.suppress(OSError):
                    os.close(self._stdin_w)
                self._stdin_w = None
            procutil.kill_group(proc.pid)
            result.returncode = proc.wait()
            self._pgid = None
            result.elapsed = time.monotonic() - start
            procutil.sweep(os.getpid(), self.keep())
            for thread in pumps.threads:
                thread.join(timeout=2)
        result.interrupted = self._interrupted and not result.timed_out
        result.output_limited = self._limited
        result.output = "".join(pumps.captured)
        return result

    def _wait(
        self,
        proc: subprocess.Popen[bytes],
        pidfd: int,
        timeout: float | None,
        stdin: bytes | InputSource | None,
        stdin_w: int | None,
        stdin_target: str | None,
        probe: int | None,
        result: RunResult,
    ) -> None:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        deadline = None if timeout is None or timeout <= 0 else time.monotonic() + timeout
        interactive = callable(stdin) and stdin_w is not None and stdin_target is not None
        poll_every = self.input_poll
        while True:
            wait: float | None = None
            if deadline is not None:
                wait = max(0.0, deadline - time.monotonic())
            if interactive:
                wait = poll_every if wait is None else min(wait, poll_every)
            # Wait for the exit event (pidfd); the timeout only serves the time limit and the
            # stdin check, which has no event to wait for.
            if poller.poll(None if wait is None else int(wait * 1000) + 1):
                return
            if self._interrupted or self._limited:
                procutil.kill_group(proc.pid)
                return
            if deadline is not None and time.monotonic() >= deadline:
                result.timed_out = True
                procutil.kill_group(proc.pid)
                return
            if not interactive:
                continue
            assert stdin_w is not None and stdin_target is not None and callable(stdin)
            if probe is not None and _unread(probe):
                continue  # it has not taken the last line yet
            pids = [proc.pid, *procutil.descendants(proc.pid)]
            if not procutil.waiting_on(pids, stdin_target):
                continue
            asked = time.monotonic()
            self.in_input = True
            try:
                line = stdin()
            except EOFError:
                if os.isatty(stdin_w):
                    os.write(stdin_w, b"\x04")  # end of input on a terminal: ^D
                else:
                    os.close(stdin_w)
                    self._stdin_w = None
                    interactive = False
                continue
            except KeyboardInterrupt:
                self._interrupted = True
                procutil.kill_group(proc.pid)
                return
            finally:
                self.in_input = False
                if deadline is not None:
                    deadline += time.monotonic() - asked
            try:
                os.write(stdin_w, (line + "\n").encode())
            except BrokenPipeError:
                interactive = False

    def _pump(self, fd: int, name: str, capture: bool, pumps: _Pumps) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        try:
            while True:
                try:
                    data = os.read(fd, 65536)
                except OSError as exc:
                    if exc.errno == errno.EIO:  # pty: every writer has gone
                        break
                    raise
                if not data:
                    break
                if capture:
                    pumps.captured.append(decoder.decode(data))
                    continue
                with self._lock:
                    room = self.output_limit - self._written
                    self._written += len(data)
                if room <= 0:
                    continue
                if len(data) > room:
                    data = data[:room]
                    self._limited = True
                    if self._pgid is not None:
                        procutil.kill_group(self._pgid)
                text = decoder.decode(data)
                if text:
                    self.on_output(name, text)
            tail = decoder.decode(b"", final=True)
            if tail:
                if capture:
                    pumps.captured.append(tail)
                else:
                    self.on_output(name, tail)
        finally:
            os.close(fd)


def _unread(fd: int) -> int:
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return 0


def _interactive_stdin(use_pty: bool) -> tuple[int, int, str]:
    """``(our end, program's end, its /proc fd link)``.

    A terminal (echo off) when possible: C stdio then flushes a pending prompt such as
    ``printf("n? ")`` before it reads, as it does in a real terminal.
    """
    if use_pty:
        try:
            master, slave = os.openpty()
        except OSError:
            pass
        else:
            attrs = termios.tcgetattr(slave)
            attrs[3] &= ~termios.ECHO
            termios.tcsetattr(slave, termios.TCSANOW, attrs)
            return master, slave, os.ttyname(slave)
    read_end, write_end = os.pipe()
    return write_end, read_end, f"pipe:[{os.fstat(read_end).st_ino}]"


def _bytes_fd(data: bytes, directory: str) -> int:
    """A readable fd holding ``data`` (an unlinked temporary file: no pipe to deadlock on)."""
    fd, path = tempfile.mkstemp(prefix=".stdin-", dir=directory)
    try:
        os.write(fd, data)
        os.lseek(fd, 0, os.SEEK_SET)
    finally:
        os.unlink(path)
    return fd
