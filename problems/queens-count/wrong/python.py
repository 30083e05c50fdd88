# Tries every permutation of columns and checks the diagonals afterwards: correct but n! work
# without pruning, hopeless for n = 11.
import sys
from itertools import permutations

n = int(sys.stdin.read())
count = 0
for cols in permutations(range(n)):
    if len({r + c for r, c in enumerate(cols)}) == n and len({r - c for r, c in enumerate(cols)}) == n:
        count += 1
print(count)
