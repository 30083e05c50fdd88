"""python3 generator.py N SEED: pairs of values plus one lonely value, shuffled."""

import random
import sys

EXAMPLES = ["5\n4 1 2 1 2\n", "3\n7 3 3\n"]
EDGE_CASES = ["1\n0\n", "1\n2147483647\n", "3\n5 5 9\n", "7\n1 2 3 4 3 2 1\n"]
HIDDEN_SIZES = [11, 101, 1001]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    pairs = n // 2
    values = [rng.randrange(2**31) for _ in range(pairs)]
    a = values + values + [rng.randrange(2**31)]
    while a[-1] in set(values):
        a[-1] = rng.randrange(2**31)
    rng.shuffle(a)
    return f"{len(a)}\n{' '.join(map(str, a))}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
