# Two heaps, but with an even count it reports the average of the two middle values (rounded
# down) instead of the lower median.
import heapq
import sys

data = sys.stdin.read().split()
n = int(data[0])
low: list[int] = []
high: list[int] = []
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
    out.append(-low[0] if len(low) > len(high) else (-low[0] + high[0]) // 2)
print(" ".join(map(str, out)))
