"""The real Qwen2.5-Coder-1.5B-Instruct model on CPU, through llama-cpp-python's
OpenAI-compatible server: the ``openai`` provider against it, and the ``local`` provider writing
a review of a golden buggy solution whose proposed fix is checked in the grading sandbox (the
streamed review through the service is in test_review_stream.py).

One server process for the module (``LocalServer.shared``). Timings, tokens/s and the model's
RSS go to ``test-artifacts/review-model.json``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from interview_hub.grading import Grader
from interview_hub.review.compose import SECTIONS, check_fix, prompt_version
from interview_hub.review.providers import (
    LocalProvider,
    LocalServer,
    OpenAIProvider,
    ProviderError,
    provider_from_env,
)
from interview_hub.service.db.models import Problem as ProblemRow
from interview_hub.service.domain import reviews
from tests.review.golden import BANK, GOLDEN, problem

from .conftest import ARTIFACTS, check_missing

pytestmark = pytest.mark.slow
REPORT: dict[str, Any] = {}
CASES = {case.name: case for case in GOLDEN}


def _record(key: str, value: Any) -> None:
    REPORT[key] = value
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "review-model.json").write_text(json.dumps(REPORT, indent=2))


async def test_openai_provider_against_the_local_server(server: LocalServer) -> None:
    provider = OpenAIProvider(base_url=server.base_url, model=server.model_alias, max_tokens=40)
    messages = [
        {"role": "system", "content": "You answer with one word."},
        {"role": "user", "content": "What is the capital of France?"},
    ]
    began = time.perf_counter()
    chunks = [chunk async for chunk in provider.stream(messages)]
    assert len(chunks) >= 1
    assert "paris" in "".join(chunks).lower()
    # temperature 0: the same answer again
    again = [chunk async for chunk in provider.stream(messages)]
    assert "".join(again) == "".join(chunks)
    _record("hello_s", round(time.perf_counter() - began, 2))

    broken = OpenAIProvider(base_url=server.base_url + "/nowhere", model="x")
    with pytest.raises(ProviderError, match="404"):
        async for _ in broken.stream(messages):
            pass


async def test_service_review_of_an_off_by_one_sieve(server: LocalServer, grader: Grader) -> None:
    """Through the service's domain function: evidence, then the model's review, one record."""
    case = CASES["py_primes_off_by_one"]
    row = ProblemRow(slug=case.slug, origin="bank")
    provider = provider_from_env(
        {
            "REVIEW_PROVIDER": "local",
            "REVIEW_MODEL_PATH": str(server.model_path),
            "REVIEW_THREADS": str(server.threads),
        }
    )
    assert isinstance(provider, LocalProvider) and provider.server is server  # shared process
    began = time.perf_counter()
    done = await reviews.review(grader, row, case.language, case.source, BANK, model=provider)
    total_s = time.perf_counter() - began
    evidence = done.evidence
    assert evidence["tests"]["first_failure"]["name"] == case.failing
    assert done.model.startswith("qwen2.5-coder-1.5b-instruct-q4_k_m")
    assert done.prompt_version == prompt_version(problem(case.slug), guided=True)
    details = done.details
    check_missing(details["missing"], done.text)
    for name in SECTIONS:
        if name not in details["missing"]:
            assert f"## {name}" in done.text
    failing = evidence["tests"]["first_failure"]
    number = case.failing.split()[-1] if case.failing else ""
    cues = [case.failing or "", f"test {number}", *failing["input"].split()[:1]]
    raw = "\n".join(details["sections"].values())
    assert any(cue.lower() in raw.lower() for cue in cues), raw
    if details["fix"] is not None:
        again = await check_fix(problem(case.slug), case.language, details["fix"], grader)
        assert again.status == details["fix_check"]["status"]
        assert f"Checked in the grading sandbox: {again.status}." in done.text
    _record(
        "review_2",
        {
            "case": case.name,
            "evidence_s": evidence["seconds"],
            "total_s": round(total_s, 2),
            "timings": details["timings"],
            "fix_check": details["fix_check"],
            "text": done.text,
            "rss_gb": _gb(server.rss_bytes()),
            "peak_rss_gb": _gb(server.peak_rss_bytes()),
        },
    )


def _gb(n: int | None) -> float | None:
    return None if n is None else round(n / 2**30, 2)
