import sys


def days_needed(w: list[int], cap: int) -> int:
    days, load = 1, 0
    for x in w:
        if load + x > cap:
            days += 1
            load = 0
        load += x
    return days


data = list(map(int, sys.stdin.read().split()))
n, days = data[0], data[1]
w = data[2 : 2 + n]
lo, hi = max(w), sum(w)
while lo < hi:
    mid = (lo + hi) // 2
    if days_needed(w, mid) <= days:
        hi = mid
    else:
        lo = mid + 1
print(lo)
