import sys


def min_capacity(n: int, days: int, w: list[int]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    days = int(next(tokens))
    w = [int(next(tokens)) for _ in range(n)]
    result = min_capacity(n, days, w)
    print(result)


if __name__ == "__main__":
    main()
