"""A Judge0 CE-compatible run API (token-authenticated) and the admin's API tokens."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ...grading.queue import Job
from ..db.models import ApiToken, Submission
from ..domain import judge0, tokens
from ..domain.tokens import authenticate
from ..schemas import Strict
from .base import APIHandler, Operation


class NewApiToken(Strict):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")


class SubmissionIn(Strict):
    """The Judge0 fields we support; others are refused rather than silently ignored."""

    source_code: str = Field(max_length=400_000)
    language_id: int
    stdin: str | None = Field(default=None, max_length=1_000_000)
    expected_output: str | None = Field(default=None, max_length=1_000_000)
    cpu_time_limit: float | None = Field(default=None, gt=0, le=15)
    wall_time_limit: float | None = Field(default=None, gt=0, le=30)
    memory_limit: int | None = Field(
        default=None, ge=16_000, le=1_024_000, description="Kilobytes."
    )


def token_out(record: ApiToken) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "hint": record.hint,
        "created_by": record.created_by,
        "created_at": record.created_at.isoformat(),
        "last_used_at": record.last_used_at.isoformat() if record.last_used_at else None,
        "revoked": record.revoked_at is not None,
    }


class ApiTokensHandler(APIHandler):
    openapi = {
        "get": Operation("List API tokens for tools (admins only)", auth="admin"),
        "post": Operation(
            "Create an API token; shown once", body=NewApiToken, status=201, auth="admin"
        ),
    }

    async def get(self) -> None:
        self.require_admin(await self.require_identity())
        with self.ctx.db.session() as session:
            items = [token_out(t) for t in tokens.list_tokens(session)]
        self.write_json({"items": items})

    async def post(self) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        body = self.parse(NewApiToken)
        with self.ctx.db.session() as session:
            new = tokens.create_token(session, identity.name, body.name)
            out = {**token_out(new.record), "token": new.token}
        self.write_json(out, status=201)


class ApiTokenHandler(APIHandler):
    openapi = {"delete": Operation("Revoke an API token (admins only)", auth="admin")}

    async def delete(self, token_id: str) -> None:
        identity = await self.require_identity()
        self.require_admin(identity)
        with self.ctx.db.session() as session:
            out = token_out(tokens.revoke_token(session, identity.name, int(token_id)))
        self.write_json(out)


class Judge0Handler(APIHandler):
    def api_token(self) -> int:
        raw = self.request.headers.get("X-Auth-Token", "")
        if not raw and self.request.headers.get("Authorization", "").startswith("Bearer "):
            raw = self.request.headers["Authorization"][7:]
        with self.ctx.db.session() as session:
            return authenticate(session, raw).id

    def encoded(self) -> bool:
        return self.get_query_argument("base64_encoded", "false").lower() == "true"


class Judge0LanguagesHandler(Judge0Handler):
    openapi = {"get": Operation("Judge0: languages", auth="API token (X-Auth-Token)")}

    def get(self) -> None:
        self.api_token()
        self.write_json(
            [{"id": i, "name": name} for i, (_, name) in sorted(judge0.LANGUAGES.items())]
        )


class Judge0StatusesHandler(Judge0Handler):
    openapi = {"get": Operation("Judge0: statuses", auth="API token (X-Auth-Token)")}

    def get(self) -> None:
        self.api_token()
        self.write_json(judge0.STATUSES)


class Judge0SubmissionsHandler(Judge0Handler):
    openapi = {
        "post": Operation(
            "Judge0: create a submission (query: base64_encoded, wait, fields); runs in the "
            "grading sandbox",
            body=SubmissionIn,
            status=201,
            auth="API token (X-Auth-Token)",
        )
    }

    async def post(self) -> None:
        token_id = self.api_token()
        body = self.parse(SubmissionIn)
        encoded = self.encoded()
        source = judge0.decode(body.source_code, encoded, "source_code") or ""
        stdin = judge0.decode(body.stdin, encoded, "stdin") or ""
        expected = judge0.decode(body.expected_output, encoded, "expected_output")
        with self.ctx.db.session() as session:
            submission = judge0.create(
                session,
                token_id,
                language_id=body.language_id,
                source_code=source,
                stdin=stdin,
                expected_output=expected,
            )
            submission_id = submission.id
            job = Job(
                language=judge0.LANGUAGES[body.language_id][0],
                source=source,
                tests=[judge0.test_case(submission)],
                limits=judge0.limits_for(
                    body.cpu_time_limit, body.wall_time_limit, body.memory_limit
                ),
            )
        wait = self.get_query_argument("wait", "false").lower() == "true"
        run = self._run(submission_id, job)
        if not wait:
            self.ctx.background(run)
            with self.ctx.db.session() as session:
                token = session.get(Submission, submission_id)
                assert token is not None
                self.write_json({"token": token.token}, status=201)
            return
        await run
        with self.ctx.db.session() as session:
            done = session.get(Submission, submission_id)
            assert done is not None
            out = judge0.render(done, self.get_query_argument("fields", None), encoded)
        self.write_json(out, status=201)

    async def _run(self, submission_id: int, job: Job) -> None:
        queue = await self.ctx.grading()
        with self.ctx.db.session() as session:
            submission = session.get(Submission, submission_id)
            if submission is not None:
                submission.status_id, submission.status_description = 2, "Processing"
        result = await queue.grade(job)
        with self.ctx.db.session() as session:
            submission = session.get(Submission, submission_id)
            if submission is not None:
                judge0.record(submission, result)


class Judge0SubmissionHandler(Judge0Handler):
    openapi = {
        "get": Operation(
            "Judge0: one submission (query: base64_encoded, fields)",
            auth="API token (X-Auth-Token) that created it",
        )
    }

    def get(self, token: str) -> None:
        token_id = self.api_token()
        with self.ctx.db.session() as session:
            submission = judge0.get(session, token, token_id)
            out = judge0.render(submission, self.get_query_argument("fields", None), self.encoded())
        self.write_json(out)
