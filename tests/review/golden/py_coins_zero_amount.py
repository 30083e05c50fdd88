# Unhandled empty case: no dp[0] = 0 base, so amount 0 reports -1 instead of 0 coins.
import sys

k, amount = map(int, sys.stdin.readline().split())
coins = list(map(int, sys.stdin.readline().split()))
INF = float("inf")
dp = [INF] * (amount + 1)
for c in coins:
    if c <= amount:
        dp[c] = 1
for a in range(1, amount + 1):
    for c in coins:
        if c < a and dp[a - c] + 1 < dp[a]:
            dp[a] = dp[a - c] + 1
print(dp[amount] if dp[amount] < INF else -1)
