import sys

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
links = sorted(range(m), key=lambda i: data[4 + 3 * i])
parent = list(range(n + 1))


def find(x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


total, joined = 0, 1
for i in links:
    a, b = find(data[2 + 3 * i]), find(data[3 + 3 * i])
    if a != b:
        parent[a] = b
        total += data[4 + 3 * i]
        joined += 1
print(total if joined == n else -1)
