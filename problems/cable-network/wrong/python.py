# Kruskal's algorithm that forgets to check that everything ended up connected.
import sys

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
links = sorted(range(m), key=lambda i: data[4 + 3 * i])
parent = list(range(n + 1))


def find(x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


total = 0
for i in links:
    a, b = find(data[2 + 3 * i]), find(data[3 + 3 * i])
    if a != b:
        parent[a] = b
        total += data[4 + 3 * i]
print(total)
