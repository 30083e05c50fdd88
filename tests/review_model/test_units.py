"""The review's parts that need no model: section parsing, fix extraction, the queue, the
configuration, and the Gemini provider's request construction (no request is sent)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from interview_hub.review.compose import SECTIONS, build_messages, extract_fix, parse_sections
from interview_hub.review.models import (
    CodeMetrics,
    ComplexityEvidence,
    Evidence,
    FailingTest,
    LintEvidence,
    TestEvidence,
)
from interview_hub.review.providers import (
    GeminiProvider,
    LocalProvider,
    LocalServer,
    OpenAIProvider,
    ProviderError,
    ReviewQueue,
    provider_from_env,
)
from tests.review.golden import problem

ANSWER = """Here is the review.

## Summary
Fails one hidden test.

## Correctness
**hidden 01** expects `-1` but the code prints `0`.

### Complexity
O(n), as expected.

**Code quality:**
Fine.

## 5. Edge cases
All-negative arrays.

## Proposed fix
```python
## Summary inside code is not a heading
print(1)
```
"""


def test_sections_are_parsed_from_any_heading_style() -> None:
    sections = parse_sections(ANSWER)
    assert list(sections) == list(SECTIONS)
    assert "hidden 01" in sections["Correctness"]
    assert sections["Edge cases"] == "All-negative arrays."
    assert extract_fix(sections, ANSWER) == "## Summary inside code is not a heading\nprint(1)\n"


def test_no_fix_when_the_model_says_none_is_needed() -> None:
    text = "## Summary\nAll good.\n## Proposed fix\nNo fix needed."
    sections = parse_sections(text)
    assert extract_fix(sections, text) is None


def _evidence() -> Evidence:
    failing = FailingTest(
        name="hidden 01",
        hidden=True,
        verdict="Wrong Answer",
        input="3\n-5 -2 -9\n",
        expected="-2\n",
        actual="0\n",
    )
    return Evidence(
        problem="best-subarray-sum",
        language="python",
        tests=TestEvidence(
            verdict="Wrong Answer",
            visible_passed=3,
            visible_total=3,
            hidden_passed=5,
            hidden_total=6,
            first_failure=failing,
        ),
        lint=LintEvidence(tool="ruff 0.17.5", ran=True),
        complexity=ComplexityEvidence(ran=True, best="n", confidence=0.9, expected="O(n)"),
        metrics=CodeMetrics(lines=10, non_blank=9, nloc=8, tokens=60),
    )


def test_the_prompt_carries_the_failing_test_and_the_measurements() -> None:
    messages = build_messages(problem("best-subarray-sum"), "python", "print(0)\n", _evidence())
    assert [m["role"] for m in messages] == ["system", "user"]
    system, user = messages[0]["content"], messages[1]["content"]
    for name in SECTIONS:
        assert f"## {name}" in system
    assert "hidden 01" in user and "-5 -2 -9" in user and "Expected output" in user
    assert "Measured time grows like n" in user and "O(n)" in user
    assert "```python\nprint(0)\n```" in user


async def test_queue_runs_one_at_a_time_and_reports_positions() -> None:
    queue = ReviewQueue()
    order: list[str] = []
    positions: dict[str, list[int]] = {"b": [], "c": []}
    release = asyncio.Event()

    async def job(name: str) -> None:
        async with queue.turn(lambda n: positions[name].append(n) if name in positions else None):
            order.append(f"{name}+")
            if name == "a":
                await release.wait()
            order.append(f"{name}-")

    a = asyncio.create_task(job("a"))
    await asyncio.sleep(0)
    b = asyncio.create_task(job("b"))
    c = asyncio.create_task(job("c"))
    await asyncio.sleep(0.01)
    assert queue.busy and queue.waiting == 2
    release.set()
    await asyncio.gather(a, b, c)
    assert order == ["a+", "a-", "b+", "b-", "c+", "c-"]
    assert positions["b"][0] == 1 and positions["c"][:2] == [2, 1]
    assert not queue.busy and queue.waiting == 0


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    queue = ReviewQueue()
    async with queue.turn():
        waiter = asyncio.create_task(queue.turn().__aenter__())
        await asyncio.sleep(0.01)
        assert queue.waiting == 1
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert queue.waiting == 0
    assert not queue.busy


def test_configuration_chooses_the_provider(tmp_path: Path) -> None:
    assert provider_from_env({}) is None
    assert provider_from_env({"REVIEW_PROVIDER": "none"}) is None
    model = tmp_path / "m.gguf"
    local = provider_from_env({"REVIEW_PROVIDER": "local", "REVIEW_MODEL_PATH": str(model)})
    assert isinstance(local, LocalProvider) and local.server.model_path == model
    again = provider_from_env({"REVIEW_PROVIDER": "local", "REVIEW_MODEL_PATH": str(model)})
    assert isinstance(again, LocalProvider) and again.server is local.server  # one process
    assert again.queue is local.queue
    openai = provider_from_env(
        {
            "REVIEW_PROVIDER": "openai",
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
            "OPENAI_API_KEY": "k",
            "REVIEW_MODEL": "qwen",
        }
    )
    assert isinstance(openai, OpenAIProvider) and openai.model_id == "qwen"
    assert openai.headers()["Authorization"] == "Bearer k"
    gemini = provider_from_env({"REVIEW_PROVIDER": "gemini", "GOOGLE_API_KEY": "g"})
    assert isinstance(gemini, GeminiProvider)
    for bad in (
        {"REVIEW_PROVIDER": "gpt"},
        {"REVIEW_PROVIDER": "openai"},
        {"REVIEW_PROVIDER": "gemini"},
    ):
        with pytest.raises(ProviderError):
            provider_from_env(bad)


async def test_local_provider_without_a_model_file_says_so(tmp_path: Path) -> None:
    provider = LocalProvider(LocalServer(tmp_path / "missing.gguf"))
    with pytest.raises(ProviderError, match="fetch-model"):
        async for _ in provider.stream([{"role": "user", "content": "hi"}]):
            pass


def test_openai_request_is_temperature_zero_and_streamed() -> None:
    body = OpenAIProvider("http://127.0.0.1:9/v1", "m").request_body(
        [{"role": "user", "content": "x"}]
    )
    assert body["temperature"] == 0 and body["stream"] is True and body["seed"] == 0


def test_gemini_request_construction_only() -> None:
    """Request construction only: no request reaches Google (tests talk to 127.0.0.1 only)."""
    import google.genai  # noqa: F401  (the 'ai' extra, which scripts/test installs)

    provider = GeminiProvider(api_key="test-key", model="gemini-2.5-flash")
    messages = build_messages(problem("best-subarray-sum"), "python", "print(0)\n", _evidence())
    request = provider.request(messages)
    assert request["model"] == "gemini-2.5-flash"
    config = request["config"]
    assert config.temperature == 0
    assert config.candidate_count == 1
    assert config.system_instruction == messages[0]["content"]
    (content,) = request["contents"]
    assert content.role == "user"
    assert content.parts[0].text == messages[1]["content"]
    with_turns = provider.request(
        [
            {"role": "system", "content": "s"},
            {"role": "user", "content": "u"},
            {"role": "assistant", "content": "a"},
        ]
    )
    assert [c.role for c in with_turns["contents"]] == ["user", "model"]
    assert provider.client()._api_client.api_key == "test-key"
