"""Linux process helpers: descendants, killing whole trees, and "is it waiting for stdin?".

Everything here reads ``/proc``; the kernels only run on Linux.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
from collections.abc import Iterable

PR_SET_CHILD_SUBREAPER = 36

# x86_64 and aarch64 syscall numbers of calls that block reading one fd (first argument).
_READ_SYSCALLS = {
    "x86_64": {0, 17, 19, 295},  # read, pread64, readv, preadv
    "aarch64": {63, 65, 67, 69},  # read, readv, pread64, preadv
}
# Calls that wait on an epoll set (first argument): the set tells whether stdin is in it.
_EPOLL_SYSCALLS = {
    "x86_64": {232, 281, 441},  # epoll_wait, epoll_pwait, epoll_pwait2
    "aarch64": {22, 441},  # epoll_pwait, epoll_pwait2
}
_ARCH = os.uname().machine


def become_subreaper() -> bool:
    """Orphans of our children are re-parented to us, so a double fork cannot escape the sweep."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (all threads)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                found.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, parents before children."""
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in out:
                out.append(child)
                todo.append(child)
    return out


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def kill_pids(pids: Iterable[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def reap(pids: Iterable[int]) -> None:
    """Collect zombies of processes that were re-parented to us."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)


def sweep(root: int, keep: set[int]) -> int:
    """Kill every descendant of ``root`` except ``keep`` (and their subtrees); return how many."""
    killed = 0
    for _ in range(20):  # each round catches processes that forked during the previous one
        keep_tree = set(keep)
        for pid in keep:
            keep_tree.update(descendants(pid))
        victims = [pid for pid in descendants(root) if pid not in keep_tree]
        if not victims:
            break
        kill_pids(victims)
        killed += len(victims)
        reap(pid for pid in children(root) if pid in victims)
    return killed


def fd_target(pid: int, fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None


def _epoll_watches(pid: int, epfd: int) -> list[int]:
    fds: list[int] = []
    try:
        with open(f"/proc/{pid}/fdinfo/{epfd}") as fh:
            for line in fh:
                if line.startswith("tfd:"):
                    fds.append(int(line.split()[1]))
    except (OSError, ValueError, IndexError):
        pass
    return fds


def waiting_on(pids: Iterable[int], target: str) -> bool:
    """True when a thread of one of ``pids`` is blocked reading the file ``target`` (a
    ``/proc/PID/fd`` link such as ``pipe:[1234]``), directly or through an epoll set."""
    reads = _READ_SYSCALLS.get(_ARCH, set())
    epolls = _EPOLL_SYSCALLS.get(_ARCH, set())
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        candidates: list[tuple[str, int]] = []
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/syscall") as fh:
                    fields = fh.read().split()
            except OSError:
                continue
            if len(fields) < 2 or fields[0] in ("running", "-1"):
                continue
            nr, arg0 = int(fields[0]), int(fields[1], 16)
            if nr in reads:
                candidates.append(("read", arg0))
            elif nr in epolls:
                candidates.append(("epoll", arg0))
        for kind, fd in candidates:
            if kind == "read" and fd_target(pid, fd) == target:
                return True
            if kind == "epoll" and any(
                fd_target(pid, watched) == target for watched in _epoll_watches(pid, fd)
            ):
                return True
    return False
