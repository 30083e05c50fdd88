import sys
from collections import OrderedDict

data = list(map(int, sys.stdin.read().split()))
capacity, q = data[0], data[1]
cache: OrderedDict[int, int] = OrderedDict()
out = []
for i in range(q):
    t, x, y = data[2 + 3 * i : 5 + 3 * i]
    if t == 1:
        if x in cache:
            cache.move_to_end(x)
        elif len(cache) == capacity:
            cache.popitem(last=False)
        cache[x] = y
    elif x in cache:
        cache.move_to_end(x)
        out.append(cache[x])
    else:
        out.append(-1)
print(" ".join(map(str, out)))
