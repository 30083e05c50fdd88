import sys


def trapped_water(n: int, h: list[int]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    h = [int(next(tokens)) for _ in range(n)]
    result = trapped_water(n, h)
    print(result)


if __name__ == "__main__":
    main()
