"""Fixtures for the grading sandbox: one Grader per module, a host sentinel, leftover checks."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_hub.grading import Grader, Sandbox, Workspace
from interview_hub.grading.cgroups import PREFIX
from tests.support.needs import require_sandbox


@pytest.fixture(scope="module")
def grader() -> Iterator[Grader]:
    require_sandbox()
    grader = Grader(Sandbox())
    yield grader
    grader.sandbox.close()


@pytest.fixture(scope="module")
def sentinel() -> Iterator[subprocess.Popen[bytes]]:
    """A host process of ours that no submission may kill."""
    process = subprocess.Popen(["sleep", "3600"])
    yield process
    process.kill()
    process.wait()


class Seen:
    """Records the workspaces (uid, host path) and launcher pids of the runs of one grade."""

    def __init__(self) -> None:
        self.workspaces: list[Workspace] = []
        self.pids: list[int] = []

    def __call__(self, workspace: Workspace, pid: int) -> None:
        if workspace not in self.workspaces:
            self.workspaces.append(workspace)
        self.pids.append(pid)

    @property
    def uid(self) -> int:
        return self.workspaces[0].uid


def own_run_cgroups(grader: Grader) -> list[Path]:
    """Run cgroups this process created that still exist (there must be none between runs)."""
    mine = f"{PREFIX}{os.getpid()}-"
    return [
        child
        for parent in grader.sandbox.cgroups.parents()
        for child in parent.iterdir()
        if child.name.startswith(mine)
    ]


def tool_missing(grader: Grader, language: str) -> str | None:
    lang = grader.languages.get(language)
    if lang is None:
        return f"{language} is not configured (npm dependencies missing?)"
    for command in (lang.compile, lang.run):
        if command and command[0].startswith("/usr") and not Path(command[0]).exists():
            return f"{command[0]} is not installed"
    return None
