"""Every language: hello world and echo-stdin are Accepted, wrong output is Wrong Answer, a compile
error is Compilation Error with a readable message, runtime failures carry their signal."""

from __future__ import annotations

import pytest

from interview_hub.grading import Grader, Limits, TestCase, Verdict
from tests.grading.conftest import tool_missing
from tests.support.needs import require

# Each program prints "hello", then echoes its input's words, one per line.
ECHO = {
    "python": "import sys\nprint('hello')\nfor w in sys.stdin.read().split():\n    print(w)\n",
    "c": """#include <stdio.h>
int main(void) { char w[256]; puts("hello"); while (scanf("%255s", w) == 1) puts(w); return 0; }
""",
    "cpp": """#include <bits/stdc++.h>
using namespace std;
int main() { string w; cout << "hello\\n"; while (cin >> w) cout << w << '\\n'; }
""",
    "java": """import java.util.*;
public class Solution {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    System.out.println("hello");
    while (in.hasNext()) System.out.println(in.next());
  }
}
""",
    "javascript": """const words = require('fs').readFileSync(0, 'utf8')
  .split(/\\s+/).filter(Boolean);
console.log('hello');
for (const w of words) console.log(w);
""",
    "typescript": """const words: string[] = require('fs').readFileSync(0, 'utf8')
  .split(/\\s+/).filter(Boolean);
console.log('hello');
for (const w of words) console.log(w);
""",
    "go": """package main
import ("bufio"; "fmt"; "os")
func main() {
  fmt.Println("hello")
  s := bufio.NewScanner(os.Stdin)
  s.Split(bufio.ScanWords)
  for s.Scan() { fmt.Println(s.Text()) }
}
""",
    "rust": """use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    println!("hello");
    for w in s.split_whitespace() { println!("{}", w); }
}
""",
}

BROKEN = {
    "python": "def f(:\n    pass\n",
    "c": "int main(void) { return undefined_name; }\n",
    "cpp": "int main() { std::vector<int> v; }\n",
    "java": 'public class Main { public static void main(String[] a) { int x = "s"; } }\n',
    "javascript": "function (\n",
    "typescript": "const x: number = ;\n",
    "go": "package main\nfunc main() { x := 1 }\n",
    "rust": 'fn main() { let x: i32 = "s"; }\n',
}
# A fragment of the compiler's message that a reader would recognise.
BROKEN_SAYS = {
    "python": "SyntaxError",
    "c": "undefined_name",
    "cpp": "vector",
    "java": "incompatible types",
    "javascript": "SyntaxError",
    "typescript": "main.ts",
    "go": "declared but not used",
    "rust": "mismatched types",
}
CRASH_SEGV = "int main(void) { volatile int *p = 0; *p = 1; return 0; }\n"
LANGUAGES = list(ECHO)


def _skip(grader: Grader, language: str) -> None:
    reason = tool_missing(grader, language)
    require(not reason, reason or "")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_hello_and_echo(grader: Grader, language: str) -> None:
    _skip(grader, language)
    tests = [
        TestCase("", "hello\n", name="hello"),
        TestCase("alpha beta\ngamma\n", "hello\nalpha\nbeta\ngamma   \n\n", name="echo"),
        TestCase("x y", "hello\nx\nz\n", name="wrong", hidden=True),
    ]
    result = await grader.grade(language, ECHO[language], tests, Limits(time_s=5))
    assert result.compile_output == "" or result.verdict is not Verdict.COMPILATION_ERROR
    verdicts = [t.verdict for t in result.tests]
    assert verdicts == [Verdict.ACCEPTED, Verdict.ACCEPTED, Verdict.WRONG_ANSWER], result
    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.passed == 2
    first = result.tests[0]
    assert first.wall_ms > 0 and first.time_ms > 0 and first.memory_kb > 0
    assert result.to_dict()["tests"][2]["verdict"] == "Wrong Answer"


@pytest.mark.parametrize("language", LANGUAGES)
async def test_compile_error_is_readable(grader: Grader, language: str) -> None:
    _skip(grader, language)
    result = await grader.grade(language, BROKEN[language], [TestCase("", "")])
    assert result.verdict is Verdict.COMPILATION_ERROR, result
    assert BROKEN_SAYS[language] in result.compile_output
    assert result.tests == []
    assert "/box" not in result.compile_output.splitlines()[0] or language == "javascript"


async def test_runtime_errors(grader: Grader) -> None:
    segv = await grader.grade("c", CRASH_SEGV, [TestCase("", "")])
    assert (segv.verdict, segv.signal, segv.label) == (
        Verdict.RUNTIME_ERROR,
        "SIGSEGV",
        "Runtime Error (SIGSEGV)",
    )
    fpe = await grader.grade(
        "c",
        "int main(int c, char **v) { volatile int z = c - 1, r = 100 / z; return r; }\n",
        [TestCase()],
    )
    assert (fpe.verdict, fpe.signal) == (Verdict.RUNTIME_ERROR, "SIGFPE")
    nzec = await grader.grade("python", "raise SystemExit(3)", [TestCase()])
    assert (nzec.verdict, nzec.signal, nzec.tests[0].exit_code) == (Verdict.RUNTIME_ERROR, None, 3)
    exc = await grader.grade(
        "java",
        "public class Main { public static void main(String[] a) {"
        ' throw new IllegalStateException("boom"); } }',
        [TestCase()],
    )
    assert exc.verdict is Verdict.RUNTIME_ERROR
    assert "IllegalStateException: boom" in exc.tests[0].stderr
    abort = await grader.grade("rust", 'fn main() { panic!("boom"); }', [TestCase()])
    assert abort.verdict is Verdict.RUNTIME_ERROR and "boom" in abort.tests[0].stderr


async def test_python_semantics_kept_by_bootstrap(grader: Grader) -> None:
    source = (
        "import sys, pickle\n"
        "class P: pass\n"
        "assert pickle.loads(pickle.dumps(P())).__class__.__name__ == 'P'\n"
        "if __name__ == '__main__':\n"
        "    print(sys.argv[0], __file__)\n"
        "    exit(0)\n"
    )
    result = await grader.grade("python", source, [TestCase("", "main.py /box/main.py")])
    assert result.verdict is Verdict.ACCEPTED, result


async def test_stop_on_failure_and_expected_none(grader: Grader) -> None:
    tests = [TestCase("1", "3"), TestCase("2", "2")]
    result = await grader.grade("python", "print(2)", tests, stop_on_failure=True)
    assert [t.verdict for t in result.tests] == [Verdict.WRONG_ANSWER]
    run_only = await grader.grade("python", "print(input()[::-1])", [TestCase("abc")])
    assert run_only.verdict is Verdict.ACCEPTED and run_only.tests[0].stdout == "cba\n"


async def test_unknown_language_and_huge_source(grader: Grader) -> None:
    assert (await grader.grade("cobol", "", [])).verdict is Verdict.INTERNAL_ERROR
    huge = await grader.grade("python", "#" * 300_000, [TestCase()])
    assert huge.verdict is Verdict.COMPILATION_ERROR
