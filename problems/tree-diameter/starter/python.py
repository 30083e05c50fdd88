import sys


def diameter(n: int, level: list[int]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    level = [int(next(tokens)) for _ in range(n)]
    result = diameter(n, level)
    print(result)


if __name__ == "__main__":
    main()
