import sys

data = list(map(int, sys.stdin.read().split()))
n, m = data[0], data[1]
parent = list(range(n + 1))
size = [1] * (n + 1)


def find(x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


groups = n
out = []
for i in range(m):
    a, b = find(data[2 + 2 * i]), find(data[3 + 2 * i])
    if a != b:
        if size[a] < size[b]:
            a, b = b, a
        parent[b] = a
        size[a] += size[b]
        groups -= 1
    out.append(groups)
print(" ".join(map(str, out)))
