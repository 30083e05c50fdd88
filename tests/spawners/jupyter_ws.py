"""Drive a single-user server like a candidate does: kernels and terminals over WebSockets.

Only tornado (a JupyterHub dependency) is used; authentication is a hub API token with
``access:servers`` on the server, sent as ``Authorization: token …``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect


@dataclass
class Execution:
    stdout: str = ""
    stderr: str = ""
    result: str = ""
    error: str = ""
    status: str = ""
    seconds: float = 0.0
    bytes_seen: int = 0


@dataclass
class Kernel:
    base: str  # http://127.0.0.1:PORT/user/<owner>/<server>/
    token: str
    kernel_id: str = ""
    ws: WebSocketClientConnection | None = None
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    name: str = "python3"  # kernelspec

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    async def start(self) -> Kernel:
        async with httpx.AsyncClient(timeout=60, headers=self.headers) as client:
            response = await client.post(f"{self.base}api/kernels", json={"name": self.name})
            response.raise_for_status()
            self.kernel_id = response.json()["id"]
        await self.connect()
        return self

    async def connect(self) -> None:
        url = self.base.replace("http://", "ws://") + f"api/kernels/{self.kernel_id}/channels"
        request = HTTPRequest(f"{url}?session_id={self.session}", headers=self.headers)
        self.ws = await websocket_connect(request, max_message_size=64 * 1024 * 1024)

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    async def shutdown(self) -> None:
        """Close the connection and shut the kernel down (its processes end with it)."""
        await self.close()
        async with httpx.AsyncClient(timeout=60, headers=self.headers) as client:
            response = await client.delete(f"{self.base}api/kernels/{self.kernel_id}")
            assert response.status_code in (204, 404), response.text

    async def run(self, code: str, timeout: float = 60.0, keep: int = 1 << 20) -> Execution:
        """Execute ``code``; keep at most ``keep`` characters of each output stream."""
        assert self.ws is not None
        msg_id = uuid.uuid4().hex
        message = {
            "header": {
                "msg_id": msg_id,
                "msg_type": "execute_request",
                "username": "test",
                "session": self.session,
                "version": "5.3",
                "date": "",
            },
            "parent_header": {},
            "metadata": {},
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
            "channel": "shell",
            "buffers": [],
        }  # fmt: skip
        await self.ws.write_message(json.dumps(message))
        out = Execution()
        started = time.monotonic()
        deadline = started + timeout
        idle = replied = False
        while not (idle and replied):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no reply in {timeout}s; stdout so far: {out.stdout[-500:]}")
            raw = await asyncio.wait_for(self.ws.read_message(), remaining)
            if raw is None:
                raise ConnectionError("kernel websocket closed")
            out.bytes_seen += len(raw)
            msg: dict[str, Any] = json.loads(raw)
            state = msg.get("content", {}).get("execution_state")
            if msg.get("msg_type") == "status" and state in ("restarting", "dead"):
                out.status = state  # the kernel died (e.g. OOM) and the server restarts it
                break
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                name = "stdout" if content["name"] == "stdout" else "stderr"
                current = getattr(out, name)
                if len(current) < keep:
                    setattr(out, name, current + content["text"][: keep - len(current)])
            elif kind == "execute_result":
                out.result = content["data"].get("text/plain", "")
            elif kind == "error":
                out.error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                out.status = content["status"]
                replied = True
        out.seconds = time.monotonic() - started
        return out


@dataclass
class Terminal:
    base: str
    token: str
    name: str = ""
    ws: WebSocketClientConnection | None = None

    async def start(self) -> Terminal:
        headers = {"Authorization": f"token {self.token}"}
        async with httpx.AsyncClient(timeout=60, headers=headers) as client:
            response = await client.post(f"{self.base}api/terminals")
            response.raise_for_status()
            self.name = response.json()["name"]
        url = self.base.replace("http://", "ws://") + f"terminals/websocket/{self.name}"
        self.ws = await websocket_connect(HTTPRequest(url, headers=headers))
        return self

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    async def run(self, command: str, timeout: float = 30.0) -> tuple[str, int]:
        """Type ``command`` into the shell; return (everything shown, the exit status)."""
        assert self.ws is not None
        marker = f"__done_{uuid.uuid4().hex[:8]}__"
        # the marker is split in the typed line so that only the real output contains it whole
        half = len(marker) // 2
        line = f"{command}; echo \"RC=$?\" '{marker[:half]}''{marker[half:]}'\r"
        await self.ws.write_message(json.dumps(["stdin", line]))
        seen = ""
        pattern = re.compile(r"RC=(\d+) " + marker)
        deadline = time.monotonic() + timeout
        while not (found := pattern.search(seen)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"terminal: no marker in {timeout}s; got {seen[-800:]!r}")
            raw = await asyncio.wait_for(self.ws.read_message(), remaining)
            if raw is None:
                raise ConnectionError("terminal websocket closed")
            kind, *rest = json.loads(raw)
            if kind == "stdout":
                seen += rest[0]
        return seen[: found.start()], int(found.group(1))
