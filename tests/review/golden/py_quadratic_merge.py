# Correct but quadratic: every meeting is merged into the list of blocks by a linear scan.
import sys

data = sys.stdin.read().split()
n = int(data[0])
blocks: list[list[int]] = []
for i in range(n):
    lo, hi = int(data[1 + 2 * i]), int(data[2 + 2 * i])
    kept = []
    for block in blocks:
        if block[1] < lo or block[0] > hi:
            kept.append(block)
        else:
            lo, hi = min(lo, block[0]), max(hi, block[1])
    kept.append([lo, hi])
    blocks = kept
for lo, hi in sorted(blocks):
    print(lo, hi)
