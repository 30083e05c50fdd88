"""python3 generator.py N SEED: an amount of about N and a few coin values."""

import random
import sys

EXAMPLES = ["3 11\n1 2 5\n", "1 3\n2\n"]
EDGE_CASES = ["1 0\n7\n", "3 6\n1 3 4\n", "2 7\n5 3\n", "3 30\n1 15 25\n", "2 50000\n49999 2\n", "4 1\n2 3 4 5\n"]
HIDDEN_SIZES = [10, 100, 1000, 30000, 50000]


def generate(n: int, rng: random.Random) -> str:
    amount = min(50000, n)
    k = rng.randint(1, 20)
    coins = rng.sample(range(2, max(3, min(50000, amount + 2))), min(k, max(1, amount)))
    return f"{len(coins)} {amount}\n{' '.join(map(str, coins))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
