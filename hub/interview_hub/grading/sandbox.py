"""Run one untrusted command: launcher (cgroup, rlimits, uid) → bubblewrap → the program.

Each run gets its own cgroup, a fresh tmpfs ``/tmp``, no network (own, empty namespace), a
read-only system (``/usr`` and a minimal ``/etc``), and the workspace directory at ``/box``
(writable only for compiles). Output is read through pipes and capped; nothing written by the
program is ever opened on the host.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .assets import Assets, build_launcher
from .cgroups import CgroupLimits, CgroupManager, RunCgroup
from .process import (
    DEFAULT_PATH,
    ProcessLimits,
    ProcessResult,
    SandboxError,
    SpawnedProcess,
    spawn_and_wait,
)

log = logging.getLogger(__name__)

BOX = "/box"
SANDBOX_UID = 1000
SYSTEM_LINKS = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "java-17-openjdk")


@dataclass(frozen=True)
class SandboxConfig:
    bwrap: str = "/usr/bin/bwrap"
    uid_base: int = 61000
    uid_count: int = 64
    cache_dir: Path = field(
        default_factory=lambda: (
            Path(
                os.environ.get("INTERVIEW_CACHE")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "interview-platform"
            )
            / "grading"
        )
    )
    assets_dir: Path | None = None  # sandbox-readable; default /var/cache/... when root
    work_root: Path | None = None  # parent of per-submission workspaces; default: a temp dir
    cgroup_v2_parent: str | None = None
    use_cgroups: bool = True
    # mount cgroup2 with favordynmods (see cgroups.py); GRADING_FAVORDYNMODS=0 leaves it alone
    favor_dynmods: bool = field(
        default_factory=lambda: os.environ.get("GRADING_FAVORDYNMODS", "1") != "0"
    )


@dataclass
class Workspace:
    """One submission's directory (host side) and the unprivileged uid its runs use."""

    path: Path
    uid: int


class Sandbox:
    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.root = os.geteuid() == 0
        self.config.cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.launcher = build_launcher(self.config.cache_dir)
        self.assets = Assets.prepare(self.config.assets_dir, self.config.cache_dir)
        self.cgroups = (
            CgroupManager.discover(self.config.cgroup_v2_parent, self.config.favor_dynmods)
            if self.config.use_cgroups
            else CgroupManager()
        )
        self._own_root = self.config.work_root is None
        root = self.config.work_root or Path(tempfile.mkdtemp(prefix="interview-grading-"))
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o711)  # pool uids may pass through, not list
        self.work_root = root
        self._locks = self.config.cache_dir / "uids"
        self._locks.mkdir(exist_ok=True, mode=0o700)
        self._bwrap_args = self._static_bwrap_args()
        # --size (bubblewrap ≥ 0.10, backported in Debian's 0.8): otherwise the memory cgroup
        # (tmpfs pages are charged to it) and RLIMIT_FSIZE bound /tmp.
        probe = subprocess.run([self.config.bwrap, "--help"], capture_output=True, text=True)
        self._tmpfs_size = "--size" in probe.stdout

    def close(self) -> None:
        if self._own_root:
            shutil.rmtree(self.work_root, ignore_errors=True)

    # -- workspaces -----------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def workspace(self, files: Mapping[str, bytes]) -> AsyncIterator[Workspace]:
        uid, lock = self._lease_uid()
        path = Path(tempfile.mkdtemp(prefix="run-", dir=self.work_root))
        try:
            write_files(path, files)
            if self.root:
                os.chown(path, uid, uid)
            os.chmod(path, 0o700)
            yield Workspace(path, uid)
        finally:
            await self.kill_uid(uid)
            shutil.rmtree(path, ignore_errors=True)
            os.close(lock)

    def _lease_uid(self) -> tuple[int, int]:
        if not self.root:
            return os.getuid(), os.open(os.devnull, os.O_RDONLY)
        for uid in range(self.config.uid_base, self.config.uid_base + self.config.uid_count):
            fd = os.open(self._locks / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return uid, fd
        raise SandboxError("every sandbox uid is busy")

    async def kill_uid(self, uid: int) -> None:
        """Kill anything still running as the workspace's uid (normally nothing)."""
        if not self.root:
            return
        await spawn_and_wait([str(self.launcher), "-K", str(uid)])

    # -- one run ----------------------------------------------------------------------------
    def _static_bwrap_args(self) -> list[str]:
        args = [self.config.bwrap, "--unshare-all", "--unshare-user", "--disable-userns"]
        args += ["--die-with-parent", "--new-session", "--hostname", "sandbox"]
        args += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
        args += ["--ro-bind", "/usr", "/usr"]
        for name in SYSTEM_LINKS:
            host = Path("/") / name
            if host.is_symlink():
                args += ["--symlink", os.readlink(host), f"/{name}"]
            elif host.is_dir():
                args += ["--ro-bind", str(host), f"/{name}"]
        for name in ETC_FILES:
            if (Path("/etc") / name).exists():
                args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
        for name in ("passwd", "group"):
            args += ["--ro-bind", str(self.assets.path / name), f"/etc/{name}"]
        args += ["--ro-bind", str(self.assets.path), "/opt/grading"]
        args += ["--proc", "/proc", "--dev", "/dev"]
        return args

    def bwrap_args(self, workspace: Workspace, limits: ProcessLimits, writable: bool) -> list[str]:
        args = list(self._bwrap_args)
        if self._tmpfs_size:
            args += ["--size", str(limits.tmpfs_bytes)]
        args += ["--tmpfs", "/tmp"]
        args += ["--bind" if writable else "--ro-bind", str(workspace.path), BOX]
        args += ["--chdir", BOX, "--remount-ro", "/", "--json-status-fd", "3", "--"]
        return args

    def launcher_args(self, run: RunCgroup | None, uid: int, limits: ProcessLimits) -> list[str]:
        cpu = max(1, math.ceil(limits.cpu_s))
        nproc = limits.pids + 16
        rlimits = {
            "CPU": (cpu + 1, cpu + 2),
            "FSIZE": (limits.file_bytes, limits.file_bytes),
            "NOFILE": (limits.nofile, limits.nofile),
            "CORE": (0, 0),
            "STACK": (limits.stack_bytes, limits.stack_bytes),
            "MEMLOCK": (0, 0),
            "MSGQUEUE": (0, 0),
        }
        if self.root:
            rlimits["NPROC"] = (nproc, nproc)
        if (run is None or not run.has("memory")) and limits.address_space_bytes:
            rlimits["AS"] = (limits.address_space_bytes, limits.address_space_bytes)
        args = [str(self.launcher)]
        for procs in run.procs_files if run else []:
            args += ["-c", procs]
        for name, (soft, hard) in rlimits.items():
            args += ["-r", f"{name}:{soft}:{hard}"]
        if self.root:
            args += ["-u", str(uid), "-g", str(uid)]
        return [*args, "--"]

    async def run(
        self,
        workspace: Workspace,
        argv: Sequence[str],
        *,
        stdin: bytes = b"",
        limits: ProcessLimits | None = None,
        env: Mapping[str, str] | None = None,
        writable: bool = False,
        on_start: Callable[[int], None] | None = None,
    ) -> ProcessResult:
        limits = limits or ProcessLimits()
        run: RunCgroup | None = None
        if self.cgroups.controllers:
            run = self.cgroups.create(
                CgroupLimits(limits.memory_bytes, limits.pids, limits.cpu_cores)
            )
        try:
            command = [
                *self.launcher_args(run, workspace.uid, limits),
                *self.bwrap_args(workspace, limits, writable),
                *argv,
            ]
            environment = {"PATH": DEFAULT_PATH, "HOME": "/tmp", "TMPDIR": "/tmp"}
            environment |= {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
            environment |= dict(env or {})
            watcher = SpawnedProcess(command, environment, stdin, limits, run)
            return await watcher.run(on_start)
        finally:
            if run is not None:
                await run.remove()


def write_files(directory: Path, files: Mapping[str, bytes]) -> None:
    """Create files in a fresh directory without ever following a link (O_EXCL|O_NOFOLLOW)."""
    dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        for name, data in files.items():
            if "/" in name or name in ("", ".", ".."):
                raise SandboxError(f"bad file name {name!r}")
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            fd = os.open(name, flags, 0o644, dir_fd=dir_fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    finally:
        os.close(dir_fd)


def processes_of_uid(uid: int) -> list[int]:
    """Host pids whose real uid is ``uid`` (tests: nothing may survive a run)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("Uid:"):
                        if int(line.split()[1]) == uid:
                            found.append(int(entry.name))
                        break
    return found
