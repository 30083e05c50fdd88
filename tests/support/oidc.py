"""Run the local OpenID Connect identity provider in ``tests/oidc`` for tests.

The provider is `oidc-provider` (Node.js) started by ``tests/oidc/server.mjs``. It accepts any
login name; see that file for the claims it returns.

Example::

    provider = start_oidc_provider("http://127.0.0.1:8000/hub/oauth_callback")
    try:
        c.GenericOAuthenticator.authorize_url = provider.authorize_url
        ...
    finally:
        provider.stop()
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

OIDC_DIR = Path(__file__).resolve().parent.parent / "oidc"
SERVER_SCRIPT = OIDC_DIR / "server.mjs"
READY_TIMEOUT = 30.0
NPM_CI_TIMEOUT = 300.0


class OIDCProviderError(RuntimeError):
    """The identity provider could not be installed or started."""


class _OutputReader(threading.Thread):
    """Drain the process's combined stdout/stderr so that it never blocks on a full pipe."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        super().__init__(name=f"oidc-provider-output-{process.pid}", daemon=True)
        self._process = process
        self._lock = threading.Lock()
        self._lines: list[str] = []
        self.issuer: str | None = None
        self.ready_or_exited = threading.Event()

    def run(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            with self._lock:
                self._lines.append(line)
            if self.issuer is None and line.startswith("READY "):
                self.issuer = line.removeprefix("READY ").strip()
                self.ready_or_exited.set()
        self.ready_or_exited.set()

    def output(self) -> str:
        with self._lock:
            return "".join(self._lines)


@dataclass
class OIDCProvider:
    """A running identity provider with one confidential client."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    process: subprocess.Popen[str] = field(repr=False)
    _reader: _OutputReader = field(repr=False)

    @property
    def authorize_url(self) -> str:
        return f"{self.issuer}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/token"

    @property
    def userdata_url(self) -> str:
        return f"{self.issuer}/me"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def logout_url(self) -> str:
        return f"{self.issuer}/session/end"

    def output(self) -> str:
        """Everything the provider printed so far (stdout and stderr)."""
        return self._reader.output()

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the provider (by PID) and wait for it; kill it if it does not exit."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        self._reader.join(timeout=timeout)
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> OIDCProvider:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _require(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        raise OIDCProviderError(f"{program!r} is not on PATH; Node.js 20+ is needed for tests/oidc")
    return path


def ensure_node_modules() -> None:
    """Install ``tests/oidc/node_modules`` from the lock file with ``npm ci`` if it is missing.

    A file lock keeps parallel test workers from running ``npm ci`` at the same time.
    """
    marker = OIDC_DIR / "node_modules" / "oidc-provider" / "package.json"
    if marker.exists():
        return
    npm = _require("npm")
    with open(OIDC_DIR / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if marker.exists():
                return
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"],
                cwd=OIDC_DIR,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=NPM_CI_TIMEOUT,
                check=False,
            )
            if result.returncode != 0 or not marker.exists():
                raise OIDCProviderError(
                    f"npm ci in {OIDC_DIR} failed (exit {result.returncode}):\n{result.stdout}"
                )
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def start_oidc_provider(
    redirect_uri: str,
    *,
    client_id: str = "interview-platform",
    client_secret: str | None = None,
    port: int = 0,
    consent_screen: bool = False,
    require_pkce: bool = True,
) -> OIDCProvider:
    """Start the identity provider on 127.0.0.1 and wait until it accepts requests.

    ``port=0`` (the default) lets the OS pick a free port, with no race between choosing
    it and binding it; the issuer is read back from the provider's ``READY`` line.

    The client secret is accepted both in the POST body (oauthenticator's default) and as HTTP
    Basic (``basic_auth = True``). PKCE S256 is required unless ``require_pkce=False``. With
    ``consent_screen=True`` a "Continue" page follows the login form; otherwise consent is
    granted automatically.
    """
    ensure_node_modules()
    node = _require("node")
    secret = client_secret if client_secret is not None else secrets.token_urlsafe(24)
    command = [
        node,
        str(SERVER_SCRIPT),
        # `--name=value`: a value that starts with "-" (token_urlsafe makes one 1 time in 64)
        # would otherwise be refused by node's parseArgs as an ambiguous option.  The secret
        # goes through the environment, not argv, so `ps` does not show it.
        "--host=127.0.0.1",
        f"--port={port}",
        f"--client-id={client_id}",
        f"--redirect-uri={redirect_uri}",
    ]
    if consent_screen:
        command.append("--consent-screen")
    if not require_pkce:
        command.append("--no-require-pkce")

    process = subprocess.Popen(
        command,
        cwd=OIDC_DIR,
        env={**os.environ, "OIDC_CLIENT_SECRET": secret},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    reader = _OutputReader(process)
    reader.start()
    provider = OIDCProvider(
        issuer="",
        client_id=client_id,
        client_secret=secret,
        redirect_uri=redirect_uri,
        process=process,
        _reader=reader,
    )
    finished = reader.ready_or_exited.wait(READY_TIMEOUT)
    if reader.issuer is None:
        # `finished` without an issuer means the output ended: the process is exiting.
        provider.stop()
        reason = f"exited with code {process.returncode}" if finished else "timed out"
        raise OIDCProviderError(
            f"OIDC provider {reason} before printing READY "
            f"({READY_TIMEOUT:.0f} s limit). Output:\n{reader.output()}"
        )
    provider.issuer = reader.issuer
    return provider
