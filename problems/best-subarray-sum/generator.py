"""python3 generator.py N SEED: n values, sometimes all negative."""

import random
import sys

EXAMPLES = ["8\n-2 1 -3 4 -1 2 1 -5\n", "3\n5 -9 6\n"]
EDGE_CASES = ["1\n-7\n", "1\n0\n", "4\n-3 -1 -4 -2\n", "5\n1000000000 1000000000 1000000000 -1 1000000000\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    negative = rng.random() < 0.3
    lo, hi = (-10**9, -1) if negative else (-10**9, 10**9)
    values = [rng.randint(lo, hi) for _ in range(n)]
    return f"{n}\n{' '.join(map(str, values))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
