import sys


def cheapest_routes(n: int, m: int, roads: list[list[int]]) -> list[int]:
    # TODO: implement this function
    return []


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    m = int(next(tokens))
    roads = [[int(next(tokens)) for _ in range(3)] for _ in range(m)]
    result = cheapest_routes(n, m, roads)
    print(" ".join(map(str, result)))


if __name__ == "__main__":
    main()
