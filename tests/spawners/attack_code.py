"""Candidate code shared by the sandbox (tests/spawners) and container (tests/containers) attack
suites, and the checks of what it prints.

``WALLS``: code in each of our kernels' languages that tries to read a host file (@FILE@) and to
connect to a host port (@PORT@); it prints ``no-read no-connect`` when both walls hold.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from tests.spawners.jupyter_ws import Kernel

if TYPE_CHECKING:
    from tests.spawners.conftest import Server
    from tests.support.platform import Platform

MiB = 1024 * 1024


def fill_code(*paths: str) -> str:
    """Python that writes to each path until the write fails (at most 4 GiB), printing
    ``STOPPED <path> <MiB written> <error>``, then frees the space again."""
    calls = "\n".join(f"fill({path})" for path in paths)
    return f"""
import os
def fill(path):
    written = 0
    try:
        with open(path, "wb") as handle:
            while written < 4 * 2**30:
                handle.write(b"x" * 2**20); written += 2**20
                handle.flush()
    except OSError as error:
        print("STOPPED", path, written // 2**20, error.strerror)
    if os.path.exists(path):
        os.unlink(path)
{calls}
"""


def stopped_at(out: str) -> list[tuple[str, int]]:
    """``(path, MiB written)`` of each fill, in order."""
    lines = [line.split() for line in out.splitlines() if line.startswith("STOPPED")]
    return [(line[1], int(line[2])) for line in lines]


async def print_gigabytes(kernel: Kernel, timeout: float) -> Any:
    """A GiB of output from a cell: the server rate-limits iopub (1 MB/s) and drops the rest;
    ipykernel buffers it and may hit the memory limit, in which case the kernel (only) is
    OOM-killed and restarted by the server. Either way the next cell must work."""
    out = await kernel.run(
        "import sys\nchunk = 'x' * (2**20 - 1) + '\\n'\n"
        "for _ in range(1024): sys.stdout.write(chunk)\nprint('DONE')",
        timeout=timeout,
        keep=4096,
    )
    assert out.status in ("ok", "restarting"), out.error
    assert out.bytes_seen < 64 * MiB  # rate limited: the client never got the gigabyte
    return out


async def next_cell_works(kernel: Kernel, out: Any) -> None:
    if out.status == "restarting":  # requests sent while it restarts are lost: start afresh
        await kernel.close()
        await kernel.start()
    assert (await kernel.run("1 + 1", timeout=60)).result == "2"


def kill_code(sentinel_pid: int) -> str:
    """Python that counts the processes it sees and tries to SIGKILL a host process, the test
    process and pid 1."""
    return f"""
import os, signal
pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
print("PIDS", len(pids))
for pid in ({sentinel_pid}, {os.getpid()}, 1):
    try:
        os.kill(pid, signal.SIGKILL); print("KILLED", pid)
    except OSError as error:
        print(type(error).__name__, pid)
"""


def check_nothing_killed(out: str, sentinel: Any, most_processes: int) -> None:
    assert f"KILLED {sentinel.pid}" not in out and f"KILLED {os.getpid()}" not in out, out
    assert sentinel.poll() is None
    assert int(out.split()[1]) < most_processes, out  # only its own processes are visible


C_WALLS = """#include <stdio.h>
#include <arpa/inet.h>
#include <sys/socket.h>
int main(void) {
  FILE *f = fopen("@FILE@", "rb"); puts(f ? "READ" : "no-read");
  int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0};
  a.sin_family = AF_INET; a.sin_port = htons(@PORT@); a.sin_addr.s_addr = htonl(0x7f000001);
  puts(connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "CONNECTED" : "no-connect");
  return 0;
}
"""
JS_WALLS = """try { fs.readFileSync('@FILE@'); console.log('READ'); }
catch (e) { console.log('no-read'); }
const s = net.connect(@PORT@, '127.0.0.1', () => { console.log('CONNECTED'); s.destroy(); });
s.on('error', () => console.log('no-connect'));
"""
WALLS = {
    "c": C_WALLS,
    "cpp": C_WALLS,
    "java": """import java.net.*; import java.nio.file.*;
public class Main { public static void main(String[] x) {
  try { Files.readAllBytes(Path.of("@FILE@")); System.out.println("READ"); }
  catch (Exception e) { System.out.println("no-read"); }
  try (Socket s = new Socket()) {
    s.connect(new InetSocketAddress("127.0.0.1", @PORT@), 2000); System.out.println("CONNECTED");
  } catch (Exception e) { System.out.println("no-connect"); }
} }
""",
    "javascript": "const fs = require('fs'); const net = require('net');\n" + JS_WALLS,
    "typescript": "import * as fs from 'fs'; import * as net from 'net';\n" + JS_WALLS,
    "go": """package main
import ("fmt"; "net"; "os"; "time")
func main() {
  _, err := os.ReadFile("@FILE@")
  if err == nil { fmt.Println("READ") } else { fmt.Println("no-read") }
  c, err2 := net.DialTimeout("tcp", "127.0.0.1:@PORT@", 2*time.Second)
  if err2 == nil { fmt.Println("CONNECTED"); c.Close() } else { fmt.Println("no-connect") }
}
""",
    "rust": """use std::net::TcpStream; use std::time::Duration;
fn main() {
  println!("{}", if std::fs::read("@FILE@").is_ok() { "READ" } else { "no-read" });
  let to = "127.0.0.1:@PORT@".parse().unwrap();
  let c = TcpStream::connect_timeout(&to, Duration::from_secs(2));
  println!("{}", if c.is_ok() { "CONNECTED" } else { "no-connect" });
}
""",
}


async def check_language_walls(
    server: Server, language: str, platform: Platform, timeout: float
) -> None:
    """``WALLS[language]`` in a kernel of that language on ``server``: the hub's cookie secret
    (it exists) cannot be read and the hub's port on the host cannot be reached."""
    secret = platform.data_dir / "secrets" / "cookie_secret"
    assert secret.exists()
    code = WALLS[language].replace("@FILE@", str(secret)).replace("@PORT@", str(platform.port))
    kernel = await server.kernel(language)
    try:
        out = await kernel.run(code, timeout=timeout)
    finally:
        await kernel.shutdown()
    assert out.status == "ok", (out.error, out.stderr)
    assert out.stdout.split() == ["no-read", "no-connect"], out
