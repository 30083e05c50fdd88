# Searches from capacity 1 and never checks that a single parcel fits in the truck: a heavy
# parcel just "starts a new day", so capacities below max(w) look feasible.
import sys

data = list(map(int, sys.stdin.read().split()))
n, days = data[0], data[1]
w = data[2 : 2 + n]


def days_needed(cap: int) -> int:
    d, load = 1, 0
    for x in w:
        if load + x > cap:
            d += 1
            load = 0
        load += x
    return d


lo, hi = 1, sum(w)
while lo < hi:
    mid = (lo + hi) // 2
    if days_needed(mid) <= days:
        hi = mid
    else:
        lo = mid + 1
print(lo)
