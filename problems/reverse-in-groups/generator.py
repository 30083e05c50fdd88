"""python3 generator.py N SEED: n values and a block size k (often not dividing n)."""

import random
import sys

EXAMPLES = ["5 2\n1 2 3 4 5\n", "6 3\n10 20 30 40 50 60\n"]
EDGE_CASES = ["1 1\n42\n", "4 4\n1 2 3 4\n", "3 4\n1 2 3\n".replace("3 4", "3 3"), "7 1\n7 6 5 4 3 2 1\n", "7 3\n1 2 3 4 5 6 7\n", "8 5\n-1 -2 -3 -4 -5 -6 -7 -8\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    k = rng.choice([1, 2, rng.randint(1, n), max(1, n // 3 + 1)])
    values = [rng.randint(-10**9, 10**9) for _ in range(n)]
    return f"{n} {k}\n{' '.join(map(str, values))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
