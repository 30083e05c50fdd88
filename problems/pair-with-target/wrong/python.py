# Plausible but too slow: checks every pair, O(n^2).
import sys

data = sys.stdin.read().split()
n = int(data[0])
nums = [int(x) for x in data[1 : 1 + n]]
target = int(data[1 + n])
for j in range(n):
    for i in range(j):
        if nums[i] + nums[j] == target:
            print(i + 1, j + 1)
            sys.exit(0)
print(-1)
