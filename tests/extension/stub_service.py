"""A stub of the interviews service's API, for the standalone room tests only.

Loaded into the test's `jupyter lab` as a second server extension (``PYTHONPATH`` points here),
so it answers on the same origin at ``/services/interviews/api/...``, as the real service does
behind the hub's proxy. It mimics what the panels rely on:

* identity from a cookie scoped to ``/services/interviews/`` (the page under ``/lab`` cannot
  read it; the browser sends it with the panels' same-origin fetches): ``stub_user``;
* ``GET api/xsrf`` returns a token bound to that identity; every other call must send it as
  ``X-XSRFToken`` (or ``_xsrf`` in the query, for EventSource), else 403 ``xsrf``;
* the shapes of InterviewOut, the problem's public view, grade jobs and notes.

``/services/interviews/_stub/state`` (GET/POST) lets the test read what the panels sent and
change the interview (end time, status).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tornado import web

SECRET = b"stub-secret"
INTERVIEW_ID = "iv-stub-1"
PEOPLE = {"cand": "candidate", "ivy": "interviewer"}
STATEMENT = """# Pair with target

Given a list of integers and a **target**, print the indices of the two numbers that add up
to the target.

- Read `n`, then the numbers, then the target from standard input.
- Print `i j` with `i < j`.
"""


def _fresh_state() -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "starts_at": (now - timedelta(minutes=10)).isoformat(),
        "ends_at": (now + timedelta(minutes=50)).isoformat(),
        "status": "live",
        "notes": {},
        "grades": [],
        "ended_by": None,
        "log": [],
    }


STATE: dict[str, Any] = _fresh_state()


def token_for(user: str) -> str:
    return hmac.new(SECRET, user.encode(), hashlib.sha256).hexdigest()


class StubHandler(web.RequestHandler):
    def check_xsrf_cookie(self) -> None:  # our own check below, like the service's
        pass

    def user(self) -> str | None:
        name = self.get_cookie("stub_user")
        return name if name in PEOPLE else None

    def prepare(self) -> None:
        STATE["log"].append(
            {
                "method": self.request.method,
                "path": self.request.path,
                "xsrf": self.request.headers.get("X-XSRFToken", ""),
                "body": self.request.body.decode("utf-8", "replace")[:10000],
            }
        )

    def require(self) -> str:
        name = self.user()
        if name is None:
            raise web.HTTPError(401, reason="not_signed_in")
        token = self.request.headers.get("X-XSRFToken") or self.get_query_argument("_xsrf", "")
        if not hmac.compare_digest(token, token_for(name)):
            raise web.HTTPError(403, reason="xsrf")
        return name

    def send(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(payload))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        self.finish(json.dumps({"message": f"stub: {reason}", "reason": reason}))


class Xsrf(StubHandler):
    def get(self) -> None:
        name = self.user()
        if name is None:
            raise web.HTTPError(401, reason="not_signed_in")
        self.send({"xsrf": token_for(name)})


class Me(StubHandler):
    def get(self) -> None:
        name = self.require()
        self.send({"name": name, "role": PEOPLE[name], "admin": False, "email": None})


def interview_out(viewer: str) -> dict[str, Any]:
    return {
        "id": INTERVIEW_ID,
        "title": "Stub interview",
        "description": "",
        "description_html": "",
        "starts_at": STATE["starts_at"],
        "ends_at": STATE["ends_at"],
        "join_opens_at": STATE["starts_at"],
        "duration_min": 60,
        "timezone": "UTC",
        "language": "python",
        "problems": ["pair-with-target"],
        "status": STATE["status"],
        "candidate": "cand",
        "interviewers": ["ivy"],
        "created_by": "ivy",
        "meeting_url": None,
        "can_join": True,
        "can_change": viewer == "ivy",
        "is_participant": True,
        "cancel_reason": None,
        "position": "",
    }


class Interview(StubHandler):
    def get(self, interview_id: str) -> None:
        name = self.require()
        if interview_id != INTERVIEW_ID:
            raise web.HTTPError(404, reason="not_found")
        self.send(interview_out(name))


class End(StubHandler):
    def post(self, interview_id: str) -> None:
        name = self.require()
        if PEOPLE[name] != "interviewer":
            raise web.HTTPError(403, reason="panel_only")
        STATE["status"] = "completed"
        STATE["ended_by"] = name
        self.send(interview_out(name))


class Notes(StubHandler):
    def get(self, interview_id: str) -> None:
        name = self.require()
        if PEOPLE[name] != "interviewer":
            raise web.HTTPError(403, reason="panel_only")
        self.send(STATE["notes"].get(name, {"text": "", "updated_at": None}))

    def put(self, interview_id: str) -> None:
        name = self.require()
        if PEOPLE[name] != "interviewer":
            raise web.HTTPError(403, reason="panel_only")
        text = json.loads(self.request.body)["text"]
        STATE["notes"][name] = {"text": text, "updated_at": datetime.now(UTC).isoformat()}
        self.send(STATE["notes"][name])


class Problem(StubHandler):
    def get(self, slug: str) -> None:
        self.require()
        self.send(
            {
                "slug": slug,
                "title": "Pair with target",
                "difficulty": "easy",
                "statement": STATEMENT,
                "starters": {"python": ""},
                "visible": [
                    {"name": "sample-1", "input": "4\n2 7 11 15\n9\n", "output": "0 1\n"},
                    {"name": "sample-2", "input": "3\n3 2 4\n6\n", "output": "1 2\n"},
                ],
                "time_limit_s": 2.0,
                "memory_limit_mb": 256,
            }
        )


class Grade(StubHandler):
    def post(self) -> None:
        name = self.require()
        body = json.loads(self.request.body)
        job = {"id": len(STATE["grades"]) + 1, "by": name, "body": body, "polls": 0}
        STATE["grades"].append(job)
        self.send({"id": job["id"], "status": "queued", "position": 1}, status=202)


class GradeJob(StubHandler):
    def get(self, job_id: str) -> None:
        name = self.require()
        job = STATE["grades"][int(job_id) - 1]
        job["polls"] += 1
        out: dict[str, Any] = {
            "id": job["id"],
            "status": "running" if job["polls"] < 2 else "done",
            "position": None,
            "problem": job["body"]["problem"],
            "language": job["body"]["language"],
            "requested_by": job["by"],
        }
        if out["status"] == "done":
            hidden: dict[str, Any] = {"passed": 3, "total": 5}
            if PEOPLE[name] == "interviewer":
                hidden["tests"] = [
                    {"name": f"h{i}", "verdict": v, "time_ms": 5, "memory_kb": 900}
                    for i, v in enumerate(["Accepted"] * 3 + ["Wrong Answer"] * 2, 1)
                ]
            out["result"] = {
                "verdict": "Wrong Answer",
                "compile_output": "",
                "visible": [
                    {
                        "name": "sample-1",
                        "verdict": "Accepted",
                        "time_ms": 12,
                        "memory_kb": 900,
                        "input": "4\n2 7 11 15\n9\n",
                        "expected": "0 1\n",
                        "stdout": "0 1\n",
                        "stderr": "",
                    },
                    {
                        "name": "sample-2",
                        "verdict": "Wrong Answer",
                        "time_ms": 11,
                        "memory_kb": 900,
                        "input": "3\n3 2 4\n6\n",
                        "expected": "1 2\n",
                        "stdout": "0 0\n",
                        "stderr": "",
                    },
                ],
                "hidden": hidden,
            }
        self.send(out)


class Events(StubHandler):
    async def get(self) -> None:
        self.require()
        self.set_header("Content-Type", "text/event-stream")
        self.write("retry: 2000\n: connected\n\n")
        await self.flush()
        try:
            while True:
                await asyncio.sleep(10)
                self.write(": keepalive\n\n")
                await self.flush()
        except Exception:
            return


class State(web.RequestHandler):
    def check_xsrf_cookie(self) -> None:
        pass

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(STATE))

    def post(self) -> None:
        change = json.loads(self.request.body or b"{}")
        if change.get("reset"):
            STATE.clear()
            STATE.update(_fresh_state())
        if "ends_in_s" in change:
            ends = datetime.now(UTC) + timedelta(seconds=float(change["ends_in_s"]))
            STATE["ends_at"] = ends.isoformat()
        if "status" in change:
            STATE["status"] = change["status"]
        self.finish("{}")


def _load_jupyter_server_extension(serverapp: Any) -> None:
    base = serverapp.base_url.rstrip("/") + "/services/interviews/"
    api = base + "api/"
    serverapp.web_app.add_handlers(
        ".*$",
        [
            (api + "xsrf", Xsrf),
            (api + "me", Me),
            (api + r"interviews/([\w-]+)", Interview),
            (api + r"interviews/([\w-]+)/end", End),
            (api + r"interviews/([\w-]+)/notes", Notes),
            (api + r"problems/([a-z0-9-]+)", Problem),
            (api + "grade", Grade),
            (api + r"grade/(\d+)", GradeJob),
            (api + "events", Events),
            (base + "_stub/state", State),
        ],
    )


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "stub_service"}]
