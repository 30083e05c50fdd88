"""Each language: hello world, readable compile errors, exit status and signals, stdin."""

from __future__ import annotations

import pytest

from .client import Kernel

HELLO = {
    "c": '#include <stdio.h>\nint main(void) { printf("hello from c\\n"); return 0; }',
    "cpp": '#include <iostream>\nint main() { std::cout << "hello from cpp" << std::endl; }',
    "java": "public class Main {\n  public static void main(String[] a) {\n"
    '    System.out.println("hello from java");\n  }\n}',
    "javascript": 'console.log("hello from javascript")',
    "typescript": 'const who: string = "typescript";\nconsole.log(`hello from ${who}`)',
    "go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from go") }',
    "rust": 'fn main() { println!("hello from rust"); }',
    "python3": 'print("hello from python3")',
}
LANGUAGES = [name for name in HELLO if name != "python3"]

# The error sits on line 3 of each cell.
COMPILE_ERROR = {
    "c": '#include <stdio.h>\nint main(void) {\n  printf("x\\n")\n}',
    "cpp": "#include <iostream>\nint main() {\n  int x = undefined_name;\n}",
    "java": "public class Main {\n  public static void main(String[] a) {\n"
    '    int x = "text";\n  }\n}',
    "go": "package main\n\nfunc main() { x := 1 }",
    "rust": "fn main() {\n    let x: i32 = 1;\n    let y: String = x;\n}",
    "typescript": "const a = 1;\nconst b = 2;\nconst = 3;",
}
COMPILE_LOCATION = {
    "c": "main.c:3",
    "cpp": "main.cpp:3",
    "java": "Main.java:3",
    "go": "main.go:3",
    "rust": "main.rs:3",
    "typescript": "main.ts:3",
}

EXIT_3 = {
    "c": "#include <stdlib.h>\nint main(void) { exit(3); }",
    "cpp": "#include <cstdlib>\nint main() { std::exit(3); }",
    "java": "class Main { public static void main(String[] a) { System.exit(3); } }",
    "javascript": "process.exit(3)",
    "typescript": "const code: number = 3; process.exit(code)",
    "go": 'package main\n\nimport "os"\n\nfunc main() { os.Exit(3) }',
    "rust": "fn main() { std::process::exit(3); }",
}

READ_TWO_LINES = {
    "c": "#include <stdio.h>\nint main(void) {\n  char name[64]; int n;\n"
    '  printf("name?\\n"); fflush(stdout);\n  if (scanf("%63s", name) != 1) return 1;\n'
    '  printf("number?\\n"); fflush(stdout);\n  if (scanf("%d", &n) != 1) return 1;\n'
    '  printf("%s has %d\\n", name, n * 2);\n  return 0;\n}',
    "java": "import java.util.Scanner;\npublic class Main {\n"
    "  public static void main(String[] a) {\n    Scanner in = new Scanner(System.in);\n"
    '    System.out.println("name?");\n    String name = in.next();\n'
    '    System.out.println("number?");\n    int n = in.nextInt();\n'
    '    System.out.println(name + " has " + (n * 2));\n  }\n}',
    "javascript": "const rl = require('readline').createInterface({ input: process.stdin });\n"
    "const it = rl[Symbol.asyncIterator]();\n(async () => {\n  console.log('name?');\n"
    "  const name = (await it.next()).value;\n  console.log('number?');\n"
    "  const n = Number((await it.next()).value);\n  console.log(`${name} has ${n * 2}`);\n"
    "  rl.close();\n})();",
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar name string\n\tvar n int\n'
    '\tfmt.Println("name?")\n\tfmt.Scan(&name)\n\tfmt.Println("number?")\n\tfmt.Scan(&n)\n'
    '\tfmt.Printf("%s has %d\\n", name, n*2)\n}',
    "rust": "use std::io::BufRead;\nfn main() {\n  let stdin = std::io::stdin();\n"
    '  let mut lines = stdin.lock().lines();\n  println!("name?");\n'
    '  let name = lines.next().unwrap().unwrap();\n  println!("number?");\n'
    "  let n: i32 = lines.next().unwrap().unwrap().trim().parse().unwrap();\n"
    '  println!("{} has {}", name, n * 2);\n}',
}

SUM_ALL_INPUT = {
    "c": "#include <stdio.h>\nint main(void) {\n  long s = 0, x;\n"
    '  while (scanf("%ld", &x) == 1) s += x;\n  printf("sum %ld\\n", s);\n}',
    "javascript": "const data = require('fs').readFileSync(0, 'utf8');\n"
    "const s = data.split(/\\s+/).filter(Boolean).map(Number).reduce((a, b) => a + b, 0);\n"
    "console.log(`sum ${s}`);",
    "python3": "import sys\nprint('sum', sum(int(x) for x in sys.stdin.read().split()))",
}


@pytest.mark.parametrize("name", [*LANGUAGES, "python3"])
def test_hello_world(kernels: dict[str, Kernel], name: str) -> None:
    outcome = kernels[name].run(HELLO[name])
    assert outcome.status == "ok", outcome.reply
    assert outcome.stdout == f"hello from {name}\n"


@pytest.mark.parametrize("name", list(COMPILE_ERROR))
def test_compile_error_is_readable(kernels: dict[str, Kernel], name: str) -> None:
    outcome = kernels[name].run(COMPILE_ERROR[name])
    assert outcome.status == "error"
    assert outcome.ename == "CompilationError"
    assert COMPILE_LOCATION[name] in outcome.stderr, outcome.stderr
    assert COMPILE_LOCATION[name].split(":")[0] in outcome.evalue, outcome.evalue
    assert outcome.errors() and outcome.errors()[0]["ename"] == "CompilationError"
    # the kernel stays usable
    assert kernels[name].run(HELLO[name]).stdout == f"hello from {name}\n"


def test_compiler_warnings_are_shown_but_the_program_runs(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["c"].run(
        '#include <stdio.h>\nint main(void) { int unused; printf("ran\\n"); }'
    )
    assert outcome.status == "ok"
    assert "unused variable" in outcome.stderr
    assert outcome.stdout == "ran\n"


@pytest.mark.parametrize("name", LANGUAGES)
def test_exit_status_is_reported(kernels: dict[str, Kernel], name: str) -> None:
    outcome = kernels[name].run(EXIT_3[name])
    assert outcome.status == "error"
    assert outcome.ename == "RuntimeError"
    assert outcome.evalue == "Exited with status 3"


@pytest.mark.parametrize("name", ["c", "cpp"])
def test_signal_is_reported(kernels: dict[str, Kernel], name: str) -> None:
    code = (
        "#include <stdio.h>\nint main(void) {\n  volatile int *p = 0;\n"
        '  printf("before\\n");\n  *p = 1;\n  return 0;\n}'
    )
    outcome = kernels[name].run(code)
    assert outcome.ename == "RuntimeError"
    assert outcome.evalue.startswith("Killed by SIGSEGV"), outcome.evalue
    assert outcome.stdout == "before\n"


def test_uncaught_exception_shows_its_trace(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["java"].run(
        "public class Main {\n  public static void main(String[] a) {\n"
        '    throw new IllegalStateException("boom");\n  }\n}'
    )
    assert outcome.evalue == "Exited with status 1"
    assert "IllegalStateException: boom" in outcome.stderr
    assert "Main.java:3" in outcome.stderr


def test_java_runs_any_class_with_main(kernels: dict[str, Kernel]) -> None:
    code = (
        "import java.util.*;\nclass Helper { static int twice(int x) { return 2 * x; } }\n"
        "public class Solution {\n  public static void main(String[] a) {\n"
        "    System.out.println(Helper.twice(21));\n  }\n}"
    )
    outcome = kernels["java"].run(code)
    assert outcome.status == "ok", outcome.reply
    assert outcome.stdout == "42\n"


def test_java_without_main_says_so(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["java"].run("class Lonely { int x; }")
    assert outcome.ename == "CompilationError"
    assert "public static void main" in outcome.evalue


@pytest.mark.parametrize("name", list(READ_TWO_LINES))
def test_stdin_through_input_requests(kernels: dict[str, Kernel], name: str) -> None:
    outcome = kernels[name].run(READ_TWO_LINES[name], answers=["ada", "21"])
    assert outcome.status == "ok", (outcome.reply, outcome.stderr)
    assert outcome.prompts == 2
    assert outcome.stdout == "name?\nnumber?\nada has 42\n"


def test_prompt_without_newline_shows_before_the_program_reads(
    kernels: dict[str, Kernel],
) -> None:
    code = (
        '#include <stdio.h>\nint main(void) {\n  char s[32];\n  printf("Your name: ");\n'
        '  if (scanf("%31s", s) == 1) printf("hi %s\\n", s);\n}'
    )
    outcome = kernels["c"].run(code, answers=["bob"])
    chunks = [c["text"] for _, kind, c in outcome.messages if kind == "stream"]
    assert chunks == ["Your name: ", "hi bob\n"]


def test_stdin_eof_through_input_request(kernels: dict[str, Kernel]) -> None:
    # answers run out -> the frontend sends EOF (\x04): the program sees the end of input
    outcome = kernels["c"].run(SUM_ALL_INPUT["c"], answers=["1 2", "3"])
    assert outcome.status == "ok", outcome.reply
    assert outcome.prompts == 3
    assert outcome.stdout == "sum 6\n"


@pytest.mark.parametrize("name", ["c", "javascript"])
def test_stdin_magic(kernels: dict[str, Kernel], name: str) -> None:
    outcome = kernels[name].run("%%stdin\n1 2 3\n4\n%%\n" + SUM_ALL_INPUT[name], answers=[])
    assert outcome.status == "ok", outcome.reply
    assert outcome.prompts == 0
    assert outcome.stdout == "sum 10\n"


def test_without_stdin_the_program_sees_end_of_input(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["c"].run(SUM_ALL_INPUT["c"])
    assert outcome.stdout == "sum 0\n"


def test_args_magic(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["javascript"].run(
        '%%args one "two words"\nconsole.log(process.argv.slice(2))'
    )
    assert outcome.stdout == "[ 'one', 'two words' ]\n"


def test_es_module_syntax_runs(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["typescript"].run(
        "import { strict as assert } from 'node:assert';\nassert.equal(1 + 1, 2);\n"
        "console.log('esm ok');"
    )
    assert outcome.status == "ok", (outcome.reply, outcome.stderr)
    assert outcome.stdout == "esm ok\n"


def test_unknown_magic_is_an_error(kernels: dict[str, Kernel]) -> None:
    outcome = kernels["c"].run("%%bogus\nint main(void) { return 0; }")
    assert outcome.ename == "MagicError"
    assert "%%bogus" in outcome.evalue


def test_kernel_info_names_the_language(kernels: dict[str, Kernel]) -> None:
    client = kernels["cpp"].client
    client.kernel_info()
    info = client.get_shell_msg(timeout=10)["content"]
    assert info["language_info"]["name"] == "c++"
    assert info["language_info"]["file_extension"] == ".cpp"
    assert "debugger" not in info.get("supported_features", [])


def test_cpp_cells_may_include_bits_stdcpp_themselves(kernels: dict[str, Kernel]) -> None:
    """Every cell gets the precompiled <bits/stdc++.h>; a cell that includes it again (most
    competitive-style C++ does) must still compile."""
    outcome = kernels["cpp"].run(
        "#include <bits/stdc++.h>\nusing namespace std;\n"
        "int main() { vector<int> v{3, 1, 2}; sort(v.begin(), v.end()); cout << v[0] << endl; }"
    )
    assert outcome.ename == "", outcome
    assert outcome.stdout == "1\n"
