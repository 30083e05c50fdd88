"""Attacks on the grading sandbox, each with its asserted verdict and a check that the host is
unharmed: our sentinel process lives, nothing runs as the run's uid afterwards, no run cgroup is
left, and the host can still start processes. The last test grades a normal program again."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_hub.grading import Grader, GradeResult, Limits, TestCase, Verdict, Workspace
from interview_hub.grading.process import SandboxError
from interview_hub.grading.sandbox import processes_of_uid, write_files
from tests.grading.conftest import Seen, own_run_cgroups

FAST = Limits(time_s=0.5, memory_mb=64, output_kb=256, file_mb=4)


@pytest.fixture(autouse=True)
def host_unharmed(
    grader: Grader, sentinel: subprocess.Popen[bytes], other_uid_sentinel: subprocess.Popen[bytes]
) -> Iterator[None]:
    yield
    assert sentinel.poll() is None, "a host process of ours was killed"
    assert other_uid_sentinel.poll() is None, "a host process of another uid was killed"
    assert own_run_cgroups(grader) == []
    assert subprocess.run(["true"]).returncode == 0


@pytest.fixture(scope="module")
def other_uid_sentinel() -> Iterator[subprocess.Popen[bytes]]:
    """A sentinel running as an unprivileged uid outside the pool."""
    process = subprocess.Popen(
        ["setpriv", "--reuid=65000", "--regid=65000", "--clear-groups", "sleep", "3600"]
    )
    yield process
    process.kill()
    process.wait()


async def attack(
    grader: Grader,
    language: str,
    source: str,
    stdin: str = "",
    expected: str | None = None,
    limits: Limits = FAST,
) -> GradeResult:
    seen = Seen()
    result = await grader.grade(
        language, source, [TestCase(stdin, expected)], limits, on_start=seen
    )
    assert seen.workspaces, result
    assert processes_of_uid(seen.uid) == [], "something survived the run"
    assert not seen.workspaces[0].path.exists(), "the work dir was not removed"
    return result


def _blocked_lines(count: int) -> str:
    return "blocked\n" * count


# -- resources -------------------------------------------------------------------------------
async def test_fork_bomb_c(grader: Grader) -> None:
    source = "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n"
    # Enough memory that the pids limit, not the memory limit, is what stops it (with the 64 MB
    # default, hundreds of forked copies sometimes reach the memory limit first).
    result = await attack(grader, "c", source, limits=Limits(time_s=0.5, memory_mb=768))
    assert result.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert result.tests[0].wall_ms < 6000


async def test_fork_bomb_python(grader: Grader) -> None:
    source = (
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    )
    # Enough memory that the pids limit, not the memory limit, is what stops it.
    result = await attack(grader, "python", source, limits=Limits(time_s=0.5, memory_mb=768))
    assert result.verdict is Verdict.TIME_LIMIT_EXCEEDED


async def test_memory_bomb_python(grader: Grader) -> None:
    source = "a = []\nwhile True:\n    a.append(bytearray(10**7))\n"
    result = await attack(grader, "python", source)
    assert result.verdict is Verdict.MEMORY_LIMIT_EXCEEDED, result
    assert result.tests[0].memory_kb <= 64 * 1024 + 1024


async def test_memory_bomb_c(grader: Grader) -> None:
    source = """#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
"""
    result = await attack(grader, "c", source)
    assert result.verdict is Verdict.MEMORY_LIMIT_EXCEEDED, result


async def test_infinite_loop(grader: Grader) -> None:
    result = await attack(grader, "python", "while True:\n    pass\n")
    assert result.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert result.tests[0].time_ms >= 500


async def test_infinite_loop_multithreaded(grader: Grader) -> None:
    source = """#include <pthread.h>
static void *spin(void *arg) { for (;;) ; return arg; }
int main(void) {
  pthread_t t[8];
  for (int i = 0; i < 8; i++) pthread_create(&t[i], 0, spin, 0);
  spin(0);
}
"""
    result = await attack(grader, "c", source)
    assert result.verdict is Verdict.TIME_LIMIT_EXCEEDED
    test = result.tests[0]
    # One core at most (cgroup quota): CPU time cannot run far ahead of the wall clock.
    assert test.wall_ms < 6000 and test.time_ms < test.wall_ms * 1.5 + 100


async def test_sleep_forever_is_killed_by_the_wall_clock(grader: Grader) -> None:
    result = await attack(grader, "python", "import time\ntime.sleep(3600)\n")
    assert result.verdict is Verdict.TIME_LIMIT_EXCEEDED
    assert result.tests[0].time_ms < 500 and result.tests[0].wall_ms < 5000


async def test_huge_file_hits_fsize(grader: Grader) -> None:
    source = """#include <stdio.h>
#include <string.h>
int main(void) {
  static char buf[1 << 16]; memset(buf, 'x', sizeof buf);
  FILE *f = fopen("/tmp/huge", "w");
  for (int i = 0; i < 1 << 16; i++) fwrite(buf, 1, sizeof buf, f);  /* 4 GiB */
  fclose(f); puts("wrote it"); return 0;
}
"""
    result = await attack(grader, "c", source)
    assert (result.verdict, result.signal) == (Verdict.RUNTIME_ERROR, "SIGXFSZ")


async def test_disk_fill_below_fsize_stops_at_tmpfs_size(grader: Grader) -> None:
    source = """import os
chunk = b'x' * (1 << 20)
try:
    for i in range(10_000):
        with open(f'/tmp/f{i}', 'wb') as f:
            for _ in range(3):
                f.write(chunk)
except OSError as e:
    print('full' if e.errno in (28, 27) else e)
"""
    result = await attack(
        grader, "python", source, expected="full", limits=Limits(time_s=2, memory_mb=256, file_mb=4)
    )
    assert result.verdict is Verdict.ACCEPTED, result


async def test_output_flood(grader: Grader) -> None:
    result = await attack(
        grader,
        "c",
        "#include <stdio.h>\nint main(void) { for (;;) puts("
        '"flood flood flood flood flood flood flood flood"); }\n',
    )
    assert result.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED
    assert len(result.tests[0].stdout) <= 17 * 1024  # capped, never buffered in full


async def test_stderr_flood(grader: Grader) -> None:
    result = await attack(
        grader, "python", "import sys\nwhile True:\n    sys.stderr.write('e' * 4096)\n"
    )
    assert result.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED


# -- network ---------------------------------------------------------------------------------
CONNECT = """import socket, sys
for line in sys.stdin.read().split():
    host, port = line.rsplit(':', 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        print('connected', line)
    except OSError:
        print('blocked')
"""


async def test_no_loopback_services(grader: Grader) -> None:
    """PostgreSQL (5432) and Redis (6379) on the host's 127.0.0.1 are out of reach."""
    targets = "127.0.0.1:5432 127.0.0.1:6379 localhost:5432 [::1]:6379".replace("[::1]", "::1")
    result = await attack(grader, "python", CONNECT, targets, _blocked_lines(4))
    assert result.verdict is Verdict.ACCEPTED, result


async def test_no_connection_to_our_own_listener(grader: Grader) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        port = server.getsockname()[1]
        result = await attack(grader, "python", CONNECT, f"127.0.0.1:{port}", "blocked")
        assert result.verdict is Verdict.ACCEPTED, result
        with pytest.raises(BlockingIOError):
            server.accept()


async def test_no_outside_network(grader: Grader) -> None:
    source = (
        CONNECT
        + """
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b'x', ('9.9.9.9', 53)); print('sent')
except OSError:
    print('blocked')
try:
    socket.getaddrinfo('example.com', 80); print('resolved')
except OSError:
    print('blocked')
"""
    )
    result = await attack(grader, "python", source, "1.1.1.1:443 9.9.9.9:53", _blocked_lines(4))
    assert result.verdict is Verdict.ACCEPTED, result


# -- host files ------------------------------------------------------------------------------
READ = """import os, sys
for path in sys.stdin.read().split():
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, 'rb').read(1)
        print('read', path)
    except OSError:
        print('blocked')
"""


async def test_read_etc_shadow(grader: Grader) -> None:
    result = await attack(grader, "python", READ, "/etc/shadow /etc/gshadow", _blocked_lines(2))
    assert result.verdict is Verdict.ACCEPTED, result


async def test_read_root_home(grader: Grader) -> None:
    result = await attack(grader, "python", READ, "/root /root/.bashrc /home", _blocked_lines(3))
    assert result.verdict is Verdict.ACCEPTED, result


async def test_read_work_and_repo(grader: Grader) -> None:
    repo_file = Path(__file__).resolve()
    paths = f"/work {repo_file} {repo_file.parents[2] / 'pyproject.toml'} /var /sys /run"
    result = await attack(grader, "python", READ, paths, _blocked_lines(6))
    assert result.verdict is Verdict.ACCEPTED, result


async def test_read_host_tmp_and_cache(grader: Grader, tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    canary.write_text("secret")
    canary.chmod(0o644)
    cache = grader.sandbox.config.cache_dir
    paths = f"{canary} {cache} {grader.sandbox.launcher} {grader.sandbox.work_root}"
    result = await attack(grader, "python", READ, paths, _blocked_lines(4))
    assert result.verdict is Verdict.ACCEPTED, result


async def test_read_another_concurrent_submission(grader: Grader) -> None:
    started: asyncio.Future[Workspace] = asyncio.get_running_loop().create_future()

    def on_start(workspace: Workspace, pid: int) -> None:
        if not started.done():
            started.set_result(workspace)

    victim_source = (
        "# TOP-SECRET-7d1e\nimport time\nopen('/tmp/s', 'w').write('x')\ntime.sleep(1.5)\n"
    )
    victim = asyncio.create_task(
        grader.grade(
            "python", victim_source, [TestCase()], Limits(time_s=1, wall_s=4), on_start=on_start
        )
    )
    workspace = await started
    source = READ + (
        "import glob\n"
        "found = glob.glob('/proc/*/root/box/*') + glob.glob('/proc/*/root/tmp/*')\n"
        "found += glob.glob('/tmp/*')\n"
        "print([p for p in found if 'TOP-SECRET' + '-7d1e' in open(p, errors='replace').read()])\n"
    )
    paths = f"{workspace.path} {workspace.path}/main.py {workspace.path.parent}"
    result = await attack(grader, "python", source, paths, _blocked_lines(3) + "[]")
    assert result.verdict is Verdict.ACCEPTED, result
    assert (await victim).verdict is Verdict.ACCEPTED


async def test_tmp_is_fresh_for_every_test(grader: Grader) -> None:
    source = "import os\nprint(os.listdir('/tmp'))\nopen('/tmp/left-behind', 'w').write('x')\n"
    result = await grader.grade("python", source, [TestCase("", "[]"), TestCase("", "[]")], FAST)
    assert [t.verdict for t in result.tests] == [Verdict.ACCEPTED, Verdict.ACCEPTED]


async def test_compile_time_include_of_host_files(grader: Grader) -> None:
    c = await attack(grader, "c", '#include "/etc/shadow"\nint main(void) { return 0; }\n')
    assert c.verdict is Verdict.COMPILATION_ERROR
    assert "No such file" in c.compile_output
    cpp = await attack(grader, "cpp", "#include </root/.bashrc>\nint main() {}\n")
    assert cpp.verdict is Verdict.COMPILATION_ERROR
    rust = await attack(grader, "rust", 'fn main() { print!("{}", include_str!("/etc/shadow")); }')
    assert rust.verdict is Verdict.COMPILATION_ERROR
    shadow = Path("/etc/shadow").read_text().splitlines()[0]
    for result in (c, cpp, rust):
        assert shadow not in result.compile_output


# -- writing and escaping --------------------------------------------------------------------
WRITE = """import os, sys
for path in sys.stdin.read().split():
    try:
        with open(path, 'w') as f:
            f.write('pwned')
        print('wrote', path)
    except OSError:
        print('blocked')
"""


async def test_write_outside_the_work_dir(grader: Grader) -> None:
    paths = (
        "/usr/pwned /etc/pwned /pwned /box/pwned /box/main.py /opt/grading/passwd "
        "/proc/sys/kernel/hostname /etc/passwd"
    )
    result = await attack(grader, "python", WRITE, paths, _blocked_lines(8))
    assert result.verdict is Verdict.ACCEPTED, result
    assert not Path("/usr/pwned").exists() and not Path("/pwned").exists()


async def test_symlink_escape_in_the_work_dir(grader: Grader, tmp_path: Path) -> None:
    """CVE-2024-28185 class: links named like the runner's files must never be followed."""
    canary = tmp_path / "canary"
    canary.write_text("intact")
    source = f"""import os
names = ['main.py', 'main', 'stdout', 'stdin', 'output.txt', 'Main.class', 'run']
done = []
for base in ('/box', '/tmp'):
    for name in names:
        try:
            os.symlink('{canary}', os.path.join(base, name + '.lnk'))
            done.append(base)
        except OSError:
            pass
print(sorted(set(done)))
"""
    tests = [TestCase("", "['/tmp']"), TestCase("", "['/tmp']")]
    result = await grader.grade("python", source, tests, FAST)
    assert result.verdict is Verdict.ACCEPTED, result
    assert canary.read_text() == "intact"


def test_host_never_follows_a_planted_link(tmp_path: Path) -> None:
    """The host side creates files with O_EXCL|O_NOFOLLOW: a planted link is refused."""
    canary = tmp_path / "canary"
    canary.write_text("intact")
    work = tmp_path / "work"
    work.mkdir()
    (work / "main.py").symlink_to(canary)
    with pytest.raises(FileExistsError):
        write_files(work, {"main.py": b"pwned"})
    with pytest.raises(SandboxError):
        write_files(work, {"../escape": b"pwned"})
    assert canary.read_text() == "intact"


async def test_kill_minus_one_from_inside(grader: Grader) -> None:
    source = """#include <signal.h>
#include <stdio.h>
int main(void) { kill(-1, SIGKILL); kill(1, SIGKILL); puts("survived"); return 0; }
"""
    result = await attack(grader, "c", source, expected="survived")
    assert result.verdict is Verdict.ACCEPTED, result


async def test_host_processes_are_invisible(
    grader: Grader, sentinel: subprocess.Popen[bytes]
) -> None:
    source = """import os, sys
pid = sys.stdin.read().strip()
print(sorted(p for p in os.listdir('/proc') if p.isdigit()) == ['1', '2'] or os.listdir('/proc'))
print(os.path.exists('/proc/' + pid))
"""
    result = await attack(grader, "python", source, str(sentinel.pid), "True\nFalse")
    assert result.verdict is Verdict.ACCEPTED, result


async def test_setsid_double_fork_leaves_nothing(grader: Grader) -> None:
    source = """import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 3)
        time.sleep(60)
    os._exit(0)
os.wait()
print('parent done')
"""
    result = await attack(grader, "python", source, expected="parent done")
    assert result.verdict is Verdict.ACCEPTED, result
    assert result.tests[0].wall_ms < 3000


async def test_background_child_holding_stdout(grader: Grader) -> None:
    source = "import os, time\nif os.fork() == 0:\n    time.sleep(60)\nprint('bye')\n"
    result = await attack(grader, "python", source, expected="bye")
    assert result.verdict is Verdict.ACCEPTED, result
    assert result.tests[0].wall_ms < 3000


async def test_setuid_binaries_do_not_elevate(grader: Grader) -> None:
    source = """import os, subprocess
for cmd in (['/usr/bin/su', '-c', 'id', 'root'], ['/usr/bin/mount', '-t', 'tmpfs', 'x', '/tmp'],
            ['/usr/bin/passwd', '-d', 'root'], ['/usr/bin/newgrp', 'root']):
    try:
        done = subprocess.run(cmd, capture_output=True, input=b'', timeout=5)
        print('blocked' if done.returncode != 0 else 'ran ' + cmd[0])
    except OSError:
        print('blocked')
try:
    os.setuid(0); print('root!')
except OSError:
    print('blocked')
status = open('/proc/self/status').read()
print('CapEff:\\t0000000000000000' in status, 'NoNewPrivs:\\t1' in status)
"""
    result = await attack(
        grader,
        "python",
        source,
        expected=_blocked_lines(5) + "True True",
        limits=Limits(time_s=3, memory_mb=128),
    )
    assert result.verdict is Verdict.ACCEPTED, result


async def test_unshare_escalation(grader: Grader) -> None:
    source = """import ctypes, subprocess
libc = ctypes.CDLL(None, use_errno=True)
for flags in (0x10000000, 0x10000000 | 0x40000000, 0x20000):  # NEWUSER, +NEWNET, NEWNS
    print('blocked' if libc.unshare(flags) != 0 else 'unshared')
for cmd in (['/usr/bin/unshare', '-r', 'id'], ['/usr/bin/unshare', '-Urn', 'true'],
            ['/usr/bin/nsenter', '-t', '1', '-a', 'true']):
    done = subprocess.run(cmd, capture_output=True)
    print('blocked' if done.returncode != 0 else 'ran ' + ' '.join(cmd))
"""
    result = await attack(
        grader, "python", source, expected=_blocked_lines(6), limits=Limits(time_s=3, memory_mb=128)
    )
    assert result.verdict is Verdict.ACCEPTED, result


async def test_devices_and_environment(grader: Grader) -> None:
    source = """import os
print(sorted(os.environ))
for path in ('/dev/mem', '/dev/kmsg', '/dev/vda', '/dev/sda', '/sys/kernel'):
    try:
        open(path, 'rb').read(1); print('read', path)
    except OSError:
        print('blocked')
"""
    keys = "['HOME', 'LANG', 'LC_ALL', 'PATH', 'PWD', 'TMPDIR']\n"
    result = await attack(grader, "python", source, expected=keys + _blocked_lines(5))
    assert result.verdict is Verdict.ACCEPTED, result


# -- still working ---------------------------------------------------------------------------
async def test_sandbox_still_works_afterwards(grader: Grader) -> None:
    result = await grader.grade(
        "python", "print(sum(map(int, input().split())))", [TestCase("2 3", "5")]
    )
    assert result.verdict is Verdict.ACCEPTED, result
    assert os.path.isdir(grader.sandbox.work_root)
