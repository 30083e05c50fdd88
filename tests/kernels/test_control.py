"""Time limits, interrupts, live output, output limit, and no process left behind."""

from __future__ import annotations

import json
import queue
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .client import Kernel, alive, cmdline, descendants, start, wait_gone

# Starts a sleeping child (own process group member) and a setsid'd double-forked "daemon",
# prints both pids, then waits forever.
C_SPAWN_AND_HANG = r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
  pid_t child = fork();
  if (child == 0) { execlp("sleep", "sleep", "1000", (char *)0); _exit(127); }
  int p[2]; pipe(p);
  if (fork() == 0) {
    setsid();
    pid_t daemon = fork();
    if (daemon == 0) { execlp("sleep", "sleep", "1001", (char *)0); _exit(127); }
    write(p[1], &daemon, sizeof daemon);
    _exit(0);
  }
  pid_t daemon; read(p[0], &daemon, sizeof daemon);
  printf("child %d daemon %d\n", (int)child, (int)daemon);
  fflush(stdout);
  BODY
}
"""
PIDS = re.compile(r"child (\d+) daemon (\d+)")


def spawned_pids(text: str) -> list[int]:
    match = PIDS.search(text)
    assert match, text
    return [int(match.group(1)), int(match.group(2))]


def run_until_output(kernel: Kernel, code: str) -> tuple[threading.Thread, queue.Queue[str], list]:
    """Start ``code`` in a thread; the queue receives output as it streams."""
    lines: queue.Queue[str] = queue.Queue()
    box: list = []
    thread = threading.Thread(
        target=lambda: box.append(kernel.run(code, on_output=lines.put)), daemon=True
    )
    thread.start()
    return thread, lines, box


def test_time_limit_kills_a_looping_cell_and_the_kernel_stays_usable(
    kernels: dict[str, Kernel],
) -> None:
    kernel = kernels["c"]
    started = time.monotonic()
    outcome = kernel.run("%%timeout 1\nint main(void) { for (;;) {} }")
    assert outcome.ename == "TimeLimitExceeded"
    assert "1 s" in outcome.evalue
    assert time.monotonic() - started < 8
    assert kernel.run('#include <stdio.h>\nint main(void){puts("again");}').stdout == "again\n"


def test_time_limit_in_javascript(kernels: dict[str, Kernel]) -> None:
    kernel = kernels["javascript"]
    outcome = kernel.run("%%timeout 0.5\nwhile (true) {}")
    assert outcome.ename == "TimeLimitExceeded"
    assert kernel.run("console.log('alive')").stdout == "alive\n"


def test_output_arrives_while_the_program_runs(kernels: dict[str, Kernel]) -> None:
    # no fflush: stdout is a terminal, so C flushes each line
    code = (
        "#include <stdio.h>\n#include <unistd.h>\n"
        'int main(void) { printf("first\\n"); usleep(1500000); printf("second\\n"); }'
    )
    outcome = kernels["c"].run(code)
    assert outcome.stdout == "first\nsecond\n"
    stamps = {c["text"]: t for t, kind, c in outcome.messages if kind == "stream"}
    assert "first\n" in stamps, f"output was not streamed: {outcome.messages}"
    assert stamps["second\n"] - stamps["first\n"] > 1.0


@pytest.mark.parametrize("name", ["java", "go"])
def test_other_languages_stream_too(kernels: dict[str, Kernel], name: str) -> None:
    code = {
        "java": "public class Main { public static void main(String[] a) throws Exception {\n"
        '  System.out.println("first"); Thread.sleep(1200); System.out.println("second"); } }',
        "go": 'package main\n\nimport ("fmt"; "time")\n\n'
        'func main() { fmt.Println("first"); time.Sleep(1200 * time.Millisecond); '
        'fmt.Println("second") }',
    }[name]
    outcome = kernels[name].run(code)
    stamps = {c["text"]: t for t, kind, c in outcome.messages if kind == "stream"}
    assert stamps["second\n"] - stamps["first\n"] > 0.8, outcome.messages


@pytest.fixture(scope="module")
def signal_kernel(kernelspecs: dict[str, str]) -> Iterator[Kernel]:
    """The C kernel with interrupt_mode "signal" (jupyter_client sends SIGINT itself)."""
    source = Path(kernelspecs["c"])
    target = source.with_name("c-signal")
    shutil.copytree(source, target, dirs_exist_ok=True)
    spec = json.loads((target / "kernel.json").read_text())
    spec["interrupt_mode"] = "signal"
    (target / "kernel.json").write_text(json.dumps(spec))
    kernel = start("c-signal")
    yield kernel
    kernel.shutdown()


@pytest.mark.parametrize("mode", ["message", "signal"])
def test_interrupt_kills_the_whole_process_group(
    kernels: dict[str, Kernel], signal_kernel: Kernel, mode: str
) -> None:
    kernel = kernels["c"] if mode == "message" else signal_kernel
    assert kernel.manager.kernel_spec is not None
    assert kernel.manager.kernel_spec.interrupt_mode == mode
    thread, lines, box = run_until_output(
        kernel, "%%timeout 0\n" + C_SPAWN_AND_HANG.replace("BODY", "for (;;) pause();")
    )
    pids = spawned_pids(lines.get(timeout=30))
    assert all(alive(pid) for pid in pids)
    kernel.manager.interrupt_kernel()
    thread.join(timeout=30)
    outcome = box[0]
    assert outcome.ename == "KeyboardInterrupt"
    for pid in pids:
        assert wait_gone(pid), f"{pid} ({cmdline(pid)}) survived the interrupt"
    assert kernel.run('#include <stdio.h>\nint main(void){puts("after");}').stdout == "after\n"


def test_interrupt_while_waiting_for_input(kernels: dict[str, Kernel]) -> None:
    kernel = kernels["javascript"]
    asked = threading.Event()

    def stdin_hook(msg: dict) -> None:
        asked.set()
        kernel.manager.interrupt_kernel()

    reply = kernel.client.execute_interactive(
        "require('fs').readFileSync(0)", allow_stdin=True, stdin_hook=stdin_hook, timeout=30
    )
    assert asked.is_set()
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert kernel.run("console.log('ok')").stdout == "ok\n"


def test_background_processes_do_not_outlive_the_cell(kernels: dict[str, Kernel]) -> None:
    kernel = kernels["c"]
    outcome = kernel.run(C_SPAWN_AND_HANG.replace("BODY", "return 0;"))
    assert outcome.status == "ok", outcome.reply
    for pid in spawned_pids(outcome.stdout):
        assert wait_gone(pid), f"{pid} ({cmdline(pid)}) outlived its cell"


def test_javascript_child_processes_are_killed(kernels: dict[str, Kernel]) -> None:
    kernel = kernels["javascript"]
    outcome = kernel.run(
        "const { spawn } = require('child_process');\n"
        "const c = spawn('sleep', ['1002'], { detached: true, stdio: 'ignore' });\n"
        "c.unref(); console.log(`child ${c.pid} daemon ${c.pid}`);"
    )
    pid = spawned_pids(outcome.stdout)[0]
    assert wait_gone(pid), f"detached child {pid} survived"


def test_output_flood_is_cut_off(kernels: dict[str, Kernel]) -> None:
    kernel = kernels["c"]
    outcome = kernel.run(
        '#include <stdio.h>\nint main(void) { for (;;) puts("flooding the notebook"); }'
    )
    assert outcome.ename == "OutputLimitExceeded"
    assert len(outcome.stdout.encode()) <= 1 << 20
    assert kernel.run('#include <stdio.h>\nint main(void){puts("calm");}').stdout == "calm\n"


def test_shutdown_leaves_no_process(kernelspecs: dict[str, str]) -> None:
    """A cell still running and the Java compile server: all gone after shutdown."""
    kernel = start("java")
    kernel_pid = kernel.pid
    code = (
        "public class Main { public static void main(String[] a) throws Exception {\n"
        '  Process p = new ProcessBuilder("sleep", "1003").start();\n'
        '  System.out.println("child " + p.pid() + " daemon " + p.pid());\n'
        "  Thread.sleep(1_000_000); } }"
    )
    kernel.client.execute("%%timeout 0\n" + code)
    pids: list[int] = []
    deadline = time.monotonic() + 60
    while not pids and time.monotonic() < deadline:
        msg = kernel.client.get_iopub_msg(timeout=60)
        if msg["msg_type"] == "stream":
            pids = spawned_pids(msg["content"]["text"])[:1]
    everything = [kernel_pid, *descendants(kernel_pid)]
    assert any("CompileServer" in cmdline(pid) for pid in everything), everything
    kernel.shutdown()
    for pid in everything + pids:
        assert wait_gone(pid), f"{pid} ({cmdline(pid)}) outlived the kernel"
