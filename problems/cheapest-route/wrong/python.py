# Breadth-first search that fixes a town's cost the first time it is reached: right when every
# road costs the same, wrong when a detour is cheaper than a direct road discovered earlier.
import sys
from collections import deque

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
adj: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
for i in range(m):
    u, v, w = data[2 + 3 * i : 5 + 3 * i]
    adj[u].append((v, w))
    adj[v].append((u, w))
dist = [-1] * (n + 1)
dist[1] = 0
queue = deque([1])
while queue:
    v = queue.popleft()
    for u, w in sorted(adj[v], key=lambda e: e[1]):
        if dist[u] == -1:
            dist[u] = dist[v] + w
            queue.append(u)
print(" ".join(map(str, dist[1:])))
