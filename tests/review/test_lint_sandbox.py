"""Compiler and checker warnings come from the sandbox, per language; compile errors too."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader
from interview_hub.review import gather_evidence

from .golden import problem

WARNED = {
    "c": (
        '#include <stdio.h>\nint main(void){int unused; long n; scanf("%d", &n); return 0;}\n',
        {"-Wunused-variable", "-Wformat="},
    ),
    "java": (
        "import java.util.*;\npublic class Main { public static void main(String[] a) {"
        " List x = new ArrayList(); x.add(1); } }\n",
        {"rawtypes", "unchecked"},
    ),
    "go": (
        'package main\nimport "fmt"\nfunc main() { s := "x"; fmt.Printf("%d\\n", s) }\n',
        {"vet"},
    ),
    "javascript": ("const x = 1;\nif (x === -0) console.log(1);\n", {"equals-negative-zero"}),
}


@pytest.mark.parametrize("language", sorted(WARNED))
async def test_warnings_per_language(language: str, grader: Grader) -> None:
    source, codes = WARNED[language]
    evidence = await gather_evidence(
        problem("lonely-number"),
        language,
        source,
        grader,
        include_generated=False,
        complexity=False,
        time_budget_s=20.0,  # go vet takes ~1.2 s alone, much longer on a busy machine
    )
    assert evidence.lint.ran, evidence.lint
    assert codes <= set(evidence.lint.codes), evidence.lint


async def test_compile_error_is_the_evidence(grader: Grader) -> None:
    evidence = await gather_evidence(
        problem("lonely-number"), "cpp", "int main() { return x; }\n", grader
    )
    assert evidence.tests.verdict == "Compilation Error"
    assert evidence.summary[0].startswith("does not compile")
    assert not evidence.complexity.ran
    assert evidence.complexity.skipped_reason == "the program does not compile"
    assert any(f.severity == "error" for f in evidence.lint.findings)
