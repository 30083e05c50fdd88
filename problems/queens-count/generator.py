"""python3 generator.py N SEED: a board size between 1 and 11 (N is capped)."""

import random
import sys

EXAMPLES = ["4\n", "1\n"]
EDGE_CASES = ["2\n", "3\n", "5\n", "6\n", "7\n", "8\n", "9\n", "10\n", "11\n"]
HIDDEN_SIZES: list[int] = []


def generate(n: int, rng: random.Random) -> str:
    return f"{max(1, min(11, n - rng.randrange(2)))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
