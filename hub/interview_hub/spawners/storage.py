"""Per-server directories on the host, the server's uid, and its size-limited disk.

Layout (every directory root-owned and not writable by any sandbox uid, except ``work`` and
``sock``)::

    DATA_DIR/servers/<owner>/<server>/       0711 root (parents 0700)
        uid                                   the server's host uid (allocated once, kept)
        disk.img                              sparse ext4 image, the disk quota (optional)
        vol/                                  0711, mount point of disk.img (root of the image)
            work/                             0700 <uid>: the only writable place; $HOME inside
            sock/                             0700 <uid>: the server's own Unix socket
                                              (/run/jupyter inside: writable, so on the quota)
            logs/server.log                   the server's stdout/stderr (counts against the quota)
        etc/                                  generated passwd, group, hosts (read-only inside)
        hub/hub.sock                          hub API forwarder socket (read-only bind inside)

While the server runs, this directory is also bind-mounted (recursively) on
``/run/interview-sandboxes/<uid>-<hash>`` (0711), the only path bwrap, running as the server's uid,
can traverse. The hub creates these with plain ``mkdir`` in root-owned parents and only ever
opens paths it made; it never walks, chowns or deletes anything inside ``work`` or ``sock``,
so symlinks a candidate plants there are never followed on the host side.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import stat
from pathlib import Path

SAFE_NAME = re.compile(r"[A-Za-z0-9_@+-][A-Za-z0-9_.@+-]{0,127}")


class StorageError(RuntimeError):
    pass


def escape_name(name: str) -> str:
    """A path component for a hub user or server name: no ``/``, no leading dot, bounded."""
    if SAFE_NAME.fullmatch(name):
        return name
    return "_" + "".join(c if c.isalnum() else f"-{ord(c):x}-" for c in name)[:120]


def ensure_root_dir(path: Path, mode: int = 0o700) -> Path:
    """Create ``path`` (parents included) and check it is a real root-owned directory."""
    path.mkdir(parents=True, exist_ok=True, mode=mode)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise StorageError(f"{path} is not a directory owned by the hub")
    os.chmod(path, mode)
    return path


def ensure_owned_dir(path: Path, uid: int, mode: int = 0o700) -> Path:
    """Create ``path`` in a root-owned parent and hand it to ``uid`` without following links."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, mode)
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchown(fd, uid, uid)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    return path


def write_root_file(path: Path, text: str, mode: int = 0o644) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)


def uids_running() -> set[int]:
    """Real uids of every process on the host (a uid in use must not be handed out again)."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                found.add(os.stat(entry.path).st_uid)
    return found


def allocate_uid(servers_root: Path, server_dir: Path, first: int, last: int) -> int:
    """The server's uid: read from ``server_dir/uid``, or the lowest one in the range that no
    other server of this DATA_DIR owns and no host process runs as (another hub on the host).

    Runs synchronously on the hub's event loop, so two spawns of one hub cannot pick the same uid.
    """
    uid_file = server_dir / "uid"
    with contextlib.suppress(FileNotFoundError, ValueError):
        uid = int(uid_file.read_text())
        if first <= uid <= last:
            return uid
    used = uids_running()
    for other in servers_root.glob("*/*/uid"):
        with contextlib.suppress(OSError, ValueError):
            used.add(int(other.read_text()))
    for uid in range(first, last + 1):
        if uid not in used:
            write_root_file(uid_file, f"{uid}\n", 0o600)
            return uid
    raise StorageError(f"no free sandbox uid left in {first}-{last}")


def sandbox_etc(etc_dir: Path, user: str, uid: int, home: str, hostname: str) -> None:
    """passwd/group/hosts for inside the sandbox: the sandbox user and nobody, nothing else."""
    write_root_file(
        etc_dir / "passwd",
        f"root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
        f"{user}:x:{uid}:{uid}:interview:{home}:/bin/bash\n"
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    )
    write_root_file(etc_dir / "group", f"root:x:0:\n{user}:x:{uid}:\nnogroup:x:65534:\n")
    write_root_file(etc_dir / "hosts", f"127.0.0.1 localhost {hostname}\n::1 localhost\n")


async def _run(*command: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await process.communicate()
    return int(process.returncode or 0), out.decode(errors="replace").strip()


async def mount_disk(image: Path, mountpoint: Path, size: int) -> None:
    """Create (once) a sparse ext4 image of ``size`` bytes and loop-mount it at ``mountpoint``.

    Grows the image when ``size`` was raised; never shrinks it.
    """
    ensure_root_dir(mountpoint, 0o711)
    if is_mount(mountpoint):
        return
    fresh = not image.exists()
    if fresh:
        fd = os.open(image, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.ftruncate(fd, size)
        os.close(fd)
        code, out = await _run(
            "mkfs.ext4", "-q", "-F", "-m", "0", "-E", "root_owner=0:0", str(image)
        )
        if code:
            image.unlink()
            raise StorageError(f"mkfs.ext4 failed: {out}")
    elif image.stat().st_size < size:
        os.truncate(image, size)
        await _run("e2fsck", "-p", "-f", str(image))
        await _run("resize2fs", str(image))
    options = "loop,nosuid,nodev,noatime,discard"
    code, out = await _run("mount", "-t", "ext4", "-o", options, str(image), str(mountpoint))
    if code:
        raise StorageError(f"cannot mount {image}: {out}")
    if fresh:
        with contextlib.suppress(OSError):
            (mountpoint / "lost+found").rmdir()
    os.chmod(mountpoint, 0o711)


def mounts_under(path: Path) -> list[str]:
    """Mount points at or below ``path``, deepest first."""
    prefix = str(path).rstrip("/")
    found = []
    with open("/proc/self/mountinfo") as handle:
        for line in handle:
            point = line.split()[4].encode().decode("unicode_escape")
            if point == prefix or point.startswith(prefix + "/"):
                found.append(point)
    return sorted(set(found), key=len, reverse=True)


async def unmount(mountpoint: Path, recursive: bool = False) -> str:
    """Unmount (and submounts when ``recursive``); detach lazily what is still busy."""
    problems = []
    points = mounts_under(mountpoint) if recursive else [str(mountpoint)]
    for point in points:
        # a point may carry stacked mounts: unmount until it is gone
        for _ in range(8):
            if point not in mounts_under(Path(point)):
                break
            code, out = await _run("umount", point)
            if code:
                problems.append(out)
                await _run("umount", "-l", point)
    return "; ".join(problems)


def is_mount(path: Path) -> bool:
    """True for any mount, bind mounts of the same filesystem included (unlike ismount)."""
    return str(path).rstrip("/") in mounts_under(path)


async def stage(base: Path, staging: Path) -> None:
    """Bind-mount the server directory (with its disk) on ``staging`` for bwrap to bind from.

    A mount already there is a leftover of a hub that died: replace it.
    """
    ensure_root_dir(staging.parent, 0o711)
    ensure_root_dir(staging, 0o711)
    if is_mount(staging):
        await unmount(staging, recursive=True)
    code, out = await _run("mount", "--rbind", str(base), str(staging))
    if code:
        raise StorageError(f"cannot bind {base} on {staging}: {out}")
    await _run("mount", "--make-rprivate", str(staging))


async def unstage(staging: Path) -> str:
    problems = await unmount(staging, recursive=True)
    with contextlib.suppress(OSError):
        staging.rmdir()
    return problems
