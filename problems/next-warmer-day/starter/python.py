import sys


def days_to_wait(n: int, t: list[int]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    t = [int(next(tokens)) for _ in range(n)]
    result = days_to_wait(n, t)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
