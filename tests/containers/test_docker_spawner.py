"""IsolatedDockerSpawner end to end: spawn through the real proxy, engine limits, and the
attacks of candidate code from a kernel and a terminal (host files and services, the disk,
output floods, host processes, privileges, writes outside the home, another interview,
processes left behind, symlinks into the host); stop removes the container."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from interview_hub.spawners import storage
from tests.containers.conftest import LIMITS, containers_named, engine
from tests.spawners.attack_code import (
    WALLS,
    MiB,
    check_language_walls,
    check_nothing_killed,
    fill_code,
    kill_code,
    next_cell_works,
    print_gigabytes,
    stopped_at,
)
from tests.spawners.conftest import Server, host_processes_of, processes_gone
from tests.spawners.jupyter_ws import Kernel
from tests.spawners.lab_assets import check_assets_are_compressed
from tests.support.platform import Platform

pytestmark = pytest.mark.asyncio(loop_scope="module")
# DockerSpawner escapes "-" in server names: iv-c -> iv-2dc
CONTAINER = "interview-carol--iv-2dc"


async def run_ok(kernel: Kernel, code: str, timeout: float = 60) -> str:
    out = await kernel.run(code, timeout=timeout)
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
    assert any(opt.startswith("seccomp=") for opt in host["SecurityOpt"]), host["SecurityOpt"]
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


async def test_image_has_our_kernels_the_room_extension_and_widgets(server: Server) -> None:
    async with server.client() as client:
        specs = (await client.get(f"{server.base}api/kernelspecs")).json()["kernelspecs"]
        lab = await client.get(f"{server.base}lab")
    assert set(WALLS) | {"python3"} <= set(specs), sorted(specs)
    assert "@interview-platform/lab" in lab.text, "the room's extension is not in the page"
    assert "@jupyter-widgets/jupyterlab-manager" in lab.text, "ipywidgets' manager is missing"
    async with server.client() as client:
        await check_assets_are_compressed(client, server.base)


@pytest.mark.parametrize("language", list(WALLS))
async def test_each_language_kernel_runs_and_meets_the_walls(
    language: str, server: Server, docker_platform: Platform
) -> None:
    """Candidate code in each of our languages, in the container: the hub's secrets are not
    there and the hub's port (listening on the host) cannot be reached."""
    await check_language_walls(server, language, docker_platform, timeout=180)


async def test_grading_control_reaches_the_service_api_only(
    kernel: Kernel, docker_platform: Platform
) -> None:
    """The notebook's grading control calls the interviews service through a forwarded socket;
    without the server's token that port opens nothing."""
    out = await run_ok(kernel, """
import os, urllib.request, urllib.error
base = os.environ["INTERVIEWS_API_URL"]
print("HEALTH", urllib.request.urlopen(base + "health", timeout=20).read().decode())
for path in ("interviews", "tokens", "outbox"):
    try:
        urllib.request.urlopen(base + path, timeout=20); print("OPEN", path)
    except urllib.error.HTTPError as error:
        print("CODE", path, error.code)
""")  # fmt: skip
    assert '"status":"ok"' in out.replace(" ", ""), out
    codes = [line.split()[-1] for line in out.splitlines() if line.startswith("CODE")]
    assert (
        "OPEN" not in out and len(codes) == 3 and all(c in ("401", "403", "404") for c in codes)
    ), out


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
    # (the service's port is forwarded on purpose: INTERVIEWS_API_URL, see below)
    ports = [5432, 6379, docker_platform.port, docker_platform.ports["PROXY_API_PORT"]]
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


async def test_cannot_fill_the_disk(
    kernel: Kernel, server: Server, docker_platform: Platform
) -> None:
    """The home and the socket directory are on a 64 MiB ext4 image on the host, /tmp and
    /var/tmp bounded tmpfs in the container's memory; writing without end stops there, and
    the host never gives the image more."""
    code = fill_code(
        'os.path.expanduser("~/big.bin")',
        '"/run/jupyter/big.bin"',  # the server's socket directory: writable, on the same quota
        '"/tmp/big.bin"',
        '"/var/tmp/big.bin"',
    )
    code += """
st = os.statvfs(os.path.expanduser("~"))
print("FREE", st.f_bavail * st.f_frsize // 2**20)
"""
    out = await run_ok(kernel, code, timeout=180)
    stops = stopped_at(out)
    assert len(stops) == 4 and out.count("space") == 4, out
    home_mib, sock_mib, tmp_mib, var_tmp_mib = (mib for _, mib in stops)
    assert home_mib <= 64 and sock_mib <= 64 and tmp_mib <= 256 and var_tmp_mib <= 64, out
    assert int(out.split("FREE")[1].split()[0]) > 32, out  # freed again: the disk works
    image = docker_platform.data_dir / "containers" / "carol" / "iv-c" / "disk.img"
    assert image.stat().st_blocks * 512 <= 64 * MiB + 8 * MiB
    assert await server.status() == 200


async def test_printing_gigabytes_leaves_the_server_up(kernel: Kernel, server: Server) -> None:
    out = await print_gigabytes(kernel, timeout=180)
    assert await server.status() == 200
    await next_cell_works(kernel, out)


@pytest.fixture(scope="module")
def sentinel() -> Iterator[subprocess.Popen[bytes]]:
    """A host process outside every container that candidate code tries to kill."""
    process = subprocess.Popen(["sleep", "900"], start_new_session=True)
    yield process
    process.kill()
    process.wait()


async def test_cannot_see_or_kill_host_processes(
    kernel: Kernel, server: Server, sentinel: subprocess.Popen[bytes]
) -> None:
    out = await run_ok(kernel, kill_code(sentinel.pid))
    check_nothing_killed(out, sentinel, most_processes=40)
    # pid 1 is the container's own init, which ignores signals from inside: all still runs
    assert await server.status() == 200


async def test_setuid_binaries_and_capabilities_do_not_escalate(kernel: Kernel) -> None:
    out = await run_ok(kernel, """
import os, subprocess
status = open("/proc/self/status").read().splitlines()
print("NNP", [l for l in status if l.startswith("NoNewPrivs")][0].split()[1])
print("CAPS", [l for l in status if l.startswith("CapEff")][0].split()[1])
print("BOUND", [l for l in status if l.startswith("CapBnd")][0].split()[1])
for cmd in (["su", "-c", "id -u"], ["mount", "-t", "tmpfs", "x", "/tmp"], ["chown", "0", "/tmp"],
            ["newgrp", "root"], ["hostname", "evil"], ["unshare", "-U", "true"],
            ["unshare", "-rn", "true"]):
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                             timeout=10)
        print("RUN", cmd[0], run.returncode, run.stdout.strip() == "0")
    except FileNotFoundError:
        print("RUN", cmd[0], "missing", False)
""")  # fmt: skip
    assert "NNP 1" in out and "CAPS 0000000000000000" in out, out
    assert "BOUND 0000000000000000" in out, out
    runs = [line.split() for line in out.splitlines() if line.startswith("RUN")]
    assert len(runs) == 7 and all(r[2] != "0" and r[3] == "False" for r in runs), out


async def test_cannot_write_outside_the_home(kernel: Kernel) -> None:
    out = await run_ok(kernel, """
import os
for path in ("/x", "/usr/x", "/etc/x", "/opt/singleuser/x", "/run/interview-hub/x",
             "/proc/sys/kernel/x", "/sys/x"):
    try:
        with open(path, "w") as handle:
            handle.write("x")
        print("WROTE", path)
    except OSError as error:
        print("REFUSED", path, type(error).__name__)
for path in (os.path.expanduser("~/ok"), "/tmp/ok"):
    open(path, "w").write("x"); print("OK", path); os.unlink(path)
""")  # fmt: skip
    assert "WROTE" not in out and out.count("REFUSED") == 7 and out.count("OK") == 2, out


async def test_terminal_attacks_meet_the_same_walls(
    server: Server, docker_platform: Platform
) -> None:
    terminal = await server.terminal()
    data = docker_platform.data_dir
    try:
        text, _ = await terminal.run(
            f"cat /etc/shadow {data}/jupyterhub.sqlite 2>&1 | head -c 300; echo; "
            "(exec 3<>/dev/tcp/127.0.0.1/6379) 2>&1 || echo REDIS-REFUSED; "
            "(exec 3<>/dev/tcp/1.1.1.1/80) 2>&1 || echo OUT-REFUSED; "
            "touch /usr/evil 2>&1 || echo RO-ROOT; ls /proc | grep -c '^[0-9]'",
            timeout=60,
        )
        assert "root:" not in text and "SQLite format" not in text, text
        assert "REDIS-REFUSED" in text and "OUT-REFUSED" in text and "RO-ROOT" in text, text
    finally:
        await terminal.close()


async def test_another_interview_is_out_of_reach(
    kernel: Kernel, docker_platform: Platform, admin_token: str, server: Server
) -> None:
    """Interview B (dave) runs beside A: A sees neither its files nor its server."""
    other = await Server(docker_platform, admin_token, "dave", "iv-d").start()
    try:
        b_kernel = await other.kernel()
        assert (await b_kernel.run("open('secret.txt', 'w').write('b-secret')")).status == "ok"
        await b_kernel.close()
        b_home = docker_platform.data_dir / "containers" / "dave" / "iv-d"
        port = int((await other.state())["forward_port"])
        out = await run_ok(kernel, f"""
import os, socket
found = []
for top in ("/home", "/run", "/tmp", "/var", "/mnt", "/srv", "/media", "/root", "/data"):
    for where, _dirs, files in os.walk(top):
        found += [os.path.join(where, f) for f in files if f == "secret.txt"]
print("FOUND", found, os.path.exists({str(b_home)!r}))
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).close(); print("CONNECTED")
except OSError as error:
    print("FAILED", type(error).__name__)
""", )  # fmt: skip
        assert "FOUND [] False" in out and "CONNECTED" not in out, out
        assert await other.status() == 200 and await server.status() == 200
    finally:
        await other.stop()


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


async def test_stop_removes_the_container_and_every_process(
    server: Server, podman_env: dict[str, str], kernel: Kernel, docker_platform: Platform
) -> None:
    """A process the candidate detaches to outlive the interview ends with the container."""
    out = await run_ok(kernel, """
import subprocess
subprocess.Popen(["sleep", "1000"], start_new_session=True, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL)
import os; print("UID", os.getuid())
""")  # fmt: skip
    uid = int(out.split()[-1])
    assert host_processes_of(uid), "the detached process should run on the host as the uid"
    await kernel.close()
    port = int((await server.state())["forward_port"])
    await server.stop()
    assert not await server.model()
    assert containers_named(podman_env, CONTAINER) == []
    assert await processes_gone(uid) == []
    vol = docker_platform.data_dir / "containers" / "carol" / "iv-c" / "vol"
    assert not storage.is_mount(vol)  # the disk image is unmounted with the container
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)


async def test_symlinks_in_the_home_are_harmless_on_restart(
    server: Server, docker_platform: Platform
) -> None:
    """Judge0 CVE-2024-28185 class: links the candidate plants in the home point into the
    host; starting the server again (the hub prepares its directories as root) follows none."""
    secrets = docker_platform.data_dir / "secrets"
    shadow = os.stat("/etc/shadow")
    before = {p.name: (os.stat(p).st_uid, os.stat(p).st_mode) for p in secrets.iterdir()}
    await server.start()
    kernel = await server.kernel()
    try:
        await run_ok(kernel, f"""
import os
home = os.path.expanduser("~")
for name, target in (("shadow", "/etc/shadow"), ("secrets", {str(secrets)!r}), ("root", "/"),
                     ("work", "/etc")):
    os.symlink(target, os.path.join(home, name))
""")  # fmt: skip
    finally:
        await kernel.close()
    await server.stop()
    await server.start()
    try:
        after = {p.name: (os.stat(p).st_uid, os.stat(p).st_mode) for p in secrets.iterdir()}
        assert after == before
        now = os.stat("/etc/shadow")
        assert (now.st_uid, now.st_gid, now.st_mode) == (
            shadow.st_uid, shadow.st_gid, shadow.st_mode)  # fmt: skip
        kernel = await server.kernel()
        out = await run_ok(kernel, """
import os
for name in ("shadow", "secrets/cookie_secret"):
    try:
        open(os.path.expanduser("~/" + name)).read(); print("READ", name)
    except OSError as error:
        print(type(error).__name__)
""")  # fmt: skip
        await kernel.close()
        assert "READ" not in out, out
    finally:
        await server.stop()
