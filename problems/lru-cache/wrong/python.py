# Evicts in insertion order: a get does not refresh the key (a FIFO cache, not LRU).
import sys

data = list(map(int, sys.stdin.read().split()))
capacity, q = data[0], data[1]
cache: dict[int, int] = {}
out = []
for i in range(q):
    t, x, y = data[2 + 3 * i : 5 + 3 * i]
    if t == 1:
        if x in cache:
            del cache[x]
        elif len(cache) == capacity:
            del cache[next(iter(cache))]
        cache[x] = y
    else:
        out.append(cache.get(x, -1))
print(" ".join(map(str, out)))
