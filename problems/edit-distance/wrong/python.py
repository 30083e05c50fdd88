# Top-down recursion with memoisation: correct, but 4 million cached calls with deep recursion
# are far too slow (and too deep) for two 2000-letter words.
import sys
from functools import lru_cache

sys.setrecursionlimit(20000)
a, b = sys.stdin.read().split()[:2]


@lru_cache(maxsize=None)
def dist(i: int, j: int) -> int:
    if i == len(a):
        return len(b) - j
    if j == len(b):
        return len(a) - i
    if a[i] == b[j]:
        return dist(i + 1, j + 1)
    return 1 + min(dist(i + 1, j + 1), dist(i + 1, j), dist(i, j + 1))


print(dist(0, 0))
