import sys


def network_cost(n: int, m: int, links: list[list[int]]) -> int:
    # TODO: implement this function
    return 0


def main() -> None:
    tokens = iter(sys.stdin.read().split())
    n = int(next(tokens))
    m = int(next(tokens))
    links = [[int(next(tokens)) for _ in range(3)] for _ in range(m)]
    result = network_cost(n, m, links)
    print(result)


if __name__ == "__main__":
    main()
