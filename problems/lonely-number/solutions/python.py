import sys
from functools import reduce
from operator import xor

data = sys.stdin.buffer.read().split()
n = int(data[0])
print(reduce(xor, map(int, data[1 : 1 + n]), 0))
