"""Platform settings shared by the hub configuration and the interviews service.

Every knob is a traitlet; defaults come from environment variables so that
``scripts/start`` and the tests can steer both processes the same way.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlparse

from traitlets import Bool, Integer, List, Unicode, default
from traitlets.config import LoggingConfigurable

ROLES = ("candidate", "interviewer", "reviewer")
ROLE_GROUPS = {"candidate": "candidates", "interviewer": "interviewers", "reviewer": "reviewers"}
SERVICE_NAME = "interviews"


def _env_bool(name: str, fallback: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return fallback
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    raw = os.environ.get(name, "")
    return [part.strip() for part in raw.split(",") if part.strip()]


def normalise_db_url(url: str) -> str:
    """SQLAlchemy 2.1 reads bare ``postgresql://`` as psycopg 3; we ship psycopg2."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://") :]
    return url


class PlatformSettings(LoggingConfigurable):
    """Settings read by ``jupyterhub_config.py`` (hub side)."""

    data_dir = Unicode(help="Directory holding databases, secrets and files (DATA_DIR).").tag(
        config=True
    )

    @default("data_dir")
    def _data_dir_default(self) -> str:
        return str(Path(os.environ.get("DATA_DIR", ".data")).resolve())

    ip = Unicode(help="Address the public proxy listens on (IP).").tag(config=True)

    @default("ip")
    def _ip_default(self) -> str:
        return os.environ.get("IP", "127.0.0.1")

    port = Unicode(help="Public port of the platform (PORT).").tag(config=True)

    @default("port")
    def _port_default(self) -> str:
        return os.environ.get("PORT", "8000")

    hub_port = Unicode(help="Internal port of the hub API (HUB_PORT).").tag(config=True)

    @default("hub_port")
    def _hub_port_default(self) -> str:
        return os.environ.get("HUB_PORT", "8081")

    proxy_api_port = Unicode(help="Internal port of the proxy's API (PROXY_API_PORT).").tag(
        config=True
    )

    @default("proxy_api_port")
    def _proxy_api_port_default(self) -> str:
        return os.environ.get("PROXY_API_PORT", "8001")

    service_port = Unicode(help="Internal port of the interviews service (SERVICE_PORT).").tag(
        config=True
    )

    @default("service_port")
    def _service_port_default(self) -> str:
        return os.environ.get("SERVICE_PORT", "10101")

    database_url = Unicode(
        help="Hub database URL (DATABASE_URL); SQLite under data_dir when empty."
    ).tag(config=True)

    @default("database_url")
    def _database_url_default(self) -> str:
        return os.environ.get("DATABASE_URL", "")

    service_database_url = Unicode(
        help="Interviews service database URL (INTERVIEWS_DATABASE_URL); defaults to "
        "DATABASE_URL (own tables, own migration table) or a SQLite file under data_dir."
    ).tag(config=True)

    @default("service_database_url")
    def _service_database_url_default(self) -> str:
        return os.environ.get("INTERVIEWS_DATABASE_URL", "")

    authenticator = Unicode(
        help="Sign-in method (AUTHENTICATOR): native, github, google or oidc."
    ).tag(config=True)

    @default("authenticator")
    def _authenticator_default(self) -> str:
        return os.environ.get("AUTHENTICATOR", "native")

    signup_requires_approval = Bool(
        help="Native sign-up needs an admin's approval (SIGNUP_REQUIRES_APPROVAL)."
    ).tag(config=True)

    @default("signup_requires_approval")
    def _approval_default(self) -> bool:
        return _env_bool("SIGNUP_REQUIRES_APPROVAL", False)

    minimum_password_length = Integer(
        help="Minimum length of local passwords (MIN_PASSWORD_LENGTH)."
    ).tag(config=True)

    @default("minimum_password_length")
    def _min_pw_default(self) -> int:
        return int(os.environ.get("MIN_PASSWORD_LENGTH", "10"))

    demo_accounts = Bool(help="Create the demo accounts on start (DEMO_ACCOUNTS).").tag(config=True)

    @default("demo_accounts")
    def _demo_default(self) -> bool:
        return _env_bool("DEMO_ACCOUNTS", False)

    interview_servers = Bool(
        help="Run one sandboxed JupyterLab per interview (INTERVIEW_SERVERS, default on)."
    ).tag(config=True)

    @default("interview_servers")
    def _interview_servers_default(self) -> bool:
        return _env_bool("INTERVIEW_SERVERS", True)

    admin_users = List(Unicode(), help="Hub admins (ADMIN_USERS, comma separated).").tag(
        config=True
    )

    @default("admin_users")
    def _admins_default(self) -> list[str]:
        return _env_list("ADMIN_USERS")

    interviewer_email_domains = List(
        Unicode(),
        help="Email domains whose owners may choose the interviewer role "
        "(INTERVIEWER_EMAIL_DOMAINS, comma separated).",
    ).tag(config=True)

    @default("interviewer_email_domains")
    def _domains_default(self) -> list[str]:
        return _env_list("INTERVIEWER_EMAIL_DOMAINS")

    oauth_client_id = Unicode(help="OAuth client id (OAUTH_CLIENT_ID).").tag(config=True)

    @default("oauth_client_id")
    def _oauth_client_id_default(self) -> str:
        return os.environ.get("OAUTH_CLIENT_ID", "")

    oauth_client_secret = Unicode(help="OAuth client secret (OAUTH_CLIENT_SECRET).").tag(
        config=True
    )

    @default("oauth_client_secret")
    def _oauth_client_secret_default(self) -> str:
        return os.environ.get("OAUTH_CLIENT_SECRET", "")

    oidc_issuer = Unicode(
        help="OIDC issuer URL (OIDC_ISSUER); endpoints are read from its discovery document "
        "unless OAUTH2_AUTHORIZE_URL, OAUTH2_TOKEN_URL and OAUTH2_USERDATA_URL are set."
    ).tag(config=True)

    @default("oidc_issuer")
    def _oidc_issuer_default(self) -> str:
        return os.environ.get("OIDC_ISSUER", "")

    public_url = Unicode(help="Public URL users reach (PUBLIC_URL).").tag(config=True)

    @default("public_url")
    def _public_url_default(self) -> str:
        return os.environ.get("PUBLIC_URL", self.subdomain_host or f"http://{self.ip}:{self.port}")

    subdomain_host = Unicode(
        help="Serve every interview server from an origin of its own, "
        "<account>.<host> (SUBDOMAIN_HOST, e.g. https://interviews.example.com; needs a "
        "wildcard DNS record and certificate). http://hub.localhost:<port> works on one machine: "
        "browsers resolve *.localhost to this machine. Empty: servers share the hub's origin, "
        "and a candidate's code could run script in the interviewers' browsers."
    ).tag(config=True)

    @default("subdomain_host")
    def _subdomain_host_default(self) -> str:
        return os.environ.get("SUBDOMAIN_HOST", "").rstrip("/")

    # ------------------------------------------------------------------ derived

    @property
    def hub_db_url(self) -> str:
        if self.database_url:
            return normalise_db_url(self.database_url)
        return f"sqlite:///{Path(self.data_dir) / 'jupyterhub.sqlite'}"

    @property
    def interviews_db_url(self) -> str:
        if self.service_database_url:
            return normalise_db_url(self.service_database_url)
        if self.database_url:
            return normalise_db_url(self.database_url)
        return f"sqlite:///{Path(self.data_dir) / 'interviews.sqlite'}"

    def problems(self) -> list[str]:
        """One line per wrong or missing value; empty when the settings are usable."""
        found: list[str] = []
        for name in ("port", "hub_port", "proxy_api_port", "service_port"):
            value = getattr(self, name)
            if not value.isdigit() or not 0 < int(value) < 65536:
                found.append(f"{name.upper()}={value!r} is not a port number (1-65535)")
        for name, url in (
            ("DATABASE_URL", self.database_url),
            ("INTERVIEWS_DATABASE_URL", self.service_database_url),
        ):
            if url and urlparse(url).scheme.split("+")[0] not in {
                "sqlite",
                "postgresql",
                "postgres",
            }:
                found.append(
                    f"{name}={url!r}: only sqlite:/// and postgresql:// URLs are supported"
                )
        if self.authenticator not in {"native", "github", "google", "oidc"}:
            found.append(
                f"AUTHENTICATOR={self.authenticator!r}: choose native, github, google or oidc"
            )
        if self.authenticator != "native":
            if not self.oauth_client_id:
                found.append(f"OAUTH_CLIENT_ID is required with AUTHENTICATOR={self.authenticator}")
            if not self.oauth_client_secret:
                found.append(
                    f"OAUTH_CLIENT_SECRET is required with AUTHENTICATOR={self.authenticator}"
                )
        if self.authenticator == "oidc" and not (
            self.oidc_issuer or os.environ.get("OAUTH2_AUTHORIZE_URL")
        ):
            found.append(
                "OIDC_ISSUER (or OAUTH2_AUTHORIZE_URL and friends) is required "
                "with AUTHENTICATOR=oidc"
            )
        if self.subdomain_host:
            host = urlparse(self.subdomain_host)
            if (
                host.scheme not in {"http", "https"}
                or not host.hostname
                or host.path not in {"", "/"}
                or host.hostname.replace(".", "").isdigit()
                or ":" in host.hostname
            ):
                found.append(
                    f"SUBDOMAIN_HOST={self.subdomain_host!r}: give scheme://host[:port] with a "
                    "DNS name, not an IP address or a path (e.g. http://hub.localhost:8000)"
                )
        if self.minimum_password_length < 8:
            found.append(
                f"MIN_PASSWORD_LENGTH={self.minimum_password_length}: use at least 8 characters"
            )
        for domain in self.interviewer_email_domains:
            if "@" in domain or "." not in domain:
                found.append(
                    f"INTERVIEWER_EMAIL_DOMAINS entry {domain!r} is not a domain like example.com"
                )
        return found


def secret_file(data_dir: str | Path, name: str, nbytes: int = 32) -> Path:
    """Return the path of a secret under ``data_dir/secrets``, creating it (0600) once."""
    folder = Path(data_dir) / "secrets"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(nbytes))
    return path


def read_secret(data_dir: str | Path, name: str) -> str:
    return secret_file(data_dir, name).read_text().strip()


def fail_config(lines: list[str]) -> None:
    """Print one line per configuration problem and exit."""
    for line in lines:
        print(f"configuration error: {line}", file=sys.stderr)
    raise SystemExit(2)
