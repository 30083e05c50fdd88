# Right on small inputs, wrong on large ones (a "fast path" that forgets negative blocks).
import sys

data = sys.stdin.read().split()
n = int(data[0])
a = list(map(int, data[1 : 1 + n]))
if n > 20000:
    print(sum(x for x in a if x > 0))
    sys.exit(0)
best, cur = a[0], 0
for x in a:
    cur = max(x, cur + x)
    best = max(best, cur)
print(best)
