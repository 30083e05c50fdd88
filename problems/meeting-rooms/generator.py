"""python3 generator.py N SEED: N meetings, many sharing start/end times."""

import random
import sys

EXAMPLES = ["3\n0 30\n5 10\n15 20\n", "2\n7 10\n2 4\n"]
EDGE_CASES = ["1\n0 1\n", "2\n1 5\n5 10\n", "3\n1 2\n1 2\n1 2\n", "4\n1 10\n2 3\n3 4\n4 5\n", "3\n0 1000000000\n0 1\n999999999 1000000000\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    span = rng.choice([20, n, 10**9])
    lines = []
    for _ in range(n):
        s = rng.randint(0, span - 1)
        e = min(span, s + rng.randint(1, max(1, span // 10)))
        lines.append(f"{s} {e}")
    return f"{n}\n" + "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
