"""AI code review, step 3: the written review, built from the evidence and checked before shown.

``build_messages`` makes a fixed prompt per problem type (a stdin/stdout program, or a function
behind the problem's signature) from the ``Evidence``: the first failing test with its input,
expected and actual output, linter findings, measured against expected complexity, code metrics.
The model is asked for six Markdown sections (``SECTIONS``). ``write_review`` streams the answer
from a ``Provider`` (temperature 0), splits it into sections and, when the model proposes a fix,
runs that program through the grading sandbox: the review shows "passes all tests" or
"fails N tests" next to it. The prompt version and model id are recorded with the review.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from ..grading import Grader
from ..problems import Problem
from .complexity import WORDS
from .correctness import clip, run_tests
from .models import Evidence
from .providers import Message, PositionCallback, Provider

PROMPT_VERSION = "review-v3"
SECTIONS = ("Summary", "Correctness", "Complexity", "Code quality", "Edge cases", "Proposed fix")
STATEMENT_CHARS = 800
# the first failing test's input as the model reads it: in full when it is small; of a large
# one only its head and size (the model cannot reason over its numbers: 600 characters of them
# were ~400 prompt tokens, ~15 s on 2 cores; 200 were still ~130)
INPUT_LINES, INPUT_CHARS = 6, 200
LARGE_INPUT_CHARS = 60
_EXAMPLES = re.compile(r"^#{1,6}[ \t]*(?:examples?|sample)\b.*", re.IGNORECASE | re.MULTILINE)
SOURCE_CHARS = 6000
FENCE = {
    "python": "python",
    "c": "c",
    "cpp": "cpp",
    "java": "java",
    "javascript": "javascript",
    "typescript": "typescript",
    "go": "go",
    "rust": "rust",
}
NAMES = {
    "python": "Python",
    "c": "C",
    "cpp": "C++",
    "java": "Java",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "go": "Go",
    "rust": "Rust",
}

# A fixed system prompt per problem type (the wording measured with the 1.5B model: a shorter,
# shared one made it drop sections). The model server keeps the KV cache of the longest common
# prefix of consecutive prompts, so the system prompt is evaluated once per server and type
# (``LocalProvider.warm`` does it for the function type, most of the bank) instead of per review.
SYSTEM = {
    "program": (
        "You review a candidate's solution in a live coding interview, for the interviewers. "
        "The evidence was measured by running the code in a sandbox: trust it over your own "
        "reading of the code, and ground every claim in it. Be brief: at most three "
        "sentences per section.\n"
        "Answer in Markdown with exactly these six sections, each starting with its '## ' "
        "heading, in this order:\n"
        "## Summary\n## Correctness\n## Complexity\n## Code quality\n## Edge cases\n"
        "## Proposed fix\n"
        "In Correctness, name the failing test and explain why the code prints the wrong "
        "output for that input. In Complexity, state the measured growth and whether it meets "
        "the expected one. In Proposed fix, give the complete corrected program in one fenced "
        "code block: it must read standard input and write standard output exactly as the "
        "original does. If all tests pass and the complexity is as expected, write "
        "'No fix needed.' instead."
    ),
    "function": (
        "You review a candidate's solution in a live coding interview, for the interviewers. "
        "The candidate implements a function; the file also holds the input/output code that "
        "calls it. The evidence was measured by running the code in a sandbox: trust it over "
        "your own reading of the code, and ground every claim in it. Be brief: at most three "
        "sentences per section.\n"
        "Answer in Markdown with exactly these six sections, each starting with its '## ' "
        "heading, in this order:\n"
        "## Summary\n## Correctness\n## Complexity\n## Code quality\n## Edge cases\n"
        "## Proposed fix\n"
        "In Correctness, name the failing test and explain why the function returns the wrong "
        "result for that input. In Complexity, state the measured growth and whether it meets "
        "the expected one. In Proposed fix, give the complete corrected file (the function and "
        "the unchanged input/output code) in one fenced code block. If all tests pass and the "
        "complexity is as expected, write 'No fix needed.' instead."
    ),
}


# The answer's length: the prose sections, plus the fix (about as long as the code).
PROSE_TOKENS = 520
MAX_TOKENS = 1024


def max_tokens_for(source: str) -> int:
    """A cap on the answer for ``source``: the six short sections and a complete fix
    (~3.2 characters per token for code), so a rambling model cannot run for minutes."""
    return min(MAX_TOKENS, PROSE_TOKENS + int(len(source) / 3.2 * 1.15) + 16)


def problem_type(problem: Problem) -> str:
    return "function" if problem.meta.signature is not None else "program"


def prompt_version(problem: Problem, guided: bool = False) -> str:
    """The prompt's name as recorded with a review: its version, the problem type, and
    ``-guided`` when the service wrote the headings (``GUIDED``)."""
    return f"{PROMPT_VERSION}-{problem_type(problem)}{'-guided' * guided}"


def _block(text: str, lines: int = 12, chars: int = 600) -> str:
    body = clip(text, lines, chars).rstrip("\n") if text else "(empty)"
    return f"```\n{body}\n```"


def input_block(text: str) -> str:
    """A failing test's input for the model: whole if it fits ``INPUT_LINES`` and
    ``INPUT_CHARS``, else its first ``LARGE_INPUT_CHARS`` characters and its size (the note
    ``clip`` adds)."""
    if clip(text, INPUT_LINES, INPUT_CHARS) == text:
        return _block(text, INPUT_LINES, INPUT_CHARS)
    return _block(text, INPUT_LINES, LARGE_INPUT_CHARS)


def evidence_text(evidence: Evidence) -> str:
    """The evidence as the model reads it."""
    t = evidence.tests
    out = ["EVIDENCE (measured in the sandbox)", "", "Tests:"]
    if t.verdict == "Compilation Error":
        out.append("The program does not compile:")
        out.append(_block(t.compile_output, 15, 1200))
    else:
        out.append(
            f"Result: {t.verdict}. Passed {t.passed} of {t.total} tests "
            f"({t.visible_passed}/{t.visible_total} visible, {t.hidden_passed}/{t.hidden_total} "
            "hidden)."
        )
        failed = t.failed_names
        if len(failed) > 1:  # (one failing test: named on the next line)
            shown = ", ".join(failed[:8]) + (
                f" and {len(failed) - 8} more" if len(failed) > 8 else ""
            )
            out.append(f"Failing tests: {shown}.")
        f = t.first_failure
        if f is not None:
            out.append(f"First failing test: {f.name} ({f.verdict}).")
            out.append("Input:")
            out.append(input_block(f.input))
            if f.verdict == "Wrong Answer":
                out.append("Expected output:")
                out.append(_block(f.expected, 6, 300))
                out.append("Actual output:")
                out.append(_block(f.actual, 6, 300))
            if f.stderr.strip():
                out.append("Standard error:")
                out.append(_block(f.stderr, 8, 500))
    out += ["", "Time complexity:"]
    c = evidence.complexity
    if c.ran and c.best:
        words = WORDS.get(c.best, c.best)
        line = f"Measured time grows like {c.best} ({words}), confidence {c.confidence:.2f}."
        if c.expected:
            verdict = "slower than" if c.slower_than_expected else "within"
            line += f" Expected: {c.expected}; the measured growth is {verdict} the expected."
        out.append(line)
    else:
        reason = c.skipped_reason or "no input generator"
        out.append(f"Not measured ({reason}).")
        if c.expected:
            out.append(f"Expected: {c.expected}.")
    out += ["", "Linter (for Code quality):"]
    lint = evidence.lint
    if not lint.ran:
        out.append(f"Not run ({lint.skipped_reason}).")
    elif not lint.findings:
        out.append(f"{lint.tool}: no findings.")
    else:
        out.append(f"{lint.tool}:")
        for finding in lint.findings[:8]:
            where = f"line {finding.line}: " if finding.line else ""
            out.append(f"- {where}{finding.code} {finding.message[:160]}")
    m = evidence.metrics
    out += [
        "",
        "Size (for Code quality):",
        f"{m.nloc} lines of code, max cyclomatic complexity {m.max_cyclomatic}.",
    ]
    return "\n".join(out)


def statement_for_model(statement: str) -> str:
    """The statement without its examples (the evidence shows the failing test's own input and
    outputs; the examples were ~70 prompt tokens, ~2.5 s before the first token on 2 cores),
    clipped to ``STATEMENT_CHARS``."""
    cut = _EXAMPLES.search(statement)
    statement = (statement[: cut.start()] if cut else statement).strip()
    if len(statement) > STATEMENT_CHARS:
        statement = statement[:STATEMENT_CHARS].rsplit("\n", 1)[0] + "\n…"
    return statement


def build_messages(
    problem: Problem, language: str, source: str, evidence: Evidence
) -> list[Message]:
    """The fixed prompt for ``problem``'s type, filled with the evidence."""
    statement = statement_for_model(problem.statement)
    code = source if len(source) <= SOURCE_CHARS else source[:SOURCE_CHARS] + "\n…"
    fence = FENCE.get(language, "")
    # (a statement opening with the title as its heading is not given a second one)
    titled = statement.startswith(f"# {problem.meta.title}")
    user = "\n".join(
        [
            *([] if titled else [f"# Problem: {problem.meta.title}", ""]),
            statement,
            "",
            f"# The candidate's {NAMES.get(language, language)} code",
            f"```{fence}",
            code.rstrip("\n"),
            "```",
            "",
            evidence_text(evidence),
            "",
            "Write the review now: the six '## ' sections, in order, and nothing else.",
        ]
    )
    return [
        {"role": "system", "content": SYSTEM[problem_type(problem)]},
        {"role": "user", "content": user},
    ]


# --- parsing ---------------------------------------------------------------------------------

_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*|\*\*)?[ \t]*(?:\d+[.)][ \t]*)?"
    r"(summary|correctness|complexity|code quality|edge cases|proposed fix|fix)"
    r"[ \t]*(?:\*\*)?[ \t]*:?[ \t]*(?:\*\*)?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FENCED = re.compile(r"```[ \t]*([\w+#-]*)[ \t]*\n(.*?)```", re.DOTALL)
_CANON = {s.lower(): s for s in SECTIONS} | {"fix": "Proposed fix"}


def parse_sections(text: str) -> dict[str, str]:
    """The six sections by name (those the model wrote), from ``## Heading`` or ``**Heading**``
    lines. Text before the first heading is left out."""
    # headings inside code blocks do not count
    spans = [(m.start(), m.end()) for m in _FENCED.finditer(text)]
    marks = [m for m in _HEADING.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    sections: dict[str, str] = {}
    for i, m in enumerate(marks):
        name = _CANON[m.group(1).lower()]
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end() : end].strip()
        if name in sections:
            sections[name] = (sections[name] + "\n\n" + body).strip()
        else:
            sections[name] = body
    return sections


def extract_fix(sections: dict[str, str], full_text: str) -> str | None:
    """The proposed program: the first fenced block of the Proposed fix section (or, if the
    model put no such section, the last fenced block of the whole answer)."""
    section = sections.get("Proposed fix")
    blocks = _FENCED.findall(section) if section is not None else _FENCED.findall(full_text)[-1:]
    for _, body in blocks:
        if body.strip():
            return body.strip("\n") + "\n"
    return None


def fallback_sections(evidence: Evidence) -> dict[str, str]:
    """What the review shows, from the evidence alone, under a heading the model left out: the
    review always has every section, and says which ones the model did not write."""
    note = "_The model did not write this section; from the measured evidence:_"
    t, c, lint, m = evidence.tests, evidence.complexity, evidence.lint, evidence.metrics
    out: dict[str, str] = {}
    if t.verdict == "Compilation Error":
        out["Summary"] = "The program does not compile."
        out["Correctness"] = "The program does not compile:\n\n" + _block(
            t.compile_output, 15, 1200
        )
    else:
        out["Summary"] = f"{t.verdict}: {t.passed} of {t.total} tests pass."
        failed = t.failed_names
        line = f"Passed {t.passed} of {t.total} tests."
        if failed:
            line += f" Failing: {', '.join(failed[:8])}{' …' if len(failed) > 8 else ''}."
        out["Correctness"] = line
    if c.ran and c.best:
        line = f"Measured time grows like {c.best} ({WORDS.get(c.best, c.best)}), confidence "
        line += f"{c.confidence:.2f}."
        if c.expected:
            verdict = "slower than" if c.slower_than_expected else "within"
            line += f" Expected {c.expected}: {verdict} it."
        out["Complexity"] = line
    else:
        out["Complexity"] = f"Not measured ({c.skipped_reason or 'no input generator'})."
    if not lint.ran:
        quality = f"Linter not run ({lint.skipped_reason})."
    elif not lint.findings:
        quality = f"{lint.tool}: no findings."
    else:
        quality = f"{lint.tool}: " + "; ".join(
            f"{'line ' + str(f.line) + ': ' if f.line else ''}{f.code} {f.message[:120]}"
            for f in lint.findings[:5]
        )
    out["Code quality"] = f"{quality} {m.nloc} lines of code, max cyclomatic {m.max_cyclomatic}."
    f = t.first_failure
    out["Edge cases"] = (
        f"The first failing test, {f.name} ({f.verdict}), has the input:\n\n{_block(f.input)}"
        if f is not None
        else "No failing test points at an edge case."
    )
    out["Proposed fix"] = "No fix was proposed."
    return {name: f"{note} {body}" for name, body in out.items()}


# --- the review ------------------------------------------------------------------------------


@dataclass
class FixCheck:
    status: str  # "passes all tests" | "fails N tests" | "not checked: …"
    passed: int = 0
    total: int = 0
    verdict: str = ""
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass
class WrittenReview:
    model: str
    provider: str
    prompt_version: str
    raw: str
    sections: dict[str, str]
    missing: list[str]
    fix: str | None
    fix_check: FixCheck | None
    timings: dict[str, float]
    queue_position: int = 0  # the largest position waited at (0: no wait)
    error: str = ""
    # shown under the headings the model left out (``fallback_sections``)
    fallbacks: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The review as shown: the sections in order, the fix with its sandbox verdict."""
        if self.error and not self.raw:
            return f"The review model failed: {self.error}"
        parts = []
        if not self.sections:
            parts.append(self.raw.strip())
        for name in SECTIONS:
            body = self.sections.get(name)
            if body is None:
                if not self.sections or name not in self.fallbacks:
                    continue
                body = self.fallbacks[name]
            if name == "Proposed fix" and self.fix_check is not None:
                body += f"\n\n**Checked in the grading sandbox: {self.fix_check.status}.**"
            parts.append(f"## {name}\n\n{body}")
        if self.missing and self.sections:
            parts.append(f"_(The model left out: {', '.join(self.missing)}.)_")
        if self.error:
            parts.append(f"_(The model stopped early: {self.error})_")
        return "\n\n".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "provider": self.provider,
            "prompt_version": self.prompt_version,
            "sections": self.sections,
            "missing": self.missing,
            "fix": self.fix,
            "fix_check": None
            if self.fix_check is None
            else {
                "status": self.fix_check.status,
                "passed": self.fix_check.passed,
                "total": self.fix_check.total,
                "verdict": self.fix_check.verdict,
                "failed": self.fix_check.failed,
            },
            "timings": self.timings,
            "queue_position": self.queue_position,
            "error": self.error,
        }


async def check_fix(
    problem: Problem,
    language: str,
    fix: str,
    grader: Grader,
    *,
    include_generated: bool = True,
) -> FixCheck:
    """Run the proposed program on every test in the sandbox."""
    began = time.perf_counter()
    tests = await run_tests(problem, language, fix, grader, include_generated=include_generated)
    failed = tests.total - tests.passed
    if tests.total and failed == 0:
        status = "passes all tests"
    elif tests.verdict == "Compilation Error":
        status = f"fails {tests.total or 'all'} tests (does not compile)"
    else:
        status = f"fails {failed} test{'s' * (failed != 1)}"
    return FixCheck(
        status=status,
        passed=tests.passed,
        total=tests.total,
        verdict=tests.verdict,
        failed=tests.failed_names,
        seconds=round(time.perf_counter() - began, 3),
    )


class SectionTracker:
    """Follows the answer as it streams: ``feed(text)`` gives the sections completed by it (a
    section is complete once the next heading has arrived; ``close()`` completes the last), and
    ``fix_written`` turns true once the Proposed fix section holds a closed code block (nothing
    the model writes after it is used, so the stream can stop there)."""

    def __init__(self) -> None:
        self.text = ""
        self.done: list[str] = []

    def _settled(self) -> str:
        # a heading line counts only once its line has ended
        return self.text[: self.text.rfind("\n") + 1]

    def feed(self, piece: str) -> list[tuple[str, str]]:
        self.text += piece
        if "\n" not in piece:
            return []
        sections = parse_sections(self._settled())
        names = list(sections)
        return self._complete(sections, names[:-1])

    def close(self) -> list[tuple[str, str]]:
        sections = parse_sections(self.text)
        return self._complete(sections, list(sections))

    def _complete(self, sections: dict[str, str], names: list[str]) -> list[tuple[str, str]]:
        new = [(n, sections[n]) for n in names if n not in self.done]
        self.done += [n for n, _ in new]
        return new

    @property
    def fix_written(self) -> bool:
        fix = parse_sections(self.text).get("Proposed fix")
        return fix is not None and bool(_FENCED.search(fix))


# --- guided writing (a local model behind a raw completion endpoint) ---------------------------

# Each section is one completion that the service starts with the section's heading, capped in
# tokens and stopped at the end of its sentence or paragraph; the fix starts inside an opened
# code block. Measured on the golden set with the 1.5B model: the free-form answer was 350 to 650
# tokens (sections restating the evidence at length, a paragraph before the fix's code), and
# at ~9 tokens/s on 2 cores the answer is most of a review's time.
# (and at a code fence: prose sections restated the failing test's input and outputs in code
# blocks, up to ~80 tokens, when the evidence beside the review shows them already)
SENTENCE = [". ", ".\n", "\n\n", "\n#", "```"]
PARAGRAPH = ["\n\n", "\n#", "```"]
GUIDED: dict[str, tuple[int, list[str]]] = {
    "Summary": (60, SENTENCE),
    "Correctness": (110, PARAGRAPH),
    "Complexity": (60, SENTENCE),
    "Code quality": (60, SENTENCE),
    "Edge cases": (60, SENTENCE),
}
SHORT_OUTPUT = 40  # characters: an output the Correctness lead quotes
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


class GuidedModel(Protocol):
    finish_reason: str | None  # of the last completion: "stop", "length"

    def complete(
        self, prompt: str, *, max_tokens: int, stop: list[str] | None = None
    ) -> AsyncGenerator[str, None]: ...


def guided_completion(provider: Provider) -> GuidedModel | None:
    """The provider as a raw completion endpoint, if its chat template is known (ChatML)."""
    if getattr(provider, "chat_template", None) == "chatml" and hasattr(provider, "complete"):
        return cast(GuidedModel, provider)
    return None


def chatml(messages: list[Message]) -> str:
    """``messages`` in Qwen's chat template, ending where the assistant's answer begins."""
    turns = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return turns + "<|im_start|>assistant\n"


def finish_prose(text: str, cut_by_cap: bool) -> str:
    """A section's text as shown: cut back to its last full sentence when the cap cut it (or
    the fence stop left it announcing a block), the full stop put back when a stop sequence
    took it, a code block left open closed."""
    text = text.strip()
    if text.count("```") % 2:  # a code block the stop or the cap left open: close it, or the
        return text + "\n```"  # headings after it would read as code
    if cut_by_cap or text.endswith(":"):
        # (a colon: a sentence announcing the code block that the fence stop left out)
        ends = list(_SENTENCE_END.finditer(text))
        if ends:
            return text[: ends[-1].end()]
        return text + " …" if cut_by_cap else text[:-1] + "."
    return text if not text or text[-1] in ".!?" or text.endswith("```") else text + "."


def section_lead(name: str, evidence: Evidence) -> str:
    """The measured facts a section opens with, written by the service; the model continues
    from them (grounding: the 1.5B model left alone named no failing test, once called a
    measured n log n quadratic, and summed up a program failing half its tests as correct)."""
    t, c, lint = evidence.tests, evidence.complexity, evidence.lint
    compiled = t.verdict != "Compilation Error"
    if name == "Summary":
        if not compiled:
            return "The program does not compile."
        return f"{t.passed} of {t.total} tests pass." if t.total else ""
    if name == "Correctness":
        f = t.first_failure
        if not compiled or f is None:
            return ""
        lead = f"The first failing test is {f.name} ({f.verdict})"
        expected, actual = f.expected.strip(), f.actual.strip()
        short = 0 < max(len(expected), len(actual)) <= SHORT_OUTPUT
        if f.verdict == "Wrong Answer" and short and "\n" not in expected + actual:
            # the outputs said here, the model goes on to why (left to quote them, it copied
            # the input and both outputs into code blocks: ~80 tokens, ~6 s on 2 cores)
            return (
                f"{lead}: it expects `{expected}` and the program prints `{actual or '(nothing)'}`."
            )
        return lead
    if name == "Complexity" and c.ran and c.best:
        line = f"Measured: time grows like {WORDS.get(c.best, c.best)} ({c.best})"
        if c.expected:
            verdict = "slower than" if c.slower_than_expected else "within"
            line += f", {verdict} the expected {c.expected}"
        return line + "."
    if name == "Code quality" and lint.ran:
        found = len(lint.findings)
        return f"{lint.tool}: {found or 'no'} finding{'s' * (found != 1)}."
    return ""


def no_fix_needed(evidence: Evidence) -> bool:
    t, c = evidence.tests, evidence.complexity
    return t.total > 0 and t.passed == t.total and not c.slower_than_expected


async def _complete(
    model: GuidedModel,
    prompt: str,
    cap: int,
    stop: list[str],
    emit: Callable[[str], None],
    lead: str,
) -> tuple[str, int, bool]:
    """One capped completion streamed to ``emit``, ``lead`` (the heading the service wrote)
    going out with the model's first piece; its text, pieces, and whether the cap ended it."""
    pieces: list[str] = []
    stream = model.complete(prompt, max_tokens=cap, stop=stop)
    async with contextlib.aclosing(stream):
        async for piece in stream:
            emit(piece if pieces else lead + piece)
            pieces.append(piece)
    if not pieces:
        emit(lead)
    return "".join(pieces), len(pieces), model.finish_reason == "length"


async def _write_guided(
    model: GuidedModel,
    messages: list[Message],
    language: str,
    source: str,
    evidence: Evidence,
    emit: Callable[[str], None],
    chunks: list[str],
) -> int:
    """The six sections, each its own completion continuing the answer so far (the server
    reuses the KV cache of the common prefix, so a section costs only its own tokens). The
    number of pieces the model wrote."""
    prompt = chatml(messages)
    answer = ""
    written = 0
    for name, (cap, stop) in GUIDED.items():
        heading = f"## {name}\n\n" if not answer else f"\n\n## {name}\n\n"
        lead = section_lead(name, evidence)
        before = len(chunks)
        text, pieces, capped = await _complete(
            model, prompt + answer + heading + lead, cap, stop, emit, heading + lead
        )
        written += pieces
        shown = finish_prose(lead + text, cut_by_cap=capped)
        answer += heading + shown
        # what the reader keeps is the finished sentence, not the raw stream
        chunks[before:] = [heading + shown]
    heading = "\n\n## Proposed fix\n\n"
    if no_fix_needed(evidence):
        emit(heading + "No fix needed.")
        return written
    fence = f"```{FENCE.get(language, '')}\n"
    cap = int(len(source) / 3.2 * 1.4) + 64
    code, pieces, _ = await _complete(
        model, prompt + answer + heading + fence, cap, ["```"], emit, heading + fence
    )
    emit(("" if code.endswith("\n") else "\n") + "```")
    return written + pieces


async def write_review(
    provider: Provider,
    problem: Problem,
    language: str,
    source: str,
    evidence: Evidence,
    grader: Grader,
    *,
    on_text: Callable[[str], None] | None = None,
    on_position: PositionCallback | None = None,
    on_stage: Callable[[str], None] | None = None,
    on_section: Callable[[str, str], None] | None = None,
    include_generated: bool = True,
) -> WrittenReview:
    """Ask ``provider`` for the review (one at a time per model process), then check its fix.

    Callbacks, all optional: ``on_position(n)`` while queued (n reviews ahead), ``on_stage``
    with "writing" when the model's turn begins and "checking_fix" before the sandbox runs the
    fix, ``on_text(piece)`` per streamed piece, ``on_section(name, text)`` per completed
    section. The stream ends early once the fix's code block is closed."""
    messages = build_messages(problem, language, source, evidence)
    tracker = SectionTracker()
    waited = 0

    def position(n: int) -> None:
        nonlocal waited
        waited = max(waited, n)
        if on_position:
            on_position(n)

    began = time.perf_counter()
    chunks: list[str] = []
    timings: dict[str, float] = {}
    error = ""
    guided = guided_completion(provider)
    async with provider.queue.turn(position):
        started = time.perf_counter()
        timings["queued_s"] = round(started - began, 3)
        if on_stage:
            on_stage("writing")

        def emit(piece: str) -> None:
            if not chunks:
                timings["first_token_s"] = round(time.perf_counter() - started, 3)
            chunks.append(piece)
            if on_text:
                on_text(piece)
            for name, body in tracker.feed(piece):
                if on_section:
                    on_section(name, body)

        try:
            if guided is not None:
                timings["guided"] = 1
                timings["completion_tokens"] = await _write_guided(
                    guided, messages, language, source, evidence, emit, chunks
                )
            else:
                stream = provider.stream(messages, max_tokens=max_tokens_for(source))
                async with contextlib.aclosing(stream):
                    async for piece in stream:
                        emit(piece)
                        if "`" in piece and tracker.fix_written:
                            timings["stopped_after_fix"] = 1
                            break
        except Exception as exc:  # the evidence stands; say what happened
            error = f"{type(exc).__name__}: {exc}"[:500]
        timings["model_s"] = round(time.perf_counter() - started, 3)
    for name, body in tracker.close():
        if on_section:
            on_section(name, body)
    timings["chunks"] = len(chunks)
    usage = getattr(provider, "usage", None) or {}
    if guided is None and usage.get("completion_tokens"):
        timings["completion_tokens"] = usage["completion_tokens"]
        timings["prompt_tokens"] = usage.get("prompt_tokens", 0)
    raw = "".join(chunks)
    sections = parse_sections(raw)
    fix = extract_fix(sections, raw)
    fix_check = None
    if fix is not None:
        if on_stage:
            on_stage("checking_fix")
        fix_check = await check_fix(
            problem, language, fix, grader, include_generated=include_generated
        )
        timings["fix_check_s"] = fix_check.seconds
    timings["total_s"] = round(time.perf_counter() - began, 3)
    return WrittenReview(
        model=provider.model_id,
        provider=provider.name,
        prompt_version=prompt_version(problem, guided=guided is not None),
        raw=raw,
        sections=sections,
        missing=[s for s in SECTIONS if s not in sections],
        fix=fix,
        fix_check=fix_check,
        timings=timings,
        queue_position=waited,
        error=error,
        fallbacks=fallback_sections(evidence),
    )
