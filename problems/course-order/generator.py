"""python3 generator.py N SEED: a DAG on N courses (sometimes with a cycle added)."""

import random
import sys

EXAMPLES = ["4 3\n1 2\n1 3\n3 4\n", "3 3\n1 2\n2 3\n3 1\n"]
EDGE_CASES = ["1 0\n", "3 0\n", "2 2\n2 1\n2 1\n", "5 2\n5 4\n4 3\n", "4 2\n3 2\n1 4\n", "6 5\n6 1\n6 2\n1 3\n2 3\n4 5\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    order = list(range(1, n + 1))
    rng.shuffle(order)
    m = min(200000, rng.randint(0, 2 * n))
    edges = []
    for _ in range(m):
        i, j = sorted(rng.sample(range(n), 2)) if n > 1 else (0, 0)
        if n > 1:
            edges.append((order[i], order[j]))
    if edges and rng.random() < 0.3:
        a, b = edges[rng.randrange(len(edges))]
        edges[rng.randrange(len(edges))] = (b, a)
    return f"{n} {len(edges)}\n" + "".join(f"{a} {b}\n" for a, b in edges)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
