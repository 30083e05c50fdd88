"""First process inside the sandbox (run by the single-user venv's Python, stdlib only).

Usage: ``python -c <this file's text> <port> <socket> [<port> <socket>...] -- <command...>``

Binds each ``127.0.0.1:<port>`` in the sandbox's private network namespace *before* anything
else runs (the hub's API; the interviews service's API), forks a forwarder that joins each
connection to the matching Unix socket (bind-mounted read-only), then execs the single-user
server. The listening sockets exist before the server starts, so its first hub API call cannot
race the forwarder.
"""

import asyncio
import os
import socket
import sys


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        pass


async def _serve(pairs: list[tuple[socket.socket, str]]) -> None:
    def handler(target: str):  # type: ignore[no-untyped-def]
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                up_reader, up_writer = await asyncio.open_unix_connection(target)
            except OSError:
                writer.close()
                return
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
            up_writer.close()
            writer.close()

        return handle

    servers = [await asyncio.start_server(handler(t), sock=sock) for sock, t in pairs]
    await asyncio.gather(*(server.serve_forever() for server in servers))


def main() -> None:
    args = sys.argv[1:]
    if "--" not in args:
        raise SystemExit("usage: init <port> <socket> [<port> <socket>...] -- command...")
    split = args.index("--")
    forwards, command = args[:split], args[split + 1 :]
    if not command or not forwards or len(forwards) % 2:
        raise SystemExit("usage: init <port> <socket> [<port> <socket>...] -- command...")
    pairs = []
    for port, target in zip(forwards[::2], forwards[1::2], strict=True):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(port)))
        listener.listen(128)
        pairs.append((listener, target))
    if os.fork() == 0:
        os.setsid()
        try:
            asyncio.run(_serve(pairs))
        finally:
            os._exit(0)
    for listener, _ in pairs:
        listener.close()
    os.execv(command[0], command)


main()
