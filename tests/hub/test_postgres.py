"""The whole platform on PostgreSQL: hub and interviews service share one database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.platform import Browserless, Platform
from tests.support.postgres import fresh_database, query

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture(scope="module")
def pg_platform(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Platform]:
    platform = Platform(
        tmp_path_factory.mktemp("pg"),
        env={
            "DATABASE_URL": pg_url,
            "DEMO_ACCOUNTS": "1",
            "INTERVIEWER_EMAIL_DOMAINS": "interviewers.test",
        },
    ).start()
    yield platform
    platform.stop()


def test_tables_live_in_postgres_not_sqlite(pg_platform: Platform, pg_url: str) -> None:
    tables = {
        row[0]
        for row in query(pg_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    }
    assert {"users", "groups", "users_info", "alembic_version"} <= tables  # the hub's
    assert {
        "iv_people",
        "iv_invitation_codes",
        "iv_audit_events",
        "iv_alembic_version",
    } <= tables  # the service's, with its own migration table
    assert not list(Path(pg_platform.data_dir).glob("*.sqlite"))
    roles = dict(query(pg_url, "SELECT username, role FROM iv_people"))
    assert roles["alice"] == "interviewer" and roles["carol"] == "candidate"


def test_role_choice_and_restart_on_postgres(pg_platform: Platform, pg_url: str) -> None:
    who = Browserless(pg_platform)
    assert "successful" in who.signup("pguser", "correct-horse-battery", "pguser@interviewers.test")
    who.login("pguser", "correct-horse-battery")
    who.open_service()
    assert who.api("POST", "me/role", {"role": "interviewer"}).status_code == 201
    who.close()
    assert query(pg_url, "SELECT role FROM iv_people WHERE username = %s", "pguser") == [
        ("interviewer",)
    ]
    members = query(
        pg_url,
        "SELECT u.name FROM users u JOIN user_group_map m ON m.user_id = u.id "
        "JOIN groups g ON g.id = m.group_id WHERE g.name = 'interviewers'",
    )
    assert ("pguser",) in members

    pg_platform.restart()
    again = Browserless(pg_platform)
    again.login("pguser", "correct-horse-battery")
    assert again.open_service().url.path == "/services/interviews/"
    assert again.api("POST", "me/role", {"role": "candidate"}).status_code == 409
    again.close()
