"""python3 generator.py N SEED: N mixed put/get operations over a key range near capacity."""

import random
import sys

EXAMPLES = ["2 6\n1 1 10\n1 2 20\n1 3 30\n2 1 0\n2 2 0\n2 3 0\n", "1 3\n1 5 1\n1 5 2\n2 5 0\n"]
EDGE_CASES = ["2 7\n1 1 10\n1 2 20\n2 1 0\n1 3 30\n2 2 0\n2 3 0\n2 1 0\n", "1 1\n2 7 0\n", "1 4\n1 1 1\n1 2 2\n2 1 0\n2 2 0\n", "2 6\n1 1 1\n1 2 2\n1 1 5\n1 3 3\n2 2 0\n2 1 0\n", "3 1\n1 0 0\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    capacity = rng.randint(1, max(1, min(100000, n // 4)))
    keys = max(2, int(capacity * rng.uniform(1.1, 3)))
    ops = []
    for _ in range(n):
        x = rng.randrange(keys)
        if rng.random() < 0.5:
            ops.append(f"1 {x} {rng.randint(0, 10**9)}")
        else:
            ops.append(f"2 {x} 0")
    return f"{capacity} {n}\n" + "\n".join(ops) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
