"""python3 generator.py N SEED: two related words of length ~N (one is an edited copy)."""

import random
import sys

EXAMPLES = ["horse\nros\n", "intention\nexecution\n"]
EDGE_CASES = ["a\na\n", "a\nb\n", "abc\nabcdef\n", "abcdef\nf\n", "kitten\nsitting\n", "zzzz\nzz\n"]
HIDDEN_SIZES = [10, 100, 500, 1500, 2000]


def generate(n: int, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"[: rng.randint(2, 26)]
    a = [rng.choice(letters) for _ in range(n)]
    b = list(a)
    for _ in range(rng.randint(0, n)):
        i = rng.randrange(len(b) + 1)
        op = rng.randrange(3)
        if op == 0 or len(b) < 2:
            b.insert(i, rng.choice(letters))
        elif op == 1:
            del b[min(i, len(b) - 1)]
        else:
            b[min(i, len(b) - 1)] = rng.choice(letters)
    return "".join(a) + "\n" + "".join(b[:2000]) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
