"""Fixtures for the review evidence: one real grading sandbox per module."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from interview_hub.grading import Grader, Sandbox

NEEDS = "the grading sandbox needs root (cgroups, pool uids) and bubblewrap"


@pytest.fixture(scope="module")
def grader() -> Iterator[Grader]:
    if os.geteuid() != 0 or not shutil.which("bwrap"):
        pytest.skip(NEEDS)
    grader = Grader(Sandbox())
    yield grader
    grader.sandbox.close()
