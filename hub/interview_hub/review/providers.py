"""AI code review, step 2: the model that phrases the review, behind one interface.

``Provider.stream(messages)`` yields the model's text as it arrives (OpenAI-style chat messages
in, text chunks out; temperature 0). Three providers, chosen by configuration
(``provider_from_env``):

- ``local``: llama-cpp-python's OpenAI-compatible server (``python -m llama_cpp.server``) on a
  free 127.0.0.1 port, started on first use and restarted if it dies; ONE shared process per
  model file (``LocalServer.shared``). The GGUF comes from ``scripts/fetch-model``, the wheel from
  ``scripts/build-llama-wheel``.
- ``openai``: any OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp's server, OpenAI) through
  httpx streaming.
- ``gemini``: Google's API through google-genai (``GOOGLE_API_KEY``).

Each provider has a ``ReviewQueue``: one review at a time per model process, the others wait in
order and are told their position.

Environment: ``REVIEW_PROVIDER`` = none | local | openai | gemini (default none: evidence-only),
``REVIEW_MODEL_PATH``, ``REVIEW_MODEL`` (model name for openai/gemini), ``OPENAI_BASE_URL``,
``OPENAI_API_KEY``, ``GOOGLE_API_KEY``, ``REVIEW_THREADS``, ``REVIEW_CTX``.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}
PositionCallback = Callable[[int], None]

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DEFAULT_MAX_TOKENS = 640
START_TIMEOUT_S = 120.0


class ProviderError(RuntimeError):
    """The model could not be reached or answered with an error."""


def cache_dir() -> Path:
    base = os.environ.get("INTERVIEW_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "interview-platform"
    )
    return Path(base)


def default_model_path() -> Path:
    return cache_dir() / "models" / MODEL_FILE


def llama_cpp_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


# --- one review at a time per model process -------------------------------------------------


@dataclass
class _Waiter:
    future: asyncio.Future[None]
    on_position: PositionCallback | None


class ReviewQueue:
    """FIFO turn-taking: ``async with queue.turn(on_position):`` runs one holder at a time.

    ``on_position(n)`` is called with the number of reviews ahead (1 = next) on entering the
    queue and whenever it moves. Not bound to an event loop at construction (futures are made
    on the running loop), so one queue can serve a process across loops.
    """

    def __init__(self) -> None:
        self._busy = False
        self._waiting: list[_Waiter] = []
        self._guard = threading.Lock()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def busy(self) -> bool:
        return self._busy

    @contextlib.asynccontextmanager
    async def turn(self, on_position: PositionCallback | None = None) -> AsyncIterator[None]:
        await self._acquire(on_position)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, on_position: PositionCallback | None) -> None:
        with self._guard:
            if not self._busy and not self._waiting:
                self._busy = True
                return
            waiter = _Waiter(asyncio.get_running_loop().create_future(), on_position)
            self._waiting.append(waiter)
            position = len(self._waiting)
        if on_position:
            on_position(position)
        try:
            await waiter.future
        except asyncio.CancelledError:
            with self._guard:
                if waiter in self._waiting:
                    self._waiting.remove(waiter)
                    self._announce()
                    raise
            # the turn was handed to us as we were cancelled: pass it on
            self._release()
            raise

    def _release(self) -> None:
        with self._guard:
            while self._waiting:
                waiter = self._waiting.pop(0)
                if waiter.future.done():
                    continue
                waiter.future.get_loop().call_soon_threadsafe(_wake, waiter.future)
                self._announce()
                return
            self._busy = False

    def _announce(self) -> None:
        for i, waiter in enumerate(self._waiting, start=1):
            if waiter.on_position:
                waiter.on_position(i)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


# --- the interface ---------------------------------------------------------------------------


class Provider(Protocol):
    name: str  # "local", "openai", "gemini"

    @property
    def queue(self) -> ReviewQueue: ...

    @property
    def model_id(self) -> str: ...

    def stream(
        self, messages: list[Message], *, max_tokens: int | None = None
    ) -> AsyncGenerator[str, None]:
        """The answer's text as it arrives; ``max_tokens`` caps this answer (default: the
        provider's own cap). Closing the iterator early ends the request."""
        ...


# --- OpenAI-compatible -----------------------------------------------------------------------


@dataclass
class OpenAIProvider:
    """Any OpenAI-compatible ``/chat/completions`` endpoint, streamed with httpx (SSE)."""

    base_url: str
    model: str
    api_key: str = ""
    temperature: float = 0.0
    max_tokens: int = DEFAULT_MAX_TOKENS
    timeout_s: float = 300.0
    seed: int | None = 0
    name: str = "openai"
    queue: ReviewQueue = field(default_factory=ReviewQueue)
    usage: dict[str, Any] = field(default_factory=dict)  # the last stream's usage, if sent
    finish_reason: str | None = None  # the last stream's, if sent ("stop", "length")

    @property
    def model_id(self) -> str:
        return self.model

    def request_body(
        self, messages: list[Message], max_tokens: int | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
            "max_tokens": max_tokens or self.max_tokens,
            "stream": True,
        }
        if self.seed is not None:
            body["seed"] = self.seed
        return body

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    async def stream(
        self, messages: list[Message], *, max_tokens: int | None = None
    ) -> AsyncGenerator[str, None]:
        body = self.request_body(messages, max_tokens)
        async for text in self._events("/chat/completions", body):
            yield text

    async def complete(
        self, prompt: str, *, max_tokens: int, stop: list[str] | None = None
    ) -> AsyncGenerator[str, None]:
        """A raw text completion of ``prompt`` (``/completions``), streamed: the caller writes
        the chat template itself, so it can put words in the model's mouth (a heading, the
        opening of a code block) and continue from there."""
        body: dict[str, Any] = {
            "model": self.model,
            "prompt": prompt,
            "temperature": self.temperature,
            "max_tokens": max_tokens,
            "stream": True,
        }
        if stop:
            body["stop"] = stop
        if self.seed is not None:
            body["seed"] = self.seed
        async for text in self._events("/completions", body):
            yield text

    async def _events(self, path: str, body: dict[str, Any]) -> AsyncGenerator[str, None]:
        url = self.base_url.rstrip("/") + path
        timeout = httpx.Timeout(self.timeout_s, connect=10.0)
        self.usage = {}
        self.finish_reason = None
        async with (
            httpx.AsyncClient(timeout=timeout, trust_env=False) as client,
            client.stream("POST", url, json=body, headers=self.headers()) as response,
        ):
            if response.status_code >= 400:
                detail = (await response.aread()).decode(errors="replace")[:500]
                raise ProviderError(f"{url} answered {response.status_code}: {detail}")
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    chunk = json.loads(data)
                except ValueError:
                    continue
                if chunk.get("error"):
                    raise ProviderError(f"{url}: {chunk['error']}")
                if chunk.get("usage"):
                    self.usage = chunk["usage"]
                for choice in chunk.get("choices") or []:
                    if choice.get("finish_reason"):
                        self.finish_reason = choice["finish_reason"]
                    text = choice.get("text") or (choice.get("delta") or {}).get("content")
                    if text:
                        yield text


# --- local: llama-cpp-python's server, one shared process --------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalServer:
    """``python -m llama_cpp.server`` for one GGUF file, started on first use and restarted when
    it has died. ``LocalServer.shared(path)`` gives the process-wide instance for that file."""

    _shared: dict[tuple[str, int, int], LocalServer] = {}
    _shared_guard = threading.Lock()

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        threads: int = 2,
        python: str = sys.executable,
        log_path: Path | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        self.n_ctx = n_ctx
        self.threads = threads
        self.python = python
        self.log_path = log_path
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.queue = ReviewQueue()  # one review at a time for this process
        self.started_s: float | None = None  # how long the last start took
        self.warmed_pid: int | None = None  # the process whose cache holds the system prompt
        self._lock = threading.Lock()
        self._atexit = False

    @classmethod
    def shared(cls, model_path: Path, *, n_ctx: int = 4096, threads: int = 2) -> LocalServer:
        key = (str(Path(model_path).resolve()), n_ctx, threads)
        with cls._shared_guard:
            server = cls._shared.get(key)
            if server is None:
                server = cls._shared[key] = cls(Path(model_path), n_ctx=n_ctx, threads=threads)
            return server

    @property
    def model_alias(self) -> str:
        return self.model_path.name.removesuffix(".gguf")

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ProviderError("the local model server is not running")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running and self.process else None

    def command(self, port: int) -> list[str]:
        return [
            self.python,
            "-m",
            "llama_cpp.server",
            "--model",
            str(self.model_path),
            "--model_alias",
            self.model_alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(self.n_ctx),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
            "--n_batch",
            "512",
            "--verbose",
            "False",
        ]

    async def ensure_started(self) -> str:
        """Start (or restart) the server if needed; the base URL once it answers."""
        return await asyncio.to_thread(self.start)

    def start(self) -> str:
        with self._lock:
            if self.running:
                return self.base_url
            if not self.model_path.is_file():
                raise ProviderError(f"no model file at {self.model_path} (run scripts/fetch-model)")
            if not llama_cpp_available():
                raise ProviderError("llama-cpp-python is missing (run scripts/build-llama-wheel)")
            began = time.perf_counter()
            self.port = free_port()
            log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
            # OpenMP's busy-wait makes a 2-thread decode ~5x slower on a loaded 2-core machine
            env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1"}
            env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            self.process = subprocess.Popen(
                self.command(self.port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log if self.log_path else subprocess.PIPE,
                env=env,
                start_new_session=True,
            )
            if not self._atexit:
                atexit.register(self.stop)
                self._atexit = True
            if self.log_path:
                log.close()  # type: ignore[union-attr]
            self._wait_ready(began)
            self.started_s = round(time.perf_counter() - began, 2)
            return self.base_url

    def _wait_ready(self, began: float) -> None:
        url = f"http://127.0.0.1:{self.port}/v1/models"
        assert self.process is not None
        while time.perf_counter() - began < START_TIMEOUT_S:
            if self.process.poll() is not None:
                err = b""
                if self.process.stderr is not None:
                    err = self.process.stderr.read()[-2000:]
                raise ProviderError(
                    f"the local model server exited with {self.process.returncode}: "
                    f"{err.decode(errors='replace')}"
                )
            try:
                if httpx.get(url, timeout=2.0, trust_env=False).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise ProviderError(f"the local model server did not answer within {START_TIMEOUT_S:.0f}s")

    def stop(self) -> None:
        locked = self._lock.acquire(timeout=5)
        try:
            process, self.process = self.process, None
            if process is None or process.poll() is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        finally:
            if locked:
                self._lock.release()

    def rss_bytes(self) -> int | None:
        """The server's resident memory (VmRSS), if it runs."""
        pid = self.pid
        if pid is None:
            return None
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def peak_rss_bytes(self) -> int | None:
        pid = self.pid
        if pid is None:
            return None
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None


@dataclass
class LocalProvider:
    """The shared ``LocalServer`` spoken to as an OpenAI-compatible endpoint."""

    server: LocalServer
    max_tokens: int = DEFAULT_MAX_TOKENS
    name: str = "local"
    usage: dict[str, Any] = field(default_factory=dict)
    finish_reason: str | None = None

    @property
    def queue(self) -> ReviewQueue:
        return self.server.queue

    @property
    def model_id(self) -> str:
        return f"{self.server.model_alias} (llama.cpp)"

    async def stream(
        self, messages: list[Message], *, max_tokens: int | None = None
    ) -> AsyncGenerator[str, None]:
        base_url = await self.server.ensure_started()
        client = OpenAIProvider(
            base_url=base_url, model=self.server.model_alias, max_tokens=self.max_tokens
        )
        inner = client.stream(messages, max_tokens=max_tokens)
        try:
            async with contextlib.aclosing(inner):
                async for text in inner:
                    yield text
        finally:
            self.usage = client.usage

    #: the chat template of the model the server runs (Qwen2.5: ChatML), for ``complete``
    chat_template: str = "chatml"

    async def complete(
        self, prompt: str, *, max_tokens: int, stop: list[str] | None = None
    ) -> AsyncGenerator[str, None]:
        """``OpenAIProvider.complete`` on the shared server."""
        base_url = await self.server.ensure_started()
        client = OpenAIProvider(base_url=base_url, model=self.server.model_alias)
        inner = client.complete(prompt, max_tokens=max_tokens, stop=stop)
        try:
            async with contextlib.aclosing(inner):
                async for text in inner:
                    yield text
        finally:
            self.usage, self.finish_reason = client.usage, client.finish_reason

    async def warm(self, messages: list[Message]) -> bool:
        """Start the server and evaluate ``messages`` once (one token out), so that the next
        prompt starting the same way (the fixed system prompt) reuses their KV cache. Once per
        server process; takes the queue's turn (never runs beside a review). True if it ran."""
        if self.queue.busy or self.queue.waiting:
            return False
        async with self.queue.turn():
            if self.server.pid is not None and self.server.warmed_pid == self.server.pid:
                return False
            async for _ in self.stream(messages, max_tokens=1):
                pass
            self.server.warmed_pid = self.server.pid
            return True


# --- Gemini ----------------------------------------------------------------------------------


@dataclass
class GeminiProvider:
    """Gemini through google-genai. ``request(messages)`` is what ``stream`` sends."""

    api_key: str
    model: str = "gemini-2.5-flash"
    temperature: float = 0.0
    max_tokens: int = DEFAULT_MAX_TOKENS * 2
    name: str = "gemini"
    queue: ReviewQueue = field(default_factory=ReviewQueue)

    @property
    def model_id(self) -> str:
        return self.model

    def request(self, messages: list[Message], max_tokens: int | None = None) -> dict[str, Any]:
        """``generate_content_stream`` keyword arguments: the system messages become the
        system instruction, the rest ``user``/``model`` turns. ``max_tokens`` only raises the
        provider's cap (Gemini 2.5 counts its thinking against it)."""
        from google.genai import types

        system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
        contents = [
            types.Content(
                role="model" if m["role"] == "assistant" else "user",
                parts=[types.Part.from_text(text=m["content"])],
            )
            for m in messages
            if m["role"] != "system"
        ]
        config = types.GenerateContentConfig(
            system_instruction=system or None,
            temperature=self.temperature,
            max_output_tokens=max(self.max_tokens, max_tokens or 0),
            candidate_count=1,
        )
        return {"model": self.model, "contents": contents, "config": config}

    def client(self) -> Any:
        from google import genai

        return genai.Client(api_key=self.api_key)

    async def stream(
        self, messages: list[Message], *, max_tokens: int | None = None
    ) -> AsyncGenerator[str, None]:
        client = self.client()
        try:
            async for chunk in await client.aio.models.generate_content_stream(
                **self.request(messages, max_tokens)
            ):
                if chunk.text:
                    yield chunk.text
        except ProviderError:
            raise
        except Exception as exc:  # google-genai raises its own error classes
            raise ProviderError(f"Gemini: {exc}") from exc


# --- configuration ---------------------------------------------------------------------------

PROVIDERS = ("none", "local", "openai", "gemini")


def provider_from_env(environ: Mapping[str, str] | None = None) -> Provider | None:
    """The provider the environment asks for, or None (evidence-only reviews).

    ``REVIEW_PROVIDER`` unset or ``none``: None. A provider that is asked for but cannot work
    raises ``ProviderError`` at first use (``local``: no model file or llama_cpp) or here
    (missing URL or key).
    """
    env = os.environ if environ is None else environ
    choice = env.get("REVIEW_PROVIDER", "").strip().lower()
    model_path = Path(env.get("REVIEW_MODEL_PATH") or default_model_path())
    if not choice:
        choice = "none"
    if choice not in PROVIDERS:
        raise ProviderError(f"REVIEW_PROVIDER must be one of {', '.join(PROVIDERS)}: {choice!r}")
    if choice == "none":
        return None
    if choice == "local":
        server = LocalServer.shared(
            model_path,
            n_ctx=int(env.get("REVIEW_CTX", "4096")),
            threads=int(env.get("REVIEW_THREADS", "2")),
        )
        return LocalProvider(server)
    if choice == "openai":
        base = env.get("OPENAI_BASE_URL", "").strip()
        if not base:
            raise ProviderError("REVIEW_PROVIDER=openai needs OPENAI_BASE_URL")
        return OpenAIProvider(
            base_url=base,
            model=env.get("REVIEW_MODEL", "").strip() or "gpt-4o-mini",
            api_key=env.get("OPENAI_API_KEY", ""),
        )
    key = env.get("GOOGLE_API_KEY", "").strip()
    if not key:
        raise ProviderError("REVIEW_PROVIDER=gemini needs GOOGLE_API_KEY")
    return GeminiProvider(
        api_key=key, model=env.get("REVIEW_MODEL", "").strip() or "gemini-2.5-flash"
    )


_configured: tuple[Provider | None] | None = None


def configured_provider() -> Provider | None:
    """``provider_from_env()`` once per process (so the local server is shared)."""
    global _configured
    if _configured is None:
        _configured = (provider_from_env(),)
    return _configured[0]


def reset_configured() -> None:
    global _configured
    _configured = None
