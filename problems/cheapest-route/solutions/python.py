import heapq
import sys

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
adj: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
for i in range(m):
    u, v, w = data[2 + 3 * i : 5 + 3 * i]
    adj[u].append((v, w))
    adj[v].append((u, w))
INF = float("inf")
dist = [INF] * (n + 1)
dist[1] = 0
heap = [(0, 1)]
while heap:
    d, v = heapq.heappop(heap)
    if d > dist[v]:
        continue
    for u, w in adj[v]:
        if d + w < dist[u]:
            dist[u] = d + w
            heapq.heappush(heap, (d + w, u))
print(" ".join(str(d) if d != INF else "-1" for d in dist[1:]))
