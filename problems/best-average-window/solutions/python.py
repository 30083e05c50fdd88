import sys

data = list(map(int, sys.stdin.read().split()))
n, k = data[0], data[1]
a = data[2 : 2 + n]
window = best = sum(a[:k])
for i in range(k, n):
    window += a[i] - a[i - k]
    best = max(best, window)
print(f"{best / k:.6f}")
