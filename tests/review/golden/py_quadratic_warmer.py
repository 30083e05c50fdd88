# Correct but quadratic: scans forward from every day (O(n^2) on falling runs).
import sys

data = sys.stdin.read().split()
n = int(data[0])
t = list(map(int, data[1 : 1 + n]))
answer = []
for i in range(n):
    wait = 0
    for j in range(i + 1, n):
        if t[j] > t[i]:
            wait = j - i
            break
    answer.append(wait)
print(" ".join(map(str, answer)))
