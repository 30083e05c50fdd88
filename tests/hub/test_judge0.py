"""The Judge0 CE-compatible API: API tokens, languages, statuses, submissions in the sandbox."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.platform import Browserless, Platform

PREFIX = "/services/interviews/api/judge0"


@pytest.fixture(scope="module")
def admin(platform: Platform) -> Iterator[Browserless]:
    who = Browserless(platform)
    who.login("admin", "admin-demo-pass")
    who.open_service()
    yield who
    who.close()


def new_token(admin: Browserless, name: str = "ci") -> tuple[int, str]:
    created = admin.api("POST", "tokens", {"name": name})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["token"].startswith("ipt_") and body["hint"] == body["token"][-4:]
    return int(body["id"]), str(body["token"])


@pytest.fixture(scope="module")
def judge(platform: Platform, admin: Browserless) -> Iterator[httpx.Client]:
    _, token = new_token(admin)
    with httpx.Client(
        base_url=f"{platform.url}{PREFIX}", timeout=120, headers={"X-Auth-Token": token}
    ) as client:
        yield client


def submit(judge: httpx.Client, source: str, language_id: int = 71, **extra: Any) -> Any:
    response = judge.post(
        "/submissions?wait=true", json={"source_code": source, "language_id": language_id, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_languages_and_statuses(judge: httpx.Client) -> None:
    languages = {item["id"]: item["name"] for item in judge.get("/languages").json()}
    assert {50, 54, 60, 62, 63, 71, 73, 74} == set(languages)
    assert languages[71].startswith("Python")
    statuses = judge.get("/statuses").json()
    assert {"id": 3, "description": "Accepted"} in statuses
    assert {"id": 6, "description": "Compilation Error"} in statuses


def test_accepted_wrong_answer_and_stdin(judge: httpx.Client) -> None:
    ok = submit(judge, "print(input()[::-1])", stdin="abc\n", expected_output="cba\n")
    assert ok["status"] == {"id": 3, "description": "Accepted"}
    assert ok["stdout"] == "cba\n" and float(ok["time"]) >= 0 and ok["memory"] > 0
    wrong = submit(judge, "print('nope')", expected_output="yes")
    assert wrong["status"]["description"] == "Wrong Answer"


def test_compiled_languages_and_errors(judge: httpx.Client) -> None:
    cpp = submit(judge, '#include <cstdio>\nint main(){puts("hi");}', 54)
    assert cpp["status"]["id"] == 3 and cpp["stdout"] == "hi\n"
    broken = submit(judge, "int main( {", 50)
    assert broken["status"]["id"] == 6 and "error" in broken["compile_output"]
    segv = submit(judge, "int main(){int*p=0;return *p;}", 50)
    assert segv["status"] == {"id": 7, "description": "Runtime Error (SIGSEGV)"}
    slow = submit(judge, "while True: pass", cpu_time_limit=1)
    assert slow["status"]["description"] == "Time Limit Exceeded"
    hungry = submit(judge, "x = bytearray(400 * 1024 * 1024)", memory_limit=64_000)
    assert hungry["status"]["id"] == 12 and hungry["message"] == "Memory Limit Exceeded"


def test_base64_round_trip(judge: httpx.Client) -> None:
    b64 = lambda text: base64.b64encode(text.encode()).decode()  # noqa: E731
    response = judge.post(
        "/submissions?base64_encoded=true&wait=true&fields=stdout,status",
        json={"source_code": b64("print('héllo')"), "language_id": 71},
    )
    body = response.json()
    assert set(body) == {"stdout", "status"}
    assert base64.b64decode(body["stdout"]).decode() == "héllo\n"
    bad = judge.post(
        "/submissions?base64_encoded=true", json={"source_code": "not base64!", "language_id": 71}
    )
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "source_code"


def test_asynchronous_submission_is_polled(judge: httpx.Client) -> None:
    created = judge.post("/submissions", json={"source_code": "print(6*7)", "language_id": 71})
    assert created.status_code == 201 and set(created.json()) == {"token"}
    token = created.json()["token"]
    deadline = time.monotonic() + 60
    while True:  # the Judge0 protocol is polling; bounded
        body = judge.get(f"/submissions/{token}").json()
        if body["status"]["id"] > 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert body["status"]["id"] == 3 and body["stdout"] == "42\n"
    everything = judge.get(f"/submissions/{token}?fields=*").json()
    assert everything["source_code"] == "print(6*7)" and everything["language"]["id"] == 71


def test_tokens_are_required_private_and_revocable(
    platform: Platform, admin: Browserless, judge: httpx.Client
) -> None:
    anonymous = httpx.get(f"{platform.url}{PREFIX}/languages")
    assert anonymous.status_code == 401 and anonymous.json()["reason"] == "token_required"
    token = judge.post("/submissions", json={"source_code": "print(1)", "language_id": 71}).json()[
        "token"
    ]
    other_id, other = new_token(admin, "other")
    with httpx.Client(base_url=f"{platform.url}{PREFIX}", headers={"X-Auth-Token": other}) as c:
        assert c.get(f"/submissions/{token}").status_code == 404  # not theirs
        assert admin.api("DELETE", f"tokens/{other_id}").status_code == 200
        refused = c.get("/languages")
        assert refused.status_code == 401 and refused.json()["reason"] == "invalid_token"
    listed = admin.api("GET", "tokens").json()["items"]
    assert all("token" not in item for item in listed)
    assert next(i for i in listed if i["id"] == other_id)["revoked"] is True


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"source_code": "x", "language_id": 9999}, 422, "language_id"),
        ({"source_code": "x"}, 422, "language_id"),
        ({"source_code": "x", "language_id": 71, "callback_url": "http://x"}, 422, "callback_url"),
        ({"source_code": "x", "language_id": 71, "cpu_time_limit": 999}, 422, "cpu_time_limit"),
        ({"source_code": 5, "language_id": 71}, 422, "source_code"),
    ],
    ids=["unknown language", "no language", "unsupported field", "limit too high", "wrong type"],
)
def test_bad_submissions(
    judge: httpx.Client, body: dict[str, Any], status: int, field: str
) -> None:
    response = judge.post("/submissions", json=body)
    assert response.status_code == status, response.text
    assert any(f["field"] == field for f in response.json()["fields"])


def test_candidates_cannot_create_tokens(platform: Platform) -> None:
    carol = Browserless(platform)
    carol.login("carol", "carol-demo-pass")
    carol.open_service()
    refused = carol.api("POST", "tokens", {"name": "mine"})
    assert refused.status_code == 403 and refused.json()["reason"] == "admin_only"
    carol.close()
