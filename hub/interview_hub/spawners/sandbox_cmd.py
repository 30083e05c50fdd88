"""The command lines that start a sandbox: root launcher → setpriv → bwrap → init → server.

bwrap runs as the server's unprivileged uid, which cannot traverse DATA_DIR (0700, it holds the
databases and secrets), so the hub bind-mounts the server's directory onto a staging path
(``/run/interview-sandboxes/<uid>-<hash>``, 0711) and bwrap binds from there. Every component bwrap
resolves is root-owned except the final ``work`` and ``sock`` directories, which sit in
root-owned parents, so a candidate cannot swap them for symlinks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bwrap import BwrapSpawner

#: system directories that are symlinks into /usr on Debian (merged /usr) or bound read-only
SYSTEM_DIRS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")

#: joins the cgroups as root, then drops to the server's uid for good and execs bwrap
LAUNCHER = 'while [ "$1" != -- ]; do echo $$ >"$1" || exit 97; shift; done; shift; exec "$@"'


@dataclass(frozen=True)
class SandboxPaths:
    base: Path
    staging: Path
    vol: Path
    work: Path
    logs: Path
    etc: Path
    hub: Path
    sock: Path


def _data_fd(path: Path) -> int:
    return os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)


def bwrap_command(
    spawner: BwrapSpawner, paths: SandboxPaths, init_code: str, hub_sock: str, command: list[str]
) -> tuple[list[str], list[int]]:
    """The bwrap argv and the fds it needs (the caller passes them and closes them)."""
    fds: list[int] = []

    def fd(opened: int) -> str:
        fds.append(opened)
        return str(opened)

    venv = spawner.singleuser_venv
    home = spawner.sandbox_home
    uid = str(spawner.uid)
    _, hub_port, _ = spawner._hub_target()
    args = [
        spawner.bwrap_path,
        "--unshare-user", "--uid", uid, "--gid", uid, "--disable-userns",
        "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net",
        "--unshare-cgroup-try", "--hostname", "interview", "--new-session",
        "--ro-bind", "/usr", "/usr",
    ]  # fmt: skip
    for name in SYSTEM_DIRS:
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), f"/{name}"]
        elif host.is_dir():
            args += ["--ro-bind", str(host), f"/{name}"]
    args += ["--proc", "/proc", "--dev", "/dev"]
    tmp_size = str(int(spawner.tmp_size))
    args += ["--size", tmp_size, "--perms", "1777", "--tmpfs", "/tmp"]
    args += ["--size", tmp_size, "--perms", "1777", "--tmpfs", "/dev/shm"]
    args += ["--tmpfs", "/run", "--dir", "/var", "--symlink", "../tmp", "/var/tmp"]
    args += ["--dir", "/etc"]
    for name in spawner.etc_files:
        source = Path("/etc") / name
        if source.exists():
            args += ["--ro-bind", str(source), f"/etc/{name}"]
    for name in ("passwd", "group", "hosts"):
        args += ["--ro-bind-data", fd(_data_fd(paths.etc / name)), f"/etc/{name}"]
    staged = paths.staging
    args += ["--ro-bind", venv, venv]
    args += ["--dir", "/home", "--bind", str(staged / "vol" / "work"), home]
    args += ["--bind", str(staged / "vol" / "sock"), "/run/jupyter"]
    args += ["--ro-bind", str(staged / "hub"), os.path.dirname(hub_sock)]
    # the sandbox's root is a tmpfs: read-only, so only work, /tmp, /dev/shm and the socket
    # directory take writes (and /tmp, /dev/shm are bounded by tmp_size and the memory cgroup)
    args += ["--remount-ro", "/", "--chdir", home, *spawner.extra_bwrap_args]
    args += [
        "--", f"{venv}/bin/python", "-I", "-c", init_code, str(hub_port), hub_sock,
        *spawner.inner_forwards(os.path.dirname(hub_sock)), "--", *command,
    ]  # fmt: skip
    return args, fds


def launcher_command(procs_files: list[str], uid: int, command: list[str]) -> list[str]:
    """``sh`` (root) joins the cgroups, ``setpriv`` drops to ``uid`` with no groups, no new
    privileges and no capabilities left, then bwrap builds the sandbox as that uid."""
    return [
        "/bin/sh", "-c", LAUNCHER, "launcher", *procs_files, "--",
        "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
        "--no-new-privs", "--inh-caps=-all", "--",
        *command,
    ]  # fmt: skip
