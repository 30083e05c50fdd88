import sys


def rooms_needed(n: int, meetings: list[list[int]]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    meetings = [[int(next(tokens)) for _ in range(2)] for _ in range(n)]
    result = rooms_needed(n, meetings)
    print(result)


if __name__ == "__main__":
    main()
