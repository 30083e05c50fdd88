import sys


def find_pair(n: int, nums: list[int], target: int) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    nums = [int(next(tokens)) for _ in range(n)]
    target = int(next(tokens))
    result = find_pair(n, nums, target)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
