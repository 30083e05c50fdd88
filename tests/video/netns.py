"""A loopback-only network namespace for WebRTC tests, made by the test itself.

A network namespace belongs to a thread, not to a process: :class:`Netns` starts one thread,
moves it into a fresh namespace with ``unshare(CLONE_NEWNET)`` and brings ``lo`` up. Everything
started from that thread inherits the namespace: the platform (hub, proxy, service), coturn,
Playwright's driver and the Chromium processes, the ``nft`` rules and the test's own HTTP and
WebSocket clients. Tests hand work to the thread with :meth:`Netns.run` (a coroutine on its
event loop) or :meth:`Netns.call` (a blocking function on a worker thread that the loop thread
spawned, so it is inside too). The rest of the pytest process keeps the host's network, so other
test modules in the same worker are not affected, and ICE never sees an external interface.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import os
import subprocess
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

CLONE_NEWNET = 0x40000000
T = TypeVar("T")


class NetnsUnavailable(RuntimeError):
    pass


class Netns:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.thread = threading.Thread(target=self._main, name="netns", daemon=True)
        self.thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise NetnsUnavailable(str(self._error)) from self._error

    def _main(self) -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.unshare(CLONE_NEWNET) != 0:
                err = ctypes.get_errno()
                raise OSError(err, f"unshare(CLONE_NEWNET): {os.strerror(err)}")
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True, capture_output=True)
            mine = os.readlink(f"/proc/self/task/{threading.get_native_id()}/ns/net")
            if mine == os.readlink("/proc/self/ns/net"):
                raise OSError("the thread did not get its own network namespace")
            self.ns_id = mine
        except BaseException as exc:  # reported to the constructor
            self._error = exc
            self._ready.set()
            return
        asyncio.set_event_loop(self.loop)
        self._ready.set()
        self.loop.run_forever()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 240) -> T:
        """Run ``coro`` on the namespace's event loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking ``fn`` on a worker thread inside the namespace."""

        async def inside() -> T:
            return await self.loop.run_in_executor(None, functools.partial(fn, *args, **kwargs))

        return self.run(inside())

    def sh(self, *command: str) -> subprocess.CompletedProcess[str]:
        return self.call(subprocess.run, list(command), check=True, capture_output=True, text=True)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
