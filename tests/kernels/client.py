"""Drive a real kernel through jupyter_client and collect what a frontend would see."""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel


@dataclass
class Outcome:
    reply: dict[str, Any]
    messages: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    prompts: int = 0

    @property
    def status(self) -> str:
        return str(self.reply["status"])

    @property
    def ename(self) -> str:
        return str(self.reply.get("ename", ""))

    @property
    def evalue(self) -> str:
        return str(self.reply.get("evalue", ""))

    def text(self, name: str) -> str:
        return "".join(
            c["text"] for _, kind, c in self.messages if kind == "stream" and c["name"] == name
        )

    @property
    def stdout(self) -> str:
        return self.text("stdout")

    @property
    def stderr(self) -> str:
        return self.text("stderr")

    def errors(self) -> list[dict[str, Any]]:
        return [c for _, kind, c in self.messages if kind == "error"]


@dataclass
class Kernel:
    name: str
    manager: KernelManager
    client: BlockingKernelClient

    @property
    def pid(self) -> int:
        provisioner = self.manager.provisioner
        assert provisioner is not None
        pid = getattr(provisioner, "pid", None) or provisioner.process.pid  # type: ignore[attr-defined]
        return int(pid)

    def run(
        self,
        code: str,
        *,
        answers: list[str] | None = None,
        on_output: Callable[[str], None] | None = None,
        timeout: float = 60,
    ) -> Outcome:
        """Execute ``code``; ``answers`` (one per input_request) turns stdin on."""
        pending = list(answers or [])
        outcome = Outcome(reply={})

        def output_hook(msg: dict[str, Any]) -> None:
            outcome.messages.append((time.monotonic(), msg["msg_type"], msg["content"]))
            if on_output and msg["msg_type"] == "stream":
                on_output(msg["content"]["text"])

        def stdin_hook(msg: dict[str, Any]) -> None:
            outcome.prompts += 1
            self.client.input(pending.pop(0) if pending else "\x04")

        reply = self.client.execute_interactive(
            code,
            allow_stdin=answers is not None,
            output_hook=output_hook,
            stdin_hook=stdin_hook,
            timeout=timeout,
        )
        outcome.reply = reply["content"]
        return outcome

    def shutdown(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


def start(name: str) -> Kernel:
    manager, client = start_new_kernel(kernel_name=name, startup_timeout=60)
    return Kernel(name, manager, client)


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_gone(pid: int, timeout: float = 5.0) -> bool:
    """Wait for ``pid`` to end (pidfd: an event, not a sleep); True when it is gone."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        poller.poll(int(timeout * 1000))
    finally:
        os.close(fd)
    return not alive(pid)


def descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            out.extend(kids)
            todo.extend(kids)
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
