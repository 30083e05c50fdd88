"""Shared fixtures: a real platform per test module, people who use it over HTTP."""

from __future__ import annotations

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)
