"""python3 generator.py N SEED: N members and about N random friendships."""

import random
import sys

EXAMPLES = ["5 4\n1 2\n3 4\n2 1\n2 3\n", "3 2\n1 1\n3 2\n"]
EDGE_CASES = ["1 1\n1 1\n", "2 1\n1 2\n", "4 3\n1 2\n3 4\n1 3\n", "6 5\n1 2\n2 3\n3 1\n4 5\n5 6\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    m = min(200000, max(1, int(n * rng.uniform(0.5, 1.5))))
    if rng.random() < 0.3:  # a long chain makes naive linking slow
        pairs = [(i, i + 1) for i in range(1, min(n, m + 1))]
        pairs += [(rng.randint(1, n), rng.randint(1, n)) for _ in range(m - len(pairs))]
    else:
        pairs = [(rng.randint(1, n), rng.randint(1, n)) for _ in range(m)]
    return f"{n} {m}\n" + "".join(f"{a} {b}\n" for a, b in pairs)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
