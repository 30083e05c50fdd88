import sys


def window_maxima(n: int, k: int, a: list[int]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    k = int(next(tokens))
    a = [int(next(tokens)) for _ in range(n)]
    result = window_maxima(n, k, a)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
