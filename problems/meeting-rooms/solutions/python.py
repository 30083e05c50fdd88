import sys

data = list(map(int, sys.stdin.read().split()))
n = data[0]
events = []
for i in range(n):
    events.append((data[1 + 2 * i], 1))
    events.append((data[2 + 2 * i], -1))
events.sort()  # at equal times an end (-1) sorts before a start (+1)
best = cur = 0
for _, delta in events:
    cur += delta
    best = max(best, cur)
print(best)
