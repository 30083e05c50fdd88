"""python3 generator.py N SEED: N values and a window width (often large)."""

import random
import sys

EXAMPLES = ["8 3\n1 3 -1 -3 5 3 6 7\n", "3 1\n4 -2 9\n"]
EDGE_CASES = ["1 1\n-5\n", "5 5\n3 1 4 1 5\n", "6 2\n6 5 4 3 2 1\n", "6 3\n1 2 3 4 5 6\n", "4 2\n7 7 7 7\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    k = rng.choice([1, rng.randint(1, n), max(1, n // 2)])
    a = [rng.randint(-10**9, 10**9) for _ in range(n)]
    if rng.random() < 0.3:
        a.sort(reverse=True)
    return f"{n} {k}\n{' '.join(map(str, a))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
