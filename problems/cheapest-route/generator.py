"""python3 generator.py N SEED: N towns and ~2N roads with random costs."""

import random
import sys

EXAMPLES = ["4 4\n1 2 5\n1 3 1\n3 4 2\n2 4 4\n", "3 1\n2 3 7\n"]
EDGE_CASES = ["4 4\n1 2 5\n1 3 1\n3 2 2\n2 4 4\n", "1 0\n", "2 1\n1 1 5\n", "2 2\n1 2 9\n2 1 3\n", "3 2\n1 2 0\n2 3 0\n", "3 2\n1 2 1000000000\n2 3 1000000000\n", "5 6\n1 2 1\n2 3 1\n3 4 1\n4 5 1\n1 5 10\n1 3 3\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    m = min(200000, rng.randint(n - 1 if n > 1 else 0, 2 * n))
    top = rng.choice([10, 10**6, 10**9])
    roads = []
    for i in range(2, n + 1):  # a random tree keeps most towns reachable
        if len(roads) < m and rng.random() < 0.97:
            roads.append((rng.randint(1, i - 1), i, rng.randint(0, top)))
    while len(roads) < m:
        roads.append((rng.randint(1, n), rng.randint(1, n), rng.randint(0, top)))
    rng.shuffle(roads)
    return f"{n} {len(roads)}\n" + "".join(f"{u} {v} {w}\n" for u, v, w in roads)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
