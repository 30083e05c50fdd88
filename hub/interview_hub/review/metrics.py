"""Code size and cyclomatic complexity (lizard: C, C++, Java, JavaScript, TypeScript, Go, Rust,
Python), computed on the host: lizard only tokenises the text."""

from __future__ import annotations

import io
import re
import tokenize

from .models import CodeMetrics, FunctionMetrics

EXTENSIONS = {
    "python": "py",
    "c": "c",
    "cpp": "cpp",
    "java": "java",
    "javascript": "js",
    "typescript": "ts",
    "go": "go",
    "rust": "rs",
}


def code_metrics(language: str, source: str) -> CodeMetrics:
    lines = source.splitlines()
    non_blank = sum(1 for line in lines if line.strip())
    try:
        from lizard import analyze_file
    except ImportError:  # pragma: no cover - lizard is a dependency
        return CodeMetrics(
            lines=len(lines), non_blank=non_blank, nloc=non_blank, tokens=_tokens(source)
        )
    info = analyze_file.analyze_source_code(f"main.{EXTENSIONS.get(language, 'txt')}", source)
    functions = [
        FunctionMetrics(
            name=f.name,
            line=f.start_line,
            cyclomatic=f.cyclomatic_complexity,
            nloc=f.nloc,
            tokens=f.token_count,
        )
        for f in info.function_list
    ]
    cyclomatic = [f.cyclomatic for f in functions]
    return CodeMetrics(
        lines=len(lines),
        non_blank=non_blank,
        nloc=info.nloc,
        tokens=info.token_count,
        functions=functions,
        max_cyclomatic=max(cyclomatic, default=0),
        average_cyclomatic=round(sum(cyclomatic) / len(cyclomatic), 2) if cyclomatic else 0.0,
    )


def _tokens(source: str) -> int:
    try:
        return sum(
            1
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
        )
    except (tokenize.TokenError, SyntaxError):
        return len(re.findall(r"\w+|[^\w\s]", source))
