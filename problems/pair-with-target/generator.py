"""python3 generator.py N SEED: n values in a small or wide range and a reachable target."""

import random
import sys

EXAMPLES = ["5\n2 7 11 15 -3\n9\n", "4\n3 3 4 5\n10\n"]
EDGE_CASES = [
    "1\n5\n10\n",
    "2\n5 5\n10\n",
    "2\n-1000000000 -1000000000\n-2000000000\n",
    "6\n1 2 3 4 5 6\n11\n",
    "6\n4 1 4 3 0 4\n4\n",
    "3\n0 0 0\n1\n",
]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    n = max(2, n)
    wide = rng.random() < 0.5
    bound = 10**9 if wide else max(10, n)
    values = [rng.randint(-bound, bound) for _ in range(n)]
    if rng.random() < 0.8:
        i, j = sorted(rng.sample(range(n), 2))
        target = values[i] + values[j]
    else:
        target = 2 * bound + 1  # unreachable
    return f"{n}\n{' '.join(map(str, values))}\n{target}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
