import sys


def lonely(n: int, a: list[int]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    a = [int(next(tokens)) for _ in range(n)]
    result = lonely(n, a)
    print(result)


if __name__ == "__main__":
    main()
