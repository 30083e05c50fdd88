"""Attacks through the HTTP grading API (``POST /api/grade``) and the Judge0 API, against a real
hub + proxy + service: each with its asserted Judge0 verdict, and after each the service still
grades a normal submission (Accepted) and no process of the sandbox uid range is left over.

The probe problem expects ``ok``: a probe prints ``ok`` when every attempt was refused and the
leak otherwise, so a hole shows up as Wrong Answer with the leaked text in the visible stdout.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from interview_hub.grading.sandbox import SandboxConfig
from tests.support.platform import Browserless, Platform, demo_platform
from tests.support.platform import signed_in as login

PROBE = "sandbox-probe"
BOMB = "sandbox-bomb"  # more memory, so that the pids limit (not memory) stops fork bombs
HIDDEN_MARKER = "hiddenmarker-q8z3"
START = datetime(2027, 7, 1, 10, 0, tzinfo=UTC)
UIDS = range(SandboxConfig.uid_base, SandboxConfig.uid_base + SandboxConfig.uid_count)
FORK_BOMB_PY = (
    "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
)
LANGUAGES = ("python", "c", "cpp", "java", "javascript", "typescript", "go", "rust")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    yield from demo_platform(tmp_path_factory, "attacks")


@pytest.fixture(scope="module")
def people(platform: Platform) -> Iterator[dict[str, Browserless]]:
    who = {
        "alice": login(platform, "alice", "alice-demo-pass"),
        "carol": login(platform, "carol", "carol-demo-pass"),
        "admin": login(platform, "admin", "admin-demo-pass"),
    }
    yield who
    for person in who.values():
        person.close()


def _problem(slug: str, memory_mb: int) -> dict[str, Any]:
    return {
        "slug": slug,
        "title": f"Probe {slug}",
        "difficulty": "easy",
        "topics": ["security"],
        "statement": "Print ok when every attempt fails.",
        "starters": {lang: "" for lang in LANGUAGES},
        "visible": [{"name": "v1", "input": "go\n", "output": "ok\n"}],
        "hidden": [{"name": "h1", "input": f"go {HIDDEN_MARKER}\n", "output": "ok\n"}],
        "time_limit_s": 1.0,
        "memory_limit_mb": memory_mb,
    }


@pytest.fixture(scope="module")
def interview(platform: Platform, people: dict[str, Browserless]) -> str:
    for slug, memory in ((PROBE, 128), (BOMB, 768)):
        created = people["alice"].api("POST", "problems", _problem(slug, memory))
        assert created.status_code == 201, created.text
    created = people["alice"].api(
        "POST",
        "interviews",
        {
            "title": "Attacks",
            "date": "2027-07-01",
            "time": "10:00",
            "timezone": "UTC",
            "duration_min": 240,
            "candidate": "carol",
            "problems": [PROBE, BOMB],
        },
    )
    assert created.status_code == 201, created.text
    (platform.data_dir / "test-clock-offset").write_text(
        str((START + timedelta(minutes=5) - datetime.now(UTC)).total_seconds())
    )
    return str(created.json()["interview"]["id"])


def submit(who: Browserless, interview: str, source: str, language: str, problem: str) -> int:
    queued = who.api(
        "POST",
        "grade",
        {"interview_id": interview, "problem": problem, "language": language, "source": source},
    )
    assert queued.status_code == 202, queued.text
    return int(queued.json()["id"])


def wait(who: Browserless, job: int) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:  # the panel polls the job API the same way
        state = who.api("GET", f"grade/{job}").json()
        if state["status"] == "done":
            result: dict[str, Any] = state["result"]
            return result
        assert state["status"] != "failed", state
        time.sleep(0.2)
    raise AssertionError("grading did not finish")


@pytest.fixture
def grade(people: dict[str, Browserless], interview: str, platform: Platform) -> Iterator[Any]:
    """Grade as the candidate; afterwards the service must still answer and nothing is left."""

    def run(source: str, language: str = "python", problem: str = PROBE) -> dict[str, Any]:
        return wait(people["carol"], submit(people["carol"], interview, source, language, problem))

    yield run
    assert platform.process is not None and platform.process.poll() is None, "the hub died"
    assert httpx.get(f"{platform.url}/hub/api/", timeout=10).status_code == 200
    # the service answers and grades again; on a loaded 2-core machine the first run right
    # after a fork bomb was once stopped by the 3 s wall clock with 12 ms of CPU (the kernel
    # still reaping the bomb), so a second try is allowed, never a third
    tries = [run("print('ok')")]
    if tries[0]["verdict"] != "Accepted":
        tries.append(run("print('ok')"))
    assert tries[-1]["verdict"] == "Accepted", tries
    assert leftovers(platform) == []


def _status(pid: str) -> dict[str, str]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def leftovers(platform: Platform) -> list[str]:
    """Processes of the sandbox uid range started by our platform, or orphaned to init.

    (Other platforms on this machine grade with the same uid range: their runs are skipped.)"""
    assert platform.process is not None
    ours = platform.process.pid
    parents: dict[str, str] = {}
    in_range = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = _status(entry)
        except OSError:
            continue
        parents[entry] = status.get("PPid", "0")
        if int(status["Uid"].split()[0]) in UIDS:
            in_range.append((entry, status["Name"]))
    found = []
    for pid, name in in_range:
        chain: list[str] = []
        cur = pid
        while cur not in ("0", "1") and cur in parents and len(chain) < 64:
            chain.append(cur)
            cur = parents[cur]
        if (cur == "1" and len(chain) <= 1) or str(ours) in chain:
            found.append(f"{pid} {name}")
    return found


def stdout_of(result: dict[str, Any]) -> str:
    return "\n".join(t["stdout"] + t["stderr"] for t in result["visible"])


def accepted(result: dict[str, Any]) -> None:
    assert result["verdict"] == "Accepted", (result["verdict"], stdout_of(result)[:2000])
    assert result["hidden"] == {"passed": 1, "total": 1}


def verdict(result: dict[str, Any], expected: str) -> None:
    assert result["verdict"] == expected, (result["verdict"], stdout_of(result)[:2000])
    assert [t["verdict"] for t in result["visible"]] == [expected]
    assert result["hidden"]["passed"] == 0


# -- resources -------------------------------------------------------------------------------
def test_fork_bomb_c(grade: Any) -> None:
    source = "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n"
    verdict(grade(source, "c", BOMB), "Time Limit Exceeded")


def test_fork_bomb_python(grade: Any) -> None:
    source = FORK_BOMB_PY
    verdict(grade(source, "python", BOMB), "Time Limit Exceeded")


def test_fork_bomb_rust(grade: Any) -> None:
    source = """use std::process::Command;
fn main() {
    let me = std::env::current_exe().unwrap();
    loop { let _ = Command::new(&me).spawn(); }
}
"""
    verdict(grade(source, "rust", BOMB), "Time Limit Exceeded")


def test_memory_bomb_python(grade: Any) -> None:
    verdict(grade("a = []\nwhile True:\n    a.append(bytearray(10**7))\n"), "Memory Limit Exceeded")


def test_memory_bomb_cpp(grade: Any) -> None:
    source = """#include <vector>
#include <cstring>
int main() { std::vector<char*> v; for (;;) { char *p = new char[1 << 20];
  std::memset(p, 1, 1 << 20); v.push_back(p); } }
"""
    verdict(grade(source, "cpp"), "Memory Limit Exceeded")


def test_memory_bomb_java(grade: Any) -> None:
    source = """import java.util.*;
public class Main { public static void main(String[] a) {
  List<long[]> l = new ArrayList<>(); while (true) l.add(new long[1 << 17]); } }
"""
    verdict(grade(source, "java"), "Memory Limit Exceeded")


def test_memory_bomb_go(grade: Any) -> None:
    source = """package main
func main() { var keep [][]byte
  for { b := make([]byte, 1<<20); for i := range b { b[i] = 1 }; keep = append(keep, b) } }
"""
    verdict(grade(source, "go"), "Memory Limit Exceeded")


def test_infinite_loop_python(grade: Any) -> None:
    result = grade("while True:\n    pass\n")
    verdict(result, "Time Limit Exceeded")
    assert result["visible"][0]["time_ms"] >= 1000


def test_infinite_loop_threads_c(grade: Any) -> None:
    source = """#include <pthread.h>
static void *spin(void *arg) { for (;;) ; return arg; }
int main(void) { pthread_t t[8];
  for (int i = 0; i < 8; i++) pthread_create(&t[i], 0, spin, 0); spin(0); }
"""
    verdict(grade(source, "c"), "Time Limit Exceeded")


def test_infinite_loop_threads_java(grade: Any) -> None:
    source = """public class Main { public static void main(String[] a) {
  for (int i = 0; i < 8; i++) new Thread(() -> { for (;;) {} }).start(); for (;;) {} } }
"""
    verdict(grade(source, "java"), "Time Limit Exceeded")


def test_infinite_loop_goroutines(grade: Any) -> None:
    source = """package main
func main() { for i := 0; i < 8; i++ { go func() { for {} }() }; for {} }
"""
    verdict(grade(source, "go"), "Time Limit Exceeded")


def test_sleep_forever_javascript(grade: Any) -> None:
    result = grade("setInterval(() => {}, 1000);\n", "javascript")
    verdict(result, "Time Limit Exceeded")
    assert result["visible"][0]["time_ms"] < 1000  # stopped by the wall clock, not CPU time


def test_huge_file_c(grade: Any) -> None:
    source = """#include <stdio.h>
#include <string.h>
int main(void) { static char buf[1 << 16]; memset(buf, 'x', sizeof buf);
  FILE *f = fopen("/tmp/huge", "w");
  for (int i = 0; i < 1 << 16; i++) fwrite(buf, 1, sizeof buf, f);
  fclose(f); puts("wrote 4 GiB"); return 0; }
"""
    verdict(grade(source, "c"), "Runtime Error (SIGXFSZ)")


def test_huge_file_rust(grade: Any) -> None:
    source = """use std::io::Write;
fn main() { let mut f = std::fs::File::create("/tmp/huge").unwrap(); let b = vec![b'x'; 1 << 16];
  for _ in 0..(1 << 16) { f.write_all(&b).unwrap(); } println!("wrote 4 GiB"); }
"""
    verdict(grade(source, "rust"), "Runtime Error (SIGXFSZ)")


def test_output_flood_python(grade: Any) -> None:
    verdict(
        grade("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"),
        "Output Limit Exceeded",
    )


def test_stderr_flood_typescript(grade: Any) -> None:
    source = (
        "import * as fs from 'fs';\nconst s: string = 'y'.repeat(65536);\n"
        "for (;;) fs.writeSync(2, s);\n"
    )
    verdict(grade(source, "typescript"), "Output Limit Exceeded")


# -- network ---------------------------------------------------------------------------------
def targets(platform: Platform) -> list[tuple[str, int]]:
    local = [platform.port, *platform.ports.values(), 5432, 6379]
    return [("127.0.0.1", p) for p in local] + [("1.1.1.1", 443), ("8.8.8.8", 53)]


def test_network_python(grade: Any, platform: Platform) -> None:
    source = f"""import socket
leaks = []
for host, port in {targets(platform)!r}:
    try:
        socket.create_connection((host, port), timeout=2).close()
        leaks.append(f"{{host}}:{{port}}")
    except OSError:
        pass
try:
    leaks.append("dns " + socket.gethostbyname("example.com"))
except OSError:
    pass
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"x", ("8.8.8.8", 53))
    leaks.append("udp sent")
except OSError:
    pass
print(" ".join(leaks) or "ok")
"""
    accepted(grade(source))


def test_network_c(grade: Any, platform: Platform) -> None:
    ports = ", ".join(str(p) for _, p in targets(platform)[:-2])
    source = f"""#include <stdio.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void) {{ int ports[] = {{ {ports} }}, leaks = 0;
  for (unsigned i = 0; i < sizeof ports / sizeof *ports; i++) {{
    int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {{0}};
    a.sin_family = AF_INET; a.sin_port = htons(ports[i]); a.sin_addr.s_addr = htonl(0x7f000001);
    if (connect(s, (struct sockaddr *)&a, sizeof a) == 0) {{ printf("%d ", ports[i]); leaks++; }}
    close(s); }}
  puts(leaks ? "open" : "ok"); return 0; }}
"""
    accepted(grade(source, "c"))


def test_network_java(grade: Any, platform: Platform) -> None:
    pairs = ", ".join(f'"{h}:{p}"' for h, p in targets(platform))
    source = f"""import java.net.*;
public class Main {{ public static void main(String[] a) {{
  StringBuilder leaks = new StringBuilder();
  for (String t : new String[]{{ {pairs} }}) {{ String[] hp = t.split(":");
    try (Socket s = new Socket()) {{
      s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 2000); leaks.append(t + " ");
    }} catch (Exception e) {{}} }}
  System.out.println(leaks.length() > 0 ? leaks : "ok"); }} }}
"""
    accepted(grade(source, "java"))


def test_network_go(grade: Any, platform: Platform) -> None:
    pairs = ", ".join(f'"{h}:{p}"' for h, p in targets(platform))
    source = f"""package main
import ("fmt"; "net"; "time")
func main() {{ leaks := ""
  for _, t := range []string{{ {pairs} }} {{
    if c, err := net.DialTimeout("tcp", t, 2*time.Second); err == nil {{
      c.Close(); leaks += t + " " }} }}
  if leaks == "" {{ fmt.Println("ok") }} else {{ fmt.Println(leaks) }} }}
"""
    accepted(grade(source, "go"))


def test_network_rust(grade: Any, platform: Platform) -> None:
    pairs = ", ".join(f'"{h}:{p}"' for h, p in targets(platform))
    source = f"""use std::net::TcpStream;
fn main() {{ let mut leaks = String::new();
  for t in [{pairs}] {{ if TcpStream::connect(t).is_ok() {{ leaks += t; leaks += " "; }} }}
  println!("{{}}", if leaks.is_empty() {{ "ok" }} else {{ &leaks }}); }}
"""
    accepted(grade(source, "rust"))


def test_network_javascript(grade: Any, platform: Platform) -> None:
    pairs = ", ".join(f"[{h!r}, {p}]" for h, p in targets(platform))
    source = f"""const net = require('net');
const tries = [{pairs}].map(([host, port]) => new Promise((done) => {{
  const s = net.connect({{ host, port, timeout: 2000 }});
  s.on('connect', () => {{ s.destroy(); done(host + ':' + port); }});
  s.on('error', () => done(null)); s.on('timeout', () => {{ s.destroy(); done(null); }});
}}));
Promise.all(tries).then((r) => console.log(r.filter(Boolean).join(' ') || 'ok'));
"""
    accepted(grade(source, "javascript"))


# -- host files, other submissions, hidden tests ----------------------------------------------
def secret_paths(platform: Platform) -> list[str]:
    data = platform.data_dir
    return [
        "/etc/shadow",
        "/etc/gshadow",
        "/root/.bash_history",
        str(data),
        str(data / "jupyterhub.sqlite"),
        str(data / "interviews.sqlite"),
        str(data / "secrets"),
        *(str(p) for p in sorted((data / "secrets").iterdir())),
        "/work/main/jupyterhub_config.py",
    ]


def test_read_host_files_python(grade: Any, platform: Platform) -> None:
    source = f"""import os
leaks = []
for path in {secret_paths(platform)!r}:
    try:
        if os.path.isdir(path):
            leaks.append(path + ": " + ",".join(os.listdir(path)[:5]))
        else:
            with open(path, "rb") as f:
                leaks.append(path + ": " + repr(f.read(40)))
    except OSError:
        pass
print(" | ".join(leaks) or "ok")
"""
    accepted(grade(source))


def test_read_host_files_java(grade: Any, platform: Platform) -> None:
    paths = ", ".join(f'"{p}"' for p in secret_paths(platform) if p != "/proc/1/environ")
    source = f"""import java.nio.file.*;
public class Main {{ public static void main(String[] a) {{
  StringBuilder leaks = new StringBuilder();
  for (String p : new String[]{{ {paths} }}) {{
    try {{ Path path = Paths.get(p);
      if (Files.isDirectory(path)) {{
        try (var s = Files.list(path)) {{ leaks.append(p + " listed "); }} }}
      else {{ Files.readAllBytes(path); leaks.append(p + " read "); }}
    }} catch (Exception e) {{}} }}
  System.out.println(leaks.length() > 0 ? leaks : "ok"); }} }}
"""
    accepted(grade(source, "java"))


def test_read_host_files_go(grade: Any, platform: Platform) -> None:
    paths = ", ".join(f'"{p}"' for p in secret_paths(platform))
    source = f"""package main
import ("fmt"; "os")
func main() {{ leaks := ""
  for _, p := range []string{{ {paths} }} {{
    if _, err := os.ReadFile(p); err == nil {{ leaks += p + " " }}
    if _, err := os.ReadDir(p); err == nil {{ leaks += p + "/ " }} }}
  if leaks == "" {{ fmt.Println("ok") }} else {{ fmt.Println(leaks) }} }}
"""
    accepted(grade(source, "go"))


def test_read_host_files_rust(grade: Any, platform: Platform) -> None:
    paths = ", ".join(f'"{p}"' for p in secret_paths(platform))
    source = f"""fn main() {{ let mut leaks = String::new();
  for p in [{paths}] {{
    if std::fs::read(p).is_ok() || std::fs::read_dir(p).is_ok() {{ leaks += p; leaks += " "; }} }}
  println!("{{}}", if leaks.is_empty() {{ "ok" }} else {{ &leaks }}); }}
"""
    accepted(grade(source, "rust"))


SCAN = """import os
marker = {head!r} + {tail!r}  # never whole in this file
found = []
skip = ("/proc", "/sys", "/usr", "/dev")
for top, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if os.path.join(top, d) not in skip]
    for name in files:
        path = os.path.join(top, name)
        try:
            with open(path, "rb") as f:
                if marker.encode() in f.read(1 << 22):
                    found.append(path)
        except OSError:
            pass
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{{pid}}/{{part}}", "rb") as f:
                    if marker.encode() in f.read():
                        found.append(f"/proc/{{pid}}/{{part}}")
            except OSError:
                pass
print(" ".join(found) or "ok")
"""


def scan(marker: str) -> str:
    return SCAN.format(head=marker[:5], tail=marker[5:])


def test_hidden_tests_are_not_in_the_sandbox(grade: Any) -> None:
    # the hidden test's input is on stdin for the hidden run only (never read here); no file,
    # no other process of the sandbox holds it, nor the expected outputs
    accepted(grade(scan(HIDDEN_MARKER)))


def test_other_submissions_are_invisible(
    grade: Any, people: dict[str, Browserless], interview: str
) -> None:
    marker = "othersubmission-" + os.urandom(4).hex()
    victim_source = f"import time\nSECRET = {marker!r}\ntime.sleep(0.8)\nprint('ok')\n"
    victim = submit(people["alice"], interview, victim_source, "python", PROBE)
    # the attacker looks for the victim's source while it runs (2 workers: concurrently)
    accepted(grade(scan(marker)))
    assert wait(people["alice"], victim)["verdict"] == "Accepted"


def test_symlink_escapes(grade: Any, platform: Platform) -> None:
    source = f"""import os
leaks = []
targets = ["/etc/shadow", {str(platform.data_dir)!r}, "/proc/1/root/etc/shadow",
           {str(platform.data_dir / "secrets")!r}, "/work/main"]
for i, target in enumerate(targets):
    link = f"link{{i}}"
    try:
        os.symlink(target, link)
    except OSError:
        continue
    try:
        if os.path.isdir(link):
            leaks.append(target + ": " + ",".join(os.listdir(link)[:3]))
        else:
            with open(link, "rb") as f:
                leaks.append(target + ": " + repr(f.read(20)))
    except OSError:
        pass
try:
    os.link("/etc/passwd", "hard")
    leaks.append("hardlink to /etc/passwd")
except OSError:
    pass
print(" | ".join(leaks) or "ok")
"""
    accepted(grade(source))


def test_compile_time_include_c(grade: Any, platform: Platform) -> None:
    secret = sorted((platform.data_dir / "secrets").iterdir())[0]
    source = f'#include "/etc/shadow"\n#include "{secret}"\nint main(void) {{ return 0; }}\n'
    result = grade(source, "c")
    verdict_ce(result, secret)


def test_compile_time_include_cpp(grade: Any, platform: Platform) -> None:
    source = (
        f'#include </etc/shadow>\n#include "{platform.data_dir / "jupyterhub.sqlite"}"\n'
        "int main() {}\n"
    )
    verdict_ce(grade(source, "cpp"), platform.data_dir / "jupyterhub.sqlite")


def test_compile_time_include_rust(grade: Any, platform: Platform) -> None:
    secret = sorted((platform.data_dir / "secrets").iterdir())[0]
    source = (
        'const A: &str = include_str!("/etc/shadow");\n'
        f'const B: &[u8] = include_bytes!("{secret}");'
        '\nfn main() { println!("{}{:?}", A, B); }\n'
    )
    verdict_ce(grade(source, "rust"), secret)


def verdict_ce(result: dict[str, Any], secret: Path) -> None:
    assert result["verdict"] == "Compilation Error", result
    out = result["compile_output"]
    assert "shadow" in out and ("No such file" in out or "not found" in out.lower()), out
    content = secret.read_bytes()
    assert content[:16].decode(errors="ignore") not in out or not content[:16].strip()
    assert "root:" not in out  # no line of /etc/shadow


# -- signals and leftovers --------------------------------------------------------------------
def test_kill_minus_one_python(grade: Any) -> None:
    accepted(
        grade(
            "import os, signal\ntry:\n    os.kill(-1, signal.SIGKILL)\nexcept OSError:\n"
            "    pass\nprint('ok')\n"
        )
    )


def test_kill_minus_one_c(grade: Any) -> None:
    source = """#include <signal.h>
#include <stdio.h>
int main(void) { kill(-1, SIGKILL); kill(-1, SIGTERM); puts("ok"); return 0; }
"""
    accepted(grade(source, "c"))


def test_setsid_double_fork_python(grade: Any) -> None:
    source = """import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 3)
        time.sleep(3600)
    os._exit(0)
os.wait()
print('ok')
"""
    accepted(grade(source))


def test_setsid_daemon_c(grade: Any) -> None:
    source = """#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  if (fork() == 0) { setsid(); if (fork() == 0) { close(0); close(1); close(2);
      for (;;) pause(); } _exit(0); }
  wait(NULL); puts("ok"); return 0; }
"""
    accepted(grade(source, "c"))


def test_background_child_holding_stdout_go(grade: Any) -> None:
    source = """package main
import ("fmt"; "os/exec")
func main() { exec.Command("/bin/sh", "-c", "sleep 3600").Start(); fmt.Println("ok") }
"""
    accepted(grade(source, "go"))


# -- the Judge0 API ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def judge(platform: Platform, people: dict[str, Browserless]) -> Iterator[httpx.Client]:
    created = people["admin"].api("POST", "tokens", {"name": "attacks"})
    assert created.status_code == 201, created.text
    with httpx.Client(
        base_url=f"{platform.url}/services/interviews/api/judge0",
        timeout=120,
        headers={"X-Auth-Token": created.json()["token"]},
    ) as client:
        yield client


def judge0(judge: httpx.Client, source: str, language_id: int = 71, **extra: Any) -> Any:
    for key in ("stdin", "expected_output"):
        if key in extra:
            extra[key] = base64.b64encode(extra[key].encode()).decode()
    response = judge.post(
        "/submissions?wait=true&base64_encoded=true",
        json={
            "source_code": base64.b64encode(source.encode()).decode(),
            "language_id": language_id,
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    out = response.json()
    for key in ("stdout", "stderr", "compile_output", "message"):
        out[key] = base64.b64decode(out.get(key) or "").decode(errors="replace")
    return out


@pytest.fixture
def judged(judge: httpx.Client, platform: Platform) -> Iterator[Any]:
    yield lambda *a, **k: judge0(judge, *a, **k)
    assert judge0(judge, "print('ok')")["status"] == {"id": 3, "description": "Accepted"}
    assert leftovers(platform) == []


def test_judge0_fork_bomb(judged: Any) -> None:
    source = FORK_BOMB_PY
    out = judged(source, cpu_time_limit=1, memory_limit=768_000)
    assert out["status"] == {"id": 5, "description": "Time Limit Exceeded"}


def test_judge0_memory_bomb_c(judged: Any) -> None:
    source = """#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
"""
    out = judged(source, 50, memory_limit=64_000)
    assert out["status"]["id"] == 12 and out["message"] == "Memory Limit Exceeded"


def test_judge0_network_and_files(judged: Any, platform: Platform) -> None:
    source = f"""import socket
leaks = []
for host, port in {targets(platform)!r}:
    try:
        socket.create_connection((host, port), timeout=2).close(); leaks.append(str(port))
    except OSError:
        pass
for path in {secret_paths(platform)!r}:
    try:
        open(path, "rb").read(1); leaks.append(path)
    except OSError:
        pass
print(" ".join(leaks) or "ok")
"""
    out = judged(source, expected_output="ok")
    assert out["status"]["id"] == 3, out["stdout"]


def test_judge0_kill_and_daemon(judged: Any) -> None:
    source = """import os, signal, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(3600)
    os._exit(0)
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
print('ok')
"""
    out = judged(source, expected_output="ok")
    assert out["status"]["id"] == 3, out


def test_judge0_compile_time_include(judged: Any) -> None:
    out = judged('#include "/etc/shadow"\nint main(){}\n', 54)
    assert out["status"] == {"id": 6, "description": "Compilation Error"}
    compile_output = out["compile_output"]
    assert "No such file" in compile_output and "root:" not in compile_output
