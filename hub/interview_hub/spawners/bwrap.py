"""BwrapSpawner: each interview server is ``jupyterhub-singleuser`` in a bubblewrap sandbox.

Per server: its own host uid (from ``uid_range``), user/pid/ipc/uts/mount/cgroup/network
namespaces, read-only /usr and a minimal /etc, private /tmp, one writable directory
(``DATA_DIR/servers/<owner>/<server>/vol/work``, on a size-limited ext4 image) as ``$HOME``,
and a cgroup with memory, pids and CPU limits that the launcher joins before it execs bwrap.
The network namespace has only loopback; the proxy and the hub API are reached through Unix
sockets and forwarders (see ``forward.py`` and ``docs/isolation.md``).

Sandboxes outlive a hub restart (``--die-with-parent`` is not used; the hub runs with
``cleanup_servers = False``): the state holds pid, uid, port and cgroup, and ``poll()``
re-creates the hub-side forwarders on the same port.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import signal
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jupyterhub.spawner import LocalProcessSpawner
from jupyterhub.traitlets import ByteSpecification
from traitlets import Integer, List, Tuple, Unicode, default, validate

from . import storage
from .cgroup import Limits, ServerCgroup, plan
from .forward import Forwarder, tcp_target, unix_target
from .sandbox_cmd import SandboxPaths, bwrap_command, launcher_command

SERVER_SOCK = "/run/jupyter/server.sock"
HUB_SOCK = "/run/interview-hub/hub.sock"
INNER_PORT = 8888  # ServerApp's default port: required by jupyter_server when ``sock`` is set
INIT_CODE = (Path(__file__).with_name("sandbox_init.py")).read_text()


async def wait_exit(pid: int, timeout: float) -> bool:
    """Wait for ``pid`` to exit (any process, not only children) through a pidfd."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def ready() -> None:
        if not done.done():
            done.set_result(None)

    loop.add_reader(fd, ready)
    try:
        await asyncio.wait_for(done, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)
        os.close(fd)


class BwrapSpawner(LocalProcessSpawner):
    """Run each single-user server in its own bubblewrap sandbox, cgroup and network namespace."""

    data_dir = Unicode(
        help="Platform data directory; servers live in DATA_DIR/servers/<owner>/<server>."
    ).tag(config=True)

    @default("data_dir")
    def _data_dir_default(self) -> str:
        return str(Path(os.environ.get("DATA_DIR", ".data")).resolve())

    singleuser_venv = Unicode(
        help="The single-user venv built by scripts/build-singleuser-env (SINGLEUSER_VENV). "
        "Bind-mounted read-only at the same path inside the sandbox."
    ).tag(config=True)

    @default("singleuser_venv")
    def _venv_default(self) -> str:
        return os.environ.get("SINGLEUSER_VENV", "")

    uid_range = Tuple(
        Integer(), Integer(), default_value=(200_000, 299_999),
        help="Host uids given to servers (one per server, kept for its lifetime). No passwd "
        "entries are needed; pick a range no host account or other tool uses.",
    ).tag(config=True)  # fmt: skip

    pids_limit = Integer(512, help="Most processes/threads in one server's cgroup.").tag(
        config=True
    )
    disk_limit = ByteSpecification(
        "2G",
        help="Size of the server's work directory (a loop-mounted ext4 image). 0 disables the "
        "image: the work directory is then a plain directory without a quota.",
    ).tag(config=True)
    tmp_size = ByteSpecification(
        "256M", help="Size of the private /tmp tmpfs (also charged to the memory cgroup)."
    ).tag(config=True)
    staging_dir = Unicode(
        "/run/interview-sandboxes",
        help="Where running servers' directories are bind-mounted (0711) so that bwrap, "
        "running as the server's uid, can reach them without DATA_DIR being traversable.",
    ).tag(config=True)
    cgroup_parent = Unicode(
        "interview-servers",
        help="Cgroup directory holding one child per server: below the hub's own cgroup on v1, "
        "below the cgroup2 mount on v2.",
    ).tag(config=True)
    sandbox_home = Unicode("/home/interview", help="Where the work directory appears inside.").tag(
        config=True
    )
    sandbox_user = Unicode("interview", help="User name shown inside the sandbox.").tag(config=True)
    hub_cache_max_age = Integer(
        10, help="HubOAuth.cache_max_age of the single-user server: how fast share grants and "
        "revocations take effect (seconds)."
    ).tag(config=True)  # fmt: skip
    etc_files = List(
        Unicode(),
        default_value=[
            "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime",
            "mime.types", "nsswitch.conf", "bash.bashrc", "profile", "inputrc", "terminfo",
            "ssl", "java-17-openjdk", "gitconfig",
        ],
        help="Files and directories of /etc visible (read-only) inside; passwd, group and hosts "
        "are generated. Never /etc/shadow.",
    ).tag(config=True)  # fmt: skip
    extra_bwrap_args = List(Unicode(), help="Extra bubblewrap arguments (advanced).").tag(
        config=True
    )
    bwrap_path = Unicode("bwrap", help="The bubblewrap executable.").tag(config=True)
    service_target = Unicode(
        "",
        help="host:port of the interviews service's own HTTP port. When set, the sandbox gets "
        "it at 127.0.0.1:<port> (through a Unix socket, like the hub API) and "
        "INTERVIEWS_API_URL points there, so the notebook's grading control can reach the "
        "service; the service accepts the server's token for that interview only.",
    ).tag(config=True)
    sandbox_path = Unicode(
        "/usr/local/bin:/usr/bin:/bin", help="PATH inside the sandbox, after the venv's bin."
    ).tag(config=True)

    @default("mem_limit")
    def _mem_limit_default(self) -> int:
        return 2 * 1024**3

    @default("cpu_limit")
    def _cpu_limit_default(self) -> float:
        return 1.0

    @default("env_keep")
    def _env_keep_default(self) -> list[str]:
        return ["LANG", "LC_ALL", "TZ"]

    @default("term_timeout")
    def _term_timeout_default(self) -> int:
        return 5

    @validate("etc_files")
    def _no_secrets(self, proposal: dict[str, Any]) -> list[str]:
        names = [str(n).strip("/") for n in proposal["value"]]
        bad = {"shadow", "gshadow", "passwd", "group", "sudoers", "ssh"} & set(names)
        if bad or any(".." in n.split("/") for n in names):
            raise ValueError(f"etc_files may not include {sorted(bad) or 'parent paths'}")
        return names

    # ------------------------------------------------------------------ state

    uid = Integer(0)
    forward_port = Integer(0)
    cgroup_dirs: dict[str, str]
    _forwarders: list[Forwarder]
    _teardown_lock: asyncio.Lock

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cgroup_dirs = {}
        self._forwarders = []
        self._teardown_lock = asyncio.Lock()

    def load_state(self, state: dict[str, Any]) -> None:
        super().load_state(state)
        self.uid = int(state.get("uid", 0))
        self.forward_port = int(state.get("forward_port", 0))
        self.cgroup_dirs = dict(state.get("cgroup", {}))

    def get_state(self) -> dict[str, Any]:
        state: dict[str, Any] = super().get_state()
        if self.pid:
            state.update(uid=self.uid, forward_port=self.forward_port, cgroup=self.cgroup_dirs)
        return state

    def clear_state(self) -> None:
        super().clear_state()
        self.forward_port = 0
        self.cgroup_dirs = {}

    # ------------------------------------------------------------------ paths

    @property
    def server_dir(self) -> Path:
        name = self.name or "_default"
        return (
            Path(self.data_dir)
            / "servers"
            / storage.escape_name(self.user.name)
            / storage.escape_name(name)
        )

    def _paths(self) -> SandboxPaths:
        base = self.server_dir
        return SandboxPaths(
            base=base,
            staging=Path(self.staging_dir) / self._instance_name,
            vol=base / "vol",
            work=base / "vol" / "work",
            logs=base / "vol" / "logs",
            etc=base / "etc",
            hub=base / "hub",
            # on the disk image too: the server's uid writes there (quota, like work/)
            sock=base / "vol" / "sock",
        )

    @property
    def _instance_name(self) -> str:
        """``<uid>-<hash of the server dir>``: unique on the host even when several hubs (or
        test platforms) use the same uid range; names the staging mount and the cgroup."""
        digest = hashlib.sha256(str(self.server_dir).encode()).hexdigest()[:10]
        return f"{self.uid}-{digest}"

    def _hub_target(self) -> tuple[str, int, str]:
        url = urlparse(self.hub.api_url)
        host = url.hostname or "127.0.0.1"
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        return host, int(url.port or 80), url.path

    # ------------------------------------------------------------------ environment

    def user_env(self, env: dict[str, str]) -> dict[str, str]:
        env["USER"] = self.sandbox_user
        env["HOME"] = self.sandbox_home
        env["SHELL"] = "/bin/bash"
        return env

    def get_env(self) -> dict[str, Any]:
        env: dict[str, Any] = super().get_env()
        _, hub_port, api_path = self._hub_target()
        inner_api = f"http://127.0.0.1:{hub_port}{api_path}"
        env["JUPYTERHUB_API_URL"] = inner_api
        escaped = getattr(self.user, "escaped_name", self.user.name)
        env["JUPYTERHUB_ACTIVITY_URL"] = f"{inner_api.rstrip('/')}/users/{escaped}/activity"
        prefix = self.server.base_url if self.server else "/"
        env["JUPYTERHUB_SERVICE_URL"] = f"http://127.0.0.1:{INNER_PORT}{prefix}"
        venv = self.singleuser_venv
        env["PATH"] = f"{venv}/bin:{self.sandbox_path}"
        env["VIRTUAL_ENV"] = venv
        env.setdefault("LANG", "C.UTF-8")
        env["TMPDIR"] = "/tmp"
        env["TERM"] = "xterm-256color"
        service = self._service_target()
        if service is not None:
            env["INTERVIEWS_API_URL"] = f"http://127.0.0.1:{service[1]}/services/interviews/api/"
        return env

    def _command(self) -> list[str]:
        venv = self.singleuser_venv
        cmd = list(self.cmd)
        if cmd and "/" not in cmd[0]:
            cmd[0] = f"{venv}/bin/{cmd[0]}"
        return [
            *cmd,
            f"--ServerApp.sock={SERVER_SOCK}",
            "--ServerApp.sock_mode=0600",
            f"--ServerApp.root_dir={self.sandbox_home}",
            f"--HubOAuth.cache_max_age={self.hub_cache_max_age}",
            *self.get_args(),
        ]

    # ------------------------------------------------------------------ lifecycle

    async def _prepare(self, paths: SandboxPaths) -> None:
        servers = storage.ensure_root_dir(Path(self.data_dir) / "servers", 0o700)
        storage.ensure_root_dir(paths.base.parent, 0o700)
        storage.ensure_root_dir(paths.base, 0o711)
        lo, hi = self.uid_range
        self.uid = storage.allocate_uid(servers, paths.base, lo, hi)
        paths = self._paths()
        if self.disk_limit:
            await storage.mount_disk(paths.base / "disk.img", paths.vol, int(self.disk_limit))
        else:
            storage.ensure_root_dir(paths.vol, 0o711)
        storage.ensure_owned_dir(paths.work, self.uid, 0o700)
        storage.ensure_root_dir(paths.logs, 0o700)
        storage.ensure_root_dir(paths.etc, 0o755)
        storage.ensure_root_dir(paths.hub, 0o755)
        storage.ensure_owned_dir(paths.sock, self.uid, 0o700)
        storage.sandbox_etc(paths.etc, self.sandbox_user, self.uid, self.sandbox_home, "interview")
        await storage.stage(paths.base, paths.staging)

    def _service_target(self) -> tuple[str, int] | None:
        if not self.service_target:
            return None
        host, _, port = self.service_target.rpartition(":")
        return host or "127.0.0.1", int(port)

    def inner_forwards(self, socket_dir: str) -> list[str]:
        """``<port> <socket>`` pairs the sandbox's first process listens on besides the hub's."""
        target = self._service_target()
        return [] if target is None else [str(target[1]), f"{socket_dir}/service.sock"]

    @property
    def _forwarder_count(self) -> int:
        return 3 if self._service_target() else 2

    async def _start_forwarders(self, paths: SandboxPaths) -> None:
        host, port, _ = self._hub_target()
        hub = Forwarder(f"{self._log_name} hub-api", tcp_target(host, port), self.log)
        await hub.listen_unix(str(paths.hub / "hub.sock"), self.uid)
        self._forwarders.append(hub)
        service = self._service_target()
        if service is not None:
            api = Forwarder(f"{self._log_name} service-api", tcp_target(*service), self.log)
            await api.listen_unix(str(paths.hub / "service.sock"), self.uid)
            self._forwarders.append(api)
        server_sock = str(paths.sock / "server.sock")
        proxy = Forwarder(f"{self._log_name} server", unix_target(server_sock, self.uid), self.log)
        self.forward_port = await proxy.listen_tcp("127.0.0.1", self.forward_port)
        self._forwarders.append(proxy)

    async def _stop_forwarders(self) -> None:
        forwarders, self._forwarders = self._forwarders, []
        for forwarder in forwarders:
            await forwarder.close()

    async def start(self) -> str:
        if not self.singleuser_venv or not Path(self.singleuser_venv, "bin", "python").exists():
            raise RuntimeError(
                "BwrapSpawner.singleuser_venv is not set to a built venv "
                "(run scripts/build-singleuser-env and set SINGLEUSER_VENV)"
            )
        self.forward_port = 0
        self.cgroup_dirs = {}
        fds: list[int] = []
        log_fd = -1
        try:
            await self._prepare(self._paths())
            paths = self._paths()
            await self._start_forwarders(paths)
            self.cgroup_dirs = plan(self.cgroup_parent, f"server-{self._instance_name}")
            cgroup = ServerCgroup(self.cgroup_dirs)
            await cgroup.destroy(attempts=20)  # leftovers of a crashed earlier run
            cgroup.create(
                Limits(int(self.mem_limit or 0), self.pids_limit, float(self.cpu_limit or 0))
            )
            command, fds = bwrap_command(self, paths, INIT_CODE, HUB_SOCK, self._command())
            argv = launcher_command(cgroup.procs_files, self.uid, command)
            log_fd = os.open(
                paths.logs / "server.log",
                os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
            )
            self.log.info("Spawning %s in bwrap sandbox uid %d", self._log_name, self.uid)
            self.proc = subprocess.Popen(
                argv,
                env=self.get_env(),
                stdin=subprocess.DEVNULL,
                stdout=log_fd,
                stderr=log_fd,
                cwd="/",
                pass_fds=fds,
                start_new_session=True,
                close_fds=True,
            )
            self.pid = self.proc.pid
        except BaseException:
            await self._teardown()
            raise
        finally:
            for fd in [*fds, log_fd]:
                if fd >= 0:
                    os.close(fd)
        return f"http://127.0.0.1:{self.forward_port}"

    def _alive(self) -> int | None:
        """None while the sandbox runs, else its exit status (0 when unknown)."""
        if not self.pid:
            return 0
        if self.proc is not None:
            return self.proc.poll()
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return 0
        # after a hub restart the pid may have been reused: it must still be in our cgroup
        return None if ServerCgroup(self.cgroup_dirs).contains(self.pid) else 0

    async def poll(self) -> int | None:
        status = self._alive()
        if status is not None:
            if self.pid or self.cgroup_dirs or self._forwarders:
                await self._teardown()
            return status
        if len(self._forwarders) < self._forwarder_count:  # re-attach after a hub restart
            try:
                await self._stop_forwarders()
                await self._start_forwarders(self._paths())
            except OSError as error:
                self.log.error("Cannot re-attach %s: %s; stopping it", self._log_name, error)
                await self._teardown()
                return 1
            self.log.info("Re-attached %s (pid %d)", self._log_name, self.pid)
        return None

    async def stop(self, now: bool = False) -> None:
        if self._alive() is None and not now:
            cgroup = ServerCgroup(self.cgroup_dirs)
            # everything but the outer bwrap, which leaves once the sandbox's init has gone
            for pid in cgroup.members() - {self.pid}:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGTERM)
            if not await wait_exit(self.pid, self.term_timeout):
                self.log.info("%s did not stop in %ss: killing", self._log_name, self.term_timeout)
        await self._teardown()

    async def _teardown(self) -> None:
        """Kill the cgroup, remove it, stop the forwarders, unmount the disk, forget the pid."""
        async with self._teardown_lock:  # poll() and stop() may both get here after a restart
            await self._teardown_locked()

    async def _teardown_locked(self) -> None:
        if self.cgroup_dirs:
            cgroup = ServerCgroup(self.cgroup_dirs)
            if not await cgroup.destroy():
                self.log.warning("Could not remove cgroup of %s: %s", self._log_name, cgroup.dirs)
        if self.proc is not None:
            with contextlib.suppress(Exception):
                self.proc.kill()
            await asyncio.get_running_loop().run_in_executor(None, self.proc.wait)
            self.proc = None  # type: ignore[assignment]
        await self._stop_forwarders()
        paths = self._paths()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(paths.hub / "hub.sock")
        problems = ""
        if self.uid:
            problems += await storage.unstage(paths.staging)
        if self.disk_limit:
            problems += await storage.unmount(paths.vol)
        if self.disk_limit and storage.is_mount(paths.vol):
            problems += f"{paths.vol} is still mounted"
        if problems:
            self.log.warning("Unmounting %s: %s", self._log_name, problems)
        self.clear_state()
