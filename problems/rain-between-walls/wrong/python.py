# Correct formula, but recomputes both maxima for every column: O(n^2), too slow for n = 200000.
import sys

data = sys.stdin.read().split()
n = int(data[0])
h = list(map(int, data[1 : 1 + n]))
total = 0
for i in range(n):
    total += min(max(h[: i + 1]), max(h[i:])) - h[i]
print(total)
