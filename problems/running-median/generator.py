"""python3 generator.py N SEED: N numbers (random, sorted or with many repeats)."""

import random
import sys

EXAMPLES = ["5\n3 3 8 1 5\n", "4\n2 2 2 2\n"]
EDGE_CASES = ["5\n5 15 1 3 8\n", "1\n-5\n", "2\n10 -10\n", "6\n1 2 3 4 5 6\n", "6\n6 5 4 3 2 1\n", "3\n1000000000 -1000000000 0\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    top = rng.choice([5, 10**9])
    a = [rng.randint(-top, top) for _ in range(n)]
    if rng.random() < 0.3:
        a.sort()
    return f"{n}\n{' '.join(map(str, a))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
