"""Attacks through each kernel: what the kernel itself must stop.

A kernel is not a sandbox: it runs inside the interview server, and the server's sandbox
(BwrapSpawner: pids, memory and CPU limits, its own network namespace; tests/spawners) is the
isolation boundary. What the kernel owns, and what these tests hold it to, per language:
a runaway cell (spawning processes, some ``setsid``'d, and spinning on several threads) is
stopped by the per-cell time limit and by an interrupt, the whole tree with it (no process
left behind); an output flood is cut off; the kernel answers the next cell.

The process storm here is bounded (32 sleepers) because these kernels run on the test host:
the unbounded fork bomb is tested against the sandbox (tests/spawners, tests/grading).
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from .client import Kernel, cmdline, descendants, wait_gone

LANGUAGES = ["c", "cpp", "java", "javascript", "typescript", "go", "rust"]
_markers = itertools.count(int(time.time()) % 100000 * 100 + 7_000_000)


def storm(marker: int) -> str:
    """Shell line: 16 plain and 16 setsid'd sleepers, all named by ``marker``."""
    return f"for i in $(seq 16); do setsid sleep {marker} & sleep {marker} & done"


def program(language: str, marker: int) -> str:
    """Start the storm, print 'started', then spin on four threads forever."""
    sh = storm(marker).replace('"', '\\"')
    return {
        "c": f"""#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void *spin(void *a) {{ for (;;) ; return a; }}
int main(void) {{
  system("{sh}");
  if (fork() == 0) {{ setsid(); if (fork() == 0) for (;;) ; _exit(0); }}
  puts("started"); fflush(stdout);
  pthread_t t[3]; for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, spin, 0);
  spin(0); }}
""",
        "cpp": f"""#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>
int main() {{
  std::system("{sh}");
  std::cout << "started" << std::endl;
  std::vector<std::thread> t;
  for (int i = 0; i < 3; i++) t.emplace_back([] {{ for (volatile int x = 0;; x++) ; }});
  for (volatile int x = 0;; x++) ; }}
""",
        "java": f"""public class Main {{ public static void main(String[] a) throws Exception {{
  new ProcessBuilder("sh", "-c", "{sh}").inheritIO().start().waitFor();
  System.out.println("started"); System.out.flush();
  for (int i = 0; i < 3; i++) new Thread(() -> {{ for (;;) {{}} }}).start();
  for (;;) {{}} }} }}
""",
        "javascript": f"""const {{ execSync }} = require('child_process');
const {{ Worker }} = require('worker_threads');
execSync("{sh}", {{ stdio: 'ignore' }});
console.log('started');
for (let i = 0; i < 3; i++) new Worker('for (;;) {{}}', {{ eval: true }});
setTimeout(() => {{ for (;;) {{}} }}, 100);
""",
        "typescript": f"""import {{ execSync }} from 'child_process';
import {{ Worker }} from 'worker_threads';
execSync("{sh}", {{ stdio: 'ignore' }});
console.log('started');
for (let i: number = 0; i < 3; i++) new Worker('for (;;) {{}}', {{ eval: true }});
setTimeout(() => {{ for (;;) {{}} }}, 100);
""",
        "go": f"""package main

import ("fmt"; "os/exec")

func main() {{
  exec.Command("sh", "-c", "{sh}").Run()
  fmt.Println("started")
  for i := 0; i < 3; i++ {{ go func() {{ for {{}} }}() }}
  for {{}}
}}
""",
        "rust": f"""use std::process::Command;
fn main() {{
  Command::new("sh").args(["-c", "{sh}"]).status().unwrap();
  println!("started");
  for _ in 0..3 {{ std::thread::spawn(|| loop {{ std::hint::spin_loop(); }}); }}
  loop {{ std::hint::spin_loop(); }}
}}
""",
    }[language]


FLOOD = {
    "c": '#include <stdio.h>\nint main(void) { for (;;) fputs("flood flood flood\\n", stderr); }',
    "cpp": '#include <iostream>\nint main() { for (;;) std::cout << "flood flood flood\\n"; }',
    "java": "public class Main { public static void main(String[] a) {\n"
    '  for (;;) System.out.println("flood flood flood"); } }',
    "javascript": "const s = 'flood '.repeat(1000) + '\\n';\nfor (;;) process.stdout.write(s);",
    "typescript": "const s: string = 'flood '.repeat(1000) + '\\n';\n"
    "for (;;) process.stdout.write(s);",
    "go": 'package main\n\nimport "fmt"\n\n'
    'func main() { for { fmt.Println("flood flood flood") } }',
    "rust": 'fn main() { loop { println!("flood flood flood"); } }',
}
HELLO = {
    "c": '#include <stdio.h>\nint main(void) { puts("still here"); }',
    "cpp": '#include <cstdio>\nint main() { std::puts("still here"); }',
    "java": "public class Main { public static void main(String[] a) {\n"
    '  System.out.println("still here"); } }',
    "javascript": "console.log('still here')",
    "typescript": "const s: string = 'still here';\nconsole.log(s);",
    "go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("still here") }',
    "rust": 'fn main() { println!("still here"); }',
}


def with_marker(marker: int) -> list[int]:
    """Live processes whose command line is ``sleep <marker>``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[:2] == [b"sleep", str(marker).encode()]:
                found.append(int(entry.name))
    return found


def all_gone(pids: list[int]) -> list[int]:
    return [pid for pid in pids if not wait_gone(pid, 10)]


def usable(kernel: Kernel, language: str) -> None:
    assert kernel.run(HELLO[language]).stdout == "still here\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_runaway_cell_is_stopped_by_the_time_limit(
    kernels: dict[str, Kernel], language: str
) -> None:
    kernel = kernels[language]
    before = helpers(kernel, language)
    marker = next(_markers)
    started = time.monotonic()
    outcome = kernel.run("%%timeout 2\n" + program(language, marker), timeout=120)
    assert outcome.ename == "TimeLimitExceeded", (outcome.reply, outcome.stderr[-2000:])
    assert "started" in outcome.stdout
    assert time.monotonic() - started < 90
    assert all_gone(with_marker(marker)) == [], "a sleeper outlived the cell"
    assert new_descendants(kernel, before) == []
    usable(kernel, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_interrupt_stops_the_runaway_cell_and_its_tree(
    kernels: dict[str, Kernel], language: str
) -> None:
    kernel = kernels[language]
    before = helpers(kernel, language)
    marker = next(_markers)
    lines: queue.Queue[str] = queue.Queue()
    box: list[Any] = []
    thread = threading.Thread(
        target=lambda: box.append(
            kernel.run("%%timeout 0\n" + program(language, marker), on_output=lines.put)
        ),
        daemon=True,
    )
    thread.start()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # the output event, streamed live
        if "started" in lines.get(timeout=max(0.1, deadline - time.monotonic())):
            break
    sleepers = with_marker(marker)
    while len(sleepers) < 32 and time.monotonic() < deadline:  # the last ones are exec'ing
        time.sleep(0.05)
        sleepers = with_marker(marker)
    assert len(sleepers) == 32, sleepers
    kernel.manager.interrupt_kernel()
    thread.join(timeout=30)
    assert box and box[0].ename == "KeyboardInterrupt", box
    assert all_gone(sleepers) == [] and with_marker(marker) == []
    assert new_descendants(kernel, before) == []
    usable(kernel, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_flood_is_bounded(kernels: dict[str, Kernel], language: str) -> None:
    kernel = kernels[language]
    outcome = kernel.run("%%timeout 20\n" + FLOOD[language], timeout=120)
    assert outcome.ename == "OutputLimitExceeded", outcome.reply
    shown = len(outcome.stdout.encode()) + len(outcome.stderr.encode())
    assert shown <= (1 << 20) + 4096
    usable(kernel, language)


def helpers(kernel: Kernel, language: str) -> set[int]:
    """The kernel's own helper processes (compile servers), started by a first cell."""
    usable(kernel, language)
    return set(descendants(kernel.pid))


def new_descendants(kernel: Kernel, before: set[int]) -> list[str]:
    """Processes under the kernel that a cell started and that are still there."""
    left = [pid for pid in descendants(kernel.pid) if pid not in before]
    return [f"{pid} {cmdline(pid)[:120]}" for pid in left if not wait_gone(pid, 10)]


# -- the Python kernel (stock ipykernel) -----------------------------------------------------
def test_python_kernel_interrupt_stops_a_spinning_cell(kernels: dict[str, Kernel]) -> None:
    """ipykernel has no per-cell time limit or output cap (the server's sandbox bounds it);
    an interrupt stops a busy loop and the kernel answers afterwards."""
    kernel = kernels["python3"]
    lines: queue.Queue[str] = queue.Queue()
    box: list[Any] = []
    code = "print('started', flush=True)\nwhile True:\n    pass\n"
    thread = threading.Thread(
        target=lambda: box.append(kernel.run(code, on_output=lines.put)), daemon=True
    )
    thread.start()
    assert "started" in lines.get(timeout=60)
    kernel.manager.interrupt_kernel()
    thread.join(timeout=30)
    assert box and box[0].ename == "KeyboardInterrupt"
    assert kernel.run("print(6 * 7)").stdout == "42\n"
