"""python3 generator.py N SEED: a value near N (sometimes exactly a prime)."""

import random
import sys

EXAMPLES = ["10\n", "20\n"]
EDGE_CASES = ["1\n", "2\n", "3\n", "4\n", "97\n", "10000000\n", "9999991\n"]
HIDDEN_SIZES = [1000, 10000, 1000000, 5000000]


def generate(n: int, rng: random.Random) -> str:
    value = max(1, min(10**7, rng.randint(n // 2, n)))
    if rng.random() < 0.5:  # make it prime so "< n" and "<= n" differ
        while value > 2 and any(value % d == 0 for d in range(2, int(value**0.5) + 1)):
            value -= 1
    return f"{value}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
