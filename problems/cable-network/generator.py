"""python3 generator.py N SEED: N offices and ~2N candidate cables."""

import random
import sys

EXAMPLES = ["4 5\n1 2 3\n2 3 1\n3 4 4\n1 4 2\n1 3 5\n", "3 3\n1 2 1\n2 3 2\n1 3 9\n"]
EDGE_CASES = ["1 0\n", "2 0\n", "3 1\n1 2 5\n", "2 3\n1 2 7\n1 2 3\n2 1 9\n", "4 2\n1 2 1\n3 4 1\n", "3 3\n1 1 1\n1 2 1000000000\n2 3 1000000000\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    m = min(200000, 2 * n)
    top = rng.choice([10, 10**9])
    links = [(rng.randint(1, i - 1), i, rng.randint(1, top)) for i in range(2, n + 1)]
    if rng.random() < 0.25 and links:
        links.pop(rng.randrange(len(links)))  # maybe disconnected
    while len(links) < m:
        links.append((rng.randint(1, n), rng.randint(1, n), rng.randint(1, top)))
    rng.shuffle(links)
    return f"{n} {len(links)}\n" + "".join(f"{u} {v} {c}\n" for u, v, c in links)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
