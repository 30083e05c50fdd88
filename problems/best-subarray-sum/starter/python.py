import sys


def best_sum(n: int, a: list[int]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    a = [int(next(tokens)) for _ in range(n)]
    result = best_sum(n, a)
    print(result)


if __name__ == "__main__":
    main()
