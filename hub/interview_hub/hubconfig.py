"""Build the JupyterHub configuration from :class:`PlatformSettings`.

``jupyterhub_config.py`` calls :func:`configure` and nothing else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from jupyterhub.utils import subdomain_hook_idna

from .demo import DEMO_ACCOUNTS
from .names import refuse_interview_accounts
from .settings import (
    ROLE_GROUPS,
    SERVICE_NAME,
    PlatformSettings,
    fail_config,
    read_secret,
    secret_file,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

#: What each platform role may do in the hub (RBAC). Interviewers are never hub admins.
INTERVIEWER_SCOPES = [
    "self",
    f"access:services!service={SERVICE_NAME}",
    "admin-ui",
    "list:users",
    "read:users:name",
    "read:users:groups",
    "read:users:activity",
    "read:servers",
    "list:groups",
    "read:groups:name",
]
REVIEWER_SCOPES = ["self", f"access:services!service={SERVICE_NAME}", "read:users:name"]
USER_SCOPES = ["self", f"access:services!service={SERVICE_NAME}"]
SERVICE_SCOPES = [
    "list:users",
    "read:users",
    "admin:users",
    "admin:auth_state",
    "servers",
    "shares",
    "access:servers",
    "admin:groups",
    "list:groups",
    "read:groups",
]


def services_on_hub_host(name: str, domain: str, kind: str) -> str:
    """``JupyterHub.subdomain_hook``: users on ``<name>.<domain>`` (JupyterHub's default),
    services on ``<domain>``, the hub's own host, so that the service's pages and cookies stay
    where the hub's are."""
    if kind == "service":
        return domain
    return subdomain_hook_idna(name, domain, kind)


def proxy_command() -> list[str]:
    local = REPO / "hub" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return [str(local)]
    return ["configurable-http-proxy"]


def service_environment(settings: PlatformSettings) -> dict[str, str]:
    env = {
        "DATA_DIR": settings.data_dir,
        "INTERVIEWS_DATABASE_URL": settings.interviews_db_url,
        "INTERVIEWER_EMAIL_DOMAINS": ",".join(settings.interviewer_email_domains),
        "DEMO_ACCOUNTS": "1" if settings.demo_accounts else "0",
        "PUBLIC_URL": settings.public_url,
        "AUTHENTICATOR": settings.authenticator,
        "PYTHONUNBUFFERED": "1",
        "PROXY_INTERNAL_URL": f"http://127.0.0.1:{settings.port}",
        "INTERVIEW_SERVERS": "1" if settings.interview_servers else "0",
        "SUBDOMAIN_HOST": settings.subdomain_host,
    }
    for passthrough in (
        "INTERVIEWS_TEST_CLOCK",
        "INTERVIEWS_LOG_LEVEL",
        "JOIN_WINDOW_MINUTES",
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_USERNAME",
        "SMTP_PASSWORD",
        "SMTP_STARTTLS",
        "MAIL_FROM",
        "PREWARM_MINUTES",
        "CANDIDATES_SEE_RESULT",
        "PROBLEMS_DIR",
        "STUN_URLS",
        "TURN_URLS",
        "TURN_SECRET",
        "TURN_TTL",
        "ICE_TRANSPORT_POLICY",
        "STREAM_API_KEY",
        "STREAM_API_SECRET",
        "STREAM_BASE_URL",
        "STREAM_CALL_TYPE",
        "STREAM_LOCATION_HINT_URL",
        "REVIEW_PROVIDER",
        "REVIEW_MODEL_PATH",
        "REVIEW_MODEL",
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "GOOGLE_API_KEY",
        "INTERVIEW_CACHE",
        "REVIEW_THREADS",
        "REVIEW_CTX",
        "INTERVIEWS_EXTRA_FRAME_ORIGINS",
    ):
        if passthrough in os.environ:
            env[passthrough] = os.environ[passthrough]
    return env


def _configure_authenticator(c: Any, settings: PlatformSettings) -> None:
    c.Authenticator.enable_auth_state = True
    c.Authenticator.post_auth_hook = refuse_interview_accounts
    c.Authenticator.admin_users = set(settings.admin_users) | (
        {a.name for a in DEMO_ACCOUNTS if a.admin} if settings.demo_accounts else set()
    )
    if settings.authenticator == "native":
        c.JupyterHub.authenticator_class = "interview_hub.auth.InterviewNativeAuthenticator"
        c.InterviewNativeAuthenticator.link_secret = read_secret(settings.data_dir, "link_secret")
        c.InterviewNativeAuthenticator.demo_accounts = settings.demo_accounts
        c.InterviewNativeAuthenticator.open_signup = not settings.signup_requires_approval
        c.InterviewNativeAuthenticator.ask_email_on_signup = True
        c.InterviewNativeAuthenticator.minimum_password_length = settings.minimum_password_length
        c.InterviewNativeAuthenticator.check_common_password = True
        c.InterviewNativeAuthenticator.allowed_failed_logins = 5
        c.InterviewNativeAuthenticator.seconds_before_next_try = 120
        # NativeAuthenticator decides who may sign in (is_authorized); the hub allows them all.
        c.Authenticator.allow_all = True
        if settings.demo_accounts:
            c.Authenticator.allowed_users = {a.name for a in DEMO_ACCOUNTS}
        return
    # OAuth providers: configuration only.
    callback = f"{settings.public_url.rstrip('/')}/hub/oauth_callback"
    c.OAuthenticator.client_id = settings.oauth_client_id
    c.OAuthenticator.client_secret = settings.oauth_client_secret
    c.OAuthenticator.oauth_callback_url = callback
    c.OAuthenticator.allow_all = True
    c.OAuthenticator.enable_auth_state = True
    if settings.authenticator == "github":
        c.JupyterHub.authenticator_class = "github"
        c.GitHubOAuthenticator.scope = ["read:user", "user:email"]
    elif settings.authenticator == "google":
        c.JupyterHub.authenticator_class = "google"
        c.GoogleOAuthenticator.scope = ["openid", "email", "profile"]
    else:
        c.JupyterHub.authenticator_class = "generic-oauth"
        c.GenericOAuthenticator.scope = ["openid", "profile", "email"]
        c.GenericOAuthenticator.username_claim = os.environ.get(
            "OIDC_USERNAME_CLAIM", "preferred_username"
        )
        c.GenericOAuthenticator.login_service = os.environ.get("OIDC_LOGIN_SERVICE", "SSO")
        issuer = settings.oidc_issuer.rstrip("/")
        if issuer and not os.environ.get("OAUTH2_AUTHORIZE_URL"):
            from .oidc import discover

            endpoints = discover(issuer)
            c.GenericOAuthenticator.authorize_url = endpoints["authorization_endpoint"]
            c.GenericOAuthenticator.token_url = endpoints["token_endpoint"]
            c.GenericOAuthenticator.userdata_url = endpoints["userinfo_endpoint"]


def configure(c: Any, settings: PlatformSettings | None = None) -> PlatformSettings:
    settings = settings or PlatformSettings()
    problems = settings.problems()
    if problems:
        fail_config(problems)
    data = Path(settings.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("JUPYTERHUB_CRYPT_KEY", read_secret(data, "crypt_key"))

    c.JupyterHub.bind_url = f"http://{settings.ip}:{settings.port}"
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.hub_port}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = proxy_command()
    c.ConfigurableHTTPProxy.pid_file = str(data / "proxy.pid")
    c.ConfigurableHTTPProxy.auth_token = read_secret(data, "proxy_token")
    c.JupyterHub.cookie_secret_file = str(secret_file(data, "cookie_secret"))
    c.JupyterHub.db_url = settings.hub_db_url
    c.JupyterHub.pid_file = str(data / "jupyterhub.pid")
    c.JupyterHub.allow_named_servers = True
    c.JupyterHub.named_server_limit_per_user = 0
    c.JupyterHub.cleanup_servers = False
    c.JupyterHub.default_url = f"/services/{SERVICE_NAME}/"
    c.JupyterHub.template_paths = [str(HERE / "hub_templates")]
    c.JupyterHub.template_vars = {
        "interviews_url": f"/services/{SERVICE_NAME}/",
        "native_auth": settings.authenticator == "native",
    }
    if settings.subdomain_host:
        # every interview account (one per interview) gets <account>.<host>; the hub and the
        # interviews service stay together on <host> itself
        c.JupyterHub.subdomain_host = settings.subdomain_host
        c.JupyterHub.subdomain_hook = services_on_hub_host
        # the room's panels are pages of the service on the hub's origin (iframes)
        c.Spawner.environment = {
            "INTERVIEWS_SERVICE_URL": f"{settings.subdomain_host}/services/{SERVICE_NAME}/"
        }
    c.JupyterHub.logo_file = str(HERE / "service" / "static" / "logo.svg")
    c.Spawner.default_url = "/lab"

    _configure_authenticator(c, settings)

    c.JupyterHub.services = [
        {
            "name": SERVICE_NAME,
            "display": True,
            "url": f"http://127.0.0.1:{settings.service_port}",
            "command": [sys.executable, "-m", "interview_hub.service.app"],
            "environment": service_environment(settings),
            "oauth_no_confirm": True,
            "oauth_client_allowed_scopes": [f"access:services!service={SERVICE_NAME}"],
        }
    ]
    c.JupyterHub.load_groups = {
        group: {"users": []} for group in [*ROLE_GROUPS.values(), "interview-owners"]
    }
    c.JupyterHub.load_roles = [
        {"name": "user", "scopes": USER_SCOPES},
        {"name": "interviews-service", "scopes": SERVICE_SCOPES, "services": [SERVICE_NAME]},
        {"name": "interviewer", "scopes": INTERVIEWER_SCOPES, "groups": ["interviewers"]},
        {"name": "reviewer", "scopes": REVIEWER_SCOPES, "groups": ["reviewers"]},
        {"name": "candidate", "scopes": USER_SCOPES, "groups": ["candidates"]},
    ]
    if settings.interview_servers and not settings.subdomain_host:
        print(
            "WARNING: SUBDOMAIN_HOST is not set: interview servers share the hub's origin, so a "
            "candidate's code could run script in the interviewers' browsers. Set "
            "SUBDOMAIN_HOST (e.g. https://interviews.example.com, with a wildcard DNS record).",
            file=sys.stderr,
        )
    if settings.interview_servers:
        from .spawners import configure_bwrap

        configure_bwrap(c, settings)
    return settings
