"""What a test needs from the machine, stated where it is needed.

``require(condition, reason)`` skips the test when the condition does not hold. Under
scripts/test (TESTS_NO_SKIPS=1), which installs everything the suite needs, tests/conftest.py
turns such a skip into a failure, so on this machine every test runs.
"""

from __future__ import annotations

import os
import shutil

import pytest

SANDBOX = "the grading sandbox needs root (cgroups, pool uids) and bubblewrap"


def require(condition: object, reason: str) -> None:
    """Skip the calling test, saying ``reason``, unless ``condition`` holds."""
    if not condition:
        pytest.skip(reason)


def require_sandbox() -> None:
    """The grading sandbox: root (cgroups, pool uids) and Debian's bubblewrap."""
    require(os.geteuid() == 0 and shutil.which("bwrap"), SANDBOX)
