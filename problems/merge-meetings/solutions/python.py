import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
slots = sorted(zip(data[1 : 1 + 2 * n : 2], data[2 : 2 + 2 * n : 2]))
merged: list[list[int]] = []
for l, r in slots:
    if merged and l <= merged[-1][1]:
        merged[-1][1] = max(merged[-1][1], r)
    else:
        merged.append([l, r])
sys.stdout.write("".join(f"{l} {r}\n" for l, r in merged))
