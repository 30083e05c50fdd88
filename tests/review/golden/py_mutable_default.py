# Mutable default argument: `path` keeps every node ever visited, so later finds re-point
# nodes of other groups at the wrong root.
import sys


def find(parent: list[int], x: int, path: list[int] = []) -> int:  # noqa: B006
    while parent[x] != x:
        path.append(x)
        x = parent[x]
    for node in path:
        parent[node] = x
    return x


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    parent = list(range(n + 1))
    groups = n
    out = []
    for i in range(m):
        a = find(parent, int(data[2 + 2 * i]))
        b = find(parent, int(data[3 + 2 * i]))
        if a != b:
            parent[a] = b
            groups -= 1
        out.append(groups)
    print(" ".join(map(str, out)))


main()
