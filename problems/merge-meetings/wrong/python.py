# Compares each slot with the end of the previous *slot* instead of the end of the merged
# block so far: [1, 10], [2, 3], [5, 6] is split although [5, 6] lies inside [1, 10].
import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
slots = sorted(zip(data[1 : 1 + 2 * n : 2], data[2 : 2 + 2 * n : 2]))
merged: list[list[int]] = []
prev_r = -1
for l, r in slots:
    if merged and l <= prev_r:
        merged[-1][1] = max(merged[-1][1], r)
    else:
        merged.append([l, r])
    prev_r = r
sys.stdout.write("".join(f"{l} {r}\n" for l, r in merged))
