"""Build a problem's ``[[generated]]`` hidden tests on demand and cache them by content hash.

A generated test is ``python3 generator.py N SEED`` for the input and ``solutions/python.py`` on
that input for the expected output (both trusted code from the bank, run as plain subprocesses
on the host, never in the grading sandbox). Results live under
``<cache_dir>/<slug>/<hash>/{input,output}``, where the hash covers generator.py,
solutions/python.py, ``n`` and ``seed``: editing either source rebuilds, a second call only reads
files. A per-problem lock file makes concurrent callers (pytest-xdist workers, the service)
build each test once; a finished entry appears by an atomic rename, never half-written.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .bank import Problem, TestPair
from .schema import GeneratedTest

CACHE_VERSION = "1"  # bump when the layout or the way tests are built changes
DEFAULT_TIMEOUT_S = 300.0
CACHE_ENV = "INTERVIEW_PROBLEMS_CACHE"


class MaterialiseError(RuntimeError):
    """generator.py or solutions/python.py failed or timed out for a generated test."""


@dataclass(frozen=True)
class Materialised:
    """One generated test and how it was obtained (``built`` False: read from the cache)."""

    test: TestPair
    spec: GeneratedTest
    built: bool
    seconds: float
    path: Path


def default_cache_dir() -> Path:
    """``$INTERVIEW_PROBLEMS_CACHE``, else ``$XDG_CACHE_HOME`` (or ``~/.cache``) +
    ``interview-platform/problems``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "interview-platform" / "problems"


def generated_name(spec: GeneratedTest) -> str:
    """The ``TestPair`` name of a generated test (committed hidden tests are ``hidden NN``)."""
    return f"hidden {spec.name}"


def content_hash(problem: Problem, spec: GeneratedTest) -> str:
    """Hash of everything the test's content depends on (its name is only a label)."""
    if problem.generator is None:
        raise MaterialiseError(f"{problem.slug}: [[generated]] tests need generator.py")
    digest = hashlib.sha256()
    for part in (
        CACHE_VERSION,
        problem.generator,
        problem.solutions.get("python", ""),
        json.dumps({"n": spec.n, "seed": spec.seed}, sort_keys=True),
    ):
        data = part.encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def materialise(
    problem: Problem,
    cache_dir: Path | None = None,
    *,
    python: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[TestPair]:
    """The problem's ``[[generated]]`` hidden tests, in ``problem.toml`` order, built once into
    ``cache_dir`` (default: ``default_cache_dir()``). Committed tests are not included: see
    ``hidden_tests``. Raises ``MaterialiseError`` if a generator or the reference fails."""
    return [m.test for m in materialise_all(problem, cache_dir, python=python, timeout_s=timeout_s)]


def hidden_tests(
    problem: Problem,
    cache_dir: Path | None = None,
    *,
    python: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[TestPair]:
    """Every hidden test: the committed ones, then the generated ones."""
    generated = materialise(problem, cache_dir, python=python, timeout_s=timeout_s)
    return [*problem.hidden, *generated]


def materialise_all(
    problem: Problem,
    cache_dir: Path | None = None,
    *,
    python: str | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[Materialised]:
    """Like ``materialise``, with where each test lives and whether it was built now."""
    specs = problem.meta.generated
    if not specs:
        return []
    if "python" not in problem.solutions:
        raise MaterialiseError(f"{problem.slug}: [[generated]] tests need solutions/python.py")
    root = Path(cache_dir or default_cache_dir()) / problem.slug
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    done = []
    for spec in specs:
        entry = root / content_hash(problem, spec)
        started = time.perf_counter()
        built = False
        if not entry.is_dir():
            with _locked(root / ".lock"):
                if not entry.is_dir():  # another process may have built it while we waited
                    _build(problem, spec, entry, python or sys.executable, timeout_s)
                    built = True
        test = TestPair(
            generated_name(spec),
            (entry / "input").read_text(encoding="utf-8"),
            (entry / "output").read_text(encoding="utf-8"),
        )
        done.append(Materialised(test, spec, built, time.perf_counter() - started, entry))
    return done


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(problem: Problem, spec: GeneratedTest, entry: Path, python: str, timeout: float) -> None:
    """Build one test into a scratch folder next to ``entry``, then rename it into place.
    Called with the problem's lock held, so leftovers of killed builds can be removed."""
    for stale in entry.parent.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
    try:
        assert problem.generator is not None  # content_hash checked it
        (scratch / "generator.py").write_text(problem.generator, encoding="utf-8")
        (scratch / "reference.py").write_text(problem.solutions["python"], encoding="utf-8")
        where = f"{problem.slug} [[generated]] {spec.name} (n={spec.n}, seed={spec.seed})"
        data = _run(
            [python, "generator.py", str(spec.n), str(spec.seed)], b"", scratch, timeout, where
        )
        if not data.strip():
            raise MaterialiseError(f"{where}: generator.py printed nothing")
        if not data.endswith(b"\n"):
            data += b"\n"
        answer = _run([python, "reference.py"], data, scratch, timeout, where)
        (scratch / "input").write_bytes(data)
        (scratch / "output").write_bytes(answer)
        (scratch / "generator.py").unlink()
        (scratch / "reference.py").unlink()
        summary = {"slug": problem.slug, "name": spec.name, "n": spec.n, "seed": spec.seed}
        (scratch / "spec.json").write_text(json.dumps(summary) + "\n", encoding="utf-8")
        scratch.chmod(0o700)
        os.rename(scratch, entry)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _run(command: list[str], data: bytes, cwd: Path, timeout: float, where: str) -> bytes:
    what = "generator.py" if command[1] == "generator.py" else "solutions/python.py"
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, cwd=cwd, env=env, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise MaterialiseError(f"{where}: {what} took longer than {timeout:g} s") from error
    except OSError as error:
        raise MaterialiseError(f"{where}: cannot run {command[0]}: {error}") from error
    if done.returncode:
        tail = done.stderr[-2000:].decode(errors="replace").strip()
        raise MaterialiseError(f"{where}: {what} exited with {done.returncode}:\n{tail}")
    return done.stdout
