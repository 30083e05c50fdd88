# Counts the occurrences of every value with list.count: right, but O(n^2).
import sys

data = sys.stdin.read().split()
n = int(data[0])
a = data[1 : 1 + n]
for x in a:
    if a.count(x) == 1:
        print(x)
        break
