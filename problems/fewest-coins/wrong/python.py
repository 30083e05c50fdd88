# Greedy: always take the largest coin that still fits. Works for 1, 2, 5 but not for 1, 3, 4.
import sys

data = list(map(int, sys.stdin.read().split()))
k, amount = data[0], data[1]
coins = sorted(data[2 : 2 + k], reverse=True)
count = 0
for coin in coins:
    count += amount // coin
    amount %= coin
print(count if amount == 0 else -1)
