import heapq
import sys

data = sys.stdin.read().split()
n = int(data[0])
low: list[int] = []  # max-heap (negated): the smaller half, holds the median on top
high: list[int] = []  # min-heap: the larger half
out = []
for x in map(int, data[1 : 1 + n]):
    if low and x > -low[0]:
        heapq.heappush(high, x)
    else:
        heapq.heappush(low, -x)
    if len(low) > len(high) + 1:
        heapq.heappush(high, -heapq.heappop(low))
    elif len(high) > len(low):
        heapq.heappush(low, -heapq.heappop(high))
    out.append(-low[0])
print(" ".join(map(str, out)))
