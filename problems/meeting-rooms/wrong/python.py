# Sweeps start and end events but processes starts before ends at equal times, so back-to-back
# meetings are counted as overlapping.
import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
events = []
for i in range(n):
    events.append((data[1 + 2 * i], 0))
    events.append((data[2 + 2 * i], 1))
events.sort()
best = cur = 0
for _, kind in events:
    cur += 1 if kind == 0 else -1
    best = max(best, cur)
print(best)
