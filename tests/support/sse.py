"""Reading a server-sent events stream (text/event-stream) in tests."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx


def events(response: httpx.Response) -> Iterator[dict[str, Any]]:
    """Each event's JSON ``data`` (with ``_event`` and ``_at``: its type and arrival time) as
    it arrives; comments and keepalives are skipped."""
    kind, data = "message", []
    for line in response.iter_lines():
        if not line:
            if data:
                event = json.loads("\n".join(data))
                event["_event"] = kind
                event["_at"] = time.perf_counter()
                yield event
            kind, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())


def follow(client: httpx.Client, url: str, *, timeout: float = 300.0, **kwargs: Any) -> list[dict]:
    """Every event of a review's stream up to its ``done`` or ``error``."""
    seen: list[dict[str, Any]] = []
    with client.stream("GET", url, timeout=httpx.Timeout(timeout, connect=10), **kwargs) as r:
        assert r.status_code == 200, r.read().decode()
        assert r.headers["content-type"].startswith("text/event-stream")
        for event in events(r):
            seen.append(event)
            if event["_event"] in ("done", "error"):
                break
    return seen
