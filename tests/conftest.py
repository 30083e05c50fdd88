"""Shared fixtures: a real platform per test module, people who use it over HTTP."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.platform import Browserless, Platform

DEFAULT_ENV = {"INTERVIEWER_EMAIL_DOMAINS": "interviewers.test", "DEMO_ACCOUNTS": "1"}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    p = Platform(tmp_path_factory.mktemp("platform"), env=dict(DEFAULT_ENV)).start()
    yield p
    p.stop()


def unique(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(3)}"


@pytest.fixture
def person_factory(platform: Platform) -> Iterator[object]:
    made: list[Browserless] = []

    def make(
        role: str | None = None, *, email_domain: str = "interviewers.test", name: str | None = None
    ) -> tuple[Browserless, str]:
        name = name or unique(role or "user")
        who = Browserless(platform)
        message = who.signup(name, "correct-horse-battery", f"{name}@{email_domain}")
        assert "successful" in message, message
        who.login(name, "correct-horse-battery")
        who.open_service()
        if role:
            response = who.api("POST", "me/role", {"role": role})
            assert response.status_code == 201, response.text
        made.append(who)
        return who, name

    yield make
    for who in made:
        who.close()


#: The modules that take longest (measured: a full run's junit.xml, seconds on the 2-core
#: machine), longest first. scripts/test hands whole modules to its workers in collection order,
#: so these start first and the run does not end with one worker alone on a long module.
LONGEST_FIRST = [
    "tests/containers/test_compose.py",  # 465 cold (images), 60 warm
    "tests/review_model/test_review_stream.py",  # 210 (the real model on CPU)
    "tests/containers/test_docker_spawner.py",  # 160 cold
    "tests/extension/test_room.py",  # 140
    "tests/review_model/test_local_model.py",  # 150 (not beside the other model's module)
    "tests/browser/test_room_origins.py",  # 120
    "tests/spawners/test_history.py",  # 95
    "tests/hub/test_bad_input.py",  # 90
    "tests/hub/test_grading_attacks.py",  # 85
    "tests/problems/test_references.py",  # 80
    "tests/browser/test_notebook_widget.py",  # 75
    "tests/problems/test_starters_slow.py",  # 65
    "tests/spawners/test_bwrap_lifecycle.py",  # 55
    "tests/video/test_recording.py",  # 50
]


def _weight(item: pytest.Item) -> int:
    path = Path(str(item.fspath)).resolve().relative_to(Path(__file__).resolve().parent.parent)
    try:
        return LONGEST_FIRST.index(path.as_posix())
    except ValueError:
        return len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)
    items.sort(key=_weight)  # stable: the order inside a module does not change


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under scripts/test (TESTS_NO_SKIPS=1), which installs every tool the suite needs, a skip
    means something is missing: it fails the run instead of passing quietly. PostgreSQL is the
    exception: scripts/test does not install a database server, so those tests may skip."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if (
        report.skipped
        and os.environ.get("TESTS_NO_SKIPS") == "1"
        and not hasattr(report, "wasxfail")
    ):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under scripts/test, which should have installed it: {reason}"
