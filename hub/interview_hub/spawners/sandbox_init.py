"""First process inside the sandbox (run by the single-user venv's Python, stdlib only).

Usage: ``python -c <this file's text> <hub port> <hub socket> -- <command...>``

Binds ``127.0.0.1:<hub port>`` in the sandbox's private network namespace *before* anything
else runs, forks a forwarder that joins each connection to the hub's Unix socket (bind-mounted
read-only), then execs the single-user server. The listening socket exists before the server
starts, so the server's first hub API call cannot race the forwarder.
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


async def _serve(listener: socket.socket, target: str) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_unix_connection(target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        up_writer.close()
        writer.close()

    server = await asyncio.start_server(handle, sock=listener)
    await server.serve_forever()


def main() -> None:
    port, target, separator, *command = sys.argv[1:]
    if separator != "--" or not command:
        raise SystemExit("usage: init <hub port> <hub socket> -- command...")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(port)))
    listener.listen(128)
    if os.fork() == 0:
        os.setsid()
        try:
            asyncio.run(_serve(listener, target))
        finally:
            os._exit(0)
    listener.close()
    os.execv(command[0], command)


main()
