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
limits enforced by the engine. Its home (``/home/interview``) is a directory on a loop-mounted
ext4 image of ``disk_limit`` bytes on the host, as for BwrapSpawner: the disk quota works with
any engine and storage driver (overlay ``size=`` needs XFS project quotas).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dockerspawner import DockerSpawner
from jupyterhub.traitlets import ByteSpecification
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

    disk_limit = Unicode(
        help="Size of each server's home directory, its disk quota (CONTAINER_DISK_LIMIT); "
        "0 for a plain directory without a quota."
    ).tag(config=True)

    @default("disk_limit")
    def _disk_limit_default(self) -> str:
        return os.environ.get("CONTAINER_DISK_LIMIT", "2G")

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


# clone() flags that make namespaces (NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET)
CLONE_NAMESPACE_FLAGS = 0x7E020000
ENGINE_SECCOMP = Path("/usr/share/containers/seccomp.json")  # Podman's (containers-common)
NAMESPACE_SYSCALLS = ("clone", "clone3", "unshare", "setns")


def seccomp_profile(base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine's default seccomp profile without new namespaces.

    Podman's default allows ``unshare``/``clone`` of user namespaces (for nested containers), so
    candidate code could become "root" in a user namespace of its own and reach kernel code
    that only root would (a large share of kernel privilege escalations start there). The
    bubblewrap sandbox forbids it; here ``unshare`` and ``setns`` fail with EPERM, ``clone``
    is allowed only without namespace flags, and ``clone3`` answers ENOSYS so that the C
    library falls back to ``clone`` (as Docker's own default profile does without
    CAP_SYS_ADMIN). Without a base (Podman's file missing) everything else is allowed and these
    calls are the only ones refused: the container has no capabilities and ``no-new-privileges``
    anyway. Docker Engine needs none of this: its built-in default already refuses them.
    """
    profile: dict[str, Any] = (
        copy.deepcopy(base) if base else {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}
    )
    rules: list[dict[str, Any]] = list(profile.get("syscalls", []))
    for rule in rules:
        if rule.get("action") == "SCMP_ACT_ALLOW":
            rule["names"] = [n for n in rule.get("names", []) if n not in NAMESPACE_SYSCALLS]
    profile["syscalls"] = [r for r in rules if r.get("names")] + [
        {
            "names": ["clone"],
            "action": "SCMP_ACT_ALLOW",
            "args": [
                {
                    "index": 0,
                    "value": CLONE_NAMESPACE_FLAGS,
                    "valueTwo": 0,
                    "op": "SCMP_CMP_MASKED_EQ",
                }
            ],
        },
        # and refused with any of them (needed when the base allows by default)
        *(
            {
                "names": ["clone"],
                "action": "SCMP_ACT_ERRNO",
                "errnoRet": 1,
                "args": [{"index": 0, "value": bit, "valueTwo": bit, "op": "SCMP_CMP_MASKED_EQ"}],
            }
            for bit in (1 << n for n in range(32))
            if CLONE_NAMESPACE_FLAGS & bit
        ),
        {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
        {"names": ["unshare", "setns"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
    ]
    return profile


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
    disk_limit = ByteSpecification(
        "2G",
        help="Size of the server's home (a loop-mounted ext4 image on the host). 0: a plain "
        "directory without a quota.",
    ).tag(config=True)
    pids_limit = Integer(512, help="Processes and threads in one container.").tag(config=True)
    hub_cache_max_age = Integer(
        10, help="HubOAuth.cache_max_age of the server: how fast share changes take effect."
    ).tag(config=True)
    service_target = Unicode(
        "",
        help="host:port of the interviews service's own HTTP port. When set, the container gets "
        "it at 127.0.0.1:<port> (through a Unix socket, like the hub API) and INTERVIEWS_API_URL "
        "points there, so the notebook's grading control can reach the service.",
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
        """Root-owned ``containers/<owner>/<server>/`` with ``hub/`` (root, the hub socket);
        ``_prepare_disk`` adds ``vol/work`` and ``vol/sock`` (the server's uid) on the disk
        image. Never walks into what the candidate owns."""
        root = storage.ensure_root_dir(Path(self.data_dir) / "containers", 0o700)
        base = self.server_dir
        storage.ensure_root_dir(base.parent, 0o700)
        storage.ensure_root_dir(base, 0o711)
        lo, hi = self.uid_range
        self.uid = storage.allocate_uid(root, base, lo, hi)
        storage.ensure_root_dir(base / "hub", 0o755)

    @property
    def work_dir(self) -> Path:
        """The server's home on the host: on its disk image when there is a quota."""
        return self.server_dir / ("vol/work" if self.disk_limit else "work")

    @property
    def sock_dir(self) -> Path:
        """The server's socket directory (``/run/jupyter``, writable inside): on the disk
        image too, or candidate code could fill the host's disk through it."""
        return self.server_dir / ("vol/sock" if self.disk_limit else "sock")

    async def _prepare_disk(self) -> None:
        if self.disk_limit:
            base = self.server_dir
            await storage.mount_disk(base / "disk.img", base / "vol", int(self.disk_limit))
        storage.ensure_owned_dir(self.work_dir, self.uid, 0o700)
        storage.ensure_owned_dir(self.sock_dir, self.uid, 0o700)

    async def _release_disk(self) -> None:
        vol = self.server_dir / "vol"
        if self.disk_limit and self.data_dir and storage.is_mount(vol):
            problems = await storage.unmount(vol)
            if problems:
                self.log.warning("Unmounting %s: %s", vol, problems)

    def _service_target(self) -> tuple[str, int] | None:
        if not self.service_target:
            return None
        host, _, port = self.service_target.rpartition(":")
        return host or "127.0.0.1", int(port)

    @property
    def _forwarder_count(self) -> int:
        return 3 if self._service_target() else 2

    async def _start_forwarders(self) -> None:
        host, port, _ = self._hub_target()
        hub = Forwarder(f"{self.container_name} hub-api", tcp_target(host, port), self.log)
        await hub.listen_unix(str(self.server_dir / "hub" / "hub.sock"), self.uid)
        self._forwarders.append(hub)
        service = self._service_target()
        if service is not None:
            api = Forwarder(f"{self.container_name} service-api", tcp_target(*service), self.log)
            await api.listen_unix(str(self.server_dir / "hub" / "service.sock"), self.uid)
            self._forwarders.append(api)
        target = unix_target(str(self.sock_dir / "server.sock"), self.uid)
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
        service = self._service_target()
        if service is not None:
            env["INTERVIEWS_API_URL"] = f"http://127.0.0.1:{service[1]}/services/interviews/api/"
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
            *self._inner_forwards(),
            "--",
            *_absolute(server),
            f"--ServerApp.sock={SERVER_SOCK}",
            "--ServerApp.sock_mode=0600",
            f"--ServerApp.root_dir={HOME}",
            f"--HubOAuth.cache_max_age={self.hub_cache_max_age}",
        ]

    def _inner_forwards(self) -> list[str]:
        """``<port> <socket>`` pairs the container's first process serves besides the hub's."""
        target = self._service_target()
        return [] if target is None else [str(target[1]), f"{HUB_SOCK_DIR}/service.sock"]

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
                str(self.sock_dir): {"bind": SERVER_SOCK_DIR, "mode": "rw"},
                str(self.work_dir): {"bind": HOME, "mode": "rw"},
            },
            # both writable scratch places, bounded (and charged to the memory limit)
            "tmpfs": {
                "/tmp": f"rw,nosuid,nodev,size={self.tmp_size}",
                "/var/tmp": "rw,nosuid,nodev,size=64m",
            },
            "read_only": True,
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges", *await self._seccomp_options()],
            "pids_limit": self.pids_limit,
            "memswap_limit": self.mem_limit,  # no swap on top of mem_limit
        }
        obj: dict[str, Any] = await super().create_object()
        return obj

    # per engine (its API URL): the seccomp option (an engine does not change kind while the
    # hub runs; the file is written again if something removed it)
    _seccomp_by_engine: dict[str, list[str]] = {}

    async def _seccomp_options(self) -> list[str]:
        """On Podman, ``seccomp=<path>`` of :func:`seccomp_profile` (written under DATA_DIR; its
        API takes a path). Docker Engine's own default already refuses new namespaces. Asked
        and written once per engine and data dir, not on every spawn."""
        path = Path(self.data_dir) / "containers" / "seccomp.json"
        key = f"{(self.client_kwargs or {}).get('base_url', '')}|{path}"
        options = self._seccomp_by_engine.get(key)
        if options is not None and (not options or path.exists()):
            return options
        version = await self.docker("version")
        components = version.get("Components") or []
        if not any("podman" in str(c.get("Name", "")).lower() for c in components):
            options = []
        else:
            base = json.loads(ENGINE_SECCOMP.read_text()) if ENGINE_SECCOMP.exists() else None
            text = json.dumps(seccomp_profile(base), sort_keys=True)
            if not path.exists() or path.read_text() != text:
                storage.write_root_file(path, text, 0o644)
            options = [f"seccomp={path}"]
        IsolatedDockerSpawner._seccomp_by_engine[key] = options
        return options

    async def get_ip_and_port(self) -> tuple[str, int]:
        return "127.0.0.1", self.forward_port

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> tuple[str, int]:
        self.forward_port = 0
        self._prepare()
        await self._prepare_disk()
        await self._start_forwarders()
        try:
            result: tuple[str, int] = await super().start()
        except BaseException:
            await self._stop_forwarders()
            await self._release_disk()
            raise
        return result

    async def poll(self) -> int | None:
        status: int | None = await super().poll()
        if status is None and len(self._forwarders) < self._forwarder_count and self.uid:
            await self._stop_forwarders()  # re-attach after a hub restart
            await self._start_forwarders()
        return status

    async def stop(self, now: bool = False) -> None:
        try:
            await super().stop(now=now)
        finally:
            await self._stop_forwarders()
            for name in ("hub.sock", "service.sock"):
                sock = self.server_dir / "hub" / name
                if self.data_dir and sock.exists():
                    sock.unlink()
            await self._release_disk()


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
    # the notebook's grading control reaches the service's API (INTERVIEWS_API_URL)
    spawner.service_target = f"127.0.0.1:{settings.service_port}"
    spawner.disk_limit = 0 if containers.disk_limit.strip() in ("", "0") else containers.disk_limit
    spawner.pull_policy = "never"  # images are built locally by images/build, never pulled
    spawner.remove = True
    spawner.prefix = "interview"
    spawner.default_url = "/lab"
    spawner.http_timeout = 60
    spawner.start_timeout = 120
    for name, value in overrides.items():
        setattr(spawner, name, value)
