"""Execute round trip per kernel: hello world, median of N after warm-up.

Installs the kernelspecs into a temporary prefix, starts each kernel with jupyter_client, and
times execute_request -> execute_reply (output checked) with ``allow_stdin`` on, as JupyterLab
sends it. Prints readable lines, then one JSON line. ``python -m interview_kernels.bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from .install import install
from .spec import default_cache_dir

HELLO = {
    "python3": ('print("hello")', "python_ms"),
    "cpp": ('#include <iostream>\nint main() { std::cout << "hello" << std::endl; }', "cpp_ms"),
    "java": (
        "public class Main {\n"
        '  public static void main(String[] a) { System.out.println("hello"); }\n}',
        "java_ms",
    ),
    "go": ('package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }', "go_ms"),
    "javascript": ('console.log("hello")', "js_ms"),
    "typescript": ('const s: string = "hello";\nconsole.log(s)', "ts_ms"),
    "c": ('#include <stdio.h>\nint main(void) { puts("hello"); }', "c_ms"),
    "rust": ('fn main() { println!("hello"); }', "rust_ms"),
}
GOALS = {"python3": 15, "cpp": 400, "java": 500, "go": 300, "javascript": 100, "typescript": 100}


def time_kernel(name: str, code: str, runs: int, warmup: int) -> tuple[list[float], list[float]]:
    """Samples for the same cell again and again, and for a cell edited before each run."""
    manager, client = start_new_kernel(kernel_name=name, startup_timeout=120)
    comment = "#" if name == "python3" else "//"
    try:
        samples: list[float] = []
        edited: list[float] = []
        for i in range(warmup + runs + runs // 2):
            # the last runs edit the cell, as a candidate does: no build cache hit (Go)
            edit = f"\n{comment} edit {i} {time.time()}"
            code_i = code + edit if i >= warmup + runs else code
            out: list[str] = []

            def hook(msg: dict[str, object], out: list[str] = out) -> None:
                content = msg["content"]
                if msg["msg_type"] == "stream" and isinstance(content, dict):
                    out.append(str(content["text"]))

            start = time.perf_counter()
            reply = client.execute_interactive(
                code_i, allow_stdin=True, output_hook=hook, timeout=120
            )
            elapsed = (time.perf_counter() - start) * 1000
            if reply["content"]["status"] != "ok" or "".join(out) != "hello\n":
                raise RuntimeError(f"{name}: unexpected result {reply['content']} {out}")
            if i >= warmup + runs:
                edited.append(elapsed)
            elif i >= warmup:
                samples.append(elapsed)
        return samples, edited
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    parser.add_argument("--languages", help="comma-separated kernel names (default: all)")
    args = parser.parse_args(argv)
    wanted = args.languages.split(",") if args.languages else list(HELLO)

    figures: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory(prefix="bench-kernels-") as prefix:
        installed, skipped = install(prefix=prefix, cache_dir=args.cache_dir)
        os.environ["JUPYTER_PATH"] = str(Path(prefix) / "share" / "jupyter")
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
        for name in wanted:
            code, key = HELLO[name]
            if name != "python3" and name not in installed:
                print(f"{name:11} skipped: {skipped.get(name, 'not installed')}", flush=True)
                figures[key] = None
                continue
            samples, edited = time_kernel(name, code, args.runs, args.warmup)
            median = statistics.median(samples)
            figures[key] = round(median, 1)
            goal = GOALS.get(name)
            verdict = (
                ""
                if goal is None
                else f" (goal ≤ {goal} ms: {'met' if median <= goal else 'MISSED'})"
            )
            print(
                f"{name:11} median {median:7.1f} ms  min {min(samples):7.1f}  "
                f"max {max(samples):7.1f}  over {len(samples)} runs{verdict}",
                flush=True,
            )
            print(
                f"{'':11} edited cell: median {statistics.median(edited):7.1f} ms "
                f"over {len(edited)} runs",
                flush=True,
            )
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
