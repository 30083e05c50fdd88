"""Interview servers in containers: DockerSpawner against Docker Engine or Podman's Docker API.

``configure_docker(c, settings)`` makes :class:`IsolatedDockerSpawner` the hub's spawner, with
every knob read from :class:`ContainerSettings` (environment variables by default).

Network: containers run with ``network_mode="none"`` (only ``lo``), as the bwrap sandbox does,
so candidate code reaches neither the host's 127.0.0.1 services (PostgreSQL, Redis, the proxy
API) nor other servers nor the internet, and no bridge address ever enters a host-side setting.
The two paths the server needs cross the boundary as Unix sockets in per-server host
directories bind-mounted into the container (see ``forward.py`` and ``docs/isolation.md``):

* proxy → server: jupyter_server listens on ``/run/jupyter/server.sock``; a forwarder in the hub
  listens on ``127.0.0.1:<free port>`` (the proxy's route) and checks ``SO_PEERCRED`` against the
  server's own uid;
* server → hub API: the hub listens on ``/run/interview-hub/hub.sock``; the container's first
  process (``sandbox_init.py``) binds ``127.0.0.1:<hub port>`` inside and forwards to it.

Each server runs as its own host uid (like BwrapSpawner), with no capabilities,
``no-new-privileges``, a read-only root filesystem, a private ``/tmp`` and memory, CPU and pids
limits enforced by the engine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dockerspawner import DockerSpawner
from traitlets import Float, Integer, Tuple, Unicode, default
from traitlets.config import LoggingConfigurable

from ..settings import PlatformSettings
from . import storage
from .forward import Forwarder, tcp_target, unix_target

INIT_CODE = Path(__file__).with_name("sandbox_init.py").read_text()
HUB_SOCK_DIR = "/run/interview-hub"
SERVER_SOCK_DIR = "/run/jupyter"
SERVER_SOCK = f"{SERVER_SOCK_DIR}/server.sock"
INNER_PORT = 8888  # jupyter_server's default port; ignored when it listens on ``sock``
HOME = "/home/interview"
PYTHON = "/opt/singleuser/bin/python"


class ContainerSettings(LoggingConfigurable):
    """Settings of the container spawner; defaults come from environment variables."""

    image = Unicode(
        help="Single-user image (CONTAINER_IMAGE), e.g. the tag printed by images/build."
    ).tag(config=True)

    @default("image")
    def _image_default(self) -> str:
        return os.environ.get("CONTAINER_IMAGE", "localhost/interview-platform-singleuser:latest")

    api_url = Unicode(
        help="Docker API URL (CONTAINER_API_URL, else DOCKER_HOST): Podman's socket from "
        "scripts/podman-service, or Docker's unix:///var/run/docker.sock."
    ).tag(config=True)

    @default("api_url")
    def _api_url_default(self) -> str:
        return os.environ.get("CONTAINER_API_URL") or os.environ.get(
            "DOCKER_HOST", "unix:///run/interview-platform/podman/podman.sock"
        )

    mem_limit = Unicode(help="Memory limit per server (CONTAINER_MEM_LIMIT).").tag(config=True)

    @default("mem_limit")
    def _mem_limit_default(self) -> str:
        return os.environ.get("CONTAINER_MEM_LIMIT", "2G")

    cpu_limit = Float(help="CPU cores per server (CONTAINER_CPU_LIMIT).").tag(config=True)

    @default("cpu_limit")
    def _cpu_limit_default(self) -> float:
        return float(os.environ.get("CONTAINER_CPU_LIMIT", "1.0"))

    pids_limit = Integer(help="Processes and threads per server (CONTAINER_PIDS_LIMIT).").tag(
        config=True
    )

    @default("pids_limit")
    def _pids_limit_default(self) -> int:
        return int(os.environ.get("CONTAINER_PIDS_LIMIT", "512"))

    network = Unicode(
        help="Container network (CONTAINER_NETWORK). 'none' (default) isolates the server; "
        "the hub API and the proxy reach it over Unix sockets."
    ).tag(config=True)

    @default("network")
    def _network_default(self) -> str:
        return os.environ.get("CONTAINER_NETWORK", "none")


class IsolatedDockerSpawner(DockerSpawner):
    """DockerSpawner whose containers have no network; see the module docstring."""

    data_dir = Unicode(help="DATA_DIR: per-server socket and work directories live under it.").tag(
        config=True
    )
    uid_range = Tuple(
        Integer(),
        Integer(),
        default_value=(300000, 399999),
        help="Host uids handed out to servers, one per server for its lifetime.",
    ).tag(config=True)
    tmp_size = Unicode("256m", help="Size of the private /tmp tmpfs.").tag(config=True)
    pids_limit = Integer(512, help="Processes and threads in one container.").tag(config=True)
    hub_cache_max_age = Integer(
        10, help="HubOAuth.cache_max_age of the server: how fast share changes take effect."
    ).tag(config=True)

    uid = Integer(0)
    forward_port = Integer(0)
    _forwarders: list[Forwarder]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._forwarders = []

    # ------------------------------------------------------------------ state

    def load_state(self, state: dict[str, Any]) -> None:
        super().load_state(state)
        self.uid = int(state.get("uid", 0))
        self.forward_port = int(state.get("forward_port", 0))

    def get_state(self) -> dict[str, Any]:
        state: dict[str, Any] = super().get_state()
        if self.object_id:
            state.update(uid=self.uid, forward_port=self.forward_port)
        return state

    def clear_state(self) -> None:
        super().clear_state()
        self.forward_port = 0

    # ------------------------------------------------------------------ paths

    @property
    def server_dir(self) -> Path:
        name = self.name or "_default"
        return (
            Path(self.data_dir)
            / "containers"
            / storage.escape_name(self.user.name)
            / storage.escape_name(name)
        )

    def _hub_target(self) -> tuple[str, int, str]:
        url = urlparse(self.hub.api_url)
        host = url.hostname or "127.0.0.1"
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        return host, int(url.port or 80), url.path

    def _prepare(self) -> None:
        """Root-owned ``containers/<owner>/<server>/`` with ``hub/`` (root, the hub socket),
        ``sock/`` and ``work/`` (the server's uid). Never walks into what the candidate owns."""
        root = storage.ensure_root_dir(Path(self.data_dir) / "containers", 0o700)
        base = self.server_dir
        storage.ensure_root_dir(base.parent, 0o700)
        storage.ensure_root_dir(base, 0o711)
        lo, hi = self.uid_range
        self.uid = storage.allocate_uid(root, base, lo, hi)
        storage.ensure_root_dir(base / "hub", 0o755)
        storage.ensure_owned_dir(base / "sock", self.uid, 0o700)
        storage.ensure_owned_dir(base / "work", self.uid, 0o700)

    async def _start_forwarders(self) -> None:
        host, port, _ = self._hub_target()
        hub = Forwarder(f"{self.container_name} hub-api", tcp_target(host, port), self.log)
        await hub.listen_unix(str(self.server_dir / "hub" / "hub.sock"), self.uid)
        self._forwarders.append(hub)
        target = unix_target(str(self.server_dir / "sock" / "server.sock"), self.uid)
        proxy = Forwarder(f"{self.container_name} server", target, self.log)
        self.forward_port = await proxy.listen_tcp("127.0.0.1", self.forward_port)
        self._forwarders.append(proxy)

    async def _stop_forwarders(self) -> None:
        forwarders, self._forwarders = self._forwarders, []
        for forwarder in forwarders:
            await forwarder.close()

    # ------------------------------------------------------------------ container

    def get_env(self) -> dict[str, Any]:
        env: dict[str, Any] = super().get_env()
        _, hub_port, api_path = self._hub_target()
        inner_api = f"http://127.0.0.1:{hub_port}{api_path}"
        env["JUPYTERHUB_API_URL"] = inner_api
        escaped = getattr(self.user, "escaped_name", self.user.name)
        env["JUPYTERHUB_ACTIVITY_URL"] = f"{inner_api.rstrip('/')}/users/{escaped}/activity"
        prefix = self.server.base_url if self.server else "/"
        env["JUPYTERHUB_SERVICE_URL"] = f"http://127.0.0.1:{INNER_PORT}{prefix}"
        env.update(USER="interview", HOME=HOME, SHELL="/bin/bash", TMPDIR="/tmp")
        env.setdefault("LANG", "C.UTF-8")
        return env

    async def get_command(self) -> list[str]:
        server: list[str] = await super().get_command()
        _, hub_port, _ = self._hub_target()
        return [
            PYTHON,
            "-c",
            INIT_CODE,
            str(hub_port),
            f"{HUB_SOCK_DIR}/hub.sock",
            "--",
            *_absolute(server),
            f"--ServerApp.sock={SERVER_SOCK}",
            "--ServerApp.sock_mode=0600",
            f"--ServerApp.root_dir={HOME}",
            f"--HubOAuth.cache_max_age={self.hub_cache_max_age}",
        ]

    async def create_object(self) -> dict[str, Any]:
        base = self.server_dir
        extra_create: dict[str, Any] = dict(getattr(self, "extra_create_kwargs", None) or {})
        extra_host: dict[str, Any] = dict(getattr(self, "extra_host_config", None) or {})
        self.extra_create_kwargs = {
            **extra_create,
            "user": f"{self.uid}:{self.uid}",
            "working_dir": HOME,
        }
        self.extra_host_config = {
            **extra_host,
            "binds": {
                str(base / "hub"): {"bind": HUB_SOCK_DIR, "mode": "ro"},
                str(base / "sock"): {"bind": SERVER_SOCK_DIR, "mode": "rw"},
                str(base / "work"): {"bind": HOME, "mode": "rw"},
            },
            "tmpfs": {"/tmp": f"rw,nosuid,nodev,size={self.tmp_size}"},
            "read_only": True,
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges"],
            "pids_limit": self.pids_limit,
            "memswap_limit": self.mem_limit,  # no swap on top of mem_limit
        }
        obj: dict[str, Any] = await super().create_object()
        return obj

    async def get_ip_and_port(self) -> tuple[str, int]:
        return "127.0.0.1", self.forward_port

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> tuple[str, int]:
        self.forward_port = 0
        self._prepare()
        await self._start_forwarders()
        try:
            result: tuple[str, int] = await super().start()
        except BaseException:
            await self._stop_forwarders()
            raise
        return result

    async def poll(self) -> int | None:
        status: int | None = await super().poll()
        if status is None and len(self._forwarders) < 2 and self.uid:
            await self._stop_forwarders()  # re-attach after a hub restart
            await self._start_forwarders()
        return status

    async def stop(self, now: bool = False) -> None:
        try:
            await super().stop(now=now)
        finally:
            await self._stop_forwarders()
            hub_sock = self.server_dir / "hub" / "hub.sock"
            if self.data_dir and hub_sock.exists():
                hub_sock.unlink()


def _absolute(cmd: list[str]) -> list[str]:
    cmd = list(cmd)
    if cmd and "/" not in cmd[0]:
        cmd[0] = f"/opt/singleuser/bin/{cmd[0]}"
    return cmd


def configure_docker(c: Any, settings: PlatformSettings | None = None, **overrides: Any) -> None:
    """Make :class:`IsolatedDockerSpawner` the hub's spawner, configured from settings alone.

    ``overrides`` set any IsolatedDockerSpawner/DockerSpawner trait, e.g. ``mem_limit="1G"``.
    """
    settings = settings or PlatformSettings()
    containers = ContainerSettings()
    c.JupyterHub.spawner_class = "interview_hub.spawners.docker.IsolatedDockerSpawner"
    # containers survive a hub restart; poll() re-creates the hub-side forwarders
    c.JupyterHub.cleanup_servers = False
    spawner = c.IsolatedDockerSpawner
    spawner.data_dir = settings.data_dir
    spawner.image = containers.image
    spawner.client_kwargs = {"base_url": containers.api_url}
    spawner.network_name = containers.network
    spawner.use_internal_ip = True  # no port publishing: the proxy goes through the forwarder
    spawner.mem_limit = containers.mem_limit
    spawner.cpu_limit = containers.cpu_limit
    spawner.pids_limit = containers.pids_limit
    spawner.pull_policy = "never"  # images are built locally by images/build, never pulled
    spawner.remove = True
    spawner.prefix = "interview"
    spawner.default_url = "/lab"
    spawner.http_timeout = 60
    spawner.start_timeout = 120
    for name, value in overrides.items():
        setattr(spawner, name, value)
