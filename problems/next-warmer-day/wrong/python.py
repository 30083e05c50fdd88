# Scans forward from every day: right answers, but O(n^2) on long cooling spells.
import sys

data = sys.stdin.read().split()
n = int(data[0])
t = list(map(int, data[1 : 1 + n]))
wait = [0] * n
for i in range(n):
    for j in range(i + 1, n):
        if t[j] > t[i]:
            wait[i] = j - i
            break
print(" ".join(map(str, wait)))
