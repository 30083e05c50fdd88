"""The kernelspec installer, into temporary prefixes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interview_kernels.install import install


def test_installs_kernelspecs_with_this_python(tmp_path: Path) -> None:
    installed, _ = install(prefix=str(tmp_path), cache_dir=tmp_path / "cache", build_cache=False)
    assert "c" in installed, "gcc is expected on every machine that runs these tests"
    spec = json.loads((Path(installed["c"]) / "kernel.json").read_text())
    assert spec["argv"][:3] == [sys.executable, "-m", "interview_kernels.c"]
    assert spec["display_name"] == "C17"
    assert spec["language"] == "c"
    assert spec["interrupt_mode"] == "message"
    assert spec["env"]["INTERVIEW_KERNELS_CACHE"] == str(tmp_path / "cache")
    assert (Path(installed["c"]) / "logo-svg.svg").read_text().startswith("<svg")


def test_languages_without_toolchain_are_skipped_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEW_KERNELS_TOOL_GO", str(tmp_path / "no-such-go"))
    installed, skipped = install(
        prefix=str(tmp_path), languages=["go", "c"], cache_dir=tmp_path, build_cache=False
    )
    assert "go" not in installed and "c" in installed
    assert skipped == {"go": "go not found"}


def test_command_line_prints_what_it_did(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "interview_kernels.install",
            "--prefix",
            str(tmp_path),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-prepare",
            "--languages",
            "c,rust",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "installed c" in done.stdout
    assert (tmp_path / "share" / "jupyter" / "kernels" / "c" / "kernel.json").is_file()
