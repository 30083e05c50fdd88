"""python3 generator.py N SEED: n parcel weights and a day count."""

import random
import sys

EXAMPLES = ["10 5\n1 2 3 4 5 6 7 8 9 10\n", "5 2\n3 2 2 4 1\n"]
EDGE_CASES = ["1 1\n7\n", "3 3\n1 9 1\n", "4 1\n5 5 5 5\n", "3 2\n1000000000 1000000000 1000000000\n", "6 3\n1 1 1 1 1 100\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    days = rng.randint(1, n)
    top = rng.choice([10, 1000, 10**9])
    w = [rng.randint(1, top) for _ in range(n)]
    return f"{n} {days}\n{' '.join(map(str, w))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
