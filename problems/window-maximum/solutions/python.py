import sys
from collections import deque

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
a = list(map(int, data[2 : 2 + n]))
window: deque[int] = deque()  # indices, values decreasing
out = []
for i, x in enumerate(a):
    while window and a[window[-1]] <= x:
        window.pop()
    window.append(i)
    if window[0] <= i - k:
        window.popleft()
    if i >= k - 1:
        out.append(a[window[0]])
print(" ".join(map(str, out)))
