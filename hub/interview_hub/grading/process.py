"""Spawn one process tree, read its pipes with a cap, await its exit through a pidfd, enforce
the wall clock; measure CPU and peak memory from its cgroup (or its rusage without one)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cgroups import RunCgroup
from .verdicts import signal_name

MiB = 1024 * 1024
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the submission): reported as Internal Error."""


@dataclass(frozen=True)
class ProcessLimits:
    cpu_s: float = 2.0
    wall_s: float = 5.0
    memory_bytes: int = 256 * MiB
    pids: int = 64
    file_bytes: int = 16 * MiB
    nofile: int = 128
    stack_bytes: int = 64 * MiB
    output_bytes: int = 8 * MiB
    stderr_keep: int = 64 * 1024
    tmpfs_bytes: int = 64 * MiB
    cpu_cores: float = 1.0
    address_space_bytes: int | None = None  # RLIMIT_AS, used only without a memory cgroup


@dataclass
class ProcessResult:
    exit_code: int | None = None
    signal: str | None = None
    stdout: bytes = b""
    stderr: bytes = b""
    wall_s: float = 0.0
    cpu_s: float = 0.0
    memory_bytes: int = 0
    timed_out: bool = False
    oom_killed: bool = False
    output_exceeded: bool = False
    pids_exhausted: bool = False
    setup_error: str | None = None

    @property
    def cpu_exceeded(self) -> bool:
        return self.signal in ("SIGXCPU",)


class SpawnedProcess:
    """Spawn, read both pipes with a cap, wait on a pidfd, enforce the wall clock."""

    def __init__(
        self,
        command: list[str],
        env: dict[str, str],
        stdin: bytes,
        limits: ProcessLimits,
        cgroup: RunCgroup | None,
    ) -> None:
        self.command, self.env, self.stdin, self.limits, self.cgroup = (
            command,
            env,
            stdin,
            limits,
            cgroup,
        )
        self.result = ProcessResult()
        self.loop = asyncio.get_running_loop()
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.stderr_total = 0
        self.status = bytearray()
        self.open_fds: set[int] = set()
        self.finished = asyncio.Event()
        self.exited = False
        self.pid = 0
        self.rusage_cpu = 0.0
        self.rusage_rss = 0

    async def run(self, on_start: Callable[[int], None] | None) -> ProcessResult:
        stdin_fd = os.memfd_create("stdin", os.MFD_CLOEXEC)
        pipes = [os.pipe2(os.O_CLOEXEC) for _ in range(3)]
        try:
            os.write(stdin_fd, self.stdin) if self.stdin else None
            os.lseek(stdin_fd, 0, os.SEEK_SET)
            actions = [(os.POSIX_SPAWN_DUP2, stdin_fd, 0)]
            actions += [(os.POSIX_SPAWN_DUP2, pipes[i][1], i + 1) for i in range(3)]
            started = time.monotonic()
            self.pid = os.posix_spawn(
                self.command[0],
                self.command,
                self.env,
                file_actions=actions,
                setsigdef=(signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM),
                setsigmask=(),
            )
        except OSError as error:
            for read, write in pipes:
                os.close(read)
                os.close(write)
            raise SandboxError(f"cannot start the sandbox: {error}") from error
        finally:
            os.close(stdin_fd)
        for _, write in pipes:
            os.close(write)
        pidfd = os.pidfd_open(self.pid)
        for fd, sink in zip([p[0] for p in pipes], ("stdout", "stderr", "status"), strict=True):
            os.set_blocking(fd, False)
            self.open_fds.add(fd)
            self.loop.add_reader(fd, self._on_readable, fd, sink)
        self.loop.add_reader(pidfd, self._on_exit, pidfd)
        if on_start is not None:
            on_start(self.pid)
        try:
            await asyncio.wait_for(self.finished.wait(), self.limits.wall_s)
        except TimeoutError:
            self.result.timed_out = True
            self.kill()
            await self.finished.wait()
        self.result.wall_s = time.monotonic() - started
        self._collect()
        return self.result

    def kill(self) -> None:
        """The launcher kills the sandbox's process group on SIGTERM, then reaps and exits."""
        if not self.exited:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        if self.cgroup is not None:
            self.cgroup.kill()

    def _on_readable(self, fd: int, sink: str) -> None:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.loop.remove_reader(fd)
            os.close(fd)
            self.open_fds.discard(fd)
            self._check_done()
            return
        if sink == "stdout":
            room = self.limits.output_bytes - len(self.stdout)
            self.stdout += chunk[: max(room, 0)]
            if len(chunk) > room and not self.result.output_exceeded:
                self.result.output_exceeded = True
                self.kill()
        elif sink == "stderr":
            self.stderr_total += len(chunk)
            room = self.limits.stderr_keep - len(self.stderr)
            if room > 0:
                self.stderr += chunk[:room]
            if self.stderr_total > self.limits.output_bytes and not self.result.output_exceeded:
                self.result.output_exceeded = True
                self.kill()
        elif len(self.status) < 4096:
            self.status += chunk

    def _on_exit(self, pidfd: int) -> None:
        self.loop.remove_reader(pidfd)
        os.close(pidfd)
        _, status, usage = os.wait4(self.pid, 0)
        self.exited = True
        self.rusage_cpu = usage.ru_utime + usage.ru_stime
        self.rusage_rss = usage.ru_maxrss * 1024
        if os.WIFSIGNALED(status):
            self.result.signal = signal_name(os.WTERMSIG(status))
        else:
            code = os.WEXITSTATUS(status)
            if b"child-pid" not in self.status:
                self.result.setup_error = f"sandbox setup failed (status {code})"
            elif 128 < code < 128 + 65:
                self.result.signal = signal_name(code - 128)
            else:
                self.result.exit_code = code
        # A process left holding a pipe would keep us waiting: the pid namespace is gone with
        # bubblewrap, and the cgroup kill covers anything that escaped it.
        if self.cgroup is not None and self.open_fds:
            self.cgroup.kill()
        self._check_done()

    def _check_done(self) -> None:
        if self.exited and not self.open_fds:
            self.finished.set()

    def _collect(self) -> None:
        result = self.result
        result.stdout = bytes(self.stdout)
        result.stderr = bytes(self.stderr)
        if result.setup_error:
            detail = result.stderr.decode(errors="replace").strip()
            result.setup_error += f": {detail}" if detail else ""
        cpu_ns = self.cgroup.cpu_ns() if self.cgroup else None
        result.cpu_s = cpu_ns / 1e9 if cpu_ns is not None else self.rusage_cpu
        peak = self.cgroup.memory_peak() if self.cgroup else None
        result.memory_bytes = peak if peak is not None else self.rusage_rss
        if self.cgroup is not None:
            result.oom_killed = self.cgroup.oom_killed()
            result.pids_exhausted = self.cgroup.pids_limit_hit()


async def spawn_and_wait(argv: Sequence[str]) -> int:
    """Run a short helper and await its exit through a pidfd (no child-watcher thread)."""
    loop = asyncio.get_running_loop()
    pid = os.posix_spawn(argv[0], list(argv), {"PATH": DEFAULT_PATH})
    pidfd = os.pidfd_open(pid)
    exited: asyncio.Future[None] = loop.create_future()

    def on_exit() -> None:
        if not exited.done():
            exited.set_result(None)

    loop.add_reader(pidfd, on_exit)
    try:
        await exited
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
