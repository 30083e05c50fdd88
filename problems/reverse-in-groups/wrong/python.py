# Reverses the short final block too.
import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
values = data[2 : 2 + n]
out: list[str] = []
for start in range(0, n, k):
    out += reversed(values[start : start + k])
print(" ".join(out))
