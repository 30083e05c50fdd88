"""A venv with JupyterLab, jupyter-collaboration and our extension, reused across runs.

Two cache levels under $INTERVIEW_EXTENSION_CACHE (else ~/.cache/interview-platform/extension):

* ``venv-<key>``: JupyterLab 4.6.6 + jupyter-collaboration 5.0.4, keyed by those pins and the
  Python version (built once, ~1 min);
* ``wheels/<hash>/``: the extension's wheel, keyed by a sha256 of its sources (everything under
  extensions/ except generated files), built with pip from a copy of the sources so a stale bundle
  in the working tree can never leak in. node_modules of the working tree is reused (symlinked)
  when its lockfile stamp matches, otherwise the build runs ``npm ci``.

The venv holds one build of the extension at a time (``.extension`` names it); a changed source
builds a new wheel (~20 s) and reinstalls it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extensions"
PINS = ["jupyterlab==4.6.6", "jupyter-collaboration==5.0.4"]
SKIP = {
    "node_modules",
    "lib",
    "labextension",
    "__pycache__",
    "dist",
    ".eslintcache",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
}
SKIP_SUFFIX = (".tsbuildinfo", ".egg-info", ".pyc")


def source_files() -> list[Path]:
    files = []
    for path in sorted(EXTENSION.rglob("*")):
        rel = path.relative_to(EXTENSION)
        if any(part in SKIP or part.endswith(SKIP_SUFFIX) for part in rel.parts):
            continue
        if path.is_file():
            files.append(path)
    return files


def source_key() -> str:
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(str(path.relative_to(EXTENSION)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def venv_key() -> str:
    text = sys.version + "\n" + "\n".join(PINS)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def cache_root() -> Path:
    explicit = os.environ.get("INTERVIEW_EXTENSION_CACHE")
    if explicit:
        return Path(explicit)
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "interview-platform" / "extension"


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-4000:]}\n"
            f"{result.stderr[-4000:]}"
        )


def _pip(venv: Path) -> list[str]:
    return [str(venv / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check"]


def _base_venv(root: Path) -> Path:
    venv = root / f"venv-{venv_key()}"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)])
        _run([*_pip(venv), "install", *PINS])
        (venv / ".complete").write_text("\n".join(PINS) + "\n")
    return venv


def _wheel(root: Path, key: str) -> Path:
    out = root / "wheels" / key
    found = sorted(out.glob("*.whl")) if out.is_dir() else []
    if found:
        return found[0]
    work = root / f"src-{key}"
    shutil.rmtree(work, ignore_errors=True)
    for path in source_files():
        target = work / path.relative_to(EXTENSION)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    modules = EXTENSION / "node_modules"
    if (modules / ".interview-stamp").exists():
        # read-only reuse: build-npm.mjs sees a matching stamp and skips `npm ci`
        (work / "node_modules").symlink_to(modules)
    tmp = root / "wheels" / f".{key}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    # the build hook runs `node build-npm.mjs install` (npm ci) and `npm run build:prod`
    _run([*_pip(_base_venv(root)), "wheel", "--no-deps", "-w", str(tmp), str(work)])
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    for old in sorted((root / "wheels").iterdir(), key=lambda p: p.stat().st_mtime)[:-5]:
        shutil.rmtree(old, ignore_errors=True)  # keep the five newest builds
    return sorted(out.glob("*.whl"))[0]


def ensure_lab_env() -> tuple[Path, float]:
    """The venv's path and how long this call spent building (0 when everything was cached)."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    key = source_key()
    venv = root / f"venv-{venv_key()}"
    stamp = venv / ".extension"
    if (venv / ".complete").exists() and stamp.exists() and stamp.read_text().strip() == key:
        return venv, 0.0
    started = time.monotonic()
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        venv = _base_venv(root)
        if not (stamp.exists() and stamp.read_text().strip() == key):
            wheel = _wheel(root, key)
            _run([*_pip(venv), "install", "--no-deps", "--force-reinstall", str(wheel)])
            # JupyterLab's assets as <file>.gz, as scripts/build-singleuser-env makes them
            _run([str(venv / "bin" / "python"), "-m", "interview_extension.precompress"])
            stamp.write_text(key + "\n")
    return venv, time.monotonic() - started


if __name__ == "__main__":
    path, seconds = ensure_lab_env()
    print(f"{path} (built in {seconds:.0f} s)" if seconds else f"{path} (cached)")
