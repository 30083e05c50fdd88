"""python3 generator.py N SEED: n temperatures (random, or long falling runs)."""

import random
import sys

EXAMPLES = ["8\n23 24 25 21 19 22 26 23\n", "4\n30 40 50 60\n"]
EDGE_CASES = ["1\n5\n", "5\n5 5 5 5 5\n", "5\n9 8 7 6 5\n", "6\n-100 100 -100 100 -100 100\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    if rng.random() < 0.4:  # long non-increasing runs punish O(n^2) scans
        t = sorted((rng.randint(-100, 100) for _ in range(n)), reverse=True)
        t[-1] = 100
    else:
        t = [rng.randint(-100, 100) for _ in range(n)]
    return f"{n}\n{' '.join(map(str, t))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
