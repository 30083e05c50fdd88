"""python3 generator.py N SEED: a string of length N over a random small alphabet."""

import random
import string
import sys

EXAMPLES = ["abcabcbb\n", "bbbbb\n", "pwwkew\n"]
EDGE_CASES = ["a\n", "abba\n", "tmmzuxt\n", "abcdefghijklmnopqrstuvwxyz0123456789\n", "dvdf\n", "abcbdaefg\n"]
HIDDEN_SIZES = [20, 200, 5000]  # larger ones: [[generated]] in problem.toml
ALPHABET = string.ascii_lowercase + string.digits


def generate(n: int, rng: random.Random) -> str:
    k = rng.randint(2, len(ALPHABET))
    letters = rng.sample(ALPHABET, k)
    return "".join(rng.choice(letters) for _ in range(n)) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
