"""Start the real platform (JupyterHub + configurable-http-proxy + interviews service) for tests.

Every instance gets free ports on 127.0.0.1 and its own data directory, and is stopped by PID.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from interview_hub.demo import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 60.0


class LocalhostTransport(httpx.HTTPTransport):
    """Sends requests for ``*.localhost`` to 127.0.0.1, keeping the Host header (browsers
    resolve those names themselves; glibc here does not). Cookies still follow the real host:
    the client binds the response to the original request."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host == "localhost" or host.endswith(".localhost"):
            request = httpx.Request(
                request.method,
                request.url.copy_with(host="127.0.0.1"),
                headers=request.headers,
                stream=request.stream,
                extensions=request.extensions,
            )
        return super().handle_request(request)


def client(base_url: str = "", **kwargs: Any) -> httpx.Client:
    """An httpx client that reaches ``*.localhost`` (subdomain mode) like a browser does."""
    return httpx.Client(base_url=base_url, transport=LocalhostTransport(), **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _LogWatcher(threading.Thread):
    """Copy the hub's output to a file and signal when it is up."""

    def __init__(self, process: subprocess.Popen[bytes], path: Path) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.path = path
        self.ready = threading.Event()
        self.service_ready = threading.Event()

    def run(self) -> None:
        assert self.process.stdout is not None
        with self.path.open("ab") as out:
            for line in self.process.stdout:
                out.write(line)
                out.flush()
                if b"JupyterHub is now running" in line:
                    self.ready.set()
                if b"Interviews service listening" in line:
                    self.service_ready.set()
        self.ready.set()
        self.service_ready.set()


@dataclass
class Platform:
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    ports: dict[str, int] = field(default_factory=dict)
    #: start through ``scripts/start`` (installs what is missing, prints demo logins) instead
    #: of running ``jupyterhub`` directly
    via_start_script: bool = False
    #: a jupyterhub config file to use instead of the repository's ``jupyterhub_config.py``
    config_file: Path | None = None
    #: serve the hub on ``hub.localhost`` and every interview server on its own
    #: ``<account>.hub.localhost`` origin (SUBDOMAIN_HOST)
    subdomains: bool = False

    @property
    def url(self) -> str:
        if self.subdomains:
            return f"http://hub.localhost:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    @property
    def service_url(self) -> str:
        return f"{self.url}/services/interviews/"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "platform.log"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> Platform:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.ports:
            self.ports = {
                name: free_port() for name in ("HUB_PORT", "PROXY_API_PORT", "SERVICE_PORT")
            }
        env = {
            **os.environ,
            "DATA_DIR": str(self.data_dir),
            "PORT": str(self.port),
            **{k: str(v) for k, v in self.ports.items()},
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
            # the bank is synced only where a test asks for it (tests/hub/test_grading_api.py)
            "PROBLEMS_DIR": "",
            # interview servers are started only where a test asks for them
            "INTERVIEW_SERVERS": "0",
            **({"SUBDOMAIN_HOST": self.url} if self.subdomains else {}),
            **self.env,
        }
        command = (
            [str(ROOT / "scripts" / "start")]
            if self.via_start_script
            else [
                str(VENV_BIN / "jupyterhub"),
                "-f",
                str(self.config_file or ROOT / "jupyterhub_config.py"),
            ]
        )
        if self.via_start_script:
            env["VENV"] = str(VENV_BIN.parent)
        self.process = subprocess.Popen(
            command,
            cwd=str(self.data_dir),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        watcher = _LogWatcher(self.process, self.log_path)
        watcher.start()
        if not watcher.ready.wait(START_TIMEOUT) or self.process.poll() is not None:
            self.stop()
            raise RuntimeError(f"hub did not start:\n{self.log_text()[-4000:]}")
        if not watcher.service_ready.wait(START_TIMEOUT):
            self.stop()
            raise RuntimeError(f"service did not start:\n{self.log_text()[-4000:]}")
        # the proxy route to the service is added right after the hub reports it is running
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with client(timeout=5) as http:
                    if http.get(f"{self.service_url}api/health").status_code == 200:
                        return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"service not reachable through the proxy:\n{self.log_text()[-4000:]}")

    def stop_servers(self, timeout: float = 60) -> None:
        """Interview servers outlive the hub (cleanup_servers=False): stop them, and wait until
        they have stopped, before the hub goes. Needs the demo admin account."""
        if self.env.get("INTERVIEWS_TEST_CLOCK") == "1":
            # a live interview's server is started again by the service's reconcile loop as
            # soon as it is stopped: move the service's clock past every interview first
            (self.data_dir / "test-clock-offset").write_text(str(100 * 365 * 86400))
        admin = Browserless(self)
        try:
            admin.login("admin", "admin-demo-pass")
            headers = {"Authorization": f"token {admin.token('admin', 'teardown')}"}
            with client(self.url, headers=headers, timeout=60) as hub:

                def running() -> list[tuple[str, str]]:
                    return [
                        (user["name"], name)
                        for user in hub.get("/hub/api/users").json()
                        for name, server in (user.get("servers") or {}).items()
                        if server.get("ready") or server.get("pending")
                    ]

                deadline = time.monotonic() + timeout
                while (left := running()) and time.monotonic() < deadline:
                    for owner, name in left:
                        hub.delete(f"/hub/api/users/{owner}/servers/{name}")
                    time.sleep(0.2)
                if left:
                    print(f"interview servers still running at the hub's stop: {left}")
        finally:
            admin.close()

    def stop(self, servers: bool = True) -> None:
        """Stop the hub (and, with INTERVIEW_SERVERS=1, the interview servers first; a
        restart keeps them: they are re-attached)."""
        if self.process is None:
            return
        if servers and self.process.poll() is None and self.env.get("INTERVIEW_SERVERS") == "1":
            try:
                self.stop_servers()
            except (httpx.HTTPError, KeyError, ValueError) as error:
                print(f"could not stop the interview servers: {error!r}")
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def restart(self) -> Platform:
        self.stop(servers=False)
        return self.start()


class Browserless:
    """A person using the platform over HTTP: the hub's login form, cookies and XSRF tokens."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.client = client(platform.url, follow_redirects=True, timeout=30)

    def close(self) -> None:
        self.client.close()

    def _xsrf(self, path_prefix: str) -> str:
        for cookie in self.client.cookies.jar:
            if cookie.name == "_xsrf" and cookie.path.rstrip("/") == path_prefix.rstrip("/"):
                return str(cookie.value)
        return ""

    def hub_xsrf(self) -> str:
        if not self._xsrf("/hub/"):
            self.client.get("/hub/login")
        return self._xsrf("/hub/")

    def signup(self, name: str, password: str, email: str = "") -> str:
        self.client.get("/hub/signup")
        response = self.client.post(
            "/hub/signup",
            data={
                "username": name,
                "signup_password": password,
                "signup_password_confirmation": password,
                "email": email,
                "_xsrf": self.hub_xsrf(),
            },
        )
        response.raise_for_status()
        match = re.search(r'class="alert ([\w-]+)" role="alert">(.*?)</div>', response.text, re.S)
        return re.sub(r"<[^>]+>", " ", match.group(2)).strip() if match else response.text

    def login(self, name: str, password: str) -> httpx.Response:
        self.client.get("/hub/login")
        return self.client.post(
            "/hub/login?next=",
            data={
                "username": name,
                "password": password,
                "_xsrf": self.hub_xsrf(),
            },
        )

    def open_service(self) -> httpx.Response:
        """Visit the service so that its OAuth cookie and XSRF cookie are set."""
        return self.client.get("/services/interviews/")

    def service_xsrf(self) -> str:
        if not self._xsrf("/services/interviews/"):
            self.open_service()
        return self._xsrf("/services/interviews/")

    def api(
        self, method: str, path: str, json: Any = None, *, xsrf: bool = True, **kwargs: Any
    ) -> httpx.Response:
        headers = kwargs.pop("headers", {})
        if xsrf:
            headers["X-XSRFToken"] = self.service_xsrf()
        headers.setdefault("Sec-Fetch-Mode", "cors")
        return self.client.request(
            method, f"/services/interviews/api/{path}", json=json, headers=headers, **kwargs
        )

    def token(self, name: str, note: str = "tests") -> str:
        response = self.client.post(
            f"/hub/api/users/{name}/tokens",
            json={"note": note},
            headers={"X-XSRFToken": self.hub_xsrf(), "Sec-Fetch-Mode": "cors"},
        )
        response.raise_for_status()
        return str(response.json()["token"])


def token_client(platform: Platform, token: str) -> httpx.Client:
    return client(platform.url, timeout=30, headers={"Authorization": f"token {token}"})


#: The demo accounts' passwords (DEMO_ACCOUNTS=1).
DEMO_PASSWORDS = {account.name: account.password for account in DEMO_ACCOUNTS}


def signed_in(platform: Platform, name: str, password: str | None = None) -> Browserless:
    """A person signed in to the hub (a demo account unless a password is given) who has
    opened the service, so that its cookies are set."""
    who = Browserless(platform)
    who.login(name, password or DEMO_PASSWORDS[name])
    who.open_service()
    return who


def small_bank(tmp_path_factory: Any, slug: str = "balanced-brackets") -> Path:
    """A one-problem bank for PROBLEMS_DIR (hidden tests over 4 KiB left out: quick grading)."""
    root: Path = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "problems" / slug, root / slug)
    for path in sorted((root / slug / "tests" / "hidden").glob("*.in")):
        if path.stat().st_size > 4096:
            path.unlink()
            path.with_suffix(".out").unlink()
    return root


def demo_platform(
    tmp_path_factory: Any,
    name: str,
    *,
    clock: bool = True,
    env: dict[str, str] | None = None,
    **options: Any,
) -> Iterator[Platform]:
    """A module's platform with the demo accounts and, unless ``clock=False``, the test clock
    (``test-clock-offset`` in its data directory): started, yielded, stopped. Use it with
    ``yield from`` in a module-scoped fixture."""
    base = {"DEMO_ACCOUNTS": "1", **({"INTERVIEWS_TEST_CLOCK": "1"} if clock else {})}
    platform = Platform(
        tmp_path_factory.mktemp(name), env={**base, **(env or {})}, **options
    ).start()
    try:
        yield platform
    finally:
        platform.stop()


def singleuser_venv_path() -> str:
    """The single-user environment that interview servers run: ``SINGLEUSER_VENV`` (scripts/test
    exports it), else what scripts/build-singleuser-env builds or finds in its cache."""
    venv = os.environ.get("SINGLEUSER_VENV", "")
    if not venv:
        out = subprocess.run(
            [str(ROOT / "scripts" / "build-singleuser-env")],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        venv = out.stdout.strip().splitlines()[-1]
    return venv


def servers_platform(
    tmp_path_factory: Any,
    name: str,
    singleuser_venv: str,
    *,
    env: dict[str, str] | None = None,
    **options: Any,
) -> Iterator[Platform]:
    """``demo_platform`` with interview servers on (the sandboxed spawner running
    ``singleuser_venv``, prewarmed 5 minutes ahead); ``stop()`` stops the servers first."""
    yield from demo_platform(
        tmp_path_factory,
        name,
        env={
            "INTERVIEW_SERVERS": "1",
            "SINGLEUSER_VENV": singleuser_venv,
            "PREWARM_MINUTES": "5",
            **(env or {}),
        },
        **options,
    )
