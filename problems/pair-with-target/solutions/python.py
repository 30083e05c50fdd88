import sys


def find_pair(n: int, nums: list[int], target: int) -> list[int]:
    first: dict[int, int] = {}
    for j, value in enumerate(nums):
        i = first.get(target - value)
        if i is not None:
            return [i + 1, j + 1]
        first.setdefault(value, j)
    return [-1]


def main() -> None:
    data = sys.stdin.read().split()
    n = int(data[0])
    nums = [int(x) for x in data[1 : 1 + n]]
    target = int(data[1 + n])
    print(" ".join(map(str, find_pair(n, nums, target))))


main()
