"""Things built once and reused by content hash: the C launcher (host-only cache) and the files
runs read inside the sandbox (``/opt/grading``: passwd/group, esbuild, the C++ precompiled header).

The sandbox-visible directory must be reachable by the unprivileged pool uids, so when running as
root it defaults to ``/var/cache/interview-platform/grading`` (root's home is mode 0700).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LAUNCHER_SOURCE = HERE / "launcher.c"
NODE_DIR = HERE / "node"
ESBUILD = NODE_DIR / "node_modules" / "@esbuild" / "linux-x64" / "bin" / "esbuild"
SHARED_DEFAULT = Path("/var/cache/interview-platform/grading")
SANDBOX_ASSETS = "/opt/grading"
CXX_STDCPP = "bits/stdc++.h"
PASSWD = "root:x:0:0::/nonexistent:/usr/sbin/nologin\nsandbox:x:1000:1000::/tmp:/bin/sh\n"
GROUP = "root:x:0:\nsandbox:x:1000:\n"


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:16]


@contextlib.contextmanager
def _locked(directory: Path, name: str) -> Iterator[None]:
    fd = os.open(directory / f".{name}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def build_launcher(cache_dir: Path, cc: str = "gcc") -> Path:
    """Compile launcher.c once per content hash into ``cache_dir``; return the binary."""
    source = LAUNCHER_SOURCE.read_bytes()
    target = cache_dir / f"launcher-{_digest(source)}"
    if target.exists():
        return target
    with _locked(cache_dir, "launcher"):
        if target.exists():
            return target
        tmp = cache_dir / f".{target.name}.{os.getpid()}"
        base = [cc, "-O2", "-Wall", "-o", str(tmp), str(LAUNCHER_SOURCE)]
        for extra in (["-static"], []):
            done = subprocess.run([*base, *extra], capture_output=True, text=True)
            if done.returncode == 0:
                break
        else:
            raise RuntimeError(f"cannot compile the grading launcher: {done.stderr}")
        os.chmod(tmp, 0o700)
        os.replace(tmp, target)
        log.info("built grading launcher %s", target)
    return target


def _reachable(path: Path) -> bool:
    """Every component world-traversable and the leaf world-readable (pool uids must read it)."""
    path = path.resolve()
    for part in [*reversed(path.parents), path]:
        if part.exists() and not os.stat(part).st_mode & 0o001:
            return False
    return True


@dataclass
class Assets:
    path: Path

    @classmethod
    def prepare(cls, assets_dir: Path | None, cache_dir: Path) -> Assets:
        if assets_dir is None:
            assets_dir = SHARED_DEFAULT if os.geteuid() == 0 else cache_dir / "shared"
        assets_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(assets_dir, 0o755)
        if os.geteuid() == 0 and not _reachable(assets_dir):
            raise RuntimeError(f"{assets_dir} is not reachable by the sandbox uids")
        assets = cls(assets_dir)
        assets._write("passwd", PASSWD)
        assets._write("group", GROUP)
        return assets

    def _write(self, name: str, text: str) -> None:
        target = self.path / name
        if target.exists() and target.read_text() == text:
            return
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=f".{name}.")
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)

    def esbuild(self) -> str | None:
        """Sandbox path of a copy of the npm esbuild binary (None when npm deps are missing)."""
        if not ESBUILD.exists():
            return None
        digest = _digest(ESBUILD.read_bytes())
        name = f"esbuild-{digest}"
        target = self.path / name
        if not target.exists():
            with _locked(self.path, "esbuild"):
                if not target.exists():
                    tmp = self.path / f".{name}.{os.getpid()}"
                    shutil.copyfile(ESBUILD, tmp)
                    os.chmod(tmp, 0o755)
                    os.replace(tmp, target)
        return f"{SANDBOX_ASSETS}/{name}"

    def cxx_pch(self, cxx: str, flags: list[str]) -> str | None:
        """Sandbox include dir holding a precompiled bits/stdc++.h for these flags, or None."""
        try:
            header = subprocess.run(
                [cxx, *flags, "-x", "c++", "-E", "-H", "-"],
                input=f"#include <{CXX_STDCPP}>\n",
                capture_output=True,
                text=True,
                timeout=60,
            )
            version = subprocess.run([cxx, "--version"], capture_output=True, text=True)
        except (OSError, subprocess.TimeoutExpired):
            return None
        first = next((ln for ln in header.stderr.splitlines() if ln.startswith(". ")), "")
        source = Path(first[2:].strip())
        if header.returncode != 0 or not source.is_file():
            return None
        key = _digest(version.stdout.encode(), " ".join(flags).encode(), source.read_bytes())
        name = f"pch-{key}"
        target = self.path / name / "bits" / "stdc++.h.gch"
        if not target.exists():
            with _locked(self.path, "pch"):
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp = target.with_name(f".stdc++.h.gch.{os.getpid()}")
                    built = subprocess.run(
                        [cxx, *flags, "-x", "c++-header", str(source), "-o", str(tmp)],
                        capture_output=True,
                        text=True,
                    )
                    if built.returncode != 0:
                        log.warning("precompiled header failed: %s", built.stderr[-2000:])
                        return None
                    os.chmod(tmp, 0o644)
                    os.replace(tmp, target)
                    for part in (target.parent, target.parent.parent):
                        os.chmod(part, 0o755)
        return f"{SANDBOX_ASSETS}/{name}"
