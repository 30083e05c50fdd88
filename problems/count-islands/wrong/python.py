# Recursive flood fill: right on small maps, but deep recursion crashes on large islands.
import sys

sys.setrecursionlimit(10000)
data = sys.stdin.read().split()
r, c = int(data[0]), int(data[1])
grid = [list(row) for row in data[2 : 2 + r]]


def fill(i: int, j: int) -> None:
    if 0 <= i < r and 0 <= j < c and grid[i][j] == "#":
        grid[i][j] = "."
        fill(i + 1, j)
        fill(i - 1, j)
        fill(i, j + 1)
        fill(i, j - 1)


count = 0
for i in range(r):
    for j in range(c):
        if grid[i][j] == "#":
            count += 1
            fill(i, j)
print(count)
