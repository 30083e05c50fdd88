"""Starter code for every language from a problem's ``[signature]``.

Each starter reads the input exactly as the statement describes (whitespace-separated tokens, in
parameter order), calls one clearly marked function and prints its result. Integers are 64-bit
everywhere; ``int[][]`` is read row by row; results print as: a number or a string on one line,
``int[]`` space-separated on one line, ``str[]`` one per line, ``int[][]`` one row per line,
``float`` with 6 decimals.
"""

from __future__ import annotations

from collections.abc import Callable

from .schema import LANGUAGES, Param, Signature

MARK = "TODO: implement this function"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _size(value: str | int | None, wrap: Callable[[str], str] = str) -> str:
    return wrap(value) if isinstance(value, str) else str(value)


# -- Python -------------------------------------------------------------------------------------
_PY_TYPES = {
    "int": "int",
    "str": "str",
    "float": "float",
    "int[]": "list[int]",
    "str[]": "list[str]",
    "int[][]": "list[list[int]]",
}
_PY_DEFAULT = {
    "int": "0",
    "str": '""',
    "float": "0.0",
    "int[]": "[]",
    "str[]": "[]",
    "int[][]": "[]",
}
_PY_PRINT = {
    "int": "print(result)",
    "str": "print(result)",
    "float": 'print(f"{result:.6f}")',
    "int[]": 'print(" ".join(map(str, result)))',
    "str[]": 'print("\\n".join(result))',
    "int[][]": 'print("\\n".join(" ".join(map(str, row)) for row in result))',
}


def python(sig: Signature) -> str:
    args = ", ".join(f"{p.name}: {_PY_TYPES[p.type]}" for p in sig.params)
    reads = []
    for p in sig.params:
        if p.type == "int":
            reads.append(f"{p.name} = int(next(tokens))")
        elif p.type == "str":
            reads.append(f"{p.name} = next(tokens)")
        elif p.type == "int[]":
            reads.append(f"{p.name} = [int(next(tokens)) for _ in range({p.len})]")
        elif p.type == "str[]":
            reads.append(f"{p.name} = [next(tokens) for _ in range({p.len})]")
        else:
            reads.append(
                f"{p.name} = [[int(next(tokens)) for _ in range({p.cols})] "
                f"for _ in range({p.rows})]"
            )
    body = "\n    ".join(reads)
    call = ", ".join(p.name for p in sig.params)
    return f"""import sys


def {sig.function}({args}) -> {_PY_TYPES[sig.returns]}:
    # {MARK}
    return {_PY_DEFAULT[sig.returns]}


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    {body}
    result = {sig.function}({call})
    {_PY_PRINT[sig.returns]}


if __name__ == "__main__":
    main()
"""


# -- C ------------------------------------------------------------------------------------------
_C_TYPES = {
    "int": "long long",
    "str": "char *",
    "float": "double",
    "int[]": "long long *",
    "str[]": "char **",
    "int[][]": "long long **",
}


def _c_decl(ctype: str, name: str) -> str:
    return f"{ctype}{name}" if ctype.endswith("*") else f"{ctype} {name}"


def c(sig: Signature) -> str:
    params = [_c_decl(_C_TYPES[p.type], p.name) for p in sig.params]
    ret = sig.returns
    if ret in ("int[]", "str[]"):
        params.append("int *result_len")
    elif ret == "int[][]":
        params += ["int *result_rows", "int *result_cols"]
    defaults = {
        "int": "    return 0;",
        "str": '    return "";',
        "float": "    return 0.0;",
        "int[]": "    *result_len = 0;\n    return NULL;",
        "str[]": "    *result_len = 0;\n    return NULL;",
        "int[][]": "    *result_rows = 0;\n    *result_cols = 0;\n    return NULL;",
    }
    notes = {
        "int[]": "\n * Return a malloc'd array and store its length in *result_len.",
        "str[]": "\n * Return a malloc'd array of strings and store its length in *result_len.",
        "int[][]": "\n * Return malloc'd rows; store the row count in *result_rows and the "
        "length of every row\n * in *result_cols.",
    }
    reads = []
    for p in sig.params:
        if p.type == "int":
            reads.append(f"long long {p.name} = read_int();")
        elif p.type == "str":
            reads.append(f"char *{p.name} = read_token();")
        elif p.type == "int[]":
            n = _size(p.len)
            reads.append(f"long long *{p.name} = malloc(sizeof(long long) * ({n} + 1));")
            reads.append(f"for (long long i = 0; i < {n}; i++) {p.name}[i] = read_int();")
        elif p.type == "str[]":
            n = _size(p.len)
            reads.append(f"char **{p.name} = malloc(sizeof(char *) * ({n} + 1));")
            reads.append(f"for (long long i = 0; i < {n}; i++) {p.name}[i] = read_token();")
        else:
            rows, cols = _size(p.rows), _size(p.cols)
            reads.append(f"long long **{p.name} = malloc(sizeof(long long *) * ({rows} + 1));")
            reads.append(f"for (long long i = 0; i < {rows}; i++) {{")
            reads.append(f"    {p.name}[i] = malloc(sizeof(long long) * ({cols} + 1));")
            reads.append(f"    for (long long j = 0; j < {cols}; j++) {p.name}[i][j] = read_int();")
            reads.append("}")
    call = ", ".join(p.name for p in sig.params)
    prints = {
        "int": f'    long long result = {sig.function}({call});\n    printf("%lld\\n", result);',
        "str": f'    char *result = {sig.function}({call});\n    printf("%s\\n", result);',
        "float": f'    double result = {sig.function}({call});\n    printf("%.6f\\n", result);',
        "int[]": "    int len = 0;\n"
        f"    long long *result = {sig.function}({call}, &len);\n"
        '    for (int i = 0; i < len; i++) printf(i ? " %lld" : "%lld", result[i]);\n'
        '    printf("\\n");',
        "str[]": "    int len = 0;\n"
        f"    char **result = {sig.function}({call}, &len);\n"
        '    for (int i = 0; i < len; i++) printf("%s\\n", result[i]);',
        "int[][]": "    int rows = 0, cols = 0;\n"
        f"    long long **result = {sig.function}({call}, &rows, &cols);\n"
        "    for (int i = 0; i < rows; i++) {\n"
        '        for (int j = 0; j < cols; j++) printf(j ? " %lld" : "%lld", result[i][j]);\n'
        '        printf("\\n");\n'
        "    }",
    }
    body = "\n".join("    " + line for line in reads)
    signature = ",\n        ".join(params) if len(", ".join(params)) > 60 else ", ".join(params)
    return f"""#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long read_int(void) {{
    long long x = 0;
    if (scanf("%lld", &x) != 1) return 0;
    return x;
}}

/* Reads one whitespace-separated token into a malloc'd string. */
static char *read_token(void) {{
    size_t cap = 16, len = 0;
    char *s = malloc(cap);
    int ch = getchar();
    while (ch == ' ' || ch == '\\n' || ch == '\\r' || ch == '\\t') ch = getchar();
    while (ch != EOF && ch != ' ' && ch != '\\n' && ch != '\\r' && ch != '\\t') {{
        if (len + 1 >= cap) s = realloc(s, cap *= 2);
        s[len++] = (char)ch;
        ch = getchar();
    }}
    s[len] = '\\0';
    return s;
}}

/* {MARK}{notes.get(ret, "")} */
{_c_decl(_C_TYPES[ret], sig.function)}({signature}) {{
{defaults[ret]}
}}

int main(void) {{
{body}
{prints[ret]}
    return 0;
}}
"""


# -- C++ ----------------------------------------------------------------------------------------
_CPP_TYPES = {
    "int": "long long",
    "str": "string",
    "float": "double",
    "int[]": "vector<long long>",
    "str[]": "vector<string>",
    "int[][]": "vector<vector<long long>>",
}


def cpp(sig: Signature) -> str:
    def param(p: Param) -> str:
        t = _CPP_TYPES[p.type]
        return f"{t} {p.name}" if p.type == "int" else f"{t}& {p.name}"

    reads = []
    for p in sig.params:
        t = _CPP_TYPES[p.type]
        if p.type in ("int", "str"):
            reads.append(f"{t} {p.name};")
            reads.append(f"cin >> {p.name};")
        elif p.type in ("int[]", "str[]"):
            reads.append(f"{t} {p.name}({_size(p.len)});")
            reads.append(f"for (auto& x : {p.name}) cin >> x;")
        else:
            reads.append(f"{t} {p.name}({_size(p.rows)}, vector<long long>({_size(p.cols)}));")
            reads.append(f"for (auto& row : {p.name})")
            reads.append("    for (auto& x : row) cin >> x;")
    call = ", ".join(p.name for p in sig.params)
    prints = {
        "int": "cout << result << '\\n';",
        "str": "cout << result << '\\n';",
        "float": "cout << fixed << setprecision(6) << result << '\\n';",
        "int[]": 'for (size_t i = 0; i < result.size(); i++) cout << (i ? " " : "") '
        "<< result[i];\n    cout << '\\n';",
        "str[]": "for (const auto& s : result) cout << s << '\\n';",
        "int[][]": "for (const auto& row : result) {\n"
        '        for (size_t i = 0; i < row.size(); i++) cout << (i ? " " : "") << row[i];\n'
        "        cout << '\\n';\n    }",
    }
    defaults = {"int": "0", "str": '""', "float": "0.0"}
    params = ", ".join(param(p) for p in sig.params)
    if len(params) > 70:
        params = "\n        " + ",\n        ".join(param(p) for p in sig.params)
    body = "\n".join("    " + line for line in reads)
    return f"""#include <bits/stdc++.h>
using namespace std;

// {MARK}
{_CPP_TYPES[sig.returns]} {sig.function}({params}) {{
    return {defaults.get(sig.returns, "{}")};
}}

int main() {{
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
{body}
    auto result = {sig.function}({call});
    {prints[sig.returns]}
    return 0;
}}
"""


# -- Java ---------------------------------------------------------------------------------------
_JAVA_TYPES = {
    "int": "long",
    "str": "String",
    "float": "double",
    "int[]": "long[]",
    "str[]": "String[]",
    "int[][]": "long[][]",
}


def java(sig: Signature) -> str:
    def n(value: str | int | None) -> str:
        return _size(value, lambda name: f"(int) {camel(name)}")

    reads = []
    for p in sig.params:
        name = camel(p.name)
        if p.type == "int":
            reads.append(f"long {name} = in.nextLong();")
        elif p.type == "str":
            reads.append(f"String {name} = in.next();")
        elif p.type == "int[]":
            reads.append(f"long[] {name} = new long[{n(p.len)}];")
            reads.append(f"for (int i = 0; i < {name}.length; i++) {name}[i] = in.nextLong();")
        elif p.type == "str[]":
            reads.append(f"String[] {name} = new String[{n(p.len)}];")
            reads.append(f"for (int i = 0; i < {name}.length; i++) {name}[i] = in.next();")
        else:
            reads.append(f"long[][] {name} = new long[{n(p.rows)}][{n(p.cols)}];")
            reads.append(f"for (long[] row : {name})")
            reads.append("    for (int j = 0; j < row.length; j++) row[j] = in.nextLong();")
    call = ", ".join(camel(p.name) for p in sig.params)
    fn = camel(sig.function)
    prints = {
        "int": "out.println(result);",
        "str": "out.println(result);",
        "float": 'out.printf("%.6f%n", result);',
        "int[]": "StringBuilder sb = new StringBuilder();\n"
        "        for (int i = 0; i < result.length; i++) "
        'sb.append(i > 0 ? " " : "").append(result[i]);\n'
        "        out.println(sb);",
        "str[]": "for (String s : result) out.println(s);",
        "int[][]": "for (long[] row : result) {\n"
        "            StringBuilder sb = new StringBuilder();\n"
        "            for (int i = 0; i < row.length; i++) "
        'sb.append(i > 0 ? " " : "").append(row[i]);\n'
        "            out.println(sb);\n        }",
    }
    defaults = {
        "int": "0",
        "str": '""',
        "float": "0.0",
        "int[]": "new long[0]",
        "str[]": "new String[0]",
        "int[][]": "new long[0][]",
    }
    params = ", ".join(f"{_JAVA_TYPES[p.type]} {camel(p.name)}" for p in sig.params)
    body = "\n".join("        " + line for line in reads)
    return f"""import java.io.*;
import java.util.*;

public class Main {{
    // {MARK}
    static {_JAVA_TYPES[sig.returns]} {fn}({params}) {{
        return {defaults[sig.returns]};
    }}

    public static void main(String[] args) throws IOException {{
        FastReader in = new FastReader(System.in);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
{body}
        {_JAVA_TYPES[sig.returns]} result = {fn}({call});
        {prints[sig.returns]}
        out.flush();
    }}

    static final class FastReader {{
        private final BufferedReader reader;
        private StringTokenizer tokens = new StringTokenizer("");

        FastReader(InputStream stream) {{
            reader = new BufferedReader(new InputStreamReader(stream), 1 << 16);
        }}

        String next() throws IOException {{
            while (!tokens.hasMoreTokens()) {{
                String line = reader.readLine();
                if (line == null) return "";
                tokens = new StringTokenizer(line);
            }}
            return tokens.nextToken();
        }}

        long nextLong() throws IOException {{
            return Long.parseLong(next());
        }}
    }}
}}
"""


# -- JavaScript / TypeScript --------------------------------------------------------------------
_TS_TYPES = {
    "int": "number",
    "str": "string",
    "float": "number",
    "int[]": "number[]",
    "str[]": "string[]",
    "int[][]": "number[][]",
}


def _script(sig: Signature, typed: bool) -> str:
    def ann(kind: str) -> str:
        return f": {_TS_TYPES[kind]}" if typed else ""

    def n(value: str | int | None) -> str:
        return _size(value, camel)

    reads = []
    for p in sig.params:
        name = camel(p.name)
        if p.type == "int":
            reads.append(f"const {name} = Number(next());")
        elif p.type == "str":
            reads.append(f"const {name} = next();")
        elif p.type == "int[]":
            reads.append(
                f"const {name} = Array.from({{ length: {n(p.len)} }}, () => Number(next()));"
            )
        elif p.type == "str[]":
            reads.append(f"const {name} = Array.from({{ length: {n(p.len)} }}, () => next());")
        else:
            reads.append(f"const {name} = Array.from({{ length: {n(p.rows)} }}, () =>")
            reads.append(f"  Array.from({{ length: {n(p.cols)} }}, () => Number(next())),")
            reads.append(");")
    prints = {
        "int": "console.log(String(result));",
        "str": "console.log(result);",
        "float": "console.log(result.toFixed(6));",
        "int[]": 'console.log(result.join(" "));',
        "str[]": 'process.stdout.write(result.map((s) => s + "\\n").join(""));',
        "int[][]": 'process.stdout.write(result.map((row) => row.join(" ") + "\\n").join(""));',
    }
    defaults = {"int": "0", "str": '""', "float": "0", "int[]": "[]", "str[]": "[]"}
    params = ", ".join(f"{camel(p.name)}{ann(p.type)}" for p in sig.params)
    fn = camel(sig.function)
    body = "\n".join("  " + line for line in reads)
    header = 'import * as fs from "fs";\n' if typed else 'const fs = require("fs");\n'
    next_ann = ": string" if typed else ""
    return f"""{header}
// {MARK}
function {fn}({params}){ann(sig.returns)} {{
  return {defaults.get(sig.returns, "[]")};
}}

function main(){": void" if typed else ""} {{
  const tokens = fs.readFileSync(0, "utf8").split(/\\s+/).filter((t) => t.length > 0);
  let pos = 0;
  const next = (){next_ann} => tokens[pos++];
{body}
  const result = {fn}({", ".join(camel(p.name) for p in sig.params)});
  {prints[sig.returns]}
}}

main();
"""


def javascript(sig: Signature) -> str:
    return _script(sig, typed=False)


def typescript(sig: Signature) -> str:
    return _script(sig, typed=True)


# -- Go -----------------------------------------------------------------------------------------
_GO_TYPES = {
    "int": "int",
    "str": "string",
    "float": "float64",
    "int[]": "[]int",
    "str[]": "[]string",
    "int[][]": "[][]int",
}


def go(sig: Signature) -> str:
    def n(value: str | int | None) -> str:
        return _size(value, camel)

    reads = []
    for p in sig.params:
        name = camel(p.name)
        if p.type == "int":
            reads.append(f"{name} := readInt()")
        elif p.type == "str":
            reads.append(f"{name} := readToken()")
        elif p.type in ("int[]", "str[]"):
            reader = "readInt()" if p.type == "int[]" else "readToken()"
            reads.append(f"{name} := make({_GO_TYPES[p.type]}, {n(p.len)})")
            reads.append(f"for i := range {name} {{")
            reads.append(f"\t{name}[i] = {reader}")
            reads.append("}")
        else:
            reads.append(f"{name} := make([][]int, {n(p.rows)})")
            reads.append(f"for i := range {name} {{")
            reads.append(f"\t{name}[i] = make([]int, {n(p.cols)})")
            reads.append(f"\tfor j := range {name}[i] {{")
            reads.append(f"\t\t{name}[i][j] = readInt()")
            reads.append("\t}")
            reads.append("}")
    prints = {
        "int": "fmt.Fprintln(out, result)",
        "str": "fmt.Fprintln(out, result)",
        "float": 'fmt.Fprintf(out, "%.6f\\n", result)',
        "int[]": "fmt.Fprintln(out, joinInts(result))",
        "str[]": "for _, s := range result {\n\t\tfmt.Fprintln(out, s)\n\t}",
        "int[][]": "for _, row := range result {\n\t\tfmt.Fprintln(out, joinInts(row))\n\t}",
    }
    defaults = {"int": "0", "str": '""', "float": "0", "int[]": "[]int{}", "str[]": "[]string{}"}
    params = ", ".join(f"{camel(p.name)} {_GO_TYPES[p.type]}" for p in sig.params)
    fn = camel(sig.function)
    body = "\n".join("\t" + line for line in reads)
    return f"""package main

import (
\t"bufio"
\t"fmt"
\t"os"
\t"strconv"
\t"strings"
)

// {fn}: {MARK}
func {fn}({params}) {_GO_TYPES[sig.returns]} {{
\treturn {defaults.get(sig.returns, "[][]int{}")}
}}

var scanner = bufio.NewScanner(os.Stdin)

func readToken() string {{
\tscanner.Scan()
\treturn scanner.Text()
}}

func readInt() int {{
\tx, _ := strconv.Atoi(readToken())
\treturn x
}}

func joinInts(values []int) string {{
\tparts := make([]string, len(values))
\tfor i, v := range values {{
\t\tparts[i] = strconv.Itoa(v)
\t}}
\treturn strings.Join(parts, " ")
}}

func main() {{
\tscanner.Buffer(make([]byte, 1<<20), 1<<26)
\tscanner.Split(bufio.ScanWords)
\tout := bufio.NewWriter(os.Stdout)
\tdefer out.Flush()
{body}
\tresult := {fn}({", ".join(camel(p.name) for p in sig.params)})
\t{prints[sig.returns]}
}}
"""


# -- Rust ---------------------------------------------------------------------------------------
_RS_TYPES = {
    "int": "i64",
    "str": "String",
    "float": "f64",
    "int[]": "Vec<i64>",
    "str[]": "Vec<String>",
    "int[][]": "Vec<Vec<i64>>",
}


def rust(sig: Signature) -> str:
    def n(value: str | int | None) -> str:
        return _size(value, lambda name: f"{name} as usize")

    reads = []
    for p in sig.params:
        if p.type == "int":
            reads.append(f"let {p.name}: i64 = next().parse().unwrap();")
        elif p.type == "str":
            reads.append(f"let {p.name}: String = next().to_string();")
        elif p.type == "int[]":
            reads.append(
                f"let {p.name}: Vec<i64> = (0..{n(p.len)}).map(|_| next().parse().unwrap())"
                ".collect();"
            )
        elif p.type == "str[]":
            reads.append(
                f"let {p.name}: Vec<String> = (0..{n(p.len)}).map(|_| next().to_string())"
                ".collect();"
            )
        else:
            reads.append(f"let {p.name}: Vec<Vec<i64>> = (0..{n(p.rows)})")
            reads.append(
                f"    .map(|_| (0..{n(p.cols)}).map(|_| next().parse().unwrap()).collect())"
            )
            reads.append("    .collect();")
    prints = {
        "int": 'writeln!(out, "{}", result).unwrap();',
        "str": 'writeln!(out, "{}", result).unwrap();',
        "float": 'writeln!(out, "{:.6}", result).unwrap();',
        "int[]": "let line: Vec<String> = result.iter().map(|x| x.to_string()).collect();\n"
        '    writeln!(out, "{}", line.join(" ")).unwrap();',
        "str[]": 'for s in &result {\n        writeln!(out, "{}", s).unwrap();\n    }',
        "int[][]": "for row in &result {\n"
        "        let line: Vec<String> = row.iter().map(|x| x.to_string()).collect();\n"
        '        writeln!(out, "{}", line.join(" ")).unwrap();\n    }',
    }
    defaults = {"int": "0", "str": "String::new()", "float": "0.0"}
    params = ", ".join(f"{p.name}: {_RS_TYPES[p.type]}" for p in sig.params)
    body = "\n".join("    " + line for line in reads)
    return f"""use std::io::{{self, Read, Write}};

// {MARK}
#[allow(unused_variables)]
fn {sig.function}({params}) -> {_RS_TYPES[sig.returns]} {{
    {defaults.get(sig.returns, "Vec::new()")}
}}

fn main() {{
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let mut next = || tokens.next().unwrap_or("");
{body}
    let result = {sig.function}({", ".join(p.name for p in sig.params)});
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    {prints[sig.returns]}
}}
"""


GENERATORS: dict[str, Callable[[Signature], str]] = {
    "python": python,
    "c": c,
    "cpp": cpp,
    "java": java,
    "javascript": javascript,
    "typescript": typescript,
    "go": go,
    "rust": rust,
}
assert set(GENERATORS) == set(LANGUAGES)


def starters(sig: Signature) -> dict[str, str]:
    """Language key → starter source."""
    return {key: make(sig) for key, make in GENERATORS.items()}
