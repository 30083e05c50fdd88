"""IsolatedDockerSpawner end to end: spawn through the real proxy, engine
limits, no network to the host, no host files, stop removes the container."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.containers.conftest import LIMITS, containers_named, engine
from tests.spawners.conftest import Server
from tests.spawners.jupyter_ws import Kernel
from tests.support.platform import Platform

pytestmark = pytest.mark.asyncio(loop_scope="module")
# DockerSpawner escapes "-" in server names: iv-c -> iv-2dc
CONTAINER = "interview-carol--iv-2dc"


async def run_ok(kernel: Kernel, code: str) -> str:
    out = await kernel.run(code, timeout=60)
    assert out.status == "ok", (out.error, out.stderr)
    return out.stdout


@pytest.fixture(scope="module")
async def kernel(server: Server) -> AsyncIterator[Kernel]:
    started = await server.kernel()
    yield started
    await started.close()


async def test_lab_answers_through_the_proxy(server: Server, kernel: Kernel) -> None:
    assert await server.status() == 200
    async with server.client() as client:
        lab = await client.get(f"{server.base}lab")
    assert lab.status_code == 200 and "JupyterLab" in lab.text
    out = await kernel.run("import os, sys; print(sys.prefix, os.getuid(), os.getcwd()); 6 * 7")
    assert out.status == "ok" and out.result == "42", out
    prefix, uid, cwd = out.stdout.split()
    assert prefix == "/opt/singleuser" and int(uid) >= 300_000 and cwd == "/home/interview"


async def test_engine_applies_the_limits(
    server: Server, podman_env: dict[str, str], kernel: Kernel
) -> None:
    [found] = containers_named(podman_env, CONTAINER)
    host = engine(podman_env).inspect_container(found["Id"])["HostConfig"]
    assert host["Memory"] == 768 * 1024**2
    assert host["CpuQuota"] / host["CpuPeriod"] == LIMITS["cpu_limit"]
    assert host["PidsLimit"] == LIMITS["pids_limit"]
    assert host["NetworkMode"] == "none" and host["ReadonlyRootfs"] is True
    assert "no-new-privileges" in host["SecurityOpt"]
    # and the kernel enforces them: the container's own cgroup (v1 here, v2 elsewhere)
    out = await run_ok(kernel, """
from pathlib import Path
v1 = ("memory/memory.limit_in_bytes", "cpu/cpu.cfs_quota_us", "pids/pids.max")
v2 = ("memory.max", "cpu.max", "pids.max")
root = Path("/sys/fs/cgroup")
names = v1 if (root / v1[0]).exists() else v2
print(*[(root / name).read_text().split()[0] for name in names])
""")  # fmt: skip
    memory, cpu_quota, pids = out.split()
    assert int(memory) == 768 * 1024**2 and int(pids) == LIMITS["pids_limit"], out
    assert int(cpu_quota) == int(LIMITS["cpu_limit"] * 100_000), out


@pytest.fixture
def host_listeners() -> Iterator[list[int]]:
    """Stand-ins for PostgreSQL and Redis on the host's loopback (unless they already run)."""
    opened, accepted = [], []
    for port in (5432, 6379):
        sock = socket.socket()
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()  # the real service listens there: just as good a target
            continue
        sock.listen(8)
        sock.settimeout(0.2)
        opened.append(sock)

    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            for sock in opened:
                with contextlib.suppress(OSError):
                    accepted.append(sock.accept())

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield accepted  # type: ignore[misc]
    stop.set()
    thread.join()
    for sock in opened:
        sock.close()


async def test_cannot_reach_host_services(
    kernel: Kernel, docker_platform: Platform, host_listeners: list[int]
) -> None:
    ports = [5432, 6379, docker_platform.port, docker_platform.ports["PROXY_API_PORT"],
             docker_platform.ports["SERVICE_PORT"]]  # fmt: skip
    out = await run_ok(kernel, f"""
import socket
for host, port in {[("127.0.0.1", p) for p in ports] + [("1.1.1.1", 53), ("10.0.2.2", 22)]!r}:
    try:
        socket.create_connection((host, port), timeout=3).close(); print("CONNECTED", port)
    except OSError as error:
        print("FAILED", port, type(error).__name__)
print(open("/proc/net/dev").read())
""")  # fmt: skip
    assert "CONNECTED" not in out and out.count("FAILED") == len(ports) + 2, out
    assert out.count("ConnectionRefusedError") == len(ports), out  # its own, empty loopback
    assert host_listeners == []  # nothing arrived on the host's 5432/6379
    interfaces = [line.split(":")[0].strip() for line in out.splitlines() if ":" in line]
    assert interfaces == ["lo"], out


async def test_hub_api_only_with_a_token(kernel: Kernel, docker_platform: Platform) -> None:
    port = docker_platform.ports["HUB_PORT"]
    out = await run_ok(kernel, f"""
import urllib.request, urllib.error
try:
    urllib.request.urlopen("http://127.0.0.1:{port}/hub/api/users", timeout=5); print("OPEN")
except urllib.error.HTTPError as error:
    print("STATUS", error.code)
""")  # fmt: skip
    assert "STATUS 403" in out, out


async def test_cannot_read_host_files(kernel: Kernel, docker_platform: Platform) -> None:
    data = docker_platform.data_dir
    assert (data / "jupyterhub.sqlite").exists()
    out = await run_ok(kernel, f"""
import os
paths = ({str(data)!r}, {str(data / "jupyterhub.sqlite")!r}, "/work", "/root/.cache",
         "/var/lib/containers", "/run/interview-platform")
print("VISIBLE", [p for p in paths if os.path.exists(p)])
try:
    open("/etc/shadow").read(); print("READ shadow")
except OSError as error:
    print(type(error).__name__)
try:
    open("/usr/bin/x", "w"); print("WROTE /usr")
except OSError as error:
    print(type(error).__name__)
""")  # fmt: skip
    assert "VISIBLE []" in out and "READ" not in out and "WROTE" not in out, out
    assert "PermissionError" in out, out  # the image's own shadow (root 0640), not the host's


async def test_terminal_runs_without_privileges(server: Server) -> None:
    terminal = await server.terminal()
    try:
        text, code = await terminal.run("id -u; pwd; unshare -r true || echo NO-USERNS")
        assert code == 0 and "/home/interview" in text and "NO-USERNS" in text, text
        text, _ = await terminal.run("(exec 3<>/dev/tcp/127.0.0.1/5432) 2>&1 || echo REFUSED")
        assert "REFUSED" in text, text
    finally:
        await terminal.close()


async def test_fork_bomb_hits_the_pids_limit(kernel: Kernel, server: Server) -> None:
    out = await run_ok(kernel, """
import subprocess, sys
bomb = '''
import os, signal, time
os.setpgid(0, 0)
count = 0
try:
    while True:
        if os.fork() == 0:
            time.sleep(60); os._exit(0)
        count += 1
except OSError as error:
    print("STOPPED", count, type(error).__name__, flush=True)
os.killpg(0, signal.SIGKILL)
'''
run = subprocess.run([sys.executable, "-c", bomb], capture_output=True, text=True, timeout=60)
print(run.stdout, run.returncode)
""")  # fmt: skip
    assert "STOPPED" in out and "BlockingIOError" in out, out
    assert int(out.split()[1]) < int(LIMITS["pids_limit"])
    assert await server.status() == 200  # the server itself survived


async def test_memory_bomb_is_killed_inside(kernel: Kernel, server: Server) -> None:
    out = await run_ok(kernel, """
import subprocess, sys
bomb = "chunks = []\\nwhile True: chunks.append(bytearray(64 * 2**20))"
print("RC", subprocess.run([sys.executable, "-c", bomb]).returncode)
""")  # fmt: skip
    assert "RC -9" in out, out
    assert await server.status() == 200


async def test_container_survives_a_hub_restart(
    server: Server, kernel: Kernel, docker_platform: Platform, podman_env: dict[str, str]
) -> None:
    [before] = containers_named(podman_env, CONTAINER)
    state = await server.state()
    assert (await kernel.run("x = 41; x + 1")).result == "42"
    await kernel.close()
    docker_platform.restart()
    [after] = containers_named(podman_env, CONTAINER)
    assert after["Id"] == before["Id"]
    assert (await server.state())["forward_port"] == state["forward_port"]
    assert await server.status() == 200  # proxy -> re-created forwarder -> same server
    kernel.ws = None
    await kernel.connect()  # same kernel, same variables: nothing restarted
    assert (await kernel.run("x + 1")).result == "42"


async def test_stop_removes_the_container(
    server: Server, podman_env: dict[str, str], kernel: Kernel
) -> None:
    await kernel.close()
    port = int((await server.state())["forward_port"])
    await server.stop()
    assert not await server.model()
    assert containers_named(podman_env, CONTAINER) == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
