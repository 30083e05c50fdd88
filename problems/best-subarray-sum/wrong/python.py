# Kadane with the classic wrong base case: the best sum starts at 0, so an all-negative input
# answers 0 (the empty run) instead of its largest element.
import sys

data = sys.stdin.read().split()
n = int(data[0])
best = current = 0
for x in map(int, data[1 : 1 + n]):
    current = max(0, current + x)
    best = max(best, current)
print(best)
