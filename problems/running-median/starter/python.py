import sys


def running_median(n: int, a: list[int]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    a = [int(next(tokens)) for _ in range(n)]
    result = running_median(n, a)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
