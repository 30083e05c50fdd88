import sys

data = list(map(int, sys.stdin.read().split()))
k, amount = data[0], data[1]
coins = data[2 : 2 + k]
INF = amount + 1
best = [0] + [INF] * amount
for coin in coins:  # unbounded knapsack, coin by coin
    for v in range(coin, amount + 1):
        if best[v - coin] + 1 < best[v]:
            best[v] = best[v - coin] + 1
print(best[amount] if best[amount] < INF else -1)
