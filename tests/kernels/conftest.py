"""Real kernels, installed into a temporary prefix (never the system), started once per file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_kernels.install import install
from tests.support.needs import require

from .client import Kernel, start


def cache_dir() -> Path:
    """Where the slow artifacts (C++ PCH, javac server) are kept between runs."""
    if os.environ.get("INTERVIEW_KERNELS_CACHE"):
        return Path(os.environ["INTERVIEW_KERNELS_CACHE"])
    base = os.environ.get("INTERVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "interview-platform"
    )
    return Path(base) / "kernels"


@pytest.fixture(scope="session")
def kernelspecs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    prefix = tmp_path_factory.mktemp("jupyter-prefix")
    installed, _skipped = install(prefix=str(prefix), cache_dir=cache_dir())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        yield installed


@pytest.fixture(scope="module")
def kernels(kernelspecs: dict[str, str]) -> Iterator[dict[str, Kernel]]:
    """Kernels started on first use and shared by the tests of one module."""
    started: dict[str, Kernel] = {}

    class Lazy(dict[str, Kernel]):
        def __missing__(self, name: str) -> Kernel:
            require(
                name in kernelspecs or name == "python3",
                f"kernel {name} not installed (toolchain missing)",
            )
            started[name] = start(name)
            self[name] = started[name]
            return started[name]

    yield Lazy()
    for kernel in started.values():
        kernel.shutdown()
