"""python3 generator.py N SEED: N scores and a window length."""

import random
import sys

EXAMPLES = ["5 2\n1 12 -5 6 10\n", "1 1\n5\n"]
EDGE_CASES = ["6 4\n1 12 -5 -6 50 3\n", "3 3\n-1 -2 -4\n", "5 2\n-3 -3 -3 -3 -3\n", "4 3\n1 2 3 5\n", "2 1\n-10000 10000\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    k = rng.randint(1, n)
    a = [rng.randint(-10**4, 10**4) for _ in range(n)]
    return f"{n} {k}\n{' '.join(map(str, a))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
