import sys

n = int(sys.stdin.read())
full = (1 << n) - 1


def place(cols: int, left: int, right: int) -> int:
    if cols == full:
        return 1
    total = 0
    free = full & ~(cols | left | right)
    while free:
        bit = free & -free
        free ^= bit
        total += place(cols | bit, ((left | bit) << 1) & full, (right | bit) >> 1)
    return total


print(place(0, 0, 0))
