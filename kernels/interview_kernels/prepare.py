"""Build what makes compiles fast, once per toolchain version, into the cache dir.

- C++: ``bits/stdc++.h`` precompiled with the kernel's flags (~7 s, ~100 MB).
- Java: the compile server's classes (otherwise the source launcher compiles it at each start).
- Go: a writable build cache, warmed with one build.

Each artifact carries a stamp (toolchain version + inputs); matching stamps are skipped.
``python -m interview_kernels.prepare [--cache-dir DIR]``.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import cpp, go, java
from .spec import default_cache_dir, find_tool

Step = Callable[[Path], str]


def _version(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).strip()


def _fresh(target: Path, stamp: str) -> bool:
    try:
        return (target / ".stamp").read_text() == stamp
    except OSError:
        return False


def _publish(build: Path, target: Path, stamp: str) -> None:
    (build / ".stamp").write_text(stamp)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    build.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def prepare_cpp(cache: Path) -> str:
    gxx = find_tool("g++")
    if gxx is None:
        return "skipped: g++ not found"
    target = cpp.pch_dir(cache)
    # v2: the header itself sits next to its .gch (see below)
    stamp = f"{_version([gxx, '--version'])}\n{' '.join(cpp.CXX_FLAGS)}\nv2"
    if _fresh(target, stamp):
        return f"up to date ({target})"
    probe = subprocess.run(
        [gxx, *cpp.CXX_FLAGS, "-H", "-E", "-x", "c++", "-"],
        input="#include <bits/stdc++.h>\n",
        capture_output=True,
        text=True,
        check=False,
    )
    header = next((line[2:] for line in probe.stderr.splitlines() if line.startswith(". ")), None)
    if header is None or not header.endswith("stdc++.h"):
        return "skipped: bits/stdc++.h not found"
    build = Path(tempfile.mkdtemp(prefix=".pch-", dir=cache))
    (build / "bits").mkdir()
    out = build / "bits" / "stdc++.h.gch"
    done = subprocess.run(
        [gxx, *cpp.CXX_FLAGS, "-x", "c++-header", header, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(build, ignore_errors=True)
        return f"failed: {done.stderr.strip()[:200]}"
    # a cell that itself says #include <bits/stdc++.h> (most C++ interview code does) finds this
    # directory first again; the .gch serves one include only, so the header must be here too
    # (its parts have include guards: the second include costs nothing)
    shutil.copyfile(header, build / "bits" / "stdc++.h")
    _publish(build, target, stamp)
    return f"built {target}"


def prepare_java(cache: Path) -> str:
    javac = find_tool("javac")
    if javac is None:
        return "skipped: javac not found"
    target = java.server_classes(cache)
    digest = hashlib.sha256(java.SERVER_SOURCE.read_bytes()).hexdigest()[:16]
    stamp = f"{_version([javac, '-version'])}\n{digest}"
    if _fresh(target, stamp):
        return f"up to date ({target})"
    build = Path(tempfile.mkdtemp(prefix=".javac-", dir=cache))
    done = subprocess.run(
        [javac, "-d", str(build), str(java.SERVER_SOURCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(build, ignore_errors=True)
        return f"failed: {done.stderr.strip()[:200]}"
    _publish(build, target, stamp)
    return f"built {target}"


def prepare_go(cache: Path) -> str:
    gobin = find_tool("go")
    if gobin is None:
        return "skipped: go not found"
    gocache = cache / "go-build"
    stamp = _version([gobin, "version"])
    if _fresh(gocache, stamp):
        return f"up to date ({gocache})"
    gocache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ik-go-") as scratch:
        src = Path(scratch) / "main.go"
        src.write_text('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("warm") }\n')
        env = {**os.environ, **go.go_env(cache, Path(scratch))}
        done = subprocess.run(
            [gobin, "build", "-o", "prog", "-ldflags=-s -w", "main.go"],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        return f"failed: {done.stderr.strip()[:200]}"
    # Kernels may run as other users: let them share the cache.
    for root, dirs, files in os.walk(gocache):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o1777)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    os.chmod(gocache, 0o1777)
    (gocache / ".stamp").write_text(stamp)
    return f"warmed {gocache}"


STEPS: dict[str, Step] = {"cpp": prepare_cpp, "java": prepare_java, "go": prepare_go}


def prepare(cache: Path, languages: list[str] | None = None) -> dict[str, str]:
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel installs (test workers) build once
        return {
            name: step(cache)
            for name, step in STEPS.items()
            if languages is None or name in languages
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    args = parser.parse_args(argv)
    for name, message in prepare(args.cache_dir).items():
        print(f"{name:12} {message}")


if __name__ == "__main__":
    main()
