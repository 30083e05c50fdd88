"""python3 generator.py N SEED: a random binary tree with ~N nodes in level order."""

import random
import sys

EXAMPLES = ["5\n1 2 3 4 5\n", "7\n1 2 3 -1 -1 4 5\n"]
EDGE_CASES = ["9\n1 2 -1 3 4 5 -1 -1 6\n", "1\n7\n", "3\n1 -1 2\n", "7\n1 2 3 4 5 6 7\n", "11\n0 1 -1 2 -1 3 -1 4 -1 5 -1\n", "13\n1 2 3 4 5 -1 -1 6 -1 -1 7 -1 -1\n"]
HIDDEN_SIZES = [10, 100, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    n = max(1, n)
    shape = rng.choice(["random", "chain", "zigzag"])
    children: list[list[int]] = [[-1, -1] for _ in range(n)]
    for v in range(1, n):
        if shape == "random":
            while True:
                p, side = rng.randrange(v), rng.randrange(2)
                if children[p][side] == -1:
                    break
        else:
            p = v - 1
            side = 0 if shape == "chain" else rng.randrange(2)
            if v > 2 and rng.random() < 0.01:  # a few side branches
                p = rng.randrange(v - 1)
                if children[p][0] != -1 and children[p][1] != -1:
                    p = v - 1
                side = 0 if children[p][0] == -1 else 1
        children[p][side] = v
    tokens, queue = [str(rng.randint(0, 10**9))], [0]
    for node in queue:
        for child in children[node]:
            tokens.append(str(child if child == -1 else rng.randint(0, 10**9)))
            if child != -1:
                queue.append(child)
    while tokens[-1] == "-1":
        tokens.pop()
    return f"{len(tokens)}\n{' '.join(tokens)}\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
