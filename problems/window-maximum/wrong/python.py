# Takes max() of every window slice: O(n·k), too slow when the window is wide.
import sys

data = sys.stdin.read().split()
n, k = int(data[0]), int(data[1])
a = list(map(int, data[2 : 2 + n]))
print(" ".join(str(max(a[i : i + k])) for i in range(n - k + 1)))
