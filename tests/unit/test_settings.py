"""Configuration is checked at start, with one clear line per wrong or missing value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interview_hub.settings import PlatformSettings, normalise_db_url

ROOT = Path(__file__).resolve().parents[2]


def settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> PlatformSettings:
    for key in (
        "PORT",
        "DATABASE_URL",
        "AUTHENTICATOR",
        "OAUTH_CLIENT_ID",
        "OAUTH_CLIENT_SECRET",
        "OIDC_ISSUER",
        "INTERVIEWER_EMAIL_DOMAINS",
        "MIN_PASSWORD_LENGTH",
    ):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return PlatformSettings()


def test_defaults_are_valid(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = settings(monkeypatch, DATA_DIR=str(tmp_path))
    assert s.problems() == []
    assert s.hub_db_url == f"sqlite:///{tmp_path}/jupyterhub.sqlite"
    assert s.interviews_db_url == f"sqlite:///{tmp_path}/interviews.sqlite"


def test_each_problem_gets_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(
        monkeypatch,
        PORT="eighty",
        DATABASE_URL="mysql://x/y",
        AUTHENTICATOR="oidc",
        INTERVIEWER_EMAIL_DOMAINS="@bad",
        MIN_PASSWORD_LENGTH="4",
    )
    problems = s.problems()
    assert any(p.startswith("PORT='eighty'") for p in problems)
    assert any("DATABASE_URL='mysql://x/y'" in p for p in problems)
    assert "OAUTH_CLIENT_ID is required with AUTHENTICATOR=oidc" in problems
    assert "OAUTH_CLIENT_SECRET is required with AUTHENTICATOR=oidc" in problems
    assert any(p.startswith("OIDC_ISSUER") for p in problems)
    assert any("'@bad'" in p for p in problems)
    assert any(p.startswith("MIN_PASSWORD_LENGTH=4") for p in problems)
    assert len(problems) == 7


def test_postgres_urls_use_psycopg2() -> None:
    assert normalise_db_url("postgresql://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert normalise_db_url("postgres://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert normalise_db_url("sqlite:///x") == "sqlite:///x"


def test_hub_refuses_to_start_with_bad_config(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "PORT": "99999", "AUTHENTICATOR": "github"}
    env.pop("OAUTH_CLIENT_ID", None)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(ROOT / "jupyterhub_config.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("configuration error:")]
    assert lines == [
        "configuration error: PORT='99999' is not a port number (1-65535)",
        "configuration error: OAUTH_CLIENT_ID is required with AUTHENTICATOR=github",
        "configuration error: OAUTH_CLIENT_SECRET is required with AUTHENTICATOR=github",
    ], result.stderr[-2000:]
    assert "Traceback" not in result.stderr
