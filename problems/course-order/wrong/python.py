# Kahn's algorithm with a plain FIFO queue: a valid order, but not always the smallest one.
import sys
from collections import deque

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
out: list[list[int]] = [[] for _ in range(n + 1)]
indeg = [0] * (n + 1)
for i in range(m):
    a, b = data[2 + 2 * i], data[3 + 2 * i]
    out[a].append(b)
    indeg[b] += 1
queue = deque(v for v in range(1, n + 1) if indeg[v] == 0)
order = []
while queue:
    v = queue.popleft()
    order.append(v)
    for u in out[v]:
        indeg[u] -= 1
        if indeg[u] == 0:
            queue.append(u)
print(" ".join(map(str, order)) if len(order) == n else -1)
