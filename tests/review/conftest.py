"""Fixtures for the review evidence: one real grading sandbox per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interview_hub.grading import Grader, Sandbox
from tests.support.needs import require_sandbox


@pytest.fixture(scope="module")
def grader() -> Iterator[Grader]:
    require_sandbox()
    grader = Grader(Sandbox())
    yield grader
    grader.sandbox.close()
