# Links the members themselves instead of their group roots: parent[b] = a loses b's old group.
import sys

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
parent = list(range(n + 1))


def find(x: int) -> int:
    while parent[x] != x:
        x = parent[x]
    return x


groups = n
out = []
for i in range(m):
    a, b = data[2 + 2 * i], data[3 + 2 * i]
    if find(a) != find(b):
        parent[b] = a
        groups -= 1
    out.append(groups)
print(" ".join(map(str, out)))
