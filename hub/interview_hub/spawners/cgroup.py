"""One cgroup per interview server (memory, pids, CPU quota); cgroup v1 and v2.

v1 (and hybrid) hosts: one directory per controller hierarchy, below the hub's own cgroup in that
hierarchy (``<own>/<parent>/<name>``), so whatever bounds the hub also bounds its servers.
v2 hosts: ``<cgroup2 mount>/<parent>/<name>``: the hub's own cgroup holds processes and so may
not delegate controllers (the "no internal processes" rule), hence the separate top-level parent.
The spawner writes the launcher's pid into every ``cgroup.procs`` before ``exec``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

V1_CONTROLLERS = ("memory", "pids", "cpu")
V2_CONTROLLERS = ("memory", "pids", "cpu")
UNIFIED = "unified"


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 0
    pids: int = 0
    cpu_cores: float = 0.0


def _mounts() -> tuple[dict[str, tuple[Path, str]], tuple[Path, str] | None]:
    v1: dict[str, tuple[Path, str]] = {}
    v2: tuple[Path, str] | None = None
    with open("/proc/self/mountinfo") as handle:
        for line in handle:
            left, _, right = line.partition(" - ")
            fields, extra = left.split(), right.split()
            if len(fields) < 5 or len(extra) < 3:
                continue
            root, point, fstype = fields[3], Path(fields[4]), extra[0]
            if fstype == "cgroup2":
                v2 = (point, root)
            elif fstype == "cgroup":
                for option in extra[2].split(","):
                    if option in V1_CONTROLLERS:
                        v1.setdefault(option, (point, root))
    return v1, v2


def _own_paths() -> dict[str, str]:
    result: dict[str, str] = {}
    with open("/proc/self/cgroup") as handle:
        for line in handle:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for name in controllers.split(",") if controllers else [""]:
                result[name] = path
    return result


def _under(point: Path, root: str, path: str) -> Path:
    relative = os.path.relpath(path, root) if root != "/" else path.lstrip("/")
    return point if relative in (".", "") else point / relative


def _write(path: Path, value: str) -> None:
    with open(path, "w") as handle:
        handle.write(value)


def _procs(path: Path) -> list[int]:
    try:
        return [int(pid) for pid in (path / "cgroup.procs").read_text().split()]
    except (OSError, ValueError):
        return []


def plan(parent: str, name: str) -> dict[str, str]:
    """Where the server's cgroup directories go: controller (or ``unified``) → path."""
    v1, v2 = _mounts()
    own = _own_paths()
    dirs: dict[str, str] = {}
    for controller, (point, root) in v1.items():
        dirs[controller] = str(_under(point, root, own.get(controller, "/")) / parent / name)
    missing = [c for c in V2_CONTROLLERS if c not in dirs]
    if v2 is not None and missing:
        point, _root = v2
        dirs[UNIFIED] = str(point / parent / name)
    return dirs


def _enable_v2(path: Path, top: Path) -> None:
    """Enable memory/pids/cpu for the children of every level from ``top`` down to ``path``."""
    levels = [path, *path.parents]
    chain = [p for p in reversed(levels) if p == top or top in p.parents]
    for level in chain[:-1]:
        with contextlib.suppress(OSError):
            available = (level / "cgroup.controllers").read_text().split()
            for controller in V2_CONTROLLERS:
                if controller in available:
                    with contextlib.suppress(OSError):
                        _write(level / "cgroup.subtree_control", f"+{controller}")


@dataclass
class ServerCgroup:
    dirs: dict[str, str] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        return [Path(p) for p in dict.fromkeys(self.dirs.values())]

    @property
    def procs_files(self) -> list[str]:
        return [str(path / "cgroup.procs") for path in self.paths]

    def create(self, limits: Limits) -> None:
        for key, raw in self.dirs.items():
            path = Path(raw)
            if key == UNIFIED:
                _, v2 = _mounts()
                top = v2[0] if v2 else path.parent
                path.mkdir(parents=True, exist_ok=True)
                _enable_v2(path, top)
            else:
                path.mkdir(parents=True, exist_ok=True)
        self.configure(limits)

    def configure(self, limits: Limits) -> None:
        memory = self.dirs.get("memory")
        unified = Path(self.dirs[UNIFIED]) if UNIFIED in self.dirs else None
        if limits.memory_bytes:
            if memory:
                mem = Path(memory)
                _write(mem / "memory.limit_in_bytes", str(limits.memory_bytes))
                if (mem / "memory.memsw.limit_in_bytes").exists():
                    _write(mem / "memory.memsw.limit_in_bytes", str(limits.memory_bytes))
                with contextlib.suppress(OSError):
                    _write(mem / "memory.swappiness", "0")
            elif unified and (unified / "memory.max").exists():
                _write(unified / "memory.max", str(limits.memory_bytes))
                with contextlib.suppress(OSError):
                    _write(unified / "memory.swap.max", "0")
        if limits.pids:
            pids = self.dirs.get("pids")
            if pids:
                _write(Path(pids) / "pids.max", str(limits.pids))
            elif unified and (unified / "pids.max").exists():
                _write(unified / "pids.max", str(limits.pids))
        if limits.cpu_cores:
            quota = max(1000, int(limits.cpu_cores * 100_000))
            cpu = self.dirs.get("cpu")
            if cpu:
                _write(Path(cpu) / "cpu.cfs_period_us", "100000")
                _write(Path(cpu) / "cpu.cfs_quota_us", str(quota))
            elif unified and (unified / "cpu.max").exists():
                _write(unified / "cpu.max", f"{quota} 100000")

    def members(self) -> set[int]:
        found: set[int] = set()
        for path in self.paths:
            found.update(_procs(path))
        return found

    def contains(self, pid: int) -> bool:
        return any(pid in _procs(path) for path in self.paths)

    def signal_all(self, sig: int) -> None:
        for pid in self.members():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)

    def kill(self) -> None:
        unified = self.dirs.get(UNIFIED)
        if unified and (Path(unified) / "cgroup.kill").exists():
            with contextlib.suppress(OSError):
                _write(Path(unified) / "cgroup.kill", "1")
        self.signal_all(signal.SIGKILL)

    def counters(self) -> dict[str, int]:
        """OOM kills and pids-limit hits so far (for logs and tests)."""
        out: dict[str, int] = {}
        memory = self.dirs.get("memory")
        with contextlib.suppress(OSError, ValueError):
            if memory:
                for line in (Path(memory) / "memory.oom_control").read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        out["oom_kill"] = int(value)
            pids = self.dirs.get("pids") or self.dirs.get(UNIFIED)
            if pids:
                for line in (Path(pids) / "pids.events").read_text().splitlines():
                    key, _, value = line.partition(" ")
                    if key == "max":
                        out["pids_max"] = int(value)
        return out

    async def destroy(self, attempts: int = 200) -> bool:
        """Kill every member and remove the directories.

        v1 has no "cgroup became empty" event and dying tasks leave asynchronously, so this
        retries with a short backoff (bounded by the pids limit: a fork bomb cannot outrun it).
        """
        delay = 0.002
        for _ in range(attempts):
            self.kill()
            if self.remove_now():
                return True
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)
        return False

    def remove_now(self) -> bool:
        done = True
        for path in reversed(self.paths):
            try:
                path.rmdir()
            except FileNotFoundError:
                pass
            except OSError:
                done = False
        return done
