"""python3 generator.py N SEED: a bracket string of length ~N, balanced or slightly broken."""

import random
import sys

EXAMPLES = ["([]{})\n", "([)]\n", "{[]}()\n"]
EDGE_CASES = ["(\n", ")\n", "()\n", "}{\n", "{[()()]}[]\n", "(((([[[[{{{{}}}}]]]])))))\n", "[(])\n"]
HIDDEN_SIZES = [10, 1000]  # larger ones: [[generated]] in problem.toml


def generate(n: int, rng: random.Random) -> str:
    pairs = {"(": ")", "[": "]", "{": "}"}
    out, stack = [], []
    while len(out) + len(stack) < n:
        if stack and (rng.random() < 0.5 or len(out) + 2 * len(stack) >= n):
            out.append(pairs[stack.pop()])
        else:
            c = rng.choice("([{")
            stack.append(c)
            out.append(c)
    out += [pairs[c] for c in reversed(stack)]
    if rng.random() < 0.5 and len(out) > 2:
        i = rng.randrange(len(out))
        out[i] = rng.choice([c for c in "()[]{}" if c != out[i]])
    return "".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]), random.Random(int(sys.argv[2]))))
