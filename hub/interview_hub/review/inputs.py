"""Inputs of growing size from a problem's ``generator.py``, generated once and cached.

``python3 generator.py N SEED`` is trusted bank code (like ``problems.materialise``): it runs as a
plain subprocess on the host, never in the grading sandbox. Inputs are kept on disk under
``<cache>/<slug>/ladder/<hash>`` (the hash covers generator.py, N and SEED; written by an atomic
rename) and the most recent ones in memory, so a second review of the same problem generates
nothing.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import hashlib
import os
import sys
import tempfile
from collections import OrderedDict
from pathlib import Path

from ..problems import Problem, default_cache_dir

GENERATOR_TIMEOUT_S = 60.0
MEMORY_BYTES = 64 * 1024 * 1024
DEFAULT_SEEDS = (7,)


class GeneratorError(RuntimeError):
    """generator.py failed or printed nothing."""


def size_range(problem: Problem) -> int | None:
    """The largest N the problem's own tests use: ``[[generated]]`` sizes, else the generator's
    ``HIDDEN_SIZES`` (read, not run); None if neither says."""
    sizes = [spec.n for spec in problem.generated]
    if not sizes and problem.generator:
        sizes = _hidden_sizes(problem.generator)
    return max(sizes) if sizes else None


def ladder_seeds(problem: Problem, most: int = 3) -> list[int]:
    """Seeds of the problem's large tests (the author picked them to catch slow code)."""
    seeds = list(dict.fromkeys(spec.seed for spec in problem.generated))
    return seeds[:most] or list(DEFAULT_SEEDS)


def _hidden_sizes(source: str) -> list[int]:
    with contextlib.suppress(SyntaxError, ValueError):
        for node in ast.parse(source).body:
            target: ast.expr | None = None
            value: ast.expr | None = None
            if isinstance(node, ast.AnnAssign):
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            if isinstance(target, ast.Name) and target.id == "HIDDEN_SIZES" and value:
                sizes = ast.literal_eval(value)
                return [int(v) for v in sizes if isinstance(v, int) and v > 0]
    return []


class InputCache:
    """Generated inputs by ``(generator, n, seed)``: memory (LRU, ``memory_bytes``), then disk."""

    def __init__(
        self, root: Path | None = None, *, memory_bytes: int = MEMORY_BYTES, python: str = ""
    ) -> None:
        self.root = Path(root) if root else default_cache_dir()
        self.memory_bytes = memory_bytes
        self.python = python or sys.executable
        self._memory: OrderedDict[str, bytes] = OrderedDict()
        self._held = 0
        self._pending: dict[str, asyncio.Future[bytes]] = {}

    def key(self, problem: Problem, n: int, seed: int) -> str:
        digest = hashlib.sha256()
        for part in ("ladder-1", problem.generator or "", str(n), str(seed)):
            data = part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()[:32]

    def cached(self, problem: Problem, n: int, seed: int) -> bool:
        key = self.key(problem, n, seed)
        return key in self._memory or self._path(problem, key).is_file()

    async def get(self, problem: Problem, n: int, seed: int) -> bytes:
        """The input for ``(n, seed)``; concurrent callers share one generator run."""
        key = self.key(problem, n, seed)
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        pending = self._pending.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._load(problem, key, n, seed))
            self._pending[key] = pending
            pending.add_done_callback(lambda done: self._settled(key, done))
        return await asyncio.shield(pending)

    def _settled(self, key: str, done: asyncio.Future[bytes]) -> None:
        self._pending.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved: a failed prefetch nobody awaited is not an error

    def prefetch(self, problem: Problem, n: int, seed: int) -> None:
        """Start generating in the background (errors surface on ``get``)."""
        key = self.key(problem, n, seed)
        if key not in self._memory and key not in self._pending:
            task = asyncio.ensure_future(self.get(problem, n, seed))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def _load(self, problem: Problem, key: str, n: int, seed: int) -> bytes:
        path = self._path(problem, key)
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError:
            data = await self._generate(problem, n, seed)
            await asyncio.to_thread(_write_atomic, path, data)
        self._remember(key, data)
        return data

    def _path(self, problem: Problem, key: str) -> Path:
        return self.root / problem.slug / "ladder" / key

    def _remember(self, key: str, data: bytes) -> None:
        if len(data) > self.memory_bytes // 4:
            return
        self._memory[key] = data
        self._held += len(data)
        while self._held > self.memory_bytes and self._memory:
            _, old = self._memory.popitem(last=False)
            self._held -= len(old)

    async def _generate(self, problem: Problem, n: int, seed: int) -> bytes:
        if not problem.generator:
            raise GeneratorError(f"{problem.slug} has no generator.py")
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
        process = await asyncio.create_subprocess_exec(
            self.python,
            "-S",
            "-c",
            problem.generator,
            str(n),
            str(seed),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            stdin=asyncio.subprocess.DEVNULL,
            env=env,
            cwd="/",
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(), GENERATOR_TIMEOUT_S)
        except (TimeoutError, asyncio.CancelledError):
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
            raise
        where = f"{problem.slug}: generator.py {n} {seed}"
        if process.returncode:
            tail = err[-500:].decode(errors="replace").strip()
            raise GeneratorError(f"{where} exited with {process.returncode}: {tail}")
        if not out.strip():
            raise GeneratorError(f"{where} printed nothing")
        return out if out.endswith(b"\n") else out + b"\n"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, scratch = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(scratch, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise
