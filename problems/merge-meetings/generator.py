"""python3 generator.py N SEED: n slots, often overlapping or touching."""

import random
import sys

EXAMPLES = ["4\n1 3\n8 10\n2 6\n15 18\n", "3\n5 5\n1 4\n4 5\n"]
EDGE_CASES = ["1\n0 0\n", "2\n1 2\n3 4\n", "2\n1 10\n2 3\n", "3\n1 2\n2 3\n3 4\n", "2\n0 1000000000\n1000000000 1000000000\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    span = rng.choice([n * 3, n * 30, 10**9])
    lines = []
    for _ in range(n):
        l = rng.randint(0, span)
        r = min(10**9, l + rng.randint(0, max(1, span // max(1, n // 2))))
        lines.append(f"{l} {r}")
    return f"{n}\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
