"""python3 generator.py N SEED: n column heights (random, valley or mountain shaped)."""

import random
import sys

EXAMPLES = ["12\n0 1 0 2 1 0 1 3 2 1 2 1\n", "6\n4 2 0 3 2 5\n"]
EDGE_CASES = ["1\n5\n", "2\n3 3\n", "3\n5 0 5\n", "5\n1 2 3 4 5\n", "5\n5 4 3 2 1\n", "3\n1000000000 0 1000000000\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    shape = rng.choice(["random", "valley", "mountain"])
    top = rng.choice([10, 10**4, 10**9])
    h = [rng.randint(0, top) for _ in range(n)]
    if shape == "valley":
        h = sorted(h[: n // 2], reverse=True) + sorted(h[n // 2 :])
    elif shape == "mountain":
        h = sorted(h[: n // 2]) + sorted(h[n // 2 :], reverse=True)
    return f"{n}\n{' '.join(map(str, h))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
