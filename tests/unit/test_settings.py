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
        "SUBDOMAIN_HOST",
        "PUBLIC_URL",
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


@pytest.mark.parametrize(
    "value",
    ["http://127.0.0.1:8000", "hub.localhost:8000", "ftp://hub.example", "https://h.example/x"],
)
def test_subdomain_host_must_be_a_dns_origin(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    problems = settings(monkeypatch, SUBDOMAIN_HOST=value).problems()
    assert len(problems) == 1 and problems[0].startswith(f"SUBDOMAIN_HOST={value!r}")


def test_subdomain_host_configures_the_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from traitlets.config import Config

    from interview_hub.hubconfig import configure, services_on_hub_host

    s = settings(monkeypatch, DATA_DIR=str(tmp_path), SUBDOMAIN_HOST="http://hub.localhost:8000")
    assert s.problems() == [] and s.public_url == "http://hub.localhost:8000"
    c = Config()
    configure(c, s)
    assert c.JupyterHub.subdomain_host == "http://hub.localhost:8000"
    hook = c.JupyterHub.subdomain_hook
    assert hook("iv-0123456789", "hub.localhost", "user") == "iv-0123456789.hub.localhost"
    assert hook("interviews", "hub.localhost", "service") == "hub.localhost"
    assert hook is services_on_hub_host
    assert c.Spawner.environment == {
        "INTERVIEWS_SERVICE_URL": "http://hub.localhost:8000/services/interviews/"
    }
    assert (
        c.Authenticator.post_auth_hook(
            type("A", (), {"log": __import__("logging").getLogger()})(),
            None,
            {"name": "iv-0123456789"},
        )
        is None
    )
    assert c.Authenticator.post_auth_hook(None, None, {"name": "alice"}) == {"name": "alice"}


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
