"""A local double of Stream's API (getstream.io cannot be reached from here).

It answers the REST calls the service makes with the ``getstream`` SDK (users, get-or-create
call, members, block, end) and the browser SDK's first steps (location hint, the coordinator
WebSocket's auth, the join request), checks every credential the way Stream does (HS256 JWTs
signed with the API secret; server calls carry no ``user_id``, browsers' call tokens do), and
records what it saw. Stream's SFU (the media path) has no double: the join request is answered
with an error, so a browser test can follow the token up to that point and no further.
"""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from typing import Any

import jwt
from tornado import httpserver, netutil, web, websocket


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    claims: dict[str, Any] | None
    body: Any


@dataclass
class StreamDouble:
    api_key: str
    secret: str
    seen: list[Seen] = field(default_factory=list)
    fail_next: int = 0  # answer that many REST calls with 503
    port: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ records

    def record(self, seen: Seen) -> None:
        with self._cond:
            self.seen.append(seen)
            self._cond.notify_all()

    def wait_for(self, method: str, path: str, timeout: float = 20.0) -> Seen:
        """The first request matching ``method`` and ``path`` (waits for it)."""
        with self._cond:
            found = self._cond.wait_for(
                lambda: next((s for s in self.seen if s.method == method and s.path == path), None),
                timeout,
            )
        assert found is not None, f"Stream double never saw {method} {path}: {self.paths()}"
        return found

    def count(self, method: str, path: str) -> int:
        with self._cond:
            return sum(1 for s in self.seen if s.method == method and s.path == path)

    def paths(self) -> list[str]:
        with self._cond:
            return [f"{s.method} {s.path}" for s in self.seen]

    def verify(self, token: str) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(token, self.secret, algorithms=["HS256"])
        return claims

    # ------------------------------------------------------------------ server

    def start(self) -> StreamDouble:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            app = web.Application(
                [
                    (r"/hint", _Hint),
                    (r"/video/connect", _Connect, {"double": self}),
                    (r"/(.*)", _Rest, {"double": self}),
                ]
            )
            sockets = netutil.bind_sockets(0, "127.0.0.1")
            self.port = sockets[0].getsockname()[1]
            server = httpserver.HTTPServer(app)
            server.add_sockets(sockets)
            ready.set()
            loop.run_forever()
            server.stop()
            loop.close()

        self._thread = threading.Thread(target=run, name="stream-double", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)


class _Hint(web.RequestHandler):
    def head(self) -> None:
        self.set_header("Access-Control-Allow-Origin", self.request.headers.get("Origin", "*"))
        self.set_header("Access-Control-Expose-Headers", "x-amz-cf-pop")
        self.set_header("x-amz-cf-pop", "LOC1-P1")

    def get(self) -> None:
        self.head()


class _Rest(web.RequestHandler):
    def initialize(self, double: StreamDouble) -> None:
        self.double = double

    def set_default_headers(self) -> None:
        # the browser SDK calls from the platform's origin
        self.set_header("Access-Control-Allow-Origin", self.request.headers.get("Origin", "*"))
        self.set_header("Access-Control-Allow-Headers", "*")
        self.set_header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE")

    def options(self, path: str) -> None:
        self.set_status(204)

    def _claims(self) -> dict[str, Any] | None:
        token = self.request.headers.get("Authorization", "")
        if self.get_query_argument("api_key", "") != self.double.api_key or not token:
            return None
        try:
            return self.double.verify(token)
        except jwt.PyJWTError:
            return None

    def _handle(self, path: str) -> None:
        claims = self._claims()
        body = json.loads(self.request.body) if self.request.body else None
        query = {k: self.get_query_argument(k) for k in self.request.query_arguments}
        self.double.record(Seen(self.request.method or "", "/" + path, query, claims, body))
        if claims is None:
            self.set_status(401)
            self.write({"code": 5, "message": "bad api key or signature", "StatusCode": 401})
            return
        if self.double.fail_next > 0:
            self.double.fail_next -= 1
            self.set_status(503)
            self.write({"code": -1, "message": "Stream double: unavailable", "StatusCode": 503})
            return
        if path.startswith("video/call/") and path.endswith("/join"):
            # the browser's join: Stream would hand out an SFU here; there is none to reach
            self.set_status(503)
            self.write({"code": -1, "message": "no SFU in this test", "StatusCode": 503})
            return
        parts = path.split("/")
        if path.startswith("api/v2/video/call/") and len(parts) == 6:
            cid = f"{parts[4]}:{parts[5]}"
            self.write(
                {
                    "duration": "1ms",
                    "created": True,
                    "members": [],
                    "own_capabilities": [],
                    "call": {"cid": cid, "id": parts[5], "type": parts[4]},
                }
            )
            return
        if path == "api/v2/users":
            self.write({"duration": "1ms", "users": (body or {}).get("users", {})})
            return
        self.write({"duration": "1ms"})

    def get(self, path: str) -> None:
        self._handle(path)

    def post(self, path: str) -> None:
        self._handle(path)

    def patch(self, path: str) -> None:
        self._handle(path)

    def put(self, path: str) -> None:
        self._handle(path)

    def delete(self, path: str) -> None:
        self._handle(path)


class _Connect(websocket.WebSocketHandler):
    """The coordinator socket: the first message authenticates with the user's token."""

    def initialize(self, double: StreamDouble) -> None:
        self.double = double

    def check_origin(self, origin: str) -> bool:
        return True

    def on_message(self, message: str | bytes) -> None:
        try:
            auth = json.loads(message)
        except ValueError:
            return
        if "token" not in auth:
            return  # health checks
        try:
            claims = self.double.verify(auth["token"])
        except jwt.PyJWTError:
            claims = None
        query = {k: self.get_query_argument(k) for k in self.request.query_arguments}
        self.double.record(Seen("WS", "/video/connect", query, claims, auth))
        user = auth.get("user_details") or {}
        if claims is None or claims.get("user_id") != user.get("id"):
            self.write_message(
                json.dumps(
                    {
                        "type": "connection.error",
                        "error": {"code": 5, "message": "bad token", "StatusCode": 401},
                    }
                )
            )
            self.close(1000)
            return
        self.write_message(
            json.dumps(
                {
                    "type": "connection.ok",
                    "connection_id": "double-connection",
                    "me": {"id": user.get("id"), "name": user.get("name"), "role": "user"},
                }
            )
        )
