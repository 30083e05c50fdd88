"""Candidate code against the BwrapSpawner sandbox: each attack has an asserted outcome.

Two interview servers run on one real hub + proxy + service: A (carol/iv-a, the attacker) and
B (dave/iv-b, "another interview", holding a secret). Code runs as a candidate's would, through
A's Python kernel (WebSocket) and A's terminal, and the file and network walls also through
each of our language kernels. Afterwards the host, the hub and B must be unharmed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import select
import socket
import stat
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

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
from tests.spawners.conftest import LIMITS, Server, processes_gone
from tests.spawners.jupyter_ws import Kernel, Terminal
from tests.support.platform import Platform

pytestmark = pytest.mark.asyncio(loop_scope="module")
SECRET = "b-secret-7f3a"


@pytest.fixture(scope="module")
async def kernel_a(server_a: Server) -> AsyncIterator[Kernel]:
    kernel = await server_a.kernel()
    yield kernel
    await kernel.close()


@pytest.fixture(scope="module")
async def terminal_a(server_a: Server) -> AsyncIterator[Terminal]:
    terminal = await server_a.terminal()
    yield terminal
    await terminal.close()


@pytest.fixture(scope="module")
async def b_secret(server_b: Server) -> str:
    """B's candidate writes a file; A must not be able to read it by any path."""
    kernel = await server_b.kernel()
    out = await kernel.run(f"open('secret.txt', 'w').write({SECRET!r}); import os; os.getcwd()")
    await kernel.close()
    assert out.status == "ok", out
    return out.result.strip("'")


@pytest.fixture(scope="module")
def sentinel(server_a: Server) -> Iterator[subprocess.Popen[bytes]]:
    """A host process outside every sandbox that candidate code tries to kill."""
    process = subprocess.Popen(["sleep", "600"], start_new_session=True)
    yield process
    process.kill()
    process.wait()


async def run_ok(kernel: Kernel, code: str, timeout: float = 60) -> str:
    out = await kernel.run(code, timeout=timeout)
    assert out.status == "ok", (out.error, out.stderr)
    return out.stdout


# ------------------------------------------------------------------ it works at all


async def test_notebook_cell_runs_in_ipykernel(kernel_a: Kernel) -> None:
    out = await kernel_a.run("import sys, os, ipykernel; print(sys.prefix, os.getuid()); 6 * 7")
    assert out.status == "ok" and out.result == "42", out
    assert "/singleuser-" in out.stdout
    assert int(out.stdout.split()[1]) >= 200_000  # the server's own uid, never root


async def test_terminal_runs_commands(terminal_a: Terminal) -> None:
    text, code = await terminal_a.run("id -u; pwd")
    assert code == 0 and "/home/interview" in text


# ------------------------------------------------------------------ files


async def test_cannot_read_etc_shadow(kernel_a: Kernel) -> None:
    out = await run_ok(kernel_a, """
import os
import select
for path in ("/etc/shadow", "/etc/gshadow", "/etc/sudoers"):
    try:
        open(path).read(); print("READ", path)
    except OSError as error:
        print(type(error).__name__, path)
""")  # fmt: skip
    assert "READ" not in out and out.count("FileNotFoundError") == 3, out


async def test_cannot_read_hub_and_service_data(kernel_a: Kernel, bwrap_platform: Platform) -> None:
    data = bwrap_platform.data_dir
    targets = [data / "jupyterhub.sqlite", data / "interviews.sqlite",
               data / "secrets" / "cookie_secret", data / "secrets" / "crypt_key",
               data / "secrets" / "proxy_token", data / "platform.log"]  # fmt: skip
    assert all(path.exists() for path in targets)
    out = await run_ok(kernel_a, f"""
for path in {[str(p) for p in targets]!r}:
    try:
        open(path, "rb").read(); print("READ", path)
    except OSError as error:
        print(type(error).__name__)
import os
import select
paths = ("{data}", "/work", "/root", "/tmp/pytest-of-root")
print("LISTED", [p for p in paths if os.path.exists(p)])
""")  # fmt: skip
    assert "READ" not in out and out.count("FileNotFoundError") == len(targets), out
    assert "LISTED []" in out


async def test_cannot_read_another_interview(
    kernel_a: Kernel, server_b: Server, b_secret: str, bwrap_platform: Platform
) -> None:
    state = await server_b.state()
    host_path = bwrap_platform.data_dir / "servers" / "dave" / "iv-b" / "vol" / "work"
    assert (host_path / "secret.txt").read_text() == SECRET  # really there on the host
    digest = hashlib.sha256(str(host_path.parent.parent).encode()).hexdigest()[:10]
    staged = f"/run/interview-sandboxes/{state['uid']}-{digest}/vol/work/secret.txt"
    assert Path(staged).read_text() == SECRET  # the staging bind mount, on the host
    out = await run_ok(kernel_a, f"""
import glob, os
hits = []
for path in ({str(host_path / 'secret.txt')!r}, {staged!r}, "/home/interview/../dave/secret.txt"):
    try:
        hits.append(open(path).read())
    except OSError as error:
        print(type(error).__name__)
for root in ("/", "/home", "/run", "/tmp", "/var"):
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath.startswith("/proc"):
            dirnames[:] = []
        if "secret.txt" in filenames:
            hits.append(dirpath)
print("HITS", hits)
""")  # fmt: skip
    assert "HITS []" in out and SECRET not in out, out


async def test_cannot_write_outside_work_dir(kernel_a: Kernel) -> None:
    out = await run_ok(kernel_a, """
import os
import select
for path in ("/usr/bin/evil", "/etc/evil", "/evil", "/home/evil", "/run/interview-hub/evil",
             "/var/evil", "/proc/sys/kernel/hostname"):
    try:
        with open(path, "w") as handle:
            handle.write("x")
        print("WROTE", path)
    except OSError as error:
        print(type(error).__name__, path)
open(os.path.expanduser("~/mine.txt"), "w").write("ok"); print("HOME-OK")
""")  # fmt: skip
    assert "WROTE" not in out and "HOME-OK" in out, out


async def test_terminal_file_attacks(terminal_a: Terminal) -> None:
    text, code = await terminal_a.run("cat /etc/shadow /root/.bashrc /work/main/README.md")
    assert code != 0 and "No such file" in text
    text, code = await terminal_a.run("touch /usr/local/evil")
    assert code != 0 and "Read-only file system" in text
    text, code = await terminal_a.run("ls /sys /dev/vda /dev/loop0 2>&1 | grep -c 'No such'")
    assert text.strip().endswith("3"), text


# ------------------------------------------------------------------ network


def _connect_code(targets: list[tuple[str, int]]) -> str:
    return f"""
import socket, time
for host, port in {targets!r}:
    started = time.monotonic()
    try:
        socket.create_connection((host, port), timeout=3).close()
        print("CONNECTED", host, port)
    except OSError as error:
        print("FAILED", host, port, type(error).__name__, round(time.monotonic() - started, 2))
"""


async def test_cannot_reach_host_services(
    kernel_a: Kernel, bwrap_platform: Platform, server_b: Server
) -> None:
    b_port = int((await server_b.state())["forward_port"])
    ports = [5432, 6379, bwrap_platform.port, bwrap_platform.ports["PROXY_API_PORT"], b_port, 22]
    # the targets really listen on the host (except Postgres/Redis/ssh if not installed); the
    # service's port is forwarded on purpose (INTERVIEWS_API_URL, see the next test)
    for port in ports[2:5]:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    out = await run_ok(kernel_a, _connect_code([("127.0.0.1", p) for p in ports]))
    assert "CONNECTED" not in out and out.count("FAILED") == len(ports), out
    assert out.count("ConnectionRefusedError") == len(ports), out


@pytest.mark.parametrize("language", list(WALLS))
async def test_each_language_kernel_meets_the_same_walls(
    language: str, server_a: Server, bwrap_platform: Platform
) -> None:
    """Candidate code in any language, not only Python: the hub's secrets are not there and the
    hub's port (listening on the host) cannot be reached."""
    socket.create_connection(("127.0.0.1", bwrap_platform.port), timeout=2).close()
    await check_language_walls(server_a, language, bwrap_platform, timeout=120)


async def test_cannot_reach_outside_addresses(kernel_a: Kernel) -> None:
    out = await run_ok(kernel_a, _connect_code(
        [("1.1.1.1", 53), ("8.8.8.8", 443), ("10.0.2.2", 22), ("192.168.1.1", 80)]
    ) + """
udp = ((socket.AF_INET, ("1.1.1.1", 53)), (socket.AF_INET6, ("2606:4700::1111", 53)))
for family, address in udp:
    try:
        socket.socket(family, socket.SOCK_DGRAM).sendto(b"x", address); print("SENT")
    except OSError as error:
        print("UDP", type(error).__name__)
try:
    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); print("RAW")
except OSError as error:
    print("RAWFAIL", type(error).__name__)
print(open("/proc/net/dev").read())
""")  # fmt: skip
    assert "CONNECTED" not in out and "SENT" not in out and "RAW\n" not in out, out
    failures = [line for line in out.splitlines() if line.startswith("FAILED")]
    assert len(failures) == 4 and all(float(f.split()[-1]) < 0.5 for f in failures), out
    assert "OSError" in out and "RAWFAIL PermissionError" in out
    interfaces = [line.split(":")[0].strip() for line in out.splitlines() if ":" in line]
    assert [i for i in interfaces if i not in ("Inter-|   Receive", "face |bytes")] == ["lo"]


async def test_forwarded_apis_need_a_token(kernel_a: Kernel, bwrap_platform: Platform) -> None:
    """The only ways out are the forwarded hub API and the service's API (for the notebook's
    grading control), and both want a token like any client."""
    hub, service = bwrap_platform.ports["HUB_PORT"], bwrap_platform.ports["SERVICE_PORT"]
    out = await run_ok(kernel_a, f"""
import urllib.request, urllib.error
urls = ["http://127.0.0.1:{hub}" + path
        for path in ("/hub/api/users", "/hub/api/users/admin/tokens", "/hub/api/proxy")]
urls += ["http://127.0.0.1:{service}/services/interviews/api/" + path
         for path in ("interviews", "users", "grade/1", "tokens")]
for url in urls:
    try:
        urllib.request.urlopen(url, timeout=5); print("OPEN", url)
    except urllib.error.HTTPError as error:
        print("HTTP", error.code, url)
""")  # fmt: skip
    assert "OPEN" not in out and out.count("HTTP 403") == 3, out
    service_answers = [line.split()[1] for line in out.splitlines() if "/services/" in line]
    assert len(service_answers) == 4 and set(service_answers) <= {"401", "403"}, out


async def test_server_token_opens_nothing_else(
    kernel_a: Kernel, server_a: Server, server_b: Server, bwrap_platform: Platform
) -> None:
    """The kernel holds the server's JUPYTERHUB_API_TOKEN: through the forwarded hub API it
    identifies the server and nothing more (no users, no other server, no tokens, no spawns,
    no proxy); the hub port does not lead to the service or to other servers either."""
    port = bwrap_platform.ports["HUB_PORT"]
    a, b = f"{server_a.owner}/{server_a.name}", f"{server_b.owner}/{server_b.name}"
    out = await run_ok(kernel_a, f"""
import json, os, urllib.request, urllib.error
token = os.environ["JUPYTERHUB_API_TOKEN"]
def call(method, path, body=None):
    request = urllib.request.Request("http://127.0.0.1:{port}" + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={{"Authorization": "token " + token}})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
status, me = call("GET", "/hub/api/user")
print("ME", status, json.dumps(sorted(json.loads(me)["scopes"])))
for method, path, body in [
    ("GET", "/hub/api/users", None),
    ("GET", "/hub/api/users/{server_b.owner}", None),
    ("POST", "/hub/api/users/{server_a.owner}/tokens", {{"note": "x"}}),
    ("POST", "/hub/api/users/{server_a.owner}/servers/other", {{}}),
    ("DELETE", "/hub/api/users/{server_b.owner}/servers/{server_b.name}", None),
    ("DELETE", "/hub/api/users/{server_a.owner}/servers/{server_a.name}", None),
    ("POST", "/hub/api/shares/{a}", {{"user": "dave"}}),
    ("GET", "/hub/api/proxy", None),
    ("GET", "/hub/api/services", None),
]:
    print("CALL", method, path, call(method, path, body)[0])
for path in ("/services/interviews/api/health", "/user/{b}/api/contents"):
    print("ROUTE", path, call("GET", path)[0])
for sock in ("/run/postgresql/.s.PGSQL.5432", "/var/run/postgresql/.s.PGSQL.5432",
             "/tmp/.s.PGSQL.5432", "/run/redis/redis-server.sock", "/var/run/docker.sock"):
    print("SOCK", sock, os.path.exists(sock))
""")  # fmt: skip
    me = next(line for line in out.splitlines() if line.startswith("ME "))
    assert me.startswith("ME 200 ") and f"access:servers!server={a}" in me, out
    assert "admin" not in me and "tokens" not in me and f"server={b}" not in me, out
    calls = [line.rsplit(" ", 1)[1] for line in out.splitlines() if line.startswith("CALL ")]
    assert len(calls) == 9 and all(code in ("403", "404") for code in calls), out
    routes = [line.rsplit(" ", 1)[1] for line in out.splitlines() if line.startswith("ROUTE ")]
    assert all(code != "200" for code in routes), out
    assert out.count("SOCK") == 5 and "True" not in out, out
    assert (await server_a.model()).get("ready") and (await server_b.model()).get("ready")


async def test_terminal_network_attacks(terminal_a: Terminal, bwrap_platform: Platform) -> None:
    proxy_api = bwrap_platform.ports["PROXY_API_PORT"]
    text, _ = await terminal_a.run(
        f"(echo > /dev/tcp/127.0.0.1/5432) 2>&1; (echo > /dev/tcp/127.0.0.1/{proxy_api}) 2>&1;"
        " (echo > /dev/tcp/1.1.1.1/53) 2>&1"
    )
    output = text[text.index("\n") :]  # what the shell printed, after the echoed command
    assert "/dev/tcp/127.0.0.1/5432: Connection refused" in output, text
    assert f"/dev/tcp/127.0.0.1/{proxy_api}: Connection refused" in output, text
    assert "/dev/tcp/1.1.1.1/53: Network is unreachable" in output, text


# ------------------------------------------------------------------ resources


async def test_fork_bomb_hits_the_pids_limit(kernel_a: Kernel, server_a: Server) -> None:
    out = await run_ok(kernel_a, """
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
    cgroup = (await server_a.state())["cgroup"]
    assert "max 0" not in Path(cgroup["pids"], "pids.events").read_text()
    assert await server_a.status() == 200  # the server itself survived


async def test_memory_bomb_is_killed_inside(kernel_a: Kernel, server_a: Server) -> None:
    out = await run_ok(kernel_a, """
import subprocess, sys
bomb = "chunks = []\\nwhile True: chunks.append(bytearray(64 * 2**20))"
print("RC", subprocess.run([sys.executable, "-c", bomb]).returncode)
""")  # fmt: skip
    assert "RC -9" in out, out
    memory = Path((await server_a.state())["cgroup"]["memory"])
    oom = (memory / "memory.oom_control").read_text()
    assert "oom_kill 0" not in oom, oom
    assert await server_a.status() == 200


async def test_cpu_quota_holds(kernel_a: Kernel) -> None:
    out = await run_ok(kernel_a, """
import os, subprocess, sys, time
spin = "import time\\nend = time.monotonic() + 1.5\\nwhile time.monotonic() < end: pass"
before = os.times()
procs = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(2)]
for p in procs: p.wait()
after = os.times()
used = lambda t: t.children_user + t.children_system
print("CPU", used(after) - used(before))
""")  # fmt: skip
    cpu = float(out.split()[-1])
    assert cpu < 1.5 * float(LIMITS["cpu_limit"]) * 1.25, out  # unlimited: ~3.0 s on 2 cores


async def test_cannot_fill_the_disk(kernel_a: Kernel, bwrap_platform: Platform) -> None:
    code = fill_code(
        'os.path.expanduser("~/big.bin")',
        '"/run/jupyter/big.bin"',  # the server's socket directory: writable, on the same quota
        '"/tmp/big.bin"',
        '"/dev/shm/big.bin"',
    )
    out = await run_ok(kernel_a, code, timeout=120)
    sizes = [mib for _, mib in stopped_at(out)]
    assert len(sizes) == 4, out
    home_mib, sock_mib, tmp_mib, shm_mib = sizes
    assert home_mib <= 256 and sock_mib <= 256 and tmp_mib <= 64 and shm_mib <= 64, out
    image = bwrap_platform.data_dir / "servers" / "carol" / "iv-a" / "disk.img"
    # the work dir lives in a sparse ext4 image: the host never gives it more than its size
    assert image.stat().st_blocks * 512 <= 256 * MiB + 8 * MiB


async def test_printing_gigabytes_leaves_the_server_up(kernel_a: Kernel, server_a: Server) -> None:
    out = await print_gigabytes(kernel_a, timeout=120)
    assert await server_a.status() == 200
    await next_cell_works(kernel_a, out)


# ------------------------------------------------------------------ processes and privileges


async def test_cannot_see_or_kill_host_processes(
    kernel_a: Kernel, sentinel: subprocess.Popen[bytes]
) -> None:
    out = await run_ok(kernel_a, kill_code(sentinel.pid))
    check_nothing_killed(out, sentinel, most_processes=60)


async def test_setuid_binaries_do_not_escalate(kernel_a: Kernel) -> None:
    out = await run_ok(kernel_a, """
import os, subprocess
print("NNP", [l for l in open("/proc/self/status") if l.startswith("NoNewPrivs")][0].split()[1])
print("NOSUID", bool(os.statvfs("/usr/bin").f_flag & os.ST_NOSUID))
print("SUID-BIT", bool(os.stat("/usr/bin/passwd").st_mode & 0o4000))
for cmd in (["su", "-c", "id -u"], ["mount", "-t", "tmpfs", "x", "/tmp"], ["chfn", "-f", "x"],
            ["newgrp", "root"]):
    run = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=10)
    print("RUN", cmd[0], run.returncode, run.stdout.strip() == "0")
print("CAPS", [l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1])
""")  # fmt: skip
    assert "NNP 1" in out and "NOSUID True" in out and "CAPS 0000000000000000" in out, out
    runs = [line.split() for line in out.splitlines() if line.startswith("RUN")]
    assert len(runs) == 4 and all(r[2] != "0" and r[3] == "False" for r in runs), out


async def test_unshare_and_nested_sandboxes_fail(kernel_a: Kernel, terminal_a: Terminal) -> None:
    text, code = await terminal_a.run("unshare -r id")
    assert code != 0 and "uid=0" not in text, text
    out = await run_ok(kernel_a, """
import subprocess
for cmd in (["unshare", "-U", "true"], ["unshare", "-rn", "true"],
            ["bwrap", "--dev-bind", "/", "/", "true"], ["hostname", "evil"]):
    print("RC", cmd[0], subprocess.run(cmd, capture_output=True).returncode)
""")  # fmt: skip
    assert out.count("RC") == 4 and all(not line.endswith(" 0") for line in out.splitlines()), out


async def test_no_host_file_descriptors_leak_in(kernel_a: Kernel, bwrap_platform: Platform) -> None:
    out = await run_ok(kernel_a, """
import os
import select
links = set()
for pid in (p for p in os.listdir("/proc") if p.isdigit()):
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            links.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
    except OSError:
        pass
print("\\n".join(sorted(links)))
""")  # fmt: skip
    host = [line for line in out.splitlines() if line.startswith("/") and not
            line.startswith(("/dev/", "/home/interview/", "/tmp/", "/proc/"))]  # fmt: skip
    # the server's stdout/stderr: a write-only handle on its root-owned 0600 log file, which
    # lives on the server's own size-limited disk; it cannot be reopened for reading
    assert all(line.endswith("/vol/logs/server.log") for line in host), host
    assert "/run/interview-sandboxes" not in out and "/work/" not in out, out
    reopen = await run_ok(kernel_a, """
import os
import select
for pid in (p for p in os.listdir("/proc") if p.isdigit()):
    try:
        if not os.readlink(f"/proc/{pid}/fd/1").endswith("server.log"):
            continue
        open(f"/proc/{pid}/fd/1", "rb").read(1); print("READ")
    except OSError as error:
        print(type(error).__name__)
""")  # fmt: skip
    assert "PermissionError" in reopen, reopen


async def test_symlink_to_a_host_socket_is_not_followed_by_the_hub(
    kernel_a: Kernel, server_a: Server, tmp_path: Path
) -> None:
    """Judge0 CVE-2024-28185 class: the candidate swaps the server socket for a symlink into
    the host; the hub-side forwarder resolves it but refuses a listener that is not the
    server's uid, so nothing reaches the host socket's owner."""
    trap = tmp_path / "trap.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(trap))
    listener.listen(4)
    received: list[bytes] = []

    def accept() -> None:
        listener.settimeout(20)
        try:
            conn, _ = listener.accept()
            conn.settimeout(2)
            received.append(conn.recv(100))
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = int((await server_a.state())["forward_port"])
    swap = f"""
import os
import select
os.rename("/run/jupyter/server.sock", "/run/jupyter/real.sock")
os.symlink({str(trap)!r}, "/run/jupyter/server.sock")
"""
    await run_ok(kernel_a, swap)
    try:
        # a fresh connection to the hub-side forwarder (the proxy would reuse a kept-alive one)
        async with httpx.AsyncClient(timeout=10) as client:
            with pytest.raises(httpx.TransportError):
                await client.get(f"http://127.0.0.1:{port}/user/carol/iv-a/api/status")
    finally:
        await kernel_a.run(
            "os.unlink('/run/jupyter/server.sock')\n"
            "os.rename('/run/jupyter/real.sock', '/run/jupyter/server.sock')"
        )
    thread.join(25)
    listener.close()
    assert received in ([], [b""]), received  # connected (and dropped) at most, no data
    assert await server_a.status() == 200


async def test_symlinks_in_work_dir_survive_a_restart_harmlessly(
    kernel_a: Kernel, server_a: Server, bwrap_platform: Platform
) -> None:
    shadow = os.stat("/etc/shadow")
    secrets = bwrap_platform.data_dir / "secrets"
    before = {p.name: os.stat(p) for p in secrets.iterdir()}
    await run_ok(kernel_a, f"""
import os
import select
home = os.path.expanduser("~")
for name, target in (("shadow", "/etc/shadow"), ("secrets", {str(secrets)!r}),
                     ("up", "/home/interview/.."), ("root", "/")):
    os.symlink(target, os.path.join(home, name))
os.makedirs(os.path.join(home, ".local", "share"), exist_ok=True)
""")  # fmt: skip
    await kernel_a.close()
    await server_a.stop()
    await server_a.start()
    after = {p.name: os.stat(p) for p in secrets.iterdir()}
    assert {k: (v.st_uid, v.st_mode) for k, v in after.items()} == {
        k: (v.st_uid, v.st_mode) for k, v in before.items()
    }
    now = os.stat("/etc/shadow")
    assert (now.st_uid, now.st_gid, stat.S_IMODE(now.st_mode)) == (
        shadow.st_uid, shadow.st_gid, stat.S_IMODE(shadow.st_mode))  # fmt: skip
    await kernel_a.start()
    out = await run_ok(kernel_a, """
import os
import select
for name in ("shadow", "secrets/cookie_secret"):
    try:
        open(os.path.expanduser("~/" + name)).read(); print("READ", name)
    except OSError as error:
        print(type(error).__name__)
""")  # fmt: skip
    assert "READ" not in out, out


# ------------------------------------------------------------------ afterwards


async def test_host_hub_and_other_interview_are_fine(
    bwrap_platform: Platform,
    server_b: Server,
    sentinel: subprocess.Popen[bytes],
    b_secret: str,
) -> None:
    assert sentinel.poll() is None
    async with httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{bwrap_platform.url}/hub/api/")).status_code == 200
        health = await client.get(f"{bwrap_platform.service_url}api/health")
        assert health.status_code == 200
    assert await server_b.status() == 200
    kernel = await server_b.kernel()
    out = await kernel.run("open('secret.txt').read()")
    await kernel.close()
    assert SECRET in out.result  # B's work survived everything A did
    load = os.getloadavg()[0]
    assert load < 50, load


async def test_kill_everything_inside_only_ends_that_sandbox(
    bwrap_platform: Platform, admin_token: str, server_b: Server,
    sentinel: subprocess.Popen[bytes],
) -> None:  # fmt: skip
    """``kill -9 -1`` from a terminal kills every process it may signal: only its own sandbox."""
    victim = await Server(bwrap_platform, admin_token, "carol", "iv-kill").start()
    state = await victim.state()
    terminal = await victim.terminal()
    assert terminal.ws is not None
    await terminal.ws.write_message('["stdin", "kill -9 -1\\r"]')
    while await terminal.ws.read_message() is not None:  # the server dies: the socket closes
        pass
    assert sentinel.poll() is None and await server_b.status() == 200
    pidfd = os.pidfd_open(int(state["pid"]))  # the outer bwrap: it exits with the sandbox
    try:
        ready, _, _ = await asyncio.to_thread(select.select, [pidfd], [], [], 20)
        assert ready == [pidfd]
    finally:
        os.close(pidfd)
    await victim.stop()  # the hub forgets it and removes the cgroup
    assert not Path(state["cgroup"]["pids"]).exists()
    assert await processes_gone(int(state["uid"])) == []
