"""The AI review job through the service with the real local model (Qwen2.5-Coder-1.5B on CPU,
``REVIEW_PROVIDER=local``): the event stream carries the evidence before the model's first
token, then tokens, sections, the fix's sandbox check and the stored review; a second review
requested meanwhile waits in the model's queue and is told its position; the candidate gets 403.

Two real reviews (CPU is scarce); one model process, started by the service. Each review is
grounded in the failing test, names its model and prompt, and its fix is checked again here.
The reviews' texts and timings go to ``test-artifacts/review-stream.json``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from interview_hub.grading import Grader
from interview_hub.review.compose import SECTIONS, check_fix, prompt_version
from tests.review.golden import BANK, GOLDEN, problem
from tests.support.needs import require_sandbox
from tests.support.platform import Browserless, Platform, demo_platform
from tests.support.platform import signed_in as login
from tests.support.sse import follow

from .conftest import ARTIFACTS, check_missing

pytestmark = pytest.mark.slow
CASE = next(g for g in GOLDEN if g.name == "py_kadane_all_negative")


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, model_path: Path, llama_cpp: None
) -> Iterator[Platform]:
    require_sandbox()
    bank = tmp_path_factory.mktemp("bank")
    shutil.copytree(BANK / CASE.slug, bank / CASE.slug)
    env = {
        "PROBLEMS_DIR": str(bank),
        "REVIEW_PROVIDER": "local",
        "REVIEW_MODEL_PATH": str(model_path),
        "REVIEW_THREADS": os.environ.get("REVIEW_THREADS", "1"),  # see conftest.server
    }
    yield from demo_platform(tmp_path_factory, "review-stream", env=env)


def headers(who: Browserless) -> dict[str, str]:
    return {"X-XSRFToken": who.service_xsrf(), "Sec-Fetch-Mode": "cors"}


def test_two_streamed_reviews_with_the_real_model(platform: Platform, grader: Grader) -> None:
    alice = login(platform, "alice", "alice-demo-pass")
    carol = login(platform, "carol", "carol-demo-pass")
    iid = alice.api(
        "POST",
        "interviews",
        {
            "title": "Streamed review",
            "date": "2027-10-01",
            "time": "10:00",
            "timezone": "UTC",
            "candidate": "carol",
            "problems": [CASE.slug],
        },
    ).json()["interview"]["id"]
    (platform.data_dir / "test-clock-offset").write_text(
        str((datetime(2027, 10, 1, 10, 5, tzinfo=UTC) - datetime.now(UTC)).total_seconds())
    )
    base = f"interviews/{iid}/ai-reviews"
    body = {"problem": CASE.slug, "language": CASE.language, "source": CASE.source}
    first = alice.api("POST", base, body)
    second = alice.api("POST", base, body)
    assert first.status_code == 202 and second.status_code == 202, first.text
    paths = [f"/services/interviews/api/{base}/{r.json()['id']}/events" for r in (first, second)]

    # the candidate never gets the stream, the POST or the list
    refused = carol.client.get(paths[0], headers=headers(carol))
    assert refused.status_code == 403 and "token" not in refused.text
    assert carol.api("POST", base, body).status_code == 403
    assert carol.api("GET", base).status_code == 403

    streams = [follow(alice.client, path, timeout=600, headers=headers(alice)) for path in paths]
    report: dict[str, Any] = {}
    for n, seen in enumerate(streams, start=1):
        kinds = [e["_event"] for e in seen]
        assert kinds[-1] == "done", seen[-3:]
        assert "evidence" in kinds and "token" in kinds, kinds
        assert kinds.index("evidence") < kinds.index("token")  # evidence first
        assert kinds.count("token") > 20
        evidence = next(e for e in seen if e["_event"] == "evidence")["evidence"]
        assert evidence["tests"]["first_failure"]["name"] == CASE.failing
        review = seen[-1]["review"]
        streamed = "".join(e["text"] for e in seen if e["_event"] == "token")
        details = review["details"]
        check_missing(details["missing"], streamed)
        for name in SECTIONS:
            if name not in details["missing"]:
                assert f"## {name}" in review["text"], review["text"]
        assert [e["name"] for e in seen if e["_event"] == "section"] == [
            name for name in SECTIONS if name in details["sections"]
        ]
        if details["fix_check"] is not None:
            fix = next(e for e in seen if e["_event"] == "fix")
            assert kinds.index("fix") > kinds.index("token")
            assert f"Checked in the grading sandbox: {fix['status']}." in review["text"]
            bank = problem(CASE.slug)
            again = asyncio.run(check_fix(bank, CASE.language, details["fix"], grader))
            assert again.status == fix["status"]  # the sandbox agrees with what was shown
        # grounded in the failing test: its name, or its input values, are cited
        number = (CASE.failing or "").split()[-1]
        first_input = evidence["tests"]["first_failure"]["input"]
        cues = [CASE.failing or "", f"test {number}", f"#{number}", *first_input.split()[:3]]
        assert any(cue.lower() in streamed.lower() for cue in cues), streamed
        assert review["model"].startswith("qwen2.5-coder-1.5b-instruct-q4_k_m")
        assert review["prompt_version"] == prompt_version(problem(CASE.slug), guided=True)
        stored = alice.api("GET", f"{base}/{review['id']}").json()
        assert stored["status"] == "done" and stored["text"] == review["text"]
        report[f"review_{n}"] = {
            "case": CASE.name,
            "events": len(seen),
            "tokens": kinds.count("token"),
            "timings": details["timings"],
            "evidence_s": next(e for e in seen if e["_event"] == "evidence")["seconds"],
            "fix_check": details["fix_check"],
            "text": review["text"],
        }
    # one of the two waited for the model, and was told its place
    positions = [e["position"] for seen in streams for e in seen if e["_event"] == "queue"]
    assert 1 in positions, positions
    listed = alice.api("GET", base).json()["items"]
    assert {r["status"] for r in listed} == {"done"} and len(listed) == 2
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "review-stream.json").write_text(json.dumps(report, indent=2))
    alice.close()
    carol.close()
