"""Byte forwarders in the hub process that connect the proxy and the sandbox's network namespace.

* proxy → server: a TCP listener on ``127.0.0.1:<port>`` (the server URL the hub gives the proxy)
  → the single-user server's Unix socket in the sandbox. The socket lives in a directory the
  candidate can write, so the path may be a candidate-made symlink: every connection is checked
  with ``SO_PEERCRED`` and dropped unless the listening process runs as the server's own uid.
* server → hub API: a Unix socket (in a root-owned directory bind-mounted read-only into the
  sandbox) → the hub's API on ``127.0.0.1:<hub port>``. Inside the sandbox a forwarder started by
  the sandbox's init listens on ``127.0.0.1:<hub port>`` in the private network namespace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import struct
from collections.abc import Awaitable, Callable

Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]
Connect = Callable[[], Awaitable[Streams]]
CHUNK = 64 * 1024
_PEERCRED = struct.Struct("3i")


class PeerRefused(ConnectionError):
    """The Unix socket's listener is not the process it should be."""


def peer_uid(writer: asyncio.StreamWriter) -> int:
    sock: socket.socket = writer.get_extra_info("socket")
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEERCRED.size)
    _pid, uid, _gid = _PEERCRED.unpack(raw)
    return int(uid)


def unix_target(path: str, expected_uid: int | None = None) -> Connect:
    async def connect() -> Streams:
        reader, writer = await asyncio.open_unix_connection(path)
        if expected_uid is not None and peer_uid(writer) != expected_uid:
            writer.close()
            raise PeerRefused(f"listener on {path} is not uid {expected_uid}")
        return reader, writer

    return connect


def tcp_target(host: str, port: int) -> Connect:
    async def connect() -> Streams:
        return await asyncio.open_connection(host, port)

    return connect


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError, OSError):
        await writer.wait_closed()


class Forwarder:
    """One listener; every accepted connection is joined to a fresh connection to the target."""

    def __init__(self, name: str, target: Connect, log: logging.Logger) -> None:
        self.name = name
        self.target = target
        self.log = log
        self.server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.is_serving()

    async def listen_tcp(self, host: str, port: int) -> int:
        self.server = await asyncio.start_server(
            self._handle, host, port, reuse_address=True, limit=CHUNK
        )
        return int(self.server.sockets[0].getsockname()[1])

    async def listen_unix(self, path: str, uid: int, mode: int = 0o600) -> None:
        """Listen on ``path`` (its directory must be root-owned); only root and ``uid`` connect."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        self.server = await asyncio.start_unix_server(self._handle, path, limit=CHUNK)
        os.chown(path, uid, uid, follow_symlinks=False)
        os.chmod(path, mode)

    def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.create_task(self._serve(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await self.target()
        except PeerRefused as error:
            self.log.warning("%s: refused: %s", self.name, error)
            await _close(writer)
            return
        except OSError as error:
            self.log.debug("%s: target not reachable: %s", self.name, error)
            await _close(writer)
            return
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            await _close(up_writer)
            await _close(writer)

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                await self.server.wait_closed()
        self.server = None
